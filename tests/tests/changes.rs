//! The API change report on a fixture pair that holds every kind of change: each reported
//! with its semver weight, pinned as Markdown and JSON.

use std::path::Path;

use codegen::diff::{diff, Kind};
use codegen::surface::Surface;

fn surface(name: &str) -> Surface {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/changes").join(name);
    let spec = codegen::load_file(&path, &codegen::Overrides::default()).unwrap_or_else(|d| panic!("{d}"));
    let output = codegen::generate(&spec, &codegen::Config::default()).unwrap_or_else(|d| panic!("{d}"));
    Surface::of(&output.api)
}

#[test]
fn every_kind_of_change_is_reported_with_its_semver_weight() {
    let report = diff(&surface("old.yaml"), &surface("new.yaml"));
    let expected: &[(Kind, &str, bool)] = &[
        (Kind::OperationAdded, "getGroupFresh", false),
        (Kind::OperationRemoved, "getGroupLegacy", true),
        (Kind::OperationDeprecated, "deleteGroupCluster", false),
        (Kind::VersionAdded, "getGroupCluster 2025-03-12", false),
        (Kind::VersionRemoved, "deleteGroupCluster 2023-01-01", true),
        (Kind::VersionRemoved, "getGroupPreviewThing preview", false),
        (Kind::VersionRemoved, "getGroupZone 2023-01-01", true),
        (Kind::VersionSunset, "getGroupCluster 2023-01-01", false),
        (Kind::VersionRetyped, "getGroupCluster 2024-08-05", true),
        (Kind::DefaultVersionChanged, "getGroupCluster", true),
        (Kind::PreviewPromoted, "getGroupPreviewThing 2025-03-12", false),
        (Kind::ParameterAdded, "getGroupCluster includeCount", false),
        (Kind::ParameterAdded, "getGroupCluster tenant", true),
        (Kind::ParameterRemoved, "getGroupCluster verbose", true),
        (Kind::ParameterMadeRequired, "getGroupCluster detail", true),
        (Kind::ParameterMadeOptional, "getGroupCluster limit", true),
        (Kind::ParameterRetyped, "getGroupCluster region", true),
        (Kind::ParameterFromBody, "createGroupHook 2023-01-01 hookType", true),
        (Kind::ParameterNoLongerFromBody, "updateGroupHook 2023-01-01 hookType", true),
        (Kind::TypeAdded, "ClusterV2", false),
        (Kind::TypeRemoved, "AzureProvider", true),
        (Kind::TypeRenamed, "OldName", true),
        (Kind::TypeKindChanged, "Shape", true),
        (Kind::FieldAdded, "Cluster.labels", false),
        (Kind::FieldAdded, "Cluster.tier", true),
        (Kind::FieldRemoved, "Cluster.paused", true),
        (Kind::FieldRetyped, "Cluster.diskSizeGB", true),
        (Kind::FieldRetyped, "Cluster.zone", true),
        (Kind::EnumValueAdded, "State::DELETING", false),
        (Kind::EnumValueRemoved, "State::REPEATING", true),
        (Kind::VariantAdded, "Provider::Gcp", false),
        (Kind::VariantRemoved, "Provider::Azure", true),
    ];
    for (kind, subject, breaking) in expected {
        let found = report.changes.iter().find(|c| c.kind == *kind && c.subject == *subject);
        let found = found.unwrap_or_else(|| panic!("no {kind:?} of {subject}:\n{}", report.markdown("report")));
        assert_eq!(found.breaking, *breaking, "{kind:?} {subject}: {}", found.detail);
    }
    // Every kind the report knows is exercised by the pair.
    let kinds: std::collections::BTreeSet<Kind> = report.changes.iter().map(|c| c.kind).collect();
    assert_eq!(kinds.len(), 27, "{kinds:?}");
    assert_eq!(report.semver(), "breaking");
    insta::assert_snapshot!("changes_markdown", report.markdown("API changes from old.yaml to new.yaml"));
    insta::assert_snapshot!("changes_json", report.json());
}

#[test]
fn additions_alone_are_not_breaking_and_no_change_is_none() {
    let (old, new) = (surface("old.yaml"), surface("new.yaml"));
    assert_eq!(diff(&old, &old).semver(), "none");
    assert!(diff(&old, &old).changes.is_empty());
    // Only what new.yaml adds, on top of old.yaml: a new operation, a new optional field and
    // a new enum value.
    let mut grown = old.clone();
    grown.operations.insert("getGroupFresh".into(), new.operations["getGroupFresh"].clone());
    let cluster = grown.types.get_mut("Cluster").unwrap();
    cluster.fields.insert("labels".into(), "Option<Vec<String>>".into());
    grown.types.get_mut("State").unwrap().values.push("DELETING".into());
    let report = diff(&old, &grown);
    assert_eq!(report.changes.len(), 3, "{}", report.summary());
    assert_eq!(report.semver(), "additive");
}
