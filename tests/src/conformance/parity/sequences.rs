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

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use atlas_api::fake::FakeAtlas;
use serde::Deserialize;
use serde_json::Value;

mod earlier;
mod seeding;

use earlier::Earlier;
use seeding::Seeded;

use super::history::History;
use super::{
    call_key, compare, fields, is_id, map_ids, resource_of, Answer, Documented, FieldDiff, Fields, Floor, Measure,
    Router, Session, PREFIX,
};
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
    /// Fields of Atlas's answers the spec at hand does not document, set aside before comparing.
    fields_undocumented: usize,
    /// Fields of the fake's answers the capture lacks that the specs first documented after
    /// the capture was recorded (`tests/spec-history.toml`), set aside before comparing.
    fields_newer: usize,
    /// Answers about what the project held before the capture began: the replay made it as
    /// Atlas answered it, so they are not counted for or against the fake.
    seeded_responses: usize,
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
        self.fields_undocumented += other.fields_undocumented;
        self.fields_newer += other.fields_newer;
        self.seeded_responses += other.seeded_responses;
    }

    fn line(&self) -> String {
        format!(
            "steps {}/{}/{} agree/modelled/all; responses {}/{}/{} agree/modelled/all, {} same status, {} same class \
             only; fields of modelled answers {}/{} answered by the fake, {} extra; {} undocumented, {} newer than the \
             capture set aside; {} answers about what was there before not counted",
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
            self.fields_extra,
            self.fields_undocumented,
            self.fields_newer,
            self.seeded_responses
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
    let stateful = super::stateful_operations().await;
    let spec = Documented::load()?;
    let history = History::load()?;
    let stale = history.stale(spec.root());
    if !stale.is_empty() {
        return Err(format!(
            "{} is older than the spec at hand ({} entries, e.g. {}): write it again with `ATLAS_SPEC_HISTORY=<folder> \
             cargo xtask conformance spec-history` (see the README)",
            History::path().display(),
            stale.len(),
            stale[0]
        ));
    }
    let mut replays = Replays::default();
    let mut captures = Vec::new();
    for file in &files {
        let name = file.strip_prefix(&dir).unwrap_or(file).display().to_string();
        match read_capture(file) {
            Ok(capture) => {
                let recorded = recorded_on(&capture);
                captures.push((name, capture, recorded));
            }
            Err(why) => replays.skipped.push(format!("{name}: {why}")),
        }
    }
    let dated: Vec<(&Capture, Option<&str>)> = captures.iter().map(|(_, c, day)| (c, day.as_deref())).collect();
    let earlier = Earlier::of(&dated, &router);
    let known = Known { router: &router, stateful: &stateful, spec: &spec, history: &history, earlier: &earlier };
    for (name, capture, recorded) in &captures {
        let replayed = replay(capture, &known, recorded.clone()).await?;
        replays.add(name, recorded.clone(), replayed);
    }
    if replays.used == 0 {
        return Err(format!(
            "ATLAS_CAPTURES={} holds no capture file ({} YAML files, none a capture): extract them with \
             scripts/extract-captures.sh",
            dir.display(),
            files.len()
        ));
    }
    let mut summary = replays.summary();
    let (failures, improved) = check_floor(&replays.total)?;
    summary.extend(improved);
    Ok(Outcome { summary: summary.join("\n"), failures })
}

/// The day Atlas answered a capture, as near as its answers tell: the earliest `createDate`
/// its creates answer (the items the test created, not those there before), `YYYY-MM-DD`. Atlas's answers gain and lose fields
/// over time (the fake answers as the spec at hand describes Atlas), so the report groups
/// the steps by the month each capture was recorded in.
fn recorded_on(capture: &Capture) -> Option<String> {
    const KEY: &str = "\"createDate\": \"";
    let creates = capture.steps.iter().flat_map(|s| &s.request_responses).filter(|e| e.method == "POST");
    let texts = creates.flat_map(|e| &e.responses);
    let dates = texts.flat_map(|r| r.text.match_indices(KEY).map(|(at, _)| &r.text[at + KEY.len()..]));
    dates.filter_map(|rest| rest.get(..10)).filter(|day| day.as_bytes()[4] == b'-').map(str::to_owned).min()
}

/// What the replays of all capture files add up to.
#[derive(Default)]
struct Replays {
    /// Capture files replayed.
    used: usize,
    total: Tally,
    resources: BTreeMap<String, Tally>,
    reasons: BTreeMap<String, usize>,
    /// Fields of Atlas's answers the spec does not document, per call, with how often.
    undocumented: BTreeMap<String, usize>,
    /// Fields of the fake's answers newer than the capture, per call, with how often.
    newer: BTreeMap<String, usize>,
    /// Per file: its counts, then its notes.
    lines: Vec<String>,
    /// The counts of the captures recorded in each month (`YYYY-MM`, or `unknown`).
    months: BTreeMap<String, Tally>,
    /// The files that are not captures, with why.
    skipped: Vec<String>,
}

impl Replays {
    /// Adds the replay of the capture file `name`.
    fn add(&mut self, name: &str, recorded: Option<String>, replayed: CaptureCounts) {
        self.used += 1;
        let day = recorded.as_deref().unwrap_or("on an unknown day");
        self.lines.push(format!("{name} (recorded {day}): {}", replayed.tally.line()));
        let month = recorded.map_or_else(|| "unknown".to_owned(), |day| day[..7].to_owned());
        self.months.entry(month).or_default().add(&replayed.tally);
        self.lines.extend(replayed.notes.iter().map(|note| format!("  {note}")));
        self.total.add(&replayed.tally);
        for (resource, tally) in &replayed.resources {
            self.resources.entry(resource.clone()).or_default().add(tally);
        }
        for (reason, n) in replayed.reasons {
            *self.reasons.entry(reason).or_default() += n;
        }
        for (field, n) in replayed.undocumented {
            *self.undocumented.entry(field).or_default() += n;
        }
        for (field, n) in replayed.newer {
            *self.newer.entry(field).or_default() += n;
        }
    }

    /// The report: the totals, per resource, the differences, per file, and the files skipped.
    fn summary(&self) -> Vec<String> {
        let mut summary = vec![format!("parity-sequences: {} capture files: {}", self.used, self.total.line())];
        summary.push(
            "per month the captures were recorded in (the fake answers as the spec at hand describes Atlas):"
                .to_owned(),
        );
        summary.extend(self.months.iter().map(|(month, tally)| format!("  {month}: {}", tally.line())));
        summary.extend(self.per_resource());
        summary.extend(self.most_frequent_differences());
        summary.push(format!(
            "set aside before comparing: {} fields of Atlas's answers the spec at hand does not document \
             (no generated type holds them; the fake may not answer them):",
            self.undocumented.len()
        ));
        summary.extend(self.undocumented.iter().map(|(field, n)| format!("  {n:>4} x {field}")));
        summary.push(format!(
            "set aside before comparing: {} fields of the fake's answers that the capture lacks and the specs first \
             documented after the day it was recorded (tests/spec-history.toml: Atlas had not added them yet):",
            self.newer.len()
        ));
        summary.extend(self.newer.iter().map(|(field, n)| format!("  {n:>4} x {field}")));
        summary.push("per file:".to_owned());
        summary.extend(self.lines.iter().cloned());
        if !self.skipped.is_empty() {
            summary.push(format!("skipped {} files that are not captures:", self.skipped.len()));
            summary.extend(self.skipped.iter().map(|s| format!("  {s}")));
        }
        summary
    }

    /// Per resource: the answers that agree, and the fields of modelled answers matched.
    fn per_resource(&self) -> Vec<String> {
        let mut out =
            vec!["per resource (responses agree/modelled/all; fields of modelled answers matched/real):".to_owned()];
        out.extend(self.resources.iter().map(|(resource, tally)| {
            format!(
                "  {resource}: {}/{}/{}; {}/{}",
                tally.agreeing_responses,
                tally.modelled_responses,
                tally.responses,
                tally.fields_matched,
                tally.fields_real
            )
        }));
        out
    }

    /// Every status that differs, then the 20 most frequent field differences, most frequent
    /// first.
    fn most_frequent_differences(&self) -> Vec<String> {
        let mut top: Vec<(&String, &usize)> = self.reasons.iter().collect();
        top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let (statuses, fields): (Vec<_>, Vec<_>) =
            top.into_iter().partition(|(reason, _)| reason.starts_with("status"));
        let mut out = vec!["statuses that differ (answers on modelled operations):".to_owned()];
        out.extend(statuses.iter().map(|(reason, n)| format!("  {n:>4} x {reason}")));
        out.push("most frequent field differences (answers on modelled operations):".to_owned());
        out.extend(fields.iter().take(20).map(|(reason, n)| format!("  {n:>4} x {reason}")));
        out
    }
}

/// The totals against the floor: the failures, and the lines saying what improved.
fn check_floor(total: &Tally) -> Result<(Vec<String>, Vec<String>), String> {
    let floor = Floor::load()?;
    Ok(floor.check(
        "sequences",
        &[
            Measure { key: "agreeing_steps", value: total.agreeing_steps, at_least: true },
            Measure { key: "modelled_steps", value: total.modelled_steps, at_least: true },
            Measure { key: "agreeing_responses", value: total.agreeing_responses, at_least: true },
            Measure { key: "modelled_responses", value: total.modelled_responses, at_least: true },
            Measure { key: "same_status_responses", value: total.same_status, at_least: true },
            Measure { key: "matched_fields", value: total.fields_matched, at_least: true },
            Measure { key: "extra_fields", value: total.fields_extra, at_least: false },
            // What is set aside may not grow unseen either.
            Measure { key: "undocumented_fields", value: total.fields_undocumented, at_least: false },
            Measure { key: "newer_fields", value: total.fields_newer, at_least: false },
        ],
    ))
}

struct CaptureCounts {
    tally: Tally,
    resources: BTreeMap<String, Tally>,
    notes: Vec<String>,
    reasons: BTreeMap<String, usize>,
    undocumented: BTreeMap<String, usize>,
    newer: BTreeMap<String, usize>,
}

/// What a replay looks things up in: the spec's routes, the operation versions the fake
/// answers from state, what the spec documents, and when it came to.
struct Known<'a> {
    router: &'a Router,
    stateful: &'a BTreeSet<(String, String)>,
    spec: &'a Documented,
    history: &'a History,
    earlier: &'a Earlier,
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

    /// Learns the fake's ids for Atlas's from an answer of each (see [`map_ids`]).
    fn learn_ids(&mut self, real: &Value, ours: &Value) {
        let variables = self.variables;
        map_ids(real, ours, &|text: &str| id_like(variables, text), &mut self.ids);
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

async fn replay(capture: &Capture, known: &Known<'_>, day: Option<String>) -> Result<CaptureCounts, String> {
    let session = Session::start().await?;
    let variables = variables_of(capture);
    let ids = seed_projects_and_organization(&session, &variables).await?;
    let mut names = Names { variables: &variables, ids };
    let (seeded, unseeded) = seeding::seed_what_was_there(&session, capture, &mut names).await?;
    let mut replayer = CaptureReplayer {
        session,
        known,
        day,
        names,
        seeded,
        tally: Tally::default(),
        resources: BTreeMap::new(),
        reasons: BTreeMap::new(),
        differences: unseeded.into_iter().map(|note| (note, 1)).collect(),
        undocumented: BTreeMap::new(),
        newer: BTreeMap::new(),
    };
    for step in &capture.steps {
        replayer.replay_step(step).await?;
    }
    Ok(replayer.finish())
}

/// The capture's variables, as the text its paths and bodies hold.
fn variables_of(capture: &Capture) -> BTreeMap<String, String> {
    capture
        .variables
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())))
        .collect()
}

