//! What the fake holds to because Atlas does, each rule with the evidence its code names: a
//! cluster Atlas would refuse is refused, an organization has its owner, who owns its new
//! projects, a compliance policy names who wrote it.

mod common;

use atlas_api::fake::FakeAtlas;
use atlas_api::types::{ClusterDescription20240805 as Cluster, Group};
use serde_json::{json, to_value, Value};

async fn project(client: &atlas_api::Client) -> String {
    client.projects().create_group(Group::new("Rules", FakeAtlas::ORG_ID)).await.unwrap().id.unwrap()
}

/// Atlas's answers to ever fuller bodies (a user's transcript of `createCluster`): each
/// missing attribute named in turn, a zone without a region of priority 7 refused, the
/// complete body taken.
#[tokio::test]
async fn a_cluster_atlas_would_refuse_is_refused_with_what_it_lacks() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client).await;
    let create = |body: Value| {
        let client = client.clone();
        let group = group.clone();
        async move { client.clusters().create_cluster(&group, serde_json::from_value::<Cluster>(body).unwrap()).await }
    };
    let refusal = |result: Result<Cluster, atlas_api::Error>| {
        let error = result.expect_err("refused");
        (error.status().map(|s| s.as_u16()), error.error_code().map(str::to_owned))
    };
    let no_regions = create(json!({"name": "c", "clusterType": "REPLICASET"})).await;
    assert_eq!(refusal(no_regions), (Some(400), Some("MISSING_ATTRIBUTE".to_owned())));
    let region = json!({"providerName": "AWS", "regionName": "US_EAST_1", "priority": 6,
        "electableSpecs": {"instanceSize": "M10", "nodeCount": 3}});
    let body = json!({"name": "c", "clusterType": "REPLICASET", "replicationSpecs": [{"regionConfigs": [region]}]});
    assert_eq!(refusal(create(body).await), (Some(400), Some("ATLAS_GENERAL_ERROR".to_owned())));
    let nothing = client.clusters().list_clusters(&group).await.unwrap().results.unwrap_or_default();
    assert!(nothing.is_empty(), "nothing was made: {nothing:?}");
    create(to_value(common::cluster("c")).unwrap()).await.expect("taken");
}

/// Every organization has an owner who has signed in: `listOrgUsers` lists it, as every
/// recorded page does.
#[tokio::test]
async fn an_organization_lists_its_active_owner() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let users = client.mongodb_cloud_users().list_org_users(FakeAtlas::ORG_ID).await.unwrap();
    let users = to_value(users).unwrap();
    let owner = &users["results"][0];
    assert_eq!(owner["username"], FakeAtlas::OWNER_USERNAME, "{users}");
    assert_eq!(owner["orgMembershipStatus"], "ACTIVE");
    assert_eq!(owner["roles"]["orgRoles"], json!(["ORG_OWNER"]));
    assert!(owner["lastAuth"].is_string() && owner["firstName"].is_string(), "{owner}");
    #[allow(deprecated)] // its only version, sunset in 2027
    let user = client.mongodb_cloud_users().get_user(FakeAtlas::OWNER_ID).await.unwrap();
    assert_eq!(user.username, FakeAtlas::OWNER_USERNAME);
    #[allow(deprecated)] // the older version lists the owner too
    let older = client.mongodb_cloud_users().list_org_users_v2023_01_01(FakeAtlas::ORG_ID).await;
    let older = to_value(older.expect("the older version answers")).unwrap();
    assert_eq!(older["results"][0]["username"], FakeAtlas::OWNER_USERNAME, "{older}");
}

/// A compliance policy written answers, as Atlas's do, that it cannot be deleted, its
/// project, and who wrote it.
#[tokio::test]
async fn a_compliance_policy_names_its_project_and_who_wrote_it() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client).await;
    let policy = json!({"authorizedEmail": "a@example.com", "authorizedUserFirstName": "A",
        "authorizedUserLastName": "B", "projectId": "6a793f89c0eb9e7a17716588"});
    let policy = serde_json::from_value(policy).unwrap();
    let none = client.cloud_backups().get_compliance_policy(&group).await.unwrap_err();
    assert_eq!(none.status().map(|s| s.as_u16()), Some(404), "none until one is written");
    let written = client.cloud_backups().update_compliance_policy(&group, policy).await.unwrap();
    let written = to_value(written).unwrap();
    assert_eq!(written["deletable"], false, "{written}");
    assert_eq!(written["updatedUser"], atlas_api::mock::CLIENT_ID);
    assert_eq!(written["projectId"], json!(group), "the path's project, whatever the body said");
    let read = to_value(client.cloud_backups().get_compliance_policy(&group).await.expect("written")).unwrap();
    assert_eq!(read["authorizedEmail"], "a@example.com");
    client.cloud_backups().disable_compliance_policy(&group).await.expect("disabled");
    let gone = client.cloud_backups().get_compliance_policy(&group).await.unwrap_err();
    assert_eq!(gone.status().map(|s| s.as_u16()), Some(404), "none once disabled");
}

