//! Generated waiters against the mock, on tokio's paused clock: no test waits in real time.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use atlas_api::mock::{AtlasError, MockAtlas};
use atlas_api::types::{
    ClusterDescription20240805 as Cluster, ClusterDescription20240805StateName as State, SearchIndexResponse,
};
use atlas_api::{RetryPolicy, WaitError};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";
// Ids of search indexes and restore jobs are 24 hex digits, as Atlas (and the mock) check.
const INDEX: &str = "6a1b2c3d4e5f60718293a4b5";
const DONE: &str = "6a1b2c3d4e5f60718293a4b6";
const BROKEN: &str = "6a1b2c3d4e5f60718293a4b7";

fn cluster(state: State) -> Cluster {
    Cluster::default().name("Cluster0").state_name(state)
}

/// Each poll's (attempt, state, whether it was an error, elapsed).
type Seen = Arc<Mutex<Vec<(u32, Option<String>, bool, Duration)>>>;

fn recorder() -> (Seen, impl FnMut(&atlas_api::Poll<'_>) + Send + 'static) {
    let seen = Seen::default();
    let sink = seen.clone();
    let report = move |poll: &atlas_api::Poll<'_>| {
        let entry = (poll.attempt, poll.state.map(str::to_owned), poll.error.is_some(), poll.elapsed);
        sink.lock().unwrap().push(entry);
    };
    (seen, report)
}

#[tokio::test(start_paused = true)]
async fn a_field_waiter_ends_on_its_state() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    mock.expect(client.clusters().get_cluster(GROUP, "Cluster0")).returns_each([
        cluster(State::Creating),
        cluster(State::Updating),
        cluster(State::Idle),
    ]);
    let (seen, report) = recorder();

    let started = tokio::time::Instant::now();
    let idle = client.clusters().wait_until_cluster_idle(GROUP, "Cluster0").on_poll(report).await.expect("IDLE");

    assert_eq!(idle.state_name, Some(State::Idle));
    let states: Vec<Option<String>> = seen.lock().unwrap().iter().map(|s| s.1.clone()).collect();
    assert_eq!(states, [Some("CREATING".into()), Some("UPDATING".into()), Some("IDLE".into())]);
    // Two delays: the first exactly 10 s, the second between 10 and 20 s (jittered).
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(20) && waited <= Duration::from_secs(31), "{waited:?}");
}

#[tokio::test(start_paused = true)]
async fn a_failure_state_ends_the_wait_with_the_value() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let index = |status: &str| -> SearchIndexResponse {
        serde_json::from_value(serde_json::json!({"name": "default", "status": status})).expect("an index")
    };
    mock.expect(client.atlas_search().get_cluster_search_index(GROUP, "Cluster0", INDEX))
        .returns_each([index("BUILDING"), index("FAILED")]);

    let error =
        client.atlas_search().wait_until_search_index_ready(GROUP, "Cluster0", INDEX).await.expect_err("FAILED");
    match error {
        WaitError::Failed { state, value, .. } => {
            assert_eq!(state, "FAILED");
            assert_eq!(serde_json::to_value(&value).unwrap()["name"], "default");
        }
        other => panic!("expected Failed, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn a_deletion_waiter_ends_when_the_resource_is_gone() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let get = || client.clusters().get_cluster(GROUP, "Cluster0");
    mock.expect(get()).times(2).returns(cluster(State::Deleting));
    mock.expect(get()).fails(AtlasError::not_found("CLUSTER_NOT_FOUND"));

    client.clusters().wait_until_cluster_deleted(GROUP, "Cluster0").await.expect("gone");
    assert_eq!(mock.requests().iter().filter(|r| r.path.ends_with("/Cluster0")).count(), 3);
}

#[tokio::test(start_paused = true)]
async fn a_wait_times_out_with_the_last_value() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    mock.expect(client.clusters().get_cluster(GROUP, "Cluster0")).returns(cluster(State::Creating));

    let started = tokio::time::Instant::now();
    let error = client
        .clusters()
        .wait_until_cluster_idle(GROUP, "Cluster0")
        .max_wait(Duration::from_secs(600))
        .await
        .expect_err("still CREATING");
    let waited = started.elapsed();
    match error {
        WaitError::TimedOut { last, .. } => assert_eq!(last.and_then(|c| c.state_name), Some(State::Creating)),
        other => panic!("expected TimedOut, got {other:?}"),
    }
    assert!(waited >= Duration::from_secs(600) && waited < Duration::from_secs(601), "{waited:?}");
}

#[tokio::test(start_paused = true)]
async fn a_transient_503_during_the_wait_is_waited_out() {
    let mock = MockAtlas::start().await;
    let client = mock.client_builder().retry(RetryPolicy::none()).build().unwrap();
    let get = || client.clusters().get_cluster(GROUP, "Cluster0");
    mock.expect(get()).times(1).returns(cluster(State::Creating));
    mock.expect(get()).times(1).fails(AtlasError::unavailable());
    mock.expect(get()).returns(cluster(State::Idle));
    let (seen, report) = recorder();

    client.clusters().wait_until_cluster_idle(GROUP, "Cluster0").on_poll(report).await.expect("IDLE after a 503");
    let errors: Vec<bool> = seen.lock().unwrap().iter().map(|s| s.2).collect();
    assert_eq!(errors, [false, true, false]);
}

#[tokio::test(start_paused = true)]
async fn an_error_waiting_cannot_mend_ends_the_wait() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    mock.expect(client.clusters().get_cluster(GROUP, "Cluster0"))
        .fails(AtlasError::forbidden("USER_CANNOT_ACCESS_GROUP"));
    let error = client.clusters().wait_until_cluster_idle(GROUP, "Cluster0").await.expect_err("403");
    assert!(matches!(&error, WaitError::Api(e) if e.error_code() == Some("USER_CANNOT_ACCESS_GROUP")), "{error:?}");
}

#[tokio::test(start_paused = true)]
async fn a_field_set_ends_a_restore_job_wait_and_failed_fails_it() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let job = |json| serde_json::from_value(json).expect("a restore job");
    let get = |id: &str| client.cloud_backups().get_backup_restore_job(GROUP, "Cluster0", id);
    mock.expect(get(DONE))
        .returns_each([job(serde_json::json!({})), job(serde_json::json!({"finishedAt": "2024-05-01T10:00:00Z"}))]);
    mock.expect(get(BROKEN)).returns(job(serde_json::json!({"failed": true, "finishedAt": "2024-05-01T10:00:00Z"})));

    let finished =
        client.cloud_backups().wait_until_restore_job_finished(GROUP, "Cluster0", DONE).await.expect("finished");
    assert!(finished.finished_at.is_some());
    let error =
        client.cloud_backups().wait_until_restore_job_finished(GROUP, "Cluster0", BROKEN).await.expect_err("failed");
    assert!(matches!(error, WaitError::Failed { ref state, .. } if state == "true"), "{error:?}");
}
