//! Objects: `properties`, `required`, `additionalProperties`, and `allOf` merged into one struct.

use std::collections::HashSet;

use indexmap::IndexMap;
use openapiv3::AdditionalProperties;

use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::ir::{Field, Presence, Primitive, ReadOnly, Struct, TypeKind, TypeRef};
use crate::naming;
use crate::resolve::SchemaRef;
use crate::shape::Shape;

/// Everything an object says about its properties once `allOf` is flattened.
#[derive(Default)]
pub(super) struct ObjectParts<'a> {
    /// JSON key -> schema and its pointer; a later `allOf` member overrides an earlier one.
    pub props: IndexMap<String, (SchemaRef<'a>, Pointer)>,
    pub required: HashSet<String>,
    pub additional: Option<(&'a AdditionalProperties, Pointer)>,
}

impl<'a> Lowerer<'a> {
    /// Collects properties from `shape` and, recursively, its `allOf` members. A member's
    /// `oneOf` is not followed: a subtype that includes its polymorphic base takes the base's
    /// fields, not the union.
    pub(super) fn collect(
        &mut self,
        shape: &Shape<'a>,
        at: &Pointer,
        parts: &mut ObjectParts<'a>,
        seen: &mut Vec<Pointer>,
    ) {
        if seen.contains(at) {
            return;
        }
        seen.push(at.clone());
        for (i, member) in shape.all_of.iter().enumerate() {
            let member_at = at.push("allOf").push(i);
            match self.resolver.schema(member.into(), &member_at) {
                Ok((schema, pointer, _)) => self.collect(&Shape::of(schema), &pointer, parts, seen),
                Err(diagnostic) => self.report(diagnostic),
            }
        }
        if let Some(props) = shape.properties {
            for (name, schema) in props {
                let prop_at = at.push("properties").push(name);
                parts.props.insert(name.clone(), (schema.into(), prop_at));
            }
        }
        parts.required.extend(shape.required.iter().cloned());
        if let Some(additional) = shape.additional {
            parts.additional = Some((additional, at.clone()));
        }
        seen.pop();
    }

    pub(super) fn object(&mut self, shape: &Shape<'a>, at: &Pointer, name: &str) -> TypeKind {
        let mut parts = ObjectParts::default();
        self.collect(shape, at, &mut parts, &mut Vec::new());
        let idents = naming::field_idents(parts.props.keys().map(String::as_str));
        let own_tag = self.own_tag(shape, at);
        let mut fields = Vec::with_capacity(parts.props.len());
        for ((wire, (schema, prop_at)), ident) in parts.props.iter().zip(idents) {
            let required = parts.required.contains(wire);
            let narrowed = own_tag.as_ref().and_then(|tag| self.narrowed_enum(*schema, prop_at, tag));
            let mut field = match &narrowed {
                Some((member, member_at)) => {
                    let mut field = self.field(wire, ident, *member, member_at, required, name);
                    let tag = own_tag.as_ref().expect("narrowed by a tag");
                    field.facts.push(format!("The values for `{}` `{}`.", tag.property, tag.value));
                    field.in_request = self.request_fields.in_request(prop_at, wire, field.read_only);
                    field.source = prop_at.clone();
                    field
                }
                None => self.field(wire, ident, *schema, prop_at, required, name),
            };
            if let Some(tag) = &own_tag {
                if let Some(narrowed) = self.narrowed(&field.ty, tag) {
                    field.ty = narrowed;
                    field.facts.push(format!("The member for `{}` `{}`.", tag.property, tag.value));
                }
            }
            fields.push(field);
        }
        let additional = match parts.additional {
            Some((additional, additional_at)) => self.additional(Some(additional), &additional_at, name),
            None => None,
        };
        TypeKind::Struct(Struct { fields, additional })
    }

    fn field(
        &mut self,
        wire: &str,
        ident: String,
        schema: SchemaRef<'a>,
        at: &Pointer,
        required: bool,
        parent: &str,
    ) -> Field {
        let ty = self.type_ref(schema, at, &format!("{parent} {wire}"));
        let check = self.check(schema, at);
        if let TypeRef::Primitive(Primitive::UnixSeconds | Primitive::UnixMillis) = ty {
            let message = "formats `unix-seconds` and `unix-millis` are for parameters; a property keeps `int64`";
            self.diags.push(at.push("format"), message);
        }
        let (facts, nullable, read_only, write_only) = match self.resolver.schema(schema, at) {
            Ok((target, _, _)) => {
                // Access flags and nullability written beside a `$ref` (through `allOf`) count too.
                let outer = match schema {
                    SchemaRef::Inline(inline) => Some(&inline.schema_data),
                    SchemaRef::Ref(_) => None,
                };
                let data = &target.schema_data;
                let flag = |f: fn(&openapiv3::SchemaData) -> bool| f(data) || outer.is_some_and(f);
                // `readOnly` on a component the property references describes that schema.
                let read_only = match schema {
                    SchemaRef::Inline(_) if flag(|d| d.read_only) => ReadOnly::Property,
                    SchemaRef::Ref(_) if data.read_only => ReadOnly::Schema,
                    _ => ReadOnly::No,
                };
                let facts = super::facts::value_facts(&Shape::of(target));
                (facts, flag(|d| d.nullable), read_only, flag(|d| d.write_only))
            }
            Err(_) => (Vec::new(), false, ReadOnly::No, false),
        };
        // A read-only property is never sent and a write-only one never returned, so neither
        // can be required of both directions that share this type.
        let required_in_request = required && read_only == ReadOnly::No && write_only;
        let required = required && read_only == ReadOnly::No && !write_only;
        let presence = match (required, nullable) {
            (true, false) => Presence::Required,
            (false, false) => Presence::Optional,
            (true, true) => Presence::RequiredNullable,
            (false, true) => Presence::OptionalNullable,
        };
        let in_request = self.request_fields.in_request(at, wire, read_only);
        let mut facts: Vec<String> = facts.into_iter().filter(|f| f != super::facts::READ_ONLY).collect();
        if required {
            facts.insert(0, "Required.".to_owned());
        }
        match (read_only, in_request) {
            (ReadOnly::No, _) => {}
            (_, false) => facts.push("Read-only: set by the server, never sent in a request.".to_owned()),
            (_, true) => facts
                .push("Marked read-only by the spec, but sent in requests (`spec/request_fields.toml`).".to_owned()),
        }
        let source = at.clone();
        let wire = wire.to_owned();
        Field {
            ident,
            wire,
            ty,
            presence,
            read_only,
            in_request,
            source,
            check,
            facts,
            required_in_request,
            write_only,
            fixed: None,
        }
    }
}
