//! An older dated version beside the default one: `get_cluster` sends `Accept:
//! application/vnd.atlas.2024-08-05+json`, `get_cluster_v2023_02_01` the 2023-02-01 one, and
//! each decodes its own type.
//!
//! Needs `ATLAS_CLIENT_ID` and `ATLAS_CLIENT_SECRET` (a service account) or
//! `ATLAS_PUBLIC_KEY` and `ATLAS_PRIVATE_KEY` (an API key), and `ATLAS_GROUP_ID`; the
//! cluster's name is the first argument.
//!
//! ```sh
//! ATLAS_CLIENT_ID=... ATLAS_CLIENT_SECRET=... ATLAS_GROUP_ID=... cargo run -p atlas-api --example versions -- Cluster0
//! ```

use atlas_api::{Client, Credentials, Error};

/// The cluster's replication specs' count in both versions' shapes.
pub async fn run(client: &Client, group_id: &str, name: &str) -> Result<(usize, usize), Error> {
    let current = client.clusters().get_cluster(group_id, name).await?;
    // Deprecated: Atlas sunsets this version; the attribute says when.
    #[allow(deprecated)]
    let older = client.clusters().get_cluster_v2023_02_01(group_id, name).await?;
    let count = |specs: Option<usize>| specs.unwrap_or_default();
    Ok((count(current.replication_specs.map(|s| s.len())), count(older.replication_specs.map(|s| s.len()))))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let credentials = Credentials::from_env()
        .ok_or("set ATLAS_CLIENT_ID/ATLAS_CLIENT_SECRET or ATLAS_PUBLIC_KEY/ATLAS_PRIVATE_KEY")?;
    let group_id = std::env::var("ATLAS_GROUP_ID").map_err(|_| "set ATLAS_GROUP_ID")?;
    let name = std::env::args().nth(1).unwrap_or_else(|| "Cluster0".to_owned());
    let client = Client::builder().credentials(credentials).user_agent_suffix("example-versions").build()?;
    let (current, older) = run(&client, &group_id, &name).await?;
    println!("2024-08-05: {current} replication specs; 2023-02-01: {older}");
    client.revoke_token().await?;
    Ok(())
}