/// Creates the projects the capture works in (`groupId*`, `projectId*`) in the fake and takes
/// the fake's organization for `orgId*`: the fake's ids, under each variable's placeholder and
/// its recorded value.
async fn seed_projects_and_organization(
    session: &Session,
    variables: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, String> {
    let mut ids = BTreeMap::new();
    for (variable, value) in variables {
        let Some(fake_id) = seeded_id(session, variable).await? else { continue };
        ids.insert(format!("{{{variable}}}"), fake_id.clone());
        ids.insert(value.clone(), fake_id);
    }
    Ok(ids)
}

/// The fake's id for a variable naming the organization or a project (which it creates), none
/// for another variable.
async fn seeded_id(session: &Session, variable: &str) -> Result<Option<String>, String> {
    if variable.starts_with("orgId") {
        Ok(Some(FakeAtlas::ORG_ID.to_owned()))
    } else if variable.starts_with("groupId") || variable.starts_with("projectId") {
        create_project(session, variable).await.map(Some)
    } else {
        Ok(None)
    }
}

/// Creates a project for `variable` in the fake's organization: its id.
async fn create_project(session: &Session, variable: &str) -> Result<String, String> {
    let body = serde_json::json!({"name": format!("parity-{variable}"), "orgId": FakeAtlas::ORG_ID});
    let answer =
        session.send("POST", &format!("{PREFIX}/groups"), "2023-01-01", Some(body.to_string().as_bytes())).await?;
    match answer.body.as_ref().and_then(|b| b["id"].as_str()) {
        Some(id) if (200..300).contains(&answer.status) => Ok(id.to_owned()),
        _ => Err(format!("the fake did not create a project: {} {}", answer.status, answer.text)),
    }
}

/// A step's recorded answers in the order Atlas gave them, each with its request.
fn answers_in_order(step: &Step) -> Vec<(&Entry, &Recorded)> {
    let mut order: Vec<(&Entry, &Recorded)> =
        step.request_responses.iter().flat_map(|e| e.responses.iter().map(move |r| (e, r))).collect();
    order.sort_by_key(|(_, r)| r.response_index);
    order
}

/// Replays one capture in a fresh fake, and keeps the counts and the differences.
struct CaptureReplayer<'a> {
    session: Session,
    known: &'a Known<'a>,
    /// The day the capture was recorded, if its answers tell.
    day: Option<String>,
    names: Names<'a>,
    /// What the capture's project held before it began.
    seeded: Vec<Seeded>,
    tally: Tally,
    resources: BTreeMap<String, Tally>,
    reasons: BTreeMap<String, usize>,
    /// The same difference on the same call is printed once, with its count.
    differences: Vec<(String, usize)>,
    /// Fields of Atlas's answers the spec does not document, per call, with how often.
    undocumented: BTreeMap<String, usize>,
    /// Fields of the fake's answers newer than the capture, per call, with how often.
    newer: BTreeMap<String, usize>,
}

