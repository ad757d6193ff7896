//! `parity`: how closely the stateful fake (`atlas_api::fake::FakeAtlas`) answers as the real
//! Atlas does. Two measures, each against a floor committed in `tests/parity-floor.toml`:
//!
//! - [`sequences`] replays the Terraform provider's recorded Atlas traffic (`ATLAS_CAPTURES`)
//!   against a fresh fake per capture file and compares each answer's status and field set;
//! - [`shapes`] drives the fake through a create and then each operation it answers from its
//!   state that `ATLAS_RECORDED` holds real 2xx answers of, and lists the fields every real
//!   answer carries that the fake's lacks ("omitted") and those it answers that no real answer
//!   has ("invented").
//!
//! Both talk to the fake as raw HTTP (as Atlas is called), through its public API only.

pub mod history;
pub mod sequences;
mod session;
pub mod shapes;
pub mod spec_history;

pub use self::session::{Answer, Session};

use std::collections::{BTreeMap, BTreeSet};

use atlas_api::fake::FakeAtlas;
use atlas_api::{PathTemplate, Segment};
use serde_json::Value;

/// The Atlas Admin API's path prefix.
const PREFIX: &str = "/api/atlas/v2";

/// The JSON paths of a value with the JSON types found there: `$.a.b[].c`, arrays collapsed
/// to `[]` (the union of their items' fields), `null` values left out (Atlas sends `null`
/// for unset optionals).
pub type Fields = BTreeMap<String, BTreeSet<&'static str>>;

pub fn fields(value: &Value) -> Fields {
    let mut out = Fields::new();
    walk(value, "$".to_owned(), &mut out);
    out
}

fn walk(value: &Value, path: String, out: &mut Fields) {
    let kind = match value {
        Value::Null => return,
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(items) => {
            for item in items {
                walk(item, format!("{path}[]"), out);
            }
            "array"
        }
        Value::Object(map) => {
            for (key, item) in map {
                walk(item, format!("{path}.{key}"), out);
            }
            "object"
        }
    };
    out.entry(path).or_default().insert(kind);
}

/// Where two field sets differ, from the real answer's side.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldDiff {
    /// Paths the real answer has and the fake's lacks.
    pub missing: Vec<String>,
    /// Paths the fake answers and the real answer lacks.
    pub extra: Vec<String>,
    /// Paths both have, with other types: `path (real string, fake number)`.
    pub types: Vec<String>,
}

impl FieldDiff {
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.extra.is_empty() && self.types.is_empty()
    }

    /// The first few differences of each kind, for a developer to act on.
    pub fn describe(&self, few: usize) -> String {
        let list = |what: &str, items: &[String]| {
            (!items.is_empty()).then(|| {
                let shown: Vec<&str> = items.iter().take(few).map(String::as_str).collect();
                let more = items.len().saturating_sub(few);
                let more = if more > 0 { format!(" (+{more})") } else { String::new() };
                format!("{what}: {}{more}", shown.join(", "))
            })
        };
        [list("missing in fake", &self.missing), list("extra in fake", &self.extra), list("type differs", &self.types)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("; ")
    }
}

pub fn compare(real: &Fields, fake: &Fields) -> FieldDiff {
    let mut diff = FieldDiff::default();
    for (path, kinds) in real {
        match fake.get(path) {
            None => diff.missing.push(path.clone()),
            Some(theirs) if theirs != kinds => diff.types.push(format!(
                "{path} (real {}, fake {})",
                kinds.iter().copied().collect::<Vec<_>>().join("|"),
                theirs.iter().copied().collect::<Vec<_>>().join("|")
            )),
            Some(_) => {}
        }
    }
    diff.extra = fake.keys().filter(|path| !real.contains_key(*path)).cloned().collect();
    // A parent that is missing says it for its children: keep the shortest paths first.
    diff.missing = outermost(std::mem::take(&mut diff.missing));
    diff.extra = outermost(std::mem::take(&mut diff.extra));
    diff
}

