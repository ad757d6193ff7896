//! What the spec documents at a position of a JSON value: which properties, whether a
//! property may be `null`, and the schemas of what sits below. A position is the set of
//! schemas that may describe it (every member of an `allOf`, `oneOf` or `anyOf`, and every
//! subtype a discriminator maps), so a property is documented there when any of them names it.

use serde_json::Value;

/// The spec, for following `$ref`s.
pub struct Spec<'a> {
    pub root: &'a Value,
    /// The property nodes `[[send]]` of `spec/request_fields.toml` names: read-only in the
    /// spec, sent in requests all the same.
    pub sent_anyway: Vec<&'a Value>,
}

/// The schemas that may describe one position; `open` when one of them leaves it free
/// (no properties and no other constraint), so that everything below is documented.
#[derive(Clone, Default)]
pub struct Position<'a> {
    schemas: Vec<&'a Value>,
    open: bool,
}

/// What the schemas of a position say of one property.
pub struct Property<'a> {
    pub documented: bool,
    pub nullable: bool,
    /// Some schema of the position marks the property `readOnly` (on it, or on the schema it
    /// references), and `spec/request_fields.toml` does not say a request sends it anyway.
    pub read_only: bool,
    pub position: Position<'a>,
}

const MAX_DEPTH: usize = 64;

/// `spec/request_fields.toml`, read by the generator's own reader (so the suites hold the
/// file to what generation holds it to): the pointers `[[send]]` sends anyway, and the
/// pointers and wire names `[[strip]]` leaves out.
pub use codegen::tables::request_fields::RequestFieldsTable as RequestFields;

/// The workspace's table of request fields.
pub fn request_fields() -> Result<RequestFields, String> {
    let spec = super::workspace_root().join("spec");
    RequestFields::from_file(&codegen::tables::TableKind::RequestFields.path_in(&spec))
}

/// The wire names `[[strip]]` of `table` names, directly or as the last segment of a pointer.
pub fn stripped_names(table: &RequestFields) -> std::collections::BTreeSet<String> {
    let last = |p: &String| p.rsplit('/').next().unwrap_or_default().replace("~1", "/").replace("~0", "~");
    table.strip.iter().flat_map(|e| e.names.iter().cloned().chain(e.pointers.iter().map(last))).collect()
}

impl<'a> Spec<'a> {
    /// The spec, with the `[[send]]` pointers of `table` (see [`RequestFields`]).
    pub fn with_request_fields(root: &'a Value, table: &RequestFields) -> Result<Self, String> {
        let mut sent_anyway = Vec::new();
        for pointer in table.send.iter().flat_map(|e| &e.pointers) {
            let node = pointer.strip_prefix('#').and_then(|p| root.pointer(p));
            sent_anyway.push(node.ok_or_else(|| format!("spec/request_fields.toml: {pointer} is not in the spec"))?);
        }
        Ok(Spec { root, sent_anyway })
    }

    /// The spec, sending nothing it marks read-only (answers are read, not sent).
    pub fn of(root: &'a Value) -> Self {
        Spec { root, sent_anyway: Vec::new() }
    }

