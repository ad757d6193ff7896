//! No number a server sends and no setting a caller picks makes the runtime panic: token
//! lifetimes, `Retry-After`, deadlines, timeouts and backoff delays up to `u64::MAX` seconds
//! (time arithmetic saturates or is checked; a wait past what the clock counts is for ever).
#![cfg(feature = "projects")]

mod support;

use std::time::Duration;

use atlas_api::{Client, Credentials, RetryPolicy};
use proptest::prelude::*;
use support::{atlas_json, group, GROUP};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What the server sends and what the caller sets, for one case.
#[derive(Debug, Clone)]
struct Case {
    expires_in: u64,
    retry_after: u64,
    max_retry_after: u64,
    deadline: Option<u64>,
    attempt_timeout: Option<u64>,
    base_delay: u64,
    max_delay: u64,
}

fn seconds() -> impl Strategy<Value = u64> {
    prop_oneof![Just(0), Just(1), Just(u64::MAX), Just(i64::MAX as u64), Just(u32::MAX as u64), any::<u64>()]
}

fn cases() -> impl Strategy<Value = Case> {
    (
        seconds(),
        seconds(),
        seconds(),
        proptest::option::of(seconds()),
        proptest::option::of(seconds()),
        seconds(),
        seconds(),
    )
        .prop_map(
            |(expires_in, retry_after, max_retry_after, deadline, attempt_timeout, base_delay, max_delay)| Case {
                expires_in,
                retry_after,
                max_retry_after,
                deadline,
                attempt_timeout,
                base_delay,
                max_delay,
            },
        )
}

async fn run(case: Case) {
    let server = MockServer::start().await;
    let token = serde_json::json!({"access_token": "tok", "expires_in": case.expires_in});
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token))
        .mount(&server)
        .await;
    let limited = ResponseTemplate::new(429).insert_header("Retry-After", case.retry_after.to_string().as_str());
    Mock::given(method("GET")).respond_with(limited).up_to_n_times(1).mount(&server).await;
    Mock::given(method("GET")).respond_with(atlas_json(200, group("p"))).mount(&server).await;
    let policy = RetryPolicy::default()
        .max_retry_after(Duration::from_secs(case.max_retry_after))
        .delays(Duration::from_secs(case.base_delay), Duration::from_secs(case.max_delay))
        .rate_limit_delays(Duration::from_secs(case.base_delay), Duration::from_secs(case.max_delay));
    let client = Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::service_account("id", "secret"))
        .retry(policy)
        .deadline(case.deadline.map(Duration::from_secs))
        .attempt_timeout(case.attempt_timeout.map(Duration::from_secs))
        .build()
        .expect("a client");
    // Any outcome but a panic: twice, so a cached token's lifetime is read back too.
    let _ = client.projects().get_group(GROUP).await;
    let _ = client.projects().get_group(GROUP).await;
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn server_numbers_and_settings_never_panic(case in cases()) {
        // The paused clock lets a wait of any length pass at once.
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().start_paused(true).build().unwrap();
        runtime.block_on(run(case));
    }
}
