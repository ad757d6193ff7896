//! An organization administration tool, written as a user would against the fake alone: invite
//! a member, put them in a team, grant a role, issue an API key with an IP access list and
//! assign it to a project, wire a third-party integration, then read the organization's events
//! for the audit trail; with the unhappy paths Atlas answers (404, 409, 429, an invalid body).
//! Public API only, no expectation but the layered 429, no `put`, no predicted ids.

use std::time::Duration;

use atlas_api::fake::FakeAtlas;
use atlas_api::types::{
    AddOrRemoveOrgRole, AddOrRemoveUserFromTeam, CreateAtlasOrganizationApiKey, GetGroupIntegrationIntegrationType,
    Group, OrgUserRequest, OrgUserRolesRequest, Slack, Team, TeamUpdate, ThirdPartyIntegration, UserAccessListRequest,
    UserAccessRoleAssignment,
};
use atlas_api::{Client, Error};

/// What the tool reports of one onboarding.
#[derive(Debug)]
struct Onboarded {
    user: String,
    team: String,
    key: String,
}

/// The tool: invites `email` into a new team `team`, as ORG_BILLING_ADMIN too.
async fn onboard(client: &Client, org: &str, email: &str, team: &str) -> Result<Onboarded, Error> {
    let users = client.mongodb_cloud_users();
    let roles = OrgUserRolesRequest::new(vec!["ORG_MEMBER".into()]);
    let invited = users.create_org_user(org, OrgUserRequest::new(roles, email)).await?;
    let user = invited.id().expect("an invited user has an id").to_owned();
    let created = client.teams().create_org_team(org, Team::new(team, Vec::<String>::new())).await?;
    let team_id = created.id.expect("a team has an id");
    users.add_org_team_user(org, &team_id, AddOrRemoveUserFromTeam::new(&user)).await?;
    users.add_org_role(org, &user, AddOrRemoveOrgRole::new("ORG_BILLING_ADMIN")).await?;
    let keys = client.programmatic_api_keys();
    let key = keys.create_org_api_key(org, CreateAtlasOrganizationApiKey::new("ci", vec!["ORG_MEMBER".into()])).await?;
    let key_id = key.id.expect("a key has an id");
    let entry = UserAccessListRequest::new().ip_address("203.0.113.7");
    keys.create_org_access_entry(org, &key_id, vec![entry]).await?;
    Ok(Onboarded { user, team: team_id, key: key_id })
}

