//! The one error type every call returns.

use std::fmt;

use http::{HeaderMap, StatusCode};
use serde::Deserialize;

use crate::wait_end::{WaitFailureKind, WaitTarget};

/// Why a call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-2xx status.
    Api(Box<ApiFailure>),
    /// The server answered 2xx but the body did not decode into the documented type.
    Decode(Box<DecodeError>),
    /// The request never got an answer (connect, TLS, timeout, a body cut short).
    Transport(Box<TransportError>),
    /// The request body could not be encoded.
    Encode(Box<EncodeError>),
    /// An attempt, or the whole call with its retries, took longer than allowed.
    Timeout(Box<TimeoutError>),
    /// Credentials could not be turned into an `Authorization` header (the service-account
    /// token endpoint refused, say). Never carries a secret.
    Auth(Box<AuthError>),
    /// The client was configured with something unusable (a bad base URL, say).
    Config(String),
    /// An argument of the call the client refuses to send (a path parameter of `..`, which
    /// would address another resource, or one the body's union tag contradicts or, for a path
    /// read from the body, does not name); nothing was sent.
    InvalidArgument(Box<InvalidArgument>),
    /// Writing a download where the caller asked failed ([`crate::ByteStream::write_to`]).
    Io(std::io::Error),
    /// A download's 2xx answer was not the file asked for: its `Content-Type` is not the
    /// media type of the version called (a proxy's sign-in page, say).
    MediaType(Box<MediaTypeError>),
    /// A wait ended without its state (timed out, or failed): a [`crate::WaitError`] turned
    /// into this error by `?`, with the last value it saw.
    Wait(Box<WaitFailure>),
}

/// Which time limit fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// One attempt (send and read the whole answer).
    Attempt,
    /// The whole call, retries and waits included.
    Deadline,
    /// A download's body: no byte arrived for this long.
    Stall,
}

/// An argument the client refuses, named, with why.
#[derive(Debug)]
#[non_exhaustive]
pub struct InvalidArgument {
    pub operation: &'static str,
    /// The parameter's name as the spec gives it (`clusterName`).
    pub name: &'static str,
    pub reason: String,
}

#[derive(Debug)]
#[non_exhaustive]
pub struct TimeoutError {
    pub operation: &'static str,
    pub kind: TimeoutKind,
    pub limit: std::time::Duration,
    /// The wait for Atlas's rate limit the deadline cut short, or would have: a call the
    /// client held for its bucket (see [`RateLimitPolicy`](crate::RateLimitPolicy)).
    pub rate_limit: Option<RateLimitWait>,
}

/// A wait for one of Atlas's rate limits: which bucket, how long, and why.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RateLimitWait {
    /// The bucket, e.g. `project 5e2211c17a3e5a48f5497de3 /clusters`.
    pub bucket: String,
    pub wait: std::time::Duration,
    pub reason: &'static str,
}

#[derive(Debug)]
#[non_exhaustive]
pub struct AuthError {
    /// The token endpoint's status, when it answered.
    pub status: Option<StatusCode>,
    pub message: String,
}

/// The error body Atlas sends with a non-2xx status.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status code, as the body states it.
    pub error: Option<u16>,
    /// A stable code such as `GROUP_NOT_FOUND` or `RESOURCE_NOT_FOUND`.
    pub error_code: Option<String>,
    /// A human-readable message.
    pub detail: Option<String>,
    /// The HTTP reason phrase.
    pub reason: Option<String>,
    /// Values the message refers to.
    pub parameters: Option<Vec<serde_json::Value>>,
    /// Which request fields were rejected, when the server says.
    pub bad_request_detail: Option<serde_json::Value>,
}

/// A non-2xx answer: the status, the decoded [`ApiError`] when the body is one, and the raw
/// body either way.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiFailure {
    /// The spec's `operationId`.
    pub operation: &'static str,
    pub status: StatusCode,
    /// `None` when the body is not an Atlas error document.
    pub error: Option<ApiError>,
    /// The body as received (lossy UTF-8).
    pub body: String,
    /// The response headers (e.g. `Retry-After`, or a mock server's diagnostics).
    pub headers: HeaderMap,
    /// Attempts made, this one included (1 when it was not retried).
    pub attempts: u32,
    /// How long the client held the call for Atlas's rate limits before its attempts.
    pub held: std::time::Duration,
}

/// A 2xx body that did not match the documented type.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    pub operation: &'static str,
    pub status: StatusCode,
    /// The `Content-Type` the server sent (empty when it sent none).
    pub media_type: String,
    /// Where in the body decoding failed, e.g. `results[3].providerSettings.regionName`.
    pub path: String,
    pub source: serde_json::Error,
}

/// A 2xx answer of another media type than the one asked for.
#[derive(Debug)]
#[non_exhaustive]
pub struct MediaTypeError {
    pub operation: &'static str,
    pub status: StatusCode,
    /// The media type of the version called (its `Accept`).
    pub expected: &'static str,
    /// The `Content-Type` the server sent (empty when it sent none).
    pub received: String,
}

