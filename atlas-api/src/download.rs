//! Downloads (`+gzip`, `+csv`): the body as it arrives. The attempt timeout covers the time
//! to the response head only; while the body arrives, a stall timeout ends a transfer that
//! sends no byte for too long. Once the head is in, nothing is sent again: a stall or a
//! dropped connection mid-body is the caller's error, never a silent second download.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use futures_util::StreamExt;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::error::{Error, TimeoutError, TimeoutKind, TransportError};

/// A download's body, chunk by chunk; an error ends it.
pub struct ByteStream {
    inner: Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send + 'static>>,
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream").finish_non_exhaustive()
    }
}

impl ByteStream {
    /// The body of `response`, each chunk awaited for at most `stall` (no limit with `None`).
    pub(crate) fn new(operation: &'static str, response: reqwest::Response, stall: Option<Duration>) -> Self {
        let chunks = futures_util::stream::unfold(Some((response, 0u64)), move |state| async move {
            let (mut response, received) = state?;
            let next = match stall {
                Some(limit) => match tokio::time::timeout(limit, response.chunk()).await {
                    Ok(next) => next,
                    Err(_) => {
                        let stalled = TimeoutError { operation, kind: TimeoutKind::Stall, limit, rate_limit: None };
                        return Some((Err(Error::Timeout(Box::new(stalled))), None));
                    }
                },
                None => response.chunk().await,
            };
            match next {
                Ok(Some(chunk)) => {
                    let received = received + chunk.len() as u64;
                    Some((Ok(chunk), Some((response, received))))
                }
                Ok(None) => None,
                Err(source) => {
                    let cut = TransportError { operation, error: source, received: Some(received) };
                    Some((Err(Error::Transport(Box::new(cut))), None))
                }
            }
        });
        Self { inner: Box::pin(chunks) }
    }

    /// A body already read.
    pub(crate) fn new_full(body: Bytes) -> Self {
        Self { inner: Box::pin(futures_util::stream::iter((!body.is_empty()).then_some(Ok(body)))) }
    }

    /// The whole body in memory (for small downloads).
    pub async fn bytes(mut self) -> Result<Bytes, Error> {
        let mut all = BytesMut::new();
        while let Some(chunk) = self.next().await {
            all.extend_from_slice(&chunk?);
        }
        Ok(all.freeze())
    }

    /// Writes the body to `out` as it arrives (a `tokio::fs::File`, say) and flushes it;
    /// returns how many bytes were written. A write error is an [`Error::Io`].
    pub async fn write_to<W: AsyncWrite + Unpin>(mut self, out: &mut W) -> Result<u64, Error> {
        let mut written = 0;
        while let Some(chunk) = self.next().await {
            let chunk = chunk?;
            out.write_all(&chunk).await.map_err(Error::Io)?;
            written += chunk.len() as u64;
        }
        out.flush().await.map_err(Error::Io)?;
        Ok(written)
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}
