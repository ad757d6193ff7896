//! The client and its configuration.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use reqwest::Url;

use crate::auth::{Auth, Credentials};
use crate::error::Error;
use crate::rate_limit::{Pacer, RateLimitPolicy};
use crate::retry::RetryPolicy;

/// Where Atlas answers unless told otherwise.
pub const DEFAULT_BASE_URL: &str = "https://cloud.mongodb.com";
const USER_AGENT_PREFIX: &str = concat!("atlas-api-rust/", env!("CARGO_PKG_VERSION"));

/// A client for the Atlas Administration API. Cheap to clone: clones share one connection
/// pool, one configuration, one authentication state (Digest challenge, OAuth token) and
/// one pacing of Atlas's rate limits ([`RateLimitPolicy`]).
///
/// Operations are grouped by the spec's tags behind accessors, e.g. `client.clusters()`.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
    /// Settings one call overrides (a request builder's `.retry(..)`, ...); `None` for none.
    call: Option<Arc<CallSettings>>,
}

/// What a single call may set instead of the client's configuration.
#[derive(Debug, Clone, Default)]
struct CallSettings {
    retry: Option<RetryPolicy>,
    attempt_timeout: Option<Option<Duration>>,
    deadline: Option<Option<Duration>>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// Without a trailing `/`.
    pub(crate) base_url: String,
    pub(crate) user_agent: HeaderValue,
    /// The credentials, held once: in the state that authenticates with them.
    pub(crate) auth: Auth,
    pub(crate) retry: RetryPolicy,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) stall_timeout: Option<Duration>,
    /// Atlas's rate-limit buckets, shared by every call of the client and its clones.
    pub(crate) pacer: Pacer,
}

impl Client {
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to, e.g. `https://cloud.mongodb.com`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Revokes the service account's current access token (`POST /api/oauth/revoke`) and
    /// forgets it; the next call fetches a new one. Atlas allows a service account a limited
    /// number of live tokens, so a short-lived program should revoke its token before it
    /// exits. Does nothing for other credentials, or when no token was fetched yet.
    pub async fn revoke_token(&self) -> Result<(), Error> {
        self.inner.auth.revoke(&self.inner.http, self.attempt_timeout()).await
    }

    /// This client for one call with `change` applied to its settings (request builders'
    /// `.retry(..)`, `.attempt_timeout(..)`, `.deadline(..)`).
    fn customized(mut self, change: impl FnOnce(&mut CallSettings)) -> Self {
        let mut settings = self.call.as_deref().cloned().unwrap_or_default();
        change(&mut settings);
        self.call = Some(Arc::new(settings));
        self
    }

    #[doc(hidden)]
    pub fn with_retry(self, policy: RetryPolicy) -> Self {
        self.customized(|s| s.retry = Some(policy))
    }

    #[doc(hidden)]
    pub fn with_attempt_timeout(self, limit: Option<Duration>) -> Self {
        self.customized(|s| s.attempt_timeout = Some(limit))
    }

    #[doc(hidden)]
    pub fn with_deadline(self, limit: Option<Duration>) -> Self {
        self.customized(|s| s.deadline = Some(limit))
    }

    /// The retry policy of this call.
    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        self.call.as_ref().and_then(|c| c.retry.as_ref()).unwrap_or(&self.inner.retry)
    }

    /// The attempt timeout of this call.
    pub(crate) fn attempt_timeout(&self) -> Option<Duration> {
        self.call.as_ref().and_then(|c| c.attempt_timeout).unwrap_or(self.inner.attempt_timeout)
    }

    /// The deadline of this call.
    pub(crate) fn deadline(&self) -> Option<Duration> {
        self.call.as_ref().and_then(|c| c.deadline).unwrap_or(self.inner.deadline)
    }
}

