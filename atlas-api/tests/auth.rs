//! HTTP Digest and service-account (OAuth2 client credentials) flows against local
//! servers, and secret hygiene. The Digest server checks responses with its own MD5 and
//! SHA-256 code, independent of the client's `digest_auth`.

mod support;

use std::collections::HashMap;
use std::future::IntoFuture;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use atlas_api::{Client, Credentials, Error, RetryPolicy};
use md5::Md5;
use sha2::{Digest as _, Sha256};
use support::{atlas_json, builder, group, Counter, GROUP};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const PUBLIC: &str = "abcdefgh";
const PRIVATE: &str = "11111111-2222-3333-4444-555555555555";

/// A Digest server: challenges, verifies each answer, and can mark its nonce stale.
#[derive(Clone)]
struct DigestServer {
    algorithm: &'static str,
    state: Arc<Mutex<DigestState>>,
}

#[derive(Default)]
struct DigestState {
    nonce: String,
    nonces_issued: usize,
    /// Answers to the current nonce are refused as stale once.
    expire_nonce: bool,
    /// (nonce, nc, body) of every accepted request.
    accepted: Vec<(String, String, Vec<u8>)>,
    challenges: usize,
}

impl DigestServer {
    fn new(algorithm: &'static str) -> Self {
        Self { algorithm, state: Arc::default() }
    }

    fn hash(&self, text: &str) -> String {
        match self.algorithm {
            "SHA-256" => hex(&Sha256::digest(text.as_bytes())),
            _ => hex(&Md5::digest(text.as_bytes())),
        }
    }

    fn challenge(&self, state: &mut DigestState, stale: bool) -> ResponseTemplate {
        state.nonces_issued += 1;
        state.challenges += 1;
        state.nonce = format!("nonce{}", state.nonces_issued);
        let header = format!(
            "Digest realm=\"MMS Public API\", domain=\"\", nonce=\"{}\", algorithm={}, qop=\"auth\", stale={stale}",
            state.nonce, self.algorithm
        );
        ResponseTemplate::new(401).insert_header("WWW-Authenticate", header.as_str()).set_body_raw(
            br#"{"error":401,"errorCode":"NOT_ORG_GROUP_CREATOR","detail":"You are not authorized.","reason":"Unauthorized"}"#.to_vec(),
            "application/json",
        )
    }

