//! Each example of atlas-api, run against the mock: the same `run` function its `main`
//! calls with real credentials.

use std::time::Duration;

use atlas_api::mock::{AtlasError, MockAtlas};
use atlas_api::types::{
    CloudDatabaseUser, ClusterDescription20240805 as Cluster, ClusterDescription20240805StateName as State,
    DownloadClusterLogLogName, Group, NetworkPermissionEntry,
};
use atlas_api::Bytes;

#[allow(dead_code)]
#[path = "../../atlas-api/examples/inventory.rs"]
mod inventory;

#[allow(dead_code)]
#[path = "../../atlas-api/examples/create_cluster.rs"]
mod create_cluster;

#[allow(dead_code)]
#[path = "../../atlas-api/examples/users_and_access.rs"]
mod users_and_access;

#[allow(dead_code)]
#[path = "../../atlas-api/examples/download_logs.rs"]
mod download_logs;

#[allow(dead_code)]
#[path = "../../atlas-api/examples/errors.rs"]
mod errors;

#[allow(dead_code)]
#[path = "../../atlas-api/examples/versions.rs"]
mod versions;

const ORG: &str = "a1b2c3d4e5f6a7b8c9d0e1f2";
const GROUP: &str = "32b6e34b3d91647abb20e7b8";

#[tokio::test]
async fn inventory_lists_every_project_and_cluster() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let projects: Vec<Group> = (0..150).map(|n| Group::new(format!("p{n}"), ORG).id(format!("{n:024x}"))).collect();
    mock.expect(client.organizations().get_org_groups(ORG)).pages(projects);
    for n in 0..150 {
        let clusters = (0..n % 3).map(|c| Cluster::default().name(format!("c{c}")));
        mock.expect(client.clusters().list_clusters(format!("{n:024x}"))).pages(clusters);
    }

    let inventory = inventory::run(&client, ORG).await.expect("the inventory");
    assert_eq!(inventory.len(), 150, "two pages of projects");
    assert_eq!(inventory[2], ("p2".to_owned(), vec!["c0".to_owned(), "c1".to_owned()]));
}

#[tokio::test(start_paused = true)]
async fn create_cluster_waits_for_idle() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let body = create_cluster::m10("Cluster0");
    let state = |s| body.clone().state_name(s);
    mock.expect(client.clusters().create_cluster(GROUP, body.clone())).body_as_given().returns(state(State::Creating));
    mock.expect(client.clusters().get_cluster(GROUP, "Cluster0")).returns_each([
        state(State::Creating),
        state(State::Creating),
        state(State::Idle),
    ]);

    let started = tokio::time::Instant::now();
    let seen = create_cluster::run(&client, GROUP, "Cluster0").await.expect("created");
    assert_eq!(seen, ["CREATING", "CREATING", "IDLE"]);
    assert!(started.elapsed() >= Duration::from_secs(20), "the waiter's own delays, on the paused clock");
}

#[tokio::test]
async fn users_and_access_creates_both_and_lists_them() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    mock.expect(client.database_users().create_database_user(GROUP, CloudDatabaseUser::default()))
        .body(|user| {
            user.username == "app" && user.password.as_deref() == Some("s3cret-enough") && user.roles.len() == 1
        })
        .returns(CloudDatabaseUser::default().username("app"));
    mock.expect(client.project_ip_access_list().create_access_list_entry(GROUP, Vec::new()))
        .body(|entries| entries.iter().any(|e| e.cidr_block.as_deref() == Some("203.0.113.0/24")))
        .returns(Default::default());
    mock.expect(client.database_users().list_database_users(GROUP))
        .pages([CloudDatabaseUser::default().username("app"), CloudDatabaseUser::default().username("reporting")]);
    mock.expect(client.project_ip_access_list().list_access_list_entries(GROUP))
        .pages([NetworkPermissionEntry::new().cidr_block("203.0.113.0/24")]);

    let (users, networks) =
        users_and_access::run(&client, GROUP, "app", "s3cret-enough", "203.0.113.0/24").await.expect("access given");
    assert_eq!(users, ["app", "reporting"]);
    assert_eq!(networks, ["203.0.113.0/24"]);
}

#[tokio::test]
async fn download_logs_writes_the_bytes_to_a_file() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let log = Bytes::from((0..100_000u32).flat_map(|n| n.to_le_bytes()).collect::<Vec<u8>>());
    let host = "cluster0-shard-00-00.abcde.mongodb.net";
    mock.expect(client.monitoring_and_logs().download_cluster_log(GROUP, host, DownloadClusterLogLogName::Mongodb))
        .returns(log.clone());

    let path = std::env::temp_dir().join(format!("atlas-api-example-{}.log.gz", std::process::id()));
    let written = download_logs::run(&client, GROUP, host, &path).await.expect("downloaded");
    let on_disk = std::fs::read(&path).expect("the file");
    let _ = std::fs::remove_file(&path);
    assert_eq!((written, on_disk.as_slice()), (log.len() as u64, &log[..]));
    let sent = mock.requests().into_iter().find(|r| r.path.ends_with("/mongodb.gz")).expect("the download");
    assert!(sent.query.iter().any(|(name, _)| name == "startDate"), "{sent:?}");
}

#[tokio::test]
async fn errors_reads_the_error_code_and_retry_after() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let get = |name: &str| client.clusters().get_cluster(GROUP, name);
    mock.expect(get("Cluster0")).returns(Cluster::default().name("Cluster0"));
    mock.expect(get("Gone")).fails(AtlasError::not_found("CLUSTER_NOT_FOUND"));
    mock.expect(get("Busy")).rate_limited(Duration::from_secs(12));
    mock.expect(get("Forbidden")).fails(AtlasError::forbidden("USER_CANNOT_ACCESS_GROUP"));

    assert_eq!(errors::run(&client, GROUP, "Cluster0").await, errors::Outcome::Found("Cluster0".into()));
    assert_eq!(errors::run(&client, GROUP, "Gone").await, errors::Outcome::NoSuchCluster);
    assert_eq!(errors::run(&client, GROUP, "Busy").await, errors::Outcome::RateLimited(Some(Duration::from_secs(12))));
    assert_eq!(
        errors::run(&client, GROUP, "Forbidden").await,
        errors::Outcome::Other("403 Forbidden USER_CANNOT_ACCESS_GROUP".into())
    );
}

#[tokio::test]
async fn versions_calls_both_dated_versions() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let current: Cluster = serde_json::from_value(serde_json::json!({
        "name": "Cluster0", "replicationSpecs": [{"zoneName": "Zone 1"}, {"zoneName": "Zone 2"}]
    }))
    .expect("a 2024-08-05 cluster");
    let older: atlas_api::types::AdvancedClusterDescription =
        serde_json::from_value(serde_json::json!({"name": "Cluster0", "replicationSpecs": [{"numShards": 2}]}))
            .expect("a 2023-02-01 cluster");
    mock.expect(client.clusters().get_cluster(GROUP, "Cluster0")).returns(current);
    #[allow(deprecated)]
    let old = client.clusters().get_cluster_v2023_02_01(GROUP, "Cluster0");
    mock.expect(old).returns(older);

    assert_eq!(versions::run(&client, GROUP, "Cluster0").await.expect("both"), (2, 1));
}
