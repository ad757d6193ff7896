//! Values synthesized from schemas, for calls that exercise every operation (conformance):
//! the schema's example when it has one, else the simplest value its constraints allow
//! (first enum value, the 24-hex id pattern, formats, minimums, required fields only).

use serde_json::{Map, Value};

use crate::diagnostics::Pointer;
use crate::resolve::{Resolver, SchemaRef};
use crate::shape::{Kind, Shape};

/// How deep nested objects are filled before giving up with an empty value.
const MAX_DEPTH: usize = 10;
/// A 24-hex Atlas id.
const OBJECT_ID: &str = "5f1b0d6e2a1b3c4d5e6f7a8b";

#[derive(Clone, Copy)]
pub struct Synth<'a> {
    resolver: Resolver<'a>,
    /// A request value: `readOnly` properties are left out.
    request: bool,
}

impl<'a> Synth<'a> {
    pub fn new(resolver: Resolver<'a>, request: bool) -> Self {
        Self { resolver, request }
    }

    pub fn value(&self, schema: SchemaRef<'a>) -> Value {
        self.at(schema, 0)
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
        let Ok((schema, _, _)) = self.resolver.schema(schema, &Pointer::root()) else { return Value::Null };
        let shape = Shape::of(schema);
        // A pattern wins over the example: the spec's examples do not always match it.
        if let (Kind::String, Some(text)) = (shape.kind, shape.constraints.pattern.as_deref().and_then(matching)) {
            if shape.enumeration.is_empty() && shape.format.is_none() {
                return Value::String(text);
            }
        }
        if let Some(example) = shape.data.example.as_ref().filter(|e| !e.is_null()) {
            return example.clone();
        }
        if let Some(first) = shape.enumeration.first() {
            return first.clone();
        }
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        if !shape.all_of.is_empty() {
            return self.all_of(&shape, depth);
        }
        if let Some(first) = shape.one_of.first().or(shape.any_of.first()) {
            return self.one_of(schema, first, depth);
        }
        if let Some(value) = self.polymorphic_base(schema, depth) {
            return value;
        }
        match shape.kind {
            Kind::String => string(&shape),
            Kind::Integer => Value::from(shape.constraints.minimum.map_or(1, |m| m.ceil() as i64).max(0)),
            Kind::Number => Value::from(shape.constraints.minimum.unwrap_or(1.0)),
            Kind::Boolean => shape.data.default.clone().unwrap_or(Value::Bool(false)),
            Kind::Array => match (shape.items, shape.constraints.min_items) {
                (Some(items), Some(n)) if n > 0 => Value::Array(vec![self.at(items.into(), depth + 1); n]),
                _ => Value::Array(Vec::new()),
            },
            Kind::Object | Kind::Unspecified if shape.properties.is_some() => self.object(&shape, depth),
            Kind::Object => Value::Object(Map::new()),
            Kind::Unspecified | Kind::Unknown(_) => Value::Null,
        }
    }

    /// The required, writable (for requests) properties.
    fn object(&self, shape: &Shape<'a>, depth: usize) -> Value {
        let mut out = Map::new();
        for (name, property) in shape.properties.into_iter().flatten() {
            if !shape.required.contains(name) {
                continue;
            }
            let read_only = match self.resolver.schema(property.into(), &Pointer::root()) {
                Ok((schema, _, _)) => schema.schema_data.read_only,
                Err(_) => false,
            };
            if self.request && read_only {
                continue;
            }
            out.insert(name.clone(), self.at(property.into(), depth + 1));
        }
        Value::Object(out)
    }

    fn all_of(&self, shape: &Shape<'a>, depth: usize) -> Value {
        let mut out = Map::new();
        for part in shape.all_of {
            if let Value::Object(fields) = self.at(part.into(), depth + 1) {
                out.extend(fields);
            }
        }
        if let Value::Object(own) = self.object(shape, depth) {
            out.extend(own);
        }
        Value::Object(out)
    }

    /// The first member; with a discriminator, its tag set to a value that selects it.
    fn one_of(
        &self,
        schema: &'a openapiv3::Schema,
        first: &'a openapiv3::ReferenceOr<openapiv3::Schema>,
        depth: usize,
    ) -> Value {
        let mut value = self.at(first.into(), depth + 1);
        if let (Some(discriminator), Value::Object(fields)) = (&schema.schema_data.discriminator, &mut value) {
            let reference = match first {
                openapiv3::ReferenceOr::Reference { reference } => Some(reference.as_str()),
                openapiv3::ReferenceOr::Item(_) => None,
            };
            let tag = discriminator
                .mapping
                .iter()
                .find(|(_, target)| Some(target.as_str()) == reference)
                .map(|(tag, _)| tag.clone())
                .or_else(|| reference.and_then(|r| r.rsplit('/').next()).map(str::to_owned));
            if let Some(tag) = tag {
                fields.entry(discriminator.property_name.clone()).or_insert(Value::String(tag));
            }
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

fn string(shape: &Shape<'_>) -> Value {
    let text = match shape.format.as_deref() {
        Some("date-time") => "2024-01-01T00:00:00Z".to_owned(),
        Some("date") => "2024-01-01".to_owned(),
        Some("email") => "user@example.com".to_owned(),
        Some("uri" | "url") => "https://example.com".to_owned(),
        Some("uuid") => "00000000-0000-4000-8000-000000000000".to_owned(),
        _ => match shape.constraints.pattern.as_deref() {
            Some(pattern) if pattern.contains("a-f0-9]{24}") || pattern.contains("a-fA-F0-9]{24}") => {
                OBJECT_ID.to_owned()
            }
            Some(pattern) => {
                matching(pattern).unwrap_or_else(|| "x".repeat(shape.constraints.min_length.unwrap_or(1).max(1)))
            }
            None => "x".repeat(shape.constraints.min_length.unwrap_or(1).max(1)),
        },
    };
    Value::String(text)
}

/// A string that matches `pattern`, the same one every run; `None` for what `regex-syntax`
/// cannot read (look-around, say).
fn matching(pattern: &str) -> Option<String> {
    use rand::{RngExt, SeedableRng};
    // The generator does not take anchors; a generated string is whole anyway.
    let unanchored = pattern.trim_start_matches('^').trim_end_matches('$').replace("|^", "|").replace("$|", "|");
    // ASCII classes: `\d` means 0-9 to the JavaScript validators that read these patterns.
    let hir = regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build().parse(&unanchored).ok()?;
    let regex = rand_regex::Regex::with_hir(hir, 4).ok()?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x5f1b_0d6e);
    // Bytes, not `String`: sampling a `String` unwraps, and an ASCII-mode class can give
    // bytes that are not UTF-8 (then the caller falls back to a plain value).
    String::from_utf8(rng.sample::<Vec<u8>, _>(&regex)).ok()
}

#[cfg(test)]
mod tests {
    use super::matching;

    #[test]
    fn patterns_give_matching_strings() {
        let hash = matching("^([a-fA-F0-9]{64})$").expect("compiles");
        assert_eq!(hash.len(), 64, "{hash}");
        assert!(matching("^vpc-[0-9a-f]{17}$").unwrap().starts_with("vpc-"));
    }
}