    /// The node a `$ref` names, followed to the end of a chain.
    pub fn resolve(&self, mut schema: &'a Value) -> &'a Value {
        for _ in 0..MAX_DEPTH {
            let Some(reference) = schema.get("$ref").and_then(Value::as_str) else { return schema };
            let Some(pointer) = reference.strip_prefix('#') else { return schema };
            match self.root.pointer(pointer) {
                Some(target) => schema = target,
                None => return schema,
            }
        }
        schema
    }

    /// The position a schema describes, with everything it composes expanded.
    pub fn position(&self, schema: Option<&'a Value>) -> Position<'a> {
        let mut position = Position::default();
        match schema {
            Some(schema) => self.expand(schema, &mut position, 0),
            None => position.open = true,
        }
        position
    }

    fn expand(&self, schema: &'a Value, out: &mut Position<'a>, depth: usize) {
        let schema = self.resolve(schema);
        if depth > MAX_DEPTH || out.schemas.iter().any(|s| std::ptr::eq(*s, schema)) {
            return;
        }
        out.schemas.push(schema);
        let Some(map) = schema.as_object() else { return };
        for key in ["allOf", "oneOf", "anyOf"] {
            for member in map.get(key).and_then(Value::as_array).into_iter().flatten() {
                self.expand(member, out, depth + 1);
            }
        }
        let mapping = schema.pointer("/discriminator/mapping").and_then(Value::as_object);
        for target in mapping.into_iter().flat_map(|m| m.values()) {
            if let Some(pointer) = target.as_str().and_then(|t| t.strip_prefix('#')) {
                if let Some(target) = self.root.pointer(pointer) {
                    self.expand(target, out, depth + 1);
                }
            }
        }
        out.open |= free(map);
    }

    /// What the position says of the property `key`.
    pub fn property(&self, at: &Position<'a>, key: &str) -> Property<'a> {
        if at.open {
            return Property { documented: true, nullable: true, read_only: false, position: self.position(None) };
        }
        let mut below = Position::default();
        let (mut documented, mut nullable, mut read_only) = (false, false, false);
        for schema in &at.schemas {
            if let Some(property) = schema.get("properties").and_then(|p| p.get(key)) {
                documented = true;
                nullable |= self.flag(property, "nullable");
                let sent = self.sent_anyway.iter().any(|node| std::ptr::eq(*node, property));
                read_only |= self.flag(property, "readOnly") && !sent;
                self.expand(property, &mut below, 0);
            } else {
                match schema.get("additionalProperties") {
                    Some(Value::Bool(true)) => {
                        documented = true;
                        below.open = true;
                    }
                    Some(values @ Value::Object(_)) => {
                        documented = true;
                        nullable |= self.flag(values, "nullable");
                        self.expand(values, &mut below, 0);
                    }
                    _ => {}
                }
            }
        }
        Property { documented, nullable, read_only, position: below }
    }

    /// The properties the schemas of a position name, in a stable order (none where it is
    /// open: what sits there is not spelled out).
    pub fn keys(&self, at: &Position<'a>) -> Vec<String> {
        let named = at.schemas.iter().filter_map(|schema| schema.get("properties")?.as_object());
        let keys: std::collections::BTreeSet<&String> = named.flat_map(|properties| properties.keys()).collect();
        keys.into_iter().cloned().collect()
    }

    /// Whether a schema of the position describes an array's items.
    pub fn has_items(&self, at: &Position<'a>) -> bool {
        at.schemas.iter().any(|schema| schema.get("items").is_some())
    }

    /// The position of an array's items.
    pub fn items(&self, at: &Position<'a>) -> Position<'a> {
        if at.open {
            return self.position(None);
        }
        let mut below = Position::default();
        for schema in &at.schemas {
            match schema.get("items") {
                Some(items) => self.expand(items, &mut below, 0),
                None if schema.get("type").and_then(Value::as_str) == Some("array") => below.open = true,
                None => {}
            }
        }
        below
    }

    /// `value` with only what the spec documents at `at`, at every depth: a property no
    /// schema of its position names is left out (a field Atlas answers that the spec at hand
    /// does not know, which no generated type holds).
    pub fn documented(&self, at: &Position<'a>, value: &Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .filter_map(|(key, below)| {
                        let property = self.property(at, key);
                        property.documented.then(|| (key.clone(), self.documented(&property.position, below)))
                    })
                    .collect(),
            ),
            Value::Array(items) => {
                let below = self.items(at);
                Value::Array(items.iter().map(|item| self.documented(&below, item)).collect())
            }
            other => other.clone(),
        }
    }

    /// What of `value` (an answer) a request at `at` (a request body's schema) could carry:
    /// the documented properties that are not read-only, at every depth, `null`s left out.
    /// An answer made a request, as a caller who got it back would have sent it.
    pub fn writable(&self, at: &Position<'a>, value: &Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .filter(|(_, below)| !below.is_null())
                    .filter_map(|(key, below)| {
                        let property = self.property(at, key);
                        let kept = property.documented && !property.read_only;
                        kept.then(|| (key.clone(), self.writable(&property.position, below)))
                    })
                    .collect(),
            ),
            Value::Array(items) => {
                let below = self.items(at);
                Value::Array(items.iter().map(|item| self.writable(&below, item)).collect())
            }
            other => other.clone(),
        }
    }

    /// `over` with what `under` has that it lacks, at every depth of the objects both have:
    /// a request made of an answer, completed with the required fields the answer does not
    /// carry (a user's `mobileNumber`). An object of another union member than `under`'s (a
    /// discriminator at `at` whose values differ) is kept as it is, and arrays are `over`'s.
    pub fn completed(&self, at: &Position<'a>, over: Value, under: &Value) -> Value {
        let (Value::Object(mut over), Value::Object(under)) = (over.clone(), under) else { return over };
        let discriminators = at.schemas.iter().filter_map(|s| s.pointer("/discriminator/propertyName")?.as_str());
        if discriminators
            .into_iter()
            .any(|name| matches!((over.get(name), under.get(name)), (Some(a), Some(b)) if a != b))
        {
            return Value::Object(over);
        }
        for (key, below) in under {
            match over.remove(key) {
                Some(mine) => {
                    let position = self.property(at, key).position;
                    over.insert(key.clone(), self.completed(&position, mine, below));
                }
                None => {
                    over.insert(key.clone(), below.clone());
                }
            }
        }
        Value::Object(over)
    }

    /// `flag: true` (`nullable`, `readOnly`) on the property or on what it refers to.
    fn flag(&self, schema: &'a Value, flag: &str) -> bool {
        let mut position = Position::default();
        self.expand(schema, &mut position, 0);
        schema.get(flag) == Some(&Value::Bool(true))
            || position.schemas.iter().any(|s| s.get(flag) == Some(&Value::Bool(true)))
    }
}