impl CaptureReplayer<'_> {
    /// Replays a step's answers and counts the step: modelled when all its calls are, agreeing
    /// when all its answers do.
    async fn replay_step(&mut self, step: &Step) -> Result<(), String> {
        let order = answers_in_order(step);
        if order.is_empty() {
            return Ok(());
        }
        let mut step_agrees = true;
        let mut step_modelled = true;
        for (entry, recorded) in order {
            let compared = self.replay_answer(entry, recorded).await?;
            self.tally_answer(&compared);
            step_agrees &= compared.agrees() || compared.seeded;
            step_modelled &= compared.modelled || compared.seeded;
            if !compared.agrees() && !compared.seeded {
                self.record_disagreement(entry, &compared);
            }
        }
        self.tally.steps += 1;
        self.tally.modelled_steps += usize::from(step_modelled);
        self.tally.agreeing_steps += usize::from(step_agrees);
        Ok(())
    }

    /// Sends one recorded request to the fake, learns the ids of the fake's answer, and sets
    /// it beside Atlas's.
    async fn replay_answer(&mut self, entry: &Entry, recorded: &Recorded) -> Result<Compared, String> {
        let path = self.names.fill(&entry.path);
        let (template, modelled) = self.route(entry, &path);
        let notes = seeding::remove_what_others_removed(&self.session, &mut self.seeded, entry, recorded, &self.names);
        for note in notes.await? {
            self.differences.push((note, 1));
        }
        let body = (!entry.text.trim().is_empty()).then(|| self.names.fill(&entry.text));
        let answer =
            self.session.send(&entry.method, &path, &entry.version, body.as_deref().map(str::as_bytes)).await?;
        let real: Option<Value> = serde_json::from_str(&recorded.text).ok();
        if let (Some(real), Some(ours)) = (&real, &answer.body) {
            self.names.learn_ids(real, ours);
        }
        let call = call_key(&entry.method, &template, &entry.version);
        let real = real.map(|real| {
            let (kept, aside) =
                self.known.spec.answer(&entry.method, &template, recorded.status, &entry.version, &real);
            for path in &aside {
                *self.undocumented.entry(format!("{path} on {call}")).or_default() += 1;
            }
            self.tally.fields_undocumented += aside.len();
            kept
        });
        // Set aside only what no capture of that day or earlier carries; the entry it is under.
        let newer = |path: &str| {
            let day = self.day.as_deref()?;
            let (entry, _) = self.known.history.newer_than(&call, path, day)?;
            (!self.known.earlier.answered_by(&call, path, day)).then(|| entry.to_owned())
        };
        let mut compared = Compared::new(template.clone(), modelled, recorded.status, real.as_ref(), answer, &newer);
        compared.seeded = seeding::about_seeded(&self.seeded, &entry.path);
        for path in &compared.newer {
            *self.newer.entry(format!("{path} on {call}")).or_default() += 1;
        }
        self.tally.fields_newer += compared.newer.len();
        Ok(compared)
    }

    /// The spec's path template of a recorded call (the one the filled `path` routes to), and
    /// whether the fake answers its operation version from its state.
    fn route(&self, entry: &Entry, path: &str) -> (String, bool) {
        let bare = path.split('?').next().unwrap_or_default();
        let case = self.known.router.route(&entry.method, bare, Some(&entry.version));
        let template = case
            .map(|c| c.path.as_str().to_owned())
            .or_else(|| self.known.router.route(&entry.method, bare, None).map(|c| c.path.as_str().to_owned()))
            .unwrap_or_else(|| entry.path.split('?').next().unwrap_or_default().to_owned());
        let modelled =
            case.is_some_and(|c| self.known.stateful.contains(&(c.operation_id.to_owned(), c.version.to_owned())));
        (template, modelled)
    }

    /// Counts an answer, overall and for its resource.
    fn tally_answer(&mut self, compared: &Compared) {
        let counted = compared.tally();
        self.tally.add(&counted);
        self.resources.entry(resource_of(&compared.template)).or_default().add(&counted);
    }

    /// Notes why an answer disagrees (a line once per call and difference, with how often), and
    /// on a modelled call counts each reason.
    fn record_disagreement(&mut self, entry: &Entry, compared: &Compared) {
        let template = compared.template.as_str();
        let call = call_key(&entry.method, template, &entry.version);
        let mark = if compared.modelled { "" } else { " (example)" };
        let line = format!("{call}{mark}: {}", compared.why());
        match self.differences.iter_mut().find(|(seen, _)| *seen == line) {
            Some((_, n)) => *n += 1,
            None => self.differences.push((line, 1)),
        }
        if compared.modelled {
            for reason in compared.reasons(&call) {
                *self.reasons.entry(reason).or_default() += 1;
            }
        }
    }

    /// What the replay found: the counts, and the notes (each difference with how often, then
    /// the requests the fake's checks refused).
    fn finish(self) -> CaptureCounts {
        let mut notes: Vec<String> = self
            .differences
            .into_iter()
            .map(|(line, n)| {
                let times = if n > 1 { format!(" (x{n})") } else { String::new() };
                format!("{line}{times}")
            })
            .collect();
        let problems = self.session.take_problems();
        if !problems.is_empty() {
            notes.push(format!("the fake's checks refused {} requests, e.g. {}", problems.len(), problems[0]));
        }
        CaptureCounts {
            tally: self.tally,
            resources: self.resources,
            notes,
            reasons: self.reasons,
            undocumented: self.undocumented,
            newer: self.newer,
        }
    }
}