/// No answer from the server. The HTTP client's own error is its
/// [`source`](std::error::Error::source), so that no public type names it.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    pub operation: &'static str,
    pub(crate) error: reqwest::Error,
    /// How many bytes of a download's body had arrived when it broke off.
    pub(crate) received: Option<u64>,
}

impl TransportError {
    /// The connection could not be made.
    pub fn is_connect(&self) -> bool {
        self.error.is_connect()
    }

    /// The HTTP client's own time limit fired.
    pub fn is_timeout(&self) -> bool {
        self.error.is_timeout()
    }

    /// The answer's body was cut short or could not be read.
    pub fn is_body(&self) -> bool {
        self.error.is_body() || self.error.is_decode()
    }

    /// How many bytes of a download's body had arrived when it was cut (`None` when no body
    /// was being read).
    pub fn received(&self) -> Option<u64> {
        self.received
    }
}

/// A request body that could not be encoded as JSON.
#[derive(Debug)]
#[non_exhaustive]
pub struct EncodeError {
    pub operation: &'static str,
    pub source: serde_json::Error,
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(failure) => Some(failure.status),
            Error::Decode(decode) => Some(decode.status),
            Error::Transport(transport) => transport.error.status(),
            Error::Auth(auth) => auth.status,
            Error::MediaType(media) => Some(media.status),
            Error::Wait(wait) => wait.last_error()?.status(),
            Error::Encode(_) | Error::Config(_) | Error::InvalidArgument(_) | Error::Timeout(_) | Error::Io(_) => None,
        }
    }

    /// The decoded error document of an API error (of a wait, its last poll's, when the
    /// wait timed out waiting out a refusal).
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(failure) => failure.error.as_ref(),
            Error::Wait(wait) => wait.last_error()?.api_error(),
            _ => None,
        }
    }

    /// Atlas's `errorCode`, e.g. `Some("GROUP_NOT_FOUND")`.
    pub fn error_code(&self) -> Option<&str> {
        self.api_error()?.error_code.as_deref()
    }

    /// `Retry-After` of an API error (429, 503), in seconds or as an HTTP date: how long
    /// Atlas asked to wait before trying again.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            Error::Api(failure) => failure.retry_after(),
            _ => None,
        }
    }

    /// The `operationId` of the call that failed (of a wait, the one it polled).
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Api(failure) => Some(failure.operation),
            Error::Decode(decode) => Some(decode.operation),
            Error::Transport(transport) => Some(transport.operation),
            Error::Encode(encode) => Some(encode.operation),
            Error::Timeout(timeout) => Some(timeout.operation),
            Error::MediaType(media) => Some(media.operation),
            Error::InvalidArgument(argument) => Some(argument.operation),
            Error::Wait(wait) => Some(wait.target().operation),
            Error::Auth(_) | Error::Config(_) | Error::Io(_) => None,
        }
    }

    /// 404: the resource (or its parent) does not exist.
    pub fn is_not_found(&self) -> bool {
        self.is_api_status(StatusCode::NOT_FOUND)
    }

    /// 401: the credentials were refused.
    pub fn is_unauthorized(&self) -> bool {
        self.is_api_status(StatusCode::UNAUTHORIZED)
    }

    /// 403: the credentials lack a role the operation needs.
    pub fn is_forbidden(&self) -> bool {
        self.is_api_status(StatusCode::FORBIDDEN)
    }

    /// 409: the request conflicts with the resource's state.
    pub fn is_conflict(&self) -> bool {
        self.is_api_status(StatusCode::CONFLICT)
    }

    /// 429: too many requests.
    pub fn is_rate_limited(&self) -> bool {
        self.is_api_status(StatusCode::TOO_MANY_REQUESTS)
    }

    /// Whether a time limit fired.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout(_)) || matches!(self, Error::Transport(t) if t.is_timeout())
    }

    /// How a wait ended without its state, when this error is one.
    pub fn wait_failure(&self) -> Option<&WaitFailure> {
        match self {
            Error::Wait(wait) => Some(wait),
            _ => None,
        }
    }

    fn is_api_status(&self, status: StatusCode) -> bool {
        matches!(self, Error::Api(failure) if failure.status == status)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(failure) => failure.fmt(f),
            Error::Decode(decode) => decode.fmt(f),
            Error::Transport(transport) => transport.fmt(f),
            Error::Encode(encode) => encode.fmt(f),
            Error::Timeout(timeout) => timeout.fmt(f),
            Error::Auth(auth) => auth.fmt(f),
            Error::Config(message) => write!(f, "invalid client configuration: {message}"),
            Error::InvalidArgument(argument) => argument.fmt(f),
            Error::Io(error) => write!(f, "writing the download failed: {error}"),
            Error::Wait(wait) => wait.fmt(f),
            Error::MediaType(media) => media.fmt(f),
        }
    }
}

/// `Error` says what its inner error says, so its source is the inner error's source (a
/// chain printed from the top shows each cause once).
impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode(decode) => decode.source(),
            Error::Transport(transport) => transport.source(),
            Error::Encode(encode) => encode.source(),
            Error::Io(error) => Some(error),
            Error::Wait(wait) => wait.source(),
            Error::Api(_)
            | Error::Config(_)
            | Error::InvalidArgument(_)
            | Error::Timeout(_)
            | Error::Auth(_)
            | Error::MediaType(_) => None,
        }
    }
}

