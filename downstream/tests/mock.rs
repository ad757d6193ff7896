//! The mock as a user's tests use it: only `atlas_api`'s public API.

use std::time::Duration;

use atlas_api::mock::{AtlasError, MockAtlas};
use atlas_api::types::{
    CloudDatabaseUser, CloudDatabaseUserDatabaseName, ClusterDescription20240805,
    ClusterDescription20240805StateName as State, DatabaseUserRole, DatabaseUserRoleRoleName as Role,
    DownloadClusterLogLogName, Group,
};
use atlas_api::{Bytes, Credentials, RetryPolicy};
use futures_util::TryStreamExt;

const GROUP: &str = "32b6e34b3d91647abb20e7b8";

fn cluster(name: &str, state: State) -> ClusterDescription20240805 {
    ClusterDescription20240805::default().name(name).group_id(GROUP).state_name(state)
}

#[tokio::test]
async fn a_paged_inventory_walks_every_page() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let projects: Vec<Group> = (0..7).map(|n| Group::new(format!("project-{n}"), "a1b2c3d4e5f6a7b8c9d0e1f2")).collect();
    mock.expect(client.organizations().get_org_groups("a1b2c3d4e5f6a7b8c9d0e1f2")).pages(projects.clone());

    let walked: Vec<Group> = client
        .organizations()
        .get_org_groups("a1b2c3d4e5f6a7b8c9d0e1f2")
        .items_per_page(3)
        .into_stream()
        .try_collect()
        .await
        .expect("every page");

    assert_eq!(walked, projects);
    let pages: Vec<String> = mock
        .requests()
        .iter()
        .flat_map(|r| r.query.iter().filter(|(n, _)| n == "pageNum").map(|(_, v)| v.clone()))
        .collect();
    assert_eq!(pages, ["1", "2", "3"], "7 items, 3 per page");
}

#[tokio::test]
async fn create_then_poll_sees_the_sequence() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let body = cluster("Cluster0", State::Creating);
    mock.expect(client.clusters().create_cluster(GROUP, body.clone())).body_as_given().times(1).returns(body.clone());
    mock.expect(client.clusters().get_cluster(GROUP, "Cluster0")).returns_each([
        cluster("Cluster0", State::Creating),
        cluster("Cluster0", State::Updating),
        cluster("Cluster0", State::Idle),
    ]);

    let created = client.clusters().create_cluster(GROUP, body).await.expect("created");
    assert_eq!(created.state_name, Some(State::Creating));
    let mut seen = Vec::new();
    loop {
        let state = client.clusters().get_cluster(GROUP, "Cluster0").await.expect("polled").state_name;
        seen.push(state.clone());
        if state == Some(State::Idle) {
            break;
        }
    }
    assert_eq!(seen, [Some(State::Creating), Some(State::Updating), Some(State::Idle)]);
}

#[tokio::test]
async fn an_atlas_error_comes_back_with_its_code() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    mock.expect(client.projects().get_group("5f0000000000000000000000"))
        .fails(AtlasError::not_found("GROUP_NOT_FOUND").detail("No group with ID 5f0000000000000000000000 exists."));

    let error = client.projects().get_group("5f0000000000000000000000").await.expect_err("a 404");
    assert!(error.is_not_found());
    assert_eq!(error.error_code(), Some("GROUP_NOT_FOUND"));
    assert_eq!(error.operation(), Some("getGroup"));
}

#[tokio::test]
async fn a_429_says_when_to_retry() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    mock.expect(client.clusters().list_clusters(GROUP)).times(1).rate_limited(Duration::from_secs(7));

    let error = client.clusters().list_clusters(GROUP).retry(RetryPolicy::none()).await.expect_err("a 429");
    assert!(error.is_rate_limited());
    assert_eq!(error.error_code(), Some("RATE_LIMITED_TOKEN_BUCKET"));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
}

#[tokio::test]
async fn a_rate_limited_call_is_retried_by_the_client() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    mock.expect(client.clusters().get_cluster(GROUP, "Cluster0")).times(1).rate_limited(Duration::ZERO);
    mock.expect(client.clusters().get_cluster(GROUP, "Cluster0")).returns(cluster("Cluster0", State::Idle));

    let fetched = client.clusters().get_cluster(GROUP, "Cluster0").await.expect("the retry succeeds");
    assert_eq!(fetched.state_name, Some(State::Idle));
}

