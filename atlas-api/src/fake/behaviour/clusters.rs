//! A cluster as Atlas answers it (the Terraform provider's captures of `createCluster`,
//! `getCluster` and `updateCluster`, every cluster type, dedicated and shared): what Atlas sets
//! in a new cluster, what it sets again after a change, and what a ready one has.

use serde_json::{json, Map, Value};

use super::{set_absent, Context, Way};
use crate::mock::answer::AtlasError;

/// A new cluster: its MongoDB version ("8.0.14" for major "8.0"), the defaults Atlas fills
/// (`backupEnabled` false, `biConnector`, TLS 1.2 in `advancedConfiguration`, `rootCertType`
/// ISRGROOTX1, ...), a config server for a sharded one, each zone's id and each region's
/// specs. A shared-tier (`TENANT`) cluster has no `advancedConfiguration` and its SRV string
/// from the start; a dedicated one has no connection string until it is ready (`ready`).
pub(super) fn created(fields: &mut Map<String, Value>, context: &Context<'_>) {
    let major = fields.get("mongoDBMajorVersion").and_then(Value::as_str).unwrap_or("8.0").to_owned();
    set_absent(fields, "mongoDBMajorVersion", json!(major));
    set_absent(fields, "mongoDBVersion", json!(format!("{major}.14")));
    // Only in the newer shape: none of the 13 recorded creates and 18 reads of 2023-02-01
    // carry it (nor the provider's legacy 2023-01-01 answers), every recorded 2024-08-05 read
    // (37) and the provider's 2024-10-23 creates do. A cluster no call of a version makes
    // (a tenant upgrade's dedicated one) is read in the newer shape.
    if context.version.is_empty() || context.version >= super::cluster_versions::NEWER_SHAPE {
        set_absent(fields, "featureCompatibilityVersion", json!(major));
    }
    set_absent(fields, "connectionStrings", json!({}));
    set_absent(fields, "clusterType", json!("REPLICASET"));
    let defaults = json!({
        "backupEnabled": false,
        "biConnector": { "enabled": false, "readPreference": "secondary" },
        "diskWarmingMode": "FULLY_WARMED",
        "encryptionAtRestProvider": "NONE",
        "globalClusterSelfManagedSharding": false,
        "internalClusterRole": "NONE",
        "labels": [],
        "paused": false,
        "pitEnabled": false,
        "redactClientLogData": false,
        "rootCertType": "ISRGROOTX1",
        "tags": [],
        "terminationProtectionEnabled": false,
        "versionReleaseSystem": "LTS",
    });
    for (key, value) in defaults.as_object().into_iter().flatten() {
        set_absent(fields, key, value.clone());
    }
    if shared_tier(fields) {
        set_srv(fields);
    } else {
        tls_defaults(fields);
    }
    snapshot_copy(fields);
    if sharded(fields) {
        set_absent(fields, "configServerManagementMode", json!("ATLAS_MANAGED"));
        set_absent(fields, "configServerType", json!("DEDICATED"));
    }
    specs_and_strings(None, fields, context);
}

/// A change of the cluster `held` by `sent`: refused when it turns self-managed sharding on
/// or off, which a global cluster keeps from its creation (the Terraform provider's capture
/// `selfManagedSharding`, 2024-12-12: a PATCH of `globalClusterSelfManagedSharding` from true
/// to false is a 400 `CANNOT_MODIFY_GLOBAL_CLUSTER_MANAGEMENT_SETTING` naming the cluster).
pub(super) fn changed(held: &Value, sent: &Value) -> Result<Option<Way>, AtlasError> {
    const FIELD: &str = "globalClusterSelfManagedSharding";
    let was = held.get(FIELD).and_then(Value::as_bool).unwrap_or(false);
    match sent.get(FIELD).and_then(Value::as_bool) {
        Some(now) if now != was => {
            let name = held.get("name").and_then(Value::as_str).unwrap_or_default();
            let detail =
                format!("The field selfManagedSharding for cluster {name} cannot be modified after deployment.");
            Err(AtlasError::bad_request("CANNOT_MODIFY_GLOBAL_CLUSTER_MANAGEMENT_SETTING")
                .detail(detail)
                .parameters([name]))
        }
        _ => Ok(None),
    }
}

