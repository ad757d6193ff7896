//! The fake answers what Atlas answers: in the response's shape (role objects, `_id`, a
//! union's tag, no write-only field), with the lifecycles Atlas's resources go through, and
//! every answer checked against its documented type (a breach fails the test). Public API
//! only, no expectation, no `put`, no predicted ids.

use std::time::Duration;

use atlas_api::fake::FakeAtlas;
use atlas_api::types::{
    BackupOnlineArchive, BackupOnlineArchiveCreate, CloudDatabaseUser, CloudDatabaseUserDatabaseName as Database,
    CreateAtlasOrganizationApiKey, DatabaseUserRole, DateCriteriaView, DiskBackupExportJobRequest,
    DiskBackupOnDemandSnapshotRequest, DiskBackupReplicaSet, DiskBackupSnapshot,
    DiskBackupSnapshotAwsExportBucketRequest, DiskBackupSnapshotExportBucketRequest, DiskBackupSnapshotRestoreJob,
    Group, OrgUserRequest, OrgUserResponse, OrgUserRolesRequest,
};

mod common;

use common::project_with_cluster;

#[tokio::test]
async fn an_api_key_answers_its_roles_as_role_objects() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let body = CreateAtlasOrganizationApiKey::new("ci", vec!["ORG_READ_ONLY".into()]);
    let key = client.programmatic_api_keys().create_org_api_key(FakeAtlas::ORG_ID, body).await.expect("a key");
    let roles = key.roles.expect("roles");
    assert_eq!(roles[0].role_name.as_deref(), Some("ORG_READ_ONLY"));
    assert_eq!(roles[0].org_id.as_deref(), Some(FakeAtlas::ORG_ID));
    assert!(key.public_key.is_some_and(|public| public.len() == 8), "a public key as Atlas forms it");
    let private = key.private_key.expect("the private key, once: in the create's answer");
    assert!(!private.starts_with('*'), "{private}");
    // Every read after answers it redacted, its last twelve digits kept.
    let id = key.id.expect("an id");
    let read = client.programmatic_api_keys().get_org_api_key(FakeAtlas::ORG_ID, &id).await.expect("the key");
    let redacted = read.private_key.expect("redacted");
    assert_eq!(redacted, format!("********-****-****-{}", &private[private.len() - 12..]));
}

#[tokio::test]
async fn an_invitation_is_a_pending_member_and_a_password_is_never_answered() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let roles = OrgUserRolesRequest::new(vec!["ORG_MEMBER".into()]);
    let invited =
        client.mongodb_cloud_users().create_org_user(FakeAtlas::ORG_ID, OrgUserRequest::new(roles, "ada@example.com"));
    match invited.await.expect("an invitation") {
        OrgUserResponse::OrgPending(pending) => assert_eq!(pending.username.as_deref(), Some("ada@example.com")),
        other => panic!("an invitation is a pending member, not {other:?}"),
    }

    let group = client.projects().create_group(Group::new("Shop", FakeAtlas::ORG_ID)).await.unwrap().id.unwrap();
    let user = CloudDatabaseUser::new(Database::Admin, &group, [DatabaseUserRole::new("admin", "read")], "app")
        .password("correct horse battery staple");
    let created = client.database_users().create_database_user(&group, user).await.expect("a user");
    assert_eq!((created.password, created.group_id.as_str()), (None, group.as_str()), "write-only, and answered");
    let read = client.database_users().get_database_user(&group, "admin", "app").await.expect("the user");
    assert_eq!(read.password, None);
}

#[tokio::test(start_paused = true)]
async fn a_snapshot_is_a_replica_set_s_and_a_restore_and_an_export_finish() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project_with_cluster(&client).await;
    let backups = client.cloud_backups();
    let request = DiskBackupOnDemandSnapshotRequest::new().description("before launch").retention_in_days(7);
    let taken = backups.take_snapshots(&group, "Cluster0", request).await.expect("a snapshot");
    let DiskBackupSnapshot::ReplicaSet(snapshot) = taken else { panic!("a replica set's snapshot: {taken:?}") };
    assert_eq!(snapshot.replica_set_name.as_deref(), Some("Cluster0"));
    assert!(snapshot.expires_at.is_some() && snapshot.snapshot_type.is_some());
    let snapshot_id = snapshot.id.expect("an id");

    let restore = DiskBackupSnapshotRestoreJob::new("automated")
        .snapshot_id(&snapshot_id)
        .target_cluster_name("Cluster0")
        .target_group_id(&group);
    let job = backups.create_backup_restore_job(&group, "Cluster0", restore).await.expect("a restore");
    assert_eq!((job.failed, job.cancelled, job.finished_at), (Some(false), Some(false), None));
    let job_id = job.id.expect("an id");
    let wait = backups.wait_until_restore_job_finished(&group, "Cluster0", &job_id).max_wait(Duration::from_secs(60));
    let done = wait.await.expect("the restore finishes");
    assert!(done.finished_at.is_some());

    // The bucket is reached through the project's AWS role, authorized first, as Atlas requires.
    let role_id = common::authorized_aws_role(&client, &group).await;
    let bucket =
        DiskBackupSnapshotExportBucketRequest::from(DiskBackupSnapshotAwsExportBucketRequest::new("exports", &role_id));
    let bucket = backups.create_export_bucket(&group, bucket).await.expect("a bucket");
    let bucket_id = bucket.id().expect("the bucket's `_id`").to_owned();
    let export = DiskBackupExportJobRequest::new(&bucket_id, &snapshot_id);
    let export = backups.create_backup_export(&group, "Cluster0", export).await.expect("an export");
    let export_id = export.id.expect("an id");
    let wait = backups.wait_until_export_job_successful(&group, "Cluster0", &export_id);
    let done = wait.max_wait(Duration::from_secs(60)).await.expect("the export succeeds");
    assert!(done.finished_at.is_some(), "Atlas stamps the end of an export");
}

