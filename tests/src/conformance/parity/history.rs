//! When the spec came to document what the fake answers: `tests/spec-history.toml`, written by
//! `cargo xtask conformance spec-history` from older dated specs, so that `parity-sequences`
//! can tell a field Atlas had not yet added on the day of a capture from one the fake invents.
//!
//! The fake answers as the spec at hand describes Atlas. A capture recorded before Atlas added
//! a field (TLS 1.3's cipher list, a region's effective specs) lacks it in every answer, and
//! the fake's answer carries it. Such a field is set aside (and listed) when the first dated
//! spec to document it, after the last one without it, is later than the capture's day:
//! Atlas had not documented it then, and the capture shows it did not answer it. Where the
//! dated specs leave months between them, that first spec may come some weeks after Atlas
//! added the field: so a field a capture of the same day or earlier carries in its answer to
//! the same call still counts against the fake (`parity-sequences` checks that), as does
//! one the specs documented by the capture's day.
//!
//! Each entry is a fact of the specs (a call, a JSON path, two dates), never their prose.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::PREFIX;
use crate::conformance::documented::{response_schema, Position, Spec};

/// How deep a path is followed into the schemas (recursive schemas end here).
const MAX_DEPTH: usize = 12;

/// Per call ([`super::call_key`]), the paths the spec at hand documents that an older dated
/// spec did not, each with the day of the last spec without it and of the first spec after
/// that one with the call (`None`: only the spec at hand), which documents it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct History {
    calls: BTreeMap<String, BTreeMap<String, Since>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Since {
    pub last_without: String,
    pub first_with: Option<String>,
}

impl History {
    /// The committed table.
    pub fn path() -> PathBuf {
        crate::conformance::workspace_root().join("tests").join("spec-history.toml")
    }

    pub fn load() -> Result<Self, String> {
        let path = Self::path();
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        Self::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        let table: BTreeMap<String, BTreeMap<String, Vec<String>>> = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut calls = BTreeMap::new();
        for (call, paths) in table {
            let mut entries = BTreeMap::new();
            for (path, days) in paths {
                let since = match days.as_slice() {
                    [last] => Since { last_without: last.clone(), first_with: None },
                    [last, first] => Since { last_without: last.clone(), first_with: Some(first.clone()) },
                    _ => return Err(format!("{call} {path}: one or two days, not {days:?}")),
                };
                entries.insert(path, since);
            }
            calls.insert(call, entries);
        }
        Ok(Self { calls })
    }

    /// The table as TOML, in a stable order.
    pub fn to_toml(&self, header: &str) -> String {
        let mut out = header.to_owned();
        for (call, paths) in &self.calls {
            out.push_str(&format!("\n[{}]\n", quoted(call)));
            for (path, since) in paths {
                let days = match &since.first_with {
                    Some(first) => format!("[{}, {}]", quoted(&since.last_without), quoted(first)),
                    None => format!("[{}]", quoted(&since.last_without)),
                };
                out.push_str(&format!("{} = {days}\n", quoted(path)));
            }
        }
        out
    }

    /// Whether `path` of the answer to `call`, or what it lies under, was first documented
    /// after `day` (`YYYY-MM-DD`): the entry that says so, if any.
    pub fn newer_than(&self, call: &str, path: &str, day: &str) -> Option<(&str, &Since)> {
        let paths = self.calls.get(call)?;
        prefixes(path).find_map(|prefix| {
            let (key, since) = paths.get_key_value(prefix)?;
            since.first_with.as_deref().is_none_or(|first| first > day).then_some((key.as_str(), since))
        })
    }

    /// The entries the spec at hand `current` does not bear out: a call it no longer answers in
    /// its version, or a path it does not document there (the table is older than the spec:
    /// write it again).
    pub fn stale(&self, current: &Value) -> Vec<String> {
        let spec = Spec::of(current);
        let mut stale = Vec::new();
        for (call, paths) in &self.calls {
            let mut parts = call.splitn(3, ' ');
            let (Some(method), Some(bare), Some(version)) = (parts.next(), parts.next(), parts.next()) else {
                stale.push(format!("{call}: not `METHOD template version`"));
                continue;
            };
            let template = format!("{PREFIX}{bare}");
            let Some(schema) = success_schema(current, &method.to_ascii_lowercase(), &template, version) else {
                stale.push(format!("{call}: the spec at hand answers no such call"));
                continue;
            };
            let at = spec.position(Some(schema));
            let undocumented = paths.keys().filter(|path| first_undocumented(&spec, &at, path).is_some());
            stale.extend(undocumented.map(|path| format!("{call} {path}: not documented by the spec at hand")));
        }
        stale
    }

