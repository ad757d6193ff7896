//! API keys: an organization's, and one `createGroupApiKey` makes for a project (the spec:
//! "Create and Assign One Organization API Key to One Project": an organization key,
//! assigned to the project). Each is answered as Atlas forms a new key, its private key whole
//! in the create's answer only.

use serde_json::{json, Map, Value};

use super::named::{Collections, GROUPS, ORGS};
use super::Context;
use crate::fake::server_set::self_link;
use crate::fake::store::{written, Item, Store};

/// An organization's API keys, as the spec writes the collection's template.
pub(super) const OF_ORG: &str = "/api/atlas/v2/orgs/{orgId}/apiKeys";
/// A project's, likewise.
pub(super) const OF_PROJECT: &str = "/api/atlas/v2/groups/{groupId}/apiKeys";

/// A new API key, as `createApiKey` and `createGroupApiKey` answer it: its roles as role
/// objects in the organization or the project it is made in (`CloudAccessRoleAssignment`:
/// `orgId` or `groupId`, and `roleName`), a public key of eight lower-case letters and a
/// private key (a UUID), as Atlas forms them.
pub(super) fn created(fields: &mut Map<String, Value>, context: &Context<'_>) {
    let scope = match (context.param("orgId"), context.param("groupId")) {
        (Some(org), _) => ("orgId", org.to_owned()),
        (None, group) => ("groupId", group.unwrap_or_default().to_owned()),
    };
    if let Some(Value::Array(roles)) = fields.get_mut("roles") {
        for role in roles.iter_mut() {
            if let Value::String(name) = role {
                *role = json!({ scope.0: scope.1, "roleName": name });
            }
        }
    }
    let id = (context.id)();
    let letters: String = id.bytes().rev().take(8).map(|b| char::from(b'a' + b % 26)).collect();
    super::set_absent(fields, "publicKey", json!(letters));
    let private = format!("{}-{}-{}-{}-{}", &id[..8], &id[8..12], &id[12..16], &id[16..20], &id[8..20]);
    super::set_absent(fields, "privateKey", json!(private));
}

/// A key made for a project is one of its organization's keys too, listed and read there
/// with its project roles (as `addGroupApiKey` leaves an organization key assigned).
pub(super) fn listed_in_organization(store: &Store, collections: &mut Collections, _: super::Query<'_>, key: &Value) {
    let group = key["roles"].as_array().into_iter().flatten().find_map(|role| role["groupId"].as_str());
    let projects = collections.get(GROUPS).into_iter().flatten();
    let org = projects.filter(|project| Some(project.key.as_str()) == group).find_map(|p| p.value["orgId"].as_str());
    let (Some(org), Some(id)) = (org.map(str::to_owned), key["id"].as_str()) else { return };
    let Some(read) = store.newest("getOrgApiKey").map(written) else { return };
    let keys = format!("{ORGS}/{org}/apiKeys");
    let path = format!("{keys}/{id}");
    let mut listed = key.clone();
    listed["links"] = self_link(&path);
    collections.entry(keys).or_default().push(Item::of(OF_ORG, id.to_owned(), path, read, listed));
}

/// A private key as Atlas answers it after its creation (one already redacted, as it was).
pub(super) fn redacted(private: &str) -> String {
    if private.starts_with("********-") {
        return private.to_owned();
    }
    let tail = private.len().checked_sub(12).and_then(|at| private.get(at..)).unwrap_or_default();
    format!("********-****-****-{tail}")
}
