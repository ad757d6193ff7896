//! `parity-sequences`: the Terraform provider's recordings of real Atlas traffic (one YAML
//! capture per acceptance test, `ATLAS_CAPTURES`, searched recursively), replayed against a
//! fresh fake per file, answer by answer.
//!
//! A capture names `variables:` (`groupId`, `clusterName`, ...) and `steps:`, each with
//! `request_responses:` whose `path` and request `text` hold `{variable}` placeholders and
//! whose `responses:` are numbered by `response_index` across the whole file. Each step's
//! responses are replayed in that order (a response Atlas sent again, `duplicate_responses`,
//! once). The projects the capture works in (`groupId*` variables) are created in the fake
//! first, and `orgId*` is the fake's organization; every other id Atlas gave (24 hex digits, or
//! the placeholder of an id variable) is mapped to the one the fake gave at the same place of
//! the same answer, and replaced in later paths and bodies.
//!
//! Each answer is compared with the recorded one: the exact status (a different one of the
//! same class is counted apart), and the field set ([`super::fields`]). A step agrees when
//! all its answers do; it is on resources the fake models when every request in it calls an
//! operation version the fake answers from its state.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use atlas_api::fake::FakeAtlas;
use serde::Deserialize;
use serde_json::Value;

use super::{compare, fields, is_id, map_ids, resource_of, Fields, Floor, Measure, Router, Session, PREFIX};
use crate::conformance::Outcome;

#[derive(Debug, Deserialize)]
struct Capture {
    #[serde(default)]
    variables: BTreeMap<String, Value>,
    #[serde(default)]
    steps: Vec<Step>,
}

#[derive(Debug, Deserialize)]
struct Step {
    /// The Terraform configuration the step applied.
    #[serde(default)]
    config: String,
    #[serde(default)]
    request_responses: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
struct Entry {
    path: String,
    method: String,
    version: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    responses: Vec<Recorded>,
}

#[derive(Debug, Deserialize)]
struct Recorded {
    response_index: u64,
    status: u16,
    #[serde(default)]
    text: String,
}

/// What was counted, overall or for one file or resource.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    steps: usize,
    modelled_steps: usize,
    agreeing_steps: usize,
    responses: usize,
    modelled_responses: usize,
    agreeing_responses: usize,
    same_status: usize,
    same_class: usize,
    /// Of the answers on modelled operations with Atlas's status: the fields Atlas answered,
    /// those the fake answered too (with the same type), and those only the fake answered.
    fields_real: usize,
    fields_matched: usize,
    fields_extra: usize,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.steps += other.steps;
        self.modelled_steps += other.modelled_steps;
        self.agreeing_steps += other.agreeing_steps;
        self.responses += other.responses;
        self.modelled_responses += other.modelled_responses;
        self.agreeing_responses += other.agreeing_responses;
        self.same_status += other.same_status;
        self.same_class += other.same_class;
        self.fields_real += other.fields_real;
        self.fields_matched += other.fields_matched;
        self.fields_extra += other.fields_extra;
    }

    fn line(&self) -> String {
        format!(
            "steps {}/{}/{} agree/modelled/all; responses {}/{}/{} agree/modelled/all, {} same status, {} same class \
             only; fields of modelled answers {}/{} answered by the fake, {} extra",
            self.agreeing_steps,
            self.modelled_steps,
            self.steps,
            self.agreeing_responses,
            self.modelled_responses,
            self.responses,
            self.same_status,
            self.same_class,
            self.fields_matched,
            self.fields_real,
            self.fields_extra
        )
    }
}

/// The capture files under `ATLAS_CAPTURES` (read from where the command ran).
fn captures_dir() -> Result<PathBuf, String> {
    let given = std::env::var_os("ATLAS_CAPTURES").map(PathBuf::from).ok_or(
        "ATLAS_CAPTURES is not set: point it at a folder of the Terraform provider's capture files \
         (`scripts/extract-captures.sh <terraform-provider-mongodbatlas git dir> <out-dir>`, see the README)",
    )?;
    let dir = codegen::resolve_from_invocation(&given, &crate::conformance::workspace_root());
    if !dir.is_dir() {
        return Err(format!("ATLAS_CAPTURES={} (read as {}) is not a folder", given.display(), dir.display()));
    }
    Ok(dir)
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            yaml_files(&path, out)?;
        } else if path.extension().is_some_and(|ext| ext == "yaml") {
            out.push(path);
        }
    }
    Ok(())
}