#[tokio::test]
async fn an_organization_admin_tool_onboards_a_member_against_the_fake() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let org = FakeAtlas::ORG_ID;
    let done = onboard(&client, org, "ada@example.com", "Platform").await.expect("onboarded");

    // The team lists its member (not another user of the organization), the member names the
    // team and holds the role granted.
    let users = client.mongodb_cloud_users();
    let roles = OrgUserRolesRequest::new(vec!["ORG_MEMBER".into()]);
    users.create_org_user(org, OrgUserRequest::new(roles, "grace@example.com")).await.expect("another user");
    let members = users.list_team_users(org, &done.team).await.expect("members").results.unwrap_or_default();
    assert_eq!(members.len(), 1, "{members:?}");
    let member = members[0].clone();
    assert_eq!(member.id(), Some(done.user.as_str()));
    assert_eq!(member.team_ids(), Some(&[done.team.clone()][..]));
    let roles = member.roles().and_then(|roles| roles.org_roles.clone()).unwrap_or_default();
    let roles: Vec<String> =
        roles.iter().map(|role| serde_json::to_value(role).unwrap().as_str().unwrap().to_owned()).collect();
    assert_eq!(roles, ["ORG_MEMBER", "ORG_BILLING_ADMIN"]);
    let by_name = client.teams().get_team_by_name(org, "Platform").await.expect("the team by its name");
    assert_eq!(by_name.id.as_deref(), Some(done.team.as_str()));
    users.remove_org_role(org, &done.user, AddOrRemoveOrgRole::new("ORG_BILLING_ADMIN")).await.expect("revoked");
    let read = users.get_org_user(org, &done.user).await.expect("the user");
    assert_eq!(read.roles().and_then(|roles| roles.org_roles.clone()).map(|roles| roles.len()), Some(1));

    // The key's access list: listed, read, removed, then gone.
    let keys = client.programmatic_api_keys();
    let listed = keys.list_org_access_entries(org, &done.key).await.expect("entries");
    let addresses: Vec<_> = listed.results.unwrap_or_default().into_iter().filter_map(|e| e.ip_address).collect();
    assert_eq!(addresses, ["203.0.113.7"]);
    keys.get_org_access_entry(org, &done.key, "203.0.113.7").await.expect("the entry");
    keys.delete_access_entry(org, &done.key, "203.0.113.7").await.expect("removed");
    let gone = keys.get_org_access_entry(org, &done.key, "203.0.113.7").await.expect_err("removed");
    assert_eq!(gone.status().map(|s| s.as_u16()), Some(404));

    // The key assigned to a project, listed there with its project role.
    let group = client.projects().create_group(Group::new("Shop", org)).await.unwrap().id.unwrap();
    let role = UserAccessRoleAssignment::new().roles(vec!["GROUP_READ_ONLY".to_owned()]);
    keys.add_group_api_key(&group, &done.key, vec![role]).await.expect("assigned");
    let project_keys = keys.list_group_api_keys(&group).await.expect("the project's keys").results.unwrap_or_default();
    assert_eq!(project_keys.len(), 1);
    let assigned = project_keys[0].clone();
    let private = assigned.private_key.clone().unwrap_or_default();
    assert!(private.starts_with("********-****-****-"), "a key's private key, redacted after its create: {private}");
    assert_eq!(assigned.id.as_deref(), Some(done.key.as_str()));
    let granted = assigned.roles.unwrap_or_default();
    assert!(granted
        .iter()
        .any(|r| r.group_id.as_deref() == Some(&group) && r.role_name.as_deref() == Some("GROUP_READ_ONLY")));
    let org_key = keys.get_org_api_key(org, &done.key).await.expect("the organization's key");
    let org_roles = org_key.roles.unwrap_or_default();
    assert!(org_roles.iter().any(|r| r.group_id.as_deref() == Some(&group)), "the organization's key holds it too");
    let project_events = client.events().list_group_events(&group).await.expect("events").results.unwrap_or_default();
    assert!(project_events.iter().any(|e| e.event_type_name() == Some("API_KEY_ADDED_TO_GROUP")));

    // The member leaves the team: listed no more, and the organization's events say so.
    users.remove_org_team_user(org, &done.team, AddOrRemoveUserFromTeam::new(&done.user)).await.expect("left");
    let members = users.list_team_users(org, &done.team).await.expect("members").results.unwrap_or_default();
    assert!(members.is_empty(), "{members:?}");

    // The audit trail, newest first.
    let events = client.events().list_org_events(org).await.expect("events").results.unwrap_or_default();
    let types: Vec<String> = events.iter().filter_map(|e| e.event_type_name().map(str::to_owned)).collect();
    let at = |wanted: &str| types.iter().position(|t| t == wanted).unwrap_or_else(|| panic!("{wanted} in {types:?}"));
    for wanted in ["TEAM_CREATED", "JOINED_TEAM", "API_KEY_CREATED", "API_KEY_ACCESS_LIST_ENTRY_ADDED"] {
        at(wanted);
    }
    // Newest first: the member left after the entry was removed, which was after the invitation.
    assert!(at("REMOVED_FROM_TEAM") < at("API_KEY_ACCESS_LIST_ENTRY_DELETED"));
    assert!(at("API_KEY_ACCESS_LIST_ENTRY_DELETED") < at("INVITED_TO_ORG"));
}

#[tokio::test]
async fn an_integration_is_one_per_type_per_project() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = client.projects().create_group(Group::new("Shop", FakeAtlas::ORG_ID)).await.unwrap().id.unwrap();
    let integrations = client.third_party_integrations();
    let slack: ThirdPartyIntegration = Slack::new("xoxb-token").channel_name("alerts").into();
    let all = integrations.create_group_integration(&group, slack.clone()).await.expect("created");
    assert_eq!(all.results.unwrap_or_default().len(), 1, "the create answers the project's integrations");
    let again = integrations.create_group_integration(&group, slack).await.expect_err("one Slack per project");
    assert_eq!(again.status().map(|s| s.as_u16()), Some(409));
    let read =
        integrations.get_group_integration(&group, GetGroupIntegrationIntegrationType::Slack).await.expect("read");
    assert!(matches!(read, ThirdPartyIntegration::Slack(_)), "{read:?}");
    let listed = integrations.list_group_integrations(&group).await.expect("listed");
    assert_eq!(listed.results.unwrap_or_default().len(), 1);
    integrations.delete_group_integration(&group, GetGroupIntegrationIntegrationType::Slack).await.expect("deleted");
}

