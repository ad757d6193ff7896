//! The generated operations of `fixtures/operations.yaml` against a real HTTP server on
//! 127.0.0.1 (wiremock): each test asserts the exact request the server saw and the typed
//! result the caller got. The accessors come from the fixture's `ClientExt` trait, called
//! by path because `atlas_api::Client` has inherent accessors of the same names.
#![allow(deprecated)] // the fixture has sunset versions and a deprecated operation on purpose

use atlas_api::{Client, Credentials, Error, RetryPolicy};
use atlas_api_tests::operations::ops::ClientExt;
use atlas_api_tests::operations::types::{ClusterV2, ClusterV2StateName, GetGroupLogsKindItem};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const GROUP: &str = "5f1b0d6e2a1b3c4d5e6f7a8b";
const V2024: &str = "application/vnd.atlas.2024-08-05+json";

/// A server answering every request with `response`, and a client pointed at it (with no
/// retries: these tests are about the one request; retries are `atlas-api`'s resilience tests).
async fn serve(response: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(response).mount(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::bearer_token("token-123"))
        .retry(RetryPolicy::none())
        .build()
        .expect("client builds");
    (server, client)
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

fn json_response(status: u16, media_type: &str, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string().into_bytes(), media_type)
}

#[tokio::test]
async fn path_parameters_stay_single_segments() {
    let (server, client) = serve(json_response(200, V2024, json!({"name": "a/b c%?#é", "stateName": "IDLE"}))).await;
    let cluster = ClientExt::clusters(&client).get_cluster(GROUP, "a/b c%?#é").await.expect("decodes");
    assert_eq!(cluster.name, "a/b c%?#é");
    assert_eq!(cluster.state_name, Some(ClusterV2StateName::Idle));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), format!("/api/atlas/v2/groups/{GROUP}/clusters/a%2Fb%20c%25%3F%23%C3%A9"));
    assert_eq!(request.url.query(), None, "envelope and pretty are never sent");
    assert_eq!(header(&request, "accept"), Some(V2024));
    assert_eq!(header(&request, "authorization"), Some("Bearer token-123"));
    assert_eq!(header(&request, "user-agent"), Some(concat!("atlas-api-rust/", env!("CARGO_PKG_VERSION"))));
}

#[tokio::test]
async fn an_empty_path_parameter_is_refused_before_sending() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    // GET .../clusters/ would be the list of clusters.
    let error = ClientExt::clusters(&client).get_cluster(GROUP, "").await.expect_err("refused");
    // An argument, named, not the client's configuration.
    assert!(matches!(&error, Error::InvalidArgument(argument) if argument.name == "clusterName"), "{error:?}");
    assert_eq!(error.operation(), Some("getGroupCluster"));
    let shown = error.to_string();
    assert!(shown.contains("argument `clusterName` is empty") && !shown.contains("configuration"), "{shown}");
    assert!(server.received_requests().await.expect("recording is on").is_empty(), "nothing was sent");
}

#[tokio::test]
#[allow(deprecated)]
async fn dot_segments_are_refused_before_sending() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    // `..` would reach GET .../groups/{groupId}/, `.` a DELETE of .../clusters/ (the url crate
    // removes dot segments, also when written `%2e%2e`).
    let error = ClientExt::clusters(&client).get_cluster(GROUP, "..").await.expect_err("refused");
    assert!(matches!(&error, Error::InvalidArgument(argument) if argument.name == "clusterName"), "{error:?}");
    let error = ClientExt::clusters(&client).delete_group_cluster(GROUP, ".").await.expect_err("refused");
    assert!(matches!(&error, Error::InvalidArgument(argument) if argument.name == "clusterName"), "{error:?}");
    let error = ClientExt::clusters(&client).delete_group_cluster("..", "c").await.expect_err("refused");
    assert!(matches!(&error, Error::InvalidArgument(argument) if argument.name == "groupId"), "{error:?}");
    assert!(server.received_requests().await.expect("recording is on").is_empty(), "nothing was sent");
    // A value that only contains dots is an ordinary name, and `%2e%2e` is sent as written.
    ClientExt::clusters(&client).delete_group_cluster(GROUP, "%2e%2e").await.expect("sent");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), format!("/api/atlas/v2/groups/{GROUP}/clusters/%252e%252e"));
}

#[tokio::test]
async fn an_operation_with_no_dated_media_type_is_a_method_sending_plain_json() {
    let (server, client) = serve(json_response(200, "application/json", json!({"id": "x"}))).await;
    let thing = ClientExt::logs(&client).get_group_undated_thing(GROUP).await.expect("decodes");
    assert_eq!(thing.id.as_deref(), Some("x"));
    let request = only_request(&server).await;
    assert_eq!(header(&request, "accept"), Some("application/json"));
}

