//! Turning a 2xx answer into the documented type, with or without its status and headers.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use http::header::{HeaderMap, CONTENT_TYPE};
use http::StatusCode;
use serde::de::DeserializeOwned;

use crate::download::ByteStream;
use crate::error::{DecodeError, Error, MediaTypeError};
use crate::operation::Operation;

/// What awaiting a request builder gives.
pub type ResponseFuture<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'static>>;

/// A typed body with the status and headers it came with (`send_with_response()`).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Response<T> {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: T,
}

impl<T> Response<T> {
    pub fn into_body(self) -> T {
        self.body
    }

    /// `RateLimit-Limit`: requests allowed in the current window.
    pub fn rate_limit_limit(&self) -> Option<u64> {
        self.number("ratelimit-limit")
    }

    /// `RateLimit-Remaining`: requests left in the current window.
    pub fn rate_limit_remaining(&self) -> Option<u64> {
        self.number("ratelimit-remaining")
    }

    /// `Retry-After`, in seconds or as an HTTP date.
    pub fn retry_after(&self) -> Option<Duration> {
        crate::headers::retry_after(&self.headers)
    }

    fn number(&self, name: &str) -> Option<u64> {
        crate::headers::number(&self.headers, name)
    }
}

/// An answer: read whole, or (a download's 2xx) its body still to come.
#[doc(hidden)]
#[derive(Debug)]
pub struct RawResponse {
    pub(crate) operation: &'static Operation,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// A download's unread body, with its stall timeout.
    pub(crate) unread: Option<(reqwest::Response, Option<Duration>)>,
}

impl RawResponse {
    fn json<T: DeserializeOwned>(self) -> Result<Response<T>, Error> {
        let body = self.decode()?;
        Ok(Response { status: self.status, headers: self.headers, body })
    }

    /// The body as `T`, or a decode error naming the path that failed.
    pub(crate) fn decode<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        let decoded = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|error| (error.path().to_string(), error.into_inner()))
            .and_then(|value| deserializer.end().map(|()| value).map_err(|error| (".".to_owned(), error)));
        match decoded {
            Ok(body) => Ok(body),
            Err((path, source)) => {
                let media_type =
                    self.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
                Err(Error::Decode(Box::new(DecodeError {
                    operation: self.operation.id,
                    status: self.status,
                    media_type,
                    path,
                    source,
                })))
            }
        }
    }

    /// A download's answer is the file when its `Content-Type` is the media type of the
    /// version called (parameters and case aside); a proxy's `text/html` page is not.
    fn is_the_file(&self) -> Result<(), Error> {
        let received = self.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let essence = received.split(';').next().unwrap_or_default().trim();
        if essence.eq_ignore_ascii_case(self.operation.accept) {
            return Ok(());
        }
        Err(Error::MediaType(Box::new(MediaTypeError {
            operation: self.operation.id,
            status: self.status,
            expected: self.operation.accept,
            received: received.to_owned(),
        })))
    }

    fn empty(self) -> Response<()> {
        Response { status: self.status, headers: self.headers, body: () }
    }

    fn stream(self) -> Response<ByteStream> {
        let body = match self.unread {
            Some((response, stall)) => ByteStream::new(self.operation.id, response, stall),
            None => ByteStream::new_full(self.body),
        };
        Response { status: self.status, headers: self.headers, body }
    }
}

/// A JSON body of type `T`.
#[doc(hidden)]
pub struct Json<T>(std::marker::PhantomData<T>);
/// No body (or one that is ignored).
#[doc(hidden)]
pub struct Empty;
/// A download (`+gzip`, `+csv`) read whole into memory.
#[doc(hidden)]
pub struct Raw;
/// A download handed over as it arrives.
#[doc(hidden)]
pub struct Streamed;

/// Sends and decodes according to `D` (one of [`Json`], [`Empty`], [`Raw`], [`Streamed`]).
#[doc(hidden)]
pub trait Reader {
    type Output: Send + 'static;
    /// Whether a 2xx body is left unread for the reader (a download): the attempt timeout
    /// then covers the time to the response head, and a stall timeout the body.
    const DOWNLOAD: bool = false;
    fn read(response: RawResponse) -> impl Future<Output = Result<Response<Self::Output>, Error>> + Send;
}

impl<T: DeserializeOwned + Send + 'static> Reader for Json<T> {
    type Output = T;
    async fn read(response: RawResponse) -> Result<Response<T>, Error> {
        response.json()
    }
}

impl Reader for Empty {
    type Output = ();
    async fn read(response: RawResponse) -> Result<Response<()>, Error> {
        Ok(response.empty())
    }
}

impl Reader for Raw {
    type Output = Bytes;
    const DOWNLOAD: bool = true;
    async fn read(response: RawResponse) -> Result<Response<Bytes>, Error> {
        response.is_the_file()?;
        let Response { status, headers, body } = response.stream();
        Ok(Response { status, headers, body: body.bytes().await? })
    }
}

impl Reader for Streamed {
    type Output = ByteStream;
    const DOWNLOAD: bool = true;
    async fn read(response: RawResponse) -> Result<Response<ByteStream>, Error> {
        response.is_the_file()?;
        Ok(response.stream())
    }
}
