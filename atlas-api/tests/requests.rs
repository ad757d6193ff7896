//! What the caller set reaches the server: request bodies of the generated client, as a local
//! server (wiremock on 127.0.0.1) receives them. Server-set values read with a GET are not
//! sent back; what the user chose (analytics and read-only nodes, shard and zone ids) is.
#![cfg(feature = "clusters")]

use atlas_api::types::{
    AwsHardwareSpec20240805, AwsRegionConfig20240805, ClusterDescription20240805, GcpHardwareSpec20240805,
    GcpRegionConfig20240805, ReplicationSpec20240805,
};
use atlas_api::{Client, Credentials, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const GROUP: &str = "5f1b0d6e2a1b3c4d5e6f7a8b";
const MEDIA: &str = "application/vnd.atlas.2024-08-05+json";

/// A server that answers every request with `{}`, and a client pointed at it.
async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_raw("{}", MEDIA)).mount(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::bearer_token("token"))
        .retry(RetryPolicy::none())
        .build()
        .expect("client builds");
    (server, client)
}

async fn sent_body(server: &MockServer) -> Value {
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request");
    serde_json::from_slice(&requests[0].body).expect("a JSON body")
}

#[tokio::test]
async fn analytics_and_read_only_nodes_are_sent() {
    // The README's M10, with two analytics nodes and one read-only node: the spec marks the
    // schema of both read-only as a whole, yet they are the user's choice.
    let (server, client) = server().await;
    let body = ClusterDescription20240805::new().name("Cluster0").cluster_type("REPLICASET").replication_specs([
        ReplicationSpec20240805::new().region_configs([AwsRegionConfig20240805::new()
            .provider_name("AWS")
            .region_name("US_EAST_1")
            .priority(7)
            .electable_specs(AwsHardwareSpec20240805::new().instance_size("M10").node_count(3))
            .analytics_specs(AwsHardwareSpec20240805::new().instance_size("M10").node_count(2))
            .read_only_specs(AwsHardwareSpec20240805::new().instance_size("M10").node_count(1))
            .into()]),
    ]);
    client.clusters().create_cluster(GROUP, body).await.expect("200");
    let region = &sent_body(&server).await["replicationSpecs"][0]["regionConfigs"][0];
    assert_eq!(region["analyticsSpecs"], json!({"instanceSize": "M10", "nodeCount": 2}));
    assert_eq!(region["readOnlySpecs"], json!({"instanceSize": "M10", "nodeCount": 1}));
    assert_eq!(region["electableSpecs"], json!({"instanceSize": "M10", "nodeCount": 3}));
    assert_eq!(region["providerName"], "AWS");
}

/// A sharded cluster as a GET returns it: two shards with their ids, and what only the
/// server sets (state, dates, connection strings, versions, effective specs, links).
fn sharded_cluster() -> Value {
    let shard = |id: &str, zone: &str| {
        json!({
            "id": id,
            "zoneId": zone,
            "zoneName": "Zone 1",
            "regionConfigs": [{
                "providerName": "AWS",
                "regionName": "US_EAST_1",
                "priority": 7,
                "electableSpecs": {"instanceSize": "M30", "nodeCount": 3, "diskSizeGB": 40.0},
                "analyticsSpecs": {"instanceSize": "M30", "nodeCount": 1, "diskSizeGB": 40.0},
                "effectiveElectableSpecs": {"instanceSize": "M30", "nodeCount": 3, "diskSizeGB": 40.0},
            }],
        })
    };
    json!({
        "id": "65f1b0d6e2a1b3c4d5e6f7a8",
        "groupId": GROUP,
        "name": "Sharded",
        "clusterType": "SHARDED",
        "stateName": "IDLE",
        "createDate": "2024-03-13T10:00:00Z",
        "mongoDBVersion": "8.0.4",
        "connectionStrings": {"standardSrv": "mongodb+srv://sharded.example.mongodb.net"},
        "links": [{"href": "https://cloud.mongodb.com/api/atlas", "rel": "self"}],
        "replicationSpecs": [shard("6500000000000000000000a1", "6500000000000000000000b1"),
                             shard("6500000000000000000000a2", "6500000000000000000000b1")],
    })
}

#[tokio::test]
async fn a_sharded_cluster_written_back_keeps_its_shard_ids_and_sends_nothing_the_server_sets() {
    let read = sharded_cluster();
    let mut cluster: ClusterDescription20240805 = serde_json::from_value(read.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&cluster).expect("encodes"), read, "a value keeps all it decoded");
    cluster.backup_enabled = Some(true);
    let (server, client) = server().await;
    client.clusters().update_cluster(GROUP, "Sharded", cluster).await.expect("200");
    let sent = sent_body(&server).await;
    for server_set in ["id", "groupId", "stateName", "createDate", "mongoDBVersion", "connectionStrings", "links"] {
        assert!(sent.get(server_set).is_none(), "`{server_set}` was sent: {sent}");
    }
    assert_eq!(sent["backupEnabled"], true);
    let specs = sent["replicationSpecs"].as_array().expect("replication specs sent");
    assert_eq!(specs.len(), 2);
    for (spec, id) in specs.iter().zip(["6500000000000000000000a1", "6500000000000000000000a2"]) {
        assert_eq!(spec["id"], id, "the shard id is sent, or Atlas deletes the shard");
        assert_eq!(spec["zoneId"], "6500000000000000000000b1");
        let region = &spec["regionConfigs"][0];
        assert_eq!(region["analyticsSpecs"]["nodeCount"], 1);
        assert!(region.get("effectiveElectableSpecs").is_none(), "server-set: {region}");
    }
}

#[test]
fn a_gcp_region_s_hardware_spec_reads_as_gcp() {
    // The JSON of a GCP hardware spec fits the AWS one too; the region config's provider
    // decides, so it never reads as AWS.
    let region: atlas_api::types::CloudRegionConfig20240805 = serde_json::from_value(json!({
        "providerName": "GCP",
        "regionName": "CENTRAL_US",
        "priority": 7,
        "electableSpecs": {"instanceSize": "M10", "nodeCount": 3},
        "readOnlySpecs": {"instanceSize": "M10", "nodeCount": 1},
    }))
    .expect("decodes");
    let atlas_api::types::CloudRegionConfig20240805::Gcp(GcpRegionConfig20240805 {
        electable_specs,
        read_only_specs,
        ..
    }) = region
    else {
        panic!("a GCP region config: {region:?}")
    };
    let electable: GcpHardwareSpec20240805 = electable_specs.expect("electable specs");
    assert_eq!(electable.node_count, Some(3));
    assert_eq!(read_only_specs.and_then(|s| s.node_count), Some(1));
}