    pub fn len(&self) -> usize {
        self.calls.values().map(BTreeMap::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// `$.a.b[].c`, then `$.a.b[]`, `$.a.b`, `$.a`.
fn prefixes(path: &str) -> impl Iterator<Item = &str> {
    let cuts = path.char_indices().filter(|(_, c)| matches!(c, '.' | '[')).map(|(at, _)| at).skip(1);
    std::iter::once(path).chain(cuts.collect::<Vec<_>>().into_iter().rev().map(move |at| &path[..at]))
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// The history of the `calls` (`(method, template, version)`, the template as the spec writes
/// it) between `older`, dated specs in any order, and `current`, the spec at hand.
pub fn build(current: &Value, older: &[(String, Value)], calls: &BTreeSet<(String, String, String)>) -> History {
    let mut dated: Vec<&(String, Value)> = older.iter().collect();
    dated.sort_by(|a, b| a.0.cmp(&b.0));
    let now = Spec::of(current);
    let mut history = History::default();
    for (method, template, version) in calls {
        let Some(schema) = success_schema(current, method, template, version) else { continue };
        let mut documented = BTreeSet::new();
        enumerate(&now, &now.position(Some(schema)), "$", 0, &mut documented);
        let entries = call_history(&documented, &dated, method, template, version);
        if !entries.is_empty() {
            history.calls.insert(super::call_key(method, template, version), entries);
        }
    }
    history
}

/// For each path of `documented` some dated spec lacks (its outermost missing part), the day
/// of the last spec without it and of the first after that with the call at all.
fn call_history(
    documented: &BTreeSet<String>,
    dated: &[&(String, Value)],
    method: &str,
    template: &str,
    version: &str,
) -> BTreeMap<String, Since> {
    let mut last_without: BTreeMap<String, &str> = BTreeMap::new();
    let mut having_call: Vec<&str> = Vec::new();
    for (day, root) in dated {
        let Some(schema) = success_schema(root, method, template, version) else { continue };
        having_call.push(day);
        let spec = Spec::of(root);
        let at = spec.position(Some(schema));
        let mut missing: BTreeSet<String> = BTreeSet::new();
        for path in documented {
            if prefixes(path).skip(1).any(|prefix| missing.contains(prefix)) {
                continue;
            }
            if let Some(absent) = first_undocumented(&spec, &at, path) {
                last_without.insert(absent.clone(), day);
                missing.insert(absent);
            }
        }
    }
    last_without
        .into_iter()
        .map(|(path, last)| {
            let first_with = having_call.iter().find(|day| **day > last).map(|day| (*day).to_owned());
            (path, Since { last_without: last.to_owned(), first_with })
        })
        .collect()
}

/// The success schema of a call in the dated `version`'s JSON media type.
fn success_schema<'a>(root: &'a Value, method: &str, template: &str, version: &str) -> Option<&'a Value> {
    response_schema(root, method, template, 200, &format!("application/vnd.atlas.{version}+json"))
}

/// Every path below `at` the spec documents, as `fields` writes them (`$.a.b[].c`).
fn enumerate(spec: &Spec<'_>, at: &Position<'_>, path: &str, depth: usize, out: &mut BTreeSet<String>) {
    if depth >= MAX_DEPTH {
        return;
    }
    for key in spec.keys(at) {
        let below = format!("{path}.{key}");
        if out.insert(below.clone()) {
            enumerate(spec, &spec.property(at, &key).position, &below, depth + 1, out);
        }
    }
    if spec.has_items(at) {
        let below = format!("{path}[]");
        if out.insert(below.clone()) {
            enumerate(spec, &spec.items(at), &below, depth + 1, out);
        }
    }
}

/// The outermost part of `path` the spec does not document below `at`, if any.
fn first_undocumented(spec: &Spec<'_>, at: &Position<'_>, path: &str) -> Option<String> {
    let mut at = at.clone();
    let mut walked = String::from("$");
    let rest = path.strip_prefix('$')?;
    for segment in segments(rest) {
        walked.push_str(segment);
        if segment == "[]" {
            at = spec.items(&at);
            continue;
        }
        let property = spec.property(&at, &segment[1..]);
        if !property.documented {
            return Some(walked);
        }
        at = property.position;
    }
    None
}

/// `.a.b[].c` as `.a`, `.b`, `[]`, `.c`.
fn segments(rest: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, c) in rest.char_indices().skip(1) {
        if matches!(c, '.' | '[') && !rest[start..at].ends_with('[') {
            out.push(&rest[start..at]);
            start = at;
        }
    }
    if start < rest.len() {
        out.push(&rest[start..]);
    }
    out
}

/// The older specs in `dir`: every `YYYY-MM-DD*.yaml` (or `.json`), dated by its name.
pub fn read_dated(dir: &Path) -> Result<Vec<(String, Value)>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths = entries.map(|entry| entry.map(|e| e.path())).collect::<Result<Vec<_>, _>>();
    let paths = paths.as_mut().map_err(|e| e.to_string())?;
    // In the order of their names, so that specs of one day are read alike every time.
    paths.sort();
    let mut out = Vec::new();
    for path in paths.iter() {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        let day = name.get(..10).filter(|day| is_day(day));
        let (Some(day), true) = (day, name.ends_with(".yaml") || name.ends_with(".json")) else { continue };
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let root: Value = serde_norway::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        out.push((day.to_owned(), root));
    }
    Ok(out)
}

