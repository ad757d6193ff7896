//! The fake Atlas keeps state: each rule of its module docs, through the generated client.

use std::time::Duration;

use atlas_api::fake::FakeAtlas;
use atlas_api::types::{
    AdvancedClusterDescription, ApiAtlasModifyEndpointServiceRequestView,
    ApiAtlasModifyEndpointServiceRequestViewCloudProvider as ChangedProvider, AwsHardwareSpec20240805,
    AwsHardwareSpec20240805InstanceSize as Size, AwsPrivateLinkConnectionStatus as ServiceStatus,
    AwsRegionConfig20240805, CloudDatabaseUser, CloudDatabaseUserDatabaseName as Database,
    CloudProviderEndpointServiceRequest, CloudProviderEndpointServiceRequestProviderName as Provider,
    ClusterDescription20240805 as Cluster, ClusterDescription20240805StateName as State, DatabaseUserRole,
    DiskBackupOnDemandSnapshotRequest, EndpointService, Group, NetworkPermissionEntry,
    ReplicationSpec20240805 as ReplicationSpec,
};
use atlas_api::{Client, Error};

async fn project(client: &Client, name: &str) -> String {
    let group = client.projects().create_group(Group::new(name, FakeAtlas::ORG_ID)).await.expect("a project");
    group.id.expect("the fake gives a project its id")
}

async fn database_user(client: &Client, group: &str, name: &str) {
    let role = DatabaseUserRole::new("admin", "readWriteAnyDatabase");
    let user = CloudDatabaseUser::new(Database::Admin, group, vec![role], name);
    client.database_users().create_database_user(group, user).await.expect("a database user");
}

/// One zone of three M10 nodes on AWS, as Atlas takes one: a region with its priority and
/// electable nodes.
fn zone(name: &str) -> ReplicationSpec {
    let nodes = AwsHardwareSpec20240805::new().instance_size(Size::M10).node_count(3);
    let region = AwsRegionConfig20240805::new().provider_name("AWS").region_name("US_EAST_1").priority(7);
    ReplicationSpec::new().zone_name(name).region_configs([region.electable_specs(nodes).into()])
}

/// A replica set Atlas takes (it refuses a cluster without a type and a zone's regions).
fn cluster(name: &str) -> Cluster {
    Cluster::new().name(name).cluster_type("REPLICASET").replication_specs([zone("Zone 1")])
}

fn code(error: &Error) -> (Option<u16>, Option<&str>) {
    (error.status().map(|s| s.as_u16()), error.error_code())
}

#[tokio::test]
async fn an_item_is_created_read_merged_and_deleted_and_then_missing() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client, "Shop").await;
    assert_eq!(group.len(), 24, "an id as Atlas writes them: {group}");
    let created = client.clusters().create_cluster(&group, cluster("Cluster0").paused(false)).await.unwrap();
    assert_eq!(created.name.as_deref(), Some("Cluster0"));

    // A PATCH changes what it sends and keeps the rest.
    let patch = Cluster::new().termination_protection_enabled(true);
    client.clusters().update_cluster(&group, "Cluster0", patch).await.unwrap();
    fake.advance();
    let read = client.clusters().get_cluster(&group, "Cluster0").await.unwrap();
    assert_eq!((read.paused, read.termination_protection_enabled), (Some(false), Some(true)));
    let stored = fake.stored(client.clusters().get_cluster(&group, "Cluster0")).expect("held");
    assert_eq!(stored, read, "the typed getter reads what a GET answers");

    client.clusters().delete_cluster(&group, "Cluster0").await.unwrap();
    fake.advance(); // past DELETING
    let gone = client.clusters().get_cluster(&group, "Cluster0").await.unwrap_err();
    assert_eq!(code(&gone), (Some(404), Some("CLUSTER_NOT_FOUND")));
    assert!(fake.stored(client.clusters().get_cluster(&group, "Cluster0")).is_none());
    fake.verify();
}

