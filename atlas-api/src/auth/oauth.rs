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

const TOKEN_OPERATION: &str = "serviceAccountToken";

pub(crate) struct ServiceAccount {
    client_id: String,
    secret: SecretString,
    token_url: String,
    /// Held across the token request: concurrent callers wait for one refresh.
    token: Mutex<Option<Token>>,
}

struct Token {
    header: HeaderValue,
    refresh_at: Instant,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl ServiceAccount {
    pub(crate) fn new(client_id: String, secret: SecretString, token_url: String) -> Self {
        Self { client_id, secret, token_url, token: Mutex::new(None) }
    }

    /// The cached token, or a new one when it is missing or about to expire.
    pub(crate) async fn header(&self, http: &reqwest::Client) -> Result<HeaderValue, Error> {
        let mut token = self.token.lock().await;
        if let Some(current) = token.as_ref().filter(|t| Instant::now() < t.refresh_at) {
            return Ok(current.header.clone());
        }
        let fresh = self.fetch(http).await?;
        let header = fresh.header.clone();
        *token = Some(fresh);
        Ok(header)
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

    async fn fetch(&self, http: &reqwest::Client) -> Result<Token, Error> {
        let transport = |source| Error::Transport(Box::new(TransportError { operation: TOKEN_OPERATION, source }));
        let response = http
            .post(&self.token_url)
            .basic_auth(&self.client_id, Some(self.secret.expose_secret()))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body("grant_type=client_credentials")
            .send()
            .await
            .map_err(transport)?;
        let status = response.status();
        let body = response.bytes().await.map_err(transport)?;
        let failed = |message: String| Error::Auth(Box::new(AuthError { status: Some(status), message }));
        if !status.is_success() {
            return Err(failed(format!("the token endpoint answered {status}")));
        }
        let token: TokenResponse = serde_json::from_slice(&body).map_err(|e| {
            // Only the position: serde's message could quote part of the body.
            failed(format!("the token response is not the expected JSON (line {}, column {})", e.line(), e.column()))
        })?;
        Ok(Token { header: bearer(&token.access_token), refresh_at: Instant::now() + fresh_for(token.expires_in) })
    }
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