fn is_day(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::{json, Value};

    use super::{build, prefixes, segments, History};

    fn spec(properties: Value) -> Value {
        json!({"paths": {"/api/atlas/v2/things/{id}": {"get": {"responses": {"200": {"content": {
            "application/vnd.atlas.2024-08-05+json": {"schema": {"$ref": "#/components/schemas/T"}}}}}}}},
            "components": {"schemas": {"T": {"type": "object", "properties": properties}}}})
    }

    fn calls() -> BTreeSet<(String, String, String)> {
        [("get".to_owned(), "/api/atlas/v2/things/{id}".to_owned(), "2024-08-05".to_owned())].into()
    }

    #[test]
    fn paths_split_into_their_prefixes_and_segments() {
        assert_eq!(prefixes("$.a.b[].c").collect::<Vec<_>>(), ["$.a.b[].c", "$.a.b[]", "$.a.b", "$.a"]);
        assert_eq!(segments(".a.b[].c"), [".a", ".b", "[]", ".c"]);
        assert_eq!(segments(".a[][]"), [".a", "[]", "[]"]);
    }

    #[test]
    fn a_field_is_dated_by_the_last_spec_without_it_and_the_first_after_with_it() {
        let specs = |props: Value| spec(props);
        let older = vec![
            ("2025-01-01".to_owned(), specs(json!({"name": {"type": "string"}}))),
            (
                "2025-03-01".to_owned(),
                specs(json!({"name": {"type": "string"}, "tls": {"type": "object",
                "properties": {"ciphers": {"type": "array", "items": {"type": "string"}}}}})),
            ),
            ("2025-02-01".to_owned(), specs(json!({"name": {"type": "string"}, "tls": {"type": "object"}}))),
        ];
        let current = specs(json!({"name": {"type": "string"}, "effective": {"type": "object", "properties": {
            "size": {"type": "string"}}}, "tls": {"type": "object", "properties": {"ciphers": {"type": "array",
            "items": {"type": "string"}}}}}));
        let history = build(&current, &older, &calls());
        let call = "GET /things/{id} 2024-08-05";
        // `tls` is in 2025-02-01 but free there (everything below it documented), so only its
        // absence on 2025-01-01 counts; `effective` is only in the spec at hand.
        let tls = history.newer_than(call, "$.tls.ciphers", "2025-01-01").expect("that day's spec lacks it");
        assert_eq!(
            (tls.0, tls.1.last_without.as_str(), tls.1.first_with.as_deref()),
            ("$.tls", "2025-01-01", Some("2025-02-01"))
        );
        assert!(history.newer_than(call, "$.tls.ciphers", "2025-01-15").is_some(), "documented from February");
        assert!(history.newer_than(call, "$.tls.ciphers", "2025-02-01").is_none(), "documented by that day");
        assert!(history.newer_than(call, "$.effective.size", "2026-01-01").is_some(), "only the spec at hand has it");
        assert!(history.newer_than(call, "$.name", "2024-01-01").is_none(), "always documented");
        assert_eq!(History::parse(&history.to_toml("# test\n")).expect("reads back"), history);
        assert!(history.stale(&current).is_empty());
        let older_current = specs(json!({"name": {"type": "string"}}));
        let stale = history.stale(&older_current);
        assert!(stale.iter().any(|s| s.contains("$.effective") && s.contains("not documented")), "{stale:?}");
        let gone = history.stale(&json!({"paths": {}}));
        assert!(gone.iter().any(|s| s.contains("answers no such call")), "{gone:?}");
        for bad in
            ["[\"GET /x 2024-08-05\"]\n\"$.a\" = []\n", "[\"GET /x 2024-08-05\"]\n\"$.a\" = [\"1\", \"2\", \"3\"]\n"]
        {
            assert!(History::parse(bad).unwrap_err().contains("one or two days"), "{bad}");
        }
    }
}
