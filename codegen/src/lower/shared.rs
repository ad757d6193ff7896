//! Which fields a union answers itself: a property every member holds under the same name,
//! with one type (aliases of one enum are one type), or as text (a string or a string enum
//! in each member, such as the event type name each kind of event lists its own values for).
//! A member that is a union itself holds what its own accessors answer, so a union of
//! unions reads through them. The lowering decides it once; the emitter prints one accessor
//! per field.

use crate::ir::{
    Api, Field, Presence, Primitive, SharedField, SharedMember, SharedRead, Struct, Through, TypeId, TypeKind, TypeRef,
};

/// Methods a union has already, which no accessor may take.
const TAKEN: &[&str] = &["is_unset"];

/// The shared fields of each type decided so far (`None`: not a union, or not yet decided).
type Found = Vec<Option<Vec<SharedField>>>;

/// Fills `shared` on every union of `api`.
pub(super) fn decide(api: &mut Api) {
    let mut found: Found = vec![None; api.types.len()];
    for index in 0..api.types.len() {
        settle(api, TypeId(index), &mut found, &mut Vec::new());
    }
    for (def, shared) in api.types.iter_mut().zip(found) {
        match &mut def.kind {
            TypeKind::Tagged(u) => u.shared = shared.unwrap_or_default(),
            TypeKind::Untagged(u) => u.shared = shared.unwrap_or_default(),
            _ => {}
        }
    }
}

/// The variants' types of a union, `None` for any other type.
fn variants(api: &Api, id: TypeId) -> Option<Vec<&TypeRef>> {
    match &api.get(id).kind {
        TypeKind::Tagged(u) => Some(u.variants.iter().map(|v| &v.ty).collect()),
        TypeKind::Untagged(u) => Some(u.variants.iter().map(|v| &v.ty).collect()),
        _ => None,
    }
}

/// Decides union `id`, its member unions first; a union met again while it is being
/// decided (one that holds itself) shares nothing through that member.
fn settle(api: &Api, id: TypeId, found: &mut Found, visiting: &mut Vec<TypeId>) {
    let Some(variants) = variants(api, id) else { return };
    if found[id.0].is_some() || visiting.contains(&id) {
        return;
    }
    visiting.push(id);
    for ty in &variants {
        if let Some(Member::Union(inner)) = member(api, ty) {
            settle(api, inner, found, visiting);
        }
    }
    visiting.pop();
    let shared = shared(api, &variants, found);
    found[id.0] = Some(shared);
}

/// What a variant holds, through boxes and aliases.
enum Member<'a> {
    Struct(&'a Struct),
    Union(TypeId),
}

fn member<'a>(api: &'a Api, ty: &'a TypeRef) -> Option<Member<'a>> {
    let mut ty = ty;
    for _ in 0..=api.types.len() {
        match ty {
            TypeRef::Boxed(inner) => ty = inner,
            TypeRef::Named(id) => match &api.get(*id).kind {
                TypeKind::Struct(s) => return Some(Member::Struct(s)),
                TypeKind::Alias(target) => ty = target,
                TypeKind::Tagged(_) | TypeKind::Untagged(_) => return Some(Member::Union(*id)),
                TypeKind::Enum(_) => return None,
            },
            _ => return None,
        }
    }
    None
}

/// One field as a member holds it: its own, or its accessor's when the member is union `1`.
#[derive(Clone, Copy)]
enum Held<'a> {
    Own(&'a Field),
    Through(&'a SharedField, TypeId),
}

impl Held<'_> {
    fn names(&self) -> (&str, &str) {
        match self {
            Held::Own(f) => (&f.ident, &f.wire),
            Held::Through(s, _) => (&s.ident, &s.wire),
        }
    }
}

/// The fields a member holds, in its order; `None` for a member that is no struct, or a
/// union not decided (one that holds itself).
fn held<'a>(api: &'a Api, ty: &'a TypeRef, found: &'a Found) -> Option<Vec<Held<'a>>> {
    match member(api, ty)? {
        Member::Struct(s) => Some(s.fields.iter().map(Held::Own).collect()),
        Member::Union(id) => Some(found[id.0].as_ref()?.iter().map(|s| Held::Through(s, id)).collect()),
    }
}

