//! The tracing span of a call. Alone in its test binary: `tracing` caches per call site
//! whether anyone listens, so tests running beside it on other threads (with no
//! subscriber) could hide its events from the thread-local subscriber used here.

mod support;

use support::{atlas_json, builder, fast_retries, group, server_answering, GROUP};
use wiremock::ResponseTemplate;

/// Collects what the fmt subscriber writes.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn one_span_per_request_with_its_facts_and_no_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let (server, _) = server_answering(vec![ResponseTemplate::new(503), atlas_json(200, group("p"))]).await;
    let client = builder(&server)
        .credentials(atlas_api::Credentials::bearer_token("tok-very-secret"))
        .retry(fast_retries())
        .build()
        .unwrap();
    client.projects().get_group(GROUP).await.expect("second attempt");

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for fact in [
        "atlas_api.request",
        "getGroup",
        "GET",
        "/api/atlas/v2/groups/{groupId}",
        "2023-01-01",
        "attempt=2",
        "status=200",
        "retrying",
    ] {
        assert!(log.contains(fact), "{fact} missing from:\n{log}");
    }
    assert_eq!(log.matches("close").count(), 1, "one span per call:\n{log}");
    assert!(!log.contains("tok-very-secret") && !log.contains("Bearer"), "{log}");
    assert!(!log.contains("orgId"), "no bodies: {log}");
}
