//! A user's first program (a service account, a cluster, a list walked as a stream), written
//! against the real generated client and
//! run against a local server on 127.0.0.1 that answers like Atlas (service-account token
//! endpoint included).

use atlas_api::{Client, Credentials, Error};
use futures_util::TryStreamExt;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const GROUP: &str = "5f1b0d6e2a1b3c4d5e6f7a8b";

fn atlas(status: u16, version: &str, body: serde_json::Value) -> ResponseTemplate {
    let media_type = format!("application/vnd.atlas.{version}+json");
    ResponseTemplate::new(status).set_body_raw(body.to_string().into_bytes(), media_type.as_str())
}

async fn local_atlas() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "t", "expires_in": 3600})))
        .mount(&server)
        .await;
    let cluster = format!("/api/atlas/v2/groups/{GROUP}/clusters/Cluster0");
    Mock::given(method("GET"))
        .and(path(cluster.as_str()))
        .and(header("accept", "application/vnd.atlas.2024-08-05+json"))
        .respond_with(atlas(200, "2024-08-05", json!({"name": "Cluster0", "stateName": "IDLE", "someNewField": 1})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(cluster.as_str()))
        .and(header("accept", "application/vnd.atlas.2023-02-01+json"))
        .respond_with(atlas(200, "2023-02-01", json!({"name": "Cluster0", "replicationSpecs": []})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/api/atlas/v2/groups/{GROUP}/clusters")))
        .and(header("authorization", "Bearer t"))
        .respond_with(atlas(200, "2024-08-05", json!({"results": [{"name": "Cluster0"}], "totalCount": 1})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/atlas/v2/groups/000000000000000000000000"))
        .respond_with(atlas(
            404,
            "2023-01-01",
            json!({"error": 404, "errorCode": "GROUP_NOT_FOUND", "detail": "No group with ID 000000000000000000000000 exists.", "reason": "Not Found", "parameters": ["000000000000000000000000"]}),
        ))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
#[allow(deprecated)] // get_cluster_v2023_02_01: Atlas sunsets that version on 2027-07-01
async fn a_first_program_runs_against_a_local_server() -> Result<(), Error> {
    let server = local_atlas().await;
    let group_id = GROUP;
    let (id, secret) = ("mdb_sa_id_0123", "mdb_sa_sk_0123");
    let client = Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::service_account(id, secret)) // or Credentials::api_key(public, private) (HTTP Digest)
        .build()?;

    let cluster = client.clusters().get_cluster(group_id, "Cluster0").await?; // newest stable version
    assert_eq!(cluster.name.as_deref(), Some("Cluster0"));
    let page = client.clusters().list_clusters(group_id).items_per_page(50).await?; // optional params: builder methods
    assert_eq!(page.total_count, Some(1));
    let all: Vec<_> = client.clusters().list_clusters(group_id).into_stream().try_collect().await?; // every page
    assert_eq!(all.len(), 1);
    let old = client.clusters().get_cluster_v2023_02_01(group_id, "Cluster0").await?; // an older dated version, typed
    assert_eq!(old.name.as_deref(), Some("Cluster0"));
    match client.projects().get_group("000000000000000000000000").await {
        Err(e) if e.error_code() == Some("GROUP_NOT_FOUND") => assert!(e.is_not_found()),
        other => panic!("expected GROUP_NOT_FOUND, got {other:?}"),
    }
    Ok(())
}
