//! The runtime against a raw socket server on 127.0.0.1 that misbehaves the way proxies and
//! load balancers do: it resets or closes connections before answering, answers 5xx and 429
//! with or without `Retry-After`. Each connection carries one request (`Connection: close`),
//! so the number of requests read is the number of attempts.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use atlas_api::{Client, Error, RetryPolicy};
use support::{silent_server, GROUP};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request.
#[derive(Clone)]
enum Act {
    /// Reset the connection (RST) after reading the request.
    Reset,
    /// Close it (FIN) after reading the request, without a word.
    Close,
    /// Answer with a status, extra header lines and a body.
    Answer(u16, &'static str, String),
    /// Answer 200 with `total` bytes of gzip in chunks of `chunk` bytes, `pause` apart.
    Trickle { total: usize, chunk: usize, pause: Duration },
    /// Answer 200, send `sent` of the `total` bytes announced, then nothing more.
    Stall { total: usize, sent: usize },
}

fn group() -> Act {
    let body = serde_json::json!({"id": GROUP, "name": "p", "orgId": GROUP, "clusterCount": 0, "created": "2024-01-01T00:00:00Z"});
    Act::Answer(200, "", body.to_string())
}

fn status(code: u16, headers: &'static str) -> Act {
    Act::Answer(code, headers, format!(r#"{{"error":{code},"errorCode":"E{code}"}}"#))
}

/// A server doing `acts[n]` with its n-th request (the last one after that); the count of
/// requests it read.
async fn server(acts: Vec<Act>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let counted = requests.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acts = acts.clone();
            let counted = counted.clone();
            tokio::spawn(async move {
                let mut socket = socket;
                if !read_request(&mut socket).await {
                    return;
                }
                let n = counted.fetch_add(1, Ordering::SeqCst);
                let act = acts.get(n).or(acts.last()).cloned().expect("acts");
                serve(socket, act).await;
            });
        }
    });
    (url, requests)
}

/// Reads one request head and its `Content-Length` body; false when the peer went away.
async fn read_request(socket: &mut TcpStream) -> bool {
    let mut seen = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let Ok(n) = socket.read(&mut buffer).await else { return false };
        if n == 0 {
            return false;
        }
        seen.extend_from_slice(&buffer[..n]);
        if let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&seen[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            while seen.len() < end + 4 + length {
                match socket.read(&mut buffer).await {
                    Ok(0) | Err(_) => return false,
                    Ok(n) => seen.extend_from_slice(&buffer[..n]),
                }
            }
            return true;
        }
    }
}

/// The download's bytes: position-dependent, so a lost or repeated chunk shows.
fn payload(total: usize) -> Vec<u8> {
    (0..total).map(|i| (i % 251) as u8).collect()
}

async fn download_head(socket: &mut TcpStream, total: usize) {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.atlas.2023-02-01+gzip\r\nContent-Length: {total}\r\nConnection: close\r\n\r\n"
    );
    let _ = socket.write_all(head.as_bytes()).await;
}

