//! The error codes the fake answers a missing or duplicate item with: Atlas's own where a
//! source shows it, else the spec's generic `RESOURCE_NOT_FOUND` for a missing item, and for
//! a duplicate a code the fake names itself (`FAKE_DUPLICATE_ITEM`), as the mock names its own
//! (`MOCK_UNEXPECTED_CALL`), so a test never relies on a code Atlas was not seen to send.
//! `tests/tests/atlas_spec.rs` holds each entry to the spec: the item's GET documents a 404,
//! the collection's POST a 409.

/// The collection's last path segment, the item's parameter, the 404 code, where it was seen.
pub type NotFound = (&'static str, &'static str, &'static str, &'static str);
/// The collection's last path segment, the 409 code of a second item with the same key, where it was seen.
pub type Duplicate = (&'static str, &'static str, &'static str);

pub(crate) const NOT_FOUND: &[NotFound] = &[
    ("groups", "groupId", "GROUP_NOT_FOUND", "Terraform provider, internal/service/projectapikey"),
    ("clusters", "clusterName", "CLUSTER_NOT_FOUND", "recorded Atlas responses; Terraform advancedcluster/resource.go"),
    ("roles", "roleName", "ATLAS_CUSTOM_ROLE_NOT_FOUND", "Terraform provider, internal/service/customdbrole"),
    ("snapshots", "snapshotId", "SNAPSHOT_NOT_FOUND", "Terraform provider, cloudbackupsnapshotrestorejob tests"),
    ("connections", "connectionName", "STREAM_CONNECTION_NOT_FOUND", "Terraform provider test-suite notes"),
    ("apiKeys", "apiUserId", "API_KEY_NOT_FOUND", "Terraform provider, internal/service/projectapikey"),
];

pub(crate) const DUPLICATE: &[Duplicate] =
    &[("clusters", "DUPLICATE_CLUSTER_NAME", "Terraform provider test-suite notes")];

fn last(collection: &str) -> &str {
    collection.rsplit('/').next().unwrap_or(collection)
}

/// The 404 of a missing item of `collection` named by the parameter `name`.
pub(crate) fn not_found(collection: &str, name: &str) -> &'static str {
    let last = last(collection);
    NOT_FOUND.iter().find(|(c, n, _, _)| *c == last && *n == name).map_or("RESOURCE_NOT_FOUND", |entry| entry.2)
}

/// The 409 of an item created twice in `collection`.
pub(crate) fn duplicate(collection: &str) -> &'static str {
    let last = last(collection);
    DUPLICATE.iter().find(|(c, _, _)| *c == last).map_or("FAKE_DUPLICATE_ITEM", |entry| entry.1)
}