/// A 429 refused the request before Atlas acted on it, so the client retries a POST's too
/// (its 503 it does not: the server may have acted).
#[tokio::test]
async fn a_rate_limited_post_is_retried_by_the_client() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let project = Group::new("shop", "a1b2c3d4e5f6a7b8c9d0e1f2");
    let create = || client.projects().create_group(project.clone());
    mock.expect(create()).times(1).rate_limited(Duration::ZERO);
    mock.expect(create()).returns(project.clone());

    let created = create().await.expect("the retry succeeds");
    assert_eq!(created.name, "shop");
    assert_eq!(mock.requests().iter().filter(|r| r.method == "POST" && r.path.ends_with("/groups")).count(), 2);
}

#[tokio::test]
async fn a_download_serves_its_bytes() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let gzip = Bytes::from_static(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 0, 0, 0xff, 0xff]);
    let call = || {
        client.monitoring_and_logs().download_cluster_log(GROUP, "h0.mongodb.net", DownloadClusterLogLogName::Mongodb)
    };
    mock.expect(call()).returns(gzip.clone());

    assert_eq!(call().await.expect("the log"), gzip);
}

#[tokio::test]
async fn a_body_atlas_would_reject_fails() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let role = |name| vec![DatabaseUserRole::new("admin", name)];
    let fixed =
        CloudDatabaseUser::new(CloudDatabaseUserDatabaseName::Admin, GROUP, role(Role::ReadWriteAnyDatabase), "app");
    mock.expect(client.database_users().create_database_user(GROUP, CloudDatabaseUser::default()))
        .body(|user| user.username == "app")
        .times(1)
        .returns(fixed.clone());

    // A misspelt database converts into the enum's `Unknown`: Atlas would answer 400.
    let misspelt = fixed.clone().database_name(CloudDatabaseUserDatabaseName::from("admn"));
    let error = client.database_users().create_database_user(GROUP, misspelt).await.expect_err("a 400");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    let problems = mock.take_faults();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("createGroupDatabaseUser (2023-01-01) POST"), "{problems:?}");
    assert!(problems[0].contains("databaseName: `admn` is not a value"), "{problems:?}");

    client.database_users().create_database_user(GROUP, fixed).await.expect("a body Atlas takes");
}

#[tokio::test]
async fn a_custom_role_name_is_a_role_name() {
    // The spec lists the placeholder `<a custom role name>` among the role names: any name
    // is one, as Atlas takes it, and no variant sends the placeholder.
    let mock = MockAtlas::start().await;
    let client = mock.client();
    let user = CloudDatabaseUser::new(
        CloudDatabaseUserDatabaseName::Admin,
        GROUP,
        vec![DatabaseUserRole::new("admin", "auditReader")],
        "auditor",
    );
    assert_eq!(user.roles[0].role_name, Role::Unknown("auditReader".into()));
    mock.expect(client.database_users().create_database_user(GROUP, CloudDatabaseUser::default()))
        .body(|user| user.roles[0].role_name.as_str() == "auditReader")
        .returns(user.clone());
    client.database_users().create_database_user(GROUP, user).await.expect("Atlas takes a custom role");
    mock.verify();
}

#[tokio::test]
async fn a_required_field_left_out_is_rejected() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    mock.expect(client.database_users().create_database_user(GROUP, CloudDatabaseUser::default()))
        .returns(CloudDatabaseUser::default());
    // `roles` left empty is still sent; `databaseName` unset (no value of its enum) is not.
    let user = CloudDatabaseUser::default().username("app").roles(Vec::new());
    let error = client.database_users().create_database_user(GROUP, user).await.expect_err("a 400");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    let problems = mock.take_problems();
    assert!(problems.iter().any(|p| p.contains("missing field `databaseName`")), "{problems:?}");
}

