//! A backup and restore runner, written as a user would against the fake alone: set a cluster's
//! backup schedule, take a snapshot, export it to a bucket, restore it, archive old data and
//! pause the archive, and collect the logs of the cluster's hosts; with the unhappy paths
//! Atlas answers (404 for a missing cluster, snapshot or bucket, 409 for a pause while the
//! archive is not active, a 429 layered on the fake, an invalid body). Public API only, no
//! expectation but the layered 429, no `put`, no predicted ids.

use std::io::Read as _;
use std::time::Duration;

use atlas_api::fake::FakeAtlas;
use atlas_api::types::{
    BackupOnlineArchive, BackupOnlineArchiveCreate, DateCriteriaView, DiskBackupExportJobRequest,
    DiskBackupOnDemandSnapshotRequest, DiskBackupSnapshotAwsExportBucketRequest, DiskBackupSnapshotExportBucketRequest,
    DiskBackupSnapshotRestoreJob, DiskBackupSnapshotSchedule20240805 as Schedule, DownloadClusterLogLogName as LogName,
};
use atlas_api::{Client, Error};

mod common;

use common::project_with_cluster;

/// What one run of the runner produced.
#[derive(Debug)]
struct Run {
    snapshot: String,
    export: String,
    restore: String,
    logs: Vec<(String, Vec<u8>)>,
}

/// The runner: a nightly schedule, a snapshot of `cluster` exported to a new bucket (reached
/// through the project's authorized AWS role `role`) and restored in place, then every
/// host's log.
async fn run(client: &Client, group: &str, cluster: &str, role: &str) -> Result<Run, Error> {
    let backups = client.cloud_backups();
    let nightly = Schedule::new(Vec::new()).reference_hour_of_day(2).restore_window_days(7);
    backups.update_backup_schedule(group, cluster, nightly).await?;
    client.clusters().wait_until_cluster_idle(group, cluster).await?;
    let request = DiskBackupOnDemandSnapshotRequest::new().description("nightly").retention_in_days(3);
    let snapshot = backups.take_snapshots(group, cluster, request).await?;
    let snapshot = snapshot.id().expect("a snapshot id").to_owned();
    backups.wait_until_backup_snapshot_completed(group, cluster, &snapshot).await?;

    let bucket = DiskBackupSnapshotAwsExportBucketRequest::new("nightly-exports", role);
    let bucket = backups.create_export_bucket(group, DiskBackupSnapshotExportBucketRequest::from(bucket)).await?;
    let bucket = bucket.id().expect("the bucket's `_id`").to_owned();
    let export =
        backups.create_backup_export(group, cluster, DiskBackupExportJobRequest::new(&bucket, &snapshot)).await?;
    let export = export.id.expect("an export id");
    backups.wait_until_export_job_successful(group, cluster, &export).await?;

    let restore = DiskBackupSnapshotRestoreJob::new("automated")
        .snapshot_id(&snapshot)
        .target_cluster_name(cluster)
        .target_group_id(group);
    let restore = backups.create_backup_restore_job(group, cluster, restore).await?;
    let restore = restore.id.expect("a restore id");
    backups.wait_until_restore_job_finished(group, cluster, &restore).await?;

    let monitoring = client.monitoring_and_logs();
    let mut logs = Vec::new();
    for process in monitoring.list_group_processes(group).await?.results.unwrap_or_default() {
        let host = process.hostname.expect("a process has its host");
        let gzip = monitoring.download_cluster_log(group, &host, LogName::Mongodb).await?;
        logs.push((host, gzip.to_vec()));
    }
    Ok(Run { snapshot, export, restore, logs })
}

#[tokio::test(start_paused = true)]
async fn a_backup_and_restore_runner_runs_against_the_fake() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project_with_cluster(&client).await;
    let role = common::authorized_aws_role(&client, &group).await;
    let run = run(&client, &group, "Cluster0", &role).await.expect("the run");

    let backups = client.cloud_backups();
    let schedule = backups.get_backup_schedule(&group, "Cluster0").await.expect("the schedule");
    assert_eq!((schedule.reference_hour_of_day, schedule.restore_window_days), (Some(2), Some(7)));
    let export = backups.get_backup_export(&group, "Cluster0", &run.export).await.expect("the export");
    assert!(export.finished_at.is_some(), "an export that succeeded says when");
    let restore = backups.get_backup_restore_job(&group, "Cluster0", &run.restore).await.expect("the restore");
    assert_eq!((restore.failed, restore.cancelled), (Some(false), Some(false)));
    assert!(restore.finished_at.is_some());
    let snapshots = backups.list_backup_snapshots(&group, "Cluster0").await.expect("snapshots");
    assert!(snapshots.results.unwrap_or_default().iter().any(|s| s.id.as_deref() == Some(run.snapshot.as_str())));

    // A three-node replica set: three hosts, one primary, each with a log in gzip.
    assert_eq!(run.logs.len(), 3, "{:?}", run.logs.iter().map(|(host, _)| host).collect::<Vec<_>>());
    for (host, gzip) in &run.logs {
        assert!(host.contains("-shard-00-0") && host.ends_with(".mongodb.net"), "{host}");
        let mut text = String::new();
        flate2::read::GzDecoder::new(gzip.as_slice()).read_to_string(&mut text).expect("gzip");
        assert!(text.lines().count() >= 1 && text.contains(host.as_str()), "{text}");
    }
    let processes = client.monitoring_and_logs().list_group_processes(&group).await.unwrap().results.unwrap();
    let primaries = processes.iter().filter(|p| p.type_name.as_ref().is_some_and(|t| t.as_str() == "REPLICA_PRIMARY"));
    assert_eq!(primaries.count(), 1);
    let id = processes[0].id.clone().expect("host:port");
    let read = client.monitoring_and_logs().get_group_process(&group, &id).await.expect("one process");
    assert_eq!(read.id.as_deref(), Some(id.as_str()));

    // The cluster goes, and its hosts with it.
    client.clusters().delete_cluster(&group, "Cluster0").await.expect("deleted");
    fake.advance();
    let left = client.monitoring_and_logs().list_group_processes(&group).await.unwrap();
    assert_eq!(left.results.unwrap_or_default().len(), 0);
}