/// The snapshot-copy setting of a replica set.
pub(super) const SNAPSHOT_COPY: &str = "useAwsTimeBasedSnapshotCopyForFastInitialSync";

/// `useAwsTimeBasedSnapshotCopyForFastInitialSync` off, on a replica set: the captures answer
/// it of a replica set (shared-tier ones too) from its creation, never of a sharded cluster;
/// a tenant upgrade takes it away until the dedicated cluster is ready (`tenant_upgrade`).
fn snapshot_copy(fields: &mut Map<String, Value>) {
    if fields.get("clusterType").and_then(Value::as_str) == Some("REPLICASET") {
        set_absent(fields, SNAPSHOT_COPY, json!(false));
    }
}

fn sharded(fields: &Map<String, Value>) -> bool {
    matches!(fields.get("clusterType").and_then(Value::as_str), Some("SHARDED" | "GEOSHARDED"))
}

/// A sharded cluster's private endpoint strings, none yet, from its creation on: an empty
/// `privateEndpoint` list, and an empty `awsPrivateLinkSrv` while every region is on AWS.
/// Every sharded cluster of the Terraform provider's captures (2025-03 to 2025-08, SHARDED
/// and GEOSHARDED) and of the recorded answers (createGroupCluster 39b5f585bdc40db9,
/// getGroupCluster 8f5a2428962116be) answers so; no replica set does. A cluster with an
/// Azure region answers no `awsPrivateLinkSrv`, and loses it when a change adds one
/// (`shardedAddAnalyticsAndAutoScaling`), or gains it when a change leaves only AWS
/// (`symmetricShardedOldSchema`).
fn private_endpoint_strings(fields: &mut Map<String, Value>) {
    if !sharded(fields) {
        return;
    }
    let aws = |region: &Value| region.get("providerName").and_then(Value::as_str) == Some("AWS");
    let only_aws = regions(fields).next().is_some() && regions(fields).all(aws);
    set_absent(fields, "connectionStrings", json!({}));
    let Some(Value::Object(strings)) = fields.get_mut("connectionStrings") else { return };
    set_absent(strings, "privateEndpoint", json!([]));
    if only_aws {
        set_absent(strings, "awsPrivateLinkSrv", json!({}));
    } else if strings.get("awsPrivateLinkSrv") == Some(&json!({})) {
        strings.remove("awsPrivateLinkSrv");
    }
}

/// A dedicated cluster's TLS settings as Atlas starts them: TLS 1.2 and up, the default
/// ciphers (its process arguments share them: `linked`).
pub(super) fn tls_defaults(fields: &mut Map<String, Value>) {
    let tls = json!({
        "customOpensslCipherConfigTls12": [],
        "customOpensslCipherConfigTls13": [],
        "minimumEnabledTlsProtocol": "TLS1_2",
        "tlsCipherConfigMode": "DEFAULT",
    });
    set_absent(fields, "advancedConfiguration", tls);
}

/// A changed cluster: a replication spec the change sent again keeps its zone's id (the same
/// `zoneName`), and each region gets what Atlas sets in a new one (a new shard's disk, an
/// auto-scaling sent as `{"compute": {}}` its `enabled` flags).
pub(super) fn refilled(held: &Value, fields: &mut Map<String, Value>, context: &Context<'_>) {
    specs_and_strings(Some(held), fields, context);
}

/// What follows from the replication specs, of a new cluster or of one changed from `held`:
/// each zone and region, the private endpoint strings, the specs in effect.
fn specs_and_strings(held: Option<&Value>, fields: &mut Map<String, Value>, context: &Context<'_>) {
    zones_and_regions(held, fields, context);
    private_endpoint_strings(fields);
    effective_replication_specs(fields);
}

/// The replication specs in effect, as every recorded getGroupCluster 2024-08-05 answers them
/// (37 answers, in every state; 100f98c9e47ae69e among them): the zones and regions with the
/// hardware each runs on, which is what was asked for once a change is done, and no
/// `effective*Specs` of their own. The specs dated before 2026-02 do not document it, and
/// the provider's captures before then do not carry it.
fn effective_replication_specs(fields: &mut Map<String, Value>) {
    let Some(Value::Array(specs)) = fields.get("replicationSpecs") else { return };
    let mut effective = specs.clone();
    for spec in effective.iter_mut() {
        let regions = spec.get_mut("regionConfigs").and_then(Value::as_array_mut);
        for region in regions.into_iter().flatten().filter_map(Value::as_object_mut) {
            region.retain(|key, _| !key.starts_with("effective"));
        }
    }
    fields.insert("effectiveReplicationSpecs".to_owned(), Value::Array(effective));
}