#[tokio::test]
async fn a_missing_parent_and_a_duplicate_are_refused_with_atlas_s_codes() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let nowhere = "5e2211c1ffffffffffffffff";
    let orphan = client.clusters().create_cluster(nowhere, cluster("c")).await.unwrap_err();
    assert_eq!(code(&orphan), (Some(404), Some("GROUP_NOT_FOUND")));
    let listed = client.clusters().list_clusters(nowhere).await.unwrap_err();
    assert_eq!(code(&listed), (Some(404), Some("GROUP_NOT_FOUND")));

    let group = project(&client, "Shop").await;
    client.clusters().create_cluster(&group, cluster("c")).await.unwrap();
    let again = client.clusters().create_cluster(&group, cluster("c")).await.unwrap_err();
    assert_eq!(code(&again), (Some(409), Some("DUPLICATE_CLUSTER_NAME")));
    // A collection no source gives a code for: the spec's generic one.
    let user = client.database_users().get_database_user(&group, "admin", "nobody").await.unwrap_err();
    assert_eq!(code(&user), (Some(404), Some("RESOURCE_NOT_FOUND")));
}

#[tokio::test]
async fn a_list_pages_over_what_exists() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client, "Shop").await;
    for name in ["a", "b", "c"] {
        client.clusters().create_cluster(&group, cluster(name)).await.unwrap();
    }
    let page = client.clusters().list_clusters(&group).items_per_page(2).page_num(2).await.unwrap();
    let names: Vec<_> = page.results.unwrap_or_default().into_iter().filter_map(|c| c.name).collect();
    assert_eq!((names, page.total_count), (vec!["c".to_owned()], Some(3)));
    let without = client.clusters().list_clusters(&group).include_count(false).await.unwrap();
    assert_eq!(without.total_count, None);
}

#[tokio::test]
async fn an_item_keyed_by_two_parameters_is_found_by_both() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client, "Shop").await;
    database_user(&client, &group, "bob").await;
    let read = client.database_users().get_database_user(&group, "admin", "bob").await.unwrap();
    assert_eq!(read.username, "bob");
    let other = client.database_users().get_database_user(&group, "$external", "bob").await.unwrap_err();
    assert_eq!(code(&other).0, Some(404));
    client.database_users().delete_database_user(&group, "admin", "bob").await.unwrap();
    let listed = client.database_users().list_database_users(&group).await.unwrap();
    assert_eq!(listed.total_count, Some(0));
}

#[tokio::test]
async fn a_version_of_another_shape_is_refused_naming_both() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client, "Shop").await;
    // 2024-10-23 creates a ClusterDescription20240805: get_cluster (2024-08-05) reads that type.
    client.clusters().create_cluster(&group, cluster("new")).await.unwrap();
    assert!(client.clusters().get_cluster(&group, "new").await.is_ok());
    // 2023-02-01 writes an AdvancedClusterDescription: another shape.
    let old = serde_json::json!({"name": "old", "clusterType": "REPLICASET", "replicationSpecs": [{"numShards": 1,
        "regionConfigs": [{"providerName": "AWS", "regionName": "US_EAST_1", "priority": 7,
            "electableSpecs": {"instanceSize": "M10", "nodeCount": 3}}]}]});
    let old = serde_json::from_value::<AdvancedClusterDescription>(old).unwrap();
    #[allow(deprecated)]
    client.clusters().create_cluster_v2023_02_01(&group, old).await.unwrap();
    let refused = client.clusters().get_cluster(&group, "old").await.unwrap_err();
    assert_eq!(code(&refused), (Some(409), Some("FAKE_VERSION_MISMATCH")));
    let detail = refused.to_string();
    assert!(detail.contains("2023-02-01") && detail.contains("2024-08-05"), "{detail}");
}

