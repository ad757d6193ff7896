//! Give an application access to a project: a database user with `readWrite` on one
//! database, and an IP access list entry for its network; then list both.
//!
//! Needs `ATLAS_CLIENT_ID` and `ATLAS_CLIENT_SECRET` (a service account) or
//! `ATLAS_PUBLIC_KEY` and `ATLAS_PRIVATE_KEY` (an API key) with `Project Owner`,
//! `ATLAS_GROUP_ID`, and `APP_PASSWORD` for the new user.
//!
//! ```sh
//! ATLAS_CLIENT_ID=... ATLAS_CLIENT_SECRET=... ATLAS_GROUP_ID=... APP_PASSWORD=... \
//!     cargo run -p atlas-api --example users_and_access -- app 203.0.113.0/24
//! ```

use atlas_api::types::{
    CloudDatabaseUser, CloudDatabaseUserDatabaseName, DatabaseUserRole, DatabaseUserRoleRoleName,
    NetworkPermissionEntry,
};
use atlas_api::{Client, Credentials, Error};
use futures_util::TryStreamExt;

/// Creates the user and the entry; returns every user name and every CIDR block after.
pub async fn run(
    client: &Client,
    group_id: &str,
    username: &str,
    password: &str,
    cidr: &str,
) -> Result<(Vec<String>, Vec<String>), Error> {
    let role = DatabaseUserRole::new("orders", DatabaseUserRoleRoleName::ReadWrite);
    // The password is write-only: sent, never answered.
    let user =
        CloudDatabaseUser::new(CloudDatabaseUserDatabaseName::Admin, group_id, [role], username).password(password);
    client.database_users().create_database_user(group_id, user).await?;
    let entry = NetworkPermissionEntry::new().cidr_block(cidr).comment("application servers");
    client.project_ip_access_list().create_access_list_entry(group_id, vec![entry]).await?;

    let users: Vec<_> = client.database_users().list_database_users(group_id).into_stream().try_collect().await?;
    let entries: Vec<_> =
        client.project_ip_access_list().list_access_list_entries(group_id).into_stream().try_collect().await?;
    Ok((
        users.into_iter().map(|user| user.username).collect(),
        entries.into_iter().filter_map(|entry| entry.cidr_block).collect(),
    ))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let credentials = Credentials::from_env()
        .ok_or("set ATLAS_CLIENT_ID/ATLAS_CLIENT_SECRET or ATLAS_PUBLIC_KEY/ATLAS_PRIVATE_KEY")?;
    let group_id = std::env::var("ATLAS_GROUP_ID").map_err(|_| "set ATLAS_GROUP_ID")?;
    let password = std::env::var("APP_PASSWORD").map_err(|_| "set APP_PASSWORD")?;
    let mut args = std::env::args().skip(1);
    let username = args.next().unwrap_or_else(|| "app".to_owned());
    let cidr = args.next().ok_or("give the network, e.g. 203.0.113.0/24")?;
    let client = Client::builder().credentials(credentials).user_agent_suffix("example-users-and-access").build()?;
    let (users, networks) = run(&client, &group_id, &username, &password, &cidr).await?;
    println!("users: {}\nnetworks: {}", users.join(", "), networks.join(", "));
    client.revoke_token().await?;
    Ok(())
}
