//! The parts of the xtask other crates test: `fetch` (feature `fetch`, which compiles an
//! HTTP client the regeneration itself does not need).
#![forbid(unsafe_code)]

#[cfg(feature = "fetch")]
pub mod fetch;
