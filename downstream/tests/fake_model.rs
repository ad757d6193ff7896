//! The fake's resource model at work: singletons read and changed in place (and missing with
//! their parent), a singleton a POST creates, and a collection whose entries are only posted,
//! listed and removed. Public API only, no expectation, no `put`, no predicted ids.

use atlas_api::fake::FakeAtlas;
use atlas_api::types::{
    ApiSearchDeploymentRequestSpecView as SearchSpec, ApiSearchDeploymentRequestView as SearchDeployment,
    DiskBackupSnapshotSchedule20240805 as Schedule, GroupSettings, OrgServiceAccountRequest,
    ServiceAccountIpAccessListEntry,
};

mod common;

use common::project_with_cluster;

#[tokio::test]
async fn a_singleton_is_changed_in_place_and_missing_with_its_parent() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project_with_cluster(&client).await;
    let backups = client.cloud_backups();
    let first = backups.get_backup_schedule(&group, "Cluster0").await.expect("a cluster has a schedule from the start");
    let first = serde_json::to_value(first).unwrap();
    let items = first["policies"][0]["policyItems"].as_array().cloned().unwrap_or_default();
    let kept: Vec<_> =
        items.iter().map(|item| (item["frequencyType"].clone(), item["retentionValue"].clone())).collect();
    assert_eq!(kept.len(), 5, "Atlas's default policy: every 6 hours, daily, weekly, monthly, yearly: {first}");
    assert_eq!(kept[0], (serde_json::json!("hourly"), serde_json::json!(7)));
    assert_eq!(first["restoreWindowDays"], 7);
    let cluster = client.clusters().get_cluster(&group, "Cluster0").await.expect("the cluster");
    assert!(cluster.id.is_some(), "the cluster has an id");
    assert_eq!(first["clusterId"].as_str(), cluster.id.as_deref(), "the schedule names its cluster, as Atlas's does");
    let changed = Schedule::new(Vec::new()).reference_hour_of_day(4).restore_window_days(3);
    let answered = backups.update_backup_schedule(&group, "Cluster0", changed).await.expect("changed");
    assert_eq!(answered.reference_hour_of_day, Some(4));
    let read = backups.get_backup_schedule(&group, "Cluster0").await.expect("read again");
    assert_eq!((read.reference_hour_of_day, read.restore_window_days), (Some(4), Some(3)), "a GET reflects the PATCH");
    let missing = backups.get_backup_schedule(&group, "Cluster9").await.expect_err("no such cluster");
    assert_eq!(missing.error_code(), Some("CLUSTER_NOT_FOUND"));

    let projects = client.projects();
    let defaults = projects.get_group_settings(&group).await.expect("a project has settings from the start");
    let defaults = serde_json::to_value(defaults).unwrap();
    let set = defaults.as_object().map_or(0, |settings| settings.values().filter(|value| value.is_boolean()).count());
    assert_eq!(set, 11, "Atlas answers every setting the spec documents of a new project: {defaults}");
    assert_eq!(defaults["isDataExplorerGenAISampleDocumentPassingEnabled"], false);
    projects.update_group_settings(&group, GroupSettings::new().is_data_explorer_enabled(false)).await.expect("set");
    let settings = projects.get_group_settings(&group).await.expect("settings");
    assert_eq!(settings.is_data_explorer_enabled, Some(false));
}

#[tokio::test]
async fn access_list_entries_only_posted_listed_and_removed_are_kept() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let accounts = client.service_accounts();
    let request = OrgServiceAccountRequest::new("ci", "ci-bot", vec!["ORG_MEMBER".into()], 24);
    let account = accounts.create_org_service_account(FakeAtlas::ORG_ID, request).await.expect("an account");
    let client_id = account.client_id.expect("a client id");
    let entries = vec![ServiceAccountIpAccessListEntry::new().ip_address("203.0.113.7")];
    accounts.create_org_access_list(FakeAtlas::ORG_ID, &client_id, entries).await.expect("added");
    let listed = accounts.list_org_access_list(FakeAtlas::ORG_ID, &client_id).await.expect("listed");
    let addresses: Vec<_> = listed.results.iter().flatten().filter_map(|e| e.ip_address.clone().flatten()).collect();
    assert_eq!(addresses, ["203.0.113.7"]);
    accounts.delete_org_access_entry(FakeAtlas::ORG_ID, &client_id, "203.0.113.7").await.expect("removed");
    let listed = accounts.list_org_access_list(FakeAtlas::ORG_ID, &client_id).await.expect("listed");
    assert_eq!(listed.results.unwrap_or_default().len(), 0, "the entry is gone");
    let gone = accounts.delete_org_access_entry(FakeAtlas::ORG_ID, &client_id, "203.0.113.7").await.unwrap_err();
    assert_eq!(gone.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test(start_paused = true)]
