//! `recorded`: every response recorded from the live Atlas API, replayed by a local server
//! to the generated call for its operation, through the public client.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use atlas_api::{Client, Credentials, Error, RetryPolicy};
use serde::Deserialize;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::{path_matches, Outcome};

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Case {
    id: String,
    operation_id: String,
    method: String,
    path: String,
    status: u16,
    media_type: String,
    body: String,
}

#[derive(Deserialize)]
struct Manifest {
    cases: Vec<Case>,
}

/// What the replay server answers next, and what it saw.
#[derive(Default)]
struct Replay {
    answer: Option<(Case, Vec<u8>)>,
    problems: Vec<String>,
}

pub async fn run() -> Result<Outcome, String> {
    let root = recorded_dir()?;
    let manifest = std::fs::read(root.join("manifest.json")).map_err(|e| format!("{}: {e}", root.display()))?;
    let manifest: Manifest = serde_json::from_slice(&manifest).map_err(|e| format!("manifest.json: {e}"))?;
    let replay = Arc::new(Mutex::new(Replay::default()));
    let server = MockServer::start().await;
    let state = replay.clone();
    Mock::given(any()).respond_with(move |request: &Request| answer(&state, request)).mount(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::bearer_token("conformance"))
        .retry(RetryPolicy::none())
        .build()
        .map_err(|e| e.to_string())?;

    let mut failures = Vec::new();
    for case in &manifest.cases {
        let body = std::fs::read(root.join(&case.body)).map_err(|e| format!("{}: {e}", case.body))?;
        *replay.lock().expect("replay state") =
            Replay { answer: Some((case.clone(), body.clone())), problems: Vec::new() };
        let version = version_of(case);
        let result = check(&client, case, &version, &body).await;
        let problems = std::mem::take(&mut replay.lock().expect("replay state").problems);
        let reasons: Vec<String> = problems.into_iter().chain(result.err()).collect();
        if !reasons.is_empty() {
            failures.push(format!(
                "{} {} ({} {}): {}",
                case.operation_id,
                version,
                case.status,
                case.id,
                reasons.join("; ")
            ));
        }
    }
    let total = manifest.cases.len();
    let summary = format!("recorded: {total} cases, {} passed, {} failed", total - failures.len(), failures.len());
    Ok(Outcome { summary, failures })
}

fn recorded_dir() -> Result<PathBuf, String> {
    let dir = std::env::var_os("ATLAS_RECORDED")
        .ok_or("ATLAS_RECORDED is not set: point it at the recorded responses (`.ci/run` uses ../shared/recorded)")?;
    let dir = PathBuf::from(dir);
    if !dir.join("manifest.json").is_file() {
        return Err(format!("ATLAS_RECORDED={} has no manifest.json", dir.display()));
    }
    Ok(dir)
}

/// The dated version a recording answered: from its media type, else (a plain
/// `application/json` error) the operation's default version.
fn version_of(case: &Case) -> String {
    if let Some(date) = case.media_type.strip_prefix("application/vnd.atlas.").and_then(|m| m.split('+').next()) {
        return date.to_owned();
    }
    default_version(&case.operation_id).unwrap_or_default()
}

/// The newest stable version of an operation (what its plain method uses).
fn default_version(operation_id: &str) -> Option<String> {
    atlas_api::testkit::cases()
        .into_iter()
        .filter(|c| c.operation_id == operation_id && c.version != "preview" && !c.version.contains("upcoming"))
        .map(|c| c.version.to_owned())
        .max()
}

/// The recorded answer, after checking the request against the recording.
fn answer(state: &Mutex<Replay>, request: &Request) -> ResponseTemplate {
    let mut state = state.lock().expect("replay state");
    let Some((case, body)) = state.answer.clone() else {
        return ResponseTemplate::new(500);
    };
    if request.method.as_str() != case.method {
        state.problems.push(format!("sent {} instead of {}", request.method, case.method));
    }
    if !path_matches(&case.path, request.url.path()) {
        state.problems.push(format!("path {} does not fit {}", request.url.path(), case.path));
    }
    let accept = request.headers.get("accept").and_then(|v| v.to_str().ok()).unwrap_or_default();
    if case.media_type.starts_with("application/vnd.atlas.") && accept != case.media_type {
        state.problems.push(format!("sent Accept {accept}, the recording answered {}", case.media_type));
    }
    ResponseTemplate::new(case.status).set_body_raw(body, case.media_type.as_str())
}

/// Calls the operation; a 2xx must decode into the typed success value, anything else
/// must be the API error with the recorded `errorCode`.
async fn check(client: &Client, case: &Case, version: &str, body: &[u8]) -> Result<(), String> {
    let call = atlas_api::testkit::call(client, &case.operation_id, version)
        .ok_or_else(|| format!("no generated call for version {version}"))?;
    let result = call.await;
    if (200..300).contains(&case.status) {
        return result.map(drop).map_err(|e| describe(&e));
    }
    let expected = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|b| b.get("errorCode").and_then(|c| c.as_str()).map(str::to_owned));
    match result {
        Err(error @ Error::Api(_)) if error.error_code().map(str::to_owned) == expected => Ok(()),
        Err(error) => Err(format!("expected the API error {expected:?}, got {}", describe(&error))),
        Ok(_) => Err(format!("expected the API error {expected:?}, got success")),
    }
}

fn describe(error: &Error) -> String {
    match error {
        Error::Decode(decode) => format!("decode failed at `{}`: {}", decode.path, decode.source),
        other => other.to_string(),
    }
}
