//! Nothing here: the tests in `tests/` use atlas-api as a downstream crate would, through
//! its public API and `atlas_api::mock` alone, and run the crate's examples against the mock.
#![forbid(unsafe_code)]

/// The repository README's Rust examples compile (and those not marked `no_run` run) as
/// doctests here, against the public API with the mock, as a user's crate would.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
