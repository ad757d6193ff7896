//! OAuth2 client credentials for service accounts.
//!
//! Hand-written rather than the `oauth2` crate: the grant is one form POST with Basic auth,
//! and `oauth2`'s HTTP adapters pin their own reqwest version; this goes through the same
//! (possibly caller-supplied) `reqwest::Client` as every other request.

use std::time::{Duration, Instant};

use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::sync::Mutex;

use super::bearer;
use crate::error::{AuthError, Error, TransportError};
use crate::retry::{Cause, RetryPolicy};

const TOKEN_OPERATION: &str = "serviceAccountToken";
const REVOKE_OPERATION: &str = "serviceAccountRevoke";

pub(crate) struct ServiceAccount {
    client_id: String,
    secret: SecretString,
    /// `<base URL>/api/oauth/`, where `token` and `revoke` are.
    oauth_url: String,
    /// Held across the token request and its waits: concurrent callers wait for one
    /// refresh, and only that one retries a refused token request.
    token: Mutex<Option<Token>>,
}

struct Token {
    access: SecretString,
    header: HeaderValue,
    refresh_at: Instant,
}

/// A token request that failed, and how long the endpoint asked to wait.
struct Refused {
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
    pub(crate) fn new(client_id: String, secret: SecretString, base_url: &str) -> Self {
        Self { client_id, secret, oauth_url: format!("{base_url}/api/oauth/"), token: Mutex::new(None) }
    }

    /// The cached token, or a new one when it is missing or about to expire. Atlas allows
    /// few token requests a minute: a 429 is retried with the policy's rate-limit backoff
    /// (or the endpoint's `Retry-After`, within the policy's cap), by this one caller.
    pub(crate) async fn header(&self, http: &reqwest::Client, policy: &RetryPolicy) -> Result<HeaderValue, Error> {
        let mut token = self.token.lock().await;
        if let Some(current) = token.as_ref().filter(|t| Instant::now() < t.refresh_at) {
            return Ok(current.header.clone());
        }
        let mut attempt = 1;
        let fresh = loop {
            match self.fetch(http).await {
                Ok(fresh) => break fresh,
                Err(Refused { error, rate_limited: Some(retry_after) }) if attempt < policy.max_attempts => {
                    let cause = retry_after.map_or(Cause::RateLimited, Cause::RetryAfter);
                    let Some(delay) = policy.delay(attempt, cause) else { return Err(error) };
                    tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, "token request rate-limited");
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                Err(refused) => return Err(refused.error),
            }
        };
        let header = fresh.header.clone();
        *token = Some(fresh);
        Ok(header)
    }

    /// Revokes the cached token at `/api/oauth/revoke` and forgets it; nothing to do when
    /// there is none. The next call fetches a new one.
    pub(crate) async fn revoke(&self, http: &reqwest::Client) -> Result<(), Error> {
        let mut token = self.token.lock().await;
        let Some(current) = token.take() else { return Ok(()) };
        let body = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("token", current.access.expose_secret())
            .append_pair("token_type_hint", "access_token")
            .finish();
        let response = self.post_form(http, "revoke", body, REVOKE_OPERATION).await?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        Err(Error::Auth(Box::new(AuthError {
            status: Some(status),
            message: format!("the token revocation endpoint answered {status}"),
        })))
    }

    /// A 401 for `sent`: drops that token (unless another call already replaced it) and asks
    /// for one retry with a fresh one.
    pub(crate) async fn expire(&self, sent: Option<&HeaderValue>) -> bool {
        let Some(sent) = sent else { return false };
        let mut token = self.token.lock().await;
        if token.as_ref().is_some_and(|t| t.header == sent) {
            *token = None;
        }
        true
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

    async fn fetch(&self, http: &reqwest::Client) -> Result<Token, Refused> {
        let refused = |error| Refused { error, rate_limited: None };
        let grant = "grant_type=client_credentials".to_owned();
        let response = self.post_form(http, "token", grant, TOKEN_OPERATION).await.map_err(refused)?;
        let status = response.status();
        let retry_after = crate::retry::retry_after(response.headers());
        let body = response.bytes().await.map_err(|source| refused(transport(TOKEN_OPERATION, source)))?;
        let failed = |message: String| Error::Auth(Box::new(AuthError { status: Some(status), message }));
        if !status.is_success() {
            let error = failed(format!("the token endpoint answered {status}"));
            let rate_limited = (status == reqwest::StatusCode::TOO_MANY_REQUESTS).then_some(retry_after);
            return Err(Refused { error, rate_limited });
        }
        let token: TokenResponse = serde_json::from_slice(&body).map_err(|e| {
            // Only the position: serde's message could quote part of the body.
            refused(failed(format!(
                "the token response is not the expected JSON (line {}, column {})",
                e.line(),
                e.column()
            )))
        })?;
        Ok(Token {
            header: bearer(&token.access_token),
            access: SecretString::from(token.access_token),
            refresh_at: Instant::now() + fresh_for(token.expires_in),
        })
    }
}

fn transport(operation: &'static str, source: reqwest::Error) -> Error {
    Error::Transport(Box::new(TransportError { operation, source }))
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
