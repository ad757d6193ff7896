//! The API change report on a fixture pair that holds every kind of change: each reported
//! with its semver weight, pinned as Markdown and JSON.

use std::path::Path;

use codegen::diff::{diff, ChangeKind};
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
    let expected: &[(ChangeKind, &str, bool)] = &[
        (ChangeKind::OperationAdded, "getGroupFresh", false),
        (ChangeKind::OperationRemoved, "getGroupLegacy", true),
        (ChangeKind::OperationDeprecated, "deleteGroupCluster", false),
        (ChangeKind::VersionAdded, "getGroupCluster 2025-03-12", false),
        (ChangeKind::VersionRemoved, "deleteGroupCluster 2023-01-01", true),
        (ChangeKind::VersionRemoved, "getGroupPreviewThing preview", false),
        (ChangeKind::VersionRemoved, "getGroupZone 2023-01-01", true),
        (ChangeKind::VersionSunset, "getGroupCluster 2023-01-01", false),
        (ChangeKind::VersionRetyped, "getGroupCluster 2024-08-05", true),
        (ChangeKind::DefaultVersionChanged, "getGroupCluster", true),
        (ChangeKind::PreviewPromoted, "getGroupPreviewThing 2025-03-12", false),
        (ChangeKind::ParameterAdded, "getGroupCluster includeCount", false),
        (ChangeKind::ParameterAdded, "getGroupCluster tenant", true),
        (ChangeKind::ParameterRemoved, "getGroupCluster verbose", true),
        (ChangeKind::ParameterMadeRequired, "getGroupCluster detail", true),
        (ChangeKind::ParameterMadeOptional, "getGroupCluster limit", true),
        (ChangeKind::ParameterRetyped, "getGroupCluster region", true),
        (ChangeKind::ParameterFromBody, "createGroupHook 2023-01-01 hookType", true),
        (ChangeKind::ParameterNoLongerFromBody, "updateGroupHook 2023-01-01 hookType", true),
        (ChangeKind::TypeAdded, "ClusterV2", false),
        (ChangeKind::TypeRemoved, "AzureProvider", true),
        (ChangeKind::TypeRenamed, "OldName", true),
        (ChangeKind::TypeKindChanged, "Shape", true),
        (ChangeKind::FieldAdded, "Cluster.labels", false),
        (ChangeKind::FieldAdded, "Cluster.tier", true),
        (ChangeKind::FieldRemoved, "Cluster.paused", true),
        (ChangeKind::FieldRetyped, "Cluster.diskSizeGB", true),
        (ChangeKind::FieldRetyped, "Cluster.zone", true),
        (ChangeKind::EnumValueAdded, "State::DELETING", false),
        (ChangeKind::EnumValueRemoved, "State::REPEATING", true),
        (ChangeKind::VariantAdded, "Provider::Gcp", false),
        (ChangeKind::VariantRemoved, "Provider::Azure", true),
    ];
    for (kind, subject, breaking) in expected {
        let found = report.changes.iter().find(|c| c.kind == *kind && c.subject == *subject);
        let found = found.unwrap_or_else(|| panic!("no {kind:?} of {subject}:\n{}", report.markdown("report")));
        assert_eq!(found.breaking, *breaking, "{kind:?} {subject}: {}", found.detail);
    }
    // Every kind the report knows is exercised by the pair.
    let kinds: std::collections::BTreeSet<ChangeKind> = report.changes.iter().map(|c| c.kind).collect();
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
