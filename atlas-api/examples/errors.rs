//! Errors and rate limits: what Atlas's `errorCode` says, and how long a 429 asks to wait.
//!
//! Needs `ATLAS_CLIENT_ID` and `ATLAS_CLIENT_SECRET` (a service account) or
//! `ATLAS_PUBLIC_KEY` and `ATLAS_PRIVATE_KEY` (an API key), and `ATLAS_GROUP_ID`.
//!
//! ```sh
//! ATLAS_CLIENT_ID=... ATLAS_CLIENT_SECRET=... ATLAS_GROUP_ID=... cargo run -p atlas-api --example errors
//! ```

use std::time::Duration;

use atlas_api::{Client, Credentials, Error, RetryPolicy};

/// What a call came to, by the error's kind.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    Found(String),
    NoSuchCluster,
    RateLimited(Option<Duration>),
    Other(String),
}

/// Looks `name` up once, without retries, and says what came back.
pub async fn run(client: &Client, group_id: &str, name: &str) -> Outcome {
    let call = client.clusters().get_cluster(group_id, name).retry(RetryPolicy::none());
    match call.await {
        Ok(cluster) => Outcome::Found(cluster.name.unwrap_or_default()),
        Err(e) if e.error_code() == Some("CLUSTER_NOT_FOUND") => Outcome::NoSuchCluster,
        Err(e) if e.is_rate_limited() => Outcome::RateLimited(e.retry_after()),
        Err(e) => Outcome::Other(describe(&e)),
    }
}

fn describe(error: &Error) -> String {
    match (error.status(), error.error_code()) {
        (Some(status), Some(code)) => format!("{status} {code}"),
        _ => error.to_string(),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let credentials = Credentials::from_env()
        .ok_or("set ATLAS_CLIENT_ID/ATLAS_CLIENT_SECRET or ATLAS_PUBLIC_KEY/ATLAS_PRIVATE_KEY")?;
    let group_id = std::env::var("ATLAS_GROUP_ID").map_err(|_| "set ATLAS_GROUP_ID")?;
    // The default policy retries 429s and 503s after `Retry-After`; `run` turns that off to see them.
    let client = Client::builder().credentials(credentials).user_agent_suffix("example-errors").build()?;
    println!("{:?}", run(&client, &group_id, "no-such-cluster-here").await);
    client.revoke_token().await?;
    Ok(())
}
