//! Rust SDK for the MongoDB Atlas Administration API v2.
#![forbid(unsafe_code)]

mod generated;

pub use generated::types;