/// The operation versions (operation id, version) the fake answers from its state.
pub async fn stateful_operations() -> BTreeSet<(String, String)> {
    let fake = FakeAtlas::start().await;
    fake.stateful_operations().into_iter().map(|(id, v)| (id.to_owned(), v.to_owned())).collect()
}

/// How a call is named in reports and in `tests/spec-history.toml`: `GET /groups/{groupId} 2023-01-01`
/// (the method in capitals, the template as the spec writes it without the API's prefix).
pub fn call_key(method: &str, template: &str, version: &str) -> String {
    format!("{} {} {version}", method.to_ascii_uppercase(), template.strip_prefix(PREFIX).unwrap_or(template))
}

/// Whether `path` lies under `parent` (`$.a.b` and `$.a[]` under `$.a`).
fn is_under(path: &str, parent: &str) -> bool {
    path.len() > parent.len() && path.starts_with(parent) && matches!(path.as_bytes()[parent.len()], b'.' | b'[')
}

/// The spec at hand, to set aside what it does not document of a real answer: the fake answers
/// as the spec describes Atlas, and its contract check refuses a field no generated type holds
/// (a field Atlas answered before the spec dropped it, or added before the spec caught up).
pub struct Documented {
    root: Value,
}

impl Documented {
    pub fn load() -> Result<Self, String> {
        Ok(Self { root: crate::conformance::load_spec()? })
    }

    /// The spec itself.
    pub fn root(&self) -> &Value {
        &self.root
    }

    /// `real`, Atlas's answer to `method` `template` (as the spec writes it) with `status` in
    /// the dated `version`, less what the spec does not document there; and the outermost
    /// paths set aside. Kept whole when it is not a success or the spec documents no such answer.
    pub fn answer(
        &self,
        method: &str,
        template: &str,
        status: u16,
        version: &str,
        real: &Value,
    ) -> (Value, Vec<String>) {
        use crate::conformance::documented::{response_schema, Spec};
        let media_type = format!("application/vnd.atlas.{version}+json");
        let schema =
            (200..300).contains(&status).then(|| response_schema(&self.root, method, template, status, &media_type));
        let Some(schema) = schema.flatten() else {
            return (real.clone(), Vec::new());
        };
        let spec = Spec::of(&self.root);
        let kept = spec.documented(&spec.position(Some(schema)), real);
        let kept_fields = fields(&kept);
        let aside: Vec<String> = fields(real).into_keys().filter(|path| !kept_fields.contains_key(path)).collect();
        (kept, outermost(aside))
    }
}

/// The paths of `paths` that no other of them is under: a missing object named once, not
/// each field in it.
pub fn outermost(paths: Vec<String>) -> Vec<String> {
    let all: BTreeSet<String> = paths.iter().cloned().collect();
    paths.into_iter().filter(|path| !all.iter().any(|parent| is_under(path, parent))).collect()
}