async fn a_singleton_a_post_creates_is_missing_until_then() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project_with_cluster(&client).await;
    let search = client.atlas_search();
    let missing = search.get_cluster_search_deployment(&group, "Cluster0").await.expect_err("none yet");
    assert_eq!(missing.status().map(|s| s.as_u16()), Some(404));
    let body = SearchDeployment::new(vec![SearchSpec::new("S20_HIGHCPU_NVME").node_count(2)]);
    search.create_cluster_search_deployment(&group, "Cluster0", body.clone()).await.expect("created");
    let again = search.create_cluster_search_deployment(&group, "Cluster0", body).await.expect_err("one per cluster");
    assert_eq!(again.status().map(|s| s.as_u16()), Some(409));
    let read = search.wait_until_search_deployment_idle(&group, "Cluster0").await.expect("idle");
    assert_eq!(read.specs.map(|specs| specs.len()), Some(1));
    search.delete_cluster_search_deployment(&group, "Cluster0").await.expect("deleted");
    search.wait_until_search_deployment_deleted(&group, "Cluster0").await.expect("gone");
}

#[tokio::test]
async fn a_dedicated_cluster_brings_the_network_container_of_its_region() {
    use atlas_api::types::{
        AwsHardwareSpec20240805, AwsRegionConfig20240805, CloudProviderContainer,
        ClusterDescription20240805 as Cluster, Group, ListGroupContainersProviderName as Provider,
        ReplicationSpec20240805,
    };
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = client.projects().create_group(Group::new("Net", FakeAtlas::ORG_ID)).await.unwrap().id.unwrap();
    let peering = client.network_peering();
    let none = peering.list_group_containers(&group, Provider::Aws).await.expect("containers");
    assert_eq!(none.results.unwrap_or_default().len(), 0, "a new project has none");
    let region = |name: &str| {
        let spec = AwsHardwareSpec20240805::new().instance_size("M10").node_count(3);
        AwsRegionConfig20240805::new().provider_name("AWS").region_name(name).priority(7).electable_specs(spec)
    };
    for name in ["a", "b"] {
        let specs = ReplicationSpec20240805::new().region_configs([region("US_EAST_1").into()]);
        let cluster = Cluster::new().name(name).cluster_type("REPLICASET").replication_specs([specs]);
        client.clusters().create_cluster(&group, cluster).await.expect("a cluster");
    }
    let listed = peering.list_group_containers(&group, Provider::Aws).await.expect("containers");
    let containers = listed.results.unwrap_or_default();
    assert_eq!(containers.len(), 1, "one container per region, made with the first cluster: {containers:?}");
    let CloudProviderContainer::Aws(aws) = &containers[0] else { panic!("an AWS container: {containers:?}") };
    assert_eq!((aws.region_name.as_str(), aws.atlas_cidr_block.as_deref()), ("US_EAST_1", Some("192.168.248.0/21")));
    assert!(aws.vpc_id.as_ref().is_some_and(|vpc| vpc.starts_with("vpc-")));
}