impl InvalidArgument {
    pub(crate) fn error(operation: &'static str, name: &'static str, reason: String) -> Error {
        Error::InvalidArgument(Box::new(InvalidArgument { operation, name, reason }))
    }
}

impl fmt::Display for InvalidArgument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: argument `{}` {}; nothing was sent", self.operation, self.name, self.reason)
    }
}

impl std::error::Error for InvalidArgument {}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.received {
            Some(received) => {
                write!(f, "{}: the answer's body was cut after {received} bytes: {}", self.operation, self.error)
            }
            None if self.error.is_body() => {
                write!(f, "{}: the answer's body was cut short: {}", self.operation, self.error)
            }
            None => write!(f, "{}: no answer from the server: {}", self.operation, self.error),
        }
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: could not encode the request body: {}", self.operation, self.source)
    }
}

impl std::error::Error for EncodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TimeoutKind::Attempt => "an attempt",
            TimeoutKind::Deadline => "the call (with its retries)",
            TimeoutKind::Stall => "the download, waiting for its next byte,",
        };
        write!(f, "{}: {what} took longer than {:?}", self.operation, self.limit)?;
        if let Some(wait) = &self.rate_limit {
            write!(f, " ({wait})")?;
        }
        Ok(())
    }
}

impl fmt::Display for RateLimitWait {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:.1} s: {}", self.bucket, self.wait.as_secs_f64(), self.reason)
    }
}

impl std::error::Error for TimeoutError {}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "authentication failed: {}", self.message)
    }
}

impl std::error::Error for AuthError {}

impl fmt::Display for MediaTypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let received = if self.received.is_empty() { "no Content-Type" } else { &self.received };
        write!(
            f,
            "{}: the {} answer is {received}, not the `{}` this version sends: not the file asked for",
            self.operation, self.status, self.expected
        )
    }
}

impl std::error::Error for MediaTypeError {}

impl ApiFailure {
    /// `Retry-After`, in seconds or as an HTTP date (sent with 429 and 503).
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        crate::headers::retry_after(&self.headers)
    }
}

impl fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: the server answered {}", self.operation, self.status)?;
        match &self.error {
            Some(error) => {
                if let Some(code) = &error.error_code {
                    write!(f, " {code}")?;
                }
                if let Some(detail) = &error.detail {
                    write!(f, ": {detail}")?;
                }
            }
            None if self.body.is_empty() => {}
            None => write!(f, " with a body that is not an Atlas error ({} bytes)", self.body.len())?,
        }
        if self.attempts > 1 {
            write!(f, " (attempt {}", self.attempts)?;
            if !self.held.is_zero() {
                write!(f, "; held {:.1} s for Atlas's rate limit", self.held.as_secs_f64())?;
            }
            f.write_str(")")?;
        } else if !self.held.is_zero() {
            write!(f, " (held {:.1} s for Atlas's rate limit)", self.held.as_secs_f64())?;
        }
        Ok(())
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let media = if self.media_type.is_empty() { "no Content-Type" } else { &self.media_type };
        write!(
            f,
            "{}: could not decode the {} response ({media}) at `{}`: {}",
            self.operation, self.status, self.path, self.source
        )
    }
}

impl std::error::Error for ApiFailure {}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// A wait that ended without its state, as [`Error::Wait`] holds it.
#[derive(Debug)]
#[non_exhaustive]
pub struct WaitFailure {
    pub kind: WaitFailureKind,
    message: String,
    target: WaitTarget,
    last: Option<Box<dyn std::any::Any + Send + Sync>>,
    last_error: Option<Box<Error>>,
}

impl WaitFailure {
    pub(crate) fn new(
        kind: WaitFailureKind,
        message: String,
        target: WaitTarget,
        last: Option<Box<dyn std::any::Any + Send + Sync>>,
        last_error: Option<Box<Error>>,
    ) -> Self {
        WaitFailure { kind, message, target, last, last_error }
    }

    /// The last value the wait saw (the one that ended it, unless it timed out), as the
    /// waiter's type:
    /// `error.wait_failure()?.last::<ClusterDescription20240805>()`.
    pub fn last<T: 'static>(&self) -> Option<&T> {
        self.last.as_ref()?.downcast_ref()
    }

    /// Which wait ended: the waiter, the operation it polled, the resource's path.
    pub fn target(&self) -> &WaitTarget {
        &self.target
    }

    /// The last poll's error, when a wait that timed out was waiting one out (a 503, a
    /// 429, a transport fault): [`Error::status`] and [`Error::error_code`] answer from it.
    pub fn last_error(&self) -> Option<&Error> {
        self.last_error.as_deref()
    }
}

impl std::fmt::Display for WaitFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The message says what the last poll's error says, when it failed, so the source is that
/// error's own source (a chain printed from the top shows each cause once).
impl std::error::Error for WaitFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(self.last_error.as_deref()?)
    }
}
