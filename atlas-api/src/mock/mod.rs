//! A mock Atlas for your tests (cargo feature `mock`): a real HTTP server on 127.0.0.1 that
//! checks each request as Atlas would and answers what your test expects.
//!
//! ```
//! # #[cfg(feature = "clusters")]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), atlas_api::Error> {
//! use atlas_api::mock::{AtlasError, MockAtlas};
//! use atlas_api::types::{ClusterDescription20240805, ClusterDescription20240805StateName as State};
//!
//! const GROUP: &str = "5e2211c17a3e5a48f5497de3"; // a project id: 24 hex digits, as in Atlas
//! let mock = MockAtlas::start().await;
//! let client = mock.client(); // a service account the mock knows, pointed at the mock
//!
//! // The template is the call itself: a misspelt operation or a wrong answer type does
//! // not compile, and the request must match it (method, path, dated version).
//! let creating = ClusterDescription20240805::default().name("Cluster0").state_name(State::Creating);
//! let idle = creating.clone().state_name(State::Idle);
//! mock.expect(client.clusters().get_cluster(GROUP, "Cluster0")).returns_each([creating, idle]);
//! mock.expect(client.clusters().get_cluster(GROUP, "Gone")).fails(AtlasError::not_found("CLUSTER_NOT_FOUND"));
//!
//! let first = client.clusters().get_cluster(GROUP, "Cluster0").await?;
//! let second = client.clusters().get_cluster(GROUP, "Cluster0").await?;
//! assert_eq!((first.state_name, second.state_name), (Some(State::Creating), Some(State::Idle)));
//! let error = client.clusters().get_cluster(GROUP, "Gone").await.unwrap_err();
//! assert_eq!(error.error_code(), Some("CLUSTER_NOT_FOUND"));
//!
//! mock.verify(); // or let it drop: unmet expectations and faults fail the test either way
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "clusters"))]
//! # fn main() {}
//! ```
//!
//! **What it checks on every request**, as Atlas does: the credentials (a service
//! account's token from `/api/oauth/token`, an API key's Digest answer to the mock's
//! challenge, a bearer token); that the method and path are an operation of the enabled
//! tags; that `Accept` is the dated media type of a version of it, and `Content-Type` that
//! of its body; that the body decodes into the operation's own type with its required
//! fields and known enum values; that path parameters and body fields keep the spec's
//! `pattern`, length, range and item count (never stricter than Atlas: a union's value
//! passes as any of its members). Each fault is answered as Atlas would (401, 404, 406,
//! 415, 400 with `INVALID_JSON_ATTRIBUTE`, `INVALID_ATTRIBUTE` or `VALIDATION_ERROR` and the
//! value's path) and recorded; so is a call nothing expects, by operation, version, method and path.
//!
//! **Failing the test**: [`MockAtlas::verify`] panics with every fault and every unmet
//! expectation; dropping the mock does the same (unless the test is already panicking).
//!
//! **Answers**: [`Expectation::returns`] (a typed value, `()` or download bytes),
//! [`Expectation::returns_each`] (a sequence, the last value repeated),
//! [`Expectation::pages`] (a list served by `pageNum`/`itemsPerPage`/`includeCount`),
//! [`Expectation::fails`] with an [`AtlasError`], [`Expectation::rate_limited`] (429 with
//! `Retry-After`), [`Expectation::drops_connection`], [`Expectation::cuts_after`] and
//! [`Expectation::stalls_after`] (a body broken off after some bytes); [`Expectation::delay`] holds any of
//! them back. An expectation given no answer (`mock.expect(call);`) answers with the spec's
//! example of its operation and version, composed from the schema's examples as Atlas's
//! reference shows it. [`MockAtlasBuilder::serve_examples`] answers every call that way
//! unless an expectation says otherwise.

pub(crate) mod answer;
mod auth;
pub(crate) mod check;
mod dispatch;
mod expect;
pub(crate) mod layer;
mod meter;
pub(crate) mod route;
mod rule;
mod server;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

pub(crate) use self::auth::lock;
use self::auth::MockAuth;
use self::dispatch::Received;
use self::rule::ExpectationRule;
use crate::request::{Call, Operation};
use crate::{Client, ClientBuilder, Credentials};

pub use self::answer::AtlasError;
#[doc(hidden)]
pub use self::answer::Encode;
pub use self::expect::Expectation;
pub use self::meter::RateLimit;
#[doc(hidden)]
pub use self::route::Known;

