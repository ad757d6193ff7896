//! Create an M10 replica set on AWS and wait until Atlas reports it IDLE with the generated
//! waiter `wait_until_cluster_idle`, printing one line per poll.
//!
//! Needs `ATLAS_CLIENT_ID` and `ATLAS_CLIENT_SECRET` (a service account) or
//! `ATLAS_PUBLIC_KEY` and `ATLAS_PRIVATE_KEY` (an API key) with `Project Owner`, and
//! `ATLAS_GROUP_ID`. **It creates a billed cluster**: delete it when done.
//!
//! ```sh
//! ATLAS_CLIENT_ID=... ATLAS_CLIENT_SECRET=... ATLAS_GROUP_ID=... cargo run -p atlas-api --example create_cluster -- MyCluster
//! ```

use std::sync::{Arc, Mutex};
use std::time::Duration;

use atlas_api::types::{
    AwsHardwareSpec20240805, AwsHardwareSpec20240805InstanceSize as InstanceSize, AwsRegionConfig20240805,
    ClusterDescription20240805, ClusterDescription20240805StateName as State, ReplicationSpec20240805,
};
use atlas_api::{Client, Credentials};

/// The create-cluster body: three M10 nodes in AWS us-east-1.
pub fn m10(name: &str) -> ClusterDescription20240805 {
    ClusterDescription20240805::new().name(name).cluster_type("REPLICASET").replication_specs([
        ReplicationSpec20240805::new().region_configs([AwsRegionConfig20240805::new()
            .provider_name("AWS")
            .region_name("US_EAST_1")
            .priority(7)
            .electable_specs(AwsHardwareSpec20240805::new().instance_size(InstanceSize::M10).node_count(3))
            .into()]),
    ])
}

/// Creates the cluster, then waits until it is IDLE with `wait_until_cluster_idle`, printing
/// a line per poll; returns the states it saw.
pub async fn run(client: &Client, group_id: &str, name: &str) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let created = client.clusters().create_cluster(group_id, m10(name)).await?;
    println!("created {name}: {:?}", created.state_name);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (progress, label) = (seen.clone(), name.to_owned());
    let idle = client
        .clusters()
        .wait_until_cluster_idle(group_id, name)
        .max_wait(Duration::from_secs(60 * 60))
        .on_poll(move |poll| {
            let state = poll.state.unwrap_or("(no answer)");
            println!("{label}: {state} after {:?} (poll {})", poll.elapsed, poll.attempt);
            progress.lock().expect("progress").push(state.to_owned());
        })
        .await?;
    println!("{name} is {:?}", idle.state_name.as_ref().map(State::as_str));
    let seen = seen.lock().expect("progress").clone();
    Ok(seen)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let credentials = Credentials::from_env()
        .ok_or("set ATLAS_CLIENT_ID/ATLAS_CLIENT_SECRET or ATLAS_PUBLIC_KEY/ATLAS_PRIVATE_KEY")?;
    let group_id = std::env::var("ATLAS_GROUP_ID").map_err(|_| "set ATLAS_GROUP_ID")?;
    let name = std::env::args().nth(1).unwrap_or_else(|| "Cluster0".to_owned());
    let client = Client::builder().credentials(credentials).user_agent_suffix("example-create-cluster").build()?;
    run(&client, &group_id, &name).await?;
    client.revoke_token().await?;
    Ok(())
}
