//! A union member whose tag has one value sets it itself: `EmailNotification::new()` is
//! an email notification, `ConnectionsRawMetricThresholdView::new()` is the `CONNECTIONS`
//! threshold, without the caller writing the tag again (as an enum of one value, or as a
//! free string a mismatch of which is found only when encoded). A struct gets its tag's
//! value as its own when every union that holds it selects it by that one value, and the
//! field can hold it (a string, or an enum that lists it).

use std::collections::BTreeMap;

use crate::ir::{Api, TypeId, TypeKind, TypeRef};

/// Sets `fixed` on the tag field of every struct whose tag has one value.
pub(super) fn decide(api: &mut Api) {
    for ((id, wire), value) in fixed(api) {
        if let TypeKind::Struct(s) = &mut api.types[id.0].kind {
            if let Some(field) = s.fields.iter_mut().find(|f| f.wire == wire) {
                field.facts.push(format!("`new()` sets it to `{value}`, the one tag that selects this type."));
                field.fixed = Some(value);
            }
        }
    }
}

/// (struct, tag property) -> the one tag value every union selects it by.
fn fixed(api: &Api) -> BTreeMap<(TypeId, String), String> {
    let mut seen: BTreeMap<(TypeId, String), Vec<&str>> = BTreeMap::new();
    for def in &api.types {
        let TypeKind::Tagged(union) = &def.kind else { continue };
        for variant in &union.variants {
            if let Some(id) = struct_of(api, &variant.ty) {
                let values = seen.entry((id, union.property.clone())).or_default();
                values.extend(variant.tags.iter().map(String::as_str));
            }
        }
    }
    seen.into_iter()
        .filter_map(|((id, wire), mut values)| {
            values.sort_unstable();
            values.dedup();
            let [value] = values[..] else { return None };
            holds(api, id, &wire, value).then(|| ((id, wire), value.to_owned()))
        })
        .collect()
}

/// The struct a variant holds, through aliases (a boxed member is left as it is).
fn struct_of(api: &Api, ty: &TypeRef) -> Option<TypeId> {
    let mut ty = ty;
    for _ in 0..=api.types.len() {
        let TypeRef::Named(id) = ty else { return None };
        match &api.get(*id).kind {
            TypeKind::Struct(_) => return Some(*id),
            TypeKind::Alias(target) => ty = target,
            _ => return None,
        }
    }
    None
}

/// Whether struct `id`'s field `wire` is writable and can hold `value`: a string, or a
/// string enum listing it.
fn holds(api: &Api, id: TypeId, wire: &str, value: &str) -> bool {
    let TypeKind::Struct(s) = &api.get(id).kind else { return false };
    let Some(field) = s.fields.iter().find(|f| f.wire == wire) else { return false };
    if field.read_only != crate::ir::ReadOnly::No {
        return false;
    }
    match super::shared::canonical(api, &field.ty) {
        TypeRef::Primitive(crate::ir::Primitive::String) => true,
        TypeRef::Named(enum_id) => match &api.get(enum_id).kind {
            TypeKind::Enum(e) => e.variants.iter().any(|v| v.wire == value),
            _ => false,
        },
        _ => false,
    }
}
