//! Shared helpers for the runtime tests: a local server and Atlas-shaped answers.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use std::time::Duration;

use atlas_api::{Client, ClientBuilder, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const GROUP: &str = "5f1b0d6e2a1b3c4d5e6f7a8b";

pub fn atlas_json(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string().into_bytes(), "application/vnd.atlas.2023-01-01+json")
}

pub fn group(name: &str) -> serde_json::Value {
    serde_json::json!({"id": GROUP, "name": name, "orgId": "5f1b0d6e2a1b3c4d5e6f7a8c", "clusterCount": 0, "created": "2024-01-01T00:00:00Z"})
}

pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder().base_url(server.uri())
}

/// Counts calls; `next()` returns the 0-based index of this call.
#[derive(Clone, Default)]
pub struct Counter(Arc<AtomicUsize>);

impl Counter {
    pub fn next(&self) -> usize {
        self.0.fetch_add(1, Ordering::SeqCst)
    }

    pub fn get(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

/// The base URL of a server that accepts connections, reads nothing and never answers:
/// only a time limit ends a call to it.
pub async fn silent_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    url
}

/// Retries that never wait (unless the server says `Retry-After`): tests count attempts,
/// never time them.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default().delays(Duration::ZERO, Duration::ZERO)
}

/// A server answering its n-th request with `answers[n]` (the last one after that), and the
/// count of requests it got.
pub async fn server_answering(answers: Vec<ResponseTemplate>) -> (MockServer, Counter) {
    let server = MockServer::start().await;
    let counter = Counter::default();
    let calls = counter.clone();
    Mock::given(any())
        .respond_with(move |_: &Request| {
            let i = calls.next();
            answers.get(i).or(answers.last()).cloned().expect("answers")
        })
        .mount(&server)
        .await;
    (server, counter)
}
