//! Rust SDK for the MongoDB Atlas Administration API v2.
#![forbid(unsafe_code)]

#[rustfmt::skip]
mod generated;

pub use generated::types;
