//! What answers a request that no expectation answered, before the spec's example does: a
//! layer under the mock (a stateful fake is one). The mock knows only this trait; every check
//! it makes of a request (credentials, version, body, rate limits) has passed by then, and an
//! expectation set on the mock still answers first.

use serde_json::Value;

use super::answer::AtlasError;
use crate::request::Operation;

/// A request as a layer sees it: the operation and version the mock routed it to, the path,
/// the query and the body, as sent.
#[cfg_attr(not(feature = "fake"), allow(dead_code))] // read by a layer, and the fake is the one there is
pub(crate) struct Asked<'a> {
    pub(crate) operation: &'static Operation,
    pub(crate) path: &'a str,
    pub(crate) query: &'a [(String, String)],
    pub(crate) body: &'a [u8],
    /// What the mock answers otherwise: the spec's example of the operation version's answer.
    pub(crate) example: Option<&'static str>,
    /// Who sent it.
    pub(crate) caller: Caller<'a>,
}

/// Who sent a request, as Atlas names the caller in what the request records: the API key it
/// was signed with (its public key) or the service account's client id, and the address it
/// came from.
#[derive(Debug, Clone, Copy, Default)]
#[cfg_attr(not(feature = "fake"), allow(dead_code))] // read by a layer, and the fake is the one there is
pub(crate) struct Caller<'a> {
    pub(crate) api_key: Option<&'a str>,
    pub(crate) client_id: Option<&'a str>,
    pub(crate) address: Option<std::net::IpAddr>,
}

#[cfg_attr(not(feature = "fake"), allow(dead_code))]
impl<'a> Caller<'a> {
    /// The name Atlas records for the caller: its API key's public key, else its client id.
    pub(crate) fn name(&self) -> Option<&'a str> {
        self.api_key.or(self.client_id)
    }
}

/// A status and body, or the error Atlas would answer with.
pub(crate) type Answered = Result<(u16, Option<Body>), AtlasError>;

/// A layer's answer body: JSON, or the bytes of a download (a log's gzip), sent as they are.
#[cfg_attr(not(feature = "fake"), allow(dead_code))] // made by a layer, and the fake is the one there is
pub(crate) enum Body {
    Json(Value),
    Bytes(bytes::Bytes),
}

/// A layer's answer, and what the test should hear of it (a fault fails the test as the
/// mock's own faults do: an answer the layer gave that its contract refuses).
pub(crate) struct Layered {
    pub(crate) answer: Answered,
    pub(crate) fault: Option<String>,
}

/// What answers what no expectation did.
pub(crate) trait Layer: Send + Sync {
    /// The answer to `asked`, or `None` to leave it to the spec's example.
    fn answer(&self, asked: &Asked<'_>) -> Option<Layered>;
}
