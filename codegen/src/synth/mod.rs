//! Values synthesized from schemas, for calls that exercise every operation (conformance):
//! the schema's example when it has one, else the simplest value its constraints allow
//! (first enum value, the 24-hex id pattern, formats, minimums, required fields only).

mod check;
mod pattern;

use serde_json::{Map, Value};

pub use check::Checker;
use pattern::matching;

use crate::diagnostics::Pointer;
use crate::resolve::{Resolver, SchemaRef};
use crate::shape::{Shape, ShapeKind};

/// How deep nested objects are filled before giving up with an empty value.
const MAX_DEPTH: usize = 10;

/// How deep a [`Synth::full`] value sets optional properties and gives arrays an item
/// (deeper, only what is required), so that recursive schemas stay small.
const FULL_DEPTH: usize = 6;

#[derive(Clone, Copy)]
pub struct Synth<'a> {
    resolver: Resolver<'a>,
    /// Picks, among a `oneOf`'s members, one whose value the whole schema accepts.
    checker: Option<&'a Checker>,
    /// Every optional writable property set too, and an item in every array.
    full: bool,
    /// With `full`: the read-only properties set too (what a value read from a response
    /// holds, for checking what a request leaves out of it).
    read_only: bool,
}

impl<'a> Synth<'a> {
    pub fn new(resolver: Resolver<'a>) -> Self {
        Self { resolver, checker: None, full: false, read_only: false }
    }

    pub fn checked(self, checker: Option<&'a Checker>) -> Self {
        Self { checker, ..self }
    }

    /// Values with every optional writable property set (not only the required ones), and
    /// one item in each array, down to a depth.
    pub fn full(self) -> Self {
        Self { full: true, ..self }
    }

    /// A [`Synth::full`] value with every read-only property set as well.
    pub fn with_read_only(self) -> Self {
        Self { full: true, read_only: true, ..self }
    }

    fn fills(&self, depth: usize) -> bool {
        self.full && depth < FULL_DEPTH
    }

    pub fn value(&self, schema: SchemaRef<'a>) -> Value {
        self.at(schema, 0)
    }

    /// A parameter's value: its example when it fits the schema (an integer written as a
    /// float, `1.6e9`, taken as the integer), else a synthesized one.
    pub fn parameter_or_example(&self, schema: SchemaRef<'a>, example: Option<&Value>) -> Value {
        let shape = self.resolver.schema(schema, &Pointer::root()).ok().map(|(s, _, _)| Shape::of(s));
        let example = match shape {
            Some(shape) => example.and_then(|e| as_declared(&shape, e)),
            None => example.cloned(),
        };
        example.unwrap_or_else(|| self.parameter(schema))
    }

    /// A parameter's value: an array gets one item, so a required one is actually sent.
    pub fn parameter(&self, schema: SchemaRef<'a>) -> Value {
        match self.at(schema, 0) {
            Value::Array(items) if items.is_empty() => {
                let item = self.resolver.schema(schema, &Pointer::root()).ok().and_then(|(s, _, _)| Shape::of(s).items);
                Value::Array(item.map(|i| vec![self.at(i.into(), 1)]).unwrap_or_default())
            }
            other => other,
        }
    }