/// A new project's owner is the organization's oldest owner (the spec's `projectOwnerId`
/// of `createGroup` says so): a user of the project with `GROUP_OWNER`, as its membership
/// and `getUser` say too.
#[tokio::test]
async fn a_new_project_is_owned_by_the_organization_s_owner() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client).await;
    let users = client.mongodb_cloud_users();
    let listed = to_value(users.list_group_users(&group).await.unwrap()).unwrap();
    let owner = &listed["results"][0];
    assert_eq!((&owner["id"], &owner["roles"]), (&json!(FakeAtlas::OWNER_ID), &json!(["GROUP_OWNER"])), "{listed}");
    assert_eq!(owner["orgMembershipStatus"], "ACTIVE");
    let member = to_value(users.get_org_user(FakeAtlas::ORG_ID, FakeAtlas::OWNER_ID).await.unwrap()).unwrap();
    let assigned = json!([{"groupId": group, "groupRoles": ["GROUP_OWNER"]}]);
    assert_eq!(member["roles"]["groupRoleAssignments"], assigned, "{member}");
    #[allow(deprecated)] // its only version, sunset in 2027
    let user = || async { to_value(users.get_user(FakeAtlas::OWNER_ID).await.unwrap()).unwrap() };
    let owns = |user: &Value, group: &str| {
        user["roles"].as_array().unwrap().contains(&json!({"groupId": group, "roleName": "GROUP_OWNER"}))
    };
    assert!(owns(&user().await, &group), "{}", user().await);
    let role: atlas_api::types::AddOrRemoveGroupRole =
        serde_json::from_value(json!({"groupRole": "GROUP_READ_ONLY"})).unwrap();
    users.add_group_user_role(&group, FakeAtlas::OWNER_ID, role).await.unwrap();
    let read_only = json!({"groupId": group, "roleName": "GROUP_READ_ONLY"});
    assert!(user().await["roles"].as_array().unwrap().contains(&read_only), "a role added: {}", user().await);
    // The same user, one state: leaving the project, or the project's deletion, takes the role
    // from the membership and from `getUser`.
    users.remove_group_user(&group, FakeAtlas::OWNER_ID).await.unwrap();
    assert!(!owns(&user().await, &group), "{}", user().await);
    let named = Group::new("Named", FakeAtlas::ORG_ID);
    let second = client.projects().create_group(named).project_owner_id(FakeAtlas::OWNER_ID).await.unwrap();
    let second = second.id.unwrap();
    assert!(owns(&user().await, &second), "the owner projectOwnerId names: {}", user().await);
    client.projects().delete_group(&second).await.unwrap();
    let member = to_value(users.get_org_user(FakeAtlas::ORG_ID, FakeAtlas::OWNER_ID).await.unwrap()).unwrap();
    assert_eq!(member["roles"]["groupRoleAssignments"], json!([]), "{member}");
    // A projectOwnerId that names no active member of the organization is refused, and nothing
    // is made.
    let stranger = Group::new("Stranger's", FakeAtlas::ORG_ID);
    let refused = client.projects().create_group(stranger).project_owner_id("5e2211c1ffffffffffffffff").await;
    assert_eq!(refused.unwrap_err().status().map(|s| s.as_u16()), Some(404));
    let projects = to_value(client.projects().list_groups().await.unwrap()).unwrap();
    assert_eq!(projects["results"].as_array().map(Vec::len), Some(1), "{projects}");
}

