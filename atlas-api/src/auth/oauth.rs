//! OAuth2 client credentials for service accounts.
//!
//! Hand-written rather than the `oauth2` crate: the grant is one form POST with Basic auth,
//! and `oauth2`'s HTTP adapters pin their own reqwest version; this goes through the same
//! (possibly caller-supplied) `reqwest::Client` as every other request.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::time::Instant;

use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::sync::Mutex;

use super::bearer;
use crate::error::{AuthError, Error, TimeoutError, TimeoutKind, TransportError};
use crate::rate_limit::{BucketKey, Pacer};
use crate::retry::{Cause, Next, RetryPolicy};

const TOKEN_OPERATION: &str = "serviceAccountToken";
const REVOKE_OPERATION: &str = "serviceAccountRevoke";

pub(crate) struct ServiceAccount {
    client_id: String,
    secret: SecretString,
    /// `<base URL>/api/oauth/`, where `token` and `revoke` are.
    oauth_url: String,
    /// Held across the token request and its waits: concurrent callers wait for one
    /// refresh, and only that one retries a refused token request.
    token: Mutex<Cache>,
    /// Token flights finished (each a token request and its retries), read before waiting
    /// for the lock: a flight that failed meanwhile is the waiting call's outcome too.
    flights: AtomicU64,
}

/// What the token lock guards: only touched with it held.
#[derive(Default)]
struct Cache {
    token: Option<Token>,
    /// Until when the token endpoint's 429 asked not to be asked again.
    refused_until: Option<Instant>,
    /// The next token replaces one a 401 refused.
    replacing_refused: bool,
    /// The last flight that failed, and how.
    failed: Option<(u64, FlightFailure)>,
}

/// A token flight's failure, as the calls that waited on it receive it too.
enum FlightFailure {
    Auth { status: Option<reqwest::StatusCode>, message: String },
    Timeout { limit: Duration },
}

impl FlightFailure {
    /// What the waiting calls can be given: an answer of the endpoint, or a timeout. (A
    /// transport fault fails fast, so they ask again themselves.)
    fn of(error: &Error) -> Option<Self> {
        match error {
            Error::Auth(auth) => Some(FlightFailure::Auth { status: auth.status, message: auth.message.clone() }),
            Error::Timeout(timeout) => Some(FlightFailure::Timeout { limit: timeout.limit }),
            _ => None,
        }
    }

    fn error(&self) -> Error {
        match self {
            FlightFailure::Auth { status, message } => {
                Error::Auth(Box::new(AuthError { status: *status, message: message.clone() }))
            }
            FlightFailure::Timeout { limit } => {
                let kind = TimeoutKind::Attempt;
                Error::Timeout(Box::new(TimeoutError {
                    operation: TOKEN_OPERATION,
                    kind,
                    limit: *limit,
                    rate_limit: None,
                }))
            }
        }
    }
}

struct Token {
    access: SecretString,
    header: HeaderValue,
    refresh_at: Instant,
    fetched_at: Instant,
    /// Fetched because a 401 refused the token before it.
    after_refusal: bool,
}

/// How long a token fetched after a 401 is trusted: a 401 on it meanwhile refuses the call
/// (Atlas answers 401 for a missing role too, e.g. `NOT_ORG_GROUP_CREATOR`) and fetches no
/// other token. So refusals cost at most one token request a minute.
const TRUSTED_FOR: Duration = Duration::from_secs(60);

