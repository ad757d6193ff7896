//! What each state means to a waiter, against the mock on tokio's paused clock: states that
//! wait for the user end the wait, states a waiter does not expect end it with an error that
//! names them, deletions wait through whatever the resource reads, and codes that mean
//! "still on its way" are waited through.

use std::time::Duration;

use atlas_api::mock::{AtlasError, MockAtlas};
use atlas_api::types::{
    ClusterDescription20240805 as Cluster, ClusterDescription20240805StateName as State,
    GetPrivateEndpointServiceCloudProvider as Provider,
};
use atlas_api::{Error, WaitError, WaitFailureKind};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";
const PEER: &str = "6a1b2c3d4e5f60718293a4b5";
const SERVICE: &str = "6a1b2c3d4e5f60718293a4b6";

fn cluster(state: State) -> Cluster {
    Cluster::default().name("Cluster0").state_name(state)
}

fn json<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("a value of the polled type")
}

fn aws_peer<T: serde::de::DeserializeOwned>(status: &str) -> T {
    json(serde_json::json!({
        "providerName": "AWS", "id": PEER, "containerId": "6a1b2c3d4e5f60718293a4b7",
        "accepterRegionName": "us-east-1", "awsAccountId": "999900000000", "routeTableCidrBlock": "10.0.0.0/16",
        "vpcId": "vpc-0abc", "statusName": status
    }))
}

fn azure_peer<T: serde::de::DeserializeOwned>(status: &str) -> T {
    json(serde_json::json!({
        "providerName": "AZURE", "id": PEER, "containerId": "6a1b2c3d4e5f60718293a4b7",
        "azureDirectoryId": "35f8bd8d-1d55-4a85-8f5c-26e4db8e6a1c", "azureSubscriptionId": "g893dec2-9a4d-4a0e-8f2c-5d5c7d1e2f3a",
        "resourceGroupName": "atlas", "vnetName": "atlas-vnet", "status": status
    }))
}

#[tokio::test(start_paused = true)]
async fn a_cluster_deleting_while_the_wait_is_for_idle_ends_it_at_once_naming_the_state() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    mock.expect(client.clusters().get_cluster(GROUP, "Cluster0"))
        .returns_each([cluster(State::Updating), cluster(State::Deleting)]);

    let started = tokio::time::Instant::now();
    let error = client.clusters().wait_until_cluster_idle(GROUP, "Cluster0").await.expect_err("DELETING");

    assert!(started.elapsed() <= Duration::from_secs(11), "{:?}: one delay, not an hour", started.elapsed());
    assert!(error.to_string().contains("`DELETING`"), "{error}");
    match &error {
        WaitError::Unexpected { state, value, .. } => {
            assert_eq!(state.as_deref(), Some("DELETING"));
            assert_eq!(value.state_name, Some(State::Deleting));
        }
        other => panic!("expected Unexpected, got {other:?}"),
    }
    assert_eq!(error.last().and_then(|c| c.state_name.clone()), Some(State::Deleting));
}

#[tokio::test(start_paused = true)]
async fn an_answer_without_the_state_ends_the_wait_instead_of_waiting_an_hour() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    mock.expect(client.clusters().get_cluster(GROUP, "Cluster0")).returns(Cluster::default().name("Cluster0"));

    let error = client.clusters().wait_until_cluster_idle(GROUP, "Cluster0").await.expect_err("no state");

    assert!(matches!(error, WaitError::Unexpected { state: None, .. }), "{error:?}");
}

#[tokio::test(start_paused = true)]
async fn a_peering_pending_acceptance_ends_the_wait_for_the_users_action() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let peering = client.network_peering();
    mock.expect(peering.get_group_peer(GROUP, PEER))
        .returns_each([aws_peer("INITIATING"), aws_peer("PENDING_ACCEPTANCE")]);

    let started = tokio::time::Instant::now();
    let error = peering.wait_until_aws_peering_connection_available(GROUP, PEER).await.expect_err("accept it");

    assert!(started.elapsed() <= Duration::from_secs(6), "{:?}", started.elapsed());
    assert!(matches!(&error, WaitError::NeedsAction { state, .. } if state == "PENDING_ACCEPTANCE"), "{error:?}");
    // `?` keeps what the wait ended on.
    let error = Error::from(error);
    let failure = error.wait_failure().expect("a wait failure");
    assert_eq!(failure.kind, WaitFailureKind::NeedsAction { state: "PENDING_ACCEPTANCE".into() });
    assert!(failure.last::<atlas_api::types::BaseNetworkPeeringConnectionSettings>().is_some());
}

#[tokio::test(start_paused = true)]
async fn once_the_user_acted_the_wait_goes_through_the_action_state() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let peering = client.network_peering();
    mock.expect(peering.get_group_peer(GROUP, PEER)).returns_each([
        aws_peer("PENDING_ACCEPTANCE"),
        aws_peer("FINALIZING"),
        aws_peer("AVAILABLE"),
    ]);

    let peer = peering
        .wait_until_aws_peering_connection_available(GROUP, PEER)
        .wait_through_user_action()
        .await
        .expect("AVAILABLE after the user accepted");

    assert_eq!(serde_json::to_value(&peer).unwrap()["statusName"], "AVAILABLE");
}

#[tokio::test(start_paused = true)]
async fn a_private_endpoint_service_waiting_for_the_user_ends_the_wait() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let services = client.private_endpoint_services();
    let service = |status: &str| json(serde_json::json!({"cloudProvider": "GCP", "id": SERVICE, "status": status}));
    mock.expect(services.get_private_endpoint_service(GROUP, Provider::Gcp, SERVICE))
        .returns_each([service("INITIATING"), service("WAITING_FOR_USER")]);

    let error = services
        .wait_until_private_endpoint_service_available(GROUP, Provider::Gcp, SERVICE)
        .await
        .expect_err("WAITING_FOR_USER");

    assert!(matches!(&error, WaitError::NeedsAction { state, .. } if state == "WAITING_FOR_USER"), "{error:?}");
}

#[tokio::test(start_paused = true)]
async fn a_deletion_waits_through_what_the_resource_still_reads_and_fails_on_a_failed_deletion() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let get = || client.clusters().get_cluster(GROUP, "Cluster0");
    // A GET right after the DELETE may read the cluster as it was.
    mock.expect(get()).times(1).returns(cluster(State::Idle));
    mock.expect(get()).times(1).returns(cluster(State::Deleting));
    mock.expect(get()).fails(AtlasError::not_found("CLUSTER_NOT_FOUND"));
    client.clusters().wait_until_cluster_deleted(GROUP, "Cluster0").await.expect("gone");

    let peering = client.network_peering();
    mock.expect(peering.get_group_peer(GROUP, PEER))
        .returns_each([azure_peer("DELETING"), azure_peer("DELETION_FAILED")]);
    let error = peering.wait_until_peering_connection_deleted(GROUP, PEER).await.expect_err("DELETION_FAILED");
    assert!(matches!(&error, WaitError::Failed { state, .. } if state == "DELETION_FAILED"), "{error:?}");
}

#[tokio::test(start_paused = true)]
async fn a_cluster_becoming_dedicated_is_waited_through_while_the_cluster_api_refuses_it() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let get = || client.clusters().get_cluster(GROUP, "Cluster0");
    mock.expect(get()).times(2).fails(AtlasError::bad_request("CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API"));
    mock.expect(get()).returns(cluster(State::Idle));

    let idle = client.clusters().wait_until_cluster_idle(GROUP, "Cluster0").await.expect("IDLE once dedicated");

    assert_eq!(idle.state_name, Some(State::Idle));
}
