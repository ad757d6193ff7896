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

use super::named::{held, missing, param, params, Collections, GROUPS, ORGS, USERS};
use crate::fake::codes;
use crate::fake::server_set::{in_days, now};
use crate::fake::store::{written, Item, JsonAnswer, Store, StoreRequest};
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
    let member = match found {
        Some(at) => &mut collections.get_mut(&members)?[at],
        None => {
            let id = store.fresh_id();
            let invited = json!({"id": id, "username": username, "orgMembershipStatus": "PENDING",
                "invitationCreatedAt": now(), "invitationExpiresAt": in_days(30),
                "inviterUsername": crate::mock::CLIENT_ID, "roles": {"orgRoles": [], "groupRoleAssignments": []},
                "teamIds": []});
            // Held as the organization's reads hold its users.
            let read = written(store.newest("getOrgUser").unwrap_or(asked.known));
            let list = collections.entry(members.clone()).or_default();
            list.push(Item::of(
                "/api/atlas/v2/orgs/{orgId}/users",
                id.clone(),
                format!("{members}/{id}"),
                read,
                invited,
            ));
            list.last_mut()?
        }
    };
    assign(&mut member.value, group, &roles);
    let user = project_user(&member.value, &roles);
    let id = member.key.clone();
    let path = format!("{users}/{id}");
    let item = Item::of("/api/atlas/v2/groups/{groupId}/users", id, path, written(asked.known), user.clone());
    collections.entry(users).or_default().push(item);
    Some(Ok((asked.known.operation.status, Some(user))))
}

/// `createGroup` made `project` (held at `path`): its owner is given `GROUP_OWNER` on it, in
/// the organization's membership, among the project's users and in the user `getUser` reads
/// when the fake holds it. A `projectOwnerId` that names no member of the organization
/// grants nothing (what Atlas answers then is not recorded).
pub(crate) fn owner_granted(store: &Store, collections: &mut Collections, query: &[(String, String)], project: &Value) {
    let (Some(group), Some(org)) = (project["id"].as_str(), project["orgId"].as_str()) else { return };
    let members = format!("{ORGS}/{org}/users");
    let named = query.iter().find(|(name, _)| name == "projectOwnerId").map(|(_, id)| id.as_str());
    let Some(member) = collections.get_mut(&members).and_then(|members| owner(members, named)) else { return };
    const ROLE: &str = "GROUP_OWNER";
    assign(&mut member.value, group, &json!([ROLE]));
    let (id, user) = (member.key.clone(), project_user(&member.value, &json!([ROLE])));
    if let Some(Value::Array(roles)) = held(collections, USERS, &id).map(|user| &mut user.value["roles"]) {
        roles.push(json!({"groupId": group, "roleName": ROLE}));
    }
    let Some(read) = store.newest("getGroupUser").map(written) else { return };
    let path = format!("{GROUPS}/{group}/users/{id}");
    let item = Item::of("/api/atlas/v2/groups/{groupId}/users", id, path, read, user);
    collections.entry(format!("{GROUPS}/{group}/users")).or_default().push(item);
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

/// The member `named` (by id), else the organization's oldest active owner.
fn owner<'m>(members: &'m mut [Item], named: Option<&str>) -> Option<&'m mut Item> {
    if let Some(id) = named {
        return members.iter_mut().find(|member| member.key == id);
    }
    let owns = |member: &&mut Item| {
        let roles = member.value["roles"]["orgRoles"].as_array();
        member.value["orgMembershipStatus"] == "ACTIVE"
            && roles.is_some_and(|roles| roles.contains(&json!("ORG_OWNER")))
    };
    members.iter_mut().filter(owns).min_by(|a, b| a.value["createdAt"].as_str().cmp(&b.value["createdAt"].as_str()))
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
