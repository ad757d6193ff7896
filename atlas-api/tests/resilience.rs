//! Retries, Retry-After, time limits and response metadata, against a local server.

mod support;

use std::time::{Duration, Instant};

use atlas_api::{Error, RetryPolicy, TimeoutKind};
use support::{atlas_json, builder, fast_retries, group, server_answering, silent_server, GROUP};
use wiremock::ResponseTemplate;

#[tokio::test]
async fn two_503s_then_200_succeeds_on_the_third_attempt() {
    let unavailable = ResponseTemplate::new(503);
    let (server, calls) = server_answering(vec![unavailable.clone(), unavailable, atlas_json(200, group("p"))]).await;
    let client = builder(&server).retry(fast_retries()).build().unwrap();
    let project = client.projects().get_group(GROUP).await.expect("third attempt succeeds");
    assert_eq!(project.name, "p");
    assert_eq!(calls.get(), 3);
}

#[tokio::test]
async fn a_502_and_a_504_are_retried_too() {
    let (server, calls) =
        server_answering(vec![ResponseTemplate::new(502), ResponseTemplate::new(504), atlas_json(200, group("p"))])
            .await;
    let client = builder(&server).retry(fast_retries()).build().unwrap();
    client.projects().get_group(GROUP).await.expect("third attempt succeeds");
    assert_eq!(calls.get(), 3);
}

#[tokio::test]
async fn the_default_policy_makes_four_attempts_in_all() {
    assert_eq!(RetryPolicy::default().max_attempts, 4);
    let (server, calls) = server_answering(vec![ResponseTemplate::new(503)]).await;
    let client = builder(&server).retry(RetryPolicy::default().delays(Duration::ZERO, Duration::ZERO)).build().unwrap();
    let error = client.projects().get_group(GROUP).await.expect_err("always 503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(calls.get(), 4);
}

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let throttled = ResponseTemplate::new(429).insert_header("Retry-After", "2");
    let (server, calls) = server_answering(vec![throttled, atlas_json(200, group("p"))]).await;
    let client = builder(&server).retry(fast_retries()).build().unwrap();
    let started = Instant::now();
    client.projects().get_group(GROUP).await.expect("succeeds after waiting");
    assert!(started.elapsed() >= Duration::from_secs(2), "waited only {:?}", started.elapsed());
    assert_eq!(calls.get(), 2);
}

#[tokio::test]
async fn a_post_answered_503_is_not_retried_unless_asked() {
    let (server, calls) = server_answering(vec![ResponseTemplate::new(503), atlas_json(200, group("p"))]).await;
    let client = builder(&server).retry(fast_retries()).build().unwrap();
    let body = serde_json::from_value(group("p")).unwrap();
    let error = client.projects().create_group(body).await.expect_err("503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(calls.get(), 1, "POST is not idempotent");

    let (server, calls) = server_answering(vec![ResponseTemplate::new(503), atlas_json(200, group("p"))]).await;
    let client = builder(&server).retry(fast_retries().retry_non_idempotent(true)).build().unwrap();
    let body = serde_json::from_value(group("p")).unwrap();
    client.projects().create_group(body).await.expect("opted in");
    assert_eq!(calls.get(), 2);
}

#[tokio::test]
async fn other_4xx_are_not_retried_and_retries_can_be_off() {
    let (server, calls) = server_answering(vec![ResponseTemplate::new(400), atlas_json(200, group("p"))]).await;
    let client = builder(&server).retry(fast_retries()).build().unwrap();
    client.projects().get_group(GROUP).await.expect_err("400");
    assert_eq!(calls.get(), 1);

    let unavailable = ResponseTemplate::new(503).insert_header("Retry-After", "7").insert_header("X-Request-Id", "r1");
    let (server, calls) = server_answering(vec![unavailable, atlas_json(200, group("p"))]).await;
    let client = builder(&server).retry(RetryPolicy::none()).build().unwrap();
    let error = client.projects().get_group(GROUP).await.expect_err("no retries");
    assert_eq!(calls.get(), 1);
    // The final answer's headers stay on the error.
    let atlas_api::Error::Api(failure) = error else { panic!("{error:?}") };
    assert_eq!(failure.retry_after(), Some(std::time::Duration::from_secs(7)));
    assert_eq!(failure.headers.get("x-request-id").and_then(|v| v.to_str().ok()), Some("r1"));
}

/// A server that answers nothing within any test's time: only a time limit ends a call.
fn silent() -> ResponseTemplate {
    atlas_json(200, group("p")).set_delay(Duration::from_secs(600))
}

#[tokio::test]
async fn an_attempt_timeout_fires_and_is_retried() {
    let (server, calls) = server_answering(vec![silent()]).await;
    let client = builder(&server)
        .retry(fast_retries().max_attempts(2))
        .attempt_timeout(Some(Duration::from_millis(200)))
        .build()
        .unwrap();
    let error = client.projects().get_group(GROUP).await.expect_err("too slow");
    let Error::Timeout(timeout) = &error else { panic!("expected a timeout, got {error:?}") };
    assert_eq!((timeout.kind, timeout.limit), (TimeoutKind::Attempt, Duration::from_millis(200)));
    assert!(error.is_timeout());
    assert_eq!(calls.get(), 2, "a timed-out GET is retried");
}

#[tokio::test]
async fn an_overall_deadline_stops_the_retries() {
    // The deadline passes during the first attempt ...
    let (server, calls) = server_answering(vec![silent()]).await;
    let client = builder(&server)
        .retry(fast_retries().max_attempts(10))
        .attempt_timeout(None)
        .deadline(Some(Duration::from_millis(300)))
        .build()
        .unwrap();
    let error = client.projects().get_group(GROUP).await.expect_err("deadline");
    let Error::Timeout(timeout) = &error else { panic!("expected a timeout, got {error:?}") };
    assert_eq!((timeout.kind, timeout.limit), (TimeoutKind::Deadline, Duration::from_millis(300)));
    assert_eq!(calls.get(), 1);

    // ... or the wait before the second would pass it: the answer comes back at once.
    let (server, calls) = server_answering(vec![ResponseTemplate::new(503)]).await;
    let client = builder(&server)
        .retry(RetryPolicy::default().max_attempts(10).delays(Duration::from_secs(600), Duration::from_secs(600)))
        .deadline(Some(Duration::from_millis(300)))
        .build()
        .unwrap();
    let error = client.projects().get_group(GROUP).await.expect_err("deadline");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "{error:?}");
    assert_eq!(calls.get(), 1);
}

