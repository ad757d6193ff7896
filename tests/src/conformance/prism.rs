//! `prism`: Stoplight Prism mocks the spec on 127.0.0.1 and validates every request the
//! generated client sends; each operation and dated version is called with synthesized
//! arguments and must be accepted, and Prism's answer must decode.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use atlas_api::{Client, Credentials, Error, RetryPolicy};

use super::Outcome;

/// Operations left out, each with the reason (Prism 5.14's known limits).
const EXCLUDED: &[(&str, &str)] = &[];

/// Stops Prism however the suite ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub async fn run() -> Result<Outcome, String> {
    let spec = std::env::var("ATLAS_SPEC").map_err(|_| "ATLAS_SPEC is not set (`.ci/run` sets it)".to_owned())?;
    let prism = prism_path()?;
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let mut running = start(&prism, &spec, port).await?;
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .credentials(Credentials::bearer_token("conformance"))
        .retry(RetryPolicy::none())
        .build()
        .map_err(|e| e.to_string())?;

    let cases = atlas_api::testkit::cases();
    let (mut calls, mut failures, mut excluded) = (0, Vec::new(), 0);
    for case in &cases {
        if EXCLUDED.iter().any(|(id, _)| *id == case.operation_id) {
            excluded += 1;
            continue;
        }
        calls += 1;
        let call = || {
            atlas_api::testkit::call(&client, case.operation_id, case.version)
                .ok_or_else(|| format!("no generated call for {} {}", case.operation_id, case.version))
        };
        let mut result = call()?.await;
        // A request can crash Prism: start it again, and give the call a second chance.
        if matches!(result, Err(Error::Transport(_))) && running.0.try_wait().ok().flatten().is_some() {
            running = start(&prism, &spec, port).await?;
            result = call()?.await.map_err(|error| match error {
                Error::Transport(_) => Error::Config("Prism crashed on this request, twice".into()),
                other => other,
            });
            if running.0.try_wait().ok().flatten().is_some() {
                running = start(&prism, &spec, port).await?;
            }
        }
        if let Err(error) = result {
            failures.push(format!(
                "{} {} ({} {}): {}",
                case.operation_id,
                case.version,
                case.method,
                case.path,
                describe(&error)
            ));
        }
    }
    let summary = format!(
        "prism: {calls} calls, {} passed, {} failed ({excluded} excluded: {})",
        calls - failures.len(),
        failures.len(),
        EXCLUDED.iter().map(|(id, why)| format!("{id}: {why}")).collect::<Vec<_>>().join("; ")
    );
    Ok(Outcome { summary, failures })
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
        Error::Api(failure) => {
            let detail: String = failure.body.chars().take(300).collect();
            format!("Prism answered {}: {detail}", failure.status)
        }
        Error::Decode(decode) => format!("decode failed at `{}`: {}", decode.path, decode.source),
        other => other.to_string(),
    }
}
