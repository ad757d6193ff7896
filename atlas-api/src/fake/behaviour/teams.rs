//! A team's members, answered from the organization's users: a member is a user whose
//! `teamIds` name the team, or one the team was created with (its `usernames`), as Atlas
//! answers `listOrgTeamUsers` (recorded); users join one by one (`addOrgTeamUser`) or
//! several at once (`addOrgTeamUsers`, answered as Atlas reads its users), and leave.

use serde_json::{json, Value};

use super::calls::{sent, toggle};
use super::named::{held, members_of, missing, param, params, Collections, ORGS, ORG_USERS, USERS};
use crate::fake::server_set::self_link;
use crate::fake::store::{paged, Item, JsonAnswer, Store, StoreRequest};

/// `:addUser` / `:removeUser`: the organization's user (the body's `id`) joins or leaves the
/// team (its `teamIds`), answered as the user now is; `JOINED_TEAM` / `REMOVED_FROM_TEAM`.
pub(super) fn member(store: &Store, asked: &StoreRequest<'_>, join: bool) -> Option<JsonAnswer> {
    let params = params(asked);
    let (org, team) = (param(&params, "orgId")?, param(&params, "teamId")?);
    let user = sent(asked, "id")?;
    let mut collections = store.collections();
    let users = format!("{ORGS}/{org}/users");
    let Some(username) = held(&mut collections, &users, &user).map(|member| member.value["username"].clone()) else {
        return Some(Err(missing("/api/atlas/v2/orgs/{orgId}/users/{userId}", &user)));
    };
    let Some(held_team) = held(&mut collections, &format!("{ORGS}/{org}/teams"), team) else {
        return Some(Err(missing("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", team)));
    };
    // One the team was created with leaves its `usernames` too.
    let named = username.as_str().is_some_and(|name| toggle(&mut held_team.value, &["usernames"], name, false));
    let changed = set_team(&mut collections, &users, &user, team, join)? || (!join && named);
    let value = held(&mut collections, &users, &user)?.value.clone();
    if changed {
        store.record(&store.entries, &mut collections, asked, &params, &value);
    }
    Some(Ok((asked.known.operation.status, Some(value))))
}

/// A team's members: the organization's users whose `teamIds` name it, and those it was
/// created with (its `usernames`).
pub(super) fn users(store: &Store, asked: &StoreRequest<'_>) -> Option<JsonAnswer> {
    let params = params(asked);
    let (org, team) = (param(&params, "orgId")?, param(&params, "teamId")?);
    let mut collections = store.collections();
    let Some(held_team) = held(&mut collections, &format!("{ORGS}/{org}/teams"), team) else {
        return Some(Err(missing("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", team)));
    };
    // The users the team was created with (its `usernames`), and those added since.
    let named: Vec<Value> = held_team.value["usernames"].as_array().cloned().unwrap_or_default();
    let users = collections.get(&format!("{ORGS}/{org}/users")).map(Vec::as_slice).unwrap_or_default();
    let values: Vec<Value> =
        users.iter().filter(|item| in_team(item, team, &named)).map(|item| item.value.clone()).collect();
    Some(paged(asked, &values))
}

/// Whether the organization's user `item` is a member of `team`, created with `named`.
fn in_team(item: &Item, team: &str, named: &[Value]) -> bool {
    let joined = item.value["teamIds"].as_array().is_some_and(|ids| ids.iter().any(|id| id == team));
    joined || named.contains(&item.value["username"])
}

/// `addOrgTeamUsers`: the organization's users the body names (`[{"id": ...}]`) join the
/// team; the answer lists every member, each as Atlas reads its users (`getUser`: profile,
/// roles as role objects, `teamIds`, its own link), as recorded (the CLI's TestAtlasTeamUsers
/// Add: the user added and the one the team had). A user the organization does not hold is
/// a 404, and nobody joins.
pub(super) fn members_added(store: &Store, asked: &StoreRequest<'_>) -> Option<JsonAnswer> {
    let params = params(asked);
    let (org, team) = (param(&params, "orgId")?, param(&params, "teamId")?);
    let sent: Vec<Value> = serde_json::from_slice(asked.body).ok()?;
    let ids: Vec<&str> = sent.iter().filter_map(|user| user.get("id")?.as_str()).collect();
    let mut collections = store.collections();
    let Some(held_team) = held(&mut collections, &format!("{ORGS}/{org}/teams"), team) else {
        return Some(Err(missing("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", team)));
    };
    let named: Vec<Value> = held_team.value["usernames"].as_array().cloned().unwrap_or_default();
    let users = format!("{ORGS}/{org}/users");
    if let Some(stranger) = ids.iter().find(|id| held(&mut collections, &users, id).is_none()) {
        return Some(Err(missing("/api/atlas/v2/orgs/{orgId}/users/{userId}", stranger)));
    }
    for id in &ids {
        set_team(&mut collections, &users, id, team, true)?;
    }
    let members = collections.get(&users).map(Vec::as_slice).unwrap_or_default();
    // The answer's users carry a profile (the type requires a name and a country), which
    // only an active member has: one still invited joins, unlisted.
    let active = |item: &&Item| item.value["orgMembershipStatus"] == "ACTIVE";
    let members: Vec<&Item> = members.iter().filter(|item| in_team(item, team, &named)).filter(active).collect();
    let values: Vec<Value> = members.iter().map(|member| as_user(&collections, org, member)).collect();
    Some(paged(asked, &values))
}