#[tokio::test]
async fn a_cluster_s_tls_settings_are_its_process_arguments_both_ways() {
    use atlas_api::types::{ClusterDescription20240805 as Cluster, ClusterDescriptionProcessArgs20240805 as Args};
    use serde_json::{json, to_value};
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project_with_cluster(&client).await;
    let clusters = client.clusters();
    let args = to_value(clusters.get_process_args(&group, "Cluster0").await.expect("arguments")).unwrap();
    assert_eq!(
        (&args["tlsCipherConfigMode"], &args["customOpensslCipherConfigTls13"]),
        (&json!("DEFAULT"), &json!([]))
    );
    let cipher = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
    let custom =
        json!({"advancedConfiguration": {"tlsCipherConfigMode": "CUSTOM", "customOpensslCipherConfigTls12": [cipher]}});
    let change: Cluster = serde_json::from_value(custom).unwrap();
    clusters.update_cluster(&group, "Cluster0", change).await.expect("changed");
    let args = to_value(clusters.get_process_args(&group, "Cluster0").await.expect("arguments")).unwrap();
    assert_eq!(
        (&args["tlsCipherConfigMode"], &args["customOpensslCipherConfigTls12"]),
        (&json!("CUSTOM"), &json!([cipher]))
    );
    let change: Args = serde_json::from_value(json!({"minimumEnabledTlsProtocol": "TLS1_3"})).unwrap();
    clusters.update_process_args(&group, "Cluster0", change).await.expect("changed");
    let cluster = to_value(clusters.get_cluster(&group, "Cluster0").await.expect("the cluster")).unwrap();
    assert_eq!(cluster["advancedConfiguration"]["minimumEnabledTlsProtocol"], "TLS1_3", "{cluster}");
}

#[tokio::test]
async fn an_azure_region_brings_its_container_and_a_shared_tier_cluster_none() {
    use atlas_api::types::{
        CloudProviderContainer, ClusterDescription20240805 as Cluster, Group,
        ListGroupContainersProviderName as Provider,
    };
    use serde_json::json;
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = client.projects().create_group(Group::new("Net", FakeAtlas::ORG_ID)).await.unwrap().id.unwrap();
    let free = client.clusters().create_cluster(&group, common::shared_tier_cluster("free")).await;
    let free = serde_json::to_value(free.expect("a shared-tier cluster")).unwrap();
    assert!(free.get("advancedConfiguration").is_none(), "a shared-tier cluster has none: {free}");
    assert!(free["connectionStrings"]["standardSrv"].is_string(), "its SRV string from the start: {free}");
    let sharded = json!({"name": "multi", "clusterType": "SHARDED", "replicationSpecs": [{"regionConfigs": [
        {"providerName": "AWS", "regionName": "EU_WEST_1", "priority": 7, "electableSpecs": {"instanceSize": "M10", "nodeCount": 3}},
        {"providerName": "AZURE", "regionName": "US_EAST_2", "priority": 6, "electableSpecs": {"instanceSize": "M10", "nodeCount": 2}}]}]});
    let cluster = client.clusters().create_cluster(&group, serde_json::from_value::<Cluster>(sharded).unwrap()).await;
    let cluster = serde_json::to_value(cluster.expect("a multi-cloud cluster")).unwrap();
    let azure = &cluster["replicationSpecs"][0]["regionConfigs"][1]["electableSpecs"];
    assert_eq!(
        (&azure["diskSizeGB"], &azure["diskIOPS"], &azure["diskThroughput"]),
        (&json!(8.0), &json!(3500), &json!(125))
    );
    let listed = client.network_peering().list_group_containers(&group, Provider::Azure).await.expect("containers");
    let containers = listed.results.unwrap_or_default();
    let [CloudProviderContainer::Azure(container)] = containers.as_slice() else {
        panic!("one Azure container: {containers:?}")
    };
    assert!(container.vnet_name.as_ref().is_some_and(|name| name.starts_with("vnet_")), "{container:?}");
    let aws = client.network_peering().list_group_containers(&group, Provider::Aws).await.expect("containers");
    assert_eq!(aws.results.unwrap_or_default().len(), 1, "the AWS region's, none for the shared-tier cluster");
    // A shared-tier cluster is ready at its first read, and gone at once when deleted; a
    // dedicated one reads CREATING and DELETING first.
    let first = serde_json::to_value(client.clusters().get_cluster(&group, "free").await.expect("read")).unwrap();
    assert_eq!(first["stateName"], "IDLE", "{first}");
    assert!(first["connectionStrings"]["standard"].is_string(), "{first}");
    let creating = serde_json::to_value(client.clusters().get_cluster(&group, "multi").await.expect("read")).unwrap();
    assert_eq!(creating["stateName"], "CREATING");
    client.clusters().wait_until_cluster_idle(&group, "multi").await.expect("ready");
    client.clusters().delete_cluster(&group, "free").await.expect("deleted");
    let gone = client.clusters().get_cluster(&group, "free").await.expect_err("gone at once");
    assert_eq!(gone.status().map(|s| s.as_u16()), Some(404));
    client.clusters().delete_cluster(&group, "multi").await.expect("deleting");
    let deleting = client.clusters().get_cluster(&group, "multi").await.expect("read while deleting");
    assert_eq!(serde_json::to_value(deleting).unwrap()["stateName"], "DELETING");
}

