//! Which fields a union answers itself: a property every member holds under the same name,
//! with the same type, or as text (a string or a string enum in each member, such as the
//! event type name each kind of event lists its own values for). The lowering decides it
//! once; the emitter prints one accessor per field.

use crate::ir::{Api, Field, Primitive, SharedField, SharedMember, SharedRead, Struct, TypeKind, TypeRef};

/// Methods a union has already, which no accessor may take.
const TAKEN: &[&str] = &["is_unset"];

/// Fills `shared` on every union of `api`.
pub(super) fn decide(api: &mut Api) {
    let found: Vec<Vec<SharedField>> = api
        .types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Tagged(u) => shared(api, u.variants.iter().map(|v| &v.ty)),
            TypeKind::Untagged(u) => shared(api, u.variants.iter().map(|v| &v.ty)),
            _ => Vec::new(),
        })
        .collect();
    for (def, shared) in api.types.iter_mut().zip(found) {
        match &mut def.kind {
            TypeKind::Tagged(u) => u.shared = shared,
            TypeKind::Untagged(u) => u.shared = shared,
            _ => {}
        }
    }
}

/// The fields every member holds, in the first member's order; none unless every member
/// is a struct.
fn shared<'a>(api: &Api, variants: impl Iterator<Item = &'a TypeRef>) -> Vec<SharedField> {
    let Some(members) = variants.map(|ty| member(api, ty)).collect::<Option<Vec<&Struct>>>() else {
        return Vec::new();
    };
    let Some(first) = members.first() else { return Vec::new() };
    first
        .fields
        .iter()
        .filter(|field| !TAKEN.contains(&field.ident.as_str()))
        .filter_map(|field| {
            let held = members
                .iter()
                .map(|m| m.fields.iter().find(|f| f.wire == field.wire && f.ident == field.ident))
                .collect::<Option<Vec<&Field>>>()?;
            let read = read(api, &held)?;
            let members = held
                .iter()
                .map(|f| SharedMember { presence: f.presence, enumerated: enumerated(api, &f.ty) })
                .collect();
            Some(SharedField { ident: field.ident.clone(), wire: field.wire.clone(), read, members })
        })
        .collect()
}

/// The struct a variant holds, through boxes and aliases.
fn member<'a>(api: &'a Api, ty: &'a TypeRef) -> Option<&'a Struct> {
    let mut ty = ty;
    for _ in 0..=api.types.len() {
        match ty {
            TypeRef::Boxed(inner) => ty = inner,
            TypeRef::Named(id) => match &api.get(*id).kind {
                TypeKind::Struct(s) => return Some(s),
                TypeKind::Alias(target) => ty = target,
                _ => return None,
            },
            _ => return None,
        }
    }
    None
}

/// How the union reads a field its members hold as `held`: as the one type they share (a
/// string as `&str`), as text when each holds a string or its own string enum, or not at
/// all (a boxed field, or types that differ otherwise).
fn read(api: &Api, held: &[&Field]) -> Option<SharedRead> {
    let string = TypeRef::Primitive(Primitive::String);
    let ty = &held.first()?.ty;
    if held.iter().all(|f| f.ty == *ty) && *ty != string {
        return match ty {
            TypeRef::Boxed(_) => None,
            TypeRef::Vec(item) => Some(SharedRead::Slice((**item).clone())),
            TypeRef::Primitive(Primitive::Bool | Primitive::I32 | Primitive::I64 | Primitive::F64) => {
                Some(SharedRead::Copied(ty.clone()))
            }
            _ => Some(SharedRead::Typed(ty.clone())),
        };
    }
    held.iter().all(|f| f.ty == string || enumerated(api, &f.ty)).then_some(SharedRead::Text)
}

/// Whether `ty` is a string enum, under its own name or an alias's.
fn enumerated(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(id) => match &api.get(*id).kind {
            TypeKind::Enum(_) => true,
            TypeKind::Alias(target) => enumerated(api, target),
            _ => false,
        },
        _ => false,
    }
}
