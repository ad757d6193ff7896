//! What the client authenticates with. Secrets never appear in `Debug` output.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

/// How the client proves who it is.
///
/// A static bearer token is available now; API keys (HTTP Digest) and service accounts
/// (OAuth2 client credentials) plug in behind the same type.
#[derive(Clone, Default)]
pub struct Credentials {
    kind: Kind,
}

#[derive(Clone, Default)]
enum Kind {
    /// No `Authorization` header (only a few public endpoints answer without one).
    #[default]
    Anonymous,
    Bearer(SecretString),
}

impl Credentials {
    /// Sends no credentials.
    pub fn anonymous() -> Self {
        Self { kind: Kind::Anonymous }
    }

    /// A static OAuth2 access token, sent as `Authorization: Bearer <token>`.
    pub fn bearer_token(token: impl Into<String>) -> Self {
        Self { kind: Kind::Bearer(SecretString::from(token.into())) }
    }

    /// The `Authorization` header for one request, if any. The value is marked sensitive so
    /// that HTTP-level logging does not print it.
    pub(crate) fn authorization(&self) -> Option<reqwest::header::HeaderValue> {
        match &self.kind {
            Kind::Anonymous => None,
            Kind::Bearer(token) => {
                let mut value =
                    reqwest::header::HeaderValue::try_from(format!("Bearer {}", token.expose_secret())).ok()?;
                value.set_sensitive(true);
                Some(value)
            }
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Anonymous => f.write_str("Credentials::Anonymous"),
            Kind::Bearer(_) => f.write_str("Credentials::BearerToken(<redacted>)"),
        }
    }
}