#[tokio::test(start_paused = true)]
async fn the_tool_meets_what_atlas_refuses() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let org = FakeAtlas::ORG_ID;
    onboard(&client, org, "ada@example.com", "Platform").await.expect("onboarded");

    // A second team of the same name, a user no one invited, a team that does not exist.
    let twice = onboard(&client, org, "grace@example.com", "Platform").await.expect_err("the team exists");
    assert_eq!(twice.status().map(|s| s.as_u16()), Some(409));
    let teams = client.teams().list_org_teams(org).await.expect("teams").results.unwrap_or_default();
    let team = teams[0].id.clone().expect("an id");
    let users = client.mongodb_cloud_users();
    let nobody = users.add_org_team_user(org, &team, AddOrRemoveUserFromTeam::new("5e2211c1ffffffffffffffff"));
    let nobody = nobody.await.expect_err("no such user");
    assert_eq!(nobody.status().map(|s| s.as_u16()), Some(404));
    assert!(nobody.to_string().contains("5e2211c1ffffffffffffffff"), "the user is what is missing: {nobody}");

    // A team renamed to a name another team has is refused; to its own name, accepted.
    let second = client.teams().create_org_team(org, Team::new("Data", Vec::<String>::new())).await.expect("Data");
    let second = second.id.expect("an id");
    let taken = client.teams().rename_org_team(org, &second, TeamUpdate::new("Platform")).await.expect_err("taken");
    assert_eq!(taken.status().map(|s| s.as_u16()), Some(409));
    client.teams().rename_org_team(org, &second, TeamUpdate::new("Data")).await.expect("its own name");
    let missing = client.teams().get_team_by_name(org, "Nobody").await.expect_err("no such team");
    assert_eq!(missing.status().map(|s| s.as_u16()), Some(404));

    // An invalid body (no role), refused as Atlas refuses it before acting; the mock reports
    // it as a fault of the test, which this test expects.
    let roles = OrgUserRolesRequest::new(Vec::new());
    let invalid = users.create_org_user(org, OrgUserRequest::new(roles, "grace@example.com")).await;
    assert_eq!(invalid.expect_err("no role").status().map(|s| s.as_u16()), Some(400));
    let faults = fake.take_faults();
    assert!(faults.len() == 1 && faults[0].contains("orgRoles"), "{faults:?}");

    // A 429 layered on the fake: the client waits it out, and the state still answers.
    fake.expect(client.teams().list_org_teams(org)).times(1).rate_limited(Duration::from_secs(1));
    let after = client.teams().list_org_teams(org).await.expect("answered after the 429");
    assert_eq!(after.results.unwrap_or_default().len(), 2, "two teams, from the state");
}

#[tokio::test]
async fn alert_configurations_of_each_kind_are_kept_as_that_kind() {
    use atlas_api::types::{
        AlertsNotificationRootForGroup as Notification, BillingEventTypeViewAlertableWithThreshold as Billing,
        BillingThresholdAlertConfigViewForNdsGroup as BillingConfig, EmailNotification, GroupAlertsConfig,
        ReplicaSetAlertConfigViewForNdsGroup as ReplicaSetConfig,
        ReplicaSetEventTypeViewForNdsGroupAlertableNoThreshold as ReplicaSet,
    };
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = client.projects().create_group(Group::new("Shop", FakeAtlas::ORG_ID)).await.unwrap().id.unwrap();
    let email = || vec![Notification::from(EmailNotification::new().email_address("ops@example.com").interval_min(60))];
    let configs = client.alert_configurations();
    let replica_set: GroupAlertsConfig = ReplicaSetConfig::new(ReplicaSet::NoPrimary, email()).into();
    let billing: GroupAlertsConfig = BillingConfig::new(Billing::DailyBillOverThreshold, email()).into();
    for config in [replica_set, billing] {
        let made = configs.create_alert_config(&group, config).await.expect("created");
        assert!(!matches!(made, GroupAlertsConfig::Unknown(_)), "{made:?}");
    }
    let listed = configs.list_alert_configs(&group).await.expect("listed").results.unwrap_or_default();
    assert!(
        matches!(
            listed.as_slice(),
            [
                GroupAlertsConfig::ReplicaSetAlertConfigViewForNdsGroup(_),
                GroupAlertsConfig::BillingThresholdAlertConfigViewForNdsGroup(_)
            ]
        ),
        "{listed:?}"
    );
}
