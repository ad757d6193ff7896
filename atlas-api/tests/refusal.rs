//! The runtime under refusal and faults, against raw local servers: permission refusals,
//! a rate-limited or failing token endpoint, a revocation that never answers, numbers no
//! clock can hold, a 429 on a POST, a server that caps its page size, a poll that hangs.
#![cfg(all(feature = "projects", feature = "clusters", feature = "monitoring-and-logs"))]

mod support;

use std::future::IntoFuture;
use std::time::Duration;

use atlas_api::{Credentials, Error, RetryPolicy, WaitError};
use support::{atlas_json, builder, fast_retries, group, silent_server, Counter, GROUP};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A token endpoint answering `answers[n]` to its n-th request (the last one after that),
/// where `None` is a fresh token `tok-N` living an hour; the count of token requests.
async fn token_endpoint(server: &MockServer, answers: Vec<Option<ResponseTemplate>>) -> Counter {
    let requests = Counter::default();
    let seen = requests.clone();
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(move |_: &Request| {
            let n = seen.next();
            match answers.get(n).or(answers.last()).cloned().flatten() {
                Some(answer) => answer,
                None => ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({"access_token": format!("tok-{n}"), "expires_in": 3600})),
            }
        })
        .mount(server)
        .await;
    requests
}

fn service_account(server: &MockServer) -> atlas_api::ClientBuilder {
    builder(server).credentials(Credentials::service_account("mdb_sa_id", "mdb_sa_sk_secret"))
}

#[tokio::test]
async fn a_permission_refusal_fetches_no_token_per_call() {
    // Atlas answers 401 for a role the account lacks: twenty refused calls with a valid
    // token fetch one more token (in case the first was revoked), not twenty.
    let server = MockServer::start().await;
    let tokens = token_endpoint(&server, vec![None]).await;
    let refusal = serde_json::json!({"error": 401, "errorCode": "NOT_ORG_GROUP_CREATOR", "reason": "Unauthorized"});
    Mock::given(method("GET")).respond_with(atlas_json(401, refusal)).mount(&server).await;
    let client = service_account(&server).build().unwrap();
    for _ in 0..20 {
        let error = client.projects().get_group(GROUP).await.expect_err("refused");
        assert_eq!(error.error_code(), Some("NOT_ORG_GROUP_CREATOR"));
    }
    assert_eq!(tokens.get(), 2, "the first token and one replacement, for 20 refusals");
}

#[tokio::test]
async fn a_rate_limited_token_endpoint_is_not_asked_again_before_its_retry_after() {
    let server = MockServer::start().await;
    let tokens =
        token_endpoint(&server, vec![Some(ResponseTemplate::new(429).insert_header("Retry-After", "120"))]).await;
    Mock::given(method("GET")).respond_with(atlas_json(200, group("p"))).mount(&server).await;
    let client = service_account(&server).build().unwrap();
    let calls = (0..10).map(|_| tokio::spawn(client.projects().get_group(GROUP).into_future()));
    for call in futures_util::future::join_all(calls).await {
        let error = call.unwrap().expect_err("no token for two minutes");
        assert!(matches!(&error, Error::Auth(auth) if auth.status.map(|s| s.as_u16()) == Some(429)), "{error:?}");
    }
    assert_eq!(tokens.get(), 1, "ten waiting calls share the one refusal");
}

#[tokio::test]
async fn a_token_endpoint_fault_is_retried_as_the_apis_own() {
    let server = MockServer::start().await;
    let tokens = token_endpoint(&server, vec![Some(ResponseTemplate::new(503)), None]).await;
    Mock::given(method("GET")).respond_with(atlas_json(200, group("p"))).mount(&server).await;
    let client = service_account(&server).retry(fast_retries()).build().unwrap();
    client.projects().get_group(GROUP).await.expect("the 503 was transient");
    assert_eq!(tokens.get(), 2);
}

