//! What a call names, for the code of the resources the model gives no role: its path
//! parameters (decoded), the item a collection holds under a key, and the 404 Atlas answers
//! for one that is not there.

use std::collections::BTreeMap;

use crate::fake::codes;
use crate::fake::resource::decoded;
use crate::fake::store::{Item, StoreRequest};
use crate::mock::answer::AtlasError;

/// The organizations' collection, as requests address it.
pub(super) const ORGS: &str = "/api/atlas/v2/orgs";
/// The projects' collection, as requests address it.
pub(super) const GROUPS: &str = "/api/atlas/v2/groups";
/// An organization's members, as the spec writes the collection's template.
pub(super) const ORG_USERS: &str = "/api/atlas/v2/orgs/{orgId}/users";

/// Whether `path` is an organization's members (`/api/atlas/v2/orgs/{orgId}/users`), not a
/// team's (`.../teams/{teamId}/users`); its organization's id when it is.
pub(super) fn members_of(path: &str) -> Option<&str> {
    let org = path.strip_prefix(ORGS)?.strip_prefix('/')?.strip_suffix("/users")?;
    (!org.contains('/')).then_some(org)
}

/// Whether `path` is an organization's API keys (`/api/atlas/v2/orgs/{orgId}/apiKeys`).
pub(super) fn org_keys(path: &str) -> bool {
    let org = path.strip_prefix(ORGS).and_then(|rest| rest.strip_prefix('/'));
    org.and_then(|rest| rest.strip_suffix("/apiKeys")).is_some_and(|org| !org.contains('/'))
}

/// Atlas's users, as `getUser` reads them.
pub(super) const USERS: &str = "/api/atlas/v2/users";
/// A project's clusters, as the spec writes the collection's template.
pub(super) const CLUSTERS: &str = "/api/atlas/v2/groups/{groupId}/clusters";

/// The path parameters of the request, decoded.
pub(super) fn params(asked: &StoreRequest<'_>) -> Vec<(&'static str, String)> {
    let values = asked.known.operation.path.values(asked.path);
    values.into_iter().map(|(name, value)| (name, decoded(&value))).collect()
}

pub(super) fn param<'p>(params: &'p [(&'static str, String)], name: &str) -> Option<&'p str> {
    params.iter().find(|(param, _)| *param == name).map(|(_, value)| value.as_str())
}

/// A 404 for `key`, missing where the item template `item` (as the spec writes it) names it.
pub(super) fn missing(item: &str, key: &str) -> AtlasError {
    AtlasError::not_found(codes::missing_item(item)).detail(format!("No item {key} exists at {item}."))
}

/// The fake's collections, by path.
pub(crate) type Collections = BTreeMap<String, Vec<Item>>;

pub(super) fn held<'c>(
    collections: &'c mut BTreeMap<String, Vec<Item>>,
    collection: &str,
    key: &str,
) -> Option<&'c mut Item> {
    collections.get_mut(collection)?.iter_mut().find(|item| item.key == key)
}