#[tokio::test]
async fn a_new_cluster_reads_in_the_older_shape_unless_its_shards_differ() {
    use serde_json::json;
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client, "Shop").await;
    let zone = |name: &str, size: &str| {
        json!({"zoneName": name, "regionConfigs": [{"providerName": "AWS", "regionName": "US_EAST_1", "priority": 7,
            "electableSpecs": {"instanceSize": size, "nodeCount": 3}}]})
    };
    let geo =
        json!({"name": "geo", "clusterType": "GEOSHARDED", "replicationSpecs": [zone("Z1", "M10"), zone("Z2", "M10")]});
    client.clusters().create_cluster(&group, serde_json::from_value::<Cluster>(geo).unwrap()).await.unwrap();
    #[allow(deprecated)]
    let old = client.clusters().get_cluster_v2023_02_01(&group, "geo").await.expect("Atlas answers it in that shape");
    let specs = old.replication_specs.unwrap_or_default();
    let shards: Vec<_> = specs.iter().map(|spec| spec.num_shards).collect();
    assert_eq!(shards, [Some(1), Some(1)], "one spec per zone, with its shards");
    assert_eq!(old.disk_size_gb, Some(10.0), "the disk at the top");
    #[allow(deprecated)]
    let listed = client.clusters().list_clusters_v2023_02_01(&group).await.expect("listed in that shape too");
    let listed = listed.results.unwrap_or_default();
    assert_eq!(listed[0].replication_specs.as_ref().map(|specs| specs.len()), Some(2));
    let changed = json!({"replicationSpecs": [zone("Z1", "M10"), zone("Z2", "M20")]});
    client.clusters().update_cluster(&group, "geo", serde_json::from_value::<Cluster>(changed).unwrap()).await.unwrap();
    #[allow(deprecated)]
    let refused = client.clusters().get_cluster_v2023_02_01(&group, "geo").await.unwrap_err();
    assert_eq!(code(&refused), (Some(400), Some("ASYMMETRIC_SHARD_UNSUPPORTED")));
    #[allow(deprecated)]
    let refused = client.clusters().list_clusters_v2023_02_01(&group).await.unwrap_err();
    assert_eq!(code(&refused), (Some(400), Some("ASYMMETRIC_SHARD_UNSUPPORTED")), "a list holding it too");
}

#[tokio::test(start_paused = true)]
async fn an_expectation_answers_before_the_state_and_the_rest_is_the_spec_s_example() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client, "Shop").await;
    client.clusters().create_cluster(&group, cluster("c")).await.unwrap();
    // One 429 on the chosen call, then the state answers the retry.
    fake.expect(client.clusters().get_cluster(&group, "c")).times(1).rate_limited(Duration::from_secs(1));
    let read = client.clusters().get_cluster(&group, "c").await.unwrap();
    assert_eq!(read.name.as_deref(), Some("c"));
    // An action is not modelled: the spec's example answers it.
    assert!(client.clusters().get_cluster_status(&group, "c").await.is_ok());
    fake.verify();
}

#[tokio::test(start_paused = true)]
async fn a_waiter_sees_a_cluster_created_changed_and_deleted_through_its_states() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client, "Shop").await;
    let created = client.clusters().create_cluster(&group, cluster("c")).await.unwrap();
    assert_eq!(created.state_name, Some(State::Creating), "created in the waiter's pending state");
    let idle = client.clusters().wait_until_cluster_idle(&group, "c").await.unwrap();
    assert_eq!(idle.state_name, Some(State::Idle));

    let changed = client.clusters().update_cluster(&group, "c", Cluster::new().paused(true)).await.unwrap();
    assert_eq!(changed.state_name, Some(State::Updating));
    let idle = client.clusters().wait_until_cluster_idle(&group, "c").await.unwrap();
    assert_eq!((idle.state_name, idle.paused), (Some(State::Idle), Some(true)));

    client.clusters().delete_cluster(&group, "c").await.unwrap();
    let deleting = client.clusters().get_cluster(&group, "c").await.unwrap();
    assert_eq!(deleting.state_name, Some(State::Deleting));
    client.clusters().wait_until_cluster_deleted(&group, "c").await.unwrap();
    assert!(fake.stored(client.clusters().get_cluster(&group, "c")).is_none());
    fake.verify();
}