#[tokio::test]
async fn calls_waiting_on_a_token_request_that_fails_share_its_outcome() {
    // Ten calls need a token; the one request answers 503 after a moment. The nine that
    // waited for it fail with the same 503, instead of asking nine more times in a row.
    let server = MockServer::start().await;
    let slow_503 = ResponseTemplate::new(503).set_delay(Duration::from_millis(200));
    let tokens = token_endpoint(&server, vec![Some(slow_503)]).await;
    Mock::given(method("GET")).respond_with(atlas_json(200, group("p"))).mount(&server).await;
    let client = service_account(&server).retry(RetryPolicy::none()).build().unwrap();
    let calls = (0..10).map(|_| tokio::spawn(client.projects().get_group(GROUP).into_future()));
    for call in futures_util::future::join_all(calls).await {
        let error = call.unwrap().expect_err("no token");
        assert!(matches!(&error, Error::Auth(auth) if auth.status.map(|s| s.as_u16()) == Some(503)), "{error:?}");
    }
    assert_eq!(tokens.get(), 1, "one token request for ten waiting calls");
    // A later call asks again: the outcome is shared with the calls that waited, not kept.
    client.projects().get_group(GROUP).await.expect_err("still 503");
    assert_eq!(tokens.get(), 2);
}

#[tokio::test]
async fn a_revocation_that_never_answers_is_bounded_and_keeps_the_token() {
    let server = MockServer::start().await;
    let tokens = token_endpoint(&server, vec![None]).await;
    Mock::given(method("GET")).respond_with(atlas_json(200, group("p"))).mount(&server).await;
    let hangs = ResponseTemplate::new(200).set_delay(Duration::from_secs(30));
    Mock::given(method("POST")).and(path("/api/oauth/revoke")).respond_with(hangs).mount(&server).await;
    let client = service_account(&server).attempt_timeout(Some(Duration::from_millis(300))).build().unwrap();
    client.projects().get_group(GROUP).await.unwrap();
    let started = std::time::Instant::now();
    let error = client.revoke_token().await.expect_err("the endpoint never answers");
    assert!(started.elapsed() < Duration::from_secs(5), "bounded by the attempt timeout");
    assert!(error.to_string().contains("still live"), "{error}");
    client.projects().get_group(GROUP).await.expect("the token is still held, and still works");
    assert_eq!(tokens.get(), 1);
}

#[tokio::test]
async fn a_429_on_a_post_is_retried_since_atlas_did_nothing_with_it() {
    let server = MockServer::start().await;
    let answers = Counter::default();
    let seen = answers.clone();
    Mock::given(method("POST"))
        .respond_with(move |_: &Request| match seen.next() {
            0 => ResponseTemplate::new(429).insert_header("Retry-After", "0"),
            _ => atlas_json(200, group("p")),
        })
        .mount(&server)
        .await;
    let client = builder(&server).credentials(Credentials::bearer_token("t")).build().unwrap();
    let body = atlas_api::types::Group::new("p", "5f1b0d6e2a1b3c4d5e6f7a8c");
    client.projects().create_group(body).await.expect("retried after the 429");
    assert_eq!(answers.get(), 2);
}

#[tokio::test]
async fn a_server_capping_the_page_size_is_walked_to_total_count() {
    // 200 asked per page, 100 answered at a time, 250 in all.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(|request: &Request| {
            let page: usize =
                request.url.query_pairs().find(|(k, _)| k == "pageNum").and_then(|(_, v)| v.parse().ok()).unwrap_or(1);
            let results: Vec<_> = (0..250).skip((page - 1) * 100).take(100).map(|n| group(&format!("p{n}"))).collect();
            atlas_json(200, serde_json::json!({"results": results, "totalCount": 250}))
        })
        .mount(&server)
        .await;
    let client = builder(&server).credentials(Credentials::bearer_token("t")).build().unwrap();
    let pages: Vec<Vec<_>> =
        futures_util::TryStreamExt::try_collect(client.projects().list_groups().items_per_page(200).pages())
            .await
            .expect("pages");
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [100, 100, 50]);
}

#[tokio::test(start_paused = true)]
async fn max_wait_bounds_the_poll_in_flight() {
    // A poll that never answers: four attempts of 60 s each would outlast a 2 s wait.
    let url = silent_server().await;
    let client = atlas_api::Client::builder()
        .base_url(url)
        .credentials(Credentials::bearer_token("t"))
        .retry(RetryPolicy::default())
        .build()
        .unwrap();
    let started = tokio::time::Instant::now();
    let wait = client.clusters().wait_until_cluster_idle(GROUP, "Cluster0").max_wait(Duration::from_secs(2)).await;
    assert!(matches!(wait, Err(WaitError::TimedOut { .. })), "{wait:?}");
    assert!(started.elapsed() <= Duration::from_secs(3), "waited {:?}", started.elapsed());
}

