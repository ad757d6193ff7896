//! The path parameters of `fixtures/ties.yaml` that say what the request body's union tag
//! says, against a real HTTP server on 127.0.0.1 (wiremock): one read from the body's member
//! (the method takes no argument for it), one checked against the body's tag before sending.

use atlas_api::{Client, Credentials, Error, RetryPolicy};
use atlas_api_tests::ties::ops::ClientExt;
use atlas_api_tests::ties::types::{DefaultLimit, Integration, SetGroupLimitLimitName as LimitName, Slack, Webhook};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const GROUP: &str = "5f1b0d6e2a1b3c4d5e6f7a8b";

async fn serve() -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::bearer_token("token-123"))
        .retry(RetryPolicy::none())
        .build()
        .expect("client builds");
    (server, client)
}

async fn paths(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.expect("recording is on");
    requests.iter().map(|r| r.url.path().to_owned()).collect()
}

#[tokio::test]
async fn the_path_is_the_body_s_member() {
    let (server, client) = serve().await;
    let integrations = ClientExt::integrations(&client);
    integrations.create_group_integration(GROUP, Slack::new("alerts").into()).await.expect("sent");
    integrations.create_group_integration(GROUP, Webhook::new("https://example.com").into()).await.expect("sent");
    let retired = Integration::Unknown(serde_json::json!({"type": "HIP_CHAT"}));
    integrations.create_group_integration(GROUP, retired).await.expect("sent");
    let base = format!("/api/atlas/v2/groups/{GROUP}/integrations");
    assert_eq!(paths(&server).await, [format!("{base}/SLACK"), format!("{base}/WEBHOOK"), format!("{base}/HIP_CHAT")]);
}

#[tokio::test]
async fn a_body_naming_no_member_is_refused_unsent() {
    let (server, client) = serve().await;
    let untagged = Integration::Unknown(serde_json::json!({"channelName": "alerts"}));
    let error = ClientExt::integrations(&client).create_group_integration(GROUP, untagged).await.expect_err("refused");
    let Error::InvalidArgument(argument) = &error else { panic!("{error}") };
    assert_eq!(argument.name, "integrationType");
    assert!(paths(&server).await.is_empty());
}

#[tokio::test]
async fn a_checked_argument_must_be_what_the_body_says() {
    let (server, client) = serve().await;
    let limits = ClientExt::integrations(&client);
    let error = limits
        .set_group_limit(GROUP, LimitName::Users, DefaultLimit::new("clusters", 5).into())
        .await
        .expect_err("the path and the body disagree");
    let Error::InvalidArgument(argument) = &error else { panic!("{error}") };
    assert_eq!((argument.operation, argument.name), ("setGroupLimit", "limitName"));
    assert!(argument.reason.contains("is `users`, but the body's `name` is `clusters`"), "{error}");
    assert!(paths(&server).await.is_empty(), "nothing was sent");

    limits.set_group_limit(GROUP, LimitName::Users, DefaultLimit::new("users", 5).into()).await.expect("they agree");
    assert_eq!(paths(&server).await, [format!("/api/atlas/v2/groups/{GROUP}/limits/users")]);
}