/// Checks `value` against what the spec constrains of the component schema `name` (the limits
/// the mock holds requests to); `None` when nothing in it is. For the conformance suite that
/// holds real responses to the same limits.
#[doc(hidden)]
pub fn __check_schema(name: &str, value: &serde_json::Value) -> Option<Result<(), String>> {
    check::schema(name, value)
}

/// The service account [`MockAtlas::start`] accepts.
pub const CLIENT_ID: &str = "mdb_sa_id_mock";
/// The secret of [`CLIENT_ID`].
pub const CLIENT_SECRET: &str = "mdb_sa_sk_mock";

/// A mock Atlas on a local port; see the [module docs](self).
pub struct MockAtlas {
    pub(crate) state: Arc<State>,
    address: SocketAddr,
    credentials: Credentials,
    server: tokio::task::JoinHandle<()>,
}

pub(crate) struct State {
    pub(crate) operations: Vec<route::Known>,
    rules: Mutex<Vec<ExpectationRule>>,
    faults: Mutex<Vec<String>>,
    requests: Mutex<Vec<Request>>,
    auth: MockAuth,
    /// Answer a call no expectation matches with its example instead of a fault.
    serve_examples: bool,
    /// Atlas's rate limits, when the test asked for them.
    meter: meter::Meter,
    /// What answers what no expectation does, before the example (a fake's state).
    layer: Option<Arc<dyn layer::Layer>>,
}

impl State {
    /// The table's entry of `operation`, found by name: a `const` operation may stand at
    /// another address at each use.
    pub(crate) fn known(&self, operation: &Operation) -> Option<&route::Known> {
        let same =
            |known: &&route::Known| known.operation.id == operation.id && known.operation.version == operation.version;
        self.operations.iter().find(same)
    }

    /// The example the mock answers `operation` with by default.
    fn example_of(&self, operation: &'static Operation) -> Option<&'static str> {
        self.known(operation).and_then(|known| known.example)
    }

    fn fault(&self, fault: String) {
        tracing::warn!(%fault, "mock Atlas");
        lock(&self.faults).push(fault);
    }

    fn record(&self, received: &Received) {
        let request = Request {
            method: received.method.as_str().to_owned(),
            path: received.path.clone(),
            query: received.query.clone(),
            body: serde_json::from_slice(&received.body).ok(),
        };
        lock(&self.requests).push(request);
    }
}

/// A request the mock received (see [`MockAtlas::requests`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Request {
    pub method: String,
    /// The path as sent (percent-encoded).
    pub path: String,
    /// The query parameters, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The JSON body, if there was one.
    pub body: Option<serde_json::Value>,
}

/// Starts a [`MockAtlas`] with other credentials.
#[derive(Debug, Default)]
#[must_use]
pub struct MockAtlasBuilder {
    credentials: Option<Credentials>,
    serve_examples: bool,
    meter: meter::Meter,
    layer: Option<Arc<dyn layer::Layer>>,
}

impl std::fmt::Debug for dyn layer::Layer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Layer")
    }
}

impl MockAtlasBuilder {
    /// The credentials the mock accepts and [`MockAtlas::client`] uses: a service account
    /// (answered at `/api/oauth/token`), an API key (answered with a Digest challenge), a
    /// bearer token, or [`Credentials::anonymous`] to check none.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Answers every call that no expectation matches with the spec's example of its
    /// operation and version, instead of failing the test: a fake Atlas for demos and smoke
    /// tests. The checks on credentials, `Accept`, `Content-Type` and paths still apply.
    pub fn serve_examples(mut self) -> Self {
        self.serve_examples = true;
        self
    }

