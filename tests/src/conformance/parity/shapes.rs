//! `parity-shapes`: for each operation version the fake answers from its state that
//! `ATLAS_RECORDED` holds real 2xx answers of, the fake's own answer, compared field by field
//! with the real ones.
//!
//! The fake is driven as a user would: in a fresh fake, a project is created, then each
//! parent the operation's path names (a cluster for `/clusters/{clusterName}/...`) by the POST
//! of its collection, then (for an operation on one item, or a list) an item of the
//! operation's own collection by its POST of the same dated version, so that the item is
//! readable in that version; then the operation itself. Bodies and required query parameters
//! are the ones the generated client sends with synthesized arguments (only what is
//! required, fitting the spec's constraints), the organization and project ids replaced by the
//! fake's. The key of a created item (`{clusterName}`, `{userId}`) is the first string of the
//! create's answer (`id`, `name`, ...) under which the fake finds it.
//!
//! A create the fake refuses with a 400 (Atlas refuses a cluster with only what the spec
//! requires: it needs its regions and their priorities) is sent again made of a real answer
//! of its kind, as a real caller makes one: "minimal" is then the least Atlas takes.
//!
//! Each operation is driven three times, in fresh fakes: once so; once with every optional
//! field and parameter set in the operation and in the create of the item it acts on; and
//! once as recorded: the real answers made requests (what of each a request can carry,
//! completed with what the spec requires), a list with the real items that carry every field
//! between them, a singleton written by its PUT or PATCH before it is read, the operation
//! read after the fake's work is done, as the answers were recorded. What the real callers
//! sent is not recorded; a field the fake echoes when it is sent is one the fake can answer,
//! and those counted so are reported ("only when sent", held to the floor).
//!
//! Reported per operation: the fields every real answer carries that neither of the fake's
//! answers has ("omitted": the fake never answers them) and those the fake answers the
//! minimal request that no real answer has ("invented": the fake answers them unasked), each
//! named once at its outermost path (a missing object, not each field in it), `null`
//! counting as absent.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use atlas_api::fake::FakeAtlas;
use serde_json::Value;

use super::{fields, outermost, Documented, Fields, Floor, Measure, Router, PREFIX};
use crate::conformance::documented::Spec;
use crate::conformance::replay::{recorded_dir, Manifest, RecordedCase};
use crate::conformance::Outcome;
use crate::testkit_support::Case;

mod driver;
use driver::{drive, Means, Mode, Synthesizer};

pub async fn run() -> Result<Outcome, String> {
    let documented = Documented::load()?;
    let (real, undocumented, beside) = real_answers(&documented)?;
    let table = crate::conformance::documented::request_fields()?;
    let spec = Spec::with_request_fields(documented.root(), &table)?;
    let stateful = FakeAtlas::start().await.stateful_operations();
    let router = Router::new();
    let synth = Synthesizer::start().await?;
    let mut report = Report { undocumented, ..Report::default() };
    // ATLAS_PARITY_ONLY=<operationId> drives that operation alone, to see one change's effect
    // quickly; the floor is not checked then.
    let only = std::env::var("ATLAS_PARITY_ONLY").ok();
    for (operation, version) in stateful {
        if only.as_deref().is_some_and(|only| only != operation) {
            continue;
        }
        let Some(answers) = real.get(&(operation.to_owned(), version.to_owned())) else { continue };
        report.considered += 1;
        let means = Means { router: &router, synth: &synth, spec: &spec, real: &real, beside: &beside };
        report.compare_operation(&means, operation, version, answers).await?;
    }
    if report.considered == 0 {
        return Err("no operation the fake answers from its state has a recorded 2xx answer in ATLAS_RECORDED".into());
    }
    let mut summary = report.summary();
    if only.is_some() {
        return Ok(Outcome { summary: summary.join("\n"), failures: Vec::new() });
    }
    let (failures, improved) = report.check_floor()?;
    summary.extend(improved);
    Ok(Outcome { summary: summary.join("\n"), failures })
}