/// One answer of the fake beside the one Atlas recorded.
struct Compared {
    /// The spec's path template of the call.
    template: String,
    /// Whether the fake answers the call's operation version from its state.
    modelled: bool,
    real_status: u16,
    answer: Answer,
    real_fields: Fields,
    fake_fields: Fields,
    diff: FieldDiff,
    /// The outermost fields of the fake's answer set aside as newer than the capture.
    newer: Vec<String>,
    /// Whether the call is about an item the project held before the capture began.
    seeded: bool,
}

impl Compared {
    /// The answers side by side; what the fake answers and Atlas's answer lacks is set aside
    /// where `newer` names the entry of the spec history it falls under (the specs documented
    /// it only after the capture), unless Atlas's answer has that entry's field itself.
    fn new(
        template: String,
        modelled: bool,
        real_status: u16,
        real: Option<&Value>,
        answer: Answer,
        newer: &dyn Fn(&str) -> Option<String>,
    ) -> Self {
        let real_fields = real.map(fields).unwrap_or_default();
        let mut fake_fields: Fields = answer.body.as_ref().map(fields).unwrap_or_default();
        let mut aside = Vec::new();
        if real.is_some() && real_status == answer.status {
            fake_fields.retain(|path, _| {
                let kept =
                    real_fields.contains_key(path) || newer(path).is_none_or(|entry| real_fields.contains_key(&entry));
                if !kept {
                    aside.push(path.clone());
                }
                kept
            });
        }
        let diff = compare(&real_fields, &fake_fields);
        let newer = super::outermost(aside);
        Self { template, modelled, real_status, answer, real_fields, fake_fields, diff, newer, seeded: false }
    }

