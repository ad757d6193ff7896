//! `examples`: every `example` in the spec (schema, property, parameter and media-type
//! level, and each entry of a media type's `examples`) decodes into its generated type and
//! encodes back to the same JSON.

use serde_json::Value;

use super::Outcome;

/// One example and where it sits.
struct Site {
    /// The node that carries the example.
    pointer: String,
    /// Which example of the node (`example`, or `examples/<name>/value`).
    label: String,
    value: Value,
}

/// Examples no generated type checks, each by the node that carries it, with the reason.
/// Each must still be found, and still have no type: otherwise the suite fails, so that
/// this list never outlives its reason.
const EXCLUDED: &[(&str, &str)] = &[
    (
        "#/paths/~1api~1atlas~1v2~1orgs~1{orgId}~1billing~1costExplorer~1usage~1{token}/get/responses/200/content/application~1vnd.atlas.2023-01-01+csv",
        "a CSV download: the client hands back the bytes as sent, there is no JSON to decode",
    ),
    (
        "#/paths/~1api~1atlas~1v2~1orgs~1{orgId}~1invoices~1{invoiceId}/get/responses/200/content/application~1vnd.atlas.2023-01-01+csv",
        "a CSV download: the client hands back the bytes as sent, there is no JSON to decode",
    ),
    (
        "#/paths/~1api~1atlas~1v2~1orgs~1{orgId}~1invoices~1{invoiceId}~1csv/get/responses/200/content/application~1vnd.atlas.2023-01-01+csv",
        "a CSV download: the client hands back the bytes as sent, there is no JSON to decode",
    ),
    (
        "#/paths/~1api~1atlas~1v2~1orgs~1{orgId}~1invoices~1{invoiceId}:generateAndDownloadReport/post/responses/200/content/application~1vnd.atlas.preview+gzip",
        "a gzip download: the client hands back the bytes as sent, there is no JSON to decode",
    ),
    (
        "#/components/schemas/ApiAtlasInvalidPolicyView/properties/body",
        "only ApiAtlasInvalidResourcePolicyCreateErrorView uses this schema, and only error responses use that: \
         errors decode into the runtime's ApiError, which keeps the whole body",
    ),
    (
        "#/components/schemas/SearchIndexDefinition/properties/storedSource",
        "only the own properties of the SearchIndexResponse discriminator base use this schema; the base is \
         generated as the union of its subtypes, whose `latestDefinition` fields have schemas of their own",
    ),
];

pub fn run() -> Result<Outcome, String> {
    let spec = super::load_spec()?;
    let mut sites = Vec::new();
    collect(&spec, "#".to_owned(), &mut sites);
    let mut declared = std::collections::HashSet::new();
    declared_properties(&spec, &mut declared);
    let mut undeclared = 0;
    let typed: std::collections::HashSet<&str> = crate::atlas::testkit::example_pointers().into_iter().collect();

    let (mut checked, mut errors, mut failures, mut excluded) = (0, 0, Vec::new(), Vec::new());
    // Exclusions that excused an example, so that one that excuses nothing is reported.
    let mut used = std::collections::HashSet::new();
    let total = sites.len();
    for site in sites {
        let name = format!("{} ({})", site.pointer, site.label);
        let exclusion = EXCLUDED.iter().find(|(pointer, _)| *pointer == site.pointer);
        let result = if typed.contains(site.pointer.as_str()) {
            if exclusion.is_some() {
                failures.push(format!("{name}: excluded, but a generated type checks it now: remove it from EXCLUDED"));
            }
            crate::atlas::testkit::example(&site.pointer, site.value.clone())
                .unwrap_or_else(|| Err("listed by example_pointers() but not decoded by example()".to_owned()))
                .and_then(|back| same(&site.value, &back, &declared, &mut undeclared))
        } else if is_error_response(&site.pointer) {
            errors += 1;
            api_error(&site.value)
        } else if let Some((pointer, why)) = exclusion {
            used.insert(*pointer);
            excluded.push(format!("  excluded {name}: {why}"));
            continue;
        } else {
            Err("no generated type checks this example: type it, or exclude it by name with the reason".to_owned())
        };
        checked += 1;
        if let Err(reason) = result {
            failures.push(format!("{name}: {reason}"));
        }
    }
    for (pointer, _) in EXCLUDED {
        if !used.contains(pointer) && !typed.contains(pointer) {
            failures.push(format!("{pointer}: excluded, but the spec has no example there: remove it from EXCLUDED"));
        }
    }
    let text = std::fs::read_to_string(super::spec_path()?).map_err(|e| e.to_string())?;
    failures.extend(super::census::check(
        "examples",
        checked + excluded.len(),
        super::census::examples_in_text(&text),
        "the spec's text",
    ));
    let mut summary = format!(
        "examples: {total} in the spec; {checked} checked ({errors} of them error documents, read as ApiError), \
         {} passed, {} failed; {} excluded; {undeclared} fields no schema declares were ignored, as decoding does",
        checked - failures.len().min(checked),
        failures.len(),
        excluded.len()
    );
    for line in excluded {
        summary.push('\n');
        summary.push_str(&line);
    }
    Ok(Outcome { summary, failures })
}

