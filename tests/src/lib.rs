//! The generator's output for each fixture spec in `fixtures/`, compiled (see `build.rs`).
//! Tests in `tests/` decode and encode JSON through these types and pin the generated code
//! with snapshots.
#![forbid(unsafe_code)]
#![allow(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));

pub mod conformance;
