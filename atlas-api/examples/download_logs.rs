//! Download a cluster host's `mongod` log (gzip) to a file, writing it as it arrives.
//!
//! Needs `ATLAS_CLIENT_ID` and `ATLAS_CLIENT_SECRET` (a service account) or
//! `ATLAS_PUBLIC_KEY` and `ATLAS_PRIVATE_KEY` (an API key) with `Project Data Access Read
//! Only`, and `ATLAS_GROUP_ID`; the host name is the first argument (a process's
//! `hostname` from `list_group_processes`).
//!
//! ```sh
//! ATLAS_CLIENT_ID=... ATLAS_CLIENT_SECRET=... ATLAS_GROUP_ID=... \
//!     cargo run -p atlas-api --example download_logs -- cluster0-shard-00-00.abcde.mongodb.net mongod.log.gz
//! ```

use std::path::Path;

use atlas_api::types::DownloadClusterLogLogName;
use atlas_api::{Client, Credentials, Error};
use chrono::{DateTime, Duration, Utc};

/// Writes the last day's log of `host` to `path`; returns the bytes written.
pub async fn run(client: &Client, group_id: &str, host: &str, path: &Path) -> Result<u64, Error> {
    let response = client
        .monitoring_and_logs()
        .download_cluster_log(group_id, host, DownloadClusterLogLogName::Mongodb)
        .start_date(DateTime::<Utc>::from(std::time::SystemTime::now()) - Duration::days(1))
        .stream()
        .await?;
    let mut file = tokio::fs::File::create(path).await.map_err(Error::Io)?;
    response.body.write_to(&mut file).await
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let credentials = Credentials::from_env()
        .ok_or("set ATLAS_CLIENT_ID/ATLAS_CLIENT_SECRET or ATLAS_PUBLIC_KEY/ATLAS_PRIVATE_KEY")?;
    let group_id = std::env::var("ATLAS_GROUP_ID").map_err(|_| "set ATLAS_GROUP_ID")?;
    let mut args = std::env::args().skip(1);
    let host = args.next().ok_or("give the host name")?;
    let path = args.next().unwrap_or_else(|| "mongod.log.gz".to_owned());
    let client = Client::builder().credentials(credentials).user_agent_suffix("example-download-logs").build()?;
    let written = run(&client, &group_id, &host, Path::new(&path)).await?;
    println!("wrote {written} bytes to {path}");
    client.revoke_token().await?;
    Ok(())
}
