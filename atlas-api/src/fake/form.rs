//! What an answer type holds and the reader that shapes and checks an answer by it: both in
//! atlas-api-types (`support::form` and the generated `forms`, behind its `forms` feature),
//! so that a change here does not compile them again. Here only what names this crate's
//! operations: the unit tests' typed decode of each operation version's answer.

pub(crate) use atlas_api_types::support::form::*;

#[cfg(test)]
use atlas_api_types::support::Strictness;
#[cfg(test)]
use serde_json::Value;

/// An operation version's JSON answer, read by its type's decode (unit tests only).
#[cfg(test)]
pub(crate) type TypedAnswer = (&'static crate::request::Operation, fn(&Value, Strictness) -> Result<(), String>);

/// Reads `value` as `T` in `strictness` (unit tests only).
#[cfg(test)]
pub(crate) fn typed<T: atlas_api_types::support::Decode>(value: &Value, strictness: Strictness) -> Result<(), String> {
    atlas_api_types::support::from_value::<T>(value.clone(), strictness).map(drop).map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests;
