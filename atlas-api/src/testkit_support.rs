//! Support for the generated `testkit` module (conformance suites); not part of the API.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::Error;

/// One dated version of one operation.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    pub operation_id: &'static str,
    pub version: &'static str,
    pub method: &'static str,
    pub path: &'static str,
    pub accept: &'static str,
}

/// A synthesized argument, from its JSON.
pub fn arg<T: DeserializeOwned>(json: &str) -> Result<T, Error> {
    serde_json::from_str(json).map_err(|e| Error::Config(format!("synthesized argument {json}: {e}")))
}

/// The typed success value, re-encoded.
pub fn json<T: Serialize>(value: &T) -> Result<serde_json::Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::Config(format!("re-encoding the answer: {e}")))
}

/// A download, described by its size.
pub fn bytes(value: &bytes::Bytes) -> Result<serde_json::Value, Error> {
    Ok(serde_json::json!({ "bytes": value.len() }))
}