    fn same_status(&self) -> bool {
        self.real_status == self.answer.status
    }

    fn agrees(&self) -> bool {
        self.same_status() && self.diff.is_empty()
    }

    /// What the answer counts for; its fields only on a modelled call with Atlas's status.
    fn tally(&self) -> Tally {
        if self.seeded {
            return Tally { responses: 1, seeded_responses: 1, ..Tally::default() };
        }
        let same_status = self.same_status();
        let mut counted = Tally { responses: 1, ..Tally::default() };
        counted.modelled_responses = usize::from(self.modelled);
        counted.agreeing_responses = usize::from(self.agrees());
        counted.same_status = usize::from(same_status);
        counted.same_class = usize::from(!same_status && self.real_status / 100 == self.answer.status / 100);
        if self.modelled && same_status {
            counted.fields_real = self.real_fields.len();
            counted.fields_matched =
                self.real_fields.iter().filter(|(path, kinds)| self.fake_fields.get(*path) == Some(kinds)).count();
            counted.fields_extra = self.fake_fields.keys().filter(|path| !self.real_fields.contains_key(*path)).count();
        }
        counted
    }

    /// Why the answers differ, for a note: the statuses, and the fields.
    fn why(&self) -> String {
        let mut why = Vec::new();
        if !self.same_status() {
            why.push(format!("status real {} fake {}{}", self.real_status, self.answer.status, self.refusal()));
        }
        // An error answered for a success (or the reverse) differs in every field: the status
        // says it.
        if !self.diff.is_empty() && (self.same_status() || (self.real_status < 300 && self.answer.status < 300)) {
            why.push(self.diff.describe(4));
        }
        why.join("; ")
    }

