//! What the fake's tests set up alike: a project holding one cluster.

use atlas_api::fake::FakeAtlas;
use atlas_api::types::{ClusterDescription20240805 as Cluster, Group};
use atlas_api::Client;

/// A project, named "Shop", holding the cluster "Cluster0"; the project's id.
pub async fn project_with_cluster(client: &Client) -> String {
    let project = client.projects().create_group(Group::new("Shop", FakeAtlas::ORG_ID)).await.expect("a project");
    let group = project.id.expect("the fake gives a project its id");
    client.clusters().create_cluster(&group, Cluster::new().name("Cluster0")).await.expect("a cluster");
    group
}
