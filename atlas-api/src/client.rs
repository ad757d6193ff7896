//! The client: configuration, and sending one request.

use std::fmt;
use std::sync::Arc;

use reqwest::header::{HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use reqwest::{Method, Url};

use crate::credentials::Credentials;
use crate::error::{ApiError, ApiFailure, Error, TransportError};
use crate::request::Request;
use crate::response::Response;

/// Where Atlas answers unless told otherwise.
pub const DEFAULT_BASE_URL: &str = "https://cloud.mongodb.com";
const USER_AGENT_PREFIX: &str = concat!("atlas-api-rust/", env!("CARGO_PKG_VERSION"));

/// A client for the Atlas Administration API. Cheap to clone: clones share one connection
/// pool and one configuration.
///
/// Operations are grouped by the spec's tags behind accessors, e.g. `client.clusters()`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Without a trailing `/`.
    base_url: String,
    user_agent: HeaderValue,
    credentials: Credentials,
}

impl Client {
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to, e.g. `https://cloud.mongodb.com`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends one request and reads the whole answer; a non-2xx status becomes
    /// [`Error::Api`].
    pub(crate) async fn execute(&self, mut request: Request) -> Result<Response, Error> {
        let operation = request.operation;
        let transport = |source| Error::Transport(Box::new(TransportError { operation: operation.id, source }));
        let url = self.url(&request)?;
        let method = Method::from_bytes(operation.method.as_bytes())
            .map_err(|_| Error::Config(format!("{}: invalid HTTP method {}", operation.id, operation.method)))?;
        let mut builder = self
            .inner
            .http
            .request(method, url)
            .header(ACCEPT, HeaderValue::from_static(operation.accept))
            .header(USER_AGENT, self.inner.user_agent.clone());
        if let Some(authorization) = self.inner.credentials.authorization() {
            builder = builder.header(AUTHORIZATION, authorization);
        }
        for (name, value) in &request.headers {
            let invalid = || Error::Config(format!("{}: header {name} cannot carry {value:?}", operation.id));
            let value = HeaderValue::try_from(value.as_str()).map_err(|_| invalid())?;
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            builder = builder.header(name, value);
        }
        if let Some((content_type, bytes)) = request.take_body()? {
            builder = builder.header(CONTENT_TYPE, HeaderValue::from_static(content_type)).body(bytes);
        }
        let response = builder.send().await.map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport)?;
        if !status.is_success() {
            let error = serde_json::from_slice::<ApiError>(&body).ok();
            let body = String::from_utf8_lossy(&body).into_owned();
            return Err(Error::Api(Box::new(ApiFailure { operation: operation.id, status, error, body })));
        }
        Ok(Response { operation, status, headers, body })
    }

    fn url(&self, request: &Request) -> Result<Url, Error> {
        let mut url = Url::parse(&format!("{}{}", self.inner.base_url, request.path))
            .map_err(|e| Error::Config(format!("{}: cannot form a URL: {e}", request.operation.id)))?;
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(request.query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        Ok(url)
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("user_agent", &self.inner.user_agent)
            .field("credentials", &self.inner.credentials)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`].
#[derive(Debug, Default)]
#[must_use]
pub struct ClientBuilder {
    base_url: Option<String>,
    http: Option<reqwest::Client>,
    user_agent_suffix: Option<String>,
    credentials: Credentials,
}

impl ClientBuilder {
    /// Where to send requests; [`DEFAULT_BASE_URL`] unless set.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Uses this `reqwest::Client` (its pool, proxy, TLS and timeout settings) instead of
    /// building one.
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

    pub fn build(self) -> Result<Client, Error> {
        let base_url = self.base_url.unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        let parsed = Url::parse(&base_url).map_err(|e| Error::Config(format!("base URL {base_url:?}: {e}")))?;
        if !matches!(parsed.scheme(), "https" | "http") || parsed.cannot_be_a_base() {
            return Err(Error::Config(format!("base URL {base_url:?} is not an http(s) URL")));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(Error::Config(format!("base URL {base_url:?} must not have a query or fragment")));
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
        Ok(Client { inner: Arc::new(Inner { http, base_url, user_agent, credentials: self.credentials }) })
    }
}

/// A reqwest client on rustls. rustls needs a process-wide crypto provider; when the
/// application has not installed one, ring is installed (it builds without CMake).
fn default_http_client() -> Result<reqwest::Client, Error> {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race with another thread installing one is fine: any provider will do.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    reqwest::Client::builder().build().map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))
}