/// The real 2xx answers `ATLAS_RECORDED` holds, per operation version, each less what the spec
/// does not document; the fields set aside, with how many answers carried each; and what
/// each answer's test made.
fn real_answers(spec: &Documented) -> Result<(RealAnswers, BTreeMap<String, usize>, Beside), String> {
    let root = recorded_dir()?;
    let manifest = read_manifest(&root)?;
    let mut real = RealAnswers::new();
    let mut undocumented: BTreeMap<String, usize> = BTreeMap::new();
    let mut beside = Beside::default();
    for case in &manifest.cases {
        let Some(version) = case.media_type.strip_prefix("application/vnd.atlas.").and_then(|m| m.split('+').next())
        else {
            continue;
        };
        if !(200..300).contains(&case.status) {
            continue;
        }
        let body = read_body(&root, case)?;
        let (body, aside) = spec.answer(&case.method, &case.path, case.status, version, &body);
        for path in aside {
            *undocumented.entry(format!("{} {version} {path}", case.operation_id)).or_default() += 1;
        }
        beside.add(case, version, &body);
        real.entry((case.operation_id.clone(), version.to_owned())).or_default().push(body);
    }
    Ok((real, undocumented, beside))
}

/// Real answers per operation version.
pub(super) type RealAnswers = BTreeMap<(String, String), Vec<Value>>;

/// What each recorded test made (the manifest's `source` names the test): its creates'
/// operation, version and real answer; and the test of each operation version's first real
/// answer. The manifest lists a test's cases by path, not in the order they ran, so what a
/// read's test made is all that test made (a project's processes were read in a project its
/// test made a dedicated cluster in).
#[derive(Default)]
pub(super) struct Beside {
    made: BTreeMap<String, Vec<(String, String, Value)>>,
    test_of: BTreeMap<(String, String), String>,
}

impl Beside {
    fn add(&mut self, case: &RecordedCase, version: &str, body: &Value) {
        let Some(test) = case.source.split("/.snapshots/").next().filter(|test| !test.is_empty()) else { return };
        let key = (case.operation_id.clone(), version.to_owned());
        self.test_of.entry(key.clone()).or_insert_with(|| test.to_owned());
        if case.method.eq_ignore_ascii_case("POST") {
            self.made.entry(test.to_owned()).or_default().push((key.0, key.1, body.clone()));
        }
    }

    /// What the test of `operation` `version`'s first real answer made.
    pub(super) fn of(&self, operation: &str, version: &str) -> &[(String, String, Value)] {
        let test = self.test_of.get(&(operation.to_owned(), version.to_owned()));
        test.and_then(|test| self.made.get(test)).map(Vec::as_slice).unwrap_or_default()
    }
}

fn read_manifest(root: &Path) -> Result<Manifest, String> {
    let manifest = std::fs::read(root.join("manifest.json")).map_err(|e| format!("{}: {e}", root.display()))?;
    serde_json::from_slice(&manifest).map_err(|e| format!("manifest.json: {e}"))
}

/// The recorded answer's body.
fn read_body(root: &Path, case: &RecordedCase) -> Result<Value, String> {
    let path = root.join(&case.body);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", case.body))
}

/// What the comparisons found, operation version by operation version.
#[derive(Default)]
struct Report {
    /// Operation versions the fake answers from its state that have real 2xx answers.
    considered: usize,
    /// Per driven operation version: what differs.
    lines: Vec<String>,
    /// The operation versions that could not be driven, with why.
    not_driven: Vec<String>,
    /// Per driven operation version: its name, how many fields the fake omitted and invented.
    rows: Vec<(String, usize, usize)>,
    /// Fields of real answers the spec does not document (`operation version path`), set
    /// aside, with how many answers carried each.
    undocumented: BTreeMap<String, usize>,
    /// Fields every real answer carries that the fake answers only when they are sent.
    when_sent: usize,
    /// The operation versions whose request with every optional field the fake refused, with why.
    full_refused: Vec<String>,
    /// The operation versions whose requests made of real answers the fake refused, with why.
    recorded_refused: Vec<String>,
    /// The fake's answers that its documented type does not hold (the contract check).
    contract: BTreeSet<String>,
    /// The driver's requests that Atlas would refuse (the fake's mock says why).
    driver_problems: BTreeSet<String>,
}