/// A user added to a project is the organization's (the spec's description of
/// `addGroupUsers`): the active owner answers as a member with its profile, a stranger as an
/// invitation the organization lists too, and adding either again is a 409.
#[tokio::test]
async fn a_user_added_to_a_project_answers_as_a_member_or_an_invitation() {
    use atlas_api::types::{GroupUserRequest, GroupUserResponse};
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client).await;
    let users = client.mongodb_cloud_users();
    let request = |username: &str| GroupUserRequest::new(vec!["GROUP_READ_ONLY".to_owned()], username);
    let again = users.add_group_users(&group, request(FakeAtlas::OWNER_USERNAME)).await.unwrap_err();
    assert_eq!(again.status().map(|s| s.as_u16()), Some(409), "the project's owner is its user already");
    users.remove_group_user(&group, FakeAtlas::OWNER_ID).await.unwrap();
    let owner = users.add_group_users(&group, request(FakeAtlas::OWNER_USERNAME)).await.unwrap();
    let GroupUserResponse::Active(owner) = owner else { panic!("a member: {owner:?}") };
    assert_eq!(owner.id.as_deref(), Some(FakeAtlas::OWNER_ID), "the organization's user");
    assert_eq!(owner.first_name.as_deref(), Some("Fake"));
    let stranger = users.add_group_users(&group, request("new@example.com")).await.unwrap();
    let GroupUserResponse::GroupPending(stranger) = stranger else { panic!("an invitation: {stranger:?}") };
    let org = to_value(users.list_org_users(FakeAtlas::ORG_ID).await.unwrap()).unwrap();
    let invited = org["results"].as_array().unwrap().iter().find(|user| user["username"] == "new@example.com");
    assert_eq!(invited.map(|user| &user["orgMembershipStatus"]), Some(&json!("PENDING")), "{org}");
    assert_eq!(invited.map(|user| &user["id"]), Some(&json!(stranger.id)));
    let again = users.add_group_users(&group, request("new@example.com")).await.unwrap_err();
    assert_eq!(again.status().map(|s| s.as_u16()), Some(409));
    let listed = to_value(users.list_group_users(&group).await.unwrap()).unwrap();
    assert_eq!(listed["results"].as_array().map(Vec::len), Some(2), "{listed}");
    // One who leaves the organization leaves its projects.
    users.remove_org_user(FakeAtlas::ORG_ID, stranger.id.as_deref().unwrap()).await.unwrap();
    let listed = to_value(users.list_group_users(&group).await.unwrap()).unwrap();
    assert_eq!(listed["results"].as_array().map(Vec::len), Some(1), "{listed}");
}

/// Users join a team as the organization's users, and the answer lists every member as
/// Atlas reads its users (recorded `addOrgTeamUsers`); a user the organization does not hold
/// is refused and nobody joins.
#[tokio::test]
#[allow(deprecated)] // its only version, sunset in 2027
async fn a_team_s_new_members_are_the_organization_s_users() {
    use atlas_api::types::{AddUserToTeam, Team};
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let teams = client.teams();
    let team = teams.create_org_team(FakeAtlas::ORG_ID, Team::new("ops", Vec::<String>::new())).await.unwrap();
    let team = team.id.unwrap();
    let stranger = vec![AddUserToTeam::new("5e2211c1ffffffffffffffff")];
    let refused = teams.add_team_users(FakeAtlas::ORG_ID, &team, stranger).await.unwrap_err();
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(404));
    let owner = vec![AddUserToTeam::new(FakeAtlas::OWNER_ID)];
    let members = to_value(teams.add_team_users(FakeAtlas::ORG_ID, &team, owner).await.unwrap()).unwrap();
    let first = &members["results"][0];
    assert_eq!(
        (first["id"].as_str(), first["emailAddress"].as_str()),
        (Some(FakeAtlas::OWNER_ID), Some(FakeAtlas::OWNER_USERNAME))
    );
    assert_eq!(first["teamIds"], json!([team]), "{members}");
    assert_eq!(members["results"].as_array().map(Vec::len), Some(1));
    // Leaving the team is seen by every read of the user.
    let users = client.mongodb_cloud_users();
    let leave = atlas_api::types::AddOrRemoveUserFromTeam::new(FakeAtlas::OWNER_ID);
    users.remove_org_team_user(FakeAtlas::ORG_ID, &team, leave).await.expect("left");
    let user = users.get_user(FakeAtlas::OWNER_ID).await.unwrap();
    assert_eq!(user.team_ids.unwrap_or_default(), Vec::<String>::new(), "getUser names the team no more");
}