#[tokio::test(start_paused = true)]
async fn a_shared_tier_cluster_upgraded_becomes_a_dedicated_one() {
    use atlas_api::types::{Group, LegacyAtlasTenantClusterUpgradeRequest as Upgrade};
    use serde_json::{json, to_value};
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = client.projects().create_group(Group::new("Tier", FakeAtlas::ORG_ID)).await.unwrap().id.unwrap();
    let clusters = client.clusters();
    let free = clusters.create_cluster(&group, common::shared_tier_cluster("free")).await.unwrap();
    let upgrade = json!({"name": "free", "providerBackupEnabled": true,
        "providerSettings": {"providerName": "AWS", "regionName": "US_EAST_1", "instanceSizeName": "M40_NVME"}});
    let before = clusters.upgrade_tenant_upgrade(&group, serde_json::from_value::<Upgrade>(upgrade).unwrap()).await;
    let before = to_value(before.expect("upgraded")).unwrap();
    assert_eq!(before["providerSettings"]["providerName"], "TENANT", "the answer is the cluster as it was: {before}");
    // Atlas's first two reads still answer the shared-tier cluster, on its way.
    let was = to_value(clusters.get_cluster(&group, "free").await.unwrap()).unwrap();
    let going = to_value(clusters.get_cluster(&group, "free").await.unwrap()).unwrap();
    assert_eq!((&was["stateName"], &was["id"]), (&json!("UPDATING"), &json!(free.id)), "{was}");
    assert_eq!(going["replicationSpecs"][0]["regionConfigs"][0]["providerName"], "TENANT", "{going}");
    assert!(going["connectionStrings"].get("standard").is_none(), "its old hosts going: {going}");
    let after = to_value(clusters.get_cluster(&group, "free").await.unwrap()).unwrap();
    assert_eq!(after["stateName"], "UPDATING", "{after}");
    assert_eq!(after["connectionStrings"], json!({}), "no string until it is ready: {after}");
    assert!(after.get("useAwsTimeBasedSnapshotCopyForFastInitialSync").is_none(), "not until it is ready: {after}");
    assert_ne!(Some(after["id"].as_str().unwrap()), free.id.as_deref(), "Atlas answers a new cluster");
    let ready = to_value(clusters.wait_until_cluster_idle(&group, "free").await.expect("ready")).unwrap();
    let region = &ready["replicationSpecs"][0]["regionConfigs"][0];
    assert_eq!(
        (&region["providerName"], &region["electableSpecs"]["instanceSize"]),
        (&json!("AWS"), &json!("M40_NVME"))
    );
    assert_eq!(
        (&ready["backupEnabled"], &ready["advancedConfiguration"]["tlsCipherConfigMode"]),
        (&json!(true), &json!("DEFAULT"))
    );
    assert!(ready["connectionStrings"]["standard"].is_string(), "{ready}");
    assert_eq!(ready["useAwsTimeBasedSnapshotCopyForFastInitialSync"], json!(false), "{ready}");
    let missing = json!({"name": "none", "providerSettings": {"providerName": "AWS", "regionName": "US_EAST_1", "instanceSizeName": "M10"}});
    let refused =
        clusters.upgrade_tenant_upgrade(&group, serde_json::from_value::<Upgrade>(missing).unwrap()).await.unwrap_err();
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn a_project_counts_its_clusters_as_they_come_and_go() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let projects = client.projects();
    let created = projects.create_group(atlas_api::types::Group::new("Shop", FakeAtlas::ORG_ID)).await.expect("made");
    assert_eq!((created.cluster_count, created.with_default_alerts_settings), (Some(0), Some(true)));
    let group = created.id.expect("an id");
    client.clusters().create_cluster(&group, common::cluster("Cluster0")).await.expect("a cluster");
    assert_eq!(projects.get_group(&group).await.expect("read").cluster_count, Some(1));
    let listed = projects.list_groups().await.expect("listed");
    let counts: Vec<_> = listed.results.iter().flatten().map(|project| project.cluster_count).collect();
    assert_eq!(counts, [Some(1)], "a list counts them too");
    client.clusters().delete_cluster(&group, "Cluster0").await.expect("deleting");
    fake.advance();
    assert_eq!(projects.get_group(&group).await.expect("read").cluster_count, Some(0), "gone, not counted");
}

