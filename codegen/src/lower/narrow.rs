//! A union the JSON cannot tell apart, narrowed by the object that holds it: a subtype of a
//! tagged union (a region config whose `providerName` is `GCP`) holds, in a field typed by an
//! untagged union, the one member named after its own tag (`GCPHardwareSpec20240805`), so a
//! GCP region's hardware spec reads as GCP, never as whichever member happens to fit first.
//! Likewise a `oneOf` of string enums titled by provider (`GCP Regions`): a GCP region config
//! takes GCP region names only, as Atlas does.

use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::ir::{TypeKind, TypeRef};
use crate::resolve::SchemaRef;
use crate::shape::Shape;

/// The tag a subtype answers to: its base's discriminator property and the value that maps
/// to it.
pub(super) struct OwnTag {
    pub property: String,
    pub value: String,
}

impl<'a> Lowerer<'a> {
    /// The tag of the schema at `at`, when one of its `allOf` members is a base whose
    /// discriminator maps exactly one value to it.
    pub(super) fn own_tag(&self, shape: &Shape<'a>, at: &Pointer) -> Option<OwnTag> {
        shape.all_of.iter().enumerate().find_map(|(i, member)| {
            let (base, _, _) = self.resolver.schema(member.into(), &at.push("allOf").push(i)).ok()?;
            let discriminator = base.schema_data.discriminator.as_ref()?;
            let mut values = discriminator.mapping.iter().filter(|(_, target)| target.as_str() == at.as_str());
            let (value, _) = values.next()?;
            values
                .next()
                .is_none()
                .then(|| OwnTag { property: discriminator.property_name.clone(), value: value.clone() })
        })
    }

    /// The member of the `oneOf` at `schema` whose `title` starts with `tag` (case aside),
    /// when exactly one does and every member is a string enum, with its pointer.
    pub(super) fn narrowed_enum(
        &self,
        schema: SchemaRef<'a>,
        at: &Pointer,
        tag: &OwnTag,
    ) -> Option<(SchemaRef<'a>, Pointer)> {
        let (target, pointer, _) = self.resolver.schema(schema, at).ok()?;
        let members = Shape::of(target).one_of;
        let at = pointer.push("oneOf");
        let enums = members.iter().enumerate().all(|(i, m)| self.enum_values(m.into(), &at.push(i)).is_some());
        let prefix = tag.value.to_ascii_lowercase();
        let mut titled = members.iter().enumerate().filter(|(i, member)| {
            let title = self
                .resolver
                .schema((*member).into(), &at.push(*i))
                .ok()
                .and_then(|(s, _, _)| s.schema_data.title.clone());
            title.is_some_and(|title| title.to_ascii_lowercase().starts_with(&prefix))
        });
        let (i, only) = titled.next()?;
        (enums && titled.next().is_none()).then(|| (only.into(), at.push(i)))
    }

    /// The member of the untagged union `ty` whose type is named after `tag` (case aside),
    /// when exactly one is.
    pub(super) fn narrowed(&self, ty: &TypeRef, tag: &OwnTag) -> Option<TypeRef> {
        let TypeRef::Named(id) = ty else { return None };
        let Some(TypeKind::Untagged(union)) = self.types[id.0].as_ref().map(|t| &t.kind) else { return None };
        let prefix = tag.value.to_ascii_lowercase();
        let mut named = union.variants.iter().filter(|v| match &v.ty {
            TypeRef::Named(member) => {
                self.types[member.0].as_ref().is_some_and(|t| t.name.to_ascii_lowercase().starts_with(&prefix))
            }
            _ => false,
        });
        let only = named.next()?;
        named.next().is_none().then(|| only.ty.clone())
    }
}
