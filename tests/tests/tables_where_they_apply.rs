//! The tables under `spec/` on a spec they were not written for: `cargo xtask regenerate`
//! generates with the entries that apply, skips and lists the others, and lets properties no
//! entry decides follow the spec's own marks (`TableUse::WhereTheyApply`); `cargo xtask check`
//! fails on any of them (`TableUse::Strict`). Each table here is a fixture table that holds
//! (`good.toml`) followed by one whose entries name what the fixture spec lacks (`broken.toml`).

use std::path::{Path, PathBuf};

use codegen::{Config, Output, TableUse};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn spec(name: &str) -> codegen::Spec {
    codegen::load_file(&fixtures().join(name), &codegen::Overrides::default()).expect("fixture loads")
}

/// The text of `good.toml` and then `broken.toml` of a table's fixture folder.
fn good_then_broken(folder: &str) -> String {
    let read = |file: &str| std::fs::read_to_string(fixtures().join(folder).join(file)).expect("fixture table");
    format!("{}\n{}", read("good.toml"), read("broken.toml"))
}

/// Generates strictly (which must fail, naming what `skipped` lists) and where they apply.
fn both_ways(spec: &codegen::Spec, config: Config) -> Output {
    let strict = codegen::generate(spec, &Config { tables: TableUse::Strict, ..config.clone() });
    let Err(diagnostics) = strict else { panic!("a table that does not apply must fail a strict generation") };
    let output = codegen::generate(spec, &Config { tables: TableUse::WhereTheyApply, ..config })
        .unwrap_or_else(|d| panic!("where they apply, the tables never fail generation: {d}"));
    assert!(!output.skipped.is_empty());
    for skipped in &output.skipped {
        assert!(skipped.pointer.as_str().starts_with('#'), "{skipped} has no JSON pointer");
        assert!(diagnostics.iter().any(|d| d == skipped), "{skipped}: not what the strict run reported");
    }
    output
}

#[test]
fn waiters_that_apply_are_generated_and_the_rest_listed() {
    let table = codegen::tables::waiters::WaitersTable::parse(&good_then_broken("waiters")).expect("parses");
    let config = Config { include_unreferenced: true, waiters: Some(table), ..Config::default() };
    let output = both_ways(&spec("operations.yaml"), config);
    let names: Vec<&str> = output.api.waiters.iter().map(|w| w.name.as_str()).collect();
    // broken.toml names two waiters `after_nothing`: the one that holds alone is kept.
    assert_eq!(names, ["cluster_idle", "cluster_deleted", "endpoint_listed", "after_nothing"]);
    let methods: usize = output.files.iter().map(|f| f.contents.matches("pub fn wait_until_").count()).sum();
    assert_eq!(methods, 4);
    // Each other broken waiter is listed, by name.
    let named: std::collections::BTreeSet<&str> =
        output.skipped.iter().filter_map(|d| d.message.split('`').nth(1)).collect();
    assert_eq!(named.len(), 14, "{:?}", output.skipped);
}

#[test]
fn error_codes_and_events_that_apply_are_kept() {
    let table = codegen::tables::error_codes::ErrorCodesTable::parse(&good_then_broken("error_codes")).expect("parses");
    let output = both_ways(&spec("operations.yaml"), Config { error_codes: Some(table), ..Config::default() });
    let item = "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}";
    assert_eq!(output.api.error_codes.missing, [(item.to_owned(), "CLUSTER_NOT_FOUND".to_owned())]);
    assert_eq!(output.skipped.len(), 8, "every broken entry, once: {:?}", output.skipped);

    let table = codegen::tables::events::EventsTable::parse(&good_then_broken("events")).expect("parses");
    let output = both_ways(&spec("events.yaml"), Config { events: Some(table), ..Config::default() });
    let events: Vec<(&str, &str, bool)> =
        output.api.events.iter().map(|e| (e.after.as_str(), e.event.as_str(), e.by_caller)).collect();
    assert_eq!(
        events,
        [("createGroupCluster", "CLUSTER_CREATED", true), ("deleteGroupCluster", "CLUSTER_DELETED", false)]
    );
    assert_eq!(output.skipped.len(), 8, "every broken entry, once: {:?}", output.skipped);
}

/// Whether a request sends each field of the access fixture's `Shard`, by wire name.
fn shard_sent(output: &Output) -> Vec<(&str, bool)> {
    let shard = output.api.types.iter().find(|t| t.name == "Shard").expect("Shard");
    let codegen::ir::TypeKind::Struct(s) = &shard.kind else { panic!("Shard is a struct") };
    s.fields.iter().map(|f| (f.wire.as_str(), f.in_request)).collect()
}

/// `broken.toml` decides nothing for `effective` (which references a schema read-only as a
/// whole) and names properties the fixture lacks: generation lists both, and `effective`
/// follows the spec's mark as it would without a table (it is sent).
#[test]
fn undecided_properties_follow_the_spec_s_marks() {
    let table = codegen::tables::request_fields::RequestFieldsTable::parse(&good_then_broken("request_fields"))
        .expect("parses");
    let config = Config { request_fields: Some(table), ..Config::fixture() };
    let output = both_ways(&spec("access.yaml"), config);
    let sent = shard_sent(&output);
    // `id` and `analytics` by good.toml's [[send]], `effective` by good.toml's [[strip]].
    assert_eq!(sent, [("id", true), ("analytics", true), ("effective", false)]);
    let listed = output.skipped.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
    assert!(listed.contains("stateName"), "{listed}");
    assert!(listed.contains("Shard/properties/gone"), "{listed}");

    let table = codegen::tables::request_fields::RequestFieldsTable::parse(
        &std::fs::read_to_string(fixtures().join("request_fields/broken.toml")).expect("fixture table"),
    )
    .expect("parses");
    let output = both_ways(&spec("access.yaml"), Config { request_fields: Some(table), ..Config::fixture() });
    let effective = shard_sent(&output).into_iter().find(|(wire, _)| *wire == "effective").expect("effective");
    assert!(effective.1, "undecided, it follows the spec's mark (a read-only schema's property is sent)");
    let listed = output.skipped.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
    assert!(listed.contains("Shard/properties/effective: request fields: this property references"), "{listed}");
}
