//! HTTP Digest for API keys, with the `digest_auth` crate computing the responses.

use std::sync::Mutex;

use digest_auth::{AuthContext, HttpMethod, WwwAuthenticateHeader};
use reqwest::header::{HeaderMap, HeaderValue, WWW_AUTHENTICATE};
use secrecy::{ExposeSecret, SecretString};

use super::{sensitive, unanswerable, DigestInput};
use crate::error::Error;

pub(crate) struct Digest {
    username: String,
    password: SecretString,
    /// The last challenge; answering it increments its nonce count.
    challenge: Mutex<Option<WwwAuthenticateHeader>>,
}

impl Digest {
    /// The public key, which a client's `Debug` shows.
    pub(crate) fn username(&self) -> &str {
        &self.username
    }

    pub(crate) fn new(username: String, password: SecretString) -> Self {
        Self { username, password, challenge: Mutex::new(None) }
    }

    /// An answer to the cached challenge; `None` before the server has sent one, and an
    /// error when the challenge cannot be answered (never a request without its answer).
    pub(crate) fn header(&self, target: &DigestInput<'_>) -> Result<Option<HeaderValue>, Error> {
        let mut challenge = self.challenge.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let Some(challenge) = challenge.as_mut() else { return Ok(None) };
        let context = AuthContext::new_with_method(
            self.username.as_str(),
            self.password.expose_secret(),
            target.uri,
            target.body,
            HttpMethod::from(target.method),
        );
        let answer = challenge
            .respond(&context)
            .map_err(|error| unanswerable(format!("the server's Digest challenge cannot be answered: {error}")))?;
        sensitive(&answer.to_header_string(), "the Digest answer").map(Some)
    }

    /// A 401: keeps its Digest challenge. Sends again when the first request went without
    /// an answer, or when the server says the nonce was merely stale.
    pub(crate) fn challenged(&self, headers: &HeaderMap, answered: bool) -> bool {
        let challenge = headers
            .get_all(WWW_AUTHENTICATE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.trim_start().to_ascii_lowercase().starts_with("digest"))
            .and_then(|v| digest_auth::parse(v).ok());
        let Some(challenge) = challenge else { return false };
        let again = !answered || challenge.stale;
        *self.challenge.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(challenge);
        again
    }
}