/// Each replication spec's zone, and each region's specs.
fn zones_and_regions(held: Option<&Value>, fields: &mut Map<String, Value>, context: &Context<'_>) {
    // A spec sent without a zone name is in "Zone 1", as a new one is.
    let first_zone = json!("Zone 1");
    let zone_of = |name: Option<&Value>| {
        let name = name.unwrap_or(&first_zone);
        let specs = held?.get("replicationSpecs")?.as_array()?;
        let same = specs.iter().find(|spec| spec.get("zoneName").unwrap_or(&first_zone) == name)?;
        same.get("zoneId").cloned()
    };
    // A change keeps the disk the cluster has; a new cluster gets its tier's.
    let disk = held.and_then(held_disk).unwrap_or_else(|| disk_size(fields));
    let Some(Value::Array(specs)) = fields.get_mut("replicationSpecs") else { return };
    for spec in specs.iter_mut().filter_map(Value::as_object_mut) {
        let zone = zone_of(spec.get("zoneName")).unwrap_or_else(|| json!((context.id)()));
        set_absent(spec, "zoneId", zone);
        set_absent(spec, "zoneName", json!("Zone 1"));
        let regions = spec.get_mut("regionConfigs").and_then(Value::as_array_mut);
        for region in regions.into_iter().flatten().filter_map(Value::as_object_mut) {
            region_specs(region, &disk);
        }
    }
}

/// The disk size the cluster's first electable nodes have, if they have one.
fn held_disk(cluster: &Value) -> Option<Value> {
    let specs = cluster.get("replicationSpecs")?.as_array()?;
    let region = specs.first()?.get("regionConfigs")?.as_array()?.first()?;
    region.get("electableSpecs")?.get("diskSizeGB").cloned()
}

/// Whether the cluster is on the shared tier (its regions' provider `TENANT`). Such a
/// cluster's work is done at once: the Terraform provider's captures `basicTenant`
/// (2025-01-09) and `tenantUpgrade` (2025-09-30) read an M0 cluster IDLE, with both connection
/// strings, at the first read after its create answered CREATING, and `basicTenant` reads 404
/// right after each DELETE, where a dedicated cluster reads `DELETING` first (`shardedBasic`,
/// the same week).
pub(super) fn shared_tier(fields: &Map<String, Value>) -> bool {
    regions(fields).any(|region| region.get("providerName").and_then(Value::as_str) == Some("TENANT"))
}

fn regions(fields: &Map<String, Value>) -> impl Iterator<Item = &Value> {
    let specs = fields.get("replicationSpecs").and_then(Value::as_array).into_iter().flatten();
    specs.filter_map(|spec| spec.get("regionConfigs")?.as_array()).flatten()
}

/// The disk every node of a new cluster gets when none is asked for: one size for the whole
/// cluster, the smallest its regions' providers give its electable instance size. The
/// captures: an M10 on AWS has 10 GB, an M10 with an Azure region 8 GB on every provider
/// (and its M20 analytics nodes too); an M30 on AWS 40 GB. Larger sizes take Atlas's
/// documented default storage per tier.
fn disk_size(fields: &Map<String, Value>) -> Value {
    let sizes = regions(fields).filter_map(|region| {
        let size = region.get("electableSpecs")?.get("instanceSize")?.as_str()?;
        let provider = region.get("providerName")?.as_str()?;
        Some(default_disk(provider, size))
    });
    sizes.min().map_or(json!(10), |gb| json!(gb))
}

fn default_disk(provider: &str, size: &str) -> u64 {
    match (provider, size) {
        ("AZURE", "M10") => 8,
        (_, "M20") => 20,
        (_, "M30") => 40,
        (_, "M40") => 80,
        (_, "M50") => 160,
        (_, "M60") => 320,
        _ => 10,
    }
}

