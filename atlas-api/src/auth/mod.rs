//! What the client authenticates with, and the per-client state behind it (a Digest
//! challenge, a cached OAuth token). Secrets never appear in `Debug` output or errors.

mod digest;
mod oauth;

use std::fmt;

use reqwest::header::{HeaderMap, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

use crate::error::Error;

/// How the client proves who it is.
#[derive(Clone, Default)]
pub struct Credentials {
    kind: Kind,
}

#[derive(Clone, Default)]
enum Kind {
    #[default]
    Anonymous,
    Bearer(SecretString),
    ApiKey {
        public: String,
        private: SecretString,
    },
    ServiceAccount {
        client_id: String,
        secret: SecretString,
    },
}

/// What the mock checks a request's credentials against.
#[cfg(feature = "mock")]
pub(crate) enum Expected<'a> {
    Anonymous,
    Bearer(&'a str),
    ApiKey { public: &'a str, private: &'a str },
    ServiceAccount { client_id: &'a str, secret: &'a str },
}

impl Credentials {
    #[cfg(feature = "mock")]
    pub(crate) fn expected(&self) -> Expected<'_> {
        match &self.kind {
            Kind::Anonymous => Expected::Anonymous,
            Kind::Bearer(token) => Expected::Bearer(token.expose_secret()),
            Kind::ApiKey { public, private } => Expected::ApiKey { public, private: private.expose_secret() },
            Kind::ServiceAccount { client_id, secret } => {
                Expected::ServiceAccount { client_id, secret: secret.expose_secret() }
            }
        }
    }

    /// From the environment, as the Atlas CLI names them: `ATLAS_CLIENT_ID` and
    /// `ATLAS_CLIENT_SECRET` (a service account), else `ATLAS_PUBLIC_KEY` and
    /// `ATLAS_PRIVATE_KEY` (an API key); `None` when neither pair is set in full.
    pub fn from_env() -> Option<Self> {
        let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
        match (var("ATLAS_CLIENT_ID"), var("ATLAS_CLIENT_SECRET")) {
            (Some(id), Some(secret)) => Some(Self::service_account(id, secret)),
            _ => Some(Self::api_key(var("ATLAS_PUBLIC_KEY")?, var("ATLAS_PRIVATE_KEY")?)),
        }
    }

    /// Sends no credentials.
    pub fn anonymous() -> Self {
        Self { kind: Kind::Anonymous }
    }

    /// A static OAuth2 access token, sent as `Authorization: Bearer <token>`.
    pub fn bearer_token(token: impl Into<String>) -> Self {
        Self { kind: Kind::Bearer(SecretString::from(token.into())) }
    }

    /// A programmatic API key: HTTP Digest (RFC 7616, MD5 or SHA-256, `qop=auth`). The
    /// challenge's nonce is reused with an increasing nonce count; a `stale=true` challenge
    /// is answered once.
    pub fn api_key(public_key: impl Into<String>, private_key: impl Into<String>) -> Self {
        Self { kind: Kind::ApiKey { public: public_key.into(), private: SecretString::from(private_key.into()) } }
    }

    /// A service account: OAuth2 client credentials against `<base URL>/api/oauth/token`.
    /// The token is cached until shortly before it expires and refreshed by one request at
    /// a time, however many calls need it.
    pub fn service_account(client_id: impl Into<String>, secret: impl Into<String>) -> Self {
        Self { kind: Kind::ServiceAccount { client_id: client_id.into(), secret: SecretString::from(secret.into()) } }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = match &self.kind {
            Kind::Anonymous => Shown::Anonymous,
            Kind::Bearer(_) => Shown::Bearer,
            Kind::ApiKey { public, .. } => Shown::ApiKey(public),
            Kind::ServiceAccount { client_id, .. } => Shown::ServiceAccount(client_id),
        };
        shown.fmt(f)
    }
}

