//! Facts for rustdoc: where an item came from and what the spec constrains. Never the
//! spec's descriptions, which are under a license we do not ship.

use serde_json::Value;

use crate::diagnostics::Pointer;
use crate::shape::Shape;

/// Longest example value (as JSON) that is worth showing inline.
const MAX_EXAMPLE: usize = 100;

pub(super) fn type_facts(shape: &Shape, at: &Pointer, schema_name: Option<&str>) -> Vec<String> {
    let mut facts = vec![match schema_name {
        Some(name) => format!("Schema `{name}` (`{at}`)."),
        None => format!("Inline schema at `{at}`."),
    }];
    facts.push(value_facts(shape).join(" "));
    facts
}

/// What a schema's facts say of `readOnly`.
pub(super) const READ_ONLY: &str = "Read-only in the spec.";

/// Constraints, format, default, example and access of one schema.
pub(super) fn value_facts(shape: &Shape) -> Vec<String> {
    let mut facts = Vec::new();
    let data = shape.data;
    if data.deprecated {
        facts.push("Deprecated.".to_owned());
    }
    if data.read_only {
        facts.push(READ_ONLY.to_owned());
    }
    if data.write_only {
        facts.push("Write-only: sent, never returned.".to_owned());
    }
    if let Some(format) = &shape.format {
        facts.push(format!("Format: `{format}`."));
    }
    let c = &shape.constraints;
    if let Some(pattern) = &c.pattern {
        facts.push(format!("Pattern: `{}`.", code(pattern)));
    }
    if let Some(range) = range(c.min_length.map(|v| v as f64), c.max_length.map(|v| v as f64)) {
        facts.push(format!("Length: {range}."));
    }
    if let Some(range) = range(c.minimum, c.maximum) {
        facts.push(format!("Range: {range}."));
    }
    if let Some(range) = range(c.min_items.map(|v| v as f64), c.max_items.map(|v| v as f64)) {
        facts.push(format!("Items: {range}."));
    }
    if c.unique_items {
        facts.push("Items are unique.".to_owned());
    }
    if !shape.enumeration.is_empty() && shape.enumeration.iter().any(|v| !v.is_string()) {
        let values: Vec<String> = shape.enumeration.iter().map(|v| format!("`{}`", code(&v.to_string()))).collect();
        facts.push(format!("Allowed values: {}.", values.join(", ")));
    }
    if let Some(default) = &data.default {
        facts.push(format!("Default: `{}`.", code(&default.to_string())));
    }
    if let Some(example) = data.example.as_ref().map(Value::to_string) {
        if example.len() <= MAX_EXAMPLE {
            facts.push(format!("Example: `{}`.", code(&example)));
        }
    }
    if let Some(docs) = &data.external_docs {
        facts.push(format!("See <{}>.", docs.url));
    }
    facts
}

fn range(min: Option<f64>, max: Option<f64>) -> Option<String> {
    match (min, max) {
        (None, None) => None,
        (Some(min), None) => Some(format!("at least {min}")),
        (None, Some(max)) => Some(format!("at most {max}")),
        (Some(min), Some(max)) => Some(format!("{min} to {max}")),
    }
}

/// Keeps text inside a Markdown code span.
fn code(text: &str) -> String {
    text.replace('`', "'")
}

#[cfg(test)]
mod tests {
    use super::value_facts;
    use crate::shape::Shape;

    #[test]
    fn each_allowed_value_is_its_own_code_span() {
        let schema: openapiv3::Schema =
            serde_json::from_value(serde_json::json!({"type": "integer", "format": "int32", "enum": [1, -1]}))
                .expect("a schema");
        let facts = value_facts(&Shape::of(&schema));
        assert!(facts.contains(&"Allowed values: `1`, `-1`.".to_owned()), "{facts:?}");
    }
}
