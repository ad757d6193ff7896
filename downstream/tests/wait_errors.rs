//! A wait that ends without its state says which wait it was: the waiter, the operation it
//! polled and the resource's path, in its message and as `Error::operation()`; a wait that
//! timed out waiting out a refusal answers `status()` and `error_code()` from it.

use std::time::Duration;

use atlas_api::mock::{AtlasError, MockAtlas};
use atlas_api::types::{ClusterDescription20240805 as Cluster, ClusterDescription20240805StateName as State};
use atlas_api::{Error, RetryPolicy, StatusCode, WaitError};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";
const JOB: &str = "6a1b2c3d4e5f60718293a4b7";

#[tokio::test(start_paused = true)]
async fn a_failed_wait_names_the_waiter_the_operation_and_the_path() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let job = serde_json::from_value(serde_json::json!({"failed": true, "finishedAt": "2024-05-01T10:00:00Z"}));
    mock.expect(client.cloud_backups().get_backup_restore_job(GROUP, "Cluster0", JOB)).returns(job.expect("a job"));

    let error =
        client.cloud_backups().wait_until_restore_job_finished(GROUP, "Cluster0", JOB).await.expect_err("failed");
    let target = error.target().expect("a target").clone();
    assert_eq!((target.waiter, target.operation), ("restore_job_finished", "getGroupClusterBackupRestoreJob"));
    assert_eq!(target.path, format!("/api/atlas/v2/groups/{GROUP}/clusters/Cluster0/backup/restoreJobs/{JOB}"));
    let message = error.to_string();
    assert_eq!(
        message,
        format!(
            "wait_until_restore_job_finished polling getGroupClusterBackupRestoreJob at {}: `failed` is `true`, which means it failed",
            target.path
        )
    );
    let error = Error::from(error);
    assert_eq!(error.operation(), Some("getGroupClusterBackupRestoreJob"));
    assert_eq!((error.status(), error.error_code()), (None, None), "the last poll answered");
    assert_eq!(error.to_string(), message);
}

#[tokio::test(start_paused = true)]
async fn a_wait_timed_out_on_refusals_answers_their_status_and_code() {
    let mock = MockAtlas::start().await;
    let client = mock.client_builder().retry(RetryPolicy::none()).build().unwrap();
    let get = || client.clusters().get_cluster(GROUP, "Cluster0");
    mock.expect(get()).times(1).returns(Cluster::default().name("Cluster0").state_name(State::Creating));
    mock.expect(get()).fails(AtlasError::unavailable());

    let error = client
        .clusters()
        .wait_until_cluster_idle(GROUP, "Cluster0")
        .max_wait(Duration::from_secs(120))
        .await
        .expect_err("timed out");
    assert!(matches!(&error, WaitError::TimedOut { last: Some(_), last_error: Some(_), .. }), "{error:?}");
    let message = error.to_string();
    let path = format!("/api/atlas/v2/groups/{GROUP}/clusters/Cluster0");
    let head = format!("wait_until_cluster_idle polling getGroupCluster at {path}: the wait timed out after");
    assert!(message.starts_with(&head), "{message}");
    assert!(message.contains("; the last poll failed: getGroupCluster: the server answered 503"), "{message}");

    let error = Error::from(error);
    assert_eq!(error.operation(), Some("getGroupCluster"));
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    let code = AtlasError::unavailable().error_code().to_owned();
    assert_eq!(error.error_code(), Some(code.as_str()));
    let failure = error.wait_failure().expect("a wait failure");
    assert_eq!(failure.target().path, path);
    assert!(failure.last::<Cluster>().is_some());
}

#[tokio::test(start_paused = true)]
async fn an_unexpected_state_names_the_field() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    mock.expect(client.clusters().get_cluster(GROUP, "Cluster0"))
        .returns(Cluster::default().name("Cluster0").state_name(State::Deleting));

    let error = client.clusters().wait_until_cluster_idle(GROUP, "Cluster0").await.expect_err("DELETING");
    let message = error.to_string();
    assert!(
        message.starts_with("wait_until_cluster_idle polling getGroupCluster at /api/atlas/v2/groups/"),
        "{message}"
    );
    assert!(
        message.ends_with("`stateName` is `DELETING`, a state this wait neither waits through nor ends on"),
        "{message}"
    );
}