/// The default attempt timeout is 60 s: on tokio's paused clock, a call to a server that
/// never answers ends when the clock reaches it.
#[tokio::test(start_paused = true)]
async fn the_default_attempt_timeout_is_a_minute() {
    let client =
        atlas_api::Client::builder().base_url(silent_server().await).retry(RetryPolicy::none()).build().unwrap();
    let started = tokio::time::Instant::now();
    let error = client.projects().get_group(GROUP).await.expect_err("never answered");
    let Error::Timeout(timeout) = &error else { panic!("expected a timeout, got {error:?}") };
    assert_eq!((timeout.kind, timeout.limit), (TimeoutKind::Attempt, Duration::from_secs(60)));
    assert!(started.elapsed() >= Duration::from_secs(60), "{:?} on the paused clock", started.elapsed());
}

#[tokio::test]
async fn status_predicates_name_the_answers_callers_branch_on() {
    let cases =
        [(401, "unauthorized"), (403, "forbidden"), (404, "not_found"), (409, "conflict"), (429, "rate_limited")];
    for (status, name) in cases {
        let (server, _) = server_answering(vec![atlas_json(status, serde_json::json!({"errorCode": "X"}))]).await;
        let client = builder(&server).retry(RetryPolicy::none()).build().unwrap();
        let error = client.projects().get_group(GROUP).await.expect_err("an error status");
        let answers = [
            ("unauthorized", error.is_unauthorized()),
            ("forbidden", error.is_forbidden()),
            ("not_found", error.is_not_found()),
            ("conflict", error.is_conflict()),
            ("rate_limited", error.is_rate_limited()),
        ];
        for (predicate, holds) in answers {
            assert_eq!(holds, predicate == name, "{status}: is_{predicate}() is {holds}");
        }
    }
}

#[tokio::test]
async fn status_and_rate_limit_headers_come_with_the_body() {
    let answer =
        atlas_json(200, group("p")).insert_header("RateLimit-Limit", "100").insert_header("RateLimit-Remaining", "97");
    let (server, _) = server_answering(vec![answer]).await;
    let client = builder(&server).build().unwrap();
    let response = client.projects().get_group(GROUP).send_with_response().await.expect("ok");
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.rate_limit_limit(), Some(100));
    assert_eq!(response.rate_limit_remaining(), Some(97));
    assert_eq!(response.into_body().name, "p");
}