#[tokio::test]
#[allow(deprecated)] // the invitation endpoints are sunset in 2027, and still answered
async fn an_invitation_names_who_invited_to_what_and_when_it_expires() {
    use atlas_api::types::{GroupInvitationRequest, OrganizationInvitationRequest};
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project_with_cluster(&client).await;
    let to_org = OrganizationInvitationRequest::new().username("ana@example.com").roles(vec!["ORG_MEMBER".into()]);
    let invited = client.organizations().create_org_invite(FakeAtlas::ORG_ID, to_org).await.expect("invited");
    let org = client.organizations().get_org(FakeAtlas::ORG_ID).await.expect("the organization");
    assert_eq!(invited.org_name, org.name, "the organization's name");
    assert_eq!(
        (invited.team_ids.as_deref(), invited.group_role_assignments.as_deref()),
        (Some(&[][..]), Some(&[][..]))
    );
    let (made, expires) = (invited.created_at.expect("made"), invited.expires_at.expect("expires"));
    assert_eq!((expires - made).num_days(), 30, "an invitation expires 30 days after it is made");
    assert!(invited.inviter_username.is_some_and(|inviter| !inviter.is_empty()), "who invited");

    let to_group = GroupInvitationRequest::new().username("bo@example.com").roles(vec!["GROUP_READ_ONLY".into()]);
    let invited = client.projects().create_group_invite(&group, to_group).await.expect("invited");
    let project = client.projects().get_group(&group).await.expect("the project");
    assert_eq!(invited.group_name.as_deref(), Some(project.name.as_str()), "the project's name");
    assert!(invited.expires_at.is_some() && invited.inviter_username.is_some());
    assert!(invited.links.is_none(), "Atlas answers an invitation without links");
}

#[tokio::test]
async fn a_database_user_and_a_flex_cluster_answer_atlas_s_defaults() {
    use atlas_api::types::{
        CloudDatabaseUser, DatabaseUserRole, FlexClusterDescriptionCreate20241113 as Flex,
        FlexProviderSettingsCreate20241113 as FlexProvider,
    };
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project_with_cluster(&client).await;
    let roles = vec![DatabaseUserRole::new("admin", "readWrite")];
    let user = CloudDatabaseUser::new("admin", group.clone(), roles, "app").password("secret-123");
    let made = client.database_users().create_database_user(&group, user).await.expect("a user");
    let made = serde_json::to_value(made).unwrap();
    for kind in ["awsIAMType", "ldapAuthType", "oidcAuthType", "x509Type"] {
        assert_eq!(made[kind], "NONE", "{kind}: {made}");
    }
    assert_eq!((made["labels"].clone(), made["scopes"].clone()), (serde_json::json!([]), serde_json::json!([])));

    let flex = Flex::new("Flex0", FlexProvider::new("AWS", "US_EAST_1"));
    let made = client.flex_clusters().create_flex_cluster(&group, flex).await.expect("a flex cluster");
    let provider = made.provider_settings.clone().expect("provider settings");
    let provider = serde_json::to_value(provider).unwrap();
    assert_eq!((provider["providerName"].clone(), provider["diskSizeGB"].clone()), ("FLEX".into(), 5.0.into()));
    assert_eq!(
        (made.termination_protection_enabled, made.backup_settings.and_then(|b| b.enabled)),
        (Some(false), Some(true))
    );
}