impl Report {
    /// Drives a fresh fake to the answer of an operation version and compares it with the real
    /// ones, or notes why it could not be driven.
    async fn compare_operation(
        &mut self,
        means: &Means<'_>,
        operation: &str,
        version: &str,
        answers: &[Value],
    ) -> Result<(), String> {
        let Some(case) = means.router.cases().iter().find(|c| c.operation_id == operation && c.version == version)
        else {
            self.not_driven.push(format!("{operation} {version}: the client has no such call"));
            return Ok(());
        };
        let minimal = drive(means, case, Mode::Minimal).await?;
        self.note_problems(operation, version, minimal.problems);
        let minimal = match minimal.answer {
            Ok(ours) => ours,
            Err(why) => {
                self.not_driven.push(format!("{operation} {version}: {why}"));
                return Ok(());
            }
        };
        // What the fake answers a caller who sets every optional field; a body the fake
        // refuses (synthesized values that do not fit together) adds nothing.
        let full = drive(means, case, Mode::Full).await?;
        self.note_problems(operation, version, full.problems);
        let full = full.answer.map_err(|why| self.full_refused.push(format!("{operation} {version}: {why}"))).ok();
        // What it answers a caller who sent what the real answers hold (the real requests
        // are not recorded): a union member the synthesized requests do not pick (a GROUP
        // notification, a DATE criterion), the values a real caller gives.
        let items = covering(answers);
        let recorded = drive(means, case, Mode::Recorded(&items)).await?;
        self.note_problems(operation, version, recorded.problems);
        let recorded =
            recorded.answer.map_err(|why| self.recorded_refused.push(format!("{operation} {version}: {why}"))).ok();
        self.add_answer(case, answers, &minimal, [full.as_ref(), recorded.as_ref()]);
        Ok(())
    }

    /// Keeps what the fake's mock found wrong in a drive: the answers that break their
    /// contract (counted: the fake answered what Atlas never would); and the requests the
    /// driver made that Atlas would refuse, with what the driver could not do on the way
    /// (listed: the driver's, not the fake's).
    fn note_problems(&mut self, operation: &str, version: &str, problems: Vec<String>) {
        for problem in problems {
            let line = format!("{operation} {version}: {problem}");
            if problem.starts_with("the fake answered") {
                self.contract.insert(line);
            } else {
                self.driver_problems.insert(line);
            }
        }
    }

    /// Adds the fields the fake omitted and invented against the real answers: omitted, those
    /// no answer carries (the fake never answers them); invented, those of the answer to
    /// the minimal request (the fake answered them unasked).
    fn add_answer(&mut self, case: &Case, answers: &[Value], minimal: &Value, others: [Option<&Value>; 2]) {
        let (operation, version) = (case.operation_id, case.version);
        let ours: Vec<&Value> = std::iter::once(minimal).chain(others.into_iter().flatten()).collect();
        let answers: Vec<Value> = answers.iter().map(|real| of_kinds_answered(real, &ours)).collect();
        let real_sets: Vec<Fields> = answers.iter().map(fields).collect();
        let mut answered = fields(minimal);
        for (path, kinds) in others.into_iter().flatten().flat_map(fields) {
            answered.entry(path).or_default().extend(kinds);
        }
        let omitted = differences(&real_sets, &answered).0;
        let (unasked, invented) = differences(&real_sets, &fields(minimal));
        // Fields every real answer carries that the fake answers only when the caller sends
        // them: Atlas may fill them by default (a cluster's `retainBackups`), or echo them.
        let when_sent: Vec<String> = unasked.into_iter().filter(|path| !omitted.contains(path)).collect();
        let template = case.path.as_str().strip_prefix(PREFIX).unwrap_or(case.path.as_str());
        self.lines.push(format!(
            "{operation} {version} ({} {template}, {} real answers): omitted {}{}; invented {}{}; only when sent {}{}",
            case.method.as_str(),
            answers.len(),
            omitted.len(),
            few(&omitted),
            invented.len(),
            few(&invented),
            when_sent.len(),
            few(&when_sent)
        ));
        self.when_sent += when_sent.len();
        self.rows.push((format!("{operation} {version}"), omitted.len(), invented.len()));
    }

    fn omitted(&self) -> usize {
        self.rows.iter().map(|r| r.1).sum()
    }

    fn invented(&self) -> usize {
        self.rows.iter().map(|r| r.2).sum()
    }

