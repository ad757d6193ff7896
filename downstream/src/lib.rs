//! Nothing here: the tests in `tests/` use atlas-api as a downstream crate would, through
//! its public API and `atlas_api::mock` alone, and run the crate's examples against the mock.
#![forbid(unsafe_code)]
