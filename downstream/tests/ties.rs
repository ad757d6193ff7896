//! A path parameter that says what the request body's union tag says is read from the body:
//! a Slack integration is created at `.../integrations/SLACK` without the caller naming the
//! type twice, so the two cannot disagree; and the mock refuses, as Atlas does, a request
//! sent by other means whose path and body disagree.

use atlas_api::mock::MockAtlas;
use atlas_api::types::{Slack, ThirdPartyIntegration};
use atlas_api::{Credentials, Error};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";

/// The paths of the integration requests the mock received.
fn integration_paths(mock: &MockAtlas) -> Vec<String> {
    mock.requests().into_iter().filter(|r| r.path.contains("/integrations/")).map(|r| r.path).collect()
}

#[tokio::test]
async fn a_slack_integration_is_created_at_its_own_path() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let slack: ThirdPartyIntegration = Slack::new("xoxb-token").channel_name("alerts").into();
    mock.expect(client.third_party_integrations().create_group_integration(GROUP, slack.clone()));

    // The group and the body: the body says it is a Slack integration, and that is the path.
    client.third_party_integrations().create_group_integration(GROUP, slack).await.expect("created");

    assert_eq!(integration_paths(&mock), [format!("/api/atlas/v2/groups/{GROUP}/integrations/SLACK")]);
    let sent = mock.requests().into_iter().find(|r| r.path.ends_with("/SLACK")).and_then(|r| r.body);
    assert_eq!(sent.expect("a body")["type"], "SLACK");
    mock.verify();
}

#[tokio::test]
async fn a_body_kept_as_json_goes_where_its_own_tag_says() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    // A service the crate has no member for, which the path still allows.
    let hip_chat = ThirdPartyIntegration::Unknown(serde_json::json!({"type": "HIP_CHAT", "notificationToken": "t"}));
    mock.expect(client.third_party_integrations().update_group_integration(GROUP, hip_chat.clone()));

    client.third_party_integrations().update_group_integration(GROUP, hip_chat).await.expect("updated");

    assert_eq!(integration_paths(&mock), [format!("/api/atlas/v2/groups/{GROUP}/integrations/HIP_CHAT")]);
    mock.verify();
}

#[tokio::test]
async fn a_body_that_names_no_type_is_refused_before_it_is_sent() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let untagged = ThirdPartyIntegration::Unknown(serde_json::json!({"apiToken": "xoxb-token"}));

    let error = client.third_party_integrations().create_group_integration(GROUP, untagged).await.expect_err("refused");

    let Error::InvalidArgument(argument) = &error else { panic!("not an argument refusal: {error}") };
    assert_eq!((argument.operation, argument.name), ("createGroupIntegration", "integrationType"));
    assert!(error.to_string().contains("taken from the body's `type`"), "{error}");
    assert!(integration_paths(&mock).is_empty(), "nothing was sent");
}

#[tokio::test]
async fn the_mock_refuses_a_path_and_a_body_that_disagree_as_atlas_does() {
    let mock = MockAtlas::builder().credentials(Credentials::bearer_token("t0ken")).start().await;
    let http = atlas_api::http_client_builder().build().expect("a client");
    let media = "application/vnd.atlas.2023-01-01+json";
    let answer = http
        .post(format!("{}/api/atlas/v2/groups/{GROUP}/integrations/PAGER_DUTY", mock.uri()))
        .header("accept", media)
        .header("content-type", media)
        .bearer_auth("t0ken")
        .body(r#"{"type":"SLACK","apiToken":"xoxb-token","channelName":"alerts"}"#)
        .send()
        .await
        .expect("an answer");

    assert_eq!(answer.status().as_u16(), 400);
    let error: serde_json::Value = serde_json::from_str(&answer.text().await.expect("a body")).expect("an Atlas error");
    assert_eq!(error["errorCode"], "INVALID_JSON_ATTRIBUTE");
    let problems = mock.take_problems();
    assert!(
        problems[0].contains("path parameter `integrationType` is `PAGER_DUTY` but the body's `type` is `SLACK`"),
        "{problems:?}"
    );
}
