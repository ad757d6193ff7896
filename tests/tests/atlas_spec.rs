//! Checks on the real Atlas Admin API v2 spec, read from `ATLAS_SPEC`.

use std::collections::HashSet;
use std::path::PathBuf;

use codegen::ir::{Api, TypeKind, TypeRef};

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A relative path is read from where the command ran ([`codegen::invocation_dir`]).
fn spec_path() -> PathBuf {
    codegen::spec_from_env(&workspace_root()).unwrap_or_else(|e| panic!("{e}; `.ci/run` sets it"))
}

fn generate() -> codegen::Output {
    let spec = codegen::load_file(&spec_path(), &overrides()).unwrap_or_else(|d| panic!("{d}"));
    codegen::generate(&spec, &codegen::Config::default()).unwrap_or_else(|d| panic!("{d}"))
}

fn overrides() -> codegen::Overrides {
    codegen::Overrides::from_file(&workspace_root().join("spec/overrides.toml")).unwrap_or_else(|e| panic!("{e}"))
}

fn find<'a>(api: &'a Api, schema: &str) -> &'a TypeKind {
    &api.types
        .iter()
        .find(|t| t.schema_name.as_deref() == Some(schema))
        .unwrap_or_else(|| panic!("{schema} missing"))
        .kind
}

#[test]
fn every_operation_and_version_is_lowered_deterministically() {
    let first = generate();
    assert_eq!(first.stats.operations, 540);
    assert!(first.stats.versions >= 540);
    let multi = first.api.operations.iter().filter(|o| o.versions.len() > 1).count();
    assert_eq!(multi, operations_with_several_versions(), "operations with several dated versions");
    let second = generate();
    assert_eq!(first.files, second.files, "two runs must give byte-identical output");
    assert_eq!(first.type_files, second.type_files, "two runs must give byte-identical types");
}

/// Counted from the raw document, independently of the generator: operations whose success
/// responses and request body together name more than one dated media type version.
fn operations_with_several_versions() -> usize {
    let raw: serde_json::Value = serde_norway::from_slice(&std::fs::read(spec_path()).unwrap()).unwrap();
    let versions = |content: Option<&serde_json::Value>| -> Vec<String> {
        let Some(content) = content.and_then(|c| c.as_object()) else { return Vec::new() };
        content
            .keys()
            .filter_map(|m| m.strip_prefix("application/vnd.atlas.")?.split('+').next().map(str::to_owned))
            .collect()
    };
    let mut count = 0;
    for item in raw["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values().filter(|op| op.get("responses").is_some()) {
            let mut all: HashSet<String> = versions(op.pointer("/requestBody/content")).into_iter().collect();
            for (status, response) in op["responses"].as_object().unwrap() {
                if status.starts_with('2') {
                    all.extend(versions(response.get("content")));
                }
            }
            count += usize::from(all.len() > 1);
        }
    }
    count
}

/// The README: type files hold at most 4,000 lines (no single type is that large).
#[test]
fn type_files_hold_at_most_4000_lines() {
    let files = generate().type_files;
    let types: Vec<_> = files.iter().filter(|f| f.path.starts_with("types/")).collect();
    assert!(types.len() > 10, "the spec's types are split into files: {}", types.len());
    for file in types {
        let lines = file.contents.lines().count();
        assert!(lines <= 4000, "{} has {lines} lines", file.path);
    }
}

#[test]
fn polymorphic_hierarchies_become_tagged_unions() {
    let output = generate();
    let api = &output.api;
    let TypeKind::Tagged(union) = find(api, "CloudRegionConfig20240805") else { panic!("not a tagged union") };
    assert_eq!(union.property, "providerName");
    let tags: Vec<&str> = union.variants.iter().flat_map(|v| v.tags.iter().map(String::as_str)).collect();
    assert_eq!(tags, ["AWS", "AZURE", "GCP", "TENANT"]);
    // Each subtype carries the base's fields and its own, the tag among them exactly once.
    for variant in &union.variants {
        let TypeRef::Named(id) = variant.ty else { panic!("variant is not a named type") };
        let TypeKind::Struct(s) = &api.get(id).kind else { panic!("subtype is not a struct") };
        assert_eq!(s.fields.iter().filter(|f| f.wire == "providerName").count(), 1);
        assert!(s.fields.iter().any(|f| f.wire == "priority"), "base fields merged");
    }
    // Hierarchies whose subtypes include their base through allOf: all tagged unions.
    let hierarchies = api
        .types
        .iter()
        .filter(
            |t| matches!(&t.kind, TypeKind::Tagged(u) if u.variants.iter().any(|v| matches!(v.ty, TypeRef::Named(_)))),
        )
        .count();
    assert!(hierarchies >= 16, "{hierarchies} tagged unions");
}

#[test]
fn one_of_string_enums_merge_into_one_enum() {
    let output = generate();
    let TypeKind::Enum(e) = find(&output.api, "EventTypeForNdsGroup") else { panic!("not an enum") };
    let idents: HashSet<&str> = e.variants.iter().map(|v| v.ident.as_str()).collect();
    let wires: HashSet<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(idents.len(), e.variants.len(), "duplicate variants");
    assert_eq!(wires.len(), e.variants.len(), "duplicate values");
    assert!(e.variants.len() > 100);
}

