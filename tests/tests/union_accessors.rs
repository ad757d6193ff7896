//! Every field the members of a union hold with one type is read on the union, through
//! members that are unions themselves: counted on the real spec (`ATLAS_SPEC`) by flattening
//! each union into the structs under it, independently of `lower/shared.rs`, which decides
//! member by member.

use std::path::PathBuf;

use codegen::ir::{Api, Field, SharedField, SharedRead, Struct, TypeKind, TypeRef};

fn generate() -> codegen::Output {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let path = codegen::spec_from_env(&root).unwrap_or_else(|e| panic!("{e}; `.ci/run` sets it"));
    let overrides = codegen::Overrides::from_file(&root.join("spec/overrides.toml")).unwrap_or_else(|e| panic!("{e}"));
    let spec = codegen::load_file(&path, &overrides).unwrap_or_else(|d| panic!("{d}"));
    codegen::generate(&spec, &codegen::Config::default()).unwrap_or_else(|d| panic!("{d}"))
}

/// `ty` with aliases replaced by what they name: aliases of one enum are one type.
fn resolved(api: &Api, ty: &TypeRef) -> TypeRef {
    match ty {
        TypeRef::Named(id) => match &api.get(*id).kind {
            TypeKind::Alias(target) => resolved(api, target),
            _ => ty.clone(),
        },
        TypeRef::Vec(inner) => TypeRef::Vec(Box::new(resolved(api, inner))),
        TypeRef::Map(inner) => TypeRef::Map(Box::new(resolved(api, inner))),
        TypeRef::Boxed(inner) => TypeRef::Boxed(Box::new(resolved(api, inner))),
        TypeRef::Primitive(_) => ty.clone(),
    }
}

/// Every struct under `ty`, through aliases, boxes and nested unions; `None` when a
/// member is no struct (a string, an enum) or the nesting does not end.
fn structs<'a>(api: &'a Api, ty: &'a TypeRef, depth: usize) -> Option<Vec<&'a Struct>> {
    let members = |variants: Vec<&'a TypeRef>| {
        variants.into_iter().map(|ty| structs(api, ty, depth + 1)).collect::<Option<Vec<_>>>().map(|v| v.concat())
    };
    match ty {
        _ if depth > 16 => None,
        TypeRef::Boxed(inner) => structs(api, inner, depth + 1),
        TypeRef::Named(id) => match &api.get(*id).kind {
            TypeKind::Struct(s) => Some(vec![s]),
            TypeKind::Alias(target) => structs(api, target, depth + 1),
            TypeKind::Tagged(u) => members(u.variants.iter().map(|v| &v.ty).collect()),
            TypeKind::Untagged(u) => members(u.variants.iter().map(|v| &v.ty).collect()),
            TypeKind::Enum(_) => None,
        },
        _ => None,
    }
}

/// (union, field, whether every struct under it holds one type, the accessor).
fn held_by_all(api: &Api) -> Vec<(String, String, bool, Option<SharedField>)> {
    let mut out = Vec::new();
    for def in &api.types {
        let (variants, shared): (Vec<&TypeRef>, &[SharedField]) = match &def.kind {
            TypeKind::Tagged(u) => (u.variants.iter().map(|v| &v.ty).collect(), &u.shared),
            TypeKind::Untagged(u) => (u.variants.iter().map(|v| &v.ty).collect(), &u.shared),
            _ => continue,
        };
        let all = variants.iter().map(|ty| structs(api, ty, 0)).collect::<Option<Vec<_>>>().map(|v| v.concat());
        let Some(all) = all.filter(|all| !all.is_empty()) else { continue };
        for field in &all[0].fields {
            let held = all
                .iter()
                .map(|s| s.fields.iter().find(|f| f.wire == field.wire && f.ident == field.ident))
                .collect::<Option<Vec<&Field>>>();
            let Some(held) = held else { continue };
            let one = held.iter().all(|f| resolved(api, &f.ty) == resolved(api, &field.ty));
            let accessor = shared.iter().find(|s| s.ident == field.ident).cloned();
            out.push((def.name.clone(), field.ident.clone(), one, accessor));
        }
    }
    out
}

#[test]
fn every_field_all_members_hold_with_one_type_has_a_typed_accessor() {
    let output = generate();
    let api = &output.api;
    let held = held_by_all(api);
    let one: Vec<_> = held.iter().filter(|(_, _, one, _)| *one).collect();
    // A string is read as `&str`; any other type as itself (an enum as the one enum its
    // members' aliases name), never as text.
    let untyped: Vec<String> = one
        .iter()
        .filter(|(_, _, _, accessor)| match accessor {
            None => true,
            Some(s) => s.read == SharedRead::Text && s.members.iter().any(|m| m.enumerated),
        })
        .map(|(union, field, _, _)| format!("{union}::{field}"))
        .collect();
    assert_eq!(untyped, Vec::<String>::new(), "fields every member holds with one type, read untyped or not at all");
    assert_eq!(one.len(), 281, "fields every member of a union holds with one type");
}

#[test]
fn every_events_and_alerts_union_reads_its_event_type_name() {
    let output = generate();
    let held = held_by_all(&output.api);
    let unions: Vec<&str> = held
        .iter()
        .filter(|(_, field, _, _)| field == "event_type_name")
        .map(|(union, _, _, accessor)| {
            assert!(accessor.is_some(), "{union} has no event_type_name()");
            union.as_str()
        })
        .collect();
    for union in ["GroupAlertsConfig", "AlertViewForNdsGroup", "EventViewForNdsGroup", "EventViewForOrg"] {
        assert!(unions.contains(&union), "{union}: {unions:?}");
    }
}

#[test]
fn a_tag_the_members_hold_as_one_enum_is_read_as_it() {
    let output = generate();
    let api = &output.api;
    let def = api.types.iter().find(|t| t.name == "CloudRegionConfig20240805").expect("the region config");
    let TypeKind::Tagged(union) = &def.kind else { panic!("not a tagged union") };
    let provider = union.shared.iter().find(|s| s.wire == "providerName").expect("providerName()");
    let SharedRead::Typed(ty) = &provider.read else { panic!("{:?}", provider.read) };
    assert!(matches!(resolved(api, ty), TypeRef::Named(id) if matches!(api.get(id).kind, TypeKind::Enum(_))));
}