#[tokio::test]
async fn a_ready_flex_cluster_and_its_restore_answer_what_atlas_fills_in() {
    use atlas_api::types::{
        FlexBackupRestoreJobCreate20241113 as Restore, FlexClusterDescriptionCreate20241113 as Flex,
        FlexProviderSettingsCreate20241113 as FlexProvider,
    };
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project_with_cluster(&client).await;
    let flex = Flex::new("Flex0", FlexProvider::new("AWS", "US_EAST_1"));
    let made = client.flex_clusters().create_flex_cluster(&group, flex).await.expect("a flex cluster");
    let strings = made.connection_strings.expect("connection strings");
    assert!(strings.standard_srv.is_some() && strings.standard.is_none(), "a new one has its SRV string only");
    fake.advance();
    let ready = client.flex_clusters().get_flex_cluster(&group, "Flex0").await.expect("read");
    assert!(ready.links.is_none(), "Atlas answers a flex cluster without links");
    let standard = ready.connection_strings.and_then(|s| s.standard).expect("a ready one has its standard string");
    assert!(standard.starts_with("mongodb://flex0-shard-00-00.") && standard.contains("replicaSet="), "{standard}");

    // Atlas takes a flex cluster's snapshots by itself: a test puts the one it restores.
    let snapshot = serde_json::json!({"id": "6a6f78e0cab84da5c4476b25", "status": "COMPLETED",
        "finishTime": "2026-08-02T17:06:56Z"});
    let read = client.flex_snapshots().get_flex_backup_snapshot(&group, "Flex0", "6a6f78e0cab84da5c4476b25");
    fake.put(read, &serde_json::from_value(snapshot).unwrap());
    let restore = Restore::new("6a6f78e0cab84da5c4476b25", "Cluster0");
    let job = client.flex_restore_jobs().create_flex_restore_job(&group, "Flex0", restore).await.expect("a restore");
    let job = serde_json::to_value(job).unwrap();
    assert_eq!(job["deliveryType"], "RESTORE", "{job}");
    assert_eq!((job["instanceName"].as_str(), job["projectId"].as_str()), (Some("Flex0"), Some(group.as_str())));
    assert_eq!(job["targetProjectId"].as_str(), Some(group.as_str()), "the target is the same project unless sent");
    let at = |field: &str| chrono::DateTime::parse_from_rfc3339(job[field].as_str().unwrap_or_default()).expect(field);
    assert_eq!((at("expirationDate") - at("restoreScheduledDate")).num_hours(), 6, "it expires six hours on");
}

#[tokio::test]
async fn a_sharded_cluster_answers_empty_private_endpoint_strings() {
    use atlas_api::types::{
        CloudRegionConfig20240805 as Region, ClusterDescription20240805 as Cluster, ReplicationSpec20240805 as Spec,
    };
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project_with_cluster(&client).await;
    let region = |provider: &str, name: &str| {
        let region: Region = serde_json::from_value(serde_json::json!({"providerName": provider, "regionName": name,
            "priority": 7, "electableSpecs": {"instanceSize": "M30", "nodeCount": 3}}))
        .expect("a region");
        region
    };
    let spec = Spec::new().region_configs(vec![region("AWS", "US_EAST_1")]);
    let sharded = Cluster::new().name("Sharded").cluster_type("SHARDED").replication_specs(vec![spec.clone(), spec]);
    let made = client.clusters().create_cluster(&group, sharded).await.expect("a sharded cluster");
    let strings = serde_json::to_value(made.connection_strings).unwrap();
    assert_eq!(strings, serde_json::json!({"awsPrivateLinkSrv": {}, "privateEndpoint": []}), "AWS only");
    let replica_set = client.clusters().get_cluster(&group, "Cluster0").await.expect("the replica set");
    let strings = serde_json::to_value(replica_set.connection_strings).unwrap();
    assert!(strings.get("privateEndpoint").is_none(), "a replica set answers none: {strings}");
}

