//! `prism`: Stoplight Prism mocks the spec on 127.0.0.1 and validates every request the
//! generated client sends; each operation and dated version is called with synthesized
//! arguments and must be accepted, and Prism's answer must decode.

use std::collections::btree_map::{BTreeMap, Entry};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use atlas_api::{Client, Credentials, Error, RetryPolicy};

use super::Outcome;

/// Calls Prism 5.14 cannot judge, each with the reason: (operation, version, why). They are
/// still made: one that passes fails the suite, so that this list never outlives its reason.
const EXCLUDED: &[(&str, &str, &str)] = &[
    (
        "createGroupLiveMigration",
        "2024-05-30",
        "Prism validates a request body against the first dated media type only (2023-01-01, which requires dropEnabled; 2024-05-30 has no such field)",
    ),
    (
        "validateGroupLiveMigrations",
        "2024-05-30",
        "Prism validates a request body against the first dated media type only (2023-01-01, which requires dropEnabled; 2024-05-30 has no such field)",
    ),
    (
        "createGroupCloudProviderAccess",
        "2023-01-01",
        "CloudProviderAccessRoleRequest: the AWS and GCP members of its oneOf accept the same bodies (only the discriminator tells them apart, and Prism ignores it), so no body matches exactly one",
    ),
    (
        "createGroupEncryptionAtRestPrivateEndpoint",
        "2023-01-01",
        "EARPrivateEndpoint: its Azure and AWS oneOf members have the same writable properties (only the discriminator tells them apart, and Prism ignores it), so no body matches exactly one",
    ),
    (
        "createFederationSettingIdentityProvider",
        "2023-11-15",
        "FederationOidcIdentityProviderUpdate: every body its workload member accepts, its workforce member accepts too (no discriminator), so no body matches exactly one",
    ),
];

/// Stops Prism however the suite ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Prism, restarted when a request crashes it.
struct Server {
    prism: PathBuf,
    spec: String,
    port: u16,
    running: Running,
}

pub async fn run() -> Result<Outcome, String> {
    let spec = std::env::var("ATLAS_SPEC").map_err(|_| "ATLAS_SPEC is not set (`.ci/run` sets it)".to_owned())?;
    let prism = prism_path()?;
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let running = start(&prism, &spec, port).await?;
    let mut server = Server { prism, spec, port, running };
    let mut clients = BTreeMap::new();

    let (mut calls, mut failures, mut excluded) = (0, Vec::new(), Vec::new());
    for case in &atlas_api::testkit::cases() {
        let client = match clients.entry(case.status) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => entry.insert(client_for(port, case.status)?),
        };
        let result = server.call(client, case.operation_id, case.version).await?;
        let name = format!("{} {} ({} {})", case.operation_id, case.version, case.method, case.path);
        let exclusion = EXCLUDED.iter().find(|(id, version, _)| *id == case.operation_id && *version == case.version);
        match (exclusion, result) {
            (Some((_, _, why)), Err(_)) => excluded.push(format!("  excluded {name}: {why}")),
            (Some(_), Ok(())) => {
                failures.push(format!("{name}: excluded, but Prism accepts it now: remove it from EXCLUDED"))
            }
            (None, result) => {
                calls += 1;
                if let Err(error) = result {
                    failures.push(format!("{name}: {}", describe(&error)));
                }
            }
        }
    }
    let mut summary = format!(
        "prism: {calls} calls, {} passed, {} failed; {} excluded",
        calls - failures.len(),
        failures.len(),
        excluded.len()
    );
    for line in excluded {
        summary.push('\n');
        summary.push_str(&line);
    }
    Ok(Outcome { summary, failures })
}

impl Server {
    /// Makes the generated call of `operation` at `version`. A request can crash Prism: it
    /// is started again, and the call gets a second chance.
    async fn call(&mut self, client: &Client, operation: &str, version: &str) -> Result<Result<(), Error>, String> {
        let call = || {
            atlas_api::testkit::call(client, operation, version)
                .ok_or_else(|| format!("no generated call for {operation} {version}"))
        };
        let mut result = call()?.await;
        if matches!(result, Err(Error::Transport(_))) && self.crashed() {
            self.restart().await?;
            result = call()?.await.map_err(|error| match error {
                Error::Transport(_) => Error::Config("Prism crashed on this request, twice".into()),
                other => other,
            });
            if self.crashed() {
                self.restart().await?;
            }
        }
        Ok(result.map(drop))
    }

    fn crashed(&mut self) -> bool {
        self.running.0.try_wait().ok().flatten().is_some()
    }

    async fn restart(&mut self) -> Result<(), String> {
        self.running = start(&self.prism, &self.spec, self.port).await?;
        Ok(())
    }
}

