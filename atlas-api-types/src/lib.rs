//! The request and response types of the MongoDB Atlas Administration API v2, generated
//! from its OpenAPI spec. Use them through [`atlas_api::types`](https://docs.rs/atlas-api):
//! this crate exists so that they compile once, apart from the HTTP client.
//!
//! The same cargo features as `atlas-api` (one per API tag, and `preview`) choose which
//! types are compiled; `atlas-api` passes its own on.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

#[rustfmt::skip]
mod generated;

// With no tag feature on, no type is compiled and the glob re-exports nothing.
#[allow(unused_imports)]
pub use generated::types::*;

/// The same types, grouped by the API tag whose operations use them.
pub use generated::by_tag;

/// What each type an answer reaches holds, as atlas-api's fake reads it; not part of the
/// public API.
#[cfg(feature = "forms")]
#[doc(hidden)]
pub use generated::forms;

/// What the generated types, and the operations of atlas-api, call; not part of the public API.
#[doc(hidden)]
pub mod support;