/// The fields every member holds, in the first member's order; none unless every member
/// is a struct or a union.
fn shared(api: &Api, variants: &[&TypeRef], found: &Found) -> Vec<SharedField> {
    let Some(members) = variants.iter().map(|ty| held(api, ty, found)).collect::<Option<Vec<_>>>() else {
        return Vec::new();
    };
    let Some(first) = members.first() else { return Vec::new() };
    first
        .iter()
        .filter(|field| !TAKEN.contains(&field.names().0))
        .filter_map(|field| {
            let names = field.names();
            let held =
                members.iter().map(|m| m.iter().find(|h| h.names() == names).copied()).collect::<Option<Vec<_>>>()?;
            let read = read(api, &held)?;
            let members = held.iter().map(|h| shared_member(api, h, &read)).collect();
            Some(SharedField { ident: names.0.to_owned(), wire: names.1.to_owned(), read, members })
        })
        .collect()
}

/// How the union reads a field its members hold as `held`: as the one type they share
/// (aliases resolved, spelled as the first member spells it; a string as `&str`), as text
/// when each holds a string or a string enum of its own, or not at all (a boxed field, or
/// types that differ otherwise).
fn read(api: &Api, held: &[Held<'_>]) -> Option<SharedRead> {
    let string = TypeRef::Primitive(Primitive::String);
    let types = held.iter().map(|h| as_typed(h).map(|ty| canonical(api, &ty))).collect::<Option<Vec<_>>>();
    let one = types.as_ref().and_then(|types| types.first().filter(|ty| types.iter().all(|t| t == *ty)));
    if let Some(spelled) = one.filter(|ty| **ty != string).and_then(|_| as_typed(held.first()?)) {
        return match spelled {
            TypeRef::Boxed(_) => None,
            TypeRef::Vec(item) => Some(SharedRead::Slice(*item)),
            TypeRef::Primitive(Primitive::Bool | Primitive::I32 | Primitive::I64 | Primitive::F64) => {
                Some(SharedRead::Copied(spelled))
            }
            _ => Some(SharedRead::Typed(spelled)),
        };
    }
    held.iter().all(|h| textual(api, h)).then_some(SharedRead::Text)
}

/// The type a member holds a field as; `None` when it reads it as text only (a member
/// union whose members differ).
fn as_typed(held: &Held<'_>) -> Option<TypeRef> {
    match held {
        Held::Own(f) => Some(f.ty.clone()),
        Held::Through(s, _) => match &s.read {
            SharedRead::Typed(ty) | SharedRead::Copied(ty) => Some(ty.clone()),
            SharedRead::Slice(item) => Some(TypeRef::Vec(Box::new(item.clone()))),
            SharedRead::Text => None,
        },
    }
}

/// Whether a member can give the field as text: a string or a string enum.
fn textual(api: &Api, held: &Held<'_>) -> bool {
    match held {
        Held::Own(f) => f.ty == TypeRef::Primitive(Primitive::String) || enumerated(api, &f.ty),
        Held::Through(s, _) => match &s.read {
            SharedRead::Text => true,
            SharedRead::Typed(ty) => enumerated(api, ty),
            SharedRead::Copied(_) | SharedRead::Slice(_) => false,
        },
    }
}

fn shared_member(api: &Api, held: &Held<'_>, read: &SharedRead) -> SharedMember {
    match held {
        Held::Own(f) => {
            SharedMember { presence: f.presence, enumerated: enumerated(api, &f.ty), through: Through::Field }
        }
        Held::Through(s, id) => {
            let through = if *read == SharedRead::Text && s.read != SharedRead::Text {
                Through::AccessorText(*id)
            } else {
                Through::Accessor
            };
            SharedMember { presence: Presence::Optional, enumerated: false, through }
        }
    }
}

/// `ty` with every alias replaced by the type it names (the enum that stays after enums
/// with the same values became one), so that two aliases of one enum compare equal.
pub(crate) fn canonical(api: &Api, ty: &TypeRef) -> TypeRef {
    match ty {
        TypeRef::Named(id) => match &api.get(*id).kind {
            TypeKind::Alias(target) => canonical(api, target),
            _ => ty.clone(),
        },
        TypeRef::Vec(inner) => TypeRef::Vec(Box::new(canonical(api, inner))),
        TypeRef::Map(inner) => TypeRef::Map(Box::new(canonical(api, inner))),
        TypeRef::Boxed(inner) => TypeRef::Boxed(Box::new(canonical(api, inner))),
        TypeRef::Primitive(_) => ty.clone(),
    }
}

/// Whether `ty` is a string enum, under its own name or an alias's.
fn enumerated(api: &Api, ty: &TypeRef) -> bool {
    matches!(canonical(api, ty), TypeRef::Named(id) if matches!(api.get(id).kind, TypeKind::Enum(_)))
}