/// A client whose calls ask Prism for `status`: Prism otherwise answers from the lowest
/// documented 2xx, and a version whose body is documented under another one (201 beside a
/// 200) would get 406.
fn client_for(port: u16, status: u16) -> Result<Client, String> {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("prefer", format!("code={status}").parse().map_err(|e| format!("{e}"))?);
    let http = atlas_api::http_client_builder().default_headers(headers).build().map_err(|e| e.to_string())?;
    Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .http_client(http)
        .credentials(Credentials::bearer_token("conformance"))
        .retry(RetryPolicy::none())
        .build()
        .map_err(|e| e.to_string())
}

/// Starts `prism mock` on the spec and waits until it listens.
async fn start(prism: &PathBuf, spec: &str, port: u16) -> Result<Running, String> {
    // ATLAS_PRISM_LOG=<file> keeps Prism's log (its request violations) for debugging.
    let log = || match std::env::var_os("ATLAS_PRISM_LOG") {
        Some(path) => {
            std::fs::OpenOptions::new().create(true).append(true).open(path).map(Stdio::from).unwrap_or(Stdio::null())
        }
        None => Stdio::null(),
    };
    let child = Command::new(prism)
        .args(["mock", spec, "--host", "127.0.0.1", "--port", &port.to_string()])
        .stdout(log())
        .stderr(log())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", prism.display()))?;
    let running = Running(child);
    wait_for(port, Duration::from_secs(180)).await?;
    Ok(running)
}

/// `ATLAS_PRISM`, else the copy `.ci/run` installs into `.ci/prism/`.
fn prism_path() -> Result<PathBuf, String> {
    let path = match std::env::var_os("ATLAS_PRISM") {
        Some(path) => PathBuf::from(path),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.ci/prism/node_modules/.bin/prism"),
    };
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "Prism is not at {}: install it with `npm install --prefix .ci/prism @stoplight/prism-cli@5.14` \
             (what .ci/run does) or set ATLAS_PRISM",
            path.display()
        ))
    }
}

async fn wait_for(port: u16, limit: Duration) -> Result<(), String> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    Err(format!("Prism did not listen on 127.0.0.1:{port} within {limit:?}"))
}

fn describe(error: &Error) -> String {
    match error {
        Error::Api(failure) => match failure.headers.get("sl-violations").and_then(|v| v.to_str().ok()) {
            // Prism answers a request it rejects with the spec's own error example; the
            // reasons are in this header.
            Some(violations) => {
                format!("Prism rejected the request ({}): {}", failure.status, violations_text(violations))
            }
            // With no error response in the spec to answer with, Prism makes a 422 that lists them.
            None if failure.status == 422 => {
                let body: Option<serde_json::Value> = serde_json::from_str(&failure.body).ok();
                match body.as_ref().and_then(|body| body["validation"].as_array()) {
                    Some(items) => format!("Prism rejected the request (422): {}", violations_list(items)),
                    None => format!("Prism answered 422: {}", failure.body),
                }
            }
            None => {
                let detail: String = failure.body.chars().take(300).collect();
                format!("Prism answered {}: {detail}", failure.status)
            }
        },
        Error::Decode(decode) => format!("decode failed at `{}`: {}", decode.path, decode.source),
        other => other.to_string(),
    }
}

/// `sl-violations` is a JSON array of `{location: [..], code, message, severity}`.
fn violations_text(header: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(header) {
        Ok(serde_json::Value::Array(items)) => violations_list(&items),
        _ => header.to_owned(),
    }
}

/// Each violation as `location: message`.
fn violations_list(items: &[serde_json::Value]) -> String {
    let text: Vec<String> = items
        .iter()
        .map(|item| {
            let at = item["location"]
                .as_array()
                .map(|parts| parts.iter().map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_owned)))
                .map(|parts| parts.collect::<Vec<_>>().join("."))
                .unwrap_or_default();
            format!("{at}: {}", item["message"].as_str().unwrap_or_default())
        })
        .collect();
    text.join("; ")
}

#[cfg(test)]
mod tests {
    use super::violations_text;

    #[test]
    fn violations_read_as_location_and_message() {
        let header = r#"[{"location":["request","body","iamRoleId"],"severity":"Error","code":"pattern","message":"must match pattern"},{"location":["request","query"],"severity":"Error","code":"required","message":"must have required property 'metrics'"}]"#;
        assert_eq!(
            violations_text(header),
            "request.body.iamRoleId: must match pattern; request.query: must have required property 'metrics'"
        );
        assert_eq!(violations_text("not json"), "not json");
    }
}
