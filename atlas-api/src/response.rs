//! Turning a 2xx answer into the documented type.

use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;
use reqwest::header::{HeaderMap, CONTENT_TYPE};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::{DecodeError, Error};
use crate::request::{Operation, Request};

/// What awaiting a request builder gives.
pub type ResponseFuture<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'static>>;

/// A 2xx answer, read whole.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) operation: &'static Operation,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Response {
    fn json<T: DeserializeOwned>(self) -> Result<T, Error> {
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        let decoded = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|error| (error.path().to_string(), error.into_inner()))
            .and_then(|value| deserializer.end().map(|()| value).map_err(|error| (".".to_owned(), error)));
        decoded.map_err(|(path, source)| {
            let media_type =
                self.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
            Error::Decode(Box::new(DecodeError {
                operation: self.operation.id,
                status: self.status,
                media_type,
                path,
                source,
            }))
        })
    }
}

/// Sends and decodes a JSON answer.
#[doc(hidden)]
pub fn send_json<T: DeserializeOwned + Send + 'static>(client: Client, request: Request) -> ResponseFuture<T> {
    Box::pin(async move { client.execute(request).await?.json() })
}

/// Sends and ignores whatever body comes back.
#[doc(hidden)]
pub fn send_empty(client: Client, request: Request) -> ResponseFuture<()> {
    Box::pin(async move { client.execute(request).await.map(drop) })
}

/// Sends and returns the body as bytes (`+gzip` and `+csv` downloads).
#[doc(hidden)]
pub fn send_bytes(client: Client, request: Request) -> ResponseFuture<Bytes> {
    Box::pin(async move { client.execute(request).await.map(|response| response.body) })
}