/// A capture, or why the file is not one (a template whose answers name files, another YAML).
fn read_capture(path: &Path) -> Result<Capture, String> {
    parse_capture(&std::fs::read_to_string(path).map_err(|e| e.to_string())?)
}

fn parse_capture(text: &str) -> Result<Capture, String> {
    let capture: Capture = serde_norway::from_str(text).map_err(|e| format!("not a capture: {e}"))?;
    let responses: Vec<&Recorded> =
        capture.steps.iter().flat_map(|s| &s.request_responses).flat_map(|e| &e.responses).collect();
    if responses.is_empty() {
        return Err("not a capture: no recorded responses".to_owned());
    }
    // An acceptance test applies the provider's resources; the provider's unit tests of its
    // capture tooling keep hand-made files (a `dummy` resource, no configuration at all) whose
    // answers are shuffled between calls: not a sequence Atlas answered.
    if !capture.steps.iter().any(|step| step.config.contains("mongodbatlas_")) {
        return Err("not an acceptance test's recording: no step applies a mongodbatlas_ resource".to_owned());
    }
    if let Some(odd) =
        responses.iter().find(|r| !r.text.trim().is_empty() && serde_json::from_str::<Value>(&r.text).is_err())
    {
        return Err(format!(
            "not a capture: an answer is not JSON but `{}` (a template)",
            odd.text.chars().take(60).collect::<String>()
        ));
    }
    Ok(capture)
}

pub async fn run() -> Result<Outcome, String> {
    let dir = captures_dir()?;
    let mut files = Vec::new();
    yaml_files(&dir, &mut files)?;
    files.sort();
    let router = Router::new();
    let stateful: std::collections::BTreeSet<(String, String)> = {
        let fake = FakeAtlas::start().await;
        fake.stateful_operations().into_iter().map(|(id, v)| (id.to_owned(), v.to_owned())).collect()
    };
    let mut lines = Vec::new();
    let mut total = Tally::default();
    let mut resources: BTreeMap<String, Tally> = BTreeMap::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut skipped = Vec::new();
    let mut used = 0;
    for file in &files {
        let name = file.strip_prefix(&dir).unwrap_or(file).display().to_string();
        let capture = match read_capture(file) {
            Ok(capture) => capture,
            Err(why) => {
                skipped.push(format!("{name}: {why}"));
                continue;
            }
        };
        used += 1;
        let replayed = replay(&capture, &router, &stateful).await?;
        lines.push(format!("{name}: {}", replayed.tally.line()));
        lines.extend(replayed.notes.iter().map(|note| format!("  {note}")));
        total.add(&replayed.tally);
        for (resource, tally) in &replayed.resources {
            resources.entry(resource.clone()).or_default().add(tally);
        }
        for (reason, n) in replayed.reasons {
            *reasons.entry(reason).or_default() += n;
        }
    }
    if used == 0 {
        return Err(format!(
            "ATLAS_CAPTURES={} holds no capture file ({} YAML files, none a capture): extract them with \
             scripts/extract-captures.sh",
            dir.display(),
            files.len()
        ));
    }
    let mut summary = vec![format!("parity-sequences: {used} capture files: {}", total.line())];
    summary.push("per resource (responses agree/modelled/all; fields of modelled answers matched/real):".to_owned());
    for (resource, tally) in &resources {
        summary.push(format!(
            "  {resource}: {}/{}/{}; {}/{}",
            tally.agreeing_responses,
            tally.modelled_responses,
            tally.responses,
            tally.fields_matched,
            tally.fields_real
        ));
    }
    let mut top: Vec<(&String, &usize)> = reasons.iter().collect();
    top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let (statuses, fields): (Vec<_>, Vec<_>) = top.into_iter().partition(|(reason, _)| reason.starts_with("status"));
    summary.push("statuses that differ (answers on modelled operations):".to_owned());
    summary.extend(statuses.iter().map(|(reason, n)| format!("  {n:>4} x {reason}")));
    summary.push("most frequent field differences (answers on modelled operations):".to_owned());
    summary.extend(fields.iter().take(20).map(|(reason, n)| format!("  {n:>4} x {reason}")));
    summary.push("per file:".to_owned());
    summary.extend(lines);
    if !skipped.is_empty() {
        summary.push(format!("skipped {} files that are not captures:", skipped.len()));
        summary.extend(skipped.iter().map(|s| format!("  {s}")));
    }
    let floor = Floor::load()?;
    let (failures, improved) = floor.check(
        "sequences",
        &[
            Measure { key: "agreeing_steps", value: total.agreeing_steps, at_least: true },
            Measure { key: "modelled_steps", value: total.modelled_steps, at_least: true },
            Measure { key: "agreeing_responses", value: total.agreeing_responses, at_least: true },
            Measure { key: "modelled_responses", value: total.modelled_responses, at_least: true },
            Measure { key: "same_status_responses", value: total.same_status, at_least: true },
            Measure { key: "matched_fields", value: total.fields_matched, at_least: true },
            Measure { key: "extra_fields", value: total.fields_extra, at_least: false },
        ],
    );
    summary.extend(improved);
    Ok(Outcome { summary: summary.join("\n"), failures })
}

