//! `upgradeGroupClusterTenantUpgrade`: a shared-tier (`TENANT`) cluster becomes a dedicated one
//! of the instance size, provider and region sent, as the Terraform provider's capture
//! `tenantUpgrade` shows: the call answers the cluster as it was, in the legacy shape
//! (`LegacyAtlasCluster`: `providerSettings`, `replicationSpec` by region, `numShards`); reads
//! then answer a new cluster (a new `id` and `createDate`) that is `UPDATING`, has its TLS
//! settings and dedicated hardware, backs up as `providerBackupEnabled` says, has no
//! connection string nor `useAwsTimeBasedSnapshotCopyForFastInitialSync` until it is ready,
//! no `diskWarmingMode` (none of the capture's 27 reads of it after the upgrade has one), and
//! brings its region's network container. Atlas's first two reads after the call still answer
//! the shared-tier cluster, `UPDATING` and without that snapshot setting: as it was, then
//! without its standard string (the capture's reads 25 and 26, before the dedicated cluster
//! at 27).

use serde_json::{json, Map, Value};

use super::clusters::{self, SNAPSHOT_COPY};
use super::named::{held, missing, param, params, CLUSTERS};
use super::{set_absent, Context};
use crate::fake::lifecycle;
use crate::fake::server_set::now;
use crate::fake::store::{JsonAnswer, Store, StoreRequest};

pub(super) fn upgrade(store: &Store, asked: &StoreRequest<'_>) -> Option<JsonAnswer> {
    let params = params(asked);
    let group = param(&params, "groupId")?;
    let sent: Value = serde_json::from_slice(asked.body).ok()?;
    let name = sent.get("name")?.as_str()?;
    let id = store.fresh_id();
    let mut collections = store.collections();
    let clusters_path = format!("/api/atlas/v2/groups/{group}/clusters");
    let Some(cluster) = held(&mut collections, &clusters_path, name) else {
        return Some(Err(missing("/api/atlas/v2/groups/{groupId}/clusters/{clusterName}", name)));
    };
    let before = legacy(&cluster.value);
    cluster.passing = passing(&cluster.value);
    let Value::Object(fields) = &mut cluster.value else { return None };
    let held_value = Value::Object(fields.clone());
    dedicated(fields, &sent, id, store.fresh_id());
    let id = || store.fresh_id();
    let context = Context::aside(&params, &id);
    clusters::refilled(&held_value, fields, &context);
    let specs = lifecycle::specs(&store.entries, &cluster.path);
    cluster.life = lifecycle::start(&specs, &mut cluster.value, true);
    // A dedicated cluster brings its region's network container (the capture lists it).
    let now_dedicated = cluster.value.clone();
    store.accompany(&store.entries, &mut collections, CLUSTERS, &clusters_path, &now_dedicated);
    Some(Ok((asked.known.operation.status, Some(before))))
}

/// What the reads after the call answer before the dedicated cluster: the shared-tier one,
/// `UPDATING`, as it was and then without its standard string.
fn passing(cluster: &Value) -> Vec<Value> {
    let mut was = cluster.clone();
    was["stateName"] = json!("UPDATING");
    if let Value::Object(fields) = &mut was {
        fields.remove(SNAPSHOT_COPY);
    }
    let mut going = was.clone();
    if let Some(Value::Object(strings)) = going.get_mut("connectionStrings") {
        strings.remove("standard");
    }
    vec![was, going]
}

/// The cluster as a dedicated one: the region and size sent in a new replication spec (`spec`
/// its id), a new id and creation date, the default TLS settings, no connection string yet.
fn dedicated(fields: &mut Map<String, Value>, sent: &Value, id: String, spec: String) {
    let settings = &sent["providerSettings"];
    let region = json!({
        "providerName": settings.get("providerName").cloned().unwrap_or(json!("AWS")),
        "regionName": settings["regionName"],
        "priority": 7,
        "electableSpecs": {"instanceSize": settings["instanceSizeName"], "nodeCount": 3},
    });
    let zone = fields.get("replicationSpecs").and_then(|specs| specs[0].get("zoneName").cloned());
    let zone = zone.unwrap_or(json!("Zone 1"));
    fields.insert("replicationSpecs".to_owned(), json!([{"id": spec, "zoneName": zone, "regionConfigs": [region]}]));
    fields.insert("id".to_owned(), json!(id));
    fields.insert("createDate".to_owned(), now());
    fields.insert("connectionStrings".to_owned(), json!({}));
    fields.remove("diskWarmingMode");
    fields.remove(SNAPSHOT_COPY);
    let backup = sent.get("providerBackupEnabled").and_then(Value::as_bool).unwrap_or(false);
    fields.insert("backupEnabled".to_owned(), json!(backup));
    clusters::tls_defaults(fields);
}