async fn serve(mut socket: TcpStream, act: Act) {
    match act {
        Act::Trickle { total, chunk, pause } => {
            download_head(&mut socket, total).await;
            for part in payload(total).chunks(chunk) {
                if socket.write_all(part).await.is_err() {
                    return;
                }
                tokio::time::sleep(pause).await;
            }
        }
        Act::Stall { total, sent } => {
            download_head(&mut socket, total).await;
            let _ = socket.write_all(&payload(total)[..sent]).await;
            tokio::time::sleep(Duration::from_secs(600)).await;
        }
        Act::Reset => {
            // A zero linger turns the close into a reset.
            let socket = socket.into_std().unwrap();
            socket2::SockRef::from(&socket).set_linger(Some(Duration::ZERO)).unwrap();
            drop(socket);
        }
        Act::Close => drop(socket),
        Act::Answer(code, headers, body) => {
            let media = if code < 300 { "application/vnd.atlas.2023-01-01+json" } else { "application/json" };
            let head = format!(
                "HTTP/1.1 {code} X\r\nContent-Type: {media}\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n",
                body.len()
            );
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(body.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    }
}

/// Retries that never wait, so tests count attempts instead of timing them.
fn no_waits() -> RetryPolicy {
    RetryPolicy::default().delays(Duration::ZERO, Duration::ZERO).rate_limit_delays(Duration::ZERO, Duration::ZERO)
}

fn client(url: &str, policy: RetryPolicy) -> Client {
    Client::builder().base_url(url).retry(policy).build().unwrap()
}

fn new_group() -> atlas_api::types::Group {
    serde_json::from_value(serde_json::json!({"name": "p", "orgId": GROUP})).unwrap()
}

#[tokio::test]
async fn a_get_whose_connection_is_reset_or_closed_before_the_answer_is_retried() {
    for dropped in [Act::Reset, Act::Close] {
        let (url, requests) = server(vec![dropped.clone(), dropped, group()]).await;
        let project = client(&url, no_waits()).projects().get_group(GROUP).await.expect("third attempt answers");
        assert_eq!(project.name, "p");
        assert_eq!(requests.load(Ordering::SeqCst), 3);
    }
}

#[tokio::test]
async fn a_post_whose_connection_drops_is_not_replayed_unless_asked() {
    let (url, requests) = server(vec![Act::Reset, group()]).await;
    let error = client(&url, no_waits()).projects().create_group(new_group()).await.expect_err("dropped");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(requests.load(Ordering::SeqCst), 1, "the server may have acted on it");

    let (url, requests) = server(vec![Act::Close, group()]).await;
    let opted_in = no_waits().retry_non_idempotent(true);
    client(&url, opted_in).projects().create_group(new_group()).await.expect("replayed");
    assert_eq!(requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_500_is_retried_for_a_get_and_not_for_a_post() {
    let (url, requests) = server(vec![status(500, ""), group()]).await;
    client(&url, no_waits()).projects().get_group(GROUP).await.expect("second attempt answers");
    assert_eq!(requests.load(Ordering::SeqCst), 2);

    let (url, requests) = server(vec![status(500, ""), group()]).await;
    let error = client(&url, no_waits()).projects().create_group(new_group()).await.expect_err("500");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_retry_after_longer_than_the_cap_is_returned_not_slept() {
    let (url, requests) = server(vec![status(429, "Retry-After: 3600\r\n"), group()]).await;
    let error = client(&url, no_waits()).projects().get_group(GROUP).await.expect_err("an hour is not slept");
    assert!(error.is_rate_limited(), "{error:?}");
    let Error::Api(failure) = &error else { panic!("{error:?}") };
    assert_eq!(failure.retry_after(), Some(Duration::from_secs(3600)), "the caller decides");
    assert_eq!(requests.load(Ordering::SeqCst), 1);

    // Under a lower cap, a shorter wait is returned too; within it, it is slept.
    let (url, requests) = server(vec![status(503, "Retry-After: 2\r\n"), group()]).await;
    let capped = no_waits().max_retry_after(Duration::from_secs(1));
    let error = client(&url, capped).projects().get_group(GROUP).await.expect_err("over the cap");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(requests.load(Ordering::SeqCst), 1);
    let (url, requests) = server(vec![status(503, "Retry-After: 0\r\n"), group()]).await;
    client(&url, no_waits()).projects().get_group(GROUP).await.expect("within the cap");
    assert_eq!(requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn the_deadline_wins_over_any_wait() {
    let (url, requests) = server(vec![status(503, "Retry-After: 30\r\n"), group()]).await;
    let client =
        Client::builder().base_url(&url).retry(no_waits()).deadline(Some(Duration::from_secs(5))).build().unwrap();
    let started = std::time::Instant::now();
    let error = client.projects().get_group(GROUP).await.expect_err("the wait would pass the deadline");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "the answer, not a timeout: {error:?}");
    assert_eq!(requests.load(Ordering::SeqCst), 1);
    assert!(started.elapsed() < Duration::from_secs(5), "nothing waited for the deadline");
}

/// A 429 without `Retry-After` backs off from 10 s (doubling), not the 0.5 s of a 5xx. On
/// tokio's paused clock the waits take no real time, and with no attempt timeout the
/// backoff sleeps are the only timers the clock can jump to.
#[tokio::test(start_paused = true)]
async fn a_429_without_retry_after_backs_off_from_ten_seconds() {
    let (url, requests) = server(vec![status(429, ""), status(429, ""), group()]).await;
    let client = Client::builder()
        .base_url(&url)
        .retry(RetryPolicy::default().jitter(false))
        .attempt_timeout(None)
        .build()
        .unwrap();
    let started = tokio::time::Instant::now();
    client.projects().get_group(GROUP).await.expect("third attempt answers");
    assert_eq!(requests.load(Ordering::SeqCst), 3);
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(30) && waited < Duration::from_secs(40), "10 s + 20 s, got {waited:?}");
}

#[tokio::test]
async fn retry_timeouts_and_deadline_can_be_set_for_one_call() {
    let (url, requests) = server(vec![status(503, ""), status(503, ""), group(), status(503, "")]).await;
    let client = client(&url, RetryPolicy::none());
    client.projects().get_group(GROUP).retry(no_waits()).await.expect("this call retries");
    assert_eq!(requests.load(Ordering::SeqCst), 3);
    let error = client.projects().get_group(GROUP).await.expect_err("the client does not");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(requests.load(Ordering::SeqCst), 4);

    // A server that never answers: the call's own attempt timeout, then its own deadline.
    let client = Client::builder().base_url(silent_server().await).retry(RetryPolicy::none()).build().unwrap();
    let limit = Duration::from_millis(100);
    let error = client.projects().get_group(GROUP).attempt_timeout(Some(limit)).await.expect_err("silent");
    assert!(matches!(&error, Error::Timeout(t) if t.kind == atlas_api::TimeoutKind::Attempt && t.limit == limit));
    let error =
        client.projects().get_group(GROUP).attempt_timeout(None).deadline(Some(limit)).await.expect_err("silent");
    assert!(matches!(&error, Error::Timeout(t) if t.kind == atlas_api::TimeoutKind::Deadline && t.limit == limit));
}

fn download(client: &Client) -> atlas_api::ops::monitoring_and_logs::DownloadClusterLog {
    let log = atlas_api::types::DownloadClusterLogLogName::Mongodb;
    client.monitoring_and_logs().download_cluster_log(GROUP, "host", log)
}

/// 10 MB in 64 KiB chunks over about a second: longer than the attempt timeout, which covers
/// only the time to the head, and never a second download.
#[tokio::test]
async fn a_trickled_10_mb_download_streams_past_the_attempt_timeout() {
    let total = 10 * 1024 * 1024;
    let trickle = Act::Trickle { total, chunk: 64 * 1024, pause: Duration::from_millis(15) };
    let (url, requests) = server(vec![trickle]).await;
    let client = Client::builder()
        .base_url(&url)
        .attempt_timeout(Some(Duration::from_secs(1)))
        .stall_timeout(Some(Duration::from_secs(5)))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let response = download(&client).stream().await.expect("the head");
    assert_eq!(response.status.as_u16(), 200);
    let mut file = Vec::new();
    let written = response.into_body().write_to(&mut file).await.expect("the whole body");
    assert_eq!(written, total as u64);
    assert!(file == payload(total), "the bytes as sent, in order");
    assert_eq!(requests.load(Ordering::SeqCst), 1);
    // 160 chunks 15 ms apart: about 2.4 s, well past the attempt timeout; the head comes
    // at once, with a second of margin on a loaded machine.
    assert!(started.elapsed() > Duration::from_secs(1), "outlasted the attempt timeout");

    // `.await` reads it whole, under the same rules.
    let trickle = Act::Trickle { total, chunk: 64 * 1024, pause: Duration::from_millis(15) };
    let (url, requests) = server(vec![trickle]).await;
    let client = Client::builder().base_url(&url).attempt_timeout(Some(Duration::from_secs(1))).build().unwrap();
    let bytes = download(&client).await.expect("the whole body");
    assert!(bytes.as_ref() == payload(total).as_slice());
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_stalled_download_ends_with_a_stall_timeout_and_is_not_fetched_again() {
    let (url, requests) = server(vec![Act::Stall { total: 1_000_000, sent: 100_000 }]).await;
    let stall = Duration::from_millis(200);
    let client = Client::builder().base_url(&url).retry(no_waits()).stall_timeout(Some(stall)).build().unwrap();
    let mut received = 0;
    let mut body = download(&client).stream().await.expect("the head").into_body();
    let error = loop {
        match futures_util::StreamExt::next(&mut body).await {
            Some(Ok(chunk)) => received += chunk.len(),
            Some(Err(error)) => break error,
            None => panic!("the body ended without its last 900,000 bytes"),
        }
    };
    assert_eq!(received, 100_000, "what arrived reached the caller");
    assert!(
        matches!(&error, Error::Timeout(t) if t.kind == atlas_api::TimeoutKind::Stall && t.limit == stall),
        "{error:?}"
    );
    assert_eq!(requests.load(Ordering::SeqCst), 1, "a GET, yet not sent again once its body started");

    let (url, requests) = server(vec![Act::Stall { total: 1_000_000, sent: 100_000 }]).await;
    let client = Client::builder().base_url(&url).retry(no_waits()).stall_timeout(Some(stall)).build().unwrap();
    let error = download(&client).await.expect_err("stalled");
    assert!(matches!(&error, Error::Timeout(t) if t.kind == atlas_api::TimeoutKind::Stall), "{error:?}");
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}
