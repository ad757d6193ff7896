//! Pacing to Atlas's rate limits, against the mock metering like Atlas, on tokio's paused
//! clock: a bucket shared by concurrent calls, 429s that say nothing, only a detail, the
//! token endpoint's own limit, a deadline reached while held, and pacing off.
#![cfg(feature = "mock")]

use std::future::IntoFuture;
use std::time::Duration;

use atlas_api::mock::{AtlasError, MockAtlas, RateLimit};
use atlas_api::types::Group;
use atlas_api::{Client, Error, RateLimitPolicy, RetryPolicy, TimeoutKind};
use futures_util::future::join_all;
use tokio::time::Instant;

const GROUP: &str = "5e2211c17a3e5a48f5497de3";

/// `n` concurrent reads of one project: how many succeeded.
async fn concurrent(client: &Client, n: usize) -> usize {
    let calls = (0..n).map(|_| client.projects().get_group(GROUP).into_future());
    join_all(calls).await.into_iter().filter(Result::is_ok).count()
}

#[tokio::test(start_paused = true)]
async fn concurrent_calls_share_one_bucket_one_learns_and_the_others_are_held() {
    // 5 calls, then 5 every 2 s: 30 calls need 10 s at least.
    let mock =
        MockAtlas::builder().rate_limit(RateLimit::new(5, 5, Duration::from_secs(2))).serve_examples().start().await;
    let client = mock.client();
    let started = Instant::now();
    assert_eq!(concurrent(&client, 30).await, 30, "every call succeeds");
    let took = started.elapsed();
    assert!(mock.rate_limit_refusals() <= 3, "{} 429s for 30 calls", mock.rate_limit_refusals());
    assert!(took >= Duration::from_secs(10) && took <= Duration::from_millis(12_500), "took {took:?}");
    // A clone shares the buckets: it is held too, where a client of its own would be refused.
    let refused = mock.rate_limit_refusals();
    assert_eq!(concurrent(&client.clone(), 5).await, 5);
    assert_eq!(mock.rate_limit_refusals(), refused, "the clone knew the bucket was empty");
}

#[tokio::test(start_paused = true)]
async fn headers_never_hold_a_call_while_there_is_room() {
    let mock = MockAtlas::builder()
        .rate_limit(RateLimit::new(100, 100, Duration::from_secs(60)))
        .serve_examples()
        .start()
        .await;
    let client = mock.client();
    let started = Instant::now();
    assert_eq!(concurrent(&client, 60).await, 60);
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
    assert_eq!(mock.rate_limit_refusals(), 0);
}

#[tokio::test(start_paused = true)]
async fn without_headers_429s_wait_10_20_40_seconds_for_every_call() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let silent = AtlasError::new(429, "RATE_LIMITED_TOKEN_BUCKET").detail("Too many requests.");
    mock.expect(client.projects().get_group(GROUP)).times(3).fails(silent);
    mock.expect(client.projects().get_group(GROUP)).returns(Group::new("p", "5e2211c17a3e5a48f5497de0"));
    let started = Instant::now();
    assert_eq!(concurrent(&client, 5).await, 5);
    // One call at a time learns: 429 at 0, 10 and 30 s; at 70 s all five go.
    assert!(started.elapsed() >= Duration::from_secs(70), "took {:?}", started.elapsed());
    assert!(started.elapsed() < Duration::from_secs(71), "took {:?}", started.elapsed());
    let api_requests = mock.requests().iter().filter(|r| r.path.starts_with("/api/atlas")).count();
    assert_eq!(api_requests, 3 + 5, "no call was sent into a refusal another call had seen");
}

#[tokio::test(start_paused = true)]
async fn a_call_that_finally_fails_says_how_long_it_was_held() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    mock.expect(client.projects().get_group(GROUP)).fails(AtlasError::new(429, "RATE_LIMITED_TOKEN_BUCKET"));
    let error = client.projects().get_group(GROUP).retry(RetryPolicy::default().max_attempts(2)).await.unwrap_err();
    let Error::Api(failure) = &error else { panic!("{error:?}") };
    assert_eq!((failure.status.as_u16(), failure.attempts), (429, 2));
    assert_eq!(failure.held, Duration::from_secs(10), "the documented first wait, without jitter");
    assert!(error.to_string().contains("held 10.0 s for Atlas's rate limit"), "{error}");
}