    fn at(&self, schema: SchemaRef<'a>, depth: usize) -> Value {
        let reference = match schema {
            SchemaRef::Ref(reference) => Some(reference),
            SchemaRef::Inline(_) => None,
        };
        let Ok((schema, _, _)) = self.resolver.schema(schema, &Pointer::root()) else { return Value::Null };
        let shape = Shape::of(schema);
        // A pattern wins over the example: the spec's examples do not always match it.
        if shape.kind == ShapeKind::String && shape.enumeration.is_empty() && !known_format(&shape) {
            if let Some(text) = pattern_string(&shape) {
                return Value::String(text);
            }
        }
        // A full value sets every optional property, which an object's example may not.
        let whole = |e: &&Value| !self.full || !(e.is_object() || e.is_array());
        if let Some(example) = shape.data.example.as_ref().filter(|e| fits(&shape, e)).filter(whole) {
            if let Some(example) = as_declared(&shape, example) {
                return example;
            }
        }
        if let Some(first) = shape.enumeration.first() {
            return first.clone();
        }
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        if !shape.all_of.is_empty() {
            return self.all_of(schema, &shape, &[], depth);
        }
        if !shape.one_of.is_empty() || !shape.any_of.is_empty() {
            return self.one_of(reference, schema, &shape, depth);
        }
        if let Some(value) = self.polymorphic_base(schema, depth) {
            return value;
        }
        match shape.kind {
            ShapeKind::String => string(&shape),
            ShapeKind::Integer => Value::from(shape.constraints.minimum.map_or(1, |m| m.ceil() as i64).max(0)),
            ShapeKind::Number => Value::from(shape.constraints.minimum.unwrap_or(1.0)),
            ShapeKind::Boolean => shape.data.default.clone().unwrap_or(Value::Bool(false)),
            ShapeKind::Array => match (shape.items, shape.constraints.min_items) {
                (Some(items), Some(n)) if n > 0 => Value::Array(vec![self.at(items.into(), depth + 1); n]),
                (Some(items), _) if self.fills(depth) => Value::Array(vec![self.at(items.into(), depth + 1)]),
                _ => Value::Array(Vec::new()),
            },
            ShapeKind::Object | ShapeKind::Unspecified if shape.properties.is_some() => self.object(&shape, &[], depth),
            ShapeKind::Object => self.map(&shape, depth),
            ShapeKind::Unspecified | ShapeKind::Unknown(_) => Value::Null,
        }
    }

    /// A map: empty, unless it must have entries or the value is full; then one entry.
    fn map(&self, shape: &Shape<'a>, depth: usize) -> Value {
        let mut out = Map::new();
        if shape.constraints.min_properties.is_some_and(|n| n > 0) || self.fills(depth) {
            let value = match shape.additional {
                Some(openapiv3::AdditionalProperties::Schema(schema)) => self.at(schema.as_ref().into(), depth + 1),
                Some(openapiv3::AdditionalProperties::Any(false)) => return Value::Object(out),
                _ => Value::String("x".into()),
            };
            out.insert("key".into(), value);
        }
        Value::Object(out)
    }

    /// The required, writable properties (all writable ones when full); `also` are
    /// required too (an `allOf` lists what it requires of its parts' properties).
    fn object(&self, shape: &Shape<'a>, also: &[String], depth: usize) -> Value {
        let mut out = Map::new();
        for (name, property) in shape.properties.into_iter().flatten() {
            if !shape.required.contains(name) && !also.contains(name) && !self.fills(depth) {
                continue;
            }
            let read_only = match self.resolver.schema(property.into(), &Pointer::root()) {
                Ok((schema, _, _)) => schema.schema_data.read_only,
                Err(_) => false,
            };
            if read_only && !self.read_only {
                continue;
            }
            out.insert(name.clone(), self.at(property.into(), depth + 1));
        }
        Value::Object(out)
    }

    /// The parts merged. Plain object parts are filled here, with what the whole requires
    /// of them; a part that is a discriminator base gets the tag that maps to this schema.
    fn all_of(&self, schema: &'a openapiv3::Schema, shape: &Shape<'a>, also: &[String], depth: usize) -> Value {
        let required: Vec<String> = shape.required.iter().chain(also).cloned().collect();
        let mut out = Map::new();
        for part in shape.all_of {
            let Ok((part_schema, _, _)) = self.resolver.schema(part.into(), &Pointer::root()) else { continue };
            let part_shape = Shape::of(part_schema);
            let value = if !part_shape.all_of.is_empty() {
                self.all_of(part_schema, &part_shape, &required, depth + 1)
            } else if part_shape.one_of.is_empty() && part_shape.any_of.is_empty() && part_shape.properties.is_some() {
                self.object(&part_shape, &required, depth + 1)
            } else {
                self.at(part.into(), depth + 1)
            };
            if let Value::Object(fields) = value {
                out.extend(fields);
            }
            if let Some((property, tag)) = self.tag_for(part_schema, schema) {
                out.insert(property, Value::String(tag));
            }
        }
        if let Value::Object(own) = self.object(shape, &required, depth) {
            out.extend(own);
        }
        Value::Object(out)
    }