/// A shared-tier cluster in the legacy shape the call answers (the capture): its one region
/// as `providerSettings`, `replicationSpec` and the one zone of `replicationSpecs`, one shard
/// of three nodes, its disk, and its SRV string as `srvAddress`.
fn legacy(cluster: &Value) -> Value {
    let region = &cluster["replicationSpecs"][0]["regionConfigs"][0];
    let electable = &region["electableSpecs"];
    let mut legacy = cluster.clone();
    let Value::Object(fields) = &mut legacy else { return legacy };
    fields.remove("replicationSpecs");
    // The capture's legacy answer has no `featureCompatibilityVersion`, and its hosts as URIs.
    fields.remove("featureCompatibilityVersion");
    if let Some(standard) = cluster["connectionStrings"]["standard"].as_str() {
        let hosts = standard.split_once("/?").map_or(standard, |(hosts, _)| hosts);
        fields.insert("mongoURI".to_owned(), json!(hosts));
        fields.insert("mongoURIWithOptions".to_owned(), json!(standard));
        fields.insert("mongoURIUpdated".to_owned(), cluster.get("createDate").cloned().unwrap_or(Value::Null));
    }
    let size = electable.get("instanceSize").cloned().unwrap_or(Value::Null);
    let mut settings = json!({
        "providerName": region["providerName"],
        "instanceSizeName": size,
        "regionName": region["regionName"],
        "autoScaling": {"compute": {}},
    });
    for (from, to) in
        [("backingProviderName", "backingProviderName"), ("effectiveInstanceSize", "effectiveInstanceSizeName")]
    {
        if let Some(value) = region.get(from).or_else(|| electable.get(from)) {
            settings[to] = value.clone();
        }
    }
    let nodes = electable.get("nodeCount").cloned().unwrap_or(json!(3));
    let placed = json!({"analyticsNodes": 0, "electableNodes": nodes, "priority": 7, "readOnlyNodes": 0});
    let region_name = region["regionName"].as_str().unwrap_or("US_EAST_1").to_owned();
    set_absent(fields, "diskSizeGB", electable.get("diskSizeGB").cloned().unwrap_or(json!(0.5)));
    fields.insert("numShards".to_owned(), json!(1));
    fields.insert("replicationFactor".to_owned(), json!(3));
    fields.insert("providerBackupEnabled".to_owned(), json!(false));
    fields.insert("providerSettings".to_owned(), settings);
    fields.insert("replicationSpec".to_owned(), json!({ region_name.clone(): placed.clone() }));
    let zone = &cluster["replicationSpecs"][0];
    let mut spec = json!({"numShards": 1, "regionsConfig": { region_name: placed }, "zoneName": zone["zoneName"]});
    if let Some(id) = zone.get("id") {
        spec["id"] = id.clone();
    }
    fields.insert("replicationSpecs".to_owned(), json!([spec]));
    if let Some(srv) = cluster["connectionStrings"].get("standardSrv") {
        fields.insert("srvAddress".to_owned(), srv.clone());
    }
    let scaling = json!({"compute": {"enabled": false, "scaleDownEnabled": false}, "diskGBEnabled": false});
    fields.insert("autoScaling".to_owned(), scaling);
    legacy
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{dedicated, legacy};

    fn free() -> serde_json::Value {
        json!({"name": "free", "id": "68dbdba77fa26276b31c91d4", "clusterType": "REPLICASET", "diskWarmingMode": "FULLY_WARMED",
            "useAwsTimeBasedSnapshotCopyForFastInitialSync": false, "connectionStrings": {"standardSrv": "mongodb+srv://free.x.mongodb.net"},
            "replicationSpecs": [{"zoneName": "Zone 1", "regionConfigs": [{"providerName": "TENANT", "backingProviderName": "AWS",
            "regionName": "US_EAST_1", "electableSpecs": {"instanceSize": "M0", "diskSizeGB": 0.5, "effectiveInstanceSize": "M0"}}]}]})
    }

    #[test]
    fn the_call_answers_the_cluster_as_it_was_in_the_legacy_shape() {
        let old = legacy(&free());
        assert_eq!(old["providerSettings"]["providerName"], "TENANT");
        assert_eq!(old["providerSettings"]["effectiveInstanceSizeName"], "M0");
        assert_eq!(old["replicationSpec"]["US_EAST_1"]["electableNodes"], 3);
        let zone = &old["replicationSpecs"][0];
        assert_eq!((&zone["numShards"], &zone["regionsConfig"]["US_EAST_1"]["priority"]), (&json!(1), &json!(7)));
        assert_eq!(old["srvAddress"], "mongodb+srv://free.x.mongodb.net");
    }

    #[test]
    fn the_cluster_becomes_a_dedicated_one_with_a_new_id() {
        let mut cluster = free();
        let sent = json!({"name": "free", "providerBackupEnabled": true,
            "providerSettings": {"providerName": "AWS", "regionName": "US_EAST_1", "instanceSizeName": "M40_NVME"}});
        dedicated(
            cluster.as_object_mut().unwrap(),
            &sent,
            "6a0000000000000000000001".to_owned(),
            "6a0000000000000000000002".to_owned(),
        );
        let region = &cluster["replicationSpecs"][0]["regionConfigs"][0];
        assert_eq!(
            (&region["providerName"], &region["electableSpecs"]["instanceSize"]),
            (&json!("AWS"), &json!("M40_NVME"))
        );
        assert_eq!((&cluster["id"], &cluster["backupEnabled"]), (&json!("6a0000000000000000000001"), &json!(true)));
        assert_eq!(cluster["connectionStrings"], json!({}));
        assert!(cluster.get("diskWarmingMode").is_none(), "{cluster}");
        assert!(cluster.get("useAwsTimeBasedSnapshotCopyForFastInitialSync").is_none(), "{cluster}");
        assert_eq!(cluster["advancedConfiguration"]["tlsCipherConfigMode"], "DEFAULT");
        assert_eq!(cluster["replicationSpecs"][0]["id"], "6a0000000000000000000002");
    }
}