/// `createOrg` answers the organization it made and the API key made with it, the key's roles
/// as role objects in the new organization (as `createOrgApiKey` answers a key), not the
/// request stored; both are then read as any other.
#[tokio::test]
async fn a_new_organization_answers_itself_and_its_api_key() {
    use atlas_api::types::CreateOrganizationRequest;
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let request = json!({"name": "Second", "orgOwnerId": FakeAtlas::OWNER_ID,
        "apiKey": {"desc": "ci", "roles": ["ORG_OWNER"]}});
    let request = serde_json::from_value::<CreateOrganizationRequest>(request).unwrap();
    let made = to_value(client.organizations().create_org(request).await.expect("made")).unwrap();
    let org = made["organization"]["id"].as_str().expect("the organization's id").to_owned();
    assert_eq!(made["organization"]["name"], "Second", "{made}");
    assert_eq!(made["apiKey"]["roles"], json!([{"orgId": org, "roleName": "ORG_OWNER"}]), "{made}");
    assert!(made["apiKey"]["privateKey"].is_string() && made["apiKey"]["publicKey"].is_string());
    assert_eq!(made["orgOwnerId"], FakeAtlas::OWNER_ID);
    let read = client.organizations().get_org(&org).await.expect("read");
    assert_eq!(read.name, "Second");
    let keys = to_value(client.programmatic_api_keys().list_org_api_keys(&org).await.unwrap()).unwrap();
    assert_eq!(keys["results"][0]["id"], made["apiKey"]["id"], "{keys}");
}

/// A federated database reaches AWS through its project's cloud provider access role: Atlas
/// answers that role's external id, the IAM user Atlas assumes it from and the role's ARN
/// (recorded `createGroupDataFederation`; the Terraform provider reads these three as set by
/// the server from `role_id`), and refuses a role the project does not hold or has not yet
/// authorized (`CLOUD_PROVIDER_ACCESS_ROLE_NOT_AUTHORIZED`, as Atlas refuses one elsewhere).
#[tokio::test]
async fn a_federated_database_answers_its_role_s_aws_identity() {
    use atlas_api::types::{CloudProviderAccessRoleRequestUpdate, DataLakeTenant};
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client).await;
    let access = client.cloud_provider_access();
    let role = common::aws_role(&client, &group).await;
    let role_id = role["roleId"].as_str().expect("a role id").to_owned();
    let tenant = |role: &str| -> DataLakeTenant {
        serde_json::from_value(json!({"name": "lake", "cloudProviderConfig": {"aws": {"roleId": role,
            "testS3Bucket": "bucket"}}}))
        .unwrap()
    };
    let unauthorized = client.data_federation().create_data_federation(&group, tenant(&role_id)).await.unwrap_err();
    assert_eq!(unauthorized.error_code(), Some("CLOUD_PROVIDER_ACCESS_ROLE_NOT_AUTHORIZED"), "not yet authorized");
    let arn = "arn:aws:iam::123456789012:role/atlas";
    let authorize: CloudProviderAccessRoleRequestUpdate =
        serde_json::from_value(json!({"providerName": "AWS", "iamAssumedRoleArn": arn})).unwrap();
    let authorized = to_value(access.authorize_provider_access_role(&group, &role_id, authorize).await.unwrap());
    assert!(authorized.unwrap()["authorizedDate"].is_string(), "the spec's `authorizedDate`, when authorized");
    let refused = client.data_federation().create_data_federation(&group, tenant("5e2211c1ffffffffffffffff")).await;
    assert_eq!(refused.unwrap_err().status().map(|s| s.as_u16()), Some(404), "a role the project does not hold");
    let lake = to_value(client.data_federation().create_data_federation(&group, tenant(&role_id)).await.unwrap());
    let aws = &lake.unwrap()["cloudProviderConfig"]["aws"];
    assert_eq!(aws["externalId"], role["atlasAssumedRoleExternalId"], "{aws}");
    assert_eq!(aws["iamUserARN"], role["atlasAWSAccountArn"], "{aws}");
    assert_eq!(aws["iamAssumedRoleARN"], json!(arn), "{aws}");
    assert!(aws["externalId"].is_string() && aws["iamUserARN"].is_string(), "{role}");
}