    /// The discriminator property of `base` and the tag whose mapping names `subtype`.
    fn tag_for(&self, base: &'a openapiv3::Schema, subtype: &'a openapiv3::Schema) -> Option<(String, String)> {
        let discriminator = base.schema_data.discriminator.as_ref()?;
        let (tag, _) = discriminator.mapping.iter().find(|(_, target)| {
            self.resolver
                .schema(SchemaRef::Ref(target), &Pointer::root())
                .is_ok_and(|(resolved, _, _)| std::ptr::eq(resolved, subtype))
        })?;
        Some((discriminator.property_name.clone(), tag.clone()))
    }

    /// A member's value; with a checker, the first member whose value the whole schema
    /// accepts (`oneOf`: that no other member accepts too), else the first member's.
    fn one_of(&self, reference: Option<&str>, schema: &'a openapiv3::Schema, shape: &Shape<'a>, depth: usize) -> Value {
        let members = if shape.one_of.is_empty() { shape.any_of } else { shape.one_of };
        let mut candidates = members.iter().map(|member| self.member(schema, member, depth));
        let (Some(checker), Some(reference)) = (self.checker, reference) else {
            return candidates.next().unwrap_or(Value::Null);
        };
        let pick = || {
            let first = candidates.next().unwrap_or(Value::Null);
            if checker.accepts(reference, &first) != Some(false) {
                return first;
            }
            candidates.find(|candidate| checker.accepts(reference, candidate) == Some(true)).unwrap_or(first)
        };
        let key = match (self.full, self.read_only) {
            (_, true) => format!("{reference} (full, read-only too)"),
            (true, false) => format!("{reference} (full)"),
            (false, false) => reference.to_owned(),
        };
        match checker.pick(&key, pick) {
            Some(value) => value,
            None => members.first().map_or(Value::Null, |first| self.member(schema, first, depth)),
        }
    }

    /// One member's value; with a discriminator, its tag set to a value that selects it.
    fn member(
        &self,
        schema: &'a openapiv3::Schema,
        member: &'a openapiv3::ReferenceOr<openapiv3::Schema>,
        depth: usize,
    ) -> Value {
        let mut value = self.at(member.into(), depth + 1);
        let Value::Object(fields) = &mut value else { return value };
        let Ok((subtype, _, _)) = self.resolver.schema(member.into(), &Pointer::root()) else { return value };
        // A member the mapping does not list is selected by its schema name.
        let implicit = || {
            let discriminator = schema.schema_data.discriminator.as_ref()?;
            let openapiv3::ReferenceOr::Reference { reference } = member else { return None };
            Some((discriminator.property_name.clone(), reference.rsplit('/').next()?.to_owned()))
        };
        if let Some((property, tag)) = self.tag_for(schema, subtype).or_else(implicit) {
            fields.entry(property).or_insert(Value::String(tag));
        }
        value
    }
}