#[tokio::test(start_paused = true)]
async fn a_429_with_only_a_detail_text_waits_what_it_says() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let detail = "Rate limit exceeded for api/atlas/v2/groups. Please retry after 55 seconds. \
                  Request capacity: 10. Refill rate: 5 per 60 seconds.";
    let refused = AtlasError::new(429, "RATE_LIMITED_TOKEN_BUCKET").detail(detail);
    mock.expect(client.projects().get_group(GROUP)).times(1).fails(refused);
    mock.expect(client.projects().get_group(GROUP)).returns(Group::new("p", "5e2211c17a3e5a48f5497de0"));
    let started = Instant::now();
    client.projects().get_group(GROUP).await.expect("the retry after 55 s succeeds");
    let took = started.elapsed();
    assert!(took >= Duration::from_secs(55) && took < Duration::from_secs(56), "took {took:?}");
    // The refill it stated paces the next calls: 55 s of 5 a minute left 3 tokens after the retry.
    let started = Instant::now();
    assert_eq!(concurrent(&client, 4).await, 4);
    assert!(started.elapsed() >= Duration::from_secs(2), "the fourth waits for a token: {:?}", started.elapsed());
}

#[tokio::test(start_paused = true)]
async fn the_token_endpoint_is_held_to_50_a_minute() {
    let mock = MockAtlas::builder()
        .token_rate_limit(RateLimit::new(50, 50, Duration::from_secs(60)))
        .serve_examples()
        .start()
        .await;
    let client = mock.client();
    let started = Instant::now();
    for _ in 0..60 {
        client.projects().get_group(GROUP).await.expect("a token, then the call");
        client.revoke_token().await.expect("revoked: the next call asks for a new token");
    }
    assert_eq!(mock.rate_limit_refusals(), 0, "no token request was refused");
    let tokens = mock.requests().iter().filter(|r| r.path == "/api/oauth/token").count();
    assert_eq!(tokens, 60);
    // 50 at once, then one every 1.2 s.
    assert!(started.elapsed() >= Duration::from_secs(12), "took {:?}", started.elapsed());
}

#[tokio::test(start_paused = true)]
async fn a_deadline_reached_while_held_ends_the_call_at_once_unsent() {
    let mock =
        MockAtlas::builder().rate_limit(RateLimit::new(1, 1, Duration::from_secs(60))).serve_examples().start().await;
    let client = mock.client_builder().deadline(Some(Duration::from_secs(5))).build().unwrap();
    client.projects().get_group(GROUP).await.expect("the bucket's one token");
    // The next learns the bucket is empty for a minute: its retry would pass the deadline,
    // so the 429 is its answer.
    let error = client.projects().get_group(GROUP).await.unwrap_err();
    assert!(error.is_rate_limited(), "{error:?}");
    let sent = mock.requests().len();
    let started = Instant::now();
    let error = client.projects().get_group(GROUP).await.unwrap_err();
    let Error::Timeout(timeout) = &error else { panic!("{error:?}") };
    assert_eq!((timeout.kind, timeout.limit), (TimeoutKind::Deadline, Duration::from_secs(5)));
    let held = timeout.rate_limit.as_ref().expect("says it was the rate limit");
    assert!(held.wait >= Duration::from_secs(50), "{held:?}");
    assert!(held.bucket.contains(GROUP), "{held:?}");
    assert!(error.to_string().contains(GROUP), "{error}");
    assert_eq!(started.elapsed(), Duration::ZERO, "it did not wait for nothing");
    assert_eq!(mock.requests().len(), sent, "nothing was sent to be refused");
}

#[tokio::test(start_paused = true)]
async fn pacing_off_sends_every_call_at_once() {
    let mock =
        MockAtlas::builder().rate_limit(RateLimit::new(5, 5, Duration::from_secs(2))).serve_examples().start().await;
    let client = mock.client_builder().rate_limit(RateLimitPolicy::off()).retry(RetryPolicy::none()).build().unwrap();
    let started = Instant::now();
    assert_eq!(concurrent(&client, 10).await, 5, "five fit the bucket");
    assert_eq!(mock.rate_limit_refusals(), 5, "the other five were sent and refused");
    assert_eq!(started.elapsed(), Duration::ZERO);
}
