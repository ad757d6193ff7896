//! Fields a request must carry are required by its type. The spec marks them write-only,
//! and "never required" held only of answers, which leave them out: in a type no answer
//! holds they are plain fields and constructor arguments, so a request without them does
//! not compile; where answers hold the type too they stay `Option`s and the mock refuses a
//! request without them, as Atlas does.

use atlas_api::mock::MockAtlas;
use atlas_api::types::{
    AddOrRemoveOrgRoleOrgRole as OrgRole, AddOrRemoveUserFromTeam, CloudAccessRoleAssignment, CloudAppUser,
    DiskBackupExportJobRequest, OrgUserRequest, OrgUserRolesRequest,
};

const ORG: &str = "a1b2c3d4e5f6a7b8c9d0e1f2";
const GROUP: &str = "32b6e34b3d91647abb20e7b8";
const TEAM: &str = "6a1b2c3d4e5f60718293a4b5";
const USER: &str = "6a1b2c3d4e5f60718293a4b6";
const SNAPSHOT: &str = "6a1b2c3d4e5f60718293a4b7";
const BUCKET: &str = "6a1b2c3d4e5f60718293a4b8";

#[tokio::test]
async fn the_five_write_only_fields_are_constructor_arguments_and_sent() {
    let mock = MockAtlas::builder().serve_examples().start().await;
    let client = mock.client();
    let roles = OrgUserRolesRequest::new([OrgRole::OrgMember]);
    let user = OrgUserRequest::new(roles, "jane@example.com");
    let (username, _roles): (&String, &OrgUserRolesRequest) = (&user.username, &user.roles);
    assert_eq!(username, "jane@example.com");
    client.mongodb_cloud_users().create_org_user(ORG, user).await.expect("Atlas takes it");

    let export = DiskBackupExportJobRequest::new(BUCKET, SNAPSHOT);
    assert_eq!((export.export_bucket_id.as_str(), export.snapshot_id.as_str()), (BUCKET, SNAPSHOT));
    client.cloud_backups().create_backup_export(GROUP, "Cluster0", export).await.expect("Atlas takes it");

    let member = AddOrRemoveUserFromTeam::new(USER);
    client.mongodb_cloud_users().add_org_team_user(ORG, TEAM, member).await.expect("Atlas takes it");
    let sent: Vec<serde_json::Value> = mock
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && !r.path.starts_with("/api/oauth"))
        .filter_map(|r| r.body.clone())
        .collect();
    assert_eq!(sent[0]["username"], "jane@example.com");
    assert_eq!((sent[1]["exportBucketId"].as_str(), sent[1]["snapshotId"].as_str()), (Some(BUCKET), Some(SNAPSHOT)));
    assert_eq!(sent[2]["id"], USER);
    mock.verify();
}

#[tokio::test]
#[allow(deprecated)] // createUser's only version sunsets in 2027; it is the class's clearest member
async fn a_write_only_field_of_a_type_answers_hold_too_is_refused_when_left_out() {
    // A MongoDB Cloud user is also an answer, which never holds its password: the field stays
    // an `Option`, and the mock refuses a request without it.
    let mock = MockAtlas::builder().serve_examples().start().await;
    let client = mock.client();
    let roles = [CloudAccessRoleAssignment::new().org_id(ORG).role_name("ORG_MEMBER")];
    let user = CloudAppUser::new("IE", "Ada", "Lovelace", roles, "ada@example.com").mobile_number("+353 1 234 5678");
    let error = client.mongodb_cloud_users().create_user(user.clone()).await.expect_err("a 400");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    let faults = mock.take_faults();
    assert!(faults.iter().any(|f| f.contains("missing field `password`")), "{faults:?}");
    let user = user.password("correct horse battery staple");
    client.mongodb_cloud_users().create_user(user).await.expect("Atlas takes it");
}