/// A region's hardware as Atlas answers it: a dedicated region's read-only and analytics
/// nodes (none unless asked), its disk (`disk` GB; on AWS 3000 IOPS, `STANDARD`; on Azure
/// 3500 IOPS and 125 MB/s), its auto-scaling (off unless asked) and the effective copies of
/// each; a shared (`TENANT`) one's 0.5 GB and effective size.
fn region_specs(region: &mut Map<String, Value>, disk: &Value) {
    let provider = region.get("providerName").and_then(Value::as_str).unwrap_or_default().to_owned();
    let Some(Value::Object(electable)) = region.get("electableSpecs").cloned() else { return };
    let size = electable.get("instanceSize").cloned().unwrap_or(json!("M10"));
    if provider == "TENANT" {
        if let Some(Value::Object(specs)) = region.get_mut("electableSpecs") {
            set_absent(specs, "diskSizeGB", json!(0.5));
            set_absent(specs, "effectiveInstanceSize", size);
        }
        return;
    }
    set_absent(region, "readOnlySpecs", json!({ "instanceSize": size, "nodeCount": 0 }));
    set_absent(region, "analyticsSpecs", json!({ "instanceSize": size, "nodeCount": 0 }));
    auto_scaling(region);
    for (kind, effective) in [
        ("electableSpecs", "effectiveElectableSpecs"),
        ("readOnlySpecs", "effectiveReadOnlySpecs"),
        ("analyticsSpecs", "effectiveAnalyticsSpecs"),
    ] {
        let Some(Value::Object(specs)) = region.get_mut(kind) else { continue };
        set_absent(specs, "diskSizeGB", disk.clone());
        set_absent(specs, "nodeCount", json!(if kind == "electableSpecs" { 3 } else { 0 }));
        match provider.as_str() {
            "AWS" => {
                set_absent(specs, "diskIOPS", json!(3000));
                set_absent(specs, "ebsVolumeType", json!("STANDARD"));
            }
            "AZURE" => {
                set_absent(specs, "diskIOPS", json!(3500));
                set_absent(specs, "diskThroughput", json!(125));
            }
            _ => {}
        }
        region.insert(effective.to_owned(), region[kind].clone());
    }
}

/// A region's auto-scaling: off where the request left it out, each of `compute` and `diskGB`
/// with its flags (the captures: a region created without one answers both off; one sent as
/// `{"compute": {}}` answers `enabled` and `scaleDownEnabled` false).
fn auto_scaling(region: &mut Map<String, Value>) {
    set_absent(region, "autoScaling", json!({}));
    let Some(Value::Object(scaling)) = region.get_mut("autoScaling") else { return };
    set_absent(scaling, "compute", json!({}));
    set_absent(scaling, "diskGB", json!({}));
    if let Some(Value::Object(compute)) = scaling.get_mut("compute") {
        set_absent(compute, "enabled", json!(false));
        set_absent(compute, "scaleDownEnabled", json!(false));
    }
    if let Some(Value::Object(disk)) = scaling.get_mut("diskGB") {
        set_absent(disk, "enabled", json!(false));
    }
}

/// A cluster ready: its connection strings, formed from its name as Atlas forms them (the
/// captures: `mongodb+srv://<name>.<6 letters>.mongodb.net`, and the standard string of its
/// three hosts).
pub(super) fn ready(fields: &mut Map<String, Value>) {
    snapshot_copy(fields);
    let (name, domain) = name_and_domain(fields);
    set_srv(fields);
    set_standard(fields, &name, &domain);
}

/// Sets the standard string of the three hosts of the replica set `name` in `domain`, as Atlas
/// forms it (a dedicated cluster's and a flex cluster's alike).
pub(super) fn set_standard(fields: &mut Map<String, Value>, name: &str, domain: &str) {
    let hosts: Vec<String> = (0..3).map(|n| format!("{name}-shard-00-0{n}.{domain}:27017")).collect();
    let standard = format!("mongodb://{}/?ssl=true&authSource=admin&replicaSet=atlas-{name}-shard-0", hosts.join(","));
    if let Some(Value::Object(strings)) = fields.get_mut("connectionStrings") {
        set_absent(strings, "standard", json!(standard));
    }
}

