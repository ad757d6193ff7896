//! `requests`: what the caller set reaches the server. For every operation and version with a
//! JSON request body, a body with every property set (read-only ones too, as a value read
//! from a response holds them) goes through the public client to a local server, and the JSON
//! on the wire is compared with the value built, leaf by leaf:
//! - a leaf that does not arrive must be a property the spec marks read-only that
//!   `spec/request_fields.toml` does not send (a server-set value);
//! - a leaf that arrives must equal what was built, and must not be such a property;
//! - nothing arrives that was not built.
//!
//! Every property left out must be one a `[[strip]]` of the table names, and the suite's count
//! is checked against the spec's own count of JSON request bodies.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::documented::{request_fields, stripped_names, Position, Spec};
use super::lossless::same_leaf;
use super::Outcome;

pub async fn run() -> Result<Outcome, String> {
    use wiremock::{matchers::any, Mock, MockServer, ResponseTemplate};
    let root = super::load_spec()?;
    let table = request_fields()?;
    let spec = Spec::with_request_fields(&root, &table)?;
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
        .mount(&server)
        .await;
    let client = atlas_api::Client::builder()
        .base_url(server.uri())
        .credentials(atlas_api::Credentials::bearer_token("conformance"))
        .retry(atlas_api::RetryPolicy::none())
        .build()
        .map_err(|e| e.to_string())?;
    let mut tally = ArrivalTally::default();
    let mut failures = Vec::new();
    for case in crate::atlas::testkit::cases() {
        let name = format!("{} {}", case.operation_id, case.version);
        let Some(prepared) = crate::atlas::testkit::send_all(&client, case.operation_id, case.version) else {
            continue;
        };
        tally.cases += 1;
        let (built, call) = match prepared {
            Ok(prepared) => prepared,
            Err(error) => {
                failures.push(format!("{name}: the body does not build: {error}"));
                continue;
            }
        };
        let before = server.received_requests().await.unwrap_or_default().len();
        let _ = call.await; // the answer does not matter here, only the request
        let requests = server.received_requests().await.unwrap_or_default();
        let Some(request) = requests.get(before).filter(|_| requests.len() == before + 1) else {
            failures.push(format!("{name}: not exactly one request was sent"));
            continue;
        };
        let sent: Value = match serde_json::from_slice(&request.body) {
            Ok(sent) => sent,
            Err(e) => {
                failures.push(format!("{name}: the body on the wire is not JSON: {e}"));
                continue;
            }
        };
        let position = spec.position(request_schema(&root, &case));
        let mut problems = Vec::new();
        compare(&spec, &built, &sent, &position, "", &mut tally, &mut problems);
        failures.extend(problems.into_iter().map(|p| format!("{name}: {p}")));
    }
    let stripped = stripped_names(&table);
    for name in tally.left_out.keys().filter(|name| !stripped.contains(*name)) {
        failures
            .push(format!("`{name}` was left out of requests, but no [[strip]] of spec/request_fields.toml names it"));
    }
    let expected = super::census::json_request_bodies(&root);
    failures.extend(super::census::check("requests", tally.cases, expected, "the spec's JSON request bodies"));
    let left_out: Vec<String> = tally.left_out.iter().map(|(k, n)| format!("{k} ×{n}")).collect();
    let summary = format!(
        "requests: {} bodies with every property set, {} leaves arrived as built, {} failed; {} leaves left out, \
         each a server-set property [[strip]] names ({} by wire name: {})",
        tally.cases,
        tally.arrived,
        failures.len(),
        tally.left_out.values().sum::<usize>(),
        tally.left_out.len(),
        if left_out.is_empty() { "none".to_owned() } else { left_out.join(", ") },
    );
    Ok(Outcome { summary, failures })
}

#[derive(Default)]
struct ArrivalTally {
    cases: usize,
    arrived: usize,
    /// Wire name of each server-set property left out, and how often.
    left_out: BTreeMap<String, usize>,
}

/// The schema of the version's request body: the media type of the operation's request body
/// whose version is the case's.
pub fn request_schema<'a>(spec: &'a Value, case: &crate::testkit_support::Case) -> Option<&'a Value> {
    let body = super::operation_node(spec, case)?.get("requestBody")?;
    let body = match body.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
        Some(pointer) => spec.pointer(pointer)?,
        None => body,
    };
    let wanted = format!("application/vnd.atlas.{}+json", case.version);
    body.get("content")?.get(&wanted)?.get("schema")
}

/// `sent` against `built`: left out only what is server-set, nothing changed or invented.
fn compare<'a>(
    spec: &Spec<'a>,
    built: &Value,
    sent: &Value,
    at: &Position<'a>,
    path: &str,
    tally: &mut ArrivalTally,
    problems: &mut Vec<String>,
) {
    match (built, sent) {
        (Value::Object(built), Value::Object(sent)) => {
            let keys: BTreeSet<&String> = built.keys().chain(sent.keys()).collect();
            for key in keys {
                let child = format!("{path}.{key}");
                let property = spec.property(at, key);
                match (built.get(key), sent.get(key)) {
                    (Some(_), None) if property.read_only => *tally.left_out.entry(key.clone()).or_default() += 1,
                    (Some(value), None) => problems.push(format!("`{child}` ({value}) was set but not sent")),
                    (None, Some(value)) => problems.push(format!("`{child}` ({value}) was sent but never set")),
                    (Some(_), Some(_)) if property.read_only => {
                        problems.push(format!("`{child}` is set by the server, yet it was sent"))
                    }
                    (Some(b), Some(s)) => compare(spec, b, s, &property.position, &child, tally, problems),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(built), Value::Array(sent)) if built.len() == sent.len() => {
            let items = spec.items(at);
            for (i, (b, s)) in built.iter().zip(sent).enumerate() {
                compare(spec, b, s, &items, &format!("{path}[{i}]"), tally, problems);
            }
        }
        (built, sent) if same_leaf(built, sent) => tally.arrived += 1,
        (built, sent) => problems.push(format!("`{path}` was built as {built} but sent as {sent}")),
    }
}
