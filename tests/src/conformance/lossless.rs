//! `lossless`: every recorded 2xx response, decoded through the public client and encoded
//! again, must say exactly what the server sent, leaf by leaf. Two differences are allowed
//! and counted: a field the spec does not document (decoding ignores it) and a `null` on a
//! field the spec does not call nullable (decoding reads it as absent). Anything else is a
//! failure: a value lost, changed, or one the server never sent.

use std::collections::BTreeMap;

use serde_json::Value;

use super::documented::{Position, Spec};
use super::recorded::describe;
use super::replay::{RecordedCase, Replayer};
use super::Outcome;

pub async fn run() -> Result<Outcome, String> {
    let spec = super::load_spec()?;
    let spec = Spec::with_request_fields(&spec, &super::documented::request_fields()?)?;
    let replayer = Replayer::start().await?;
    let mut tally = LeafTally::default();
    let mut failures = Vec::new();
    let mut compared = 0;
    for case in replayer.cases.iter().filter(|c| (200..300).contains(&c.status)) {
        let replayed = replayer.replay(case).await?;
        let name = format!("{} {} ({} {})", case.operation_id, replayed.version, case.status, case.id);
        let encoded = match replayed.result {
            Ok(encoded) => encoded,
            Err(error) => {
                failures.push(format!("{name}: {}", describe(&error)));
                continue;
            }
        };
        let sent: Value = serde_json::from_slice(&replayed.body).map_err(|e| format!("{}: {e}", case.body))?;
        let Some(schema) = response_schema(spec.root, case) else {
            // The spec documents no body here (a 202 `{}` where it documents 204): the call
            // returns `()`, and the body counts as undocumented.
            compared += 1;
            if encoded.is_null() {
                *tally.undocumented.entry("(a body where the spec documents none)".into()).or_default() += 1;
                continue;
            }
            failures.push(format!("{name}: the spec documents no body, yet one was decoded"));
            continue;
        };
        let position = spec.position(Some(schema));
        let mut diff = Diff { spec: &spec, tally: &mut tally, problems: Vec::new() };
        diff.compare(&sent, &encoded, &position, "");
        compared += 1;
        failures.extend(diff.problems.into_iter().map(|p| format!("{name}: {p}")));
    }
    let tags = tags(&mut failures);
    let held = held_to_limits(spec.root, &replayer, &mut failures)?;
    let written_back = write_back(&spec, &replayer, &mut failures).await?;
    let undocumented: Vec<String> = tally.undocumented.iter().map(|(k, n)| format!("{k} ×{n}")).collect();
    let summary = format!(
        "lossless: {compared} responses, {} leaves equal, {} failed; {} undocumented fields ignored ({}), {} nulls on \
         non-nullable fields left out; {tags} tagged variants built from Default carry their tag; {written_back} \
         recorded clusters written back carry no property the table of request fields leaves out; {held} recorded \
         values keep every limit the mock holds requests to",
        tally.leaves,
        failures.len(),
        tally.undocumented.values().sum::<usize>(),
        if undocumented.is_empty() { "none".to_owned() } else { undocumented.join(", ") },
        tally.nulls,
    );
    Ok(Outcome { summary, failures })
}

/// Every variant of every tagged union, built from `Default` and encoded, carries its tag.
fn tags(failures: &mut Vec<String>) -> usize {
    let variants = crate::atlas::testkit::tagged_defaults();
    for (variant, property, tags, encoded) in &variants {
        match encoded.as_ref().map(|v| v.get(*property).and_then(Value::as_str)) {
            Ok(Some(tag)) if tags.contains(&tag) => {}
            Ok(other) => failures.push(format!("{variant}: encodes `{property}` as {other:?}, not one of {tags:?}")),
            Err(error) => failures.push(format!("{variant}: {error}")),
        }
    }
    variants.len()
}