#[tokio::test]
async fn an_azure_endpoint_id_survives_as_one_segment() {
    let (server, client) = serve(json_response(200, "application/vnd.atlas.2023-01-01+json", json!({"id": "x"}))).await;
    let endpoint = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe1";
    let found = ClientExt::private_endpoint_services(&client)
        .get_group_private_endpoint_service_endpoint(
            GROUP,
            atlas_api_tests::operations::types::GetGroupPrivateEndpointServiceEndpointCloudProvider::Azure,
            "svc 1",
            endpoint,
        )
        .await
        .expect("decodes");
    assert_eq!(found.id.as_deref(), Some("x"));
    let request = only_request(&server).await;
    assert_eq!(
        request.url.path(),
        format!(
            "/api/atlas/v2/groups/{GROUP}/privateEndpoint/AZURE/endpointService/svc%201/endpoint/\
             %2Fsubscriptions%2Fs1%2FresourceGroups%2Frg%2Fproviders%2FMicrosoft.Network%2FprivateEndpoints%2Fpe1"
        )
    );
}

#[tokio::test]
async fn optional_parameters_absent_send_nothing() {
    let (server, client) = serve(json_response(200, V2024, json!({"results": [], "totalCount": 0}))).await;
    let page = ClientExt::clusters(&client).list_clusters(GROUP).await.expect("decodes");
    assert_eq!(page.total_count, Some(0));
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), format!("/api/atlas/v2/groups/{GROUP}/clusters"));
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn optional_parameters_and_query_arrays_use_the_wire_spellings() {
    let (server, client) = serve(json_response(200, V2024, json!({"results": [{"name": "a"}], "totalCount": 1}))).await;
    let since = chrono::DateTime::parse_from_rfc3339("2024-05-01T10:00:00Z").unwrap().with_timezone(&chrono::Utc);
    let page = ClientExt::clusters(&client)
        .list_clusters(GROUP)
        .items_per_page(50)
        .include_count(false)
        .since(since)
        .names(["a b", "c&d"])
        .after(since)
        .after_millis(since + chrono::Duration::milliseconds(250))
        .await
        .expect("decodes");
    assert_eq!(page.results.expect("results")[0].name, "a");
    let request = only_request(&server).await;
    // An instant the spec types as a count since the epoch (format `unix-seconds` or
    // `unix-millis`, set by an override) is taken as a DateTime and sent as that count.
    assert_eq!(
        request.url.query(),
        Some(
            "itemsPerPage=50&includeCount=false&since=2024-05-01T10%3A00%3A00Z&names=a+b&names=c%26d\
             &after=1714557600&afterMillis=1714557600250"
        )
    );
}

#[tokio::test]
async fn header_parameters_are_sent() {
    let (server, client) = serve(json_response(200, V2024, json!({"name": "c"}))).await;
    ClientExt::clusters(&client).get_cluster(GROUP, "c").use_effective_fields(true).await.expect("decodes");
    assert_eq!(header(&only_request(&server).await, "use-effective-fields"), Some("true"));
}

#[tokio::test]
async fn a_json_body_goes_with_its_dated_content_type() {
    let (server, client) = serve(json_response(201, V2024, json!({"name": "c1", "stateName": "CREATING"}))).await;
    let body = ClusterV2::new("c1").disk_size_gb(10.5);
    let created = ClientExt::clusters(&client).create_cluster(GROUP, body).await.expect("201 decodes");
    assert_eq!(created.state_name, Some(ClusterV2StateName::Creating));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(header(&request, "content-type"), Some(V2024));
    assert_eq!(header(&request, "accept"), Some(V2024));
    let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(sent, json!({"name": "c1", "diskSizeGB": 10.5}), "read-only fields left out");
}

#[tokio::test]
async fn a_value_read_and_written_back_sends_no_read_only_field() {
    // Read, modify, write back: the read-only `stateName` the GET returned stays in the value
    // (and in its own encoding), but the request body never carries it.
    let read = json!({"name": "c1", "diskSizeGB": 10.0, "stateName": "IDLE"});
    let (server, client) = serve(json_response(200, V2024, read.clone())).await;
    let mut cluster: ClusterV2 = serde_json::from_value(read.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&cluster).expect("encodes"), read, "Serialize keeps what was decoded");
    cluster.disk_size_gb = Some(20.0);
    ClientExt::clusters(&client).update_group_cluster(GROUP, "c1").body(cluster.clone()).await.expect("200");
    let request = only_request(&server).await;
    let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(sent, json!({"name": "c1", "diskSizeGB": 20.0}));
    // Encoding a request leaves the flag as it was: the next plain encoding keeps the field.
    assert_eq!(serde_json::to_value(&cluster).expect("encodes")["stateName"], "IDLE");
}