    /// The report: the totals, the worst operations, per operation, and those not driven.
    fn summary(&self) -> Vec<String> {
        let mut summary = vec![format!(
            "parity-shapes: {} stateful operation versions with real 2xx answers, {} driven, {} not; \
             {} fields omitted, {} invented; {} answered only when sent; {} answers break their contract",
            self.considered,
            self.rows.len(),
            self.not_driven.len(),
            self.omitted(),
            self.invented(),
            self.when_sent,
            self.contract.len()
        )];
        summary.push(self.worst());
        summary.push("per operation:".to_owned());
        summary.extend(self.lines.iter().map(|l| format!("  {l}")));
        if !self.not_driven.is_empty() {
            summary.push("not driven:".to_owned());
            summary.extend(self.not_driven.iter().map(|l| format!("  {l}")));
        }
        if !self.full_refused.is_empty() {
            summary.push(format!(
                "refused with every optional field set ({}; only the minimal request counts):",
                self.full_refused.len()
            ));
            summary.extend(self.full_refused.iter().map(|l| format!("  {l}")));
        }
        if !self.contract.is_empty() {
            summary.push(format!("answers that break their contract ({}):", self.contract.len()));
            summary.extend(self.contract.iter().map(|l| format!("  {}", short_line(l))));
        }
        if !self.driver_problems.is_empty() {
            let problems = self.driver_problems.len();
            summary.push(format!("the driver's requests Atlas would refuse, and what it could not do ({problems}):"));
            summary.extend(self.driver_problems.iter().map(|l| format!("  {}", short_line(l))));
        }
        if !self.recorded_refused.is_empty() {
            summary.push(format!("refused as recorded ({}; the other requests count):", self.recorded_refused.len()));
            summary.extend(self.recorded_refused.iter().map(|l| format!("  {l}")));
        }
        if !self.undocumented.is_empty() {
            summary.push(format!(
                "set aside: {} fields of real answers the spec does not document (no generated type holds them):",
                self.undocumented.len()
            ));
            summary.extend(self.undocumented.iter().map(|(field, n)| format!("  {field} ({n} answers)")));
        }
        summary
    }