/// Whether `text` is an Atlas id: 24 hex digits.
pub fn is_id(text: &str) -> bool {
    text.len() == 24 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Learns which id the fake gave for each id Atlas gave: walks the recorded answer and the
/// fake's side by side (the same object key, the same array position) and maps every recorded
/// id (24 hex digits, or a capture's `{variable}` placeholder for one, as `id_like` says) to
/// the string the fake answers at the same place. The first mapping of a recorded id stays.
pub fn map_ids(recorded: &Value, fake: &Value, id_like: &dyn Fn(&str) -> bool, ids: &mut BTreeMap<String, String>) {
    match (recorded, fake) {
        (Value::String(real), Value::String(ours)) if id_like(real) && real != ours => {
            ids.entry(real.clone()).or_insert_with(|| ours.clone());
        }
        (Value::Object(real), Value::Object(ours)) => {
            for (key, value) in real {
                if let Some(theirs) = ours.get(key) {
                    map_ids(value, theirs, id_like, ids);
                }
            }
        }
        (Value::Array(real), Value::Array(ours)) => {
            for (value, theirs) in real.iter().zip(ours) {
                map_ids(value, theirs, id_like, ids);
            }
        }
        _ => {}
    }
}

/// The operation versions the client knows, to name what a request calls.
pub struct Router {
    cases: Vec<crate::testkit_support::Case>,
}

impl Router {
    pub fn new() -> Self {
        Self { cases: crate::atlas::testkit::cases() }
    }

    pub fn cases(&self) -> &[crate::testkit_support::Case] {
        &self.cases
    }

    /// The operation version a request calls: its method, its path (without the query) and
    /// the dated version of its `Accept`; the template with the most literal text wins
    /// (`/clusters/tenantUpgrade` over `/clusters/{clusterName}`). Without `version`, any.
    pub fn route(&self, method: &str, path: &str, version: Option<&str>) -> Option<&crate::testkit_support::Case> {
        self.cases
            .iter()
            .filter(|case| case.method.as_str().eq_ignore_ascii_case(method))
            .filter(|case| version.is_none_or(|v| case.version == v))
            .filter(|case| case.path.matches(path))
            .max_by_key(|case| literal_text(&case.path))
    }
}

impl Default for Router {
    fn default() -> Self {
        Self::new()
    }
}

fn literal_text(template: &PathTemplate) -> usize {
    template
        .segments()
        .iter()
        .map(|segment| match segment {
            Segment::Literal(text) => text.len(),
            Segment::Param { prefix, suffix, .. } => prefix.len() + suffix.len(),
            _ => 0,
        })
        .sum()
}

/// The collection a path template addresses, to group results by: the template without the
/// API prefix and without a trailing item parameter (`/groups/{groupId}/clusters` for a
/// cluster and for the list of them).
pub fn resource_of(template: &str) -> String {
    let path = template.split('?').next().unwrap_or_default();
    let path = path.strip_prefix(PREFIX).unwrap_or(path);
    match path.rsplit_once('/') {
        Some((collection, last)) if last.starts_with('{') && last.ends_with('}') && !collection.is_empty() => {
            collection.to_owned()
        }
        _ => path.to_owned(),
    }
}

/// `tests/parity-floor.toml`: the numbers a change must not make worse.
pub struct Floor {
    table: toml::Table,
}

/// A measured number against the floor: `at_least` for counts that must not drop, else a
/// ceiling that must not rise.
pub struct Measure<'a> {
    pub key: &'a str,
    pub value: usize,
    pub at_least: bool,
}

impl Floor {
    pub fn path() -> std::path::PathBuf {
        super::workspace_root().join("tests/parity-floor.toml")
    }