impl<'a> Synth<'a> {
    /// A base with a discriminator mapping and no `oneOf` stands for its subtypes: the first
    /// mapped subtype, tagged.
    fn polymorphic_base(&self, schema: &'a openapiv3::Schema, depth: usize) -> Option<Value> {
        let discriminator = schema.schema_data.discriminator.as_ref()?;
        let (tag, target) = discriminator.mapping.iter().next()?;
        let Ok((subtype, _, _)) = self.resolver.schema(SchemaRef::Ref(target), &Pointer::root()) else { return None };
        if std::ptr::eq(subtype, schema) {
            return None;
        }
        let mut value = self.at(SchemaRef::Ref(target), depth + 1);
        if let Value::Object(fields) = &mut value {
            fields.insert(discriminator.property_name.clone(), Value::String(tag.clone()));
        }
        Some(value)
    }
}

fn known_format(shape: &Shape<'_>) -> bool {
    matches!(shape.format.as_deref(), Some("date-time" | "date" | "email" | "uri" | "url" | "uuid"))
}

/// A string of a known format, else one of the minimum length (a pattern was tried first).
fn string(shape: &Shape<'_>) -> Value {
    let text = match shape.format.as_deref() {
        Some("date-time") => "2024-01-01T00:00:00Z".to_owned(),
        Some("date") => "2024-01-01".to_owned(),
        Some("email") => "user@example.com".to_owned(),
        Some("uri" | "url") => "https://example.com".to_owned(),
        Some("uuid") => "00000000-0000-4000-8000-000000000000".to_owned(),
        _ => "x".repeat(shape.constraints.min_length.unwrap_or(1).max(1)),
    };
    Value::String(text)
}

/// An example as its schema's type reads it: an integer written as a float (`1.636481348e+09`)
/// is that integer, a float with a fraction is no integer at all.
fn as_declared(shape: &Shape<'_>, example: &Value) -> Option<Value> {
    match (shape.kind, example) {
        (ShapeKind::Integer, Value::Number(n)) if n.as_i64().is_none() && n.as_u64().is_none() => {
            n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| Value::from(f as i64))
        }
        _ => Some(example.clone()),
    }
}

/// Whether an example keeps the schema's simple bounds (not all of the spec's do).
fn fits(shape: &Shape<'_>, example: &Value) -> bool {
    let c = &shape.constraints;
    match example {
        Value::Null => false,
        Value::String(text) => {
            let length = text.chars().count();
            c.min_length.is_none_or(|min| length >= min) && c.max_length.is_none_or(|max| length <= max)
        }
        Value::Number(number) => number
            .as_f64()
            .is_some_and(|n| c.minimum.is_none_or(|min| n >= min) && c.maximum.is_none_or(|max| n <= max)),
        _ => true,
    }
}

