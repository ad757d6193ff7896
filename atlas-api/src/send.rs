//! Sending one call: authentication, attempts with retries, time limits, and a tracing span
//! that never records credentials or bodies; then the answer read as the call's `Reader` says.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use reqwest::{Method, StatusCode, Url};
use serde_json::Value;
use tracing::Instrument;

use crate::auth::DigestInput;
use crate::client::Client;
use crate::error::{
    ApiError, ApiFailure, Error, InvalidArgument, RateLimitWait, TimeoutError, TimeoutKind, TransportError,
};
use crate::operation::Operation;
use crate::path::UnsafeParameter;
use crate::rate_limit::{BucketKey, Held};
use crate::request::PreparedRequest;
use crate::response::{RawResponse, Reader, Response, ResponseFuture};
use crate::retry;
use crate::retry::Next;

/// What an attempt hands the next: the 429 answer a paced retry follows, returned if the
/// rate limit would hold the retry past the deadline.
type Previous = Option<Result<RawResponse, Error>>;

/// A request ready for its attempts.
struct Prepared<'a> {
    operation: &'static Operation,
    method: Method,
    url: Url,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Option<(&'static str, Bytes)>,
    /// A download: a 2xx body is left unread.
    download: bool,
    client: &'a Client,
    /// The rate-limit bucket it counts against.
    key: BucketKey,
    /// Attempts made, and the time held for Atlas's rate limits, for the error.
    attempts: AtomicU32,
    held_nanos: AtomicU64,
}

impl Client {
    /// Sends `request` until it succeeds or may not be retried; a final non-2xx becomes
    /// [`Error::Api`].
    /// With `download`, a 2xx body is left unread for the caller (see [`crate::ByteStream`]).
    pub(crate) async fn execute(&self, request: PreparedRequest, download: bool) -> Result<RawResponse, Error> {
        let operation = request.operation;
        let span = tracing::debug_span!(
            "atlas_api.request",
            operation = operation.id,
            method = operation.method.as_str(),
            path = operation.path.as_str(),
            version = operation.version,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        async move {
            let prepared = self.prepare(request, download)?;
            // A deadline past what the clock can count is no deadline.
            let now = tokio::time::Instant::now();
            let deadline = self.deadline().and_then(|limit| Some((now.checked_add(limit)?, limit)));
            let response = match deadline {
                Some((at, limit)) => tokio::time::timeout_at(at, prepared.attempts(Some(at)))
                    .await
                    .unwrap_or_else(|_| Err(prepared.deadline_passed(limit, None))),
                None => prepared.attempts(None).await,
            }?;
            if response.status.is_success() {
                return Ok(response);
            }
            let error = serde_json::from_slice::<ApiError>(&response.body).ok();
            let body = String::from_utf8_lossy(&response.body).into_owned();
            Err(Error::Api(Box::new(ApiFailure {
                operation: operation.id,
                status: response.status,
                error,
                body,
                headers: response.headers,
                attempts: prepared.attempts.load(Ordering::Relaxed),
                held: prepared.held(),
            })))
        }
        .instrument(span)
        .await
    }

    fn prepare(&self, mut request: PreparedRequest, download: bool) -> Result<Prepared<'_>, Error> {
        let operation = request.operation;
        let config = |message: String| Error::Config(format!("{}: {message}", operation.id));
        // `/clusters/` instead of `/clusters/{name}` would address another resource (a list,
        // or a DELETE of something else), and URL parsing removes `.` and `..` segments, so
        // `..` would climb to the parent: such a path parameter is never sent.
        // A path parameter the body's union tag says too and the two differ (or the body names
        // none): Atlas refuses the request, so it is never sent.
        if let Some((name, reason)) = request.refused.take() {
            return Err(InvalidArgument::error(operation.id, name, reason));
        }
        if let Some(UnsafeParameter { name, value }) = &request.unsafe_parameter {
            let what = if value.is_empty() { "is empty".to_owned() } else { format!("is `{value}`") };
            let reason = format!("{what}, which as a path segment would address another resource");
            return Err(InvalidArgument::error(operation.id, name, reason));
        }
        let mut url = Url::parse(&format!("{}{}", self.inner.base_url, request.path))
            .map_err(|e| config(format!("cannot form a URL: {e}")))?;
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(request.query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        let method = operation.method.http();
        let mut headers = Vec::with_capacity(request.headers.len());
        for (name, value) in &request.headers {
            let refused =
                || InvalidArgument::error(operation.id, name, format!("is {value:?}, which a header cannot carry"));
            let value = HeaderValue::try_from(value.as_str()).map_err(|_| refused())?;
            headers.push((HeaderName::from_bytes(name.as_bytes()).map_err(|_| refused())?, value));
        }
        let body = request.take_body()?.map(|(content_type, bytes)| (content_type, Bytes::from(bytes)));
        let key = BucketKey::of_path(&request.path);
        let (attempts, held_nanos) = (AtomicU32::new(0), AtomicU64::new(0));
        Ok(Prepared { operation, method, url, headers, body, download, client: self, key, attempts, held_nanos })
    }
}

impl Prepared<'_> {
    /// The attempts, until one may not be retried; no wait outlasts `deadline`: the last
    /// answer is returned instead.
    async fn attempts(&self, deadline: Option<tokio::time::Instant>) -> Result<RawResponse, Error> {
        let may_retry = self.client.retry_policy().allows(self.operation.method);
        retry::repeat(None, |previous, attempt| self.attempt(attempt, deadline, may_retry, previous)).await
    }