#[tokio::test]
#[allow(deprecated)] // createUser 2023-01-01 is sunset in 2027, and still answered
async fn users_services_and_switches_answer_what_atlas_fills_in() {
    use atlas_api::types::{CloudAppUser, CloudProviderEndpointServiceRequest};
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project_with_cluster(&client).await;
    let user = CloudAppUser::new("US", "Ana", "Lima", Vec::new(), "ana@example.com")
        .password("a-Secret-123")
        .mobile_number("2125550100");
    let made = client.mongodb_cloud_users().create_user(user).await.expect("a user");
    assert_eq!(made.email_address.as_deref(), Some("ana@example.com"), "the username is the email address");
    assert_eq!(made.team_ids.as_deref(), Some(&[][..]));
    assert!(made.created_at.is_some());

    let service = CloudProviderEndpointServiceRequest::new("AWS", "eu-west-1");
    let made = client.private_endpoint_services().create_private_endpoint_service(&group, service).await.expect("made");
    let made = serde_json::to_value(made).unwrap();
    assert_eq!(made["regionName"], "EU_WEST_1", "the region sent, as Atlas spells it: {made}");
    assert_eq!(made["interfaceEndpoints"], serde_json::json!([]), "an AWS service has no endpoints yet: {made}");

    let dns = client.aws_clusters_dns().get_aws_custom_dns(&group).await.expect("read");
    assert!(!dns.enabled, "off until turned on");
    let regional = client.private_endpoint_services().get_regional_endpoint_mode(&group).await.expect("read");
    assert!(!regional.enabled, "off until turned on");
}

#[tokio::test]
async fn a_deleted_schedule_keeps_its_policies_without_items_or_a_next_snapshot() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project_with_cluster(&client).await;
    let backups = client.cloud_backups();
    let schedule = backups.get_backup_schedule(&group, "Cluster0").await.expect("a schedule");
    let next = schedule.next_snapshot.expect("a new schedule has its next snapshot, as Atlas's does");
    let now: chrono::DateTime<chrono::Utc> = std::time::SystemTime::now().into();
    assert!(next > now, "the next snapshot is to come: {next}");
    let deleted = backups.delete_cluster_backup_schedule(&group, "Cluster0").await.expect("deleted");
    let deleted = serde_json::to_value(deleted).unwrap();
    assert_eq!(deleted["policies"][0]["policyItems"], serde_json::json!([]), "{deleted}");
    assert!(deleted.get("nextSnapshot").is_none(), "no items, no next snapshot: {deleted}");
    let read = backups.get_backup_schedule(&group, "Cluster0").await.expect("the schedule stays");
    let read = serde_json::to_value(read).unwrap();
    assert_eq!(read["policies"][0]["id"], deleted["policies"][0]["id"], "its policy stays, with its id");
    assert_eq!(read["policies"][0]["policyItems"], serde_json::json!([]), "and stays empty: {read}");
    assert!(read.get("nextSnapshot").is_none(), "{read}");
    assert_eq!(read["restoreWindowDays"], 7, "the rest stays");
}

#[tokio::test]
async fn a_search_deployment_s_specs_in_effect_follow_a_change() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project_with_cluster(&client).await;
    let search = client.atlas_search();
    let specs = vec![SearchSpec::new("S30_LOWCPU_NVME").node_count(2)];
    let made = search.create_cluster_search_deployment(&group, "Cluster0", SearchDeployment::new(specs)).await;
    let made = serde_json::to_value(made.expect("a deployment")).unwrap();
    assert_eq!(made["effectiveSpecs"][0]["instanceSize"], "S30_LOWCPU_NVME", "{made}");
    assert_eq!(made["encryptionAtRestProvider"], "NONE");
    let specs = vec![SearchSpec::new("S20_HIGHCPU_NVME").node_count(3)];
    let changed = search.update_cluster_search_deployment(&group, "Cluster0", SearchDeployment::new(specs)).await;
    let changed = serde_json::to_value(changed.expect("changed")).unwrap();
    let effective = &changed["effectiveSpecs"];
    assert_eq!(
        (effective[0]["instanceSize"].as_str(), effective[0]["nodeCount"].as_i64()),
        (Some("S20_HIGHCPU_NVME"), Some(3))
    );
    assert_eq!(effective[0]["regionName"], made["effectiveSpecs"][0]["regionName"], "where they were: {changed}");
}

