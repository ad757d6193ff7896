//! The generator's output for each fixture spec in `fixtures/`, compiled (see `build.rs`).
//! Tests in `tests/` decode and encode JSON through these types and pin the generated code
//! with snapshots.
#![forbid(unsafe_code)]
#![allow(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));

/// The helpers the fixtures' generated types call as `crate::support`.
#[doc(hidden)]
pub use ::atlas_api::types::support;

/// atlas-api as the conformance suites drive it: its operations and types, and the testkit
/// `build.rs` generates from `$ATLAS_SPEC`.
pub mod atlas {
    pub use ::atlas_api::{ops, types};
    include!(concat!(env!("OUT_DIR"), "/atlas.rs"));
}

/// The runtime the generated testkit calls (`crate::__rt`), as inside atlas-api.
#[doc(hidden)]
pub use ::atlas_api::__rt;

pub mod conformance;
pub mod testkit_support;
