//! Whether a synthesized value is valid against its component schema, as a JSON Schema
//! validator reads it (what Prism and other mock servers do): `oneOf` must match exactly one
//! member, and `discriminator` does not narrow it.

use std::cell::RefCell;
use std::collections::hash_map::{Entry, HashMap};

use serde_json::Value;

const BASE: &str = "urn:atlas-spec";

pub struct Checker {
    registry: jsonschema::Registry<'static>,
    /// Validators by `$ref`; `None` when one cannot be built.
    validators: RefCell<HashMap<String, Option<jsonschema::Validator>>>,
    /// `oneOf` values by `$ref`: `None` while being picked.
    picked: RefCell<HashMap<String, Option<Value>>>,
}

impl Checker {
    /// A checker of request values for `raw` (the whole spec document): `readOnly`
    /// properties are not required in a request, and `nullable` allows `null`.
    pub fn for_requests(raw: &Value) -> Option<Self> {
        let mut document = raw.clone();
        to_json_schema(&mut document);
        let registry = jsonschema::Registry::new()
            .add(BASE, jsonschema::Draft::Draft4.create_resource(document))
            .ok()?
            .prepare()
            .ok()?;
        Some(Self { registry, validators: RefCell::default(), picked: RefCell::default() })
    }

    /// Whether `value` is valid against the schema at `reference` (`#/components/...`);
    /// `None` when that schema cannot be compiled.
    pub fn accepts(&self, reference: &str, value: &Value) -> Option<bool> {
        let mut validators = self.validators.borrow_mut();
        let validator = validators.entry(reference.to_owned()).or_insert_with(|| {
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft4)
                .with_registry(&self.registry)
                .build(&serde_json::json!({ "$ref": format!("{BASE}{reference}") }))
                .ok()
        });
        validator.as_ref().map(|v| v.is_valid(value))
    }

    /// The value picked for the `oneOf` at `reference`, picked once: `compute` runs the first
    /// time; a reference met again while it runs (a recursive schema) gets `None`, and its
    /// caller takes the first member unchecked.
    pub fn pick(&self, reference: &str, compute: impl FnOnce() -> Value) -> Option<Value> {
        match self.picked.borrow_mut().entry(reference.to_owned()) {
            Entry::Occupied(entry) => return entry.get().clone(),
            Entry::Vacant(entry) => {
                entry.insert(None);
            }
        }
        let value = compute();
        self.picked.borrow_mut().insert(reference.to_owned(), Some(value.clone()));
        Some(value)
    }
}

/// OpenAPI 3.0 schema keywords as JSON Schema (draft 4) reads them, for request values.
fn to_json_schema(node: &mut Value) {
    match node {
        Value::Object(map) => {
            if map.get("nullable") == Some(&Value::Bool(true)) {
                if let Some(Value::String(kind)) = map.get("type").cloned() {
                    map.insert("type".into(), serde_json::json!([kind, "null"]));
                }
            }
            let read_only: Vec<String> = match map.get("properties") {
                Some(Value::Object(properties)) => properties
                    .iter()
                    .filter(|(_, p)| p.get("readOnly") == Some(&Value::Bool(true)))
                    .map(|(name, _)| name.clone())
                    .collect(),
                _ => Vec::new(),
            };
            if let Some(Value::Array(required)) = map.get_mut("required") {
                required.retain(|name| !name.as_str().is_some_and(|n| read_only.iter().any(|r| r == n)));
                if required.is_empty() {
                    map.remove("required");
                }
            }
            map.values_mut().for_each(to_json_schema);
        }
        Value::Array(items) => items.iter_mut().for_each(to_json_schema),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::Checker;

    #[test]
    fn one_of_needs_exactly_one_member_and_read_only_is_not_required() {
        let spec = json!({"components": {"schemas": {
            "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]},
            "Cat": {"type": "object", "required": ["id", "kind"], "properties": {
                "id": {"type": "string", "readOnly": true},
                "kind": {"type": "string", "enum": ["cat", "any"]}}},
            "Dog": {"type": "object", "required": ["kind"], "properties": {
                "kind": {"type": "string", "enum": ["dog", "any"]},
                "name": {"type": "string", "nullable": true}}}
        }}});
        let checker = Checker::for_requests(&spec).expect("builds");
        let pet = "#/components/schemas/Pet";
        assert_eq!(checker.accepts(pet, &json!({"kind": "cat"})), Some(true));
        assert_eq!(checker.accepts(pet, &json!({"kind": "any"})), Some(false), "both members match");
        assert_eq!(checker.accepts(pet, &json!({"kind": "dog", "name": null})), Some(true));
        assert_eq!(checker.accepts(pet, &json!({"kind": "bird"})), Some(false));
    }
}
