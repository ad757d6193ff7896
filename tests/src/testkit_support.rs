//! What the generated `testkit` modules call (`crate::testkit_support`): the conformance
//! suites' cases and the helpers their callers use. It lives here, with the suites, so that
//! atlas-api ships none of it.

use atlas_api::{Error, Method, PathTemplate};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// One dated version of one operation.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    pub operation_id: &'static str,
    pub version: &'static str,
    pub method: Method,
    pub path: PathTemplate,
    pub accept: &'static str,
    /// The documented success status of this version.
    pub status: u16,
    /// Whether the operation's plain method (no version suffix) calls this version.
    pub default: bool,
}

/// A synthesized argument, from its JSON.
pub fn arg<T: DeserializeOwned>(json: &str) -> Result<T, Error> {
    serde_json::from_str(json).map_err(|e| Error::Config(format!("synthesized argument {json}: {e}")))
}

/// An instant synthesized as a count of seconds (or milliseconds) since the Unix epoch,
/// for a parameter the client takes as a `DateTime<Utc>`.
pub fn unix_time(json: &str, millis: bool) -> Result<chrono::DateTime<chrono::Utc>, Error> {
    let fail = |why: &str| Error::Config(format!("synthesized instant {json}: {why}"));
    let number: f64 = serde_json::from_str(json).map_err(|e| fail(&e.to_string()))?;
    let instant = if millis {
        chrono::DateTime::from_timestamp_millis(number as i64)
    } else {
        chrono::DateTime::from_timestamp(number as i64, 0)
    };
    instant.ok_or_else(|| fail("out of range"))
}

/// An example of an instant parameter sent as a count since the epoch, read as the client
/// takes it (a `DateTime<Utc>`) and written as it sends it.
pub fn roundtrip_unix_time<const MILLIS: bool>(value: serde_json::Value) -> Result<serde_json::Value, String> {
    let instant = unix_time(&value.to_string(), MILLIS).map_err(|e| format!("decode failed at `.`: {e}"))?;
    Ok(if MILLIS { instant.timestamp_millis() } else { instant.timestamp() }.into())
}

/// The typed success value, re-encoded.
pub fn json<T: Serialize>(value: &T) -> Result<serde_json::Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::Config(format!("re-encoding the answer: {e}")))
}

/// A download, described by its size.
pub fn bytes(value: &atlas_api::Bytes) -> Result<serde_json::Value, Error> {
    Ok(serde_json::json!({ "bytes": value.len() }))
}

/// Decodes `value` into `T` (failures name the JSON path) and encodes it again.
pub fn roundtrip<T: DeserializeOwned + Serialize>(value: serde_json::Value) -> Result<serde_json::Value, String> {
    let decoded: T = serde_path_to_error::deserialize(value)
        .map_err(|e| format!("decode failed at `{}`: {}", e.path(), e.inner()))?;
    serde_json::to_value(&decoded).map_err(|e| format!("encode failed: {e}"))
}

/// An integer as fields decode it: a float without fraction (`1.1991456e+09`) is accepted.
pub fn roundtrip_int<T: TryFrom<i64> + Serialize>(value: serde_json::Value) -> Result<serde_json::Value, String> {
    let number =
        value.as_i64().or_else(|| value.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18).map(|f| f as i64));
    let number = number.ok_or_else(|| format!("decode failed at `.`: expected an integer, got {value}"))?;
    let number = T::try_from(number).map_err(|_| format!("decode failed at `.`: {number} is out of range"))?;
    serde_json::to_value(&number).map_err(|e| format!("encode failed: {e}"))
}
