//! Download faults the mock injects without a hand-written server: a body cut after some
//! bytes (the error says it was cut, and how much arrived) and one that stalls (the client's
//! stall timeout ends it). Public API only.

use std::time::Duration;

use atlas_api::mock::MockAtlas;
use atlas_api::types::DownloadClusterLogLogName as LogName;
use atlas_api::{Bytes, Error};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";
const HOST: &str = "h0.mongodb.net";

fn log() -> Bytes {
    Bytes::from((0..64u8).collect::<Vec<u8>>())
}

#[tokio::test]
async fn a_body_cut_mid_way_is_an_error_that_says_so() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let call = || client.monitoring_and_logs().download_cluster_log(GROUP, HOST, LogName::Mongodb);
    mock.expect(call()).cuts_after(log(), 10);
    let error = call().await.expect_err("a cut body is no log");
    let Error::Transport(transport) = &error else { panic!("a transport error, not {error:?}") };
    assert!(transport.is_body(), "{error}");
    assert_eq!(transport.received(), Some(10), "the bytes that arrived");
    assert!(error.to_string().contains("body was cut after 10 bytes"), "{error}");
    mock.verify();
}

#[tokio::test]
async fn a_body_that_stalls_ends_at_the_stall_timeout() {
    let mock = MockAtlas::start().await;
    let client = mock.client_builder().stall_timeout(Some(Duration::from_millis(200))).build().expect("a client");
    let call = || client.monitoring_and_logs().download_cluster_log(GROUP, HOST, LogName::Mongodb);
    mock.expect(call()).stalls_after(log(), 10);
    let error = call().await.expect_err("a stalled body is no log");
    assert!(matches!(error, Error::Timeout(_)), "{error}");
    assert!(error.to_string().contains("waiting for its next byte"), "{error}");
    mock.verify();
}