#[tokio::test(start_paused = true)]
async fn an_archive_is_paused_once_it_is_active() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project_with_cluster(&client).await;
    let archives = client.online_archive();
    let create = BackupOnlineArchiveCreate::new("orders", DateCriteriaView::new().date_field("created"), "shop");
    let id = archives.create_online_archive(&group, "Cluster0", create).await.expect("an archive").id.expect("`_id`");
    let pause = BackupOnlineArchive::new().paused(true);
    let early = archives.update_online_archive(&group, "Cluster0", &id, pause.clone()).await.expect_err("pending");
    assert_eq!(early.error_code(), Some("ONLINE_ARCHIVE_MUST_BE_ACTIVE_TO_PAUSE"));
    archives.wait_until_online_archive_active(&group, "Cluster0", &id).await.expect("active");
    archives.update_online_archive(&group, "Cluster0", &id, pause).await.expect("pausing");
    let paused = archives.wait_until_online_archive_paused(&group, "Cluster0", &id).await.expect("paused");
    assert_eq!(paused.paused, Some(true));
}

#[tokio::test(start_paused = true)]
async fn the_runner_meets_what_atlas_refuses() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project_with_cluster(&client).await;
    let backups = client.cloud_backups();

    // A cluster that is not there: no schedule, no snapshot, no run.
    let missing = backups.get_backup_schedule(&group, "Cluster9").await.expect_err("no such cluster");
    assert_eq!(missing.error_code(), Some("CLUSTER_NOT_FOUND"));
    let role = common::authorized_aws_role(&client, &group).await;
    let run_elsewhere = run(&client, &group, "Cluster9", &role).await.expect_err("no such cluster");
    assert_eq!(run_elsewhere.error_code(), Some("CLUSTER_NOT_FOUND"));

    // A restore of a snapshot that is not there, an export to a bucket that is not there.
    let restore = DiskBackupSnapshotRestoreJob::new("automated")
        .snapshot_id("5e2211c1ffffffffffffffff")
        .target_cluster_name("Cluster0")
        .target_group_id(&group);
    let refused = backups.create_backup_restore_job(&group, "Cluster0", restore).await.expect_err("no snapshot");
    assert_eq!(refused.error_code(), Some("SNAPSHOT_NOT_FOUND"));
    let request = DiskBackupOnDemandSnapshotRequest::new().retention_in_days(1);
    let snapshot = backups.take_snapshots(&group, "Cluster0", request).await.expect("a snapshot");
    let snapshot = snapshot.id().expect("an id").to_owned();
    let export = DiskBackupExportJobRequest::new("5e2211c1ffffffffffffffff", &snapshot);
    let refused = backups.create_backup_export(&group, "Cluster0", export).await.expect_err("no bucket");
    assert_eq!((refused.status().map(|s| s.as_u16()), refused.error_code()), (Some(404), Some("RESOURCE_NOT_FOUND")));
    // A bucket reached through a role the project has not authorized (Atlas's 400).
    let unauthorized = common::aws_role(&client, &group).await;
    let bucket = DiskBackupSnapshotAwsExportBucketRequest::new("unreached", unauthorized["roleId"].as_str().unwrap());
    let bucket = DiskBackupSnapshotExportBucketRequest::from(bucket);
    let refused = backups.create_export_bucket(&group, bucket).await.expect_err("not authorized");
    assert_eq!(refused.error_code(), Some("CLOUD_PROVIDER_ACCESS_ROLE_NOT_AUTHORIZED"));
    let exports = backups.list_backup_exports(&group, "Cluster0").await.expect("exports");
    assert_eq!(exports.results.unwrap_or_default().len(), 0, "a refused export is not kept");
    let restore = DiskBackupSnapshotRestoreJob::new("automated")
        .snapshot_id(&snapshot)
        .target_cluster_name("Cluster9")
        .target_group_id(&group);
    let refused = backups.create_backup_restore_job(&group, "Cluster0", restore).await.expect_err("no target");
    assert_eq!(refused.error_code(), Some("CLUSTER_NOT_FOUND"));

    // A host no cluster has.
    let logs = client.monitoring_and_logs();
    let unknown = logs.download_cluster_log(&group, "nowhere.mongodb.net", LogName::Mongodb).await;
    assert_eq!(unknown.expect_err("no such host").status().map(|s| s.as_u16()), Some(404));

    // An invalid body (a retention of 0 days), refused before Atlas acts; the mock reports it
    // as a fault of the test, which this test expects.
    let invalid = DiskBackupOnDemandSnapshotRequest::new().retention_in_days(0);
    let refused = backups.take_snapshots(&group, "Cluster0", invalid).await.expect_err("0 days");
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(400));
    let faults = fake.take_faults();
    assert!(faults.len() == 1 && faults[0].contains("retentionInDays"), "{faults:?}");

    // A 429 layered on the fake: the runner's call is retried and answered from the state.
    fake.expect(backups.list_backup_snapshots(&group, "Cluster0")).times(1).rate_limited(Duration::from_secs(2));
    let listed = backups.list_backup_snapshots(&group, "Cluster0").await.expect("after the 429");
    assert_eq!(listed.results.unwrap_or_default().len(), 1);
}
