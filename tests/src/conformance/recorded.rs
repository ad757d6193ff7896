//! `recorded`: every response recorded from the live Atlas API, replayed by a local server
//! to the generated call for its operation, through the public client.

use atlas_api::Error;

use super::replay::{RecordedCase, Replayer};
use super::Outcome;

pub async fn run() -> Result<Outcome, String> {
    let replayer = Replayer::start().await?;
    let mut failures = Vec::new();
    for case in &replayer.cases {
        let replayed = replayer.replay(case).await?;
        let result = check(case, replayed.result, &replayed.body);
        let reasons: Vec<String> = replayed.problems.into_iter().chain(result.err()).collect();
        if !reasons.is_empty() {
            failures.push(format!(
                "{} {} ({} {}): {}",
                case.operation_id,
                replayed.version,
                case.status,
                case.id,
                reasons.join("; ")
            ));
        }
    }
    let total = replayer.cases.len();
    let failed = failures.len();
    failures.extend(super::census::check("recorded", total, replayer.bodies()?, "the recordings' bodies/ folder"));
    let summary = format!("recorded: {total} cases, {} passed, {failed} failed", total - failed);
    Ok(Outcome { summary, failures })
}

/// A 2xx must decode into the typed success value, anything else must be the API error
/// with the recorded `errorCode` (a recording without one is itself a failure).
fn check(case: &RecordedCase, result: Result<serde_json::Value, Error>, body: &[u8]) -> Result<(), String> {
    if (200..300).contains(&case.status) {
        return result.map(drop).map_err(|e| describe(&e));
    }
    let recorded: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| format!("the recorded error body is not JSON: {e}"))?;
    let expected = recorded
        .get("errorCode")
        .and_then(serde_json::Value::as_str)
        .ok_or("the recorded error body has no errorCode")?;
    match result {
        Err(error @ Error::Api(_)) if error.error_code() == Some(expected) => Ok(()),
        Err(error) => Err(format!("expected the API error {expected:?}, got {}", describe(&error))),
        Ok(_) => Err(format!("expected the API error {expected:?}, got success")),
    }
}

pub(super) fn describe(error: &Error) -> String {
    match error {
        Error::Decode(decode) => format!("decode failed at `{}`: {}", decode.path, decode.source),
        other => other.to_string(),
    }
}
