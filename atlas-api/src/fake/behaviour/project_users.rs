//! A user added to a project (`addGroupUsers`), as the spec says Atlas adds one: an active
//! member of the project's organization is given access; one invited to it has the
//! invitation extended to the project; anyone else is invited to both. The project's user
//! is the organization's (its id), answered as a member (`ACTIVE`, with its profile) or as
//! an invitation (`PENDING`, with when and by whom), the union member the answer's
//! `orgMembershipStatus` names; a user the project already holds (pending or active) is a
//! 409, as the spec's description says. No recorded answer of `addGroupUsers` exists; the
//! fields of each member are those of recorded `listGroupUsers` and `listOrgUsers` pages.
//!
//! A new project has an owner: `createGroup` gives `GROUP_OWNER` on it to the user its
//! `projectOwnerId` names, else to the organization's oldest owner, as the spec documents that
//! parameter. Every recorded member of a team (`listOrgTeamUsers`, `addOrgTeamUsers`) holds
//! such project roles.

use serde_json::{json, Map, Value};

use super::named::{held, members_of, missing, param, params, Collections, GROUPS, ORGS, ORG_USERS};
use crate::fake::codes;
use crate::fake::server_set::{in_days, now};
use crate::fake::store::{written, Item, JsonAnswer, Store, StoreRequest};
use crate::fake::versions::Written;
use crate::mock::answer::AtlasError;

/// What an organization's member answers of its profile in a project's users.
const PROFILE: [&str; 6] = ["country", "createdAt", "firstName", "lastName", "lastAuth", "mobileNumber"];
/// What an invitation answers of itself.
const INVITATION: [&str; 3] = ["invitationCreatedAt", "invitationExpiresAt", "inviterUsername"];

/// `addGroupUsers`: the user named joins the project with the roles sent.
pub(super) fn added(store: &Store, asked: &StoreRequest<'_>) -> Option<JsonAnswer> {
    let params = params(asked);
    let group = param(&params, "groupId")?;
    let sent: Map<String, Value> = serde_json::from_slice(asked.body).ok()?;
    let username = sent.get("username")?.as_str()?.to_owned();
    let roles = sent.get("roles").cloned().unwrap_or_else(|| json!([]));
    let mut collections = store.collections();
    let Some(project) = held(&mut collections, GROUPS, group) else {
        return Some(Err(missing("/api/atlas/v2/groups/{groupId}", group)));
    };
    let org = project.value["orgId"].as_str().unwrap_or_default().to_owned();
    let users = format!("{GROUPS}/{group}/users");
    let already = collections.get(&users).into_iter().flatten().any(|user| user.value["username"] == username);
    if already {
        let detail = format!("{username} is already a user of project {group}.");
        return Some(Err(AtlasError::conflict(codes::duplicate(asked.known.operation.path.segments())).detail(detail)));
    }
    let members = format!("{ORGS}/{org}/users");
    let found = collections.get(&members).into_iter().flatten().position(|m| m.value["username"] == username);
    let at = match found {
        Some(at) => at,
        None => {
            let id = store.fresh_id();
            let invited = json!({"id": id, "username": username, "orgMembershipStatus": "PENDING",
                "invitationCreatedAt": now(), "invitationExpiresAt": in_days(30),
                "inviterUsername": crate::mock::CLIENT_ID, "roles": {"orgRoles": [], "groupRoleAssignments": []},
                "teamIds": []});
            // Held as the organization's reads hold its users.
            let read = written(store.newest("getOrgUser").unwrap_or(asked.known));
            let list = collections.entry(members.clone()).or_default();
            list.push(Item::of(ORG_USERS, id.clone(), format!("{members}/{id}"), read, invited));
            list.len() - 1
        }
    };
    let user = join(&mut collections, (&members, at), group, &roles, written(asked.known))?;
    Some(Ok((asked.known.operation.status, Some(user))))
}

/// A project's users, as the spec writes the collection's template.
const PROJECT_USERS: &str = "/api/atlas/v2/groups/{groupId}/users";