#[tokio::test]
#[allow(deprecated)] // updateCluster 2023-02-01 is sunset in 2027, and still answered
async fn an_older_version_s_change_of_a_newer_cluster_is_taken_as_atlas_takes_it() {
    use atlas_api::types::{AdvancedClusterDescription as Old, ClusterDescription20240805 as Cluster};
    use serde_json::json;
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project_with_cluster(&client).await;
    let shard = json!({"zoneName": "Z", "regionConfigs": [{"providerName": "AWS", "regionName": "US_EAST_1",
        "priority": 7, "electableSpecs": {"instanceSize": "M30", "nodeCount": 3}}]});
    let sharded = json!({"name": "Sharded", "clusterType": "SHARDED", "replicationSpecs": [shard, shard]});
    let clusters = client.clusters();
    clusters.create_cluster(&group, serde_json::from_value::<Cluster>(sharded).unwrap()).await.expect("made");
    let held = serde_json::to_value(clusters.get_cluster(&group, "Sharded").await.unwrap()).unwrap();
    // The capture symmetricShardedOldSchemaDiskSizeGBAtElectableLevel (2025-02): a 2023-02-01
    // PATCH of the disk and a third shard is answered 200, in that version's shape.
    let change = json!({"diskSizeGB": 55, "replicationSpecs": [{"numShards": 3, "zoneName": "Z", "regionConfigs": [
        {"providerName": "AWS", "regionName": "US_EAST_1", "priority": 7, "electableSpecs": {"instanceSize": "M30", "nodeCount": 3}}]}]});
    let answered = clusters
        .update_cluster_v2023_02_01(&group, "Sharded", serde_json::from_value::<Old>(change).unwrap())
        .await
        .expect("taken");
    let answered = serde_json::to_value(answered).unwrap();
    assert_eq!((&answered["replicationSpecs"][0]["numShards"], &answered["diskSizeGB"]), (&json!(3), &json!(55.0)));
    let now = serde_json::to_value(clusters.get_cluster(&group, "Sharded").await.unwrap()).unwrap();
    let shards = now["replicationSpecs"].as_array().unwrap();
    assert_eq!(shards.len(), 3, "{now}");
    assert_eq!(shards[0]["id"], held["replicationSpecs"][0]["id"], "a shard it had keeps its id");
    assert_eq!(shards[2]["regionConfigs"][0]["electableSpecs"]["diskSizeGB"], 55.0);
}

#[tokio::test]
#[allow(deprecated)] // getCluster 2023-02-01 is sunset in 2027, and still answered
async fn the_reads_an_upgrade_passes_through_answer_each_version_s_shape_and_end_with_it() {
    use atlas_api::types::{Group, LegacyAtlasTenantClusterUpgradeRequest as Upgrade};
    use serde_json::{json, to_value};
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = client.projects().create_group(Group::new("Tier", FakeAtlas::ORG_ID)).await.unwrap().id.unwrap();
    let clusters = client.clusters();
    clusters.create_cluster(&group, common::shared_tier_cluster("free")).await.unwrap();
    let upgrade = json!({"name": "free", "providerSettings": {"providerName": "AWS", "regionName": "US_EAST_1", "instanceSizeName": "M10"}});
    clusters
        .upgrade_tenant_upgrade(&group, serde_json::from_value::<Upgrade>(upgrade).unwrap())
        .await
        .expect("upgraded");
    // An older version's read of the cluster on its way answers that version's shape.
    let old = to_value(clusters.get_cluster_v2023_02_01(&group, "free").await.expect("read")).unwrap();
    assert_eq!((&old["replicationSpecs"][0]["numShards"], &old["stateName"]), (&json!(1), &json!("UPDATING")), "{old}");
    // Bringing everything to its end ends the passage too.
    fake.advance();
    let now = to_value(clusters.get_cluster(&group, "free").await.expect("read")).unwrap();
    let region = &now["replicationSpecs"][0]["regionConfigs"][0];
    assert_eq!((&now["stateName"], &region["providerName"]), (&json!("IDLE"), &json!("AWS")), "{now}");
}
