//! `cargo xtask fetch-spec`: downloads the Atlas Admin API v2 spec (or copies a local file),
//! checks that it is that document, and stores it outside the tracked tree. A download that
//! fails, times out, is cut short or is another document leaves the previous spec in place.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where the spec comes from.
#[derive(Debug, Clone)]
pub enum Source {
    Url(String),
    File(PathBuf),
}

/// What was stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched {
    pub path: PathBuf,
    pub sha256: String,
    /// `x-xgen-sha`: the upstream commit the spec was generated from, when it says.
    pub xgen_sha: Option<String>,
    /// The newest dated version the spec lists (`2025-03-12`): the date it carries.
    pub newest_version: Option<String>,
}

/// Fetches `source` into `out` (atomically: a temporary file renamed over it).
pub fn fetch(source: &Source, out: &Path, timeout: Duration) -> Result<Fetched, String> {
    let bytes = match source {
        Source::File(path) => std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?,
        Source::Url(url) => download(url, timeout)?,
    };
    let described =
        describe(&bytes).map_err(|why| format!("{}: {why}; the previous spec is left in place", name(source)))?;
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let partial = out.with_extension("yaml.partial");
    std::fs::write(&partial, &bytes).map_err(|e| format!("cannot write {}: {e}", partial.display()))?;
    std::fs::rename(&partial, out).map_err(|e| format!("cannot move the spec to {}: {e}", out.display()))?;
    let sha256 = codegen::sha256_hex(&bytes);
    Ok(Fetched { path: out.to_owned(), sha256, xgen_sha: described.0, newest_version: described.1 })
}

fn name(source: &Source) -> String {
    match source {
        Source::Url(url) => url.clone(),
        Source::File(path) => path.display().to_string(),
    }
}

fn download(url: &str, timeout: Duration) -> Result<Vec<u8>, String> {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    let client = reqwest::blocking::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(30)))
        .user_agent(concat!("atlas-api-xtask/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("cannot build an HTTP client: {e}"))?;
    let failed = |e: reqwest::Error| {
        let what = if e.is_timeout() { "timed out" } else { "failed" };
        format!("downloading {url} {what}: {e}; the previous spec is left in place")
    };
    let response = client.get(url).send().map_err(failed)?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("{url} answered {status}; the previous spec is left in place"));
    }
    let expected = response.content_length();
    let bytes = response.bytes().map_err(failed)?;
    if let Some(expected) = expected.filter(|n| *n != bytes.len() as u64) {
        return Err(format!(
            "{url} was cut short ({} of {expected} bytes); the previous spec is left in place",
            bytes.len()
        ));
    }
    Ok(bytes.to_vec())
}

/// Checks the document is an OpenAPI 3.0 description of the Atlas Admin API v2; returns
/// its `x-xgen-sha` and newest dated version.
fn describe(bytes: &[u8]) -> Result<(Option<String>, Option<String>), String> {
    let json = bytes.first().is_some_and(|b| *b == b'{');
    let spec = codegen::load_bytes(bytes, json, &codegen::Overrides::default()).map_err(|d| {
        format!("not an OpenAPI document: {}", d.iter().next().map(|d| d.to_string()).unwrap_or_default())
    })?;
    let version = spec.raw.get("openapi").and_then(|v| v.as_str()).unwrap_or_default();
    if !version.starts_with("3.0") {
        return Err(format!("OpenAPI {version}, not 3.0"));
    }
    let info = spec.raw.get("info");
    let title = info.and_then(|i| i.get("title")).and_then(|t| t.as_str()).unwrap_or_default();
    let api_version = info.and_then(|i| i.get("version")).and_then(|v| v.as_str()).unwrap_or_default();
    if !title.contains("MongoDB Atlas Administration API") || !api_version.starts_with('2') {
        return Err(format!("`{title}` version `{api_version}`, not the MongoDB Atlas Administration API v2"));
    }
    Ok((spec.xgen_sha().map(str::to_owned), spec.newest_version()))
}
