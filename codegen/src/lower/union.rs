//! `oneOf` and `anyOf`: a string enum when every member is one, a tagged union when there
//! is a discriminator (declared or evident from disjoint enum values), else untagged.

use indexmap::IndexMap;
use openapiv3::{Discriminator, ReferenceOr, Schema};

use super::object::ObjectParts;
use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::ir::{TaggedUnion, TaggedVariant, TypeKind, TypeRef, UntaggedUnion, UntaggedVariant};
use crate::naming;
use crate::resolve::SchemaRef;
use crate::shape::Shape;

const SCHEMA_PREFIX: &str = "#/components/schemas/";

impl<'a> Lowerer<'a> {
    /// Lowers the `oneOf` of the schema at `schema_at`.
    pub(super) fn one_of(&mut self, shape: &Shape<'a>, schema_at: &Pointer, name: &str) -> TypeKind {
        let members = shape.one_of;
        let at = &schema_at.push("oneOf");
        let values: Option<Vec<Vec<String>>> =
            members.iter().enumerate().map(|(i, m)| self.enum_values(m.into(), &at.push(i))).collect();
        if let Some(values) = values {
            return TypeKind::Enum(super::enums::string_enum(values.concat()));
        }
        if let Some(discriminator) = &shape.data.discriminator {
            let mapping_at = schema_at.push("discriminator").push("mapping");
            return self.declared_tag(discriminator, members, at, &mapping_at, name);
        }
        if let Some(kind) = self.evident_tag(members, at, name) {
            return kind;
        }
        self.untagged(members, at, name)
    }

    /// A base schema with a discriminator mapping and no `oneOf` (subtypes include it with
    /// `allOf`): a union of the mapped subtypes, so a value keeps its subtype's fields.
    /// A base whose mapping names itself stays a plain object.
    pub(super) fn polymorphic_base(&mut self, shape: &Shape<'a>, schema_at: &Pointer, name: &str) -> Option<TypeKind> {
        let discriminator = shape.data.discriminator.as_ref().filter(|d| !d.mapping.is_empty())?;
        if !shape.one_of.is_empty() || discriminator.mapping.values().any(|t| t.as_str() == schema_at.as_str()) {
            return None;
        }
        let mapping_at = schema_at.push("discriminator").push("mapping");
        Some(self.declared_tag(discriminator, &[], &schema_at.push("oneOf"), &mapping_at, name))
    }

    /// Variants from the discriminator's mapping, plus members it does not map, which
    /// answer to their schema name as OpenAPI says.
    fn declared_tag(
        &mut self,
        discriminator: &'a Discriminator,
        members: &'a [ReferenceOr<Schema>],
        at: &Pointer,
        mapping_at: &Pointer,
        name: &str,
    ) -> TypeKind {
        let mut by_target: IndexMap<String, (Vec<String>, Pointer)> = IndexMap::new();
        for (tag, target) in &discriminator.mapping {
            let target = target.strip_prefix(SCHEMA_PREFIX).unwrap_or(target).to_owned();
            by_target.entry(target).or_insert_with(|| (Vec::new(), mapping_at.push(tag))).0.push(tag.clone());
        }
        let mut inline = Vec::new();
        for (i, member) in members.iter().enumerate() {
            match member {
                ReferenceOr::Reference { reference } => {
                    let target = reference.strip_prefix(SCHEMA_PREFIX).unwrap_or(reference).to_owned();
                    by_target.entry(target.clone()).or_insert_with(|| (vec![target], at.push(i)));
                }
                ReferenceOr::Item(schema) => inline.push((i, schema)),
            }
        }
        let mut variants = Vec::new();
        for (target, (tags, target_at)) in by_target {
            let reference = ReferenceOr::<Schema>::Reference { reference: format!("{SCHEMA_PREFIX}{target}") };
            let ty = match self.resolver.schema(SchemaRef::from(&reference), &target_at) {
                Ok(_) => self.component(&target),
                Err(diagnostic) => {
                    self.report(diagnostic);
                    continue;
                }
            };
            variants.push((tags, ty));
        }
        for (i, schema) in inline {
            let ty = self.type_ref(SchemaRef::Inline(schema), &at.push(i), &format!("{name} Variant {}", i + 1));
            variants.push((Vec::new(), ty));
        }
        self.tagged(&discriminator.property_name, variants, name)
    }