/// The organization's member at `at` of `members` (a collection's path) joins the project
/// `group` with `roles`: its role assignment there, and the project's user made of it, held
/// as `read` reads it. The project's user.
fn join(
    collections: &mut Collections,
    (members, at): (&str, usize),
    group: &str,
    roles: &Value,
    read: Written,
) -> Option<Value> {
    let member = collections.get_mut(members)?.get_mut(at)?;
    assign(&mut member.value, group, roles);
    let (id, user) = (member.key.clone(), project_user(&member.value, roles));
    let item = Item::of(PROJECT_USERS, id.clone(), format!("{GROUPS}/{group}/users/{id}"), read, user.clone());
    collections.entry(format!("{GROUPS}/{group}/users")).or_default().push(item);
    Some(user)
}

/// The organization's `member` holds `roles` in the project `group`, in place of any it held
/// there (an expired invitation's).
fn assign(member: &mut Value, group: &str, roles: &Value) {
    let assignments = &mut member["roles"]["groupRoleAssignments"];
    if !assignments.is_array() {
        *assignments = json!([]);
    }
    if let Some(assignments) = assignments.as_array_mut() {
        assignments.retain(|assignment| assignment["groupId"] != group);
        assignments.push(json!({"groupId": group, "groupRoles": roles}));
    }
}

/// The project user `user` of `group` now holds `roles` there (`:addRole`, `:removeRole`): so
/// does its membership of the project's organization.
pub(super) fn roles_changed(collections: &mut Collections, group: &str, user: &str, roles: &Value) {
    let org = held(collections, GROUPS, group).and_then(|project| project.value["orgId"].as_str().map(str::to_owned));
    if let Some(member) = org.and_then(|org| held(collections, &format!("{ORGS}/{org}/users"), user)) {
        assign(&mut member.value, group, roles);
    }
}

/// The user `projectOwnerId` names in a new project's query, if it names one.
fn named_owner(query: &[(String, String)]) -> Option<&str> {
    query.iter().find(|(name, _)| name == "projectOwnerId").map(|(_, id)| id.as_str())
}

/// A new `project` whose `projectOwnerId` names no active member of its organization is
/// refused, before it is made: the spec documents a 404 for `createGroup`; what Atlas
/// answers then is not recorded, so the fake answers a missing member.
pub(crate) fn owner_refused(
    collections: &Collections,
    query: &[(String, String)],
    project: &Value,
) -> Result<(), AtlasError> {
    let (Some(id), Some(org)) = (named_owner(query), project["orgId"].as_str()) else { return Ok(()) };
    let members = collections.get(&format!("{ORGS}/{org}/users")).map(Vec::as_slice).unwrap_or_default();
    match owner(members, Some(id)) {
        Some(_) => Ok(()),
        None => Err(missing("/api/atlas/v2/orgs/{orgId}/users/{userId}", id)),
    }
}

/// `createGroup` made `project`: its owner, the user `projectOwnerId` names or else the
/// organization's oldest active owner, joins it with `GROUP_OWNER` (as `getGroupUser` reads
/// the project's users).
pub(super) fn owner_granted(store: &Store, collections: &mut Collections, query: &[(String, String)], project: &Value) {
    let (Some(group), Some(org)) = (project["id"].as_str(), project["orgId"].as_str()) else { return };
    let Some(read) = store.newest("getGroupUser").map(written) else { return };
    let members = format!("{ORGS}/{org}/users");
    let Some(at) = collections.get(&members).and_then(|held| owner(held, named_owner(query))) else { return };
    join(collections, (&members, at), group, &json!(["GROUP_OWNER"]), read);
}

