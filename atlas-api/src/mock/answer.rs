//! What the mock answers: typed values, Atlas errors, pages, rate limits, dropped connections.

use std::time::Duration;

use bytes::Bytes;
use serde_json::{json, Value};

use crate::response::{Empty, Json, Raw};

/// An error as Atlas writes it: the status, its `errorCode`, `detail` and `parameters`.
///
/// ```
/// use atlas_api::mock::AtlasError;
///
/// let gone = AtlasError::not_found("CLUSTER_NOT_FOUND").detail("No cluster named Cluster0 exists.");
/// assert_eq!(gone.status(), 404);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AtlasError {
    status: u16,
    error_code: String,
    detail: Option<String>,
    parameters: Vec<Value>,
}

impl AtlasError {
    /// Any status and `errorCode`.
    pub fn new(status: u16, error_code: impl Into<String>) -> Self {
        Self { status, error_code: error_code.into(), detail: None, parameters: Vec::new() }
    }

    /// 400, e.g. `INVALID_ATTRIBUTE`.
    pub fn bad_request(error_code: impl Into<String>) -> Self {
        Self::new(400, error_code)
    }

    /// 401 `NOT_ORG_GROUP_CREATOR`-style refusals use [`AtlasError::new`]; this is 401
    /// `UNAUTHORIZED`.
    pub fn unauthorized() -> Self {
        Self::new(401, "UNAUTHORIZED")
    }

    /// 403, e.g. `USER_CANNOT_ACCESS_GROUP` or `ORG_REQUIRES_ACCESS_LIST`.
    pub fn forbidden(error_code: impl Into<String>) -> Self {
        Self::new(403, error_code)
    }

    /// 404, e.g. `GROUP_NOT_FOUND` or `CLUSTER_NOT_FOUND`.
    pub fn not_found(error_code: impl Into<String>) -> Self {
        Self::new(404, error_code)
    }

    /// 409, e.g. `DUPLICATE_CLUSTER_NAME`.
    pub fn conflict(error_code: impl Into<String>) -> Self {
        Self::new(409, error_code)
    }

    /// 500 `UNEXPECTED_ERROR`.
    pub fn server_error() -> Self {
        Self::new(500, "UNEXPECTED_ERROR")
    }

    /// 503 `SERVICE_UNAVAILABLE`.
    pub fn unavailable() -> Self {
        Self::new(503, "SERVICE_UNAVAILABLE")
    }

    /// The human-readable `detail`.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// The `parameters` Atlas fills the detail with.
    pub fn parameters(mut self, parameters: impl IntoIterator<Item = impl Into<Value>>) -> Self {
        self.parameters = parameters.into_iter().map(Into::into).collect();
        self
    }

    pub fn status(&self) -> u16 {
        self.status
    }

    pub fn error_code(&self) -> &str {
        &self.error_code
    }

    pub(crate) fn body(&self) -> Vec<u8> {
        let reason = reqwest::StatusCode::from_u16(self.status).ok().and_then(|s| s.canonical_reason()).unwrap_or("");
        let detail = self.detail.clone().unwrap_or_else(|| format!("{} ({})", reason, self.error_code));
        let body = json!({
            "detail": detail,
            "error": self.status,
            "errorCode": self.error_code,
            "parameters": self.parameters,
            "reason": reason,
        });
        body.to_string().into_bytes()
    }
}

/// One answer of an expectation.
#[derive(Debug, Clone)]
pub(crate) enum Answer {
    /// The documented success status with these bodies in turn, the last one repeated
    /// (`None`: no body).
    Values(Vec<Option<Bytes>>),
    /// A list served from these items by `pageNum` and `itemsPerPage`.
    Pages(Vec<Value>),
    Error(AtlasError),
    RateLimited(Duration),
    Drop,
    /// The documented success status and the first bytes of a body, then a fault.
    Broken {
        body: Bytes,
        fault: BodyFault,
    },
}

/// How a body breaks off after its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyFault {
    /// The connection closes after this many bytes of the announced length.
    CutAfter(usize),
    /// Nothing more is sent after this many bytes, and the connection stays open.
    StallAfter(usize),
}

/// The answer's parts: status, extra headers, body.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<Bytes>,
}

impl Reply {
    pub(crate) fn error(error: &AtlasError) -> Self {
        Self { status: error.status, headers: Vec::new(), body: Some(error.body().into()) }
    }
}