    /// A tag the spec does not declare but makes evident: a property every member has,
    /// each member allowing a different, non-overlapping set of string values.
    fn evident_tag(&mut self, members: &'a [ReferenceOr<Schema>], at: &Pointer, name: &str) -> Option<TypeKind> {
        let mut parts = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let (schema, pointer, _) = self.resolver.schema(member.into(), &at.push(i)).ok()?;
            let shape = Shape::of(schema);
            if !shape.looks_like_object() && shape.all_of.is_empty() {
                return None;
            }
            let mut collected = ObjectParts::default();
            self.collect(&shape, &pointer, &mut collected, &mut Vec::new());
            parts.push(collected);
        }
        let first = parts.first()?;
        'property: for key in first.props.keys() {
            let mut seen = std::collections::HashSet::new();
            let mut tags = Vec::new();
            for member in &parts {
                let Some((schema, prop_at)) = member.props.get(key) else { continue 'property };
                let Some(values) = self.enum_values(*schema, prop_at) else { continue 'property };
                if values.is_empty() || !values.iter().all(|v| seen.insert(v.clone())) {
                    continue 'property;
                }
                tags.push(values);
            }
            let variants = members
                .iter()
                .enumerate()
                .zip(tags)
                .map(|((i, member), tags)| {
                    (tags, self.type_ref(member.into(), &at.push(i), &format!("{name} Variant {}", i + 1)))
                })
                .collect();
            return Some(self.tagged(key, variants, name));
        }
        None
    }

    /// A tagged union: a variant selected by one tag value is named after it
    /// (`HardwareSpec::Aws`), any other after its type, less the union's own name.
    fn tagged(&mut self, property: &str, variants: Vec<(Vec<String>, TypeRef)>, union: &str) -> TypeKind {
        let candidates: Vec<String> = variants
            .iter()
            .map(|(tags, ty)| match tags.as_slice() {
                [only] => only.clone(),
                _ => self.variant_name(ty, union),
            })
            .collect();
        let idents = naming::variant_idents(&candidates);
        let variants =
            variants.into_iter().zip(idents).map(|((tags, ty), ident)| TaggedVariant { ident, tags, ty }).collect();
        TypeKind::Tagged(TaggedUnion { property: property.to_owned(), variants, shared: Vec::new() })
    }

    pub(super) fn untagged(&mut self, members: &'a [ReferenceOr<Schema>], at: &Pointer, name: &str) -> TypeKind {
        let types: Vec<TypeRef> = members
            .iter()
            .enumerate()
            .map(|(i, member)| self.type_ref(member.into(), &at.push(i), &format!("{name} Variant {}", i + 1)))
            .collect();
        let mut seen = std::collections::HashSet::new();
        let types: Vec<TypeRef> = types.into_iter().filter(|t| seen.insert(t.clone())).collect();
        let candidates: Vec<String> = types.iter().map(|ty| self.variant_name(ty, name)).collect();
        let idents = naming::variant_idents(&candidates);
        let variants = types.into_iter().zip(idents).map(|(ty, ident)| UntaggedVariant { ident, ty }).collect();
        TypeKind::Untagged(UntaggedUnion { variants, shared: Vec::new() })
    }

    /// A variant's name from its type, less the words it shares with the union's name at
    /// the end (`AwsHardwareSpec20240805` in `DedicatedHardwareSpec20240805` is `Aws`) or
    /// the union's whole name at the start (`ShapeVariant2` in `Shape` is `Variant2`).
    fn variant_name(&self, ty: &TypeRef, union: &str) -> String {
        let full = self.ref_name(ty);
        let union = naming::type_name(union);
        let shared = full.chars().rev().zip(union.chars().rev()).take_while(|(a, b)| a == b).count();
        let suffix_start =
            full.char_indices().skip(full.chars().count() - shared).find(|(_, c)| c.is_ascii_uppercase());
        let short = match suffix_start {
            Some((at, _)) if at > 0 => Some(&full[..at]),
            _ => full.strip_prefix(union.as_str()),
        };
        match short {
            Some(short) if short.chars().next().is_some_and(|c| c.is_ascii_uppercase()) => short.to_owned(),
            _ => full,
        }
    }

    /// A readable name for a variant holding `ty`.
    fn ref_name(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(id) => {
                self.types[id.0].as_ref().map_or_else(|| self.name_in_progress(*id), |t| t.name.clone())
            }
            TypeRef::Primitive(p) => format!("{p:?}"),
            TypeRef::Vec(inner) => format!("{}List", self.ref_name(inner)),
            TypeRef::Map(inner) => format!("{}Map", self.ref_name(inner)),
            TypeRef::Boxed(inner) => self.ref_name(inner),
        }
    }

    /// The name of a component whose type is still being lowered (a recursive reference).
    fn name_in_progress(&self, id: crate::ir::TypeId) -> String {
        self.components
            .iter()
            .find(|(_, v)| **v == id)
            .map(|(k, _)| self.component_names[k].clone())
            .unwrap_or_else(|| format!("Type{}", id.0))
    }
}
