//! What one call costs against a local server, by credentials: the difference to
//! `anonymous` is the auth layer's per-call overhead (Digest hashing with a reused nonce,
//! a cached service-account token, a static bearer token). `raw_reqwest` is the floor: the
//! same GET sent with reqwest alone and its body decoded into the same type.
//!
//! `cargo bench -p atlas-api --bench call_overhead`

use std::sync::OnceLock;

use atlas_api::{Client, Credentials};
use tokio::runtime::Runtime;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const GROUP: &str = "5f1b0d6e2a1b3c4d5e6f7a8b";

fn main() {
    divan::main();
}

fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| Runtime::new().expect("tokio runtime"))
}

/// A local server; with `challenge`, requests without `Authorization` get a Digest challenge.
fn server(challenge: bool) -> &'static MockServer {
    static PLAIN: OnceLock<MockServer> = OnceLock::new();
    static DIGEST: OnceLock<MockServer> = OnceLock::new();
    let cell = if challenge { &DIGEST } else { &PLAIN };
    cell.get_or_init(|| {
        runtime().block_on(async {
            let server = MockServer::start().await;
            Mock::given(method("POST"))
                .and(path("/api/oauth/token"))
                .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"access_token": "t", "expires_in": 3600})))
                .mount(&server)
                .await;
            let group = serde_json::json!({"id": GROUP, "name": "p", "orgId": GROUP, "clusterCount": 0, "created": "2024-01-01T00:00:00Z"});
            Mock::given(method("GET"))
                .respond_with(move |request: &Request| {
                    let authorization = request.headers.get("authorization").and_then(|v| v.to_str().ok());
                    match authorization {
                        None if challenge => ResponseTemplate::new(401).insert_header(
                            "WWW-Authenticate",
                            "Digest realm=\"MMS Public API\", nonce=\"n\", algorithm=SHA-256, qop=\"auth\"",
                        ),
                        _ => ResponseTemplate::new(200).set_body_raw(group.to_string(), "application/vnd.atlas.2023-01-01+json"),
                    }
                })
                .mount(&server)
                .await;
            server
        })
    })
}

fn client(credentials: Credentials, challenge: bool) -> Client {
    let client = Client::builder().base_url(server(challenge).uri()).credentials(credentials).build().expect("client");
    // Warm up: the Digest challenge and the token are fetched once, outside the timings.
    runtime().block_on(client.projects().get_group(GROUP).into_future_checked());
    client
}

trait Checked {
    fn into_future_checked(self) -> impl std::future::Future<Output = ()>;
}

impl<F: std::future::IntoFuture<Output = Result<T, atlas_api::Error>>, T> Checked for F {
    async fn into_future_checked(self) {
        self.await.expect("call succeeds");
    }
}

fn bench(bencher: divan::Bencher, credentials: Credentials, challenge: bool) {
    let client = client(credentials, challenge);
    bencher.bench_local(|| runtime().block_on(client.projects().get_group(GROUP).into_future_checked()));
}

#[divan::bench]
fn anonymous(bencher: divan::Bencher) {
    bench(bencher, Credentials::anonymous(), false);
}

#[divan::bench]
fn bearer_token(bencher: divan::Bencher) {
    bench(bencher, Credentials::bearer_token("t"), false);
}

#[divan::bench]
fn service_account_cached_token(bencher: divan::Bencher) {
    bench(bencher, Credentials::service_account("id", "secret"), false);
}

#[divan::bench]
fn digest_reused_nonce(bencher: divan::Bencher) {
    bench(bencher, Credentials::api_key("public", "private"), true);
}

/// The same call with reqwest alone: the floor the client's own cost is measured against.
#[divan::bench]
fn raw_reqwest(bencher: divan::Bencher) {
    let http = atlas_api::http_client_builder().build().expect("reqwest client");
    let url = format!("{}/api/atlas/v2/groups/{GROUP}", server(false).uri());
    let call = || async {
        let response =
            http.get(&url).header("accept", "application/vnd.atlas.2023-01-01+json").send().await.expect("answered");
        let body = response.bytes().await.expect("body");
        serde_json::from_slice::<atlas_api::types::Group>(&body).expect("a group");
    };
    runtime().block_on(call());
    bencher.bench_local(|| runtime().block_on(call()));
}