#[tokio::test(start_paused = true)]
async fn a_held_resource_stays_and_a_put_one_reads_as_put() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client, "Shop").await;
    client.clusters().create_cluster(&group, cluster("c")).await.unwrap();
    fake.hold(client.clusters().get_cluster(&group, "c"));
    let wait = client.clusters().wait_until_cluster_idle(&group, "c").max_wait(Duration::from_secs(600)).await;
    assert!(wait.is_err(), "held in CREATING past max_wait");
    assert_eq!(client.clusters().get_cluster(&group, "c").await.unwrap().state_name, Some(State::Creating));

    let repairing = Cluster::new().name("c").state_name(State::Repairing);
    fake.put(client.clusters().get_cluster(&group, "c"), &repairing);
    assert_eq!(client.clusters().get_cluster(&group, "c").await.unwrap(), repairing);
}

#[tokio::test]
async fn the_fake_states_what_it_models() {
    let fake = FakeAtlas::start().await;
    let coverage = fake.coverage();
    let modelled = fake.stateful_operations();
    assert_eq!(coverage.stateful, modelled.len());
    assert_eq!(coverage.stateful + coverage.examples, 598, "every operation version of every tag");
    let ids: Vec<&str> = modelled.iter().map(|(id, _)| *id).collect();
    let missing = |wanted: &[&'static str]| -> Vec<&'static str> {
        wanted.iter().copied().filter(|id| !ids.contains(id)).collect()
    };
    let wanted = [
        ("projects", &["createGroup", "getGroup", "updateGroup", "deleteGroup", "listGroups"][..]),
        (
            "clusters",
            &["createGroupCluster", "getGroupCluster", "updateGroupCluster", "deleteGroupCluster", "listGroupClusters"],
        ),
        (
            "flex clusters",
            &[
                "createGroupFlexCluster",
                "getGroupFlexCluster",
                "updateGroupFlexCluster",
                "deleteGroupFlexCluster",
                "listGroupFlexClusters",
            ],
        ),
        (
            "database users",
            &[
                "createGroupDatabaseUser",
                "getGroupDatabaseUser",
                "updateGroupDatabaseUser",
                "deleteGroupDatabaseUser",
                "listGroupDatabaseUsers",
            ],
        ),
        (
            "custom roles",
            &[
                "createGroupCustomDbRoleRole",
                "getGroupCustomDbRoleRole",
                "updateGroupCustomDbRoleRole",
                "deleteGroupCustomDbRoleRole",
                "listGroupCustomDbRoleRoles",
            ],
        ),
        ("teams", &["createOrgTeam", "getOrgTeam", "deleteOrgTeam", "listOrgTeams"]),
        ("organization events", &["listOrgEvents", "getOrgEvent", "listGroupEvents", "getGroupEvent"]),
        (
            "private endpoint services",
            &[
                "createGroupPrivateEndpointEndpointService",
                "getGroupPrivateEndpointEndpointService",
                "updateGroupPrivateEndpointEndpointService",
                "deleteGroupPrivateEndpointEndpointService",
                "listGroupPrivateEndpointEndpointService",
            ],
        ),
        (
            "IP access lists",
            &[
                "createGroupAccessListEntry",
                "getGroupAccessListEntry",
                "deleteGroupAccessListEntry",
                "listGroupAccessListEntries",
            ],
        ),
        (
            "search indexes",
            &["createGroupClusterSearchIndex", "getGroupClusterSearchIndex", "deleteGroupClusterSearchIndex"],
        ),
        (
            "snapshots",
            &["takeGroupClusterBackupSnapshots", "getGroupClusterBackupSnapshot", "listGroupClusterBackupSnapshots"],
        ),
    ];
    let gaps: Vec<String> = wanted
        .iter()
        .filter_map(|(what, ids)| Some(format!("{what}: {:?}", missing(ids))).filter(|_| !missing(ids).is_empty()))
        .collect();
    assert!(gaps.is_empty(), "not modelled with state: {gaps:?}\nmodelled: {ids:?}");
    // Every version of a cluster's create, read, update, delete and list.
    let cluster_versions =
        modelled.iter().filter(|(id, _)| id.ends_with("GroupCluster") || *id == "listGroupClusters").count();
    // Every version the spec has: create 4, read 3, update 4, delete 2, list 3.
    assert_eq!(cluster_versions, 4 + 3 + 4 + 2 + 3, "{modelled:?}");
    eprintln!(
        "the fake models {} operation versions with state; {} answer the spec's example",
        coverage.stateful, coverage.examples
    );
}

#[tokio::test]
async fn a_collection_atlas_fills_by_itself_is_empty_until_a_test_puts_an_item_there() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client, "Shop").await;
    // Atlas raises alerts itself: no call creates one, and a new project has none.
    let alerts = client.alerts();
    let none = alerts.list_alerts(&group).await.unwrap();
    assert_eq!((none.results.unwrap_or_default().len(), none.total_count), (0, Some(0)), "from the state");
    let missing = alerts.get_alert(&group, "5e2211c1aaaaaaaaaaaaaaaa").await.expect_err("no such alert");
    assert_eq!(missing.status().map(|s| s.as_u16()), Some(404));
    let elsewhere = alerts.list_alerts("5e2211c1bbbbbbbbbbbbbbbb").await.expect_err("no such project");
    assert_eq!(elsewhere.error_code(), Some("GROUP_NOT_FOUND"));

    let alert: atlas_api::types::AlertViewForNdsGroup = serde_json::from_value(
        serde_json::json!({"id": "5e2211c1aaaaaaaaaaaaaaaa", "eventTypeName": "NO_PRIMARY", "status": "OPEN"}),
    )
    .unwrap();
    fake.put(alerts.get_alert(&group, "5e2211c1aaaaaaaaaaaaaaaa"), &alert);
    let listed = alerts.list_alerts(&group).await.unwrap();
    assert_eq!((listed.results, listed.total_count), (Some(vec![alert]), Some(1)));
}