/// Every example below `node`; example values themselves are not searched.
fn collect(node: &Value, pointer: String, out: &mut Vec<Site>) {
    match node {
        Value::Object(map) => {
            if let Some(example) = map.get("example") {
                out.push(Site { pointer: pointer.clone(), label: "example".into(), value: example.clone() });
            }
            if pointer.contains("/content/") {
                for (name, example) in map.get("examples").and_then(Value::as_object).into_iter().flatten() {
                    if let Some(value) = example.get("value") {
                        out.push(Site {
                            pointer: pointer.clone(),
                            label: format!("examples/{name}"),
                            value: value.clone(),
                        });
                    }
                }
            }
            for (key, child) in map {
                if key == "example" || key == "examples" || key.starts_with("x-") {
                    continue;
                }
                collect(child, format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect(child, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Error documents are decoded by the runtime's `ApiError`, not a generated type.
fn is_error_response(pointer: &str) -> bool {
    pointer.starts_with("#/components/responses/")
        || pointer.split("/responses/").nth(1).is_some_and(|rest| rest.starts_with('4') || rest.starts_with('5'))
}

/// An error document must decode with the `errorCode` it carries; one without an
/// `errorCode` is not an Atlas error document, and fails.
fn api_error(value: &Value) -> Result<(), String> {
    let error: atlas_api::ApiError =
        serde_json::from_value(value.clone()).map_err(|e| format!("not an ApiError: {e}"))?;
    match (value.get("errorCode").and_then(Value::as_str), error.error_code.as_deref()) {
        (Some(expected), Some(got)) if expected == got => Ok(()),
        (Some(expected), got) => Err(format!("errorCode {expected} read as {got:?}")),
        (None, _) => Err("an error example with no errorCode".to_owned()),
    }
}

/// Every property name any schema of the spec declares.
fn declared_properties(node: &Value, out: &mut std::collections::HashSet<String>) {
    match node {
        Value::Object(map) => {
            if let Some(properties) = map.get("properties").and_then(Value::as_object) {
                out.extend(properties.keys().cloned());
            }
            for (key, child) in map {
                if key != "example" && key != "examples" {
                    declared_properties(child, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|child| declared_properties(child, out)),
        _ => {}
    }
}

/// Whether `back` (the re-encoded value) says what `example` says: numbers by value, times
/// by instant, `null` the same as absent, and fields the example leaves out may be filled.
/// A field no schema declares is ignored when decoding (by design), so its absence is
/// counted, not failed.
fn same(
    example: &Value,
    back: &Value,
    declared: &std::collections::HashSet<String>,
    undeclared: &mut usize,
) -> Result<(), String> {
    Comparison { declared, undeclared }.compare(example, back, String::new())
}

struct Comparison<'a> {
    declared: &'a std::collections::HashSet<String>,
    undeclared: &'a mut usize,
}

impl Comparison<'_> {
    fn compare(&mut self, example: &Value, back: &Value, path: String) -> Result<(), String> {
        let here = || if path.is_empty() { ".".to_owned() } else { path.clone() };
        match (example, back) {
            (Value::Object(a), Value::Object(b)) => {
                for (key, value) in a {
                    let child = format!("{path}.{key}");
                    match b.get(key) {
                        Some(other) => self.compare(value, other, child)?,
                        None if value.is_null() => {}
                        None if !self.declared.contains(key) => *self.undeclared += 1,
                        None => {
                            return Err(format!("`{}` was dropped when re-encoding", child.trim_start_matches('.')))
                        }
                    }
                }
                Ok(())
            }
            (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
                a.iter().zip(b).enumerate().try_for_each(|(i, (x, y))| self.compare(x, y, format!("{path}[{i}]")))
            }
            (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => Ok(()),
            (Value::String(a), Value::String(b)) if a == b || same_instant(a, b) => Ok(()),
            (a, b) if a == b => Ok(()),
            (a, b) => Err(format!("at `{}`: {a} came back as {b}", here())),
        }
    }
}

fn same_instant(a: &str, b: &str) -> bool {
    match (chrono::DateTime::parse_from_rfc3339(a), chrono::DateTime::parse_from_rfc3339(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