/// What every request builder has besides its parameters: `.send_with_response()`, the
/// per-call settings `.retry(..)`, `.attempt_timeout(..)` and `.deadline(..)` (which apply to
/// that call alone, every page of a walk included), and `.await`. The builder implements
/// [`Call`](crate::Call), which says what it sends and how the answer is read.
#[doc(hidden)]
#[macro_export]
macro_rules! __call {
    ($builder:ident, $output:ty) => {
        impl $builder {
            /// Sends the request; the typed body comes with the status and headers
            /// (`RateLimit-Limit`, `RateLimit-Remaining`, ...).
            #[inline]
            pub fn send_with_response(self) -> $crate::ResponseFuture<$crate::Response<$output>> {
                let (client, request) = $crate::Call::into_parts(self);
                $crate::__rt::send_with_response::<<Self as $crate::Call>::Reader>(client, request)
            }

            /// This call's retry policy, instead of the client's.
            pub fn retry(mut self, policy: $crate::RetryPolicy) -> Self {
                self.rt_client = self.rt_client.with_retry(policy);
                self
            }

            /// This call's limit for one attempt, instead of the client's (`None`: no limit).
            pub fn attempt_timeout(mut self, limit: Option<::std::time::Duration>) -> Self {
                self.rt_client = self.rt_client.with_attempt_timeout(limit);
                self
            }

            /// This call's limit for the whole call with its retries, instead of the client's.
            pub fn deadline(mut self, limit: Option<::std::time::Duration>) -> Self {
                self.rt_client = self.rt_client.with_deadline(limit);
                self
            }
        }

        impl ::std::future::IntoFuture for $builder {
            type Output = Result<$output, $crate::Error>;
            type IntoFuture = $crate::ResponseFuture<$output>;

            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                let (client, request) = $crate::Call::into_parts(self);
                $crate::__rt::send::<<Self as $crate::Call>::Reader>(client, request)
            }
        }
    };
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("user_agent", &self.inner.user_agent)
            .field("credentials", &self.inner.auth)
            .field("retry", &self.inner.retry)
            .field("attempt_timeout", &self.inner.attempt_timeout)
            .field("deadline", &self.inner.deadline)
            .field("stall_timeout", &self.inner.stall_timeout)
            .field("rate_limit", &self.inner.pacer.policy())
            .field("call", &self.call)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`].
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    base_url: Option<String>,
    http: Option<reqwest::Client>,
    user_agent_suffix: Option<String>,
    credentials: Credentials,
    retry: RetryPolicy,
    attempt_timeout: Option<Duration>,
    deadline: Option<Duration>,
    stall_timeout: Option<Duration>,
    allow_insecure_http: bool,
    rate_limit: RateLimitPolicy,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            base_url: None,
            http: None,
            user_agent_suffix: None,
            credentials: Credentials::default(),
            retry: RetryPolicy::default(),
            attempt_timeout: Some(Duration::from_secs(60)),
            deadline: None,
            stall_timeout: Some(Duration::from_secs(30)),
            allow_insecure_http: false,
            rate_limit: RateLimitPolicy::default(),
        }
    }
}

impl ClientBuilder {
    /// Where to send requests; [`DEFAULT_BASE_URL`] unless set. Plain `http://` is refused
    /// unless the host is loopback or [`ClientBuilder::allow_insecure_http`] is on.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Uses this `reqwest::Client` (its pool, proxy, TLS settings, default headers) instead of
    /// building one. Start from [`http_client_builder`]: reqwest panics when it builds a TLS
    /// client before a rustls crypto provider is installed, and that function installs one.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Appended to the default `User-Agent` (`atlas-api-rust/<version>`), e.g. `my-tool/1.2`.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// The retry policy ([`RetryPolicy::default`] unless set; [`RetryPolicy::none`] turns
    /// retries off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The limit for one attempt, sending and reading the whole answer (60 s unless set;
    /// `None` for no limit). An attempt that times out is retried like a connect error.
    pub fn attempt_timeout(mut self, limit: Option<Duration>) -> Self {
        self.attempt_timeout = limit;
        self
    }

    /// The limit for a whole call, retries and waits included (none unless set).
    pub fn deadline(mut self, limit: Option<Duration>) -> Self {
        self.deadline = limit;
        self
    }

    /// For downloads (`+gzip`, `+csv`): the longest wait for the next byte of the body (30 s
    /// unless set; `None` for no limit). The attempt timeout covers only the time to the
    /// response head, so a large download may take as long as it needs while it moves.
    pub fn stall_timeout(mut self, limit: Option<Duration>) -> Self {
        self.stall_timeout = limit;
        self
    }

    /// How calls are paced to Atlas's rate limits ([`RateLimitPolicy::default`], on, unless
    /// set; [`RateLimitPolicy::off`] sends every call at once).
    pub fn rate_limit(mut self, policy: RateLimitPolicy) -> Self {
        self.rate_limit = policy;
        self
    }

    /// Allows a plain `http://` base URL that is not loopback (credentials would cross the
    /// network unencrypted).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    pub fn build(self) -> Result<Client, Error> {
        let base_url = self.base_url.unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        let parsed = Url::parse(&base_url).map_err(|e| Error::Config(format!("base URL {base_url:?}: {e}")))?;
        if !matches!(parsed.scheme(), "https" | "http") || parsed.cannot_be_a_base() {
            return Err(Error::Config(format!("base URL {base_url:?} is not an http(s) URL")));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(Error::Config(format!("base URL {base_url:?} must not have a query or fragment")));
        }
        if parsed.scheme() == "http" && !is_loopback(&parsed) && !self.allow_insecure_http {
            return Err(Error::Config(format!(
                "base URL {base_url:?} is plain http to a host that is not loopback; use https, \
                 or allow_insecure_http(true) if you really mean it"
            )));
        }
        let user_agent = match &self.user_agent_suffix {
            Some(suffix) => format!("{USER_AGENT_PREFIX} {suffix}"),
            None => USER_AGENT_PREFIX.to_owned(),
        };
        let user_agent = HeaderValue::try_from(user_agent)
            .map_err(|_| Error::Config("the User-Agent suffix has characters a header cannot carry".into()))?;
        let http = match self.http {
            Some(http) => http,
            None => default_http_client()?,
        };
        let base_url = base_url.trim_end_matches('/').to_owned();
        let auth = Auth::new(self.credentials, &base_url);
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                user_agent,
                auth,
                retry: self.retry,
                attempt_timeout: self.attempt_timeout,
                deadline: self.deadline,
                stall_timeout: self.stall_timeout,
                pacer: Pacer::new(self.rate_limit),
            }),
            call: None,
        })
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// A `reqwest::ClientBuilder` to customize for [`ClientBuilder::http_client`]. reqwest runs
/// on rustls, which needs a process-wide crypto provider: when the application has not
/// installed one, this installs ring (it builds without CMake).
pub fn http_client_builder() -> reqwest::ClientBuilder {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race with another thread installing one is fine: any provider will do.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    reqwest::Client::builder()
}

fn default_http_client() -> Result<reqwest::Client, Error> {
    http_client_builder().build().map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))
}