#[tokio::test]
async fn a_delete_that_answers_a_body_gets_one() {
    use atlas_api::types::{
        AwsNetworkPeeringConnectionSettings as AwsPeer, BaseNetworkPeeringConnectionSettings as Peer,
    };
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client, "Shop").await;
    let aws =
        AwsPeer::new("US_EAST_1", "123456789012", "5e2211c1cccccccccccccccc", "10.0.0.0", "vpc-0123456789abcdef0");
    let created = client.network_peering().create_group_peer(&group, Peer::from(aws)).await.unwrap();
    let Peer::Aws(created) = created else { panic!("an AWS peer: {created:?}") };
    let id = created.id.expect("the fake gives the peer its id");
    // deleteGroupPeer answers a RequestAccepted, not nothing.
    client.network_peering().delete_group_peer(&group, &id).await.unwrap();
    fake.advance();
    let gone = client.network_peering().get_group_peer(&group, &id).await.unwrap_err();
    assert_eq!(code(&gone).0, Some(404));
}

#[tokio::test]
async fn a_create_gets_what_the_server_sets() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client, "Shop").await;
    let shards = vec![zone("A"), zone("B")];
    let sent = cluster("Cluster0").cluster_type("SHARDED").replication_specs(shards);
    client.clusters().create_cluster(&group, sent).await.unwrap();
    let read = client.clusters().get_cluster(&group, "Cluster0").await.unwrap();

    // What the table of request fields calls server-set, filled as Atlas fills it.
    assert_eq!(read.group_id.as_deref(), Some(group.as_str()), "the project of the path");
    let id = read.id.clone().expect("an id");
    assert!(id.len() == 24 && id != group, "a fresh id: {id}");
    assert!(read.create_date.is_some(), "a creation date");
    let link = read.links.as_ref().and_then(|links| links.first()).and_then(|link| link.href.clone());
    assert_eq!(link, Some(format!("https://cloud.mongodb.com/api/atlas/v2/groups/{group}/clusters/Cluster0")));
    let specs = read.replication_specs.clone().unwrap_or_default();
    let ids: Vec<_> = specs.iter().map(|spec| spec.id.clone().expect("each shard's id")).collect();
    assert!(ids.len() == 2 && ids[0] != ids[1] && !ids.contains(&id), "{ids:?}");
    // What the caller sent stays as sent.
    let zones: Vec<_> = specs.iter().map(|spec| spec.zone_name.clone()).collect();
    assert_eq!(zones, [Some("A".to_owned()), Some("B".to_owned())]);
    assert_eq!(read.state_name, Some(State::Creating), "the waiter's pending state, not the example's");

    // A change keeps what the server set, and what it adds gets it too (a new shard its id).
    let mut shards = specs;
    shards.push(zone("C"));
    let changed = client.clusters().update_cluster(&group, "Cluster0", Cluster::new().replication_specs(shards));
    let changed = changed.await.unwrap();
    assert_eq!((changed.id, changed.create_date), (Some(id), read.create_date));
    let ids: Vec<_> = changed.replication_specs.unwrap_or_default().into_iter().map(|spec| spec.id).collect();
    assert!(ids[..2].iter().eq(read.replication_specs.unwrap_or_default().iter().map(|s| &s.id)), "{ids:?}");
    assert!(ids[2].as_ref().is_some_and(|new| !ids[..2].contains(&Some(new.clone()))), "{ids:?}");
}