#[tokio::test]
async fn another_version_than_expected_is_not_let_through() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    #[allow(deprecated)]
    let old = client.clusters().get_cluster_v2023_02_01(GROUP, "Cluster0");
    mock.expect(old).returns(Default::default());

    // The default method sends the 2024-08-05 Accept: not what was expected.
    let error = client.clusters().get_cluster(GROUP, "Cluster0").await.expect_err("unexpected");
    assert!(error.is_not_found());
    let problems = mock.take_problems();
    assert!(problems[0].starts_with("unexpected call getGroupCluster (2024-08-05) GET"), "{problems:?}");
    assert!(problems[0].contains("\n    getGroupCluster (2023-02-01) GET"), "names the expectation: {problems:?}");
    assert!(problems.iter().any(|p| p.starts_with("unmet: getGroupCluster (2023-02-01)")), "{problems:?}");
}

#[tokio::test]
async fn an_accept_no_version_takes_is_answered_406() {
    let mock = MockAtlas::builder().credentials(Credentials::bearer_token("t0ken")).start().await;
    let http = atlas_api::http_client_builder().build().expect("a client");
    let sent = http
        .get(format!("{}/api/atlas/v2/groups/{GROUP}/clusters/Cluster0", mock.uri()))
        .header("accept", "application/vnd.atlas.2099-01-01+json")
        .bearer_auth("t0ken")
        .send()
        .await
        .expect("an answer");
    assert_eq!(sent.status().as_u16(), 406);
    let problems = mock.take_problems();
    assert!(
        problems[0].contains("`Accept: application/vnd.atlas.2099-01-01+json`; getGroupCluster takes"),
        "{problems:?}"
    );
    assert!(problems[0].contains("application/vnd.atlas.2024-08-05+json"), "{problems:?}");
}

#[tokio::test]
async fn requests_without_the_credentials_are_refused() {
    let mock = MockAtlas::start().await;
    let wrong = mock.client_builder().credentials(Credentials::service_account("someone", "else")).build().unwrap();
    let error = wrong.projects().get_group(GROUP).await.expect_err("refused");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401), "{error}");
    let problems = mock.take_problems();
    assert!(problems.iter().any(|p| p.contains("Basic credentials are not the service account's")), "{problems:?}");
}

#[tokio::test]
async fn an_api_key_goes_through_the_digest_challenge() {
    let mock = MockAtlas::builder().credentials(Credentials::api_key("pubkey", "private-key")).start().await;
    let client = mock.client();
    mock.expect(client.clusters().get_cluster(GROUP, "Cluster0")).returns(cluster("Cluster0", State::Idle));
    client.clusters().get_cluster(GROUP, "Cluster0").await.expect("the Digest answer is accepted");

    let impostor = mock.client_builder().credentials(Credentials::api_key("pubkey", "not-the-key")).build().unwrap();
    let error = impostor.clusters().get_cluster(GROUP, "Cluster0").await.expect_err("a wrong private key");
    assert!(error.is_unauthorized());
    let problems = mock.take_problems();
    assert!(problems.iter().any(|p| p.contains("does not match the API key's private key")), "{problems:?}");
}

#[tokio::test]
async fn a_dropped_connection_is_retried_for_a_read() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    mock.expect(client.clusters().get_cluster(GROUP, "Cluster0")).times(1).drops_connection();
    mock.expect(client.clusters().get_cluster(GROUP, "Cluster0")).returns(cluster("Cluster0", State::Idle));
    let fetched = client.clusters().get_cluster(GROUP, "Cluster0").await.expect("the retry succeeds");
    assert_eq!(fetched.name.as_deref(), Some("Cluster0"));
}

#[tokio::test]
async fn a_delay_meets_the_attempt_timeout() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    mock.expect(client.clusters().get_cluster(GROUP, "Slow")).delay(Duration::from_secs(5)).returns(Default::default());
    let error = client
        .clusters()
        .get_cluster(GROUP, "Slow")
        .attempt_timeout(Some(Duration::from_millis(200)))
        .retry(RetryPolicy::none())
        .await
        .expect_err("too slow");
    assert!(error.is_timeout(), "{error}");
    mock.take_problems();
}