/// A string that matches the shape's pattern and length bounds.
fn pattern_string(shape: &Shape<'_>) -> Option<String> {
    let constraints = &shape.constraints;
    matching(constraints.pattern.as_deref()?, constraints.min_length, constraints.max_length)
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::{Checker, Synth};
    use crate::resolve::{Resolver, SchemaRef};

    fn spec() -> Value {
        json!({
            "openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {
                "Bucket": {
                    "type": "object", "required": ["cloudProvider"],
                    "discriminator": {"propertyName": "cloudProvider", "mapping": {
                        "AZURE": "#/components/schemas/AzureBucket", "AWS": "#/components/schemas/AwsBucket"}},
                    "properties": {
                        "cloudProvider": {"type": "string", "enum": ["AZURE", "AWS"]},
                        "links": {"type": "array", "readOnly": true, "items": {"type": "string"}}}},
                "AwsBucket": {
                    "type": "object", "required": ["bucketName", "roleId"],
                    "allOf": [{"$ref": "#/components/schemas/Bucket"}, {"type": "object", "properties": {
                        "bucketName": {"type": "string", "minLength": 3, "example": "ab"},
                        "roleId": {"type": "string", "pattern": "^([a-f0-9]{24})$"}}}]},
                "Alert": {"oneOf": [{"$ref": "#/components/schemas/AnyAlert"}, {"$ref": "#/components/schemas/HostAlert"}]},
                "AnyAlert": {"type": "object", "required": ["event"], "properties": {
                    "event": {"type": "string", "enum": ["HOST_DOWN", "OTHER"]}}},
                "HostAlert": {"type": "object", "required": ["event"], "properties": {
                    "event": {"type": "string", "enum": ["HOST_DOWN"]}}},
                "Index": {"type": "object", "required": ["keys"], "example": {"keys": [{"a": 1}]}, "properties": {
                    "keys": {"type": "array", "items": {
                        "type": "object", "minProperties": 1, "additionalProperties": {"type": "integer"}}},
                    "name": {"type": "string"},
                    "id": {"type": "string", "readOnly": true},
                    "since": {"type": "integer", "format": "int64", "example": 1.636481348e+09},
                    "options": {"type": "object", "properties": {"sparse": {"type": "boolean"}}}}}
            }}
        })
    }

    fn synthesize(raw: &Value, name: &str, checked: bool) -> Value {
        generate(raw, name, checked, false)
    }

    fn generate(raw: &Value, name: &str, checked: bool, full: bool) -> Value {
        let openapi: openapiv3::OpenAPI = serde_json::from_value(raw.clone()).expect("a valid spec");
        let checker = Checker::for_requests(raw).expect("builds");
        let synth = Synth::new(Resolver::new(&openapi)).checked(checked.then_some(&checker));
        let synth = if full { synth.full() } else { synth };
        synth.value(SchemaRef::Ref(&format!("#/components/schemas/{name}")))
    }

    #[test]
    fn a_full_value_sets_every_writable_property_and_an_item_in_each_array() {
        let raw = spec();
        assert_eq!(generate(&raw, "Index", true, false), json!({"keys": [{"a": 1}]}), "the example");
        let full = generate(&raw, "Index", true, true);
        assert_eq!(
            full,
            json!({"keys": [{"key": 1}], "name": "x", "since": 1_636_481_348_i64, "options": {"sparse": false}}),
            "every writable property, the integer example as an integer, a map with an entry"
        );
        let mut raw = raw;
        raw["components"]["schemas"]["Index"]["required"] = json!(["keys", "since"]);
        raw["components"]["schemas"]["Index"].as_object_mut().map(|index| index.remove("example"));
        assert_eq!(
            generate(&raw, "Index", true, false),
            json!({"keys": [], "since": 1_636_481_348_i64}),
            "required only: an empty array, the example's integer"
        );
    }

    #[test]
    fn a_map_that_must_have_entries_gets_one() {
        let mut raw = spec();
        raw["components"]["schemas"]["Keys"] = json!({"type": "object", "minProperties": 1, "additionalProperties": {"type": "string", "enum": ["1", "-1"]}});
        assert_eq!(synthesize(&raw, "Keys", true), json!({"key": "1"}));
    }

    #[test]
    fn all_of_parts_get_what_the_whole_requires_and_the_tag_that_selects_it() {
        let body = synthesize(&spec(), "AwsBucket", true);
        assert_eq!(body["cloudProvider"], "AWS", "{body}");
        assert_eq!(body["roleId"].as_str().map(str::len), Some(24), "{body}");
        assert!(body["bucketName"].as_str().is_some_and(|name| name.len() >= 3), "the example is too short: {body}");
        assert!(body.get("links").is_none(), "read-only: {body}");
    }

    #[test]
    fn one_of_takes_a_member_that_no_other_member_also_accepts() {
        let raw = spec();
        assert_eq!(synthesize(&raw, "Alert", false), json!({"event": "HOST_DOWN"}), "unchecked: the first member");
        assert_eq!(synthesize(&raw, "Alert", true), json!({"event": "HOST_DOWN"}), "no member is alone: the first");
        let mut raw = raw;
        raw["components"]["schemas"]["AnyAlert"]["properties"]["event"]["enum"] = json!(["OTHER", "HOST_DOWN"]);
        assert_eq!(synthesize(&raw, "Alert", true), json!({"event": "OTHER"}));
    }
}