/// Read, modify, write back: each recorded cluster (getGroupCluster 2024-08-05) decoded and
/// passed to `update_cluster` sends no read-only property (but those `spec/request_fields.toml`
/// says a request sends anyway) and nothing the recording lacks.
async fn write_back(spec: &Spec<'_>, replayer: &Replayer, failures: &mut Vec<String>) -> Result<usize, String> {
    use wiremock::{matchers::any, Mock, MockServer, ResponseTemplate};
    const MEDIA: &str = "application/vnd.atlas.2024-08-05+json";
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_raw("{}", MEDIA)).mount(&server).await;
    let client = atlas_api::Client::builder()
        .base_url(server.uri())
        .credentials(atlas_api::Credentials::bearer_token("conformance"))
        .build()
        .map_err(|e| e.to_string())?;
    let request_schema = spec
        .root
        .pointer("/paths/~1api~1atlas~1v2~1groups~1{groupId}~1clusters~1{clusterName}/patch/requestBody")
        .map(|body| spec.resolve(body))
        .and_then(|body| body.pointer(&format!("/content/{}/schema", MEDIA.replace('/', "~1"))));
    let position = spec.position(request_schema);
    let mock = atlas_api::mock::MockAtlas::builder()
        .credentials(atlas_api::Credentials::bearer_token("conformance"))
        .serve_examples()
        .start()
        .await;
    let cases = replayer
        .cases
        .iter()
        .filter(|c| c.operation_id == "getGroupCluster" && c.media_type == MEDIA && (200..300).contains(&c.status));
    let mut count = 0;
    for case in cases {
        let body = replayer.body(case)?;
        let cluster: atlas_api::types::ClusterDescription20240805 =
            serde_json::from_slice(&body).map_err(|e| format!("{}: {e}", case.id))?;
        let sent_by_server: Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
        let _ = client.clusters().update_cluster("5f1b0d6e2a1b3c4d5e6f7a8b", "c", cluster.clone()).await;
        // The mock, which checks a body as Atlas does, takes what Atlas sent back written again.
        if let Err(error) = mock.client().clusters().update_cluster("5f1b0d6e2a1b3c4d5e6f7a8b", "c", cluster).await {
            failures.push(format!("write-back {}: the mock refused it: {error}", case.id));
        }
        let requests = server.received_requests().await.unwrap_or_default();
        let Some(request) = requests.get(count).filter(|_| requests.len() == count + 1) else {
            failures.push(format!("write-back {}: not exactly one request was sent", case.id));
            return Ok(count);
        };
        let written: Value = serde_json::from_slice(&request.body).map_err(|e| e.to_string())?;
        let mut problems = Vec::new();
        only_what_was_read(spec, &sent_by_server, &written, &position, "", &mut problems);
        failures.extend(problems.into_iter().map(|p| format!("write-back {}: {p}", case.id)));
        count += 1;
    }
    failures.extend(mock.take_problems().into_iter().map(|p| format!("write-back through the mock: {p}")));
    Ok(count)
}

/// Every recorded value Atlas sent whose schema the mock checks requests against keeps those
/// limits: a value Atlas produced is one it takes, so a limit it breaks would make the mock
/// stricter than Atlas. Checks the response's component schema, or each item of its
/// `results`.
fn held_to_limits(spec: &Value, replayer: &Replayer, failures: &mut Vec<String>) -> Result<usize, String> {
    let component =
        |schema: &Value| schema.get("$ref")?.as_str()?.strip_prefix("#/components/schemas/").map(str::to_owned);
    let mut held = 0;
    for case in replayer.cases.iter().filter(|c| (200..300).contains(&c.status)) {
        let Some(name) = response_schema(spec, case).and_then(component) else { continue };
        let body: Value = serde_json::from_slice(&replayer.body(case)?).map_err(|e| format!("{}: {e}", case.id))?;
        let items = spec.pointer(&format!("/components/schemas/{name}/properties/results/items")).and_then(component);
        let values: Vec<(String, &Value)> = match (atlas_api::mock::__check_schema(&name, &Value::Null), &items) {
            (Some(_), _) => vec![(name, &body)],
            (None, Some(item)) => body["results"].as_array().into_iter().flatten().map(|v| (item.clone(), v)).collect(),
            (None, None) => continue,
        };
        for (schema, value) in values {
            match atlas_api::mock::__check_schema(&schema, value) {
                Some(Ok(())) => held += 1,
                Some(Err(why)) => {
                    failures.push(format!("{} ({}): Atlas sent {schema} breaking {why}", case.operation_id, case.id))
                }
                None => {}
            }
        }
    }
    Ok(held)
}

/// `written` holds no read-only property, and nothing `read` does not hold.
fn only_what_was_read<'a>(
    spec: &Spec<'a>,
    read: &Value,
    written: &Value,
    at: &Position<'a>,
    path: &str,
    problems: &mut Vec<String>,
) {
    match (read, written) {
        (Value::Object(read), Value::Object(written)) => {
            for (key, value) in written {
                let child = format!("{path}.{key}");
                let property = spec.property(at, key);
                if property.read_only {
                    problems.push(format!("`{child}` is read-only but was sent"));
                }
                match read.get(key) {
                    Some(original) => only_what_was_read(spec, original, value, &property.position, &child, problems),
                    None => problems.push(format!("`{child}` was sent ({value}) but never read")),
                }
            }
        }
        (Value::Array(read), Value::Array(written)) if read.len() == written.len() => {
            let items = spec.items(at);
            for (i, (r, w)) in read.iter().zip(written).enumerate() {
                only_what_was_read(spec, r, w, &items, &format!("{path}[{i}]"), problems);
            }
        }
        (read, written) if same_leaf(read, written) => {}
        (read, written) => problems.push(format!("`{path}` was read as {read} but sent as {written}")),
    }
}

/// The schema of the recorded response: its status and media type, else any 2xx with that
/// media type (Atlas sometimes answers 201 where the spec documents 200).
fn response_schema<'a>(spec: &'a Value, case: &RecordedCase) -> Option<&'a Value> {
    super::documented::response_schema(spec, &case.method, &case.path, case.status, &case.media_type)
}

#[derive(Default)]
struct LeafTally {
    leaves: usize,
    nulls: usize,
    /// `parent.key` (schema-free path) -> how often it was ignored.
    undocumented: BTreeMap<String, usize>,
}