    /// The error code of a refusal of the fake's, after a space; nothing for another answer.
    fn refusal(&self) -> String {
        match &self.answer.body {
            Some(body) if self.answer.status >= 400 => format!(" {}", body["errorCode"].as_str().unwrap_or_default()),
            _ => String::new(),
        }
    }

    /// The reasons a disagreement on `call` is counted under: the statuses when they differ,
    /// else each field that differs.
    fn reasons(&self, call: &str) -> Vec<String> {
        if !self.same_status() {
            return vec![format!("status real {} fake {} on {call}", self.real_status, self.answer.status)];
        }
        let missing = self.diff.missing.iter().map(|field| format!("missing in fake {field} on {call}"));
        let extra = self.diff.extra.iter().map(|field| format!("extra in fake {field} on {call}"));
        let types = self.diff.types.iter().map(|field| format!("type differs {field} on {call}"));
        missing.chain(extra).chain(types).collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{id_like, parse_capture, recorded_on, Compared, Names};

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
    fn a_capture_is_dated_by_the_earliest_item_it_created() {
        let undated = parse_capture(CAPTURE).expect("a capture");
        assert_eq!(recorded_on(&undated), None);
        let dated = CAPTURE.replace(
            r#"\"groupId\": \"{groupId}\"}""#,
            r#"\"createDate\": \"2025-11-26T15:34:40Z\", \"old\": {\"createDate\": \"2025-03-11T11:10:37Z\"}}""#,
        );
        assert_eq!(recorded_on(&parse_capture(&dated).expect("a capture")).as_deref(), Some("2025-03-11"));
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

    #[test]
    fn only_what_atlas_lacks_under_a_newer_entry_is_set_aside_and_only_with_atlas_s_status() {
        use serde_json::json;
        let answer = |status| super::Answer {
            status,
            body: Some(json!({"name": "c", "tls": {"v13": []}, "effective": {"size": "M10"}, "made": "x"})),
            text: String::new(),
        };
        // The history says `$.tls` and `$.effective` came after the capture; not `$.made`.
        let newer =
            |path: &str| ["$.tls", "$.effective"].into_iter().find(|entry| path.starts_with(entry)).map(str::to_owned);
        let real = json!({"name": "c", "tls": {}});
        let compared = Compared::new("/c".into(), true, 200, Some(&real), answer(200), &newer);
        // Atlas's answer has `tls` itself, so what the fake answers under it still counts.
        assert_eq!(compared.newer, ["$.effective"]);
        assert_eq!(compared.diff.extra, ["$.made", "$.tls.v13"]);
        let refused = Compared::new("/c".into(), true, 200, Some(&real), answer(400), &newer);
        assert!(refused.newer.is_empty(), "another status compares nothing field by field");
        let no_day = |_: &str| None;
        let undated = Compared::new("/c".into(), true, 200, Some(&real), answer(200), &no_day);
        assert!(undated.newer.is_empty() && undated.diff.extra.contains(&"$.effective".to_owned()));
    }
}