struct Replayed {
    tally: Tally,
    resources: BTreeMap<String, Tally>,
    notes: Vec<String>,
    reasons: BTreeMap<String, usize>,
}

/// How `text` reads with the capture's placeholders filled and Atlas's ids replaced by the
/// fake's.
struct Names<'a> {
    variables: &'a BTreeMap<String, String>,
    ids: BTreeMap<String, String>,
}

impl Names<'_> {
    fn value_of(&self, variable: &str) -> Option<String> {
        let recorded = self.variables.get(variable)?;
        let placeholder = format!("{{{variable}}}");
        Some(self.ids.get(&placeholder).or_else(|| self.ids.get(recorded)).unwrap_or(recorded).clone())
    }

    fn fill(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for variable in self.variables.keys() {
            let placeholder = format!("{{{variable}}}");
            if out.contains(&placeholder) {
                if let Some(value) = self.value_of(variable) {
                    out = out.replace(&placeholder, &value);
                }
            }
        }
        for (recorded, ours) in &self.ids {
            if is_id(recorded) {
                out = out.replace(recorded.as_str(), ours);
            }
        }
        out
    }
}

/// Whether a recorded string stands for an id: 24 hex digits, or the placeholder of a
/// variable that holds one (or is named as one).
fn id_like(variables: &BTreeMap<String, String>, text: &str) -> bool {
    if is_id(text) {
        return true;
    }
    let Some(variable) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) else { return false };
    variables.get(variable).is_some_and(|value| is_id(value) || variable.ends_with("Id"))
}