/// The schema of the answer of `method` `path` (a template as the spec writes it) with
/// `status` in `media_type`: that status's, else another 2xx's in the same media type.
pub fn response_schema<'a>(
    spec: &'a Value,
    method: &str,
    path: &str,
    status: u16,
    media_type: &str,
) -> Option<&'a Value> {
    let method = method.to_ascii_lowercase();
    let responses = spec.get("paths")?.get(path)?.get(&method)?.get("responses")?.as_object()?;
    let code = status.to_string();
    let ordered = responses.get(&code).into_iter().chain(
        responses.iter().filter(|(other, _)| other.starts_with('2') && **other != code).map(|(_, response)| response),
    );
    ordered.filter_map(|response| response.get("content")?.get(media_type)?.get("schema")).next()
}

/// A schema that does not constrain what sits below it: no properties, items, composition or
/// enum, and an object type or none.
fn free(map: &serde_json::Map<String, Value>) -> bool {
    const CONSTRAINING: [&str; 9] =
        ["properties", "items", "allOf", "oneOf", "anyOf", "enum", "$ref", "discriminator", "additionalProperties"];
    let typed = matches!(map.get("type").and_then(Value::as_str), None | Some("object"));
    typed && !CONSTRAINING.iter().any(|k| map.contains_key(*k))
}

#[cfg(test)]
mod tests {
    use super::Spec;
    use serde_json::json;

    /// A spec with one request schema: a read-only id, a union by `type` of a date criterion
    /// and a query one, and a list of notifications.
    fn spec() -> serde_json::Value {
        json!({"components": {"schemas": {
            "Archive": {"properties": {
                "id": {"type": "string", "readOnly": true},
                "name": {"type": "string"},
                "criteria": {"$ref": "#/components/schemas/Criteria"},
                "tags": {"type": "array", "items": {"properties": {"key": {"type": "string"}}}}}},
            "Criteria": {"oneOf": [{"$ref": "#/components/schemas/Date"}, {"$ref": "#/components/schemas/Query"}],
                "discriminator": {"propertyName": "type"}},
            "Date": {"properties": {"type": {"type": "string"}, "dateField": {"type": "string"}}},
            "Query": {"properties": {"type": {"type": "string"}, "query": {"type": "string"}}}}}})
    }

    #[test]
    fn an_answer_made_a_request_keeps_what_a_request_can_carry() {
        let root = spec();
        let spec = Spec::of(&root);
        let at = spec.position(root.pointer("/components/schemas/Archive"));
        let answer = json!({"id": "a", "name": "n", "links": [], "state": null,
            "criteria": {"type": "DATE", "dateField": "d"}, "tags": [{"key": "k", "value": "v"}]});
        let request = spec.writable(&at, &answer);
        assert_eq!(
            request,
            json!({"name": "n", "criteria": {"type": "DATE", "dateField": "d"}, "tags": [{"key": "k"}]})
        );
    }

    #[test]
    fn a_request_is_completed_with_what_it_lacks_unless_another_member_holds_it() {
        let root = spec();
        let spec = Spec::of(&root);
        let at = spec.position(root.pointer("/components/schemas/Archive"));
        let made = json!({"criteria": {"type": "DATE", "dateField": "d"}, "tags": [{"key": "k"}]});
        let minimal =
            json!({"name": "x", "criteria": {"type": "QUERY", "query": "{}"}, "tags": [{"key": "m"}, {"key": "n"}]});
        let completed = spec.completed(&at, made, &minimal);
        assert_eq!(completed["name"], "x", "what the request lacks");
        assert_eq!(completed["criteria"], json!({"type": "DATE", "dateField": "d"}), "another member: kept whole");
        assert_eq!(completed["tags"], json!([{"key": "k"}]), "arrays are the request's");
        let same = spec.completed(&at, json!({"criteria": {"type": "QUERY"}}), &minimal);
        assert_eq!(same["criteria"], json!({"type": "QUERY", "query": "{}"}), "the same member: completed");
    }
}