#[tokio::test]
async fn unmet_expectations_and_stray_calls_are_reported() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    mock.expect(client.clusters().delete_cluster(GROUP, "Cluster0")).returns(());
    let _ = client.projects().get_group(GROUP).await;
    let problems = mock.take_problems();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].starts_with(&format!("unexpected call getGroup (2023-01-01) GET /api/atlas/v2/groups/{GROUP}")));
    assert!(problems[1].starts_with("unmet: deleteGroupCluster (2023-02-01) DELETE"), "{problems:?}");
}

#[tokio::test]
#[should_panic(expected = "unmet: deleteGroupCluster")]
async fn dropping_the_mock_fails_the_test_with_what_is_unmet() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    mock.expect(client.clusters().delete_cluster(GROUP, "Cluster0")).returns(());
}

#[tokio::test]
async fn an_expectation_without_an_answer_serves_the_spec_example() {
    let mock = MockAtlas::start().await;
    let client = mock.client();
    mock.expect(client.clusters().get_cluster(GROUP, "Cluster0"));

    let cluster = client.clusters().get_cluster(GROUP, "Cluster0").await.expect("the example decodes");
    let json = serde_json::to_value(&cluster).expect("encodes");
    assert_eq!(json["clusterType"], "REPLICASET", "the spec's example values: {json}");
    assert_eq!(json["connectionStrings"]["privateEndpoint"][0]["type"], "MONGOD");
}

#[tokio::test]
async fn serve_examples_answers_what_nothing_expects() {
    let mock = MockAtlas::builder().serve_examples().start().await;
    let client = mock.client();
    mock.expect(client.clusters().get_cluster(GROUP, "Cluster0")).fails(AtlasError::not_found("CLUSTER_NOT_FOUND"));

    let projects = client.projects().list_groups().await.expect("the example page");
    assert!(projects.results.is_some_and(|r| !r.is_empty()));
    let gone = client.clusters().get_cluster(GROUP, "Cluster0").await.expect_err("the expectation wins");
    assert_eq!(gone.error_code(), Some("CLUSTER_NOT_FOUND"));
}

#[tokio::test]
async fn a_body_is_checked_without_an_expectation() {
    // `serve_examples` answers every call, and still refuses a body Atlas would refuse.
    let mock = MockAtlas::builder().serve_examples().start().await;
    let client = mock.client();
    let role = vec![DatabaseUserRole::new("admin", Role::Read)];
    let user = CloudDatabaseUser::new(CloudDatabaseUserDatabaseName::from("admn"), GROUP, role.clone(), "app");
    let error = client.database_users().create_database_user(GROUP, user).await.expect_err("a 400");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(error.error_code(), Some("INVALID_JSON_ATTRIBUTE"));
    let faults = mock.take_faults();
    assert!(faults.len() == 1 && faults[0].contains("databaseName: `admn` is not a value"), "{faults:?}");

    // `groupId` is required (and in every answer, though the spec calls it write-only): an
    // argument of `new`, so a user without it does not compile.
    let user = CloudDatabaseUser::new(CloudDatabaseUserDatabaseName::Admin, GROUP, role, "app");
    client.database_users().create_database_user(GROUP, user).await.expect("a body Atlas takes");
    mock.verify();
}

/// A two-region GCP M10 as a user writes it, with what `bad` changes in it.
fn gcp_cluster(bad: impl FnOnce(&mut serde_json::Value)) -> ClusterDescription20240805 {
    let region = |name: &str, priority: i64| {
        serde_json::json!({
            "providerName": "GCP", "regionName": name, "priority": priority,
            "electableSpecs": {"instanceSize": "M10", "nodeCount": 3},
        })
    };
    let mut json = serde_json::json!({
        "name": "Cluster0", "clusterType": "REPLICASET",
        "replicationSpecs": [{"regionConfigs": [region("CENTRAL_US", 7), region("EASTERN_US", 6)]}],
    });
    bad(&mut json);
    serde_json::from_value(json).expect("a cluster")
}