async fn replay(
    capture: &Capture,
    router: &Router,
    stateful: &std::collections::BTreeSet<(String, String)>,
) -> Result<Replayed, String> {
    let session = Session::start().await?;
    let variables: BTreeMap<String, String> = capture
        .variables
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())))
        .collect();
    let mut names = Names { variables: &variables, ids: BTreeMap::new() };
    let mut notes = Vec::new();
    // The projects and the organization the capture works in.
    for (variable, value) in &variables {
        let fake_id = if variable.starts_with("orgId") {
            FakeAtlas::ORG_ID.to_owned()
        } else if variable.starts_with("groupId") || variable.starts_with("projectId") {
            let body = serde_json::json!({"name": format!("parity-{variable}"), "orgId": FakeAtlas::ORG_ID});
            let answer = session
                .send("POST", &format!("{PREFIX}/groups"), "2023-01-01", Some(body.to_string().as_bytes()))
                .await?;
            match answer.body.as_ref().and_then(|b| b["id"].as_str()) {
                Some(id) if (200..300).contains(&answer.status) => id.to_owned(),
                _ => return Err(format!("the fake did not create a project: {} {}", answer.status, answer.text)),
            }
        } else {
            continue;
        };
        names.ids.insert(format!("{{{variable}}}"), fake_id.clone());
        names.ids.insert(value.clone(), fake_id);
    }
    let mut tally = Tally::default();
    let mut resources: BTreeMap<String, Tally> = BTreeMap::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    // The same difference on the same call is printed once, with its count.
    let mut differences: Vec<(String, usize)> = Vec::new();
    for step in &capture.steps {
        let mut order: Vec<(&Entry, &Recorded)> =
            step.request_responses.iter().flat_map(|e| e.responses.iter().map(move |r| (e, r))).collect();
        if order.is_empty() {
            continue;
        }
        order.sort_by_key(|(_, r)| r.response_index);
        let mut step_agrees = true;
        let mut step_modelled = true;
        for (entry, recorded) in order {
            let path = names.fill(&entry.path);
            let bare = path.split('?').next().unwrap_or_default();
            let case = router.route(&entry.method, bare, Some(&entry.version));
            let template = case
                .map(|c| c.path.as_str().to_owned())
                .or_else(|| router.route(&entry.method, bare, None).map(|c| c.path.as_str().to_owned()))
                .unwrap_or_else(|| entry.path.split('?').next().unwrap_or_default().to_owned());
            let modelled = case.is_some_and(|c| stateful.contains(&(c.operation_id.to_owned(), c.version.to_owned())));
            let body = (!entry.text.trim().is_empty()).then(|| names.fill(&entry.text));
            let answer = session.send(&entry.method, &path, &entry.version, body.as_deref().map(str::as_bytes)).await?;
            let real: Option<Value> = serde_json::from_str(&recorded.text).ok();
            if let (Some(real), Some(ours)) = (&real, &answer.body) {
                let variables = names.variables;
                let id_like = |text: &str| id_like(variables, text);
                map_ids(real, ours, &id_like, &mut names.ids);
            }
            let real_fields = real.as_ref().map(fields).unwrap_or_default();
            let fake_fields: Fields = answer.body.as_ref().map(fields).unwrap_or_default();
            let diff = compare(&real_fields, &fake_fields);
            let same_status = recorded.status == answer.status;
            let agrees = same_status && diff.is_empty();
            let mut counted = Tally { responses: 1, ..Tally::default() };
            counted.modelled_responses = usize::from(modelled);
            counted.agreeing_responses = usize::from(agrees);
            counted.same_status = usize::from(same_status);
            counted.same_class = usize::from(!same_status && recorded.status / 100 == answer.status / 100);
            if modelled && same_status {
                counted.fields_real = real_fields.len();
                counted.fields_matched =
                    real_fields.iter().filter(|(path, kinds)| fake_fields.get(*path) == Some(kinds)).count();
                counted.fields_extra = fake_fields.keys().filter(|path| !real_fields.contains_key(*path)).count();
            }
            tally.add(&counted);
            resources.entry(resource_of(&template)).or_default().add(&counted);
            step_agrees &= agrees;
            step_modelled &= modelled;
            if !agrees {
                let call = format!(
                    "{} {} {}",
                    entry.method,
                    template.strip_prefix(PREFIX).unwrap_or(&template),
                    entry.version
                );
                let mark = if modelled { "" } else { " (example)" };
                let mut why = Vec::new();
                if !same_status {
                    let refusal = match &answer.body {
                        Some(body) if answer.status >= 400 => {
                            format!(" {}", body["errorCode"].as_str().unwrap_or_default())
                        }
                        _ => String::new(),
                    };
                    why.push(format!("status real {} fake {}{refusal}", recorded.status, answer.status));
                }
                // An error answered for a success (or the reverse) differs in every field: the
                // status says it.
                if !diff.is_empty() && (same_status || (recorded.status < 300 && answer.status < 300)) {
                    why.push(diff.describe(4));
                }
                let line = format!("{call}{mark}: {}", why.join("; "));
                match differences.iter_mut().find(|(seen, _)| *seen == line) {
                    Some((_, n)) => *n += 1,
                    None => differences.push((line, 1)),
                }
                if modelled {
                    if !same_status {
                        *reasons
                            .entry(format!("status real {} fake {} on {call}", recorded.status, answer.status))
                            .or_default() += 1;
                    } else {
                        for field in &diff.missing {
                            *reasons.entry(format!("missing in fake {field} on {call}")).or_default() += 1;
                        }
                        for field in &diff.extra {
                            *reasons.entry(format!("extra in fake {field} on {call}")).or_default() += 1;
                        }
                        for field in &diff.types {
                            *reasons.entry(format!("type differs {field} on {call}")).or_default() += 1;
                        }
                    }
                }
            }
        }
        tally.steps += 1;
        tally.modelled_steps += usize::from(step_modelled);
        tally.agreeing_steps += usize::from(step_agrees);
    }
    for (line, n) in differences {
        let times = if n > 1 { format!(" (x{n})") } else { String::new() };
        notes.push(format!("{line}{times}"));
    }
    let problems = session.take_problems();
    if !problems.is_empty() {
        notes.push(format!("the fake's checks refused {} requests, e.g. {}", problems.len(), problems[0]));
    }
    Ok(Replayed { tally, resources, notes, reasons })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{id_like, parse_capture, Names};

    const CAPTURE: &str = r#"