#[tokio::test]
async fn an_access_list_takes_a_list_of_entries_each_named_by_its_address() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client, "Shop").await;
    let access = client.project_ip_access_list();
    let entries = vec![
        NetworkPermissionEntry::new().ip_address("203.0.113.7").comment("office"),
        NetworkPermissionEntry::new().cidr_block("10.0.0.0/16"),
    ];
    let page = access.create_access_list_entry(&group, entries).await.unwrap();
    assert_eq!(page.total_count, Some(2), "the answer is the list as its GET pages it");

    // Each is read by its IP address or CIDR block (sent percent-encoded).
    let office = access.get_access_list_entry(&group, "203.0.113.7").await.unwrap();
    assert_eq!(office.comment.as_deref(), Some("office"));
    let block = access.get_access_list_entry(&group, "10.0.0.0/16").await.unwrap();
    assert_eq!(block.cidr_block.as_deref(), Some("10.0.0.0/16"));

    // A POST of an entry that exists updates it, as Atlas does, rather than adding a second.
    let again = vec![NetworkPermissionEntry::new().ip_address("203.0.113.7").comment("home")];
    let page = access.create_access_list_entry(&group, again).await.unwrap();
    assert_eq!(page.total_count, Some(2));
    let office = access.get_access_list_entry(&group, "203.0.113.7").await.unwrap();
    assert_eq!(office.comment.as_deref(), Some("home"));

    access.delete_access_list_entry(&group, "10.0.0.0/16").await.unwrap();
    let listed = access.list_access_list_entries(&group).await.unwrap();
    let left: Vec<_> = listed.results.unwrap_or_default().into_iter().filter_map(|e| e.ip_address).collect();
    assert_eq!(left, ["203.0.113.7"]);
    let gone = access.get_access_list_entry(&group, "10.0.0.0/16").await.unwrap_err();
    assert_eq!(code(&gone), (Some(404), Some("RESOURCE_NOT_FOUND")));
    let nowhere = access.create_access_list_entry("5e2211c1ffffffffffffffff", vec![]).await.unwrap_err();
    assert_eq!(code(&nowhere), (Some(404), Some("GROUP_NOT_FOUND")));
}