    fn answer(&self, request: &Request) -> ResponseTemplate {
        let mut state = self.state.lock().unwrap();
        let Some(authorization) = request.headers.get("authorization").and_then(|v| v.to_str().ok()) else {
            return self.challenge(&mut state, false);
        };
        let fields = parse_digest(authorization);
        let uri = match request.url.query() {
            Some(q) => format!("{}?{q}", request.url.path()),
            None => request.url.path().to_owned(),
        };
        let ha1 = self.hash(&format!("{PUBLIC}:MMS Public API:{PRIVATE}"));
        let ha2 = self.hash(&format!("{}:{uri}", request.method));
        let expected =
            self.hash(&format!("{ha1}:{}:{}:{}:auth:{ha2}", fields["nonce"], fields["nc"], fields["cnonce"]));
        assert_eq!(fields["username"], PUBLIC);
        assert_eq!(fields["uri"], uri);
        assert_eq!(fields["response"], expected, "a correct Digest response");
        if fields["nonce"] != state.nonce || state.expire_nonce {
            state.expire_nonce = false;
            return self.challenge(&mut state, true);
        }
        state.accepted.push((fields["nonce"].clone(), fields["nc"].clone(), request.body.clone()));
        atlas_json(200, group("p"))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn parse_digest(header: &str) -> HashMap<String, String> {
    let rest = header.trim_start_matches("Digest").trim();
    let mut fields = HashMap::new();
    for part in rest.split(',') {
        if let Some((key, value)) = part.trim().split_once('=') {
            fields.insert(key.trim().to_owned(), value.trim().trim_matches('"').to_owned());
        }
    }
    fields
}

async fn digest_server(algorithm: &'static str) -> (MockServer, DigestServer) {
    let server = MockServer::start().await;
    let digest = DigestServer::new(algorithm);
    let responder = digest.clone();
    Mock::given(wiremock::matchers::any()).respond_with(move |r: &Request| responder.answer(r)).mount(&server).await;
    (server, digest)
}

#[tokio::test]
async fn digest_challenge_nonce_reuse_stale_nonce_and_a_post_body() {
    for algorithm in ["MD5", "SHA-256"] {
        let (server, digest) = digest_server(algorithm).await;
        let client = builder(&server).credentials(Credentials::api_key(PUBLIC, PRIVATE)).build().unwrap();

        // 401 challenge, then the answer.
        client.projects().get_group(GROUP).await.expect("answered challenge");
        // The same nonce, the next nonce count, no new challenge.
        client.projects().get_group(GROUP).await.expect("nonce reused");
        // The server expires the nonce: one stale challenge, answered with the new nonce.
        digest.state.lock().unwrap().expire_nonce = true;
        client.projects().get_group(GROUP).await.expect("stale nonce re-answered");
        // A POST after a stale challenge sends its body again.
        digest.state.lock().unwrap().expire_nonce = true;
        let body =
            serde_json::from_value(serde_json::json!({"name": "p", "orgId": "5f1b0d6e2a1b3c4d5e6f7a8c"})).unwrap();
        client.projects().create_group(body).await.expect("POST answered");

        let state = digest.state.lock().unwrap();
        let accepted: Vec<(&str, &str)> = state.accepted.iter().map(|(n, c, _)| (n.as_str(), c.as_str())).collect();
        assert_eq!(
            accepted,
            [("nonce1", "00000001"), ("nonce1", "00000002"), ("nonce2", "00000001"), ("nonce3", "00000001")],
            "{algorithm}"
        );
        assert_eq!(state.challenges, 3, "{algorithm}: first request, two stale nonces");
        let posted: serde_json::Value = serde_json::from_slice(&state.accepted[3].2).unwrap();
        assert_eq!(posted["name"], "p");
    }
}

/// A server that answers every request with a 401 and a Digest challenge.
async fn challenging_server() -> MockServer {
    let server = MockServer::start().await;
    let challenge = "Digest realm=\"MMS Public API\", nonce=\"n1\", algorithm=MD5, qop=\"auth\", stale=false";
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(401).insert_header("WWW-Authenticate", challenge))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn wrong_digest_credentials_end_in_the_401_without_the_secret() {
    let server = challenging_server().await;
    let client = builder(&server).credentials(Credentials::api_key(PUBLIC, PRIVATE)).build().unwrap();
    let error = client.projects().get_group(GROUP).await.expect_err("refused");
    assert!(error.is_unauthorized());
    assert_eq!(server.received_requests().await.unwrap().len(), 2, "challenge answered once, not forever");
    assert!(!format!("{error} {error:?}").contains(PRIVATE));
}

/// A token endpoint handing out `tok-1`, `tok-2`, ... each valid for `lifetime` seconds.
async fn token_server(lifetime: u64) -> (MockServer, Counter) {
    let server = MockServer::start().await;
    let tokens = Counter::default();
    let issued = tokens.clone();
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(move |request: &Request| {
            let basic = request.headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
            assert!(basic.starts_with("Basic "), "client credentials go in Basic auth");
            assert_eq!(request.body, b"grant_type=client_credentials");
            let n = issued.next() + 1;
            let body =
                serde_json::json!({"access_token": format!("tok-{n}"), "expires_in": lifetime, "token_type": "Bearer"});
            ResponseTemplate::new(200).set_body_json(body).set_delay(Duration::from_millis(100))
        })
        .mount(&server)
        .await;
    (server, tokens)
}

#[tokio::test]
async fn a_hundred_concurrent_calls_fetch_one_token() {
    let (server, tokens) = token_server(3600).await;
    Mock::given(method("GET")).respond_with(atlas_json(200, group("p"))).mount(&server).await;
    let client =
        builder(&server).credentials(Credentials::service_account("mdb_sa_id", "mdb_sa_sk_secret")).build().unwrap();
    let calls = (0..100).map(|_| tokio::spawn(client.projects().get_group(GROUP).into_future()));
    for call in futures_util::future::join_all(calls).await {
        call.unwrap().expect("authorized");
    }
    assert_eq!(tokens.get(), 1, "one token request for 100 calls");
    let requests = server.received_requests().await.unwrap();
    let bearer = requests.iter().filter(|r| r.headers.get("authorization").is_some_and(|v| v == "Bearer tok-1"));
    assert_eq!(bearer.count(), 100);
}

#[tokio::test]
async fn a_token_is_reused_while_fresh_and_fetched_again_once_due() {
    // An hour-long token serves every call (the refresh rule itself is a unit test of
    // `oauth::fresh_for`); one that expires at once is fetched again for each call.
    for (lifetime, expected) in [(3600, 1), (0, 3)] {
        let (server, tokens) = token_server(lifetime).await;
        Mock::given(method("GET")).respond_with(atlas_json(200, group("p"))).mount(&server).await;
        let client = builder(&server).credentials(Credentials::service_account("id", "secret")).build().unwrap();
        for _ in 0..3 {
            client.projects().get_group(GROUP).await.unwrap();
        }
        assert_eq!(tokens.get(), expected, "tokens living {lifetime} s");
    }
}

#[tokio::test]
async fn a_401_refreshes_the_token_once() {
    // The server revokes tok-1 early: one refresh and one retry.
    let (server, tokens) = token_server(3600).await;
    Mock::given(method("GET"))
        .respond_with(|request: &Request| match request.headers.get("authorization").and_then(|v| v.to_str().ok()) {
            Some("Bearer tok-1") => ResponseTemplate::new(401),
            _ => atlas_json(200, group("p")),
        })
        .mount(&server)
        .await;
    let client = builder(&server).credentials(Credentials::service_account("id", "secret")).build().unwrap();
    client.projects().get_group(GROUP).await.expect("retried with a fresh token");
    assert_eq!(tokens.get(), 2);

    // A server that refuses every token: one refresh, then the 401 is the answer.
    let (server, tokens) = token_server(3600).await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(401)).mount(&server).await;
    let client = builder(&server).credentials(Credentials::service_account("id", "secret")).build().unwrap();
    let error = client.projects().get_group(GROUP).await.expect_err("always 401");
    assert!(error.is_unauthorized(), "{error:?}");
    assert_eq!(tokens.get(), 2, "one refresh, not one per 401");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.iter().filter(|r| r.method.as_str() == "GET").count(), 2);
}

