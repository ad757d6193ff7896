// The crate's README is its front page on docs.rs and crates.io; its examples are doctests.
#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

mod auth;
mod client;
mod download;
mod error;
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;

#[cfg(feature = "fake")]
#[cfg_attr(docsrs, doc(cfg(feature = "fake")))]
pub mod fake;
mod headers;
mod method;
mod operation;
mod pagination;
mod path;
mod rate_limit;
mod request;
mod response;
mod retry;
mod send;
mod wait;
mod wait_end;
mod wait_error;

#[rustfmt::skip]
mod generated;
/// The helpers generated request bodies call (`crate::support::request_body`).
#[allow(unused_imports)]
use atlas_api_types::support;

pub use auth::Credentials;
/// Raw bytes, as `+gzip` and `+csv` downloads return them.
pub use bytes::Bytes;
pub use client::{http_client_builder, Client, ClientBuilder, DEFAULT_BASE_URL};
pub use download::ByteStream;
pub use error::{
    ApiError, ApiFailure, AuthError, DecodeError, EncodeError, Error, InvalidArgument, MediaTypeError, RateLimitWait,
    TimeoutError, TimeoutKind, TransportError,
};
pub use generated::{ops, types};
/// The status and header types of errors and responses: the `http` crate's own, which
/// reqwest re-exports.
pub use http::{HeaderMap, StatusCode};
pub use pagination::{PageStream, MAX_PAGES};
pub use path::{PathTemplate, Segment};
pub use rate_limit::RateLimitPolicy;
pub use request::{Call, Method, Operation};
pub use response::{Response, ResponseFuture};
pub use retry::RetryPolicy;
pub use wait::{Poll, UntilGone, UntilValue, Wait, WaitError, WaitFailure, WaitFailureKind, WaitTarget};

/// What generated code calls; not part of the public API.
#[doc(hidden)]
pub mod __rt {
    pub use crate::__call as call;
    pub use crate::client::Client;
    pub use crate::download::ByteStream;
    pub use crate::error::Error;
    #[cfg(feature = "fake")]
    pub use crate::fake::{Action as FakeAction, FakeEntry, Outline as FakeOutline, Placement as FakePlacement};
    #[cfg(feature = "mock")]
    pub use crate::mock::Known;
    pub use crate::pagination::{items, pages, ListCall, PageStream};
    pub use crate::path::{lit, param, PathTemplate};
    pub use crate::request::{Call, Method, Operation, PreparedRequest, ToParam};
    // The name generated code uses (`rt::Request`), kept so the emitter is unchanged.
    pub use crate::request::PreparedRequest as Request;
    pub use crate::response::{Empty, Json, Raw, Response, ResponseFuture, Streamed};
    pub use crate::send::{send, send_with_response};
    pub use crate::wait::{UntilGone, UntilValue, Wait, WaitSpec};
    pub use bytes::Bytes;
}
