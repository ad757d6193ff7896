//! What the fake's tests set up alike: a project holding one cluster.

use atlas_api::fake::FakeAtlas;
use atlas_api::types::{
    AwsHardwareSpec20240805, AwsHardwareSpec20240805InstanceSize as Size, AwsRegionConfig20240805,
    ClusterDescription20240805 as Cluster, Group, ReplicationSpec20240805,
};
use atlas_api::Client;

/// A replica set of three M10 nodes on AWS, as Atlas takes one: a type, a zone, a region with
/// its priority and its electable nodes (Atlas refuses a cluster without them).
#[allow(dead_code)] // not every test crate makes its own
pub fn cluster(name: &str) -> Cluster {
    let nodes = AwsHardwareSpec20240805::new().instance_size(Size::M10).node_count(3);
    let region = AwsRegionConfig20240805::new().provider_name("AWS").region_name("US_EAST_1").priority(7);
    let zone = ReplicationSpec20240805::new().region_configs([region.electable_specs(nodes).into()]);
    Cluster::new().name(name).cluster_type("REPLICASET").replication_specs([zone])
}

/// A shared-tier (M0) replica set on AWS, as the Terraform provider's captures create one: a
/// `TENANT` region of priority 7, no node count.
#[allow(dead_code)] // not every test crate makes its own
pub fn shared_tier_cluster(name: &str) -> Cluster {
    let shared = serde_json::json!({"name": name, "clusterType": "REPLICASET", "replicationSpecs": [{"regionConfigs": [
        {"providerName": "TENANT", "backingProviderName": "AWS", "regionName": "US_EAST_1", "priority": 7,
            "electableSpecs": {"instanceSize": "M0"}}]}]});
    serde_json::from_value(shared).expect("a cluster")
}

/// A project, named "Shop", holding the cluster "Cluster0"; the project's id.
#[allow(dead_code)] // not every test crate uses it
pub async fn project_with_cluster(client: &Client) -> String {
    let project = client.projects().create_group(Group::new("Shop", FakeAtlas::ORG_ID)).await.expect("a project");
    let group = project.id.expect("the fake gives a project its id");
    client.clusters().create_cluster(&group, cluster("Cluster0")).await.expect("a cluster");
    group
}

/// A new cloud provider access role for AWS in the project, not yet authorized, as its create
/// answers it.
#[allow(dead_code)] // not every test crate uses it
pub async fn aws_role(client: &Client, group: &str) -> serde_json::Value {
    let asked = serde_json::from_value(serde_json::json!({"providerName": "AWS"})).expect("a role request");
    let role = client.cloud_provider_access().create_cloud_provider_access(group, asked).await.expect("a role");
    serde_json::to_value(role).expect("a role as JSON")
}

/// A cloud provider access role for AWS in the project, authorized (Atlas reaches an export
/// bucket or a federated database's store only through one): its id.
#[allow(dead_code)] // not every test crate uses it
pub async fn authorized_aws_role(client: &Client, group: &str) -> String {
    let access = client.cloud_provider_access();
    let role = aws_role(client, group).await;
    let id = role["roleId"].as_str().expect("a role id").to_owned();
    let authorize = serde_json::json!({"providerName": "AWS", "iamAssumedRoleArn": "arn:aws:iam::123456789012:role/a"});
    let authorize = serde_json::from_value(authorize).expect("an authorization");
    access.authorize_provider_access_role(group, &id, authorize).await.expect("authorized");
    id
}
