//! A provisioning tool's workflow tested end to end, as a user's crate tests it, twice: against
//! the fake (which keeps state, so the test only checks the outcome) and against the mock
//! (where the test scripts every answer). Only `atlas_api`'s public API.

use atlas_api::fake::FakeAtlas;
use atlas_api::mock::{AtlasError, MockAtlas};
use atlas_api::types::{
    AwsHardwareSpec20240805, AwsHardwareSpec20240805InstanceSize as Size, AwsRegionConfig20240805,
    ClusterDescription20240805 as Cluster, ClusterDescription20240805StateName as State,
    DiskBackupOnDemandSnapshotRequest, DiskBackupReplicaSet, DiskBackupSnapshot, Group,
    PaginatedClusterDescription20240805, ReplicationSpec20240805,
};
use atlas_api::{Client, Error};

/// The code under test: a project with one AWS cluster of `size`, as the tool writes it.
fn cluster(name: &str, size: Size) -> Cluster {
    let spec = AwsHardwareSpec20240805::new().instance_size(size).node_count(3);
    let region = AwsRegionConfig20240805::new().provider_name("AWS").region_name("US_EAST_1").priority(7);
    let specs = ReplicationSpec20240805::new().region_configs([region.electable_specs(spec).into()]);
    Cluster::new().name(name).cluster_type("REPLICASET").replication_specs([specs])
}

/// What the tool reports: the project, the snapshot, and how many clusters it saw listed.
#[derive(Debug, PartialEq)]
struct Report {
    group: String,
    snapshot: String,
    listed: usize,
}

/// The tool: create a project and a cluster, wait for IDLE, resize, snapshot, list, delete
/// and wait until it is gone.
async fn provision(client: &Client, org: &str) -> Result<Report, Error> {
    let project = client.projects().create_group(Group::new("shop", org)).await?;
    let group = project.id.unwrap_or_default();
    let clusters = client.clusters();
    clusters.create_cluster(&group, cluster("shop-db", Size::M10)).await?;
    clusters.wait_until_cluster_idle(&group, "shop-db").await?;
    clusters.update_cluster(&group, "shop-db", cluster("shop-db", Size::M20)).await?;
    clusters.wait_until_cluster_idle(&group, "shop-db").await?;
    let request = DiskBackupOnDemandSnapshotRequest::new().description("before launch").retention_in_days(7);
    let taken = client.cloud_backups().take_snapshots(&group, "shop-db", request).await?;
    let snapshot = taken.id().map(str::to_owned).unwrap_or_default();
    client.cloud_backups().wait_until_backup_snapshot_completed(&group, "shop-db", &snapshot).await?;
    let listed = clusters.list_clusters(&group).await?.results.unwrap_or_default().len();
    clusters.delete_cluster(&group, "shop-db").retain_backups(true).await?;
    clusters.wait_until_cluster_deleted(&group, "shop-db").await?;
    Ok(Report { group, snapshot, listed })
}

#[tokio::test(start_paused = true)]
async fn the_workflow_against_the_fake() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();

    let report = provision(&client, FakeAtlas::ORG_ID).await.expect("the workflow runs");

    assert_eq!(report.listed, 1);
    let snapshot = client.cloud_backups().get_cluster_backup_snapshot(&report.group, "shop-db", &report.snapshot);
    let snapshot = fake.stored(snapshot).expect("the snapshot is kept");
    assert_eq!(snapshot.description.as_deref(), Some("before launch"));
    assert!(fake.stored(client.clusters().get_cluster(&report.group, "shop-db")).is_none(), "deleted");
}

#[tokio::test(start_paused = true)]
async fn the_workflow_against_the_mock() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let (org, group, snapshot) = ("5e2211c17a3e5a48f5497de0", "5e2211c17a3e5a48f5497de3", "5e2211c17a3e5a48f5497de5");
    let clusters = client.clusters();
    let backups = client.cloud_backups();
    let state = |size, state| cluster("shop-db", size).state_name(state);
    mock.expect(client.projects().create_group(Group::new("shop", org))).returns(Group::new("shop", org).id(group));
    mock.expect(clusters.create_cluster(group, cluster("shop-db", Size::M10)))
        .returns(state(Size::M10, State::Creating));
    mock.expect(clusters.update_cluster(group, "shop-db", cluster("shop-db", Size::M20)))
        .returns(state(Size::M20, State::Updating));
    mock.expect(clusters.get_cluster(group, "shop-db")).times(5).returns_each([
        state(Size::M10, State::Creating),
        state(Size::M10, State::Idle),
        state(Size::M20, State::Updating),
        state(Size::M20, State::Idle),
        state(Size::M20, State::Deleting),
    ]);
    mock.expect(clusters.get_cluster(group, "shop-db")).fails(AtlasError::not_found("CLUSTER_NOT_FOUND"));
    let taken = DiskBackupReplicaSet::new().id(snapshot).description("before launch");
    let request = DiskBackupOnDemandSnapshotRequest::new().description("before launch").retention_in_days(7);
    mock.expect(backups.take_snapshots(group, "shop-db", request)).returns(DiskBackupSnapshot::from(taken.clone()));
    mock.expect(backups.get_cluster_backup_snapshot(group, "shop-db", snapshot))
        .times(2)
        .returns_each([taken.clone().status("queued"), taken.clone().status("completed")]);
    let page = PaginatedClusterDescription20240805::new().results([state(Size::M20, State::Idle)]).total_count(1);
    mock.expect(clusters.list_clusters(group)).returns(page);
    mock.expect(clusters.delete_cluster(group, "shop-db").retain_backups(true)).returns(());

    let report = provision(&client, org).await.expect("the workflow runs");

    assert_eq!(report, Report { group: group.into(), snapshot: snapshot.into(), listed: 1 });
    mock.verify();
}