/// A cluster answers `tags` on every read but in its create's answer only when the create sent
/// them (none of the 13 recorded creates sent or answered them; all 55 recorded reads answer
/// them), and no `featureCompatibilityVersion` in the shape of 2023-02-01 (none of that
/// version's 13 recorded creates and 18 reads carry it; every 2024-08-05 read does).
#[tokio::test]
#[allow(deprecated)] // 2023-02-01, sunset in 2027, is the version whose shape is older
async fn a_cluster_answers_what_its_version_and_its_create_answer() {
    use atlas_api::types::AdvancedClusterDescription;
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client).await;
    let made = to_value(client.clusters().create_cluster(&group, common::cluster("c")).await.unwrap()).unwrap();
    assert!(made.get("tags").is_none(), "not sent, not answered: {made}");
    assert!(made["featureCompatibilityVersion"].is_string(), "{made}");
    let read = to_value(client.clusters().get_cluster(&group, "c").await.unwrap()).unwrap();
    assert_eq!(read["tags"], json!([]), "{read}");
    let tagged = to_value(common::cluster("t")).unwrap();
    let mut tagged = tagged.as_object().unwrap().clone();
    tagged.insert("tags".into(), json!([{"key": "team", "value": "a"}]));
    let tagged: Cluster = serde_json::from_value(Value::Object(tagged)).unwrap();
    let made = to_value(client.clusters().create_cluster(&group, tagged).await.unwrap()).unwrap();
    assert_eq!(made["tags"], json!([{"key": "team", "value": "a"}]), "sent, answered");
    let older: AdvancedClusterDescription = serde_json::from_value(json!({"name": "o", "clusterType": "REPLICASET",
        "replicationSpecs": [{"numShards": 1, "regionConfigs": [{"providerName": "AWS", "regionName": "US_EAST_1",
            "priority": 7, "electableSpecs": {"instanceSize": "M10", "nodeCount": 3}}]}]}))
    .unwrap();
    let made = to_value(client.clusters().create_cluster_v2023_02_01(&group, older).await.unwrap()).unwrap();
    assert!(made.get("featureCompatibilityVersion").is_none(), "{made}");
    let read = to_value(client.clusters().get_cluster_v2023_02_01(&group, "o").await.unwrap()).unwrap();
    assert!(read.get("featureCompatibilityVersion").is_none(), "{read}");
}

/// A snapshot has the time it was taken once it is taken: Atlas's answer to `takeSnapshot`
/// (`queued`, 2 recorded) and its reads while `inProgress` (6) carry no `createdAt`; its
/// `completed` reads (2) do.
#[tokio::test]
async fn a_snapshot_answers_when_it_was_taken_once_taken() {
    use atlas_api::types::DiskBackupOnDemandSnapshotRequest;
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = common::project_with_cluster(&client).await;
    fake.advance();
    let backups = client.cloud_backups();
    let asked = DiskBackupOnDemandSnapshotRequest::new().retention_in_days(1);
    let taken = to_value(backups.take_snapshots(&group, "Cluster0", asked).await.unwrap()).unwrap();
    assert!(taken.get("createdAt").is_none(), "{taken}");
    let id = taken["id"].as_str().unwrap().to_owned();
    fake.advance();
    let done = to_value(backups.get_cluster_backup_snapshot(&group, "Cluster0", &id).await.unwrap()).unwrap();
    assert_eq!(done["status"], "completed", "{done}");
    assert!(done["createdAt"].is_string(), "{done}");
}

/// Every recorded event of a call names the API key that made it and where from (71 of 71
/// in `listOrgEvents`, 33 in `listGroupEvents`), and the key is one of its organization's;
/// an event of Atlas's own work (`CLUSTER_UPDATE_STARTED`, 13 recorded) names no caller.
#[tokio::test]
async fn an_event_names_the_api_key_that_made_the_call() {
    let builder = atlas_api::mock::MockAtlas::builder();
    let private = "8d6c3f1e-0a2b-4c5d-9e8f-6a7b8c9d0e1f";
    let fake = FakeAtlas::start_from(builder.credentials(atlas_api::Credentials::api_key("qwertyui", private))).await;
    let client = fake.client();
    let keys = client.programmatic_api_keys().list_org_api_keys(FakeAtlas::ORG_ID).await.unwrap();
    let keys = to_value(keys).unwrap();
    assert_eq!(keys["results"][0]["id"], FakeAtlas::CALLER_KEY_ID, "{keys}");
    assert_eq!(keys["results"][0]["privateKey"], "********-****-****-6a7b8c9d0e1f");

    let group = common::project_with_cluster(&client).await;
    let events = client.events().list_org_events(FakeAtlas::ORG_ID).await.unwrap();
    let events = to_value(events).unwrap();
    let created = &events["results"][0];
    assert_eq!(created["eventTypeName"], "GROUP_CREATED", "{events}");
    assert_eq!((&created["apiKeyId"], &created["publicKey"]), (&json!(FakeAtlas::CALLER_KEY_ID), &json!("qwertyui")));
    assert_eq!(created["remoteAddress"], "127.0.0.1");

    fake.advance();
    let resized = to_value(common::cluster("Cluster0")).unwrap();
    client.clusters().update_cluster(&group, "Cluster0", serde_json::from_value(resized).unwrap()).await.unwrap();
    let events = to_value(client.events().list_group_events(&group).await.unwrap()).unwrap();
    let started = &events["results"][0];
    assert_eq!(started["eventTypeName"], "CLUSTER_UPDATE_STARTED", "{events}");
    assert!(started.get("publicKey").is_none() && started.get("remoteAddress").is_none(), "{started}");
}