fn set_srv(fields: &mut Map<String, Value>) {
    let (name, domain) = name_and_domain(fields);
    set_absent(fields, "connectionStrings", json!({}));
    if let Some(Value::Object(strings)) = fields.get_mut("connectionStrings") {
        set_absent(strings, "standardSrv", json!(format!("mongodb+srv://{name}.{domain}")));
    }
}

fn name_and_domain(fields: &Map<String, Value>) -> (String, String) {
    let name = fields.get("name").and_then(Value::as_str).unwrap_or("cluster").to_ascii_lowercase();
    let id = fields.get("id").and_then(Value::as_str).unwrap_or("000000");
    (name, format!("{}.mongodb.net", &id[id.len().saturating_sub(6)..]))
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::{created, refilled, Context};

    fn new_cluster(body: Value) -> Value {
        let mut value = body;
        let id = || "5f0000000000000000000001".to_owned();
        let context = Context::aside(&[], &id);
        created(value.as_object_mut().unwrap(), &context);
        value
    }

    #[test]
    fn an_azure_region_sets_every_region_s_disk_and_its_own_throughput() {
        let cluster = new_cluster(
            json!({"name": "c", "clusterType": "SHARDED", "replicationSpecs": [{"regionConfigs": [
                {"providerName": "AWS", "regionName": "EU_WEST_1", "electableSpecs": {"instanceSize": "M10", "nodeCount": 3}},
                {"providerName": "AZURE", "regionName": "US_EAST_2", "electableSpecs": {"instanceSize": "M10", "nodeCount": 2}}
            ]}]}),
        );
        let regions = &cluster["replicationSpecs"][0]["regionConfigs"];
        assert_eq!(regions[0]["electableSpecs"]["diskSizeGB"], 8);
        assert_eq!(regions[0]["electableSpecs"]["ebsVolumeType"], "STANDARD");
        assert_eq!(regions[1]["readOnlySpecs"]["diskIOPS"], 3500);
        assert_eq!(regions[1]["analyticsSpecs"]["diskThroughput"], 125);
        assert_eq!(regions[1]["autoScaling"]["diskGB"]["enabled"], false);
        assert_eq!(cluster["advancedConfiguration"]["customOpensslCipherConfigTls13"], json!([]));
        assert_eq!(cluster["connectionStrings"], json!({"privateEndpoint": []}), "an Azure region: no AWS strings");
    }

    #[test]
    fn a_sharded_cluster_has_empty_private_endpoint_strings_while_a_replica_set_has_none() {
        let aws = json!([{"regionConfigs": [
            {"providerName": "AWS", "regionName": "EU_WEST_1", "electableSpecs": {"instanceSize": "M10"}}]}]);
        let sharded = new_cluster(json!({"name": "s", "clusterType": "GEOSHARDED", "replicationSpecs": aws}));
        assert_eq!(sharded["connectionStrings"], json!({"privateEndpoint": [], "awsPrivateLinkSrv": {}}));
        let replica_set = new_cluster(json!({"name": "r", "replicationSpecs": aws}));
        assert_eq!(replica_set["connectionStrings"], json!({}));
        // A change that adds an Azure region takes the AWS strings away.
        let mut changed = sharded.clone();
        changed["replicationSpecs"][0]["regionConfigs"].as_array_mut().unwrap().push(
            json!({"providerName": "AZURE", "regionName": "US_EAST_2", "electableSpecs": {"instanceSize": "M10"}}),
        );
        let id = || "5f0000000000000000000003".to_owned();
        let context = Context::aside(&[], &id);
        refilled(&sharded, changed.as_object_mut().unwrap(), &context);
        assert_eq!(changed["connectionStrings"], json!({"privateEndpoint": []}));
    }

    #[test]
    fn a_shared_tier_cluster_has_its_srv_string_and_no_advanced_configuration() {
        let cluster = new_cluster(
            json!({"name": "Free", "id": "68dbdba77fa26276b31c91d4", "replicationSpecs": [{"regionConfigs": [
                {"providerName": "TENANT", "backingProviderName": "AWS", "regionName": "US_EAST_1", "electableSpecs": {"instanceSize": "M0"}}
            ]}]}),
        );
        assert!(cluster.get("advancedConfiguration").is_none());
        assert_eq!(cluster["connectionStrings"]["standardSrv"], "mongodb+srv://free.1c91d4.mongodb.net");
        assert_eq!(cluster["replicationSpecs"][0]["regionConfigs"][0]["electableSpecs"]["diskSizeGB"], 0.5);
    }

    #[test]
    fn self_managed_sharding_is_kept_from_the_creation_on() {
        use super::changed;
        let held =
            new_cluster(json!({"name": "geo", "clusterType": "GEOSHARDED", "globalClusterSelfManagedSharding": true}));
        let refused = changed(&held, &json!({"globalClusterSelfManagedSharding": false})).unwrap_err();
        assert_eq!((refused.status(), refused.error_code()), (400, "CANNOT_MODIFY_GLOBAL_CLUSTER_MANAGEMENT_SETTING"));
        assert!(changed(&held, &json!({"globalClusterSelfManagedSharding": true})).is_ok(), "sent as it is");
        assert!(changed(&held, &json!({"paused": true})).is_ok(), "another change");
        let default = new_cluster(json!({"name": "rs"}));
        assert!(changed(&default, &json!({"globalClusterSelfManagedSharding": true})).is_err(), "false from the start");
    }

    #[test]
    fn the_specs_in_effect_are_the_zones_and_regions_without_their_own_effective_specs() {
        let cluster = new_cluster(json!({"name": "c", "replicationSpecs": [{"regionConfigs": [
            {"providerName": "AWS", "regionName": "US_EAST_1", "electableSpecs": {"instanceSize": "M10", "nodeCount": 3}}]}]}));
        let specs = &cluster["replicationSpecs"][0];
        let effective = &cluster["effectiveReplicationSpecs"][0];
        assert!(specs["regionConfigs"][0].get("effectiveElectableSpecs").is_some(), "{cluster}");
        assert!(effective["regionConfigs"][0].get("effectiveElectableSpecs").is_none(), "{cluster}");
        assert_eq!(
            (&effective["id"], &effective["zoneId"], &effective["regionConfigs"][0]["electableSpecs"]),
            (&specs["id"], &specs["zoneId"], &specs["regionConfigs"][0]["electableSpecs"])
        );
    }

    #[test]
    fn a_changed_shard_keeps_its_zone_and_gets_a_disk() {
        let held = new_cluster(json!({"name": "c", "replicationSpecs": [{"zoneName": "Z", "regionConfigs": [
            {"providerName": "AWS", "regionName": "US_EAST_1", "electableSpecs": {"instanceSize": "M30"}}]}]}));
        let mut changed = json!({"name": "c", "replicationSpecs": [{"zoneName": "Z", "regionConfigs": [
            {"providerName": "AWS", "regionName": "US_EAST_1", "autoScaling": {"compute": {}},
             "electableSpecs": {"instanceSize": "M30", "nodeCount": 3}}]}]});
        let id = || "5f0000000000000000000002".to_owned();
        let context = Context::aside(&[], &id);
        refilled(&held, changed.as_object_mut().unwrap(), &context);
        let spec = &changed["replicationSpecs"][0];
        assert_eq!(spec["zoneId"], held["replicationSpecs"][0]["zoneId"]);
        assert_eq!(spec["regionConfigs"][0]["electableSpecs"]["diskSizeGB"], 40);
        let mut unnamed = json!({"name": "c", "replicationSpecs": [{"regionConfigs": [
            {"providerName": "AWS", "regionName": "US_EAST_1", "electableSpecs": {"instanceSize": "M50"}}]}]});
        let first = new_cluster(json!({"name": "c", "replicationSpecs": [{"regionConfigs": [
            {"providerName": "AWS", "regionName": "US_EAST_1", "electableSpecs": {"instanceSize": "M10", "diskSizeGB": 55}}]}]}));
        refilled(&first, unnamed.as_object_mut().unwrap(), &context);
        let spec = &unnamed["replicationSpecs"][0];
        assert_eq!(spec["zoneId"], first["replicationSpecs"][0]["zoneId"], "no zone name is the first zone");
        assert_eq!(spec["regionConfigs"][0]["electableSpecs"]["diskSizeGB"], 55, "the disk the cluster has");
        assert_eq!(spec["regionConfigs"][0]["autoScaling"]["compute"]["enabled"], false);
    }
}