#[test]
fn variant_and_field_names_are_unique_everywhere() {
    let output = generate();
    for def in &output.api.types {
        let names: Vec<&str> = match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| f.ident.as_str()).collect(),
            TypeKind::Enum(e) => e.variants.iter().map(|v| v.ident.as_str()).collect(),
            TypeKind::Tagged(u) => u.variants.iter().map(|v| v.ident.as_str()).collect(),
            TypeKind::Untagged(u) => u.variants.iter().map(|v| v.ident.as_str()).collect(),
            TypeKind::Alias(_) => Vec::new(),
        };
        let unique: HashSet<&&str> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "{} repeats a name", def.name);
    }
    let type_names: HashSet<&str> = output.api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(type_names.len(), output.api.types.len());
}

#[test]
fn generated_code_carries_no_spec_prose() {
    let raw: serde_json::Value = serde_norway::from_slice(&std::fs::read(spec_path()).unwrap()).unwrap();
    let description =
        raw.pointer("/components/schemas/ClusterDescription20240805/properties/mongoDBMajorVersion/description");
    let description = description.and_then(|d| d.as_str()).expect("a known description");
    let needle: String = description.chars().take(40).collect();
    let output = generate();
    for file in output.files.iter().chain(&output.type_files) {
        assert!(!file.contents.contains(&needle), "{} copies spec prose", file.path);
    }
}

/// Every (operationId, dated version) pair of the raw spec, counted independently of the
/// generator.
fn versions_in_spec() -> HashSet<(String, String)> {
    let raw: serde_json::Value = serde_norway::from_slice(&std::fs::read(spec_path()).unwrap()).unwrap();
    let mut pairs = HashSet::new();
    for item in raw["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values().filter(|op| op.get("responses").is_some()) {
            let id = op["operationId"].as_str().unwrap().to_owned();
            let mut contents: Vec<&serde_json::Value> = op.pointer("/requestBody/content").into_iter().collect();
            for (status, response) in op["responses"].as_object().unwrap() {
                if status.starts_with('2') {
                    contents.extend(response.get("content"));
                }
            }
            // The version a media type names (`application/vnd.atlas.<version>+json`).
            for name in contents.iter().filter_map(|c| c.as_object()).flat_map(|c| c.keys()) {
                if let Some(version) = name.strip_prefix("application/vnd.atlas.").and_then(|m| m.split('+').next()) {
                    pairs.insert((id.clone(), version.to_owned()));
                }
            }
        }
    }
    pairs
}

/// Reads the committed `atlas-api/src/generated/ops/*.rs`: the accessor methods, and the
/// (operationId, version) each request builder sends.
fn methods_in_generated_code() -> (usize, HashSet<(String, String)>) {
    let dir = workspace_root().join("atlas-api/src/generated/ops");
    let (mut methods, mut pairs) = (0, HashSet::new());
    for entry in std::fs::read_dir(&dir).unwrap() {
        let file: syn::File = syn::parse_file(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        for item in &file.items {
            let syn::Item::Impl(block) = item else { continue };
            let is_accessor = block.generics.lifetimes().count() == 1 && block.trait_.is_none();
            for inner in &block.items {
                if let syn::ImplItem::Fn(f) = inner {
                    if is_accessor
                        && matches!(f.vis, syn::Visibility::Public(_))
                        && f.sig.ident != "new"
                        && !f.sig.ident.to_string().starts_with("wait_until_")
                    {
                        methods += 1;
                    }
                }
                // `impl rt::Call for Builder { const OPERATION: .. = &rt::Operation::new(id, method, path, version, ..); }`
                let syn::ImplItem::Const(operation) = inner else { continue };
                if operation.ident != "OPERATION" {
                    continue;
                }
                let syn::Expr::Reference(reference) = &operation.expr else { continue };
                let syn::Expr::Call(call) = &*reference.expr else { continue };
                let text = |i: usize| match call.args.iter().nth(i) {
                    Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. })) => s.value(),
                    _ => panic!("argument {i} of Operation::new is no string"),
                };
                pairs.insert((text(0), text(3)));
            }
        }
    }
    (methods, pairs)
}

#[test]
fn every_dated_version_of_every_operation_is_a_method() {
    let expected = versions_in_spec();
    let (methods, found) = methods_in_generated_code();
    let missing: Vec<_> = expected.difference(&found).collect();
    assert!(missing.is_empty(), "versions without a method: {missing:?}");
    assert_eq!(found.len(), expected.len());
    assert_eq!(methods, expected.len(), "one accessor method per (operation, version)");
    let operations: HashSet<&str> = expected.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(operations.len(), 540);
}

#[test]
fn types_only_some_tags_use_are_gated_by_their_features() {
    let output = generate();
    let gates = codegen::tags::type_gates(&output.tags, &codegen::tags::type_users(&output.api, &output.tags));
    let gate_of = |schema: &str| {
        let i = output.api.types.iter().position(|t| t.schema_name.as_deref() == Some(schema)).unwrap();
        gates[i].clone()
    };
    let cluster = gate_of("ClusterDescription20240805").expect("not every tag uses clusters");
    assert!(cluster.stable.contains(&"clusters".to_owned()), "{cluster:?}");
    assert!(!cluster.stable.contains(&"invoices".to_owned()), "{cluster:?}");
    assert!(gates.iter().filter(|g| g.is_some()).count() > output.api.types.len() / 2, "most types are gated");
}

#[test]
fn every_waiter_of_the_table_is_a_method() {
    let table = std::fs::read_to_string(workspace_root().join("spec/waiters.toml")).expect("spec/waiters.toml");
    let entries = table.lines().filter(|l| l.trim() == "[[waiter]]").count();
    let dir = workspace_root().join("atlas-api/src/generated/ops");
    let methods: usize = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap().matches("pub fn wait_until_").count())
        .sum();
    assert!(entries >= 30, "the issue asks for at least 30 waiters, the table has {entries}");
    assert_eq!(methods, entries, "one wait_until_ method per [[waiter]]");
}