/// Atlas takes a flex cluster's snapshots by itself (once a day, as the recorded page lists
/// them), so a test puts one; a restore names one the cluster holds (else a 404, as for a
/// dedicated cluster's), and answers when it was finished (every recorded restore job's
/// `snapshotFinishedDate` is its snapshot's `finishTime`).
#[tokio::test]
async fn a_flex_restore_restores_a_snapshot_the_cluster_holds() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client).await;
    let flex = json!({"name": "flex0", "providerSettings": {"backingProviderName": "AWS", "regionName": "US_EAST_1"}});
    client.flex_clusters().create_flex_cluster(&group, serde_json::from_value(flex).unwrap()).await.unwrap();
    let snapshot_id = "6a6f78e0cab84da5c4476b25";
    let restore = || {
        let body = json!({"snapshotId": snapshot_id, "targetDeploymentItemName": "flex0", "targetProjectId": group});
        client.flex_restore_jobs().create_flex_restore_job(&group, "flex0", serde_json::from_value(body).unwrap())
    };
    let missing = restore().await.expect_err("no such snapshot");
    assert_eq!(missing.status().map(|s| s.as_u16()), Some(404));

    let snapshot = json!({"id": snapshot_id, "status": "COMPLETED", "mongoDBVersion": "8.0.29",
        "scheduledTime": "2026-08-02T17:05:10Z", "startTime": "2026-08-02T17:05:37Z",
        "finishTime": "2026-08-02T17:06:56Z", "expiration": "2026-08-10T17:05:10Z"});
    let read = client.flex_snapshots().get_flex_backup_snapshot(&group, "flex0", snapshot_id);
    fake.put(read, &serde_json::from_value(snapshot).unwrap());
    let job = to_value(restore().await.expect("restored")).unwrap();
    assert_eq!(job["snapshotFinishedDate"], "2026-08-02T17:06:56Z", "{job}");
}

/// Acknowledging an alert (the recorded `acknowledgeAlert` answers) names who did it by the
/// API key's public key, until the date sent; unacknowledging takes both away.
#[tokio::test]
async fn an_alert_acknowledged_names_who_did_it() {
    let builder = atlas_api::mock::MockAtlas::builder();
    let fake = FakeAtlas::start_from(builder.credentials(atlas_api::Credentials::api_key("nmtxqlkl", "secret"))).await;
    let client = fake.client();
    let group = project(&client).await;
    let id = "5efdb5dd5b306e51e2e9b05b";
    let alert = json!({"id": id, "alertConfigId": "5efdb59f93fc35705f337179", "created": "2020-07-02T10:24:29Z",
        "eventTypeName": "USERS_WITHOUT_MULTI_FACTOR_AUTH", "groupId": group, "orgId": FakeAtlas::ORG_ID,
        "status": "OPEN", "updated": "2020-07-02T10:24:29Z"});
    fake.put(client.alerts().get_alert(&group, id), &serde_json::from_value(alert).unwrap());
    let until = json!({"acknowledgedUntil": "2126-09-11T03:03:06Z"});
    let acknowledged = client.alerts().acknowledge_alert(&group, id, serde_json::from_value(until).unwrap()).await;
    let acknowledged = to_value(acknowledged.unwrap()).unwrap();
    assert_eq!(acknowledged["acknowledgingUsername"], "nmtxqlkl", "{acknowledged}");
    assert_ne!(acknowledged["updated"], "2020-07-02T10:24:29Z");
    let undo = serde_json::from_value(json!({"unacknowledgeAlert": true})).unwrap();
    let undone = to_value(client.alerts().acknowledge_alert(&group, id, undo).await.unwrap()).unwrap();
    assert!(undone.get("acknowledgedUntil").is_none() && undone.get("acknowledgingUsername").is_none(), "{undone}");
    assert!(undone.get("unacknowledgeAlert").is_none(), "{undone}");
}