variables:
  clusterName: c1
  groupId: 67d01a24f610961835455eb1
steps:
  - config: resource "mongodbatlas_advanced_cluster" "test" {}
    request_responses:
      - path: /api/atlas/v2/groups/{groupId}/clusters
        method: POST
        version: '2024-10-23'
        text: "{\"name\": \"{clusterName}\"}"
        responses:
          - response_index: 1
            status: 201
            text: "{\"id\": \"aaaaaaaaaaaaaaaaaaaaaaaa\", \"groupId\": \"{groupId}\"}"
"#;

    #[test]
    fn captures_are_told_from_templates_and_unit_fixtures() {
        let capture = parse_capture(CAPTURE).expect("a capture");
        assert_eq!(capture.steps[0].request_responses[0].responses[0].status, 201);
        let template = CAPTURE.replace(
            r#"text: "{\"id\": \"aaaaaaaaaaaaaaaaaaaaaaaa\", \"groupId\": \"{groupId}\"}""#,
            "text: import_GET_clusters.json",
        );
        assert!(parse_capture(&template).unwrap_err().contains("a template"));
        let fixture = CAPTURE.replace("mongodbatlas_advanced_cluster", "dummy");
        assert!(parse_capture(&fixture).unwrap_err().contains("acceptance test"));
        assert!(parse_capture("step_count: 3").unwrap_err().contains("no recorded responses"));
    }

    #[test]
    fn placeholders_and_recorded_ids_become_the_fakes() {
        let variables: BTreeMap<String, String> = [("clusterName", "c1"), ("groupId", "67d01a24f610961835455eb1")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let mut names = Names { variables: &variables, ids: BTreeMap::new() };
        names.ids.insert("{groupId}".into(), "5e2211c10000000000000001".into());
        names.ids.insert("111111111111111111111111".into(), "5e2211c10000000000000002".into());
        assert_eq!(
            names.fill("/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/x/111111111111111111111111?{other}"),
            "/api/atlas/v2/groups/5e2211c10000000000000001/clusters/c1/x/5e2211c10000000000000002?{other}"
        );
        assert!(id_like(&variables, "{groupId}"));
        assert!(!id_like(&variables, "{clusterName}"));
        assert!(id_like(&variables, "0123456789abcdef01234567"));
        assert!(!id_like(&variables, "{unknown}"));
    }
}
