//! Rust SDK for the MongoDB Atlas Administration API v2, generated from Atlas's OpenAPI spec.
//!
//! ```no_run
//! # async fn run() -> Result<(), atlas_api::Error> {
//! use atlas_api::{Client, Credentials};
//!
//! let client = Client::builder().credentials(Credentials::bearer_token("<access token>")).build()?;
//! let cluster = client.clusters().get_cluster("5f1b0d6e2a1b3c4d5e6f7a8b", "Cluster0").await?;
//! println!("{:?}", cluster.state_name);
//! # Ok(())
//! # }
//! ```
//!
//! Operations hang off one accessor per API tag (`client.clusters()`, `client.projects()`),
//! each behind a cargo feature of the same name (all on by default). Each method uses the
//! operation's newest stable dated version; older versions are `<name>_vYYYY_MM_DD`.
#![forbid(unsafe_code)]

mod auth;
mod client;
mod download;
mod error;
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;
mod pagination;
mod path;
mod request;
mod response;
mod retry;
mod transport;
mod wait;

#[rustfmt::skip]
mod generated;
/// The helpers generated request bodies call (`crate::support::request_body`).
#[allow(unused_imports)]
use atlas_api_types::support;

/// The README's Rust examples compile as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

pub use auth::Credentials;
/// Raw bytes, as `+gzip` and `+csv` downloads return them.
pub use bytes::Bytes;
pub use client::{http_client_builder, Client, ClientBuilder, DEFAULT_BASE_URL};
pub use download::ByteStream;
pub use error::{
    ApiError, ApiFailure, AuthError, DecodeError, EncodeError, Error, InvalidArgument, MediaTypeError, TimeoutError,
    TimeoutKind, TransportError,
};
pub use generated::{ops, types};
/// The status and header types of errors and responses: the `http` crate's own, which
/// reqwest re-exports.
pub use http::{HeaderMap, StatusCode};
pub use pagination::{PageStream, MAX_PAGES};
pub use path::{PathTemplate, Segment};
pub use request::{Call, Method, Operation};
pub use response::{Response, ResponseFuture};
pub use retry::RetryPolicy;
pub use wait::{Poll, UntilGone, UntilValue, Wait, WaitError, WaitFailure, WaitFailureKind};

/// What generated code calls; not part of the public API.
#[doc(hidden)]
pub mod __rt {
    pub use crate::__call as call;
    pub use crate::client::Client;
    pub use crate::download::ByteStream;
    pub use crate::error::Error;
    #[cfg(feature = "mock")]
    pub use crate::mock::Known;
    pub use crate::pagination::{items, pages, ListCall, PageStream};
    pub use crate::path::{lit, param, PathTemplate};
    pub use crate::request::{Call, Method, Operation, Request, ToParam};
    pub use crate::response::{send, send_with_response, Empty, Json, Raw, Response, ResponseFuture, Streamed};
    pub use crate::wait::{UntilGone, UntilValue, Wait, WaitSpec};
    pub use bytes::Bytes;
}