/// The organization's user `id` (in `users`, the organization's) joins or leaves `team` (its
/// membership, which `getUser` reads too): whether the membership changed; `None` when there
/// is no such member.
fn set_team(collections: &mut Collections, users: &str, id: &str, team: &str, join: bool) -> Option<bool> {
    Some(toggle(&mut held(collections, users, id)?.value, &["teamIds"], team, join))
}

/// `getUser` of a user the fake holds who is a member of an organization: its profile, with
/// its teams and its organization and project roles as its membership holds them now (the
/// calls of teams, projects and organizations change the membership); else the model's read.
pub(super) fn user(store: &Store, asked: &StoreRequest<'_>) -> Option<JsonAnswer> {
    let params = params(asked);
    let id = param(&params, "userId")?;
    let collections = store.collections();
    collections.get(USERS)?.iter().any(|user| user.key == id).then_some(())?;
    let mut memberships = collections.iter().filter_map(|(path, members)| Some((members_of(path)?, members)));
    let (org, member) = memberships.find_map(|(org, members)| Some((org, members.iter().find(|m| m.key == id)?)))?;
    Some(Ok((asked.known.operation.status, Some(as_user(&collections, org, member)))))
}

/// The organization's user `member` as Atlas reads its users: its profile as `getUser`
/// reads it when the fake holds the user, else the membership's; its teams and its roles (as
/// role objects) the membership's, which the organization's and projects' calls change.
fn as_user(collections: &Collections, org: &str, member: &Item) -> Value {
    let held = collections.get(USERS).and_then(|users| users.iter().find(|user| user.key == member.key));
    app_user(held.map_or(&member.value, |user| &user.value), &member.value, &member.key, org)
}

/// An organization's member (`member`, held under `id` in `org`) as Atlas reads its users
/// (`CloudAppUser`): the profile of `profile`, the membership's teams, its organization and
/// project roles as role objects, its username as its email address, its own link.
pub(super) fn app_user(profile: &Value, member: &Value, id: &str, org: &str) -> Value {
    let mut user = profile.clone();
    user["teamIds"] = member["teamIds"].clone();
    let roles = &member["roles"];
    let org_roles =
        roles["orgRoles"].as_array().into_iter().flatten().map(|role| json!({"orgId": org, "roleName": role}));
    let assignments = roles["groupRoleAssignments"].as_array().into_iter().flatten();
    let group_roles = assignments.flat_map(|assignment| {
        let group = assignment["groupId"].clone();
        let names = assignment["groupRoles"].as_array().cloned().unwrap_or_default();
        names.into_iter().map(move |role| json!({"groupId": group, "roleName": role}))
    });
    user["roles"] = Value::Array(org_roles.chain(group_roles).collect());
    user["emailAddress"] = member["username"].clone();
    user["links"] = self_link(&format!("{USERS}/{id}"));
    user
}

/// An organization's user a `2025-02-19` call wrote (the organization's owner, a user
/// added to a project), read by an older version (`2023-01-01` answers `CloudAppUser`): as
/// Atlas reads its users then, when it is an active member; `None` for one still invited,
/// whose profile the older type requires and no invitation has (the fake refuses that read
/// as before). `path` is the item's (`/api/atlas/v2/orgs/{orgId}/users/{userId}`).
pub(crate) fn read_as(collection: &str, path: &str, value: &Value, written: &str, version: &str) -> Option<Value> {
    let older = collection == ORG_USERS && written >= "2025-02-19" && version < "2025-02-19";
    if !older || value["orgMembershipStatus"] != "ACTIVE" {
        return None;
    }
    let mut parts = path.rsplit('/');
    let id = parts.next()?;
    let org = parts.nth(1)?;
    Some(app_user(value, value, id, org))
}

/// A team read by its name.
pub(super) fn by_name(store: &Store, asked: &StoreRequest<'_>) -> Option<JsonAnswer> {
    let params = params(asked);
    let (org, name) = (param(&params, "orgId")?, param(&params, "teamName")?);
    let collections = store.collections();
    let teams = collections.get(&format!("{ORGS}/{org}/teams")).map(Vec::as_slice).unwrap_or_default();
    Some(match teams.iter().find(|team| team.value["name"] == name) {
        Some(team) => Ok((asked.known.operation.status, Some(team.value.clone()))),
        None => Err(missing("/api/atlas/v2/orgs/{orgId}/teams/byName/{teamName}", name)),
    })
}