#[tokio::test]
async fn an_optional_body_is_a_builder_method_and_any_2xx_is_success() {
    let (server, client) = serve(json_response(201, V2024, json!({"name": "c1"}))).await;
    let body = ClusterV2::new("c1");
    let updated =
        ClientExt::clusters(&client).update_group_cluster(GROUP, "c1").body(body).await.expect("201 for a 200");
    assert_eq!(updated.name, "c1");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(request.body, br#"{"name":"c1"}"#);

    let (server, client) = serve(json_response(200, V2024, json!({"name": "c1"}))).await;
    ClientExt::clusters(&client).update_group_cluster(GROUP, "c1").await.expect("no body");
    let request = only_request(&server).await;
    assert!(request.body.is_empty());
    assert_eq!(header(&request, "content-type"), None);
}

#[tokio::test]
async fn no_content_is_unit() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    let () = ClientExt::clusters(&client)
        .delete_group_cluster(GROUP, "c1")
        .retain_backups(true)
        .await
        .expect("204 is success");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(request.url.query(), Some("retainBackups=true"));
    assert_eq!(header(&request, "accept"), Some("application/vnd.atlas.2023-02-01+json"));
}

#[tokio::test]
async fn an_older_version_sends_its_own_accept_and_decodes_its_own_type() {
    let v2023 = "application/vnd.atlas.2023-01-01+json";
    let (server, client) = serve(json_response(200, v2023, json!({"name": "old"}))).await;
    let old: atlas_api_tests::operations::types::ClusterV1 =
        ClientExt::clusters(&client).get_cluster_v2023_01_01(GROUP, "old").await.expect("decodes");
    assert_eq!(old.name.as_deref(), Some("old"));
    assert_eq!(header(&only_request(&server).await, "accept"), Some(v2023));

    let (server, client) = serve(json_response(200, "application/vnd.atlas.preview+json", json!({}))).await;
    ClientExt::clusters(&client).get_cluster_preview(GROUP, "next").await.expect("decodes");
    assert_eq!(header(&only_request(&server).await, "accept"), Some("application/vnd.atlas.preview+json"));
}

#[tokio::test]
async fn an_api_error_body_is_typed() {
    let body = json!({
        "detail": "No cluster named c1 exists in group 5f1b0d6e2a1b3c4d5e6f7a8b.",
        "error": 404,
        "errorCode": "CLUSTER_NOT_FOUND",
        "parameters": ["c1", GROUP],
        "reason": "Not Found"
    });
    let (_server, client) = serve(json_response(404, "application/json", body)).await;
    let error = ClientExt::clusters(&client).get_cluster(GROUP, "c1").await.expect_err("404");
    assert!(error.is_not_found());
    assert_eq!(error.error_code(), Some("CLUSTER_NOT_FOUND"));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(error.operation(), Some("getGroupCluster"));
    let api = error.api_error().expect("decoded ApiError");
    assert_eq!(api.error, Some(404));
    assert_eq!(api.reason.as_deref(), Some("Not Found"));
    assert_eq!(api.parameters.as_ref().map(Vec::len), Some(2));
    assert_eq!(
        error.to_string(),
        "getGroupCluster: the server answered 404 Not Found CLUSTER_NOT_FOUND: \
         No cluster named c1 exists in group 5f1b0d6e2a1b3c4d5e6f7a8b."
    );
}