/// Where in `members` the active member `named` (by id) is, else the organization's oldest
/// active owner.
fn owner(members: &[Item], named: Option<&str>) -> Option<usize> {
    let active = |member: &Item| member.value["orgMembershipStatus"] == "ACTIVE";
    if let Some(id) = named {
        return members.iter().position(|member| member.key == id && active(member));
    }
    let owns = |member: &Item| {
        let roles = member.value["roles"]["orgRoles"].as_array();
        active(member) && roles.is_some_and(|roles| roles.contains(&json!("ORG_OWNER")))
    };
    let owners = members.iter().enumerate().filter(|(_, member)| owns(member));
    owners.min_by(|(_, a), (_, b)| a.value["createdAt"].as_str().cmp(&b.value["createdAt"].as_str())).map(|(at, _)| at)
}

/// What a removal takes from the other copies of a user: a project's role assignments in the
/// organization's memberships, of every member when the project is gone, of one user when it
/// leaves the project; and a member who leaves the organization leaves its projects.
pub(super) fn removed(collections: &mut Collections, gone: &Item) {
    let (group, user) = match gone.template.as_str() {
        GROUPS => (gone.key.as_str(), None),
        // `/api/atlas/v2/groups/{groupId}/users/{userId}`: the project is the fifth segment.
        PROJECT_USERS => match gone.path.split('/').nth(5) {
            Some(group) => (group, Some(gone.key.as_str())),
            None => return,
        },
        ORG_USERS => return left_the_organization(collections, gone),
        _ => return,
    };
    let memberships = collections.iter_mut().filter(|(path, _)| members_of(path).is_some());
    for member in memberships.flat_map(|(_, members)| members.iter_mut()) {
        if user.is_some_and(|user| member.key != user) {
            continue;
        }
        if let Some(Value::Array(assignments)) = member.value.pointer_mut("/roles/groupRoleAssignments") {
            assignments.retain(|assignment| assignment["groupId"] != group);
        }
    }
}

/// The member `gone` of an organization is no user of its projects any more.
fn left_the_organization(collections: &mut Collections, gone: &Item) {
    let Some(org) = gone.path.rsplit_once('/').and_then(|(members, _)| members_of(members)) else { return };
    let projects: Vec<String> = collections
        .get(GROUPS)
        .into_iter()
        .flatten()
        .filter(|project| project.value["orgId"] == org)
        .map(|project| project.key.clone())
        .collect();
    for project in projects {
        if let Some(users) = collections.get_mut(&format!("{GROUPS}/{project}/users")) {
            users.retain(|user| user.key != gone.key);
        }
    }
}

/// The project's user for the organization's `member`, with `roles` in the project.
fn project_user(member: &Value, roles: &Value) -> Value {
    let status = member["orgMembershipStatus"].as_str().unwrap_or("PENDING");
    let kept: &[&str] = if status == "ACTIVE" { &PROFILE } else { &INVITATION };
    let mut user = json!({"id": member["id"], "username": member["username"], "orgMembershipStatus": status,
        "roles": roles});
    for field in kept {
        if let Some(value) = member.get(*field).filter(|value| !value.is_null()) {
            user[*field] = value.clone();
        }
    }
    user
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_answers_its_profile_and_an_invitation_when_and_by_whom() {
        let active = json!({"id": "a", "username": "a@example.com", "orgMembershipStatus": "ACTIVE",
            "firstName": "A", "lastName": "B", "createdAt": "2020-01-01T00:00:00Z", "mobileNumber": null,
            "invitationCreatedAt": "2019-12-01T00:00:00Z"});
        let user = project_user(&active, &json!(["GROUP_READ_ONLY"]));
        assert_eq!(user["orgMembershipStatus"], "ACTIVE");
        assert_eq!(user["firstName"], "A");
        assert!(user.get("invitationCreatedAt").is_none() && user.get("mobileNumber").is_none(), "{user}");
        let pending = json!({"id": "p", "username": "p@example.com", "orgMembershipStatus": "PENDING",
            "invitationCreatedAt": "2026-01-01T00:00:00Z", "inviterUsername": "me"});
        let user = project_user(&pending, &json!([]));
        assert_eq!(
            (user["orgMembershipStatus"].as_str(), user["inviterUsername"].as_str()),
            (Some("PENDING"), Some("me"))
        );
        assert!(user.get("firstName").is_none());
    }
}