    pub fn load() -> Result<Self, String> {
        let path = Self::path();
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let table = text.parse().map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Self { table })
    }

    /// Failures for every measure worse than the floor of `section`, and notes for those
    /// better (the floor should be raised to keep the gain).
    pub fn check(&self, section: &str, measures: &[Measure<'_>]) -> (Vec<String>, Vec<String>) {
        let mut failures = Vec::new();
        let mut improved = Vec::new();
        let floor = self.table.get(section).and_then(toml::Value::as_table);
        for measure in measures {
            let Some(bound) = floor.and_then(|t| t.get(measure.key)).and_then(toml::Value::as_integer) else {
                failures.push(format!(
                    "tests/parity-floor.toml has no [{section}] {}: add `{} = {}`",
                    measure.key, measure.key, measure.value
                ));
                continue;
            };
            let bound = usize::try_from(bound).unwrap_or(0);
            let (worse, better) = if measure.at_least {
                (measure.value < bound, measure.value > bound)
            } else {
                (measure.value > bound, measure.value < bound)
            };
            let kind = if measure.at_least { "floor" } else { "ceiling" };
            if worse {
                failures.push(format!(
                    "[{section}] {} is {}, worse than the {kind} {bound} in tests/parity-floor.toml",
                    measure.key, measure.value
                ));
            } else if better {
                improved.push(format!("{} = {} (was {bound})", measure.key, measure.value));
            }
        }
        let improved = if improved.is_empty() {
            Vec::new()
        } else {
            vec![format!(
                "improved: set these under [{section}] in tests/parity-floor.toml to keep the gain: {}",
                improved.join(", ")
            )]
        };
        (failures, improved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn field_sets_collapse_arrays_and_ignore_nulls() {
        let value = json!({"id": "a", "n": 1, "gone": null, "tags": [{"k": "x"}, {"v": true}], "empty": [], "o": {}});
        let got: Vec<(String, Vec<&str>)> =
            fields(&value).into_iter().map(|(path, kinds)| (path, kinds.into_iter().collect())).collect();
        let want = [
            ("$", vec!["object"]),
            ("$.empty", vec!["array"]),
            ("$.id", vec!["string"]),
            ("$.n", vec!["number"]),
            ("$.o", vec!["object"]),
            ("$.tags", vec!["array"]),
            ("$.tags[]", vec!["object"]),
            ("$.tags[].k", vec!["string"]),
            ("$.tags[].v", vec!["bool"]),
        ];
        let want: Vec<(String, Vec<&str>)> = want.into_iter().map(|(p, k)| (p.to_owned(), k)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn comparison_names_missing_extra_and_retyped_fields_once() {
        let real = fields(&json!({"_id": "x", "links": [{"href": "h"}], "size": 10, "state": null}));
        let fake = fields(&json!({"id": "x", "links": [{"href": "h"}], "size": "10", "state": "IDLE"}));
        let diff = compare(&real, &fake);
        assert_eq!(diff.missing, ["$._id"]);
        assert_eq!(diff.extra, ["$.id", "$.state"]);
        assert_eq!(diff.types, ["$.size (real number, fake string)"]);
        // A missing object is named once, not with each field under it.
        let diff = compare(&fields(&json!({"a": {"b": 1, "c": [1]}})), &fields(&json!({})));
        assert_eq!(diff.missing, ["$.a"]);
        assert!(compare(&real, &real).is_empty());
    }

    #[test]
    fn ids_map_by_position_and_placeholders_too() {
        let recorded = json!({
            "id": "67d01a24f610961835455eb1",
            "groupId": "{groupId}",
            "name": "{clusterName}",
            "results": [{"id": "111111111111111111111111"}, {"id": "222222222222222222222222"}],
            "other": {"id": "333333333333333333333333"}
        });
        let fake = json!({
            "id": "aaaaaaaaaaaaaaaaaaaaaaaa",
            "groupId": "bbbbbbbbbbbbbbbbbbbbbbbb",
            "name": "c",
            "results": [{"id": "cccccccccccccccccccccccc"}],
            "other": []
        });
        let id_like = |text: &str| is_id(text) || text == "{groupId}";
        let mut ids = BTreeMap::new();
        ids.insert("111111111111111111111111".to_owned(), "kept".to_owned());
        map_ids(&recorded, &fake, &id_like, &mut ids);
        let want = [
            ("111111111111111111111111", "kept"),
            ("67d01a24f610961835455eb1", "aaaaaaaaaaaaaaaaaaaaaaaa"),
            ("{groupId}", "bbbbbbbbbbbbbbbbbbbbbbbb"),
        ];
        let want: BTreeMap<String, String> = want.into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
        assert_eq!(ids, want);
    }

    #[test]
    fn resources_are_collections() {
        assert_eq!(resource_of("/api/atlas/v2/groups/{groupId}/clusters/{clusterName}"), "/groups/{groupId}/clusters");
        assert_eq!(resource_of("/api/atlas/v2/groups/{groupId}/clusters"), "/groups/{groupId}/clusters");
        assert_eq!(resource_of("/api/atlas/v2/groups/{groupId}"), "/groups");
        assert_eq!(
            resource_of("/api/atlas/v2/groups/{groupId}/containers?providerName=AWS"),
            "/groups/{groupId}/containers"
        );
        assert_eq!(
            resource_of("/api/atlas/v2/orgs/{orgId}/resourcePolicies:validate"),
            "/orgs/{orgId}/resourcePolicies:validate"
        );
    }
}