#[tokio::test]
async fn an_error_body_that_is_not_atlas_json_is_kept_raw() {
    let (server, client) = serve(ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>")).await;
    let error = ClientExt::clusters(&client).get_cluster(GROUP, "c1").await.expect_err("502");
    let Error::Api(failure) = &error else { panic!("expected an API error, got {error:?}") };
    assert_eq!(failure.status.as_u16(), 502);
    assert!(failure.error.is_none());
    assert_eq!(failure.body, "<html>bad gateway</html>");
    assert_eq!(error.error_code(), None);
    only_request(&server).await;
}

#[tokio::test]
async fn an_undecodable_body_reports_its_json_path() {
    let (_server, client) = serve(json_response(200, V2024, json!({"name": 5}))).await;
    let error = ClientExt::clusters(&client).get_cluster(GROUP, "c1").await.expect_err("name is not a string");
    let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
    assert_eq!(decode.operation, "getGroupCluster");
    assert_eq!(decode.status.as_u16(), 200);
    assert_eq!(decode.media_type, V2024);
    assert_eq!(decode.path, "name");

    let (_server, client) =
        serve(json_response(200, V2024, json!({"results": [{"name": "a"}, {"name": "b", "diskSizeGB": "big"}]}))).await;
    let error = ClientExt::clusters(&client).list_clusters(GROUP).await.expect_err("diskSizeGB is not a number");
    let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
    assert_eq!(decode.path, "results[1].diskSizeGB");
    assert!(error.to_string().contains("at `results[1].diskSizeGB`"), "{error}");
}

#[tokio::test]
async fn a_gzip_download_is_bytes() {
    let gzip = "application/vnd.atlas.2023-01-01+gzip";
    let payload = vec![0x1f, 0x8b, 0x08, 0x00, 0xff, 0x00, 0x01];
    let (server, client) = serve(ResponseTemplate::new(200).set_body_raw(payload.clone(), gzip)).await;
    let bytes = ClientExt::logs(&client)
        .get_group_logs(GROUP)
        .kind([GetGroupLogsKindItem::Mongod, GetGroupLogsKindItem::Mongos])
        .await
        .expect("bytes");
    assert_eq!(bytes.as_ref(), payload.as_slice());
    let request = only_request(&server).await;
    assert_eq!(header(&request, "accept"), Some(gzip));
    assert_eq!(request.url.query(), Some("kind=mongod&kind=mongos"));
}

#[tokio::test]
async fn a_csv_download_is_the_bytes_as_sent() {
    let csv = "application/vnd.atlas.2023-01-01+csv";
    let payload = "Date,Amount\r\n2024-01-01,\"1,5\"\r\n\u{e9}\n".as_bytes().to_vec();
    let (server, client) = serve(ResponseTemplate::new(200).set_body_raw(payload.clone(), csv)).await;
    let bytes = ClientExt::logs(&client).get_group_usage_csv(GROUP).await.expect("bytes");
    assert_eq!(bytes.as_ref(), payload.as_slice());
    assert_eq!(header(&only_request(&server).await, "accept"), Some(csv));
}

#[tokio::test]
async fn a_base_url_with_a_path_prefix_and_a_user_agent_suffix() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(json_response(200, V2024, json!({"name": "c"}))).mount(&server).await;
    let client = Client::builder()
        .base_url(format!("{}/proxy/", server.uri()))
        .user_agent_suffix("my-tool/1.2")
        .build()
        .expect("client builds");
    ClientExt::clusters(&client).get_cluster(GROUP, "c").await.expect("decodes");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), format!("/proxy/api/atlas/v2/groups/{GROUP}/clusters/c"));
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(
        header(&request, "user-agent"),
        Some(concat!("atlas-api-rust/", env!("CARGO_PKG_VERSION"), " my-tool/1.2"))
    );
}

#[tokio::test]
async fn a_connection_closed_without_an_answer_is_a_transport_error_with_its_source() {
    // A port this test holds: each connection is accepted and closed at once.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            drop(socket);
        }
    });
    let client =
        Client::builder().base_url(format!("http://127.0.0.1:{port}")).retry(RetryPolicy::none()).build().unwrap();
    let error = ClientExt::clusters(&client).get_cluster(GROUP, "c").await.expect_err("no answer");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(std::error::Error::source(&error).is_some());
    assert_eq!(error.operation(), Some("getGroupCluster"));
}

#[tokio::test]
async fn the_plain_method_takes_the_newest_stable_version_never_an_upcoming_one() {
    let (server, client) = serve(json_response(200, V2024, json!({"name": "c"}))).await;
    ClientExt::clusters(&client).get_cluster(GROUP, "c").await.expect("decodes");
    assert_eq!(header(&only_request(&server).await, "accept"), Some(V2024));

    let upcoming = "application/vnd.atlas.2025-03-12.upcoming+json";
    let (server, client) = serve(json_response(200, upcoming, json!({"name": "c"}))).await;
    ClientExt::clusters(&client).get_cluster_v2025_03_12_upcoming(GROUP, "c").await.expect("decodes");
    assert_eq!(header(&only_request(&server).await, "accept"), Some(upcoming));
}

#[test]
fn credentials_and_clients_never_print_the_token() {
    let credentials = Credentials::bearer_token("s3cr3t-token");
    assert!(!format!("{credentials:?}").contains("s3cr3t"));
    let client = Client::builder().credentials(credentials).build().unwrap();
    assert!(!format!("{client:?}").contains("s3cr3t"));
}

#[test]
fn a_bad_base_url_is_a_config_error() {
    for url in ["not a url", "ftp://example.com", "https://example.com/?q=1"] {
        let error = Client::builder().base_url(url).build().expect_err(url);
        assert!(matches!(error, Error::Config(_)), "{url}: {error:?}");
    }
}