    /// One attempt, once the rate limit lets it through, and whether (and after how long)
    /// another follows: never past `deadline`, never for a request the policy does not retry.
    /// A hold that would end past `deadline` ends the call with the previous answer, if any.
    async fn attempt(
        &self,
        attempt: u32,
        deadline: Option<tokio::time::Instant>,
        may_retry: bool,
        previous: Previous,
    ) -> (Previous, Next<Result<RawResponse, Error>>) {
        let (policy, limit) = (self.client.retry_policy(), self.client.attempt_timeout());
        tracing::Span::current().record("attempt", attempt);
        self.attempts.store(attempt, Ordering::Relaxed);
        // Credentials first: calls waiting for one token request share its outcome, which
        // they would not if the rate limit let them through one by one.
        let early = match self.authorization(limit).await {
            Ok(header) => header,
            Err(error) => return self.next(attempt, deadline, may_retry, Err(error)),
        };
        let ticket = match self.client.inner.pacer.acquire(&self.key, deadline).await {
            Ok(ticket) => ticket,
            Err(held) => return (None, Next::Done(previous.unwrap_or_else(|| Err(self.held_too_long(held))))),
        };
        let held = u64::try_from(ticket.held.as_nanos()).unwrap_or(u64::MAX);
        self.held_nanos.fetch_add(held, Ordering::Relaxed);
        // After a hold, the header again: a token may have expired meanwhile (a cached one
        // costs nothing).
        let first = if held == 0 { Ok(early) } else { self.authorization(limit).await };
        let outcome = match first {
            Ok(first) => self.authorized(limit, first).await,
            Err(error) => Err(error),
        };
        if let Ok(response) = &outcome {
            let advice = (policy.rate_limit_base_delay, policy.rate_limit_max_delay, policy.max_retry_after);
            ticket.answered(response.status, &response.headers, &response.body, advice);
        }
        self.next(attempt, deadline, may_retry, outcome)
    }

