//! The mock's side of authentication, as Atlas answers it: a Digest challenge and its check
//! for API keys, the OAuth token endpoint for service accounts, and the bearer check.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use base64::Engine as _;
use digest_auth::{AuthContext, AuthorizationHeader, HttpMethod};

use super::layer::Caller;
use crate::auth::{Credentials, Expected};

/// What the mock makes of a request's `Authorization`.
pub(crate) enum Verdict {
    Accepted,
    /// A 401 with this `WWW-Authenticate` (the first leg of Digest): not a fault.
    Challenge(String),
    /// A 401, and a fault of the test: why.
    Refused(String),
}

pub(crate) struct MockAuth {
    credentials: Credentials,
    nonces: Mutex<Vec<String>>,
    tokens: Mutex<Vec<String>>,
    counter: AtomicU64,
}

impl MockAuth {
    pub(crate) fn new(credentials: Credentials) -> Self {
        Self { credentials, nonces: Mutex::default(), tokens: Mutex::default(), counter: AtomicU64::new(1) }
    }

    fn fresh(&self, prefix: &str) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        format!("{prefix}{n:08x}{:016x}", fastrand::u64(..))
    }

    /// Judges an API request's `Authorization`; `target` is its path and query as sent.
    pub(crate) fn judge(&self, method: &str, target: &str, authorization: Option<&str>) -> Verdict {
        match self.credentials.expected() {
            Expected::Anonymous => Verdict::Accepted,
            Expected::Bearer(token) => bearer(authorization, |sent| sent == token),
            Expected::ServiceAccount { .. } => {
                let tokens = lock(&self.tokens);
                bearer(authorization, |sent| tokens.iter().any(|t| t == sent))
            }
            Expected::ApiKey { public, private } => match authorization {
                None => Verdict::Challenge(self.challenge()),
                Some(header) => self.digest(method, target, header, public, private),
            },
        }
    }

    fn challenge(&self) -> String {
        let nonce = self.fresh("");
        lock(&self.nonces).push(nonce.clone());
        format!(
            "Digest realm=\"MMS Public API\", domain=\"\", nonce=\"{nonce}\", algorithm=MD5, qop=\"auth\", stale=false"
        )
    }

    fn digest(&self, method: &str, target: &str, header: &str, public: &str, private: &str) -> Verdict {
        let Some(answer) = header.strip_prefix("Digest ").and_then(|h| AuthorizationHeader::parse(h).ok()) else {
            return Verdict::Refused(format!("`Authorization` is not a Digest answer: {}", first_word(header)));
        };
        if answer.username != public {
            return Verdict::Refused(format!("Digest user `{}` is not the API key `{public}`", answer.username));
        }
        if !lock(&self.nonces).contains(&answer.nonce) {
            return Verdict::Refused("the Digest answer's nonce is not one the mock issued".to_owned());
        }
        if answer.uri != target {
            return Verdict::Refused(format!("the Digest answer is for `{}`, the request for `{target}`", answer.uri));
        }
        let mut expected = answer.clone();
        let context = AuthContext::new_with_method(public, private, target, None::<&[u8]>, HttpMethod::from(method));
        expected.digest(&context);
        if expected.response == answer.response {
            Verdict::Accepted
        } else {
            Verdict::Refused("the Digest answer does not match the API key's private key".to_owned())
        }
    }

    /// Whom Atlas names as the caller of a request the mock takes, from `address`: the API
    /// key it is signed with (its public key), or the service account (its client id).
    pub(crate) fn caller(&self, address: std::net::IpAddr) -> Caller<'_> {
        let address = Some(address);
        match self.credentials.expected() {
            Expected::ApiKey { public, .. } => Caller { api_key: Some(public), client_id: None, address },
            Expected::ServiceAccount { client_id, .. } => Caller { api_key: None, client_id: Some(client_id), address },
            _ => Caller { address, ..Caller::default() },
        }
    }

    /// `POST /api/oauth/token`: a token for the service account's Basic credentials.
    pub(crate) fn token(&self, authorization: Option<&str>, form: &[u8]) -> Result<String, String> {
        let Expected::ServiceAccount { client_id, secret } = self.credentials.expected() else {
            return Err("a token request, but the mock was not started with a service account".to_owned());
        };
        let basic = authorization
            .and_then(|h| h.strip_prefix("Basic "))
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b.trim()).ok())
            .and_then(|b| String::from_utf8(b).ok());
        if basic.as_deref() != Some(&format!("{client_id}:{secret}")) {
            return Err("the token request's Basic credentials are not the service account's".to_owned());
        }
        if !String::from_utf8_lossy(form).split('&').any(|pair| pair == "grant_type=client_credentials") {
            return Err("the token request does not ask for `grant_type=client_credentials`".to_owned());
        }
        let token = self.fresh("mock-token-");
        lock(&self.tokens).push(token.clone());
        Ok(token)
    }

    /// `POST /api/oauth/revoke`: the token no longer works.
    pub(crate) fn revoke(&self, form: &[u8]) {
        let form = String::from_utf8_lossy(form);
        let revoked: Vec<&str> = form.split('&').filter_map(|pair| pair.strip_prefix("token=")).collect();
        lock(&self.tokens).retain(|t| !revoked.contains(&t.as_str()));
    }
}

fn bearer(authorization: Option<&str>, valid: impl Fn(&str) -> bool) -> Verdict {
    match authorization.and_then(|h| h.strip_prefix("Bearer ")) {
        Some(token) if valid(token) => Verdict::Accepted,
        Some(_) => Verdict::Refused("the bearer token is not one the mock issued or was given".to_owned()),
        None => Verdict::Refused(match authorization {
            None => "the request carries no credentials".to_owned(),
            Some(other) => format!("expected a bearer token, got `{}`", first_word(other)),
        }),
    }
}

/// The scheme of an `Authorization` value, never its secret.
fn first_word(header: &str) -> &str {
    header.split_whitespace().next().unwrap_or_default()
}

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
