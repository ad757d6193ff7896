//! Inventory of an organization: every project, and every cluster of each, walking every
//! page of both lists.
//!
//! Needs `ATLAS_CLIENT_ID` and `ATLAS_CLIENT_SECRET` (a service account) or
//! `ATLAS_PUBLIC_KEY` and `ATLAS_PRIVATE_KEY` (an API key), and `ATLAS_ORG_ID`; the
//! credentials need `Organization Read Only`.
//!
//! ```sh
//! ATLAS_CLIENT_ID=... ATLAS_CLIENT_SECRET=... ATLAS_ORG_ID=... cargo run -p atlas-api --example inventory
//! ```

use atlas_api::{Client, Credentials, Error};
use futures_util::TryStreamExt;

/// Each project's name with the names of its clusters.
pub async fn run(client: &Client, org_id: &str) -> Result<Vec<(String, Vec<String>)>, Error> {
    let projects: Vec<_> =
        client.organizations().get_org_groups(org_id).items_per_page(100).into_stream().try_collect().await?;
    let mut inventory = Vec::new();
    for project in projects {
        let group_id = project.id.clone().unwrap_or_default();
        let clusters: Vec<_> = client.clusters().list_clusters(&group_id).into_stream().try_collect().await?;
        inventory.push((project.name, clusters.into_iter().filter_map(|cluster| cluster.name).collect()));
    }
    Ok(inventory)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let credentials = Credentials::from_env()
        .ok_or("set ATLAS_CLIENT_ID/ATLAS_CLIENT_SECRET or ATLAS_PUBLIC_KEY/ATLAS_PRIVATE_KEY")?;
    let org_id = std::env::var("ATLAS_ORG_ID").map_err(|_| "set ATLAS_ORG_ID")?;
    let client = Client::builder().credentials(credentials).user_agent_suffix("example-inventory").build()?;
    for (project, clusters) in run(&client, &org_id).await? {
        println!("{project}: {}", if clusters.is_empty() { "no clusters".to_owned() } else { clusters.join(", ") });
    }
    client.revoke_token().await?;
    Ok(())
}