/// What of a set of credentials may be printed: their kind and public part, never a secret.
enum Shown<'a> {
    Anonymous,
    Bearer,
    ApiKey(&'a str),
    ServiceAccount(&'a str),
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shown::Anonymous => f.write_str("Credentials::Anonymous"),
            Shown::Bearer => f.write_str("Credentials::BearerToken(<redacted>)"),
            Shown::ApiKey(public) => {
                write!(f, "Credentials::ApiKey {{ public_key: {public:?}, private_key: <redacted> }}")
            }
            Shown::ServiceAccount(client_id) => {
                write!(f, "Credentials::ServiceAccount {{ client_id: {client_id:?}, secret: <redacted> }}")
            }
        }
    }
}

/// The live authentication state of one client.
pub(crate) enum Auth {
    None,
    Bearer(SecretString),
    Digest(digest::Digest),
    ServiceAccount(oauth::ServiceAccount),
}

/// As the credentials it holds print (secrets redacted): a client prints its `Auth`.
impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = match self {
            Auth::None => Shown::Anonymous,
            Auth::Bearer(_) => Shown::Bearer,
            Auth::Digest(digest) => Shown::ApiKey(digest.username()),
            Auth::ServiceAccount(account) => Shown::ServiceAccount(account.client_id()),
        };
        shown.fmt(f)
    }
}

/// What a Digest response is computed over.
pub(crate) struct DigestInput<'a> {
    pub method: &'a str,
    /// Path and query, as sent.
    pub uri: &'a str,
    pub body: Option<&'a [u8]>,
}

impl Auth {
    pub(crate) fn new(credentials: Credentials, base_url: &str) -> Self {
        match credentials.kind {
            Kind::Anonymous => Auth::None,
            Kind::Bearer(token) => Auth::Bearer(token),
            Kind::ApiKey { public, private } => Auth::Digest(digest::Digest::new(public, private)),
            Kind::ServiceAccount { client_id, secret } => {
                Auth::ServiceAccount(oauth::ServiceAccount::new(client_id, secret, base_url))
            }
        }
    }

    /// The `Authorization` header for one attempt, if any.
    pub(crate) async fn header(
        &self,
        http: &reqwest::Client,
        target: &DigestInput<'_>,
        policy: &crate::retry::RetryPolicy,
        limit: Option<std::time::Duration>,
        pacer: &crate::rate_limit::Pacer,
    ) -> Result<Option<HeaderValue>, Error> {
        match self {
            Auth::None => Ok(None),
            Auth::Bearer(token) => bearer(token.expose_secret()).map(Some),
            Auth::Digest(digest) => digest.header(target),
            Auth::ServiceAccount(account) => account.header(http, policy, limit, pacer).await.map(Some),
        }
    }

    /// Revokes a service account's cached token; nothing for other credentials.
    pub(crate) async fn revoke(&self, http: &reqwest::Client, limit: Option<std::time::Duration>) -> Result<(), Error> {
        match self {
            Auth::ServiceAccount(account) => account.revoke(http, limit).await,
            _ => Ok(()),
        }
    }

    /// After a 401 answered to `sent`: updates the state and says whether to send once more.
    pub(crate) async fn retry_unauthorized(&self, headers: &HeaderMap, sent: Option<&HeaderValue>) -> bool {
        match self {
            Auth::None | Auth::Bearer(_) => false,
            Auth::Digest(digest) => digest.challenged(headers, sent.is_some()),
            Auth::ServiceAccount(account) => account.expire(sent).await,
        }
    }
}

/// `Bearer <token>`, marked sensitive so HTTP-level logging does not print it.
/// `Bearer <token>`, or an error (naming no secret) when the token holds characters a
/// header cannot carry: never a header that means something else.
fn bearer(token: &str) -> Result<HeaderValue, Error> {
    sensitive(&format!("Bearer {token}"), "the bearer token")
}

fn sensitive(value: &str, what: &str) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::try_from(value)
        .map_err(|_| unanswerable(format!("{what} holds characters an HTTP header cannot carry")))?;
    value.set_sensitive(true);
    Ok(value)
}

/// Credentials the client cannot turn into a header: an auth error with no server status.
fn unanswerable(message: String) -> Error {
    Error::Auth(Box::new(crate::error::AuthError { status: None, message }))
}