    /// Whether another attempt follows `outcome`, and after how long. With pacing on, a 429's
    /// retry is held by the rate limit (which learnt the wait from it), not by a delay of its
    /// own.
    fn next(
        &self,
        attempt: u32,
        deadline: Option<tokio::time::Instant>,
        may_retry: bool,
        outcome: Result<RawResponse, Error>,
    ) -> (Previous, Next<Result<RawResponse, Error>>) {
        let policy = self.client.retry_policy();
        let cause = match &outcome {
            Ok(response) => {
                tracing::Span::current().record("status", response.status.as_u16());
                retry::cause(response.status, &response.headers)
            }
            Err(error) if retry::transient(error) => Some(retry::Cause::Transient),
            Err(_) => None,
        };
        // A 429 refused the request before Atlas acted on it: retrying replays nothing,
        // whatever the method.
        let rate_limited = matches!(&outcome, Ok(response) if response.status == StatusCode::TOO_MANY_REQUESTS);
        if !(may_retry || rate_limited && policy.max_attempts > 1) || attempt >= policy.max_attempts {
            return (None, Next::Done(outcome));
        }
        let Some(delay) = cause.and_then(|cause| policy.delay(attempt, cause)) else {
            return (None, Next::Done(outcome));
        };
        if rate_limited && self.client.inner.pacer.enabled() {
            tracing::debug!(attempt, "retrying when the rate limit lets it through");
            return (Some(outcome), Next::After(Duration::ZERO));
        }
        let wakes = tokio::time::Instant::now().checked_add(delay);
        if deadline.is_some_and(|at| wakes.is_none_or(|wakes| wakes >= at)) {
            return (None, Next::Done(outcome));
        }
        tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, "retrying");
        (None, Next::After(delay))
    }

    fn held(&self) -> Duration {
        Duration::from_nanos(self.held_nanos.load(Ordering::Relaxed))
    }

    /// The call's deadline passed; `rate_limit`: a hold that would have outlasted it.
    fn deadline_passed(&self, limit: Duration, rate_limit: Option<RateLimitWait>) -> Error {
        let held = self.held();
        let rate_limit = rate_limit.or_else(|| {
            (!held.is_zero()).then(|| RateLimitWait { bucket: self.key.to_string(), wait: held, reason: HELD })
        });
        let (operation, kind) = (self.operation.id, TimeoutKind::Deadline);
        Error::Timeout(Box::new(TimeoutError { operation, kind, limit, rate_limit }))
    }

    /// The rate limit would hold the call past its deadline: it ends now.
    fn held_too_long(&self, held: Held) -> Error {
        let limit = self.client.deadline().unwrap_or_default();
        tracing::debug!(bucket = %held.bucket, wait_ms = held.wait.as_millis() as u64, why = held.why, "the rate limit would hold the call past its deadline");
        self.deadline_passed(limit, Some(RateLimitWait { bucket: held.bucket, wait: held.wait, reason: held.why }))
    }

    /// One attempt with the credentials' header `first`; a 401 the credentials can answer (a Digest challenge,
    /// a token that may have been revoked) is answered once. Each request (a token's too) is
    /// bounded by `limit`; waiting for a rate-limited token endpoint is not.
    async fn authorized(
        &self,
        limit: Option<std::time::Duration>,
        first: Option<HeaderValue>,
    ) -> Result<RawResponse, Error> {
        let response = self.bounded(self.send(first.as_ref()), limit).await?;
        if response.status == StatusCode::UNAUTHORIZED
            && self.client.inner.auth.retry_unauthorized(&response.headers, first.as_ref()).await
        {
            let second = self.authorization(limit).await?;
            return self.bounded(self.send(second.as_ref()), limit).await;
        }
        Ok(response)
    }

    async fn bounded(
        &self,
        sent: impl std::future::Future<Output = Result<RawResponse, Error>>,
        limit: Option<std::time::Duration>,
    ) -> Result<RawResponse, Error> {
        match limit {
            Some(limit) => tokio::time::timeout(limit, sent)
                .await
                .unwrap_or_else(|_| Err(timeout(self.operation, TimeoutKind::Attempt, limit))),
            None => sent.await,
        }
    }

    async fn authorization(&self, limit: Option<std::time::Duration>) -> Result<Option<HeaderValue>, Error> {
        let uri = match self.url.query() {
            Some(query) => format!("{}?{query}", self.url.path()),
            None => self.url.path().to_owned(),
        };
        let target = DigestInput {
            method: self.operation.method.as_str(),
            uri: &uri,
            body: self.body.as_ref().map(|(_, b)| b.as_ref()),
        };
        let inner = &self.client.inner;
        inner.auth.header(&inner.http, &target, self.client.retry_policy(), limit, &inner.pacer).await
    }

    async fn send(&self, authorization: Option<&HeaderValue>) -> Result<RawResponse, Error> {
        let inner = &self.client.inner;
        let transport = |source| {
            Error::Transport(Box::new(TransportError { operation: self.operation.id, error: source, received: None }))
        };
        let mut builder = inner
            .http
            .request(self.method.clone(), self.url.clone())
            .header(ACCEPT, HeaderValue::from_static(self.operation.accept))
            .header(USER_AGENT, inner.user_agent.clone());
        if let Some(authorization) = authorization {
            builder = builder.header(AUTHORIZATION, authorization.clone());
        }
        for (name, value) in &self.headers {
            builder = builder.header(name.clone(), value.clone());
        }
        if let Some((content_type, bytes)) = &self.body {
            builder = builder.header(CONTENT_TYPE, HeaderValue::from_static(content_type)).body(bytes.clone());
        }
        let response = builder.send().await.map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        if self.download && status.is_success() {
            let unread = Some((response, inner.stall_timeout));
            return Ok(RawResponse { operation: self.operation, status, headers, body: Bytes::new(), unread });
        }
        let body = response.bytes().await.map_err(transport)?;
        Ok(RawResponse { operation: self.operation, status, headers, body, unread: None })
    }
}

/// Why a call that timed out had waited.
const HELD: &str = "held for Atlas's rate limit before the deadline passed";

fn timeout(operation: &'static Operation, kind: TimeoutKind, limit: std::time::Duration) -> Error {
    Error::Timeout(Box::new(TimeoutError { operation: operation.id, kind, limit, rate_limit: None }))
}

/// Sends and returns the typed body.
#[doc(hidden)]
pub fn send<R: Reader>(client: Client, request: PreparedRequest) -> ResponseFuture<R::Output> {
    Box::pin(async move { R::read(client.execute(request, R::DOWNLOAD).await?).await.map(Response::into_body) })
}

/// Sends and returns the typed body with the JSON it was decoded from, as the server sent
/// it: what a waiter reads its state from (`Null` for an empty body).
pub(crate) async fn send_keeping_json<R: Reader>(
    client: Client,
    request: PreparedRequest,
) -> Result<(R::Output, Value), Error> {
    let raw = client.execute(request, R::DOWNLOAD).await?;
    let json = if raw.body.is_empty() { Value::Null } else { raw.decode::<Value>()? };
    Ok((R::read(raw).await?.body, json))
}

/// Sends and returns the typed body with its status and headers.
#[doc(hidden)]
pub fn send_with_response<R: Reader>(client: Client, request: PreparedRequest) -> ResponseFuture<Response<R::Output>> {
    Box::pin(async move { R::read(client.execute(request, R::DOWNLOAD).await?).await })
}
