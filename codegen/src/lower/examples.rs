//! Examples that sit on a union's own `properties` (a discriminator base, or a `oneOf` with
//! sibling properties). No field is generated at those nodes: a value lands in the field of
//! the same name of whichever variant it decodes as, so that field's type checks the example.

use openapiv3::ReferenceOr;

use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::ir::{TypeDef, TypeKind, TypeRef};
use crate::shape::Shape;

/// An example on a union's own property, waiting for the union's variants to be lowered.
pub(super) struct UnionPropertyExample {
    /// The union's Rust name.
    pub union: String,
    /// The property's JSON key.
    pub wire: String,
    /// The node that carries the example.
    pub pointer: String,
    /// Whether the example is of the property's array items rather than the property.
    pub item: bool,
}

impl<'a> Lowerer<'a> {
    /// Notes the examples on the own properties of `shape`, lowered to the union `name`.
    pub(super) fn note_union_property_examples(&mut self, shape: &Shape<'a>, at: &Pointer, name: &str) {
        for (wire, property) in shape.properties.into_iter().flatten() {
            let ReferenceOr::Item(schema) = property else { continue };
            let pointer = at.push("properties").push(wire);
            let mut note = |pointer: &Pointer, item: bool| {
                self.union_property_examples.push(UnionPropertyExample {
                    union: name.to_owned(),
                    wire: wire.clone(),
                    pointer: pointer.to_string(),
                    item,
                });
            };
            if schema.schema_data.example.is_some() {
                note(&pointer, false);
            }
            if let Some(ReferenceOr::Item(items)) = Shape::of(schema).items {
                if items.schema_data.example.is_some() {
                    note(&pointer.push("items"), true);
                }
            }
        }
    }
}

/// Each noted example with the type of the same-named field of the union's first variant
/// that has one; an example no variant has a field for stays unregistered. Runs before
/// recursive fields are boxed, so no `Boxed` is met here.
pub(super) fn resolve(types: &[TypeDef], noted: &[UnionPropertyExample]) -> Vec<(String, TypeRef)> {
    noted.iter().filter_map(|example| Some((example.pointer.clone(), field_type(types, example)?))).collect()
}

fn field_type(types: &[TypeDef], example: &UnionPropertyExample) -> Option<TypeRef> {
    let union = types.iter().find(|def| def.name == example.union)?;
    let variants: Vec<&TypeRef> = match &union.kind {
        TypeKind::Tagged(union) => union.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Untagged(union) => union.variants.iter().map(|v| &v.ty).collect(),
        _ => return None,
    };
    variants.into_iter().find_map(|variant| {
        let TypeRef::Named(id) = variant else { return None };
        let TypeKind::Struct(fields) = &types[id.0].kind else { return None };
        let field = fields.fields.iter().find(|f| f.wire == example.wire)?;
        match (&field.ty, example.item) {
            (TypeRef::Vec(item), true) => Some((**item).clone()),
            (_, true) => None,
            (ty, false) => Some(ty.clone()),
        }
    })
}