#[tokio::test(start_paused = true)]
async fn an_archive_pauses_through_pausing_and_a_pause_while_pending_is_refused() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project_with_cluster(&client).await;
    let archives = client.online_archive();
    let create = BackupOnlineArchiveCreate::new("orders", DateCriteriaView::new().date_field("created"), "shop");
    let archive = archives.create_online_archive(&group, "Cluster0", create).await.expect("an archive");
    let id = archive.id.expect("the archive's `_id`");

    let pause = BackupOnlineArchive::new().paused(true);
    let refused = archives.update_online_archive(&group, "Cluster0", &id, pause.clone()).await.unwrap_err();
    assert_eq!(refused.error_code(), Some("ONLINE_ARCHIVE_MUST_BE_ACTIVE_TO_PAUSE"), "PENDING is not ACTIVE");

    archives.wait_until_online_archive_active(&group, "Cluster0", &id).await.expect("active");
    let pausing = archives.update_online_archive(&group, "Cluster0", &id, pause).await.expect("a pause");
    assert_eq!(pausing.state.map(|state| state.as_str().to_owned()).as_deref(), Some("PAUSING"));
    archives.wait_until_online_archive_paused(&group, "Cluster0", &id).await.expect("paused");
    let resume = BackupOnlineArchive::new().paused(false);
    archives.update_online_archive(&group, "Cluster0", &id, resume).await.expect("a resume");
    archives.wait_until_online_archive_active(&group, "Cluster0", &id).await.expect("active again");
}

#[tokio::test(start_paused = true)]
async fn a_cluster_answers_its_version_and_connection_strings() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project_with_cluster(&client).await;
    let creating = client.clusters().get_cluster(&group, "Cluster0").await.expect("the cluster");
    assert!(creating.mongo_db_version.is_some_and(|version| version.starts_with("8.0.")));
    let strings = creating.connection_strings.expect("connection strings, empty while it is created");
    assert_eq!(strings.standard_srv, None, "no host to connect to yet");
    let cluster = client.clusters().wait_until_cluster_idle(&group, "Cluster0").await.expect("idle");
    let srv = cluster.connection_strings.and_then(|strings| strings.standard_srv).expect("an SRV string");
    assert!(srv.starts_with("mongodb+srv://cluster0."), "{srv}");
}

#[tokio::test]
async fn an_answer_its_type_does_not_document_fails_the_test_that_caused_it() {
    // A snapshot in a state the spec does not list: the fake still answers it, and its
    // contract check records a fault, which `verify` (and dropping the fake) reports.
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project_with_cluster(&client).await;
    let backups = client.cloud_backups();
    let read = || backups.get_cluster_backup_snapshot(&group, "Cluster0", "6a0000000000000000000009");
    let odd = DiskBackupReplicaSet::new().id("6a0000000000000000000009").status("melting".to_owned());
    fake.put(read(), &odd);
    read().await.expect("answered all the same");
    let faults = fake.take_faults();
    assert!(
        faults
            .iter()
            .any(|fault| fault.contains("getGroupClusterBackupSnapshot") && fault.contains("`melting` is not a value")),
        "{faults:?}"
    );
}

/// `createGroupApiKey` makes an organization key assigned to the project (the spec's summary
/// says so): answered as a new key is, its roles in the project, and one of its
/// organization's keys after.
#[tokio::test]
async fn a_project_s_new_api_key_is_one_of_its_organization_s() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = client.projects().create_group(Group::new("Shop", FakeAtlas::ORG_ID)).await.unwrap().id.unwrap();
    let keys = client.programmatic_api_keys();
    let body = serde_json::from_value(serde_json::json!({"desc": "deploy", "roles": ["GROUP_READ_ONLY"]})).unwrap();
    let key = keys.create_group_api_key(&group, body).await.expect("a key");
    let key = serde_json::to_value(key).unwrap();
    assert_eq!(key["roles"], serde_json::json!([{"groupId": group, "roleName": "GROUP_READ_ONLY"}]), "{key}");
    let private = key["privateKey"].as_str().expect("its private key, once");
    assert!(key["publicKey"].as_str().is_some_and(|public| public.len() == 8), "{key}");
    let id = key["id"].as_str().expect("an id");
    let listed = keys.get_org_api_key(FakeAtlas::ORG_ID, id).await.expect("one of the organization's keys");
    assert_eq!(listed.private_key, Some(format!("********-****-****-{}", &private[private.len() - 12..])));
}