#[tokio::test]
async fn the_specs_limits_are_checked_on_every_request() {
    let mock = MockAtlas::builder().serve_examples().start().await;
    let client = mock.client();
    let refused = |error: atlas_api::Error, code: &str, path: &str, faults: Vec<String>| {
        assert_eq!(error.status().map(|s| s.as_u16()), Some(400), "{error}");
        assert_eq!(error.error_code(), Some(code), "{error}");
        assert!(faults.len() == 1 && faults[0].contains(path), "{path} in {faults:?}");
    };
    client.clusters().create_cluster(GROUP, gcp_cluster(|_| ())).await.expect("Atlas takes it");

    let named = gcp_cluster(|c| c["name"] = "bad_name!".into());
    let error = client.clusters().create_cluster(GROUP, named).await.expect_err("a 400");
    refused(error, "INVALID_ATTRIBUTE", "`$.name`: \"bad_name!\" does not match", mock.take_faults());

    let priority = gcp_cluster(|c| c["replicationSpecs"][0]["regionConfigs"][1]["priority"] = 8.into());
    let error = client.clusters().create_cluster(GROUP, priority).await.expect_err("a 400");
    refused(
        error,
        "INVALID_ATTRIBUTE",
        "`$.replicationSpecs[0].regionConfigs[1].priority`: value 8",
        mock.take_faults(),
    );

    // A GCP region config takes GCP region names and GCP instance sizes only.
    let aws = gcp_cluster(|c| c["replicationSpecs"][0]["regionConfigs"][0]["regionName"] = "US_EAST_1".into());
    let error = client.clusters().create_cluster(GROUP, aws).await.expect_err("a 400");
    refused(error, "INVALID_JSON_ATTRIBUTE", "`US_EAST_1` is not a value", mock.take_faults());
    let size = |c: &mut serde_json::Value| {
        c["replicationSpecs"][0]["regionConfigs"][0]["electableSpecs"]["instanceSize"] = "M1O".into()
    };
    let error = client.clusters().create_cluster(GROUP, gcp_cluster(size)).await.expect_err("a 400");
    refused(error, "INVALID_JSON_ATTRIBUTE", "`M1O` is not a value", mock.take_faults());

    let error = client.organizations().get_org_groups("not-an-object-id").await.expect_err("a 400");
    refused(error, "VALIDATION_ERROR", "path parameter `orgId`: \"not-an-object-id\"", mock.take_faults());
    let project = Group::new("no/slashes allowed?", "a1b2c3d4e5f6a7b8c9d0e1f2");
    let error = client.projects().create_group(project).await.expect_err("a 400");
    refused(error, "INVALID_ATTRIBUTE", "`$.name`: \"no/slashes allowed?\"", mock.take_faults());
    let project = Group::new("Project 0", "a1b2c3d4e5f6a7b8c9d0e1f2");
    client.projects().create_group(project).await.expect("Atlas takes it");
    mock.verify();
}

/// Never stricter than Atlas: a distinguished name's attribute types are read without regard
/// to case (RFC 4514). Atlas answered 202 to a bind user `cn=admin,dc=example,dc=org`; the
/// spec's pattern spells `CN=` and `DC=` in capitals, and `spec/overrides.toml` reads it as
/// Atlas does. A name with no domain is still refused.
#[tokio::test]
async fn an_ldap_bind_user_is_read_without_regard_to_case() {
    use atlas_api::types::{LdapSecuritySettings, LdapVerifyConnectivityJobRequestParams, UserSecurity};
    let mock = MockAtlas::builder().serve_examples().start().await;
    let client = mock.client();
    let security = |name: &str| UserSecurity::new().ldap(LdapSecuritySettings::new().bind_username(name));
    for name in ["cn=admin,dc=example,dc=org", "CN=admin,OU=people,DC=example,DC=org", "Cn=admin,ou=it,dC=example"] {
        client.ldap_configuration().update_user_security(GROUP, security(name)).await.expect(name);
    }
    // The same pattern on the bind user of a connectivity check.
    let verify = LdapVerifyConnectivityJobRequestParams::new("cn=admin,dc=example,dc=org", "ldap.example.org", 636)
        .bind_password("secret");
    client.ldap_configuration().verify_user_security_ldap(GROUP, verify).await.expect("a lower-case DN");
    let error = client.ldap_configuration().update_user_security(GROUP, security("admin")).await.expect_err("a 400");
    assert_eq!(error.error_code(), Some("INVALID_ATTRIBUTE"), "{error}");
    assert_eq!(mock.take_faults().len(), 1);
    mock.verify();
}