impl Answer {
    /// The reply to the `call`-th (0-based) request this answer serves; `None` drops the
    /// connection.
    pub(crate) fn reply(&self, call: usize, status: u16, query: &[(String, String)]) -> Result<Option<Reply>, String> {
        Ok(Some(match self {
            Answer::Values(bodies) => {
                let body = bodies.get(call).or(bodies.last()).cloned().flatten();
                Reply { status, headers: Vec::new(), body }
            }
            Answer::Pages(items) => Reply { status, headers: Vec::new(), body: Some(page(items, query)?.into()) },
            Answer::Error(error) => Reply::error(error),
            Answer::RateLimited(after) => {
                let detail = format!("Rate limit exceeded. Please retry after {} seconds.", after.as_secs());
                let error = AtlasError::new(429, "RATE_LIMITED_TOKEN_BUCKET").detail(detail);
                let mut reply = Reply::error(&error);
                reply.headers.push(("retry-after", after.as_secs().to_string()));
                reply
            }
            Answer::Drop => return Ok(None),
            Answer::Broken { body, .. } => Reply { status, headers: Vec::new(), body: Some(body.clone()) },
        }))
    }

    /// How the body of this answer breaks off, if it does.
    pub(crate) fn fault(&self) -> Option<BodyFault> {
        match self {
            Answer::Broken { fault, .. } => Some(*fault),
            _ => None,
        }
    }
}

/// One page of `items` as Atlas serves it: `pageNum` from 1, `itemsPerPage` 1 to 500
/// (default 100), `totalCount` unless `includeCount=false`.
pub(crate) fn page(items: &[Value], query: &[(String, String)]) -> Result<Vec<u8>, String> {
    let paging = Paging::asked(query)?;
    Ok(paging.body(items, query).to_string().into_bytes())
}

/// Which page of a list a query asks for: its number (from 1) and its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Paging {
    pub(crate) number: usize,
    pub(crate) size: usize,
}

impl Paging {
    /// `pageNum` (1 by default) and `itemsPerPage` (100, at most 500), or why Atlas refuses them.
    pub(crate) fn asked(query: &[(String, String)]) -> Result<Self, String> {
        let number = |name: &str, default: usize, max: usize| match param(query, name) {
            None => Ok(default),
            Some(value) => match value.parse::<usize>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(format!("`{name}={value}` is not a number from 1 to {max}, which Atlas answers with 400")),
            },
        };
        Ok(Paging { number: number("pageNum", 1, usize::MAX)?, size: number("itemsPerPage", 100, 500)? })
    }

    /// The page of `items` as a list answers it: its `results`, the `totalCount` unless
    /// `includeCount=false`, and no `links`.
    pub(crate) fn body(&self, items: &[Value], query: &[(String, String)]) -> Value {
        let start = (self.number - 1).saturating_mul(self.size).min(items.len());
        let results = &items[start..(start + self.size).min(items.len())];
        let mut body = json!({ "links": [], "results": results });
        if param(query, "includeCount") != Some("false") {
            body["totalCount"] = json!(items.len());
        }
        body
    }
}

/// The last value of the query parameter `name`.
fn param<'q>(query: &'q [(String, String)], name: &str) -> Option<&'q str> {
    query.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// How a call's typed success value is written on the wire.
#[doc(hidden)]
pub trait Encode {
    type Output;
    fn encode(value: &Self::Output) -> Option<Bytes>;
}

impl<T: serde::Serialize> Encode for Json<T> {
    type Output = T;
    fn encode(value: &T) -> Option<Bytes> {
        Some(serde_json::to_vec(value).expect("a generated type encodes as JSON").into())
    }
}

impl Encode for Empty {
    type Output = ();
    fn encode(_: &()) -> Option<Bytes> {
        None
    }
}

impl Encode for Raw {
    type Output = Bytes;
    fn encode(value: &Bytes) -> Option<Bytes> {
        Some(value.clone())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::page;

    fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    #[test]
    fn pages_follow_page_num_and_items_per_page() {
        let items: Vec<Value> = (1..=5).map(|n| json!(n)).collect();
        let second: Value =
            serde_json::from_slice(&page(&items, &query(&[("pageNum", "2"), ("itemsPerPage", "2")])).unwrap()).unwrap();
        assert_eq!(second["results"], json!([3, 4]));
        assert_eq!(second["totalCount"], json!(5));
        let past: Value = serde_json::from_slice(&page(&items, &query(&[("pageNum", "9")])).unwrap()).unwrap();
        assert_eq!(past["results"], json!([]));
        let uncounted: Value =
            serde_json::from_slice(&page(&items, &query(&[("includeCount", "false")])).unwrap()).unwrap();
        assert_eq!(uncounted.get("totalCount"), None);
        assert!(page(&items, &query(&[("itemsPerPage", "501")])).is_err());
        assert!(page(&items, &query(&[("pageNum", "0")])).is_err());
    }
}