#[tokio::test]
async fn a_refused_token_request_is_an_auth_error_without_the_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_string("bad client"))
        .mount(&server)
        .await;
    let client = builder(&server).credentials(Credentials::service_account("id", "mdb_sa_sk_secret")).build().unwrap();
    let error = client.projects().get_group(GROUP).await.expect_err("no token");
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert!(!format!("{error} {error:?}").contains("mdb_sa_sk_secret"));
}

/// A token endpoint answering 429 (with `retry_after` as `Retry-After`, if any) `refusals`
/// times, then handing out `tok-N`; the count of token requests.
async fn throttled_token_server(refusals: usize, retry_after: Option<&'static str>) -> (MockServer, Counter) {
    let server = MockServer::start().await;
    let requests = Counter::default();
    let seen = requests.clone();
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(move |_: &Request| {
            let n = seen.next();
            if n < refusals {
                let refused = ResponseTemplate::new(429).set_body_string("{}");
                return match retry_after {
                    Some(wait) => refused.insert_header("Retry-After", wait),
                    None => refused,
                };
            }
            let body = serde_json::json!({"access_token": format!("tok-{n}"), "expires_in": 3600});
            ResponseTemplate::new(200).set_body_json(body).set_delay(Duration::from_millis(50))
        })
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(atlas_json(200, group("p"))).mount(&server).await;
    (server, requests)
}

#[tokio::test]
async fn a_rate_limited_token_request_is_retried_once_for_all_waiting_calls() {
    let (server, requests) = throttled_token_server(2, None).await;
    let no_waits = RetryPolicy::default().rate_limit_delays(Duration::ZERO, Duration::ZERO);
    let client = builder(&server)
        .credentials(Credentials::service_account("id", "mdb_sa_sk_secret"))
        .retry(no_waits)
        .build()
        .unwrap();
    let calls = (0..50).map(|_| tokio::spawn(client.projects().get_group(GROUP).into_future()));
    for call in futures_util::future::join_all(calls).await {
        call.unwrap().expect("authorized after the endpoint's 429s");
    }
    assert_eq!(requests.get(), 3, "two 429s and one token, for 50 calls");

    // A Retry-After longer than the policy sleeps ends the call with the auth error at once.
    let (server, requests) = throttled_token_server(1, Some("3600")).await;
    let client = builder(&server).credentials(Credentials::service_account("id", "mdb_sa_sk_secret")).build().unwrap();
    let error = client.projects().get_group(GROUP).await.expect_err("an hour is not slept");
    assert!(matches!(&error, Error::Auth(auth) if auth.status.map(|s| s.as_u16()) == Some(429)), "{error:?}");
    assert_eq!(requests.get(), 1);
    assert!(!format!("{error} {error:?}").contains("mdb_sa_sk_secret"));
}