struct Diff<'s, 'a> {
    spec: &'s Spec<'a>,
    tally: &'s mut LeafTally,
    problems: Vec<String>,
}

impl<'a> Diff<'_, 'a> {
    fn compare(&mut self, sent: &Value, back: &Value, at: &Position<'a>, path: &str) {
        match (sent, back) {
            (Value::Object(sent), Value::Object(back)) => {
                for (key, value) in sent {
                    let child = format!("{path}.{key}");
                    let property = self.spec.property(at, key);
                    match back.get(key) {
                        Some(other) => self.compare(value, other, &property.position, &child),
                        None if !property.documented => {
                            *self.tally.undocumented.entry(generic(&child)).or_default() += 1;
                        }
                        None if value.is_null() && !property.nullable => self.tally.nulls += 1,
                        None => self.problems.push(format!("`{child}` was lost (the server sent {value})")),
                    }
                }
                for (key, value) in back {
                    if !sent.contains_key(key) {
                        self.problems
                            .push(format!("`{path}.{key}` was invented: the server sent nothing, we wrote {value}"));
                    }
                }
            }
            (Value::Array(sent), Value::Array(back)) if sent.len() == back.len() => {
                let items = self.spec.items(at);
                for (i, (x, y)) in sent.iter().zip(back).enumerate() {
                    self.compare(x, y, &items, &format!("{path}[{i}]"));
                }
            }
            (sent, back) if same_leaf(sent, back) => self.tally.leaves += 1,
            (sent, back) => {
                let path = if path.is_empty() { "." } else { path };
                self.problems.push(format!("`{path}` changed: the server sent {sent}, we wrote {back}"));
            }
        }
    }
}

/// Equal leaves: numbers by value (an integer written `1.0` is the same number), anything
/// else exactly. Strings are compared as text, so a timestamp must keep its spelling.
pub(super) fn same_leaf(sent: &Value, back: &Value) -> bool {
    match (sent, back) {
        (Value::Number(a), Value::Number(b)) => match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
            (Some(x), Some(y), _, _) => x == y,
            (_, _, Some(x), Some(y)) => x == y,
            _ => a.as_f64() == b.as_f64(),
        },
        (a, b) => a == b,
    }
}

/// A path with its array indexes dropped, for counting the same field once per place.
fn generic(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut skipping = false;
    for c in path.chars() {
        match c {
            '[' => skipping = true,
            ']' => skipping = false,
            _ if skipping => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn diff(spec: &Value, schema: &Value, sent: &Value, back: &Value) -> (Vec<String>, usize, usize) {
        let spec = Spec::of(spec);
        let mut tally = LeafTally::default();
        let mut diff = Diff { spec: &spec, tally: &mut tally, problems: Vec::new() };
        diff.compare(sent, back, &spec.position(Some(schema)), "");
        let problems = diff.problems;
        (problems, tally.undocumented.values().sum(), tally.nulls)
    }

    #[test]
    fn finds_lost_changed_and_invented_values() {
        let spec = json!({"components": {"schemas": {"Role": {"type": "object", "properties": {
            "db": {"type": "string"}, "cluster": {"type": "boolean"}, "n": {"type": "number"},
            "gone": {"type": "string", "nullable": true}
        }}}}});
        let schema = json!({"$ref": "#/components/schemas/Role"});
        let sent = json!({"db": "a", "n": 19.060418568482266, "gone": null, "extra": 1});
        let back = json!({"db": "a", "n": 19.060418568482262, "cluster": false});
        let (problems, undocumented, _) = diff(&spec, &schema, &sent, &back);
        assert_eq!(undocumented, 1, "{problems:?}");
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("`.n` changed"), "{problems:?}");
        assert!(problems[1].contains("`.gone` was lost"), "{problems:?}");
        assert!(problems[2].contains("`.cluster` was invented"), "{problems:?}");
    }

    #[test]
    fn allows_non_nullable_nulls_and_integers_written_as_floats() {
        let spec = json!({});
        let schema =
            json!({"allOf": [{"properties": {"a": {"type": "string"}}}, {"properties": {"n": {"type": "integer"}}}]});
        let (problems, undocumented, nulls) = diff(&spec, &schema, &json!({"a": null, "n": 3.0}), &json!({"n": 3}));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!((undocumented, nulls), (0, 1));
    }

    #[test]
    fn free_form_values_are_documented_all_the_way_down() {
        let spec = json!({});
        let schema = json!({"properties": {"dynamic": {"type": "object"}}});
        let sent = json!({"dynamic": {"x": {"y": true}}});
        let (problems, undocumented, _) = diff(&spec, &schema, &sent, &json!({"dynamic": {}}));
        assert_eq!(undocumented, 0);
        assert_eq!(problems.len(), 1, "{problems:?}");
    }

    #[test]
    fn the_parser_keeps_every_double() {
        // Without serde_json's `float_roundtrip`, this reads one unit off in the last place,
        // and the comparison above would compare two equally wrong numbers.
        let value: Value = serde_json::from_str("19.060418568482266").unwrap();
        assert_eq!(value.as_f64(), Some("19.060418568482266".parse::<f64>().unwrap()));
    }
}
