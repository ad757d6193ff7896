//! The example of a response as Atlas's reference pages show it: the media type's own
//! example, else one composed from the schema's (a schema's `example`, else an object of its
//! properties' examples, a one-item list, the first of an enum or a union). The mock answers
//! with it when a test gives no answer of its own.

use serde_json::{Map, Value};

/// How deep composition goes before it stops (recursive schemas end here).
const MAX_DEPTH: usize = 12;

/// The example of the media type at `pointer` (a `#/...` JSON pointer into `raw`), if it has
/// a schema or an example.
pub fn media_example(raw: &Value, pointer: &str) -> Option<Value> {
    let media = raw.pointer(pointer.strip_prefix('#')?)?;
    if let Some(example) = media.get("example") {
        return Some(example.clone());
    }
    if let Some(first) = media.get("examples").and_then(Value::as_object).and_then(|e| e.values().next()) {
        if let Some(value) = resolve(raw, first).get("value") {
            return Some(value.clone());
        }
    }
    let schema = media.get("schema")?;
    Composer { raw, trail: Vec::new() }.compose(schema, 0).or_else(|| simplest(resolve(raw, schema)))
}

/// A whole body of a primitive type with no example: its simplest value.
fn simplest(schema: &Value) -> Option<Value> {
    match schema.get("type").and_then(Value::as_str)? {
        "string" => Some(Value::String(String::new())),
        "boolean" => Some(Value::Bool(false)),
        "integer" | "number" => Some(Value::from(0)),
        _ => None,
    }
}

struct Composer<'a> {
    raw: &'a Value,
    /// The references being composed, so a recursive schema stops.
    trail: Vec<&'a str>,
}

impl<'a> Composer<'a> {
    fn compose(&mut self, schema: &'a Value, depth: usize) -> Option<Value> {
        let reference = schema.get("$ref").and_then(Value::as_str);
        if depth > MAX_DEPTH || reference.is_some_and(|r| self.trail.contains(&r)) {
            return None;
        }
        self.trail.extend(reference);
        let value = self.compose_resolved(resolve(self.raw, schema), depth);
        if reference.is_some() {
            self.trail.pop();
        }
        value
    }

    fn compose_resolved(&mut self, schema: &'a Value, depth: usize) -> Option<Value> {
        if let Some(example) = schema.get("example") {
            return Some(example.clone());
        }
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            for member in members {
                if let Some(Value::Object(fields)) = self.compose(member, depth + 1) {
                    merged.extend(fields);
                }
            }
            merged.extend(self.properties(schema, depth));
            return Some(Value::Object(merged));
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(first) = schema.get(key).and_then(Value::as_array).and_then(|m| m.first()) {
                let member = self.compose(first, depth + 1);
                return self.tagged(schema, first, member, depth);
            }
        }
        if let Some(first) = schema.get("enum").and_then(Value::as_array).and_then(|e| e.first()) {
            return Some(first.clone());
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("array") => {
                let item = schema.get("items").and_then(|items| self.compose(items, depth + 1));
                Some(Value::Array(item.into_iter().collect()))
            }
            Some("object") => Some(Value::Object(self.properties(schema, depth))),
            None if schema.get("properties").is_some() => Some(Value::Object(self.properties(schema, depth))),
            _ => None,
        }
    }

    /// A union's first member as the union answers it: with the union's own properties, and
    /// its discriminator set to the tag that selects that member (so it decodes as a member,
    /// not as a value no member takes).
    fn tagged(&mut self, union: &'a Value, first: &Value, member: Option<Value>, depth: usize) -> Option<Value> {
        let Some(discriminator) = union.get("discriminator") else { return member };
        let property = discriminator.get("propertyName").and_then(Value::as_str)?;
        let reference = first.get("$ref").and_then(Value::as_str);
        let mapping = discriminator.get("mapping").and_then(Value::as_object);
        let tag = mapping
            .and_then(|mapping| mapping.iter().find(|(_, target)| target.as_str() == reference))
            .map(|(tag, _)| tag.clone())
            .or_else(|| reference.and_then(|r| r.rsplit('/').next()).map(str::to_owned))?;
        let mut fields = self.properties(union, depth);
        match member {
            Some(Value::Object(own)) => fields.extend(own),
            Some(other) => return Some(other),
            None => {}
        }
        fields.insert(property.to_owned(), Value::String(tag));
        Some(Value::Object(fields))
    }

    /// The properties that compose to something; write-only ones are never in a response.
    fn properties(&mut self, schema: &'a Value, depth: usize) -> Map<String, Value> {
        let mut fields = Map::new();
        for (name, property) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
            if resolve(self.raw, property).get("writeOnly") == Some(&Value::Bool(true)) {
                continue;
            }
            if let Some(value) = self.compose(property, depth + 1) {
                fields.insert(name.clone(), value);
            }
        }
        fields
    }
}

/// Follows `$ref`s inside the document (at most a few hops).
fn resolve<'a>(raw: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..8 {
        let Some(reference) = node.get("$ref").and_then(Value::as_str) else { break };
        let Some(target) = reference.strip_prefix('#').and_then(|p| raw.pointer(p)) else { break };
        node = target;
    }
    node
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::media_example;

    #[test]
    fn composes_from_property_examples_through_refs_all_of_and_lists() {
        let raw = json!({
            "components": {"schemas": {
                "Base": {"properties": {"id": {"type": "string", "example": "32b6e34b3d91647abb20e7b8"}}},
                "Node": {"allOf": [{"$ref": "#/components/schemas/Base"}], "properties": {
                    "state": {"type": "string", "enum": ["IDLE", "CREATING"]},
                    "secret": {"type": "string", "writeOnly": true, "example": "x"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                    "size": {"oneOf": [{"type": "integer", "example": 3}, {"type": "string"}]}
                }}
            }},
            "media": {"schema": {"$ref": "#/components/schemas/Node"}},
            "given": {"example": {"whole": true}, "schema": {"$ref": "#/components/schemas/Node"}}
        });
        // The recursive `children` stops at once: an empty list.
        let node = json!({"id": "32b6e34b3d91647abb20e7b8", "state": "IDLE", "children": [], "size": 3});
        assert_eq!(media_example(&raw, "#/media"), Some(node));
        assert_eq!(media_example(&raw, "#/given"), Some(json!({"whole": true})));
        assert_eq!(media_example(&raw, "#/nothing"), None);
        let raw = json!({"flag": {"schema": {"type": "boolean"}}, "pem": {"schema": {"type": "string"}}});
        assert_eq!(media_example(&raw, "#/flag"), Some(json!(false)));
        assert_eq!(media_example(&raw, "#/pem"), Some(json!("")));
    }
}