#[tokio::test]
async fn revoke_token_revokes_the_cached_token_and_the_next_call_fetches_another() {
    let (server, tokens) = token_server(3600).await;
    Mock::given(method("GET")).respond_with(atlas_json(200, group("p"))).mount(&server).await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/revoke"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = builder(&server).credentials(Credentials::service_account("id", "mdb_sa_sk_secret")).build().unwrap();
    client.revoke_token().await.expect("nothing to revoke yet");
    client.projects().get_group(GROUP).await.unwrap();
    client.revoke_token().await.expect("revoked");
    client.projects().get_group(GROUP).await.unwrap();
    assert_eq!(tokens.get(), 2, "a new token after the revocation");

    let requests = server.received_requests().await.unwrap();
    let revokes: Vec<&Request> = requests.iter().filter(|r| r.url.path() == "/api/oauth/revoke").collect();
    assert_eq!(revokes.len(), 1, "one token was live to revoke");
    assert_eq!(revokes[0].body, b"token=tok-1&token_type_hint=access_token");
    let basic = revokes[0].headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(basic.starts_with("Basic "), "{basic}");
    let bearers: Vec<_> = requests.iter().filter_map(|r| r.headers.get("authorization")).collect();
    assert!(bearers.iter().any(|v| *v == "Bearer tok-2"));

    // A refused revocation is an auth error naming neither the secret nor the token.
    let (server, _) = token_server(3600).await;
    Mock::given(method("GET")).respond_with(atlas_json(200, group("p"))).mount(&server).await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/revoke"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let client = builder(&server).credentials(Credentials::service_account("id", "mdb_sa_sk_secret")).build().unwrap();
    client.projects().get_group(GROUP).await.unwrap();
    let error = client.revoke_token().await.expect_err("500");
    let shown = format!("{error} {error:?}");
    assert!(
        matches!(&error, Error::Auth(_)) && !shown.contains("mdb_sa_sk_secret") && !shown.contains("tok-1"),
        "{shown}"
    );
}

#[test]
fn secrets_never_show_in_debug() {
    for credentials in [
        Credentials::api_key(PUBLIC, PRIVATE),
        Credentials::service_account("id", PRIVATE),
        Credentials::bearer_token(PRIVATE),
    ] {
        let shown = format!("{credentials:?}");
        assert!(!shown.contains(PRIVATE), "{shown}");
        let client = Client::builder().credentials(credentials).build().unwrap();
        assert!(!format!("{client:?}").contains(PRIVATE));
    }
}

#[test]
fn plain_http_is_refused_unless_loopback_or_allowed() {
    let refused = Client::builder().base_url("http://cloud.mongodb.com").build().expect_err("plain http");
    assert!(matches!(refused, Error::Config(_)));
    for loopback in ["http://127.0.0.1:8080", "http://localhost:1234", "http://[::1]:80"] {
        Client::builder().base_url(loopback).build().unwrap_or_else(|e| panic!("{loopback}: {e}"));
    }
    Client::builder().base_url("http://proxy.internal").allow_insecure_http(true).build().expect("explicitly allowed");
}

/// A client prints whose credentials it holds and never a secret; it keeps them once, in
/// the state that authenticates with them, so this is that state's `Debug`.
#[test]
fn a_client_prints_its_credentials_without_their_secrets() {
    let cases = [
        (Credentials::api_key(PUBLIC, PRIVATE), format!("Credentials::ApiKey {{ public_key: \"{PUBLIC}\"")),
        (Credentials::service_account("mdb_sa_id_1", "mdb_sa_sk_2"), "client_id: \"mdb_sa_id_1\"".to_owned()),
        (Credentials::bearer_token("tok3n"), "Credentials::BearerToken(<redacted>)".to_owned()),
        (Credentials::anonymous(), "Credentials::Anonymous".to_owned()),
    ];
    for (credentials, shown) in cases {
        let printed = format!("{:?}", Client::builder().credentials(credentials).build().unwrap());
        assert!(printed.contains(&shown), "{printed}");
        for secret in [PRIVATE, "mdb_sa_sk_2", "tok3n"] {
            assert!(!printed.contains(secret), "{printed}");
        }
    }
}

/// Credentials a header cannot carry end the call with an authentication error, before any
/// request goes out with a header that means something else (an `Authorization: invalid`
/// was sent before).
#[tokio::test]
async fn credentials_a_header_cannot_carry_are_an_error_and_nothing_is_sent_with_them() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let bearer = builder(&server).credentials(Credentials::bearer_token("tok\nen")).build().unwrap();
    let error = bearer.projects().get_group(GROUP).await.expect_err("refused before sending");
    assert!(matches!(&error, Error::Auth(auth) if auth.message.contains("bearer token")), "{error:?}");
    assert!(!error.to_string().contains("tok\nen"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty(), "no request without its credentials");

    // A Digest answer that cannot be a header (a public key with a line break) is no better.
    let server = challenging_server().await;
    let digest = builder(&server).credentials(Credentials::api_key("pub\nlic", PRIVATE)).build().unwrap();
    let error = digest.projects().get_group(GROUP).await.expect_err("the challenge cannot be answered");
    assert!(matches!(&error, Error::Auth(auth) if auth.message.contains("Digest")), "{error:?}");
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 1, "only the request the challenge came back for");
    assert!(sent[0].headers.get("authorization").is_none());
    assert!(!format!("{error} {error:?}").contains(PRIVATE));
}