/// A token request that failed, and how long the endpoint asked to wait.
struct FailedTokenRequest {
    error: Error,
    /// `Some` for a 429 (with its `Retry-After`, if it said one).
    rate_limited: Option<Option<Duration>>,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl ServiceAccount {
    /// The client id, which a client's `Debug` shows.
    pub(crate) fn client_id(&self) -> &str {
        &self.client_id
    }

    pub(crate) fn new(client_id: String, secret: SecretString, base_url: &str) -> Self {
        let oauth_url = format!("{base_url}/api/oauth/");
        Self { client_id, secret, oauth_url, token: Mutex::default(), flights: AtomicU64::new(0) }
    }

    /// The cached token, or a new one when it is missing or about to expire. Atlas allows
    /// few token requests a minute: a 429 is retried with the policy's rate-limit backoff
    /// (or the endpoint's `Retry-After`, within the policy's cap), by this one caller; each
    /// token request is bounded by `limit` (the attempt timeout), its waits are not. A 429
    /// that outlasts the policy is remembered: until its `Retry-After` (else the policy's
    /// rate-limit delay) has passed, every call fails at once with it, asking nothing. A
    /// flight that failed while a call waited for the lock fails that call too, with the
    /// same error (which its own retry policy may retry): one request, not one per call.
    /// Each token request waits for the token endpoint's own bucket (50 a minute).
    pub(crate) async fn header(
        &self,
        http: &reqwest::Client,
        policy: &RetryPolicy,
        limit: Option<Duration>,
        pacer: &Pacer,
    ) -> Result<HeaderValue, Error> {
        let seen = self.flights.load(Ordering::Acquire);
        let mut cache = self.token.lock().await;
        if let Some(current) = cache.token.as_ref().filter(|t| Instant::now() < t.refresh_at) {
            return Ok(current.header.clone());
        }
        if let Some(error) = still_refused(&cache) {
            return Err(error);
        }
        if let Some((_, shared)) = cache.failed.as_ref().filter(|(flight, _)| *flight > seen) {
            return Err(shared.error());
        }
        let flown = self.flight(&mut cache, (http, pacer), policy, limit).await;
        let flight = self.flights.fetch_add(1, Ordering::AcqRel) + 1;
        match flown {
            Ok(fresh) => {
                let header = fresh.header.clone();
                let after_refusal = std::mem::take(&mut cache.replacing_refused);
                cache.token = Some(Token { after_refusal, ..fresh });
                cache.failed = None;
                Ok(header)
            }
            Err(error) => {
                cache.failed = FlightFailure::of(&error).map(|shared| (flight, shared));
                Err(error)
            }
        }
    }

    /// One token flight: a token request, and its retries after a 429 as the policy allows.
    async fn flight(
        &self,
        cache: &mut Cache,
        (http, pacer): (&reqwest::Client, &Pacer),
        policy: &RetryPolicy,
        limit: Option<Duration>,
    ) -> Result<Token, Error> {
        crate::retry::repeat(cache, |cache, attempt| async move {
            // Without a deadline the pacer always lets the request through in the end.
            let ticket = pacer.acquire(&BucketKey::token_endpoint(), None).await.ok();
            let next = match self.fetch_within(http, limit).await {
                Ok(fresh) => Next::Done(Ok(fresh)),
                Err(FailedTokenRequest { error, rate_limited: Some(retry_after) }) => {
                    if let Some(ticket) = ticket {
                        let advice =
                            (policy.rate_limit_base_delay, policy.rate_limit_max_delay, policy.max_retry_after);
                        ticket.refused(retry_after, advice);
                    }
                    let cause = retry_after.map_or(Cause::RateLimited, Cause::RetryAfter);
                    match policy.delay(attempt, cause).filter(|_| attempt < policy.max_attempts) {
                        Some(delay) => {
                            tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, "token request rate-limited");
                            Next::After(delay)
                        }
                        None => {
                            cache.refused_until = Some(later(retry_after.unwrap_or(policy.rate_limit_base_delay)));
                            Next::Done(Err(error))
                        }
                    }
                }
                Err(refused) => Next::Done(Err(refused.error)),
            };
            (cache, next)
        })
        .await
    }

    async fn fetch_within(&self, http: &reqwest::Client, limit: Option<Duration>) -> Result<Token, FailedTokenRequest> {
        let Some(limit) = limit else { return self.fetch(http).await };
        tokio::time::timeout(limit, self.fetch(http)).await.unwrap_or_else(|_| {
            let kind = TimeoutKind::Attempt;
            let error =
                Error::Timeout(Box::new(TimeoutError { operation: TOKEN_OPERATION, kind, limit, rate_limit: None }));
            Err(FailedTokenRequest { error, rate_limited: None })
        })
    }

    /// Revokes the cached token at `/api/oauth/revoke`, within `limit`, and forgets it once
    /// the endpoint accepted; nothing to do when there is none. A failed revocation keeps the
    /// token (still live), so it can be revoked again; the error says so.
    pub(crate) async fn revoke(&self, http: &reqwest::Client, limit: Option<Duration>) -> Result<(), Error> {
        let mut cache = self.token.lock().await;
        let Some(current) = cache.token.as_ref() else { return Ok(()) };
        let body = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("token", current.access.expose_secret())
            .append_pair("token_type_hint", "access_token")
            .finish();
        let posted = self.post_form(http, "revoke", body, REVOKE_OPERATION);
        let outcome = match limit {
            Some(limit) => tokio::time::timeout(limit, posted).await.unwrap_or_else(|_| {
                Err(Error::Timeout(Box::new(TimeoutError {
                    operation: REVOKE_OPERATION,
                    kind: TimeoutKind::Attempt,
                    limit,
                    rate_limit: None,
                })))
            }),
            None => posted.await,
        };
        let status = match outcome {
            Ok(response) if response.status().is_success() => {
                cache.token = None;
                return Ok(());
            }
            Ok(response) => Some(response.status()),
            Err(error) => {
                tracing::debug!(%error, "token revocation failed");
                None
            }
        };
        let answered = status.map_or("did not answer".to_owned(), |s| format!("answered {s}"));
        Err(Error::Auth(Box::new(AuthError {
            status,
            message: format!(
                "the token revocation endpoint {answered}; the token is still live and kept, to revoke again"
            ),
        })))
    }