#[tokio::test(start_paused = true)]
async fn a_private_endpoint_service_is_created_where_its_provider_places_it() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client, "Shop").await;
    let services = client.private_endpoint_services();
    let request = CloudProviderEndpointServiceRequest::new(Provider::Aws, "us-east-1");
    let created = services.create_private_endpoint_service(&group, request).await.unwrap();
    // POST …/privateEndpoint/endpointService lands in …/privateEndpoint/AWS/endpointService.
    let EndpointService::Aws(created) = created else { panic!("the provider the body named: {created:?}") };
    let id = created.id.expect("the fake gives the service its id");
    assert_eq!(created.status, Some(ServiceStatus::Initiating), "the waiter's pending state");

    let available = services.wait_until_private_endpoint_service_available(&group, Provider::Aws, &id).await.unwrap();
    assert!(matches!(available, EndpointService::Aws(ref s) if s.status == Some(ServiceStatus::Available)));
    // A change addressed without the provider finds the service where it is.
    let regions = vec!["us-west-2".to_owned()];
    let change = ApiAtlasModifyEndpointServiceRequestView::new(ChangedProvider::Aws).supported_remote_regions(regions);
    services.update_private_endpoint_service(&group, &id, change).await.unwrap();
    let listed = services.list_private_endpoint_service(&group, Provider::Aws).await.unwrap();
    let [EndpointService::Aws(held)] = listed.as_slice() else { panic!("one AWS service: {listed:?}") };
    assert_eq!(held.supported_remote_regions, Some(Some(vec!["us-west-2".to_owned()])));
    assert!(services.list_private_endpoint_service(&group, Provider::Azure).await.unwrap().is_empty());

    services.delete_private_endpoint_service(&group, Provider::Aws, &id).await.unwrap();
    services.wait_until_private_endpoint_service_deleted(&group, Provider::Aws, &id).await.unwrap();
    let gone = services.get_private_endpoint_service(&group, Provider::Aws, &id).await.unwrap_err();
    assert_eq!(code(&gone), (Some(404), Some("RESOURCE_NOT_FOUND")));
}

#[tokio::test]
async fn what_a_workflow_does_is_listed_in_the_events_newest_first() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let before = client.events().list_org_events(FakeAtlas::ORG_ID).await.unwrap();
    assert_eq!(before.total_count, Some(0), "a new organization has no events yet");
    let group = project(&client, "Shop").await;
    database_user(&client, &group, "app").await;
    client.clusters().create_cluster(&group, cluster("c1")).await.unwrap();
    client.clusters().delete_cluster(&group, "c1").await.unwrap();

    // The project's creation, in its organization's events, with its id.
    let org = client.events().list_org_events(FakeAtlas::ORG_ID).await.unwrap().results.unwrap_or_default();
    let created: Vec<_> = org.iter().map(|e| (e.event_type_name(), e.group_id(), e.org_id())).collect();
    assert_eq!(created, [(Some("GROUP_CREATED"), Some(group.as_str()), Some(FakeAtlas::ORG_ID))]);
    // The user and the cluster's deletion, in the project's, newest first.
    let events = client.events().list_group_events(&group).await.unwrap().results.unwrap_or_default();
    let events: Vec<serde_json::Value> = events.iter().map(|e| serde_json::to_value(e).unwrap()).collect();
    let names: Vec<_> = events.iter().map(|e| e["eventTypeName"].as_str()).collect();
    assert_eq!(names, [Some("CLUSTER_DELETE_SUBMITTED"), Some("MONGODB_USER_ADDED")]);
    assert_eq!((&events[0]["clusterName"], &events[1]["dbUserUsername"]), (&"c1".into(), &"app".into()));
    // One event read by its id.
    let id = events[0]["id"].as_str().expect("an id");
    let one = serde_json::to_value(client.events().get_group_event(&group, id).await.unwrap()).unwrap();
    assert_eq!(one["eventTypeName"], "CLUSTER_DELETE_SUBMITTED");
}

#[tokio::test(start_paused = true)]
async fn a_project_in_use_is_not_deleted_and_what_was_under_a_deleted_one_goes_with_it() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client, "Shop").await;
    database_user(&client, &group, "bob").await;
    client.clusters().create_cluster(&group, cluster("c1")).await.unwrap();

    // Atlas refuses while a cluster is there, even one on its way out.
    let refused = client.projects().delete_group(&group).await.unwrap_err();
    assert_eq!(code(&refused), (Some(409), Some("CANNOT_CLOSE_GROUP_ACTIVE_ATLAS_CLUSTERS")));
    client.clusters().delete_cluster(&group, "c1").await.unwrap();
    let deleting = client.projects().delete_group(&group).await.unwrap_err();
    assert_eq!(code(&deleting), (Some(409), Some("CANNOT_CLOSE_GROUP_ACTIVE_ATLAS_CLUSTERS")));
    client.clusters().wait_until_cluster_deleted(&group, "c1").await.unwrap();

    client.projects().delete_group(&group).await.unwrap();
    let user = client.database_users().get_database_user(&group, "admin", "bob");
    assert!(fake.stored(user).is_none(), "the project's users went with it");
}

