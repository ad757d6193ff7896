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

pub fn run() -> Result<Outcome, String> {
    let spec = super::load_spec()?;
    let mut sites = Vec::new();
    collect(&spec, "#".to_owned(), &mut sites);
    let mut declared = std::collections::HashSet::new();
    declared_properties(&spec, &mut declared);
    let mut undeclared = 0;
    let typed: std::collections::HashSet<&str> = atlas_api::testkit::example_pointers().into_iter().collect();

    let (mut checked, mut failures, mut untyped) = (0, Vec::new(), Vec::new());
    for site in sites {
        let result = if typed.contains(site.pointer.as_str()) {
            atlas_api::testkit::example(&site.pointer, site.value.clone())
                .map(|r| r.and_then(|back| same(&site.value, &back, &declared, &mut undeclared)))
        } else if is_error_response(&site.pointer) {
            Some(api_error(&site.value))
        } else {
            None
        };
        match result {
            Some(Ok(())) => checked += 1,
            Some(Err(reason)) => {
                checked += 1;
                failures.push(format!("{} ({}): {reason}", site.pointer, site.label));
            }
            None => untyped.push(site.pointer),
        }
    }
    let summary = format!(
        "examples: {checked} checked, {} passed, {} failed ({} more sit in schemas no operation uses, so no type is \
         generated for them; {undeclared} fields no schema declares were ignored, as decoding does)",
        checked - failures.len(),
        failures.len(),
        untyped.len()
    );
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

fn api_error(value: &Value) -> Result<(), String> {
    let error: atlas_api::ApiError =
        serde_json::from_value(value.clone()).map_err(|e| format!("not an ApiError: {e}"))?;
    match (value.get("errorCode").and_then(Value::as_str), error.error_code.as_deref()) {
        (Some(expected), Some(got)) if expected != got => Err(format!("errorCode {expected} read as {got}")),
        _ => Ok(()),
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