#[test]
fn a_wait_error_is_small_and_turns_into_the_crates_error_with_its_last_value() {
    use atlas_api::types::ClusterDescription20240805 as Cluster;
    assert!(std::mem::size_of::<WaitError<Cluster>>() <= 48, "{}", std::mem::size_of::<WaitError<Cluster>>());
    fn waited(error: WaitError<Cluster>) -> Result<(), Error> {
        Err(error)?
    }
    let target = || Box::new(atlas_api::WaitTarget::named("cluster_idle", "getGroupCluster", "/c"));
    let failed =
        WaitError::Failed { state: "FAILED".into(), value: Box::new(Cluster::default().name("c")), target: target() };
    let error = waited(failed).expect_err("failed");
    let failure = error.wait_failure().expect("a wait failure");
    assert_eq!(failure.kind, atlas_api::WaitFailureKind::Failed { state: "FAILED".into() });
    assert_eq!(failure.last::<Cluster>().and_then(|c| c.name.as_deref()), Some("c"));
    assert!(error.to_string().contains("FAILED"), "{error}");
    let timed_out =
        WaitError::TimedOut { waited: Duration::from_secs(3), last: None, target: target(), last_error: None };
    assert!(waited(timed_out).expect_err("timed out").wait_failure().is_some_and(|f| f.last::<Cluster>().is_none()));
    let api = WaitError::Api(Error::Config("x".into()));
    assert!(matches!(waited(api), Err(Error::Config(_))), "an API error comes back as itself");
}

#[tokio::test]
async fn a_download_answered_with_another_media_type_is_not_the_file() {
    // A proxy's sign-in page, 200 and `text/html`, where a gzipped log was asked for.
    let server = MockServer::start().await;
    let page = ResponseTemplate::new(200).set_body_raw("<html>sign in</html>", "text/html");
    Mock::given(method("GET")).respond_with(page).mount(&server).await;
    let client = builder(&server).credentials(Credentials::bearer_token("t")).build().unwrap();
    let log = atlas_api::types::DownloadClusterLogLogName::Mongodb;
    let error =
        client.monitoring_and_logs().download_cluster_log(GROUP, "h0.mongodb.net", log).await.expect_err("html");
    assert!(matches!(&error, Error::MediaType(m) if m.received == "text/html"), "{error:?}");
    assert!(error.to_string().contains("application/vnd.atlas.2023-02-01+gzip"), "{error}");
}

/// Every public error type says what happened and is a `std::error::Error` a caller can box
/// or chain; the HTTP client's own error is reachable only as a source.
#[tokio::test]
async fn every_error_type_displays_and_chains_its_cause() {
    fn is_error<E: std::error::Error + Send + Sync + 'static>() {}
    is_error::<Error>();
    is_error::<atlas_api::ApiFailure>();
    is_error::<atlas_api::DecodeError>();
    is_error::<atlas_api::TransportError>();
    is_error::<atlas_api::EncodeError>();
    is_error::<atlas_api::TimeoutError>();
    is_error::<atlas_api::AuthError>();
    is_error::<atlas_api::MediaTypeError>();
    is_error::<atlas_api::InvalidArgument>();
    is_error::<atlas_api::WaitFailure>();
    is_error::<WaitError<atlas_api::types::Group>>();

    // Nothing listens on the port: a transport error, whose cause is the HTTP client's.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let client =
        atlas_api::Client::builder().base_url(format!("http://{closed}")).retry(RetryPolicy::none()).build().unwrap();
    let error = client.projects().get_group(GROUP).await.expect_err("nothing listens");
    let Error::Transport(transport) = &error else { panic!("{error:?}") };
    assert!(transport.is_connect(), "{transport:?}");
    assert!(transport.to_string().starts_with("getGroup: no answer from the server"), "{transport}");
    let cause = std::error::Error::source(&**transport).expect("the HTTP client's error");
    assert_eq!(std::error::Error::source(&error).map(ToString::to_string), Some(cause.to_string()));
}