    /// A 401 for `sent`: whether to retry once with another token. The token may have been
    /// revoked: it is dropped, and the call retried with a new one. But a token fetched
    /// after a 401, within [`TRUSTED_FOR`], is known good: its 401 refuses the call, with no
    /// new token and no retry. A token another call already replaced is retried with the
    /// new one.
    pub(crate) async fn expire(&self, sent: Option<&HeaderValue>) -> bool {
        let Some(sent) = sent else { return false };
        let mut cache = self.token.lock().await;
        match cache.token.as_ref() {
            Some(current) if current.header == sent => {
                if current.after_refusal && current.fetched_at.elapsed() < TRUSTED_FOR {
                    return false;
                }
                cache.token = None;
                cache.replacing_refused = true;
                true
            }
            _ => true,
        }
    }

    /// A form POST to `<base URL>/api/oauth/<endpoint>` with the client's Basic credentials.
    async fn post_form(
        &self,
        http: &reqwest::Client,
        endpoint: &str,
        body: String,
        operation: &'static str,
    ) -> Result<reqwest::Response, Error> {
        http.post(format!("{}{endpoint}", self.oauth_url))
            .basic_auth(&self.client_id, Some(self.secret.expose_secret()))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body(body)
            .send()
            .await
            .map_err(|source| transport(operation, source))
    }

    async fn fetch(&self, http: &reqwest::Client) -> Result<Token, FailedTokenRequest> {
        let refused = |error| FailedTokenRequest { error, rate_limited: None };
        let grant = "grant_type=client_credentials".to_owned();
        let response = self.post_form(http, "token", grant, TOKEN_OPERATION).await.map_err(refused)?;
        let status = response.status();
        let retry_after = crate::headers::retry_after(response.headers());
        let body = response.bytes().await.map_err(|source| refused(transport(TOKEN_OPERATION, source)))?;
        let failed = |message: String| Error::Auth(Box::new(AuthError { status: Some(status), message }));
        if !status.is_success() {
            let error = failed(format!("the token endpoint answered {status}"));
            let rate_limited = (status == reqwest::StatusCode::TOO_MANY_REQUESTS).then_some(retry_after);
            return Err(FailedTokenRequest { error, rate_limited });
        }
        let token: TokenResponse = serde_json::from_slice(&body).map_err(|e| {
            // Only the position: serde's message could quote part of the body.
            refused(failed(format!(
                "the token response is not the expected JSON (line {}, column {})",
                e.line(),
                e.column()
            )))
        })?;
        let header = bearer(&token.access_token).map_err(refused)?;
        let now = Instant::now();
        Ok(Token {
            header,
            access: SecretString::from(token.access_token),
            // A lifetime past what the clock can count is as good as for ever.
            refresh_at: now.checked_add(fresh_for(token.expires_in)).unwrap_or_else(|| far_future(now)),
            fetched_at: now,
            after_refusal: false,
        })
    }
}

/// The rate-limit error to answer without asking, while the endpoint's wait lasts.
fn still_refused(cache: &Cache) -> Option<Error> {
    let left = cache.refused_until?.checked_duration_since(Instant::now()).filter(|left| !left.is_zero())?;
    Some(Error::Auth(Box::new(AuthError {
        status: Some(reqwest::StatusCode::TOO_MANY_REQUESTS),
        message: format!(
            "the token endpoint answered 429 and asked to wait; no token request for {} s more",
            left.as_secs_f64().ceil()
        ),
    })))
}

/// `wait` from now, or as far as the clock goes.
fn later(wait: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(wait).unwrap_or_else(|| far_future(now))
}

/// A century from `now`, or as far as the clock goes.
fn far_future(now: Instant) -> Instant {
    let mut ahead = Duration::from_secs(100 * 365 * 24 * 3600);
    loop {
        match now.checked_add(ahead) {
            Some(at) => return at,
            None => ahead /= 2,
        }
    }
}

fn transport(operation: &'static str, source: reqwest::Error) -> Error {
    Error::Transport(Box::new(TransportError { operation, error: source, received: None }))
}

/// How long a token is used: until a minute before it expires, or halfway through a
/// short-lived one; an answer without `expires_in` counts as an hour.
fn fresh_for(expires_in: Option<u64>) -> Duration {
    let lifetime = Duration::from_secs(expires_in.unwrap_or(3600));
    lifetime - (lifetime / 2).min(Duration::from_secs(60))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::fresh_for;

    #[test]
    fn a_token_is_refreshed_a_minute_before_expiry_or_halfway_when_short_lived() {
        assert_eq!(fresh_for(Some(3600)), Duration::from_secs(3540));
        assert_eq!(fresh_for(None), Duration::from_secs(3540));
        assert_eq!(fresh_for(Some(120)), Duration::from_secs(60));
        assert_eq!(fresh_for(Some(60)), Duration::from_secs(30));
        assert_eq!(fresh_for(Some(0)), Duration::ZERO);
    }
}
