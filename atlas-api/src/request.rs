//! What generated code hands the client for one call: the operation's static facts and the
//! request's parts, already converted to strings.

use crate::error::{EncodeError, Error};
pub use crate::method::Method;
pub use crate::operation::Operation;
use crate::path::UnsafeParameter;

/// Every request builder (`client.clusters().get_cluster(..)` and the like): its operation,
/// and what awaiting it gives. The [`mock`](crate::mock) takes builders as templates of the
/// requests it expects.
pub trait Call: Send + Sized + 'static {
    /// What awaiting the builder gives on success: the typed body, `()` or [`Bytes`](crate::Bytes).
    type Output: Send + 'static;
    /// How the answer is read.
    #[doc(hidden)]
    type Reader: crate::response::Reader<Output = Self::Output>;
    /// The request body's type (`()` when the operation takes none).
    #[doc(hidden)]
    type Body: crate::support::Decode + Send + 'static;
    /// The operation and dated version this builder calls.
    const OPERATION: &'static Operation;

    /// The client it goes through and the request, ready to send.
    #[doc(hidden)]
    fn into_parts(self) -> (crate::client::Client, PreparedRequest);
}

/// One request, ready to send.
#[doc(hidden)]
#[derive(Debug)]
pub struct PreparedRequest {
    pub(crate) operation: &'static Operation,
    /// The path with its parameters filled in and percent-encoded.
    pub(crate) path: String,
    /// A path parameter that would have addressed another resource: never sent.
    pub(crate) unsafe_parameter: Option<UnsafeParameter>,
    /// A path parameter that disagrees with the body's tag, with why: never sent.
    pub(crate) refused: Option<(&'static str, String)>,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<EncodedBody>,
}

#[derive(Debug)]
pub(crate) struct EncodedBody {
    pub(crate) content_type: &'static str,
    pub(crate) bytes: Result<Vec<u8>, serde_json::Error>,
}

impl PreparedRequest {
    /// A request of `operation`, its path parameters `values` in path order.
    pub fn new(operation: &'static Operation, values: &[&str]) -> Self {
        let (path, unsafe_parameter) = match operation.path.fill(values) {
            Ok(path) => (path, None),
            Err(refused) => (String::new(), Some(refused)),
        };
        Self { operation, path, unsafe_parameter, refused: None, query: Vec::new(), headers: Vec::new(), body: None }
    }

    /// Adds one `name=value` pair (arrays call this once per item).
    pub fn query(&mut self, name: &'static str, value: String) {
        self.query.push((name, value));
    }

    pub fn header(&mut self, name: &'static str, value: String) {
        self.headers.push((name, value));
    }

    /// A JSON body, already encoded by the generated code's request path (no read-only
    /// properties), sent with its dated media type as `Content-Type`.
    pub fn json(&mut self, content_type: &'static str, bytes: Result<Vec<u8>, serde_json::Error>) {
        self.body = Some(EncodedBody { content_type, bytes });
    }

    /// The path parameter `name` was filled with `value`, the tag `property` of the body's
    /// union member: a body that names none (a value kept as JSON without its tag) leaves the
    /// path without it, and is refused before it is sent.
    pub fn from_body(&mut self, name: &'static str, property: &'static str, value: &str) {
        if value.is_empty() && self.refused.is_none() {
            let reason = format!("is taken from the body's `{property}`, and the body names none");
            self.refused = Some((name, reason));
        }
    }

    /// The path parameter `name` is `value`, which the body's union tag `property` says too:
    /// a body whose tag differs (Atlas refuses it) is refused before it is sent. A body that
    /// does not carry its tag says nothing against the path.
    pub fn tie(&mut self, name: &'static str, property: &'static str, value: &str) {
        let Some(EncodedBody { bytes: Ok(bytes), .. }) = &self.body else { return };
        let Ok(serde_json::Value::Object(body)) = serde_json::from_slice::<serde_json::Value>(bytes) else { return };
        match body.get(property).and_then(serde_json::Value::as_str) {
            Some(tag) if tag != value && self.refused.is_none() => {
                let reason = format!("is `{value}`, but the body's `{property}` is `{tag}`: both name the same thing");
                self.refused = Some((name, reason));
            }
            _ => {}
        }
    }

    pub(crate) fn take_body(&mut self) -> Result<Option<(&'static str, Vec<u8>)>, Error> {
        match self.body.take() {
            None => Ok(None),
            Some(EncodedBody { content_type, bytes: Ok(bytes) }) => Ok(Some((content_type, bytes))),
            Some(EncodedBody { bytes: Err(source), .. }) => {
                Err(Error::Encode(Box::new(EncodeError { operation: self.operation.id, source })))
            }
        }
    }
}

/// How a parameter value is written in a query string or header.
pub trait ToParam {
    fn to_param(&self) -> String;
}

impl ToParam for String {
    fn to_param(&self) -> String {
        self.clone()
    }
}

impl ToParam for str {
    fn to_param(&self) -> String {
        self.to_owned()
    }
}

macro_rules! display_param {
    ($($ty:ty),*) => {$(
        impl ToParam for $ty {
            fn to_param(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

// `bool` displays as `true`/`false`, as the API expects.
display_param!(bool, i32, i64, u32, u64, f32, f64);

impl ToParam for chrono::DateTime<chrono::Utc> {
    /// RFC 3339 with a `Z` suffix, e.g. `2024-05-01T10:00:00Z`.
    fn to_param(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

impl ToParam for chrono::NaiveDate {
    fn to_param(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}

impl ToParam for serde_json::Value {
    fn to_param(&self) -> String {
        match self {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_use_wire_spellings() {
        assert_eq!(true.to_param(), "true");
        let at = chrono::DateTime::parse_from_rfc3339("2024-05-01T10:00:00Z").unwrap().with_timezone(&chrono::Utc);
        assert_eq!(at.to_param(), "2024-05-01T10:00:00Z");
    }
}