    /// Meters every call as Atlas does, with one token bucket of `limit` per scope (project,
    /// organization, or the caller) and endpoint set (the first resource under the scope:
    /// `clusters` in `/groups/{groupId}/clusters/...`): every answer carries
    /// `RateLimit-Limit` and `RateLimit-Remaining`, and an empty bucket answers 429
    /// `RATE_LIMITED_TOKEN_BUCKET` with `Retry-After` and Atlas's detail ("Please retry after
    /// 2 seconds. Request capacity: 5. Refill rate: 5 per 2 seconds."). The buckets run on
    /// tokio's clock, paused or not. [`MockAtlas::rate_limit_refusals`] counts the 429s.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.meter.every = Some(limit);
        self
    }

    /// The endpoint set `set` (a first resource under a scope, e.g. `clusters`, or `""` for
    /// the scope itself) has buckets of `limit` instead of [`rate_limit`](Self::rate_limit)'s.
    pub fn rate_limit_set(mut self, set: impl Into<String>, limit: RateLimit) -> Self {
        self.meter.sets.push((set.into(), limit));
        self
    }

    /// Meters the service account token endpoint (Atlas allows 50 requests a minute per
    /// address and account: `RateLimit::new(50, 50, Duration::from_secs(60))`).
    pub fn token_rate_limit(mut self, limit: RateLimit) -> Self {
        self.meter.token = Some(limit);
        self
    }

    /// Puts `layer` under the mock: it answers what no expectation does, and the spec's
    /// example answers what it leaves (a fake's state: what `FakeAtlas` starts).
    #[cfg_attr(not(feature = "fake"), allow(dead_code))]
    pub(crate) fn layer(mut self, layer: Arc<dyn layer::Layer>) -> Self {
        self.layer = Some(layer);
        self.serve_examples = true;
        self
    }

    /// Binds 127.0.0.1 on a free port and serves on the current tokio runtime.
    pub async fn start(self) -> MockAtlas {
        let credentials = self.credentials.unwrap_or_else(|| Credentials::service_account(CLIENT_ID, CLIENT_SECRET));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("the mock binds 127.0.0.1");
        let address = listener.local_addr().expect("a bound socket has an address");
        let state = Arc::new(State {
            operations: crate::generated::tables::operations(),
            rules: Mutex::default(),
            faults: Mutex::default(),
            requests: Mutex::default(),
            auth: MockAuth::new(credentials.clone()),
            serve_examples: self.serve_examples,
            meter: self.meter,
            layer: self.layer,
        });
        let server = tokio::spawn(server::serve(listener, state.clone()));
        MockAtlas { state, address, credentials, server }
    }
}

impl MockAtlas {
    /// The example the mock answers `operation` with by default.
    pub(crate) fn example_of(&self, operation: &'static Operation) -> Option<&'static str> {
        self.state.example_of(operation)
    }

    /// Starts a mock that accepts the service account [`CLIENT_ID`]/[`CLIENT_SECRET`].
    pub async fn start() -> Self {
        Self::builder().start().await
    }

    pub fn builder() -> MockAtlasBuilder {
        MockAtlasBuilder::default()
    }

    /// The base URL, e.g. `http://127.0.0.1:41234`.
    pub fn uri(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The credentials the mock accepts.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// A client builder pointed at the mock with its credentials, to change other settings.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder().base_url(self.uri()).credentials(self.credentials.clone())
    }

    /// A client pointed at the mock with its credentials.
    pub fn client(&self) -> Client {
        self.client_builder().build().expect("a loopback base URL is valid")
    }

    /// Expects the request `call` would send; see [`Expectation`]. The builder is only a
    /// template: it is never sent.
    pub fn expect<C: Call>(&self, call: C) -> Expectation<'_, C> {
        Expectation::new(self, call)
    }

    fn register(&self, rule: ExpectationRule) {
        lock(&self.state.rules).push(rule);
    }

    /// The 429s the mock's rate limits answered so far
    /// ([`MockAtlasBuilder::rate_limit`]).
    pub fn rate_limit_refusals(&self) -> usize {
        self.state.meter.refused()
    }

    /// Every request received so far, in order (token requests included).
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.state.requests).clone()
    }

    /// What would fail the test now: faults of the requests, then unmet expectations.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = lock(&self.state.faults).clone();
        let rules = lock(&self.state.rules);
        problems.extend(rules.iter().filter(|rule| rule.unmet()).map(|rule| format!("unmet: {}", rule.describe())));
        problems
    }

    /// The problems so far, which then no longer fail the test: for a test that asserts
    /// that the mock caught something. Unmet expectations are forgotten with them.
    pub fn take_problems(&self) -> Vec<String> {
        let problems = self.problems();
        lock(&self.state.faults).clear();
        lock(&self.state.rules).retain(|rule| !rule.unmet());
        problems
    }

    /// The faults of the requests so far (not unmet expectations), which then no longer
    /// fail the test.
    pub fn take_faults(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.state.faults))
    }

    /// Panics with every fault and unmet expectation, if there are any.
    #[track_caller]
    pub fn verify(&self) {
        let problems = self.problems();
        if !problems.is_empty() {
            panic!("mock Atlas: {} problem(s):\n  {}", problems.len(), problems.join("\n  "));
        }
    }
}

impl Drop for MockAtlas {
    fn drop(&mut self) {
        self.server.abort();
        if !std::thread::panicking() {
            self.verify();
        }
    }
}

impl std::fmt::Debug for MockAtlas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockAtlas").field("uri", &self.uri()).finish_non_exhaustive()
    }
}