    /// The eight operation versions with the most fields omitted and invented.
    fn worst(&self) -> String {
        let mut worst = self.rows.clone();
        worst.sort_by(|a, b| (b.1 + b.2).cmp(&(a.1 + a.2)).then(a.0.cmp(&b.0)));
        format!(
            "worst: {}",
            worst
                .iter()
                .take(8)
                .map(|(op, o, i)| format!("{op} ({o} omitted, {i} invented)"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }

    /// The counts against the floor: the failures, and the lines saying what improved.
    fn check_floor(&self) -> Result<(Vec<String>, Vec<String>), String> {
        let floor = Floor::load()?;
        Ok(floor.check(
            "shapes",
            &[
                Measure { key: "driven", value: self.rows.len(), at_least: true },
                Measure { key: "omitted", value: self.omitted(), at_least: false },
                Measure { key: "invented", value: self.invented(), at_least: false },
                Measure { key: "only_when_sent", value: self.when_sent, at_least: false },
                Measure { key: "contract_broken", value: self.contract.len(), at_least: false },
            ],
        ))
    }
}

/// The real items the recorded drive writes: of each answer its item, of a page or an array
/// its items; as few as carry between them every field any of them has (a list's fields are
/// its items' together), at most four.
fn covering(answers: &[Value]) -> Vec<Value> {
    let items: Vec<&Value> = answers
        .iter()
        .flat_map(|answer| match answer {
            Value::Array(items) => items.iter().collect::<Vec<_>>(),
            Value::Object(map) if map.get("results").is_some_and(Value::is_array) => {
                map["results"].as_array().into_iter().flatten().collect()
            }
            other => vec![other],
        })
        .filter(|item| item.is_object())
        .collect();
    let mut covered: BTreeSet<String> = BTreeSet::new();
    let mut chosen = Vec::new();
    // The first of the items that add the most (`max_by_key` keeps the last of equals).
    while chosen.len() < 4 {
        let gain = |item: &Value| fields(item).into_keys().filter(|path| !covered.contains(path)).count();
        let Some(best) = items.iter().copied().rev().max_by_key(|item| gain(item)).filter(|item| gain(item) > 0) else {
            break;
        };
        covered.extend(fields(best).into_keys());
        chosen.push(best.clone());
    }
    chosen
}

/// A line of at most 300 characters.
fn short_line(line: &str) -> String {
    let mut short: String = line.chars().take(300).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    short
}

/// What tells the kinds of a page's items apart (an event's type): each kind carries fields of
/// its own (a team's event its `teamId`, an API key's its `targetPublicKey`).
const KIND: &str = "eventTypeName";

/// `real`, a real page, with only the items of the kinds the fake's pages (`ours`) hold, so
/// that a kind is compared with the same kind; as it is when the fake's hold no kind, or the
/// real page none of theirs.
fn of_kinds_answered(real: &Value, ours: &[&Value]) -> Value {
    let items = |page: &Value| page.get("results").and_then(Value::as_array).cloned().unwrap_or_default();
    let kinds: BTreeSet<String> = ours
        .iter()
        .flat_map(|page| items(page))
        .filter_map(|item| item.get(KIND)?.as_str().map(str::to_owned))
        .collect();
    let same: Vec<Value> = items(real)
        .into_iter()
        .filter(|item| item.get(KIND).and_then(Value::as_str).is_some_and(|k| kinds.contains(k)))
        .collect();
    if same.is_empty() {
        return real.clone();
    }
    let mut page = real.clone();
    page["results"] = Value::Array(same);
    page
}

/// The first few of a list, for a line.
fn few(items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let shown: Vec<&str> = items.iter().take(8).map(String::as_str).collect();
    let more = items.len().saturating_sub(8);
    format!(" ({}{})", shown.join(", "), if more > 0 { format!(", +{more}") } else { String::new() })
}

/// The fields every real answer carries that the fake's lacks, and those the fake answers
/// that no real answer has, each at its outermost path.
pub fn differences(real: &[Fields], ours: &Fields) -> (Vec<String>, Vec<String>) {
    let always: BTreeSet<&String> = match real.split_first() {
        Some((first, rest)) => first.keys().filter(|path| rest.iter().all(|set| set.contains_key(*path))).collect(),
        None => BTreeSet::new(),
    };
    let any: BTreeSet<&String> = real.iter().flat_map(|set| set.keys()).collect();
    let omitted = outermost(always.into_iter().filter(|path| !ours.contains_key(*path)).cloned().collect());
    let invented = outermost(ours.keys().filter(|path| !any.contains(path)).cloned().collect());
    (omitted, invented)
}

#[cfg(test)]
mod tests {
    use super::super::fields;
    use super::differences;
    use serde_json::json;

    #[test]
    fn the_items_written_cover_every_field_real_items_have_with_as_few_as_can() {
        let page = json!({"results": [{"a": 1}, {"a": 1, "b": 2}, {"c": 3}, {"a": 2, "b": 3}]});
        let chosen = super::covering(&[page, json!({"a": 1})]);
        assert_eq!(chosen, [json!({"a": 1, "b": 2}), json!({"c": 3})]);
    }

    #[test]
    fn a_page_of_kinds_is_compared_kind_by_kind() {
        let real = json!({"results": [{"eventTypeName": "GROUP_CREATED", "groupId": "g", "apiKeyId": "k"},
            {"eventTypeName": "TEAM_CREATED", "teamId": "t"}]});
        let ours = json!({"results": [{"eventTypeName": "GROUP_CREATED", "groupId": "h"}]});
        let (omitted, _) = differences(&[fields(&super::of_kinds_answered(&real, &[&ours]))], &fields(&ours));
        assert_eq!(omitted, ["$.results[].apiKeyId"], "a team's `teamId` is not a group event's");
        let none = json!({"results": []});
        assert_eq!(super::of_kinds_answered(&real, &[&none]), real, "no kind answered: the whole page");
    }

    #[test]
    fn omitted_is_what_every_real_answer_has_and_invented_what_none_has() {
        let real = [
            fields(&json!({"id": "a", "name": "x", "mongoURI": "m", "links": []})),
            fields(&json!({"id": "b", "name": "y", "paused": false, "links": [{"href": "h"}]})),
        ];
        let ours = fields(&json!({"name": "z", "paused": true, "fakeOnly": {"a": 1}}));
        let (omitted, invented) = differences(&real, &ours);
        assert_eq!(omitted, ["$.id", "$.links"]);
        assert_eq!(invented, ["$.fakeOnly"]);
    }
}
