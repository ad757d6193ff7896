//! The operations the model gives no role (an action such as a team's `:addUser`, a read by
//! name, a project's processes), answered by the code of the resource they act on, from the
//! same state: a team's members are the organization's users whose `teamIds` name it (as
//! Atlas answers `listOrgTeamUsers`, recorded), a user's roles are the ones added and removed,
//! an organization's API key assigned to a project is listed there with its project roles.
//! What they answer is put in the shape of the operation's answer and checked, as every
//! answer of the fake is.

use serde_json::{json, Value};

use super::named::{held, missing, param, params, GROUPS, ORGS};
use super::{processes, teams};
use crate::fake::store::{Item, JsonAnswer, Store, StoreRequest};

/// Answers one operation (of the version the table names, or every version) from the state.
type AnswerFn = fn(&Store, &StoreRequest<'_>) -> Option<JsonAnswer>;

/// Each operation and version (`None`: every one) the code of its resource answers.
static CALLS: &[(&str, Option<&str>, AnswerFn)] = &[
    ("addOrgTeamUser", None, |store, asked| teams::member(store, asked, true)),
    ("removeOrgTeamUser", None, |store, asked| teams::member(store, asked, false)),
    ("addOrgTeamUsers", None, teams::members_added),
    ("addGroupUsers", None, super::project_users::added),
    ("createOrg", None, super::orgs::created),
    ("listOrgTeamUsers", Some("2025-02-19"), teams::users),
    ("getOrgTeamByName", None, teams::by_name),
    ("getUser", None, teams::user),
    ("addOrgUserRole", None, |store, asked| org_role(store, asked, true)),
    ("removeOrgUserRole", None, |store, asked| org_role(store, asked, false)),
    ("addGroupUserRole", None, |store, asked| group_role(store, asked, true)),
    ("removeGroupUserRole", None, |store, asked| group_role(store, asked, false)),
    ("addGroupApiKey", None, project_api_key),
    ("listGroupProcesses", None, processes::list),
    ("getGroupProcess", None, processes::read),
    ("listGroupProcessDatabases", None, processes::databases),
    ("getGroupProcessDatabase", None, processes::database),
    ("listGroupProcessDisks", None, processes::disks),
    ("getGroupProcessDisk", None, processes::disk),
    ("upgradeGroupClusterTenantUpgrade", None, super::tenant_upgrade::upgrade),
];

fn of(operation: &str, version: &str) -> Option<AnswerFn> {
    let fits = |(id, only, _): &&(&str, Option<&str>, AnswerFn)| *id == operation && only.is_none_or(|v| v == version);
    CALLS.iter().find(fits).map(|(_, _, answer)| *answer)
}

/// The answer of the resource's code to `asked`, when it answers the operation; `None`
/// leaves it to the model (or the spec's example).
pub(crate) fn answer(store: &Store, asked: &StoreRequest<'_>) -> Option<JsonAnswer> {
    of(asked.known.operation.id, asked.known.operation.version)?(store, asked)
}

/// Whether a resource's code answers `operation` at `version`.
pub(crate) fn handles(operation: &str, version: &str) -> bool {
    of(operation, version).is_some() || operation == processes::DOWNLOAD
}

/// The value sent as `field` of the body's object.
pub(super) fn sent(asked: &StoreRequest<'_>, field: &str) -> Option<String> {
    let body: Value = serde_json::from_slice(asked.body).ok()?;
    body.get(field)?.as_str().map(str::to_owned)
}

/// Adds `value` to (or removes it from) the list at `path` in `item`, as a set (an absent or
/// null list, or object on the way, is made): whether the list changed.
pub(super) fn toggle(item: &mut Value, path: &[&str], value: &str, add: bool) -> bool {
    let mut at = item;
    for (n, key) in path.iter().enumerate() {
        let made = if n + 1 == path.len() { json!([]) } else { json!({}) };
        if !at.is_object() {
            *at = json!({});
        }
        let slot = at.as_object_mut().expect("an object").entry(*key).or_insert(Value::Null);
        if slot.is_null() || slot.is_array() != made.is_array() {
            *slot = made;
        }
        at = slot;
    }
    let list = at.as_array_mut().expect("a list");
    let before = list.len();
    list.retain(|held| held.as_str() != Some(value));
    let removed = list.len() != before;
    if add {
        list.push(json!(value));
    }
    add != removed
}

/// `:addRole` / `:removeRole` of an organization's user: its `roles.orgRoles`.
fn org_role(store: &Store, asked: &StoreRequest<'_>, add: bool) -> Option<JsonAnswer> {
    let params = params(asked);
    let (org, user) = (param(&params, "orgId")?, param(&params, "userId")?);
    let role = sent(asked, "orgRole")?;
    let mut collections = store.collections();
    let Some(member) = held(&mut collections, &format!("{ORGS}/{org}/users"), user) else {
        return Some(Err(missing("/api/atlas/v2/orgs/{orgId}/users/{userId}", user)));
    };
    toggle(&mut member.value, &["roles", "orgRoles"], &role, add);
    Some(Ok((asked.known.operation.status, Some(member.value.clone()))))
}

/// `:addRole` / `:removeRole` of a project's user: its `roles`.
fn group_role(store: &Store, asked: &StoreRequest<'_>, add: bool) -> Option<JsonAnswer> {
    let params = params(asked);
    let (group, user_id) = (param(&params, "groupId")?, param(&params, "userId")?);
    let role = sent(asked, "groupRole")?;
    let mut collections = store.collections();
    let Some(member) = held(&mut collections, &format!("{GROUPS}/{group}/users"), user_id) else {
        return Some(Err(missing("/api/atlas/v2/groups/{groupId}/users/{userId}", user_id)));
    };
    toggle(&mut member.value, &["roles"], &role, add);
    let (user, roles) = (member.value.clone(), member.value["roles"].clone());
    super::project_users::roles_changed(&mut collections, group, user_id, &roles);
    Some(Ok((asked.known.operation.status, Some(user))))
}

/// An organization's API key assigned to a project with the roles sent: the key gains the
/// project's role objects (`{groupId, roleName}`, as the organization's roles are answered)
/// and is listed among the project's keys; `API_KEY_ADDED_TO_GROUP` (recorded).
fn project_api_key(store: &Store, asked: &StoreRequest<'_>) -> Option<JsonAnswer> {
    let params = params(asked);
    let (group, key) = (param(&params, "groupId")?, param(&params, "apiUserId")?);
    let roles: Vec<Value> = serde_json::from_slice(asked.body).ok()?;
    let mut collections = store.collections();
    if held(&mut collections, GROUPS, group).is_none() {
        return Some(Err(missing("/api/atlas/v2/groups/{groupId}", group)));
    }
    let found = collections
        .iter_mut()
        .filter(|(path, _)| super::named::org_keys(path))
        .find_map(|(_, items)| items.iter_mut().find(|item| item.key == key));
    let Some(org_key) = found else {
        return Some(Err(missing("/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}", key)));
    };
    // Each assignment sent names its roles (`[{"roles": ["GROUP_READ_ONLY"]}]`).
    let names = roles.iter().filter_map(|assignment| assignment["roles"].as_array()).flatten();
    let granted = names.map(|name| json!({ "groupId": group, "roleName": name }));
    if let Some(Value::Array(held)) = org_key.value.get_mut("roles") {
        held.retain(|role| role["groupId"] != group);
        held.extend(granted);
    }
    let assigned = org_key.clone();
    let path = format!("{GROUPS}/{group}/apiKeys");
    let keys = collections.entry(path.clone()).or_default();
    keys.retain(|item| item.key != key);
    keys.push(Item { path: format!("{path}/{key}"), ..assigned.clone() });
    store.record(&store.entries, &mut collections, asked, &params, &assigned.value);
    Some(Ok((asked.known.operation.status, None)))
}
