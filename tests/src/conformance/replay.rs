//! A local server that answers each generated call with one recorded Atlas response, and
//! checks that the request fits the recording (method, path, `Accept`).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use atlas_api::{Client, Credentials, Error, RetryPolicy};
use serde::Deserialize;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The generated call's facts.
type Generated = crate::testkit_support::Case;

/// One entry of `manifest.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordedCase {
    pub id: String,
    pub operation_id: String,
    pub method: String,
    pub path: String,
    pub status: u16,
    pub media_type: String,
    pub body: String,
    /// Where it was recorded (the test that made it), when the manifest says.
    #[serde(default)]
    pub source: String,
}

/// `manifest.json`: the recorded cases.
#[derive(Deserialize)]
pub(crate) struct Manifest {
    pub(crate) cases: Vec<RecordedCase>,
}

/// What the replay server answers next, and what it saw.
#[derive(Default)]
struct State {
    /// The recording, its body, and the generated call's facts (its `Accept`, its path).
    answer: Option<(RecordedCase, Vec<u8>, Generated)>,
    problems: Vec<String>,
}

/// The recordings and a server that replays them.
pub struct Replayer {
    root: PathBuf,
    pub cases: Vec<RecordedCase>,
    state: Arc<Mutex<State>>,
    client: Client,
    _server: MockServer,
}

/// The outcome of one replayed call.
pub struct Replayed {
    /// The recorded body, as bytes.
    pub body: Vec<u8>,
    /// The dated version called.
    pub version: String,
    /// The typed success value re-encoded, or the error.
    pub result: Result<serde_json::Value, Error>,
    /// Where the request did not fit the recording.
    pub problems: Vec<String>,
}

impl Replayer {
    pub async fn start() -> Result<Self, String> {
        let root = recorded_dir()?;
        let manifest = std::fs::read(root.join("manifest.json")).map_err(|e| format!("{}: {e}", root.display()))?;
        let manifest: Manifest = serde_json::from_slice(&manifest).map_err(|e| format!("manifest.json: {e}"))?;
        let state = Arc::new(Mutex::new(State::default()));
        let server = MockServer::start().await;
        let answering = state.clone();
        Mock::given(any()).respond_with(move |request: &Request| answer(&answering, request)).mount(&server).await;
        let client = Client::builder()
            .base_url(server.uri())
            .credentials(Credentials::bearer_token("conformance"))
            .retry(RetryPolicy::none())
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self { root, cases: manifest.cases, state, client, _server: server })
    }

    /// How many bodies the recordings hold (one file per case), counted on disk.
    pub fn bodies(&self) -> Result<usize, String> {
        let dir = self.root.join("bodies");
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(entries.filter_map(Result::ok).filter(|e| e.path().is_file()).count())
    }

    /// The recorded body of a case.
    pub fn body(&self, case: &RecordedCase) -> Result<Vec<u8>, String> {
        std::fs::read(self.root.join(&case.body)).map_err(|e| format!("{}: {e}", case.body))
    }

    /// Calls the case's operation and version with synthesized arguments; the server
    /// answers with the recording.
    pub async fn replay(&self, case: &RecordedCase) -> Result<Replayed, String> {
        let body = self.body(case)?;
        let version = version_of(case);
        // Every call asks for its version's media type: an error recording (answered as
        // plain `application/json`) is checked against the version its call sends too.
        let generated = crate::atlas::testkit::cases()
            .into_iter()
            .find(|c| c.operation_id == case.operation_id && c.version == version)
            .ok_or_else(|| format!("{} {version}: no generated call", case.operation_id))?;
        *self.state.lock().expect("replay state") =
            State { answer: Some((case.clone(), body.clone(), generated)), problems: Vec::new() };
        let call = crate::atlas::testkit::call(&self.client, &case.operation_id, &version)
            .ok_or_else(|| format!("{} {version}: no generated call", case.operation_id))?;
        let result = call.await;
        let problems = std::mem::take(&mut self.state.lock().expect("replay state").problems);
        Ok(Replayed { body, version, result, problems })
    }
}

pub(super) fn recorded_dir() -> Result<PathBuf, String> {
    let dir = std::env::var_os("ATLAS_RECORDED")
        .ok_or("ATLAS_RECORDED is not set: point it at the recorded responses (`.ci/run` uses ../shared/recorded)")?;
    let given = PathBuf::from(dir);
    // Read as ATLAS_SPEC is: a relative path from where the command ran.
    let dir = codegen::resolve_from_invocation(&given, &super::workspace_root());
    if !dir.join("manifest.json").is_file() {
        return Err(format!("ATLAS_RECORDED={} (read as {}) has no manifest.json", given.display(), dir.display()));
    }
    Ok(dir)
}

/// The dated version a recording answered: from its media type, else (a plain
/// `application/json` error) the operation's default version.
fn version_of(case: &RecordedCase) -> String {
    if let Some(date) = case.media_type.strip_prefix("application/vnd.atlas.").and_then(|m| m.split('+').next()) {
        return date.to_owned();
    }
    let cases = crate::atlas::testkit::cases();
    let default = cases.iter().find(|c| c.operation_id == case.operation_id && c.default);
    default.map(|c| c.version.to_owned()).unwrap_or_default()
}

/// The recorded answer, after checking the request against the recording.
fn answer(state: &Mutex<State>, request: &Request) -> ResponseTemplate {
    let mut state = state.lock().expect("replay state");
    let Some((case, body, generated)) = state.answer.clone() else {
        return ResponseTemplate::new(500);
    };
    let expected_accept = generated.accept;
    if request.method.as_str() != case.method {
        state.problems.push(format!("sent {} instead of {}", request.method, case.method));
    }
    if generated.path.as_str() != case.path || !generated.path.matches(request.url.path()) {
        state.problems.push(format!("path {} does not fit {}", request.url.path(), case.path));
    }
    let accept = request.headers.get("accept").and_then(|v| v.to_str().ok()).unwrap_or_default();
    if accept != expected_accept {
        state.problems.push(format!("sent Accept {accept}, the version's media type is {expected_accept}"));
    }
    if case.media_type.starts_with("application/vnd.atlas.") && accept != case.media_type {
        state.problems.push(format!("sent Accept {accept}, the recording answered {}", case.media_type));
    }
    ResponseTemplate::new(case.status).set_body_raw(body, case.media_type.as_str())
}