#[tokio::test(start_paused = true)]
async fn a_deleted_cluster_s_snapshots_go_with_it_unless_it_retains_them() {
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client, "Shop").await;
    let backups = client.cloud_backups();
    let mut taken = Vec::new();
    for (name, retain) in [("kept", true), ("dropped", false)] {
        client.clusters().create_cluster(&group, cluster(name)).await.unwrap();
        let request = DiskBackupOnDemandSnapshotRequest::new().description("nightly");
        let snapshot = backups.take_snapshots(&group, name, request).await.unwrap();
        taken.push((name, snapshot.id().expect("an id").to_owned()));
        client.clusters().delete_cluster(&group, name).retain_backups(retain).await.unwrap();
    }
    fake.advance(); // both clusters gone
    let [(kept, kept_id), (dropped, dropped_id)] = taken.as_slice() else { unreachable!() };
    assert!(fake.stored(backups.get_cluster_backup_snapshot(&group, *kept, kept_id)).is_some());
    assert!(fake.stored(backups.get_cluster_backup_snapshot(&group, *dropped, dropped_id)).is_none());
}

#[tokio::test(start_paused = true)]
async fn each_kind_of_peering_goes_through_its_own_waiter_s_states() {
    use atlas_api::types::{
        AwsNetworkPeeringConnectionSettings as AwsPeer, AzureNetworkPeeringConnectionSettings as AzurePeer,
        BaseNetworkPeeringConnectionSettings as Peer,
    };
    let fake = FakeAtlas::start().await;
    let client = fake.client();
    let group = project(&client, "Shop").await;
    let peering = client.network_peering();
    let raw = |peer: &Peer| serde_json::to_value(peer).unwrap();
    let states = |peer: &serde_json::Value| (peer.get("statusName").cloned(), peer.get("status").cloned());
    let (some, none) = (|s: &str| Some(serde_json::Value::from(s)), None);

    // An AWS peering reads `statusName` (its waiter's field), never an Azure peering's `status`.
    let aws =
        AwsPeer::new("US_EAST_1", "123456789012", "5e2211c1cccccccccccccccc", "10.0.0.0", "vpc-0123456789abcdef0");
    let created = raw(&peering.create_group_peer(&group, Peer::from(aws)).await.unwrap());
    assert_eq!(states(&created), (some("INITIATING"), none.clone()));
    let aws_id = created["id"].as_str().expect("an id").to_owned();
    let available = peering.wait_until_aws_peering_connection_available(&group, &aws_id).await.unwrap();
    assert_eq!(states(&raw(&available)), (some("AVAILABLE"), none.clone()));
    peering.delete_group_peer(&group, &aws_id).await.unwrap();
    let leaving = raw(&peering.get_group_peer(&group, &aws_id).await.unwrap());
    assert_eq!(states(&leaving), (some("TERMINATING"), none.clone()), "the state AWS peerings are deleted through");

    let azure = AzurePeer::new("dir", "sub", "5e2211c1dddddddddddddddd", "rg", "vnet");
    let created = raw(&peering.create_group_peer(&group, Peer::from(azure)).await.unwrap());
    assert_eq!(states(&created), (none.clone(), some("ADDING_PEER")));
    let azure_id = created["id"].as_str().expect("an id").to_owned();
    let available = peering.wait_until_peering_connection_available(&group, &azure_id).await.unwrap();
    assert_eq!(states(&raw(&available)), (none.clone(), some("AVAILABLE")));
    peering.delete_group_peer(&group, &azure_id).await.unwrap();
    let leaving = raw(&peering.get_group_peer(&group, &azure_id).await.unwrap());
    assert_eq!(states(&leaving), (none, some("DELETING")));
}
