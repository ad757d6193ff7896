//! A cluster read through the version before the one that wrote it: Atlas answers a cluster
//! created with `2024-10-23` to a `2023-02-01` read, in that version's shape, unless its
//! shards differ (the Terraform provider's capture `removeBlocksFromConfig`: a geo-sharded
//! cluster of two one-shard zones of M10 reads back with `diskSizeGB` at the top and each
//! zone's `numShards`, without `featureCompatibilityVersion`; once one zone is M20 the read is
//! a 400 `ASYMMETRIC_SHARD_UNSUPPORTED`).
//!
//! Only the shape changes here; what the older type does not hold (the effective specs, each
//! spec's disk size) the answer's shaping takes out.

use serde_json::{json, Value};

use super::named::CLUSTERS;
use crate::mock::answer::AtlasError;

/// The item `value` of the collection `collection` (its template), written by a version of
/// `written`, as a read of `version` answers it: `None` when Atlas has no such reading (the
/// fake then refuses the read as before). Only a cluster in the shape `2024-08-05` and later
/// write is read in the shape of `2023-02-01`.
pub(crate) fn read_as(
    collection: &str,
    value: &Value,
    written: &str,
    version: &str,
) -> Option<Result<Value, AtlasError>> {
    older_shape(collection, written, version).then(|| shards_per_zone(value))
}

/// Whether `version` works on items of `collection` (its template) that a version of `written`
/// wrote in another shape: a cluster of `2024-08-05` and later, read or changed in the shape
/// of `2023-02-01`.
fn older_shape(collection: &str, written: &str, version: &str) -> bool {
    collection == CLUSTERS && written >= NEWER_SHAPE && version == "2023-02-01"
}

/// The first version whose cluster has the newer shape (each shard its own spec).
pub(super) const NEWER_SHAPE: &str = "2024-08-05";

/// A change `sent` in the shape of `version` of the item `held` of the collection `collection`
/// (its template), written by a version of `written`, in the shape the item is held in:
/// `None` when Atlas takes no such change (the fake then refuses it as before). Atlas takes a
/// `2023-02-01` change of a cluster a newer version wrote (the Terraform provider's capture
/// `symmetricShardedOldSchemaDiskSizeGBAtElectableLevel`, 2025-02-13: a PATCH of `diskSizeGB`
/// and `numShards: 2` answered 200), unless its shards differ, as a read is refused then.
pub(crate) fn write_as(
    collection: &str,
    sent: &Value,
    held: &Value,
    written: &str,
    version: &str,
) -> Option<Result<Value, AtlasError>> {
    older_shape(collection, written, version).then(|| shards_apart(sent, held))
}

/// Each zone's spec of `sent` as that many shards (keeping the ids of the shards `held` has in
/// the zone, in order), and a disk size sent at the top in each region's hardware specs.
fn shards_apart(sent: &Value, held: &Value) -> Result<Value, AtlasError> {
    shards_per_zone(held)?;
    let Value::Object(mut change) = sent.clone() else { return Ok(sent.clone()) };
    let disk = change.remove("diskSizeGB");
    let zones = match change.remove("replicationSpecs") {
        Some(Value::Array(zones)) => zones,
        _ if disk.is_some() => held.get("replicationSpecs").and_then(Value::as_array).cloned().unwrap_or_default(),
        _ => return Ok(Value::Object(change)),
    };
    let count = |zone: &Value| zone.get("numShards").and_then(Value::as_u64).unwrap_or(1);
    if zones.iter().map(count).sum::<u64>() > MOST_SHARDS {
        return Err(too_many_shards());
    }
    let held_specs = held.get("replicationSpecs").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut shards = Vec::new();
    for zone in zones {
        let count = count(&zone);
        let ids = held_specs.iter().filter(|spec| spec.get("zoneName") == zone.get("zoneName"));
        let mut ids = ids.filter_map(|spec| spec.get("id").cloned());
        for _ in 0..count {
            let mut shard = zone.clone();
            if let Value::Object(fields) = &mut shard {
                fields.remove("numShards");
                fields.remove("id");
                if let Some(id) = ids.next() {
                    fields.insert("id".to_owned(), id);
                }
            }
            set_disk(&mut shard, disk.as_ref());
            shards.push(shard);
        }
    }
    change.insert("replicationSpecs".to_owned(), Value::Array(shards));
    Ok(Value::Object(change))
}

/// The most shards the fake makes of one change: Atlas documents no hard limit and asks its
/// users to contact support beyond 70 shards (its service limits), and the spec sets no
/// maximum on `numShards`, so a change naming millions is refused rather than made.
const MOST_SHARDS: u64 = 70;

fn too_many_shards() -> AtlasError {
    AtlasError::bad_request("FAKE_TOO_MANY_SHARDS").detail(format!(
        "The fake makes at most {MOST_SHARDS} shards of a cluster; Atlas asks to contact support beyond."
    ))
}

/// `disk` as the disk size of each hardware spec of the shard's regions.
fn set_disk(shard: &mut Value, disk: Option<&Value>) {
    let Some(disk) = disk else { return };
    let regions = shard.get_mut("regionConfigs").and_then(Value::as_array_mut).into_iter().flatten();
    for region in regions.filter_map(Value::as_object_mut) {
        for (key, specs) in region.iter_mut() {
            if let (true, Value::Object(specs)) = (key.ends_with("Specs"), specs) {
                specs.insert("diskSizeGB".to_owned(), disk.clone());
            }
        }
    }
}

/// One replication spec per zone, with how many shards it has, and the cluster's one disk
/// size at the top.
fn shards_per_zone(value: &Value) -> Result<Value, AtlasError> {
    let mut cluster = value.clone();
    let specs: Vec<Value> = value.get("replicationSpecs").and_then(Value::as_array).cloned().unwrap_or_default();
    if hardware(&specs).len() > 1 {
        return Err(asymmetric());
    }
    let mut zones: Vec<(Value, Vec<Value>)> = Vec::new();
    for spec in specs {
        let zone = spec.get("zoneName").cloned().unwrap_or(Value::Null);
        match zones.iter_mut().find(|(name, _)| *name == zone) {
            Some((_, shards)) => shards.push(spec),
            None => zones.push((zone, vec![spec])),
        }
    }
    let mut merged = Vec::new();
    for (_, shards) in zones {
        if shards.iter().any(|shard| hardware_of(shard) != hardware_of(&shards[0])) {
            return Err(asymmetric());
        }
        let mut first = shards[0].clone();
        first["numShards"] = json!(shards.len());
        merged.push(first);
    }
    let disk = hardware(merged.as_slice()).into_iter().next().and_then(|(_, disk)| disk);
    if let Some(fields) = cluster.as_object_mut() {
        // The capture's 2023-02-01 reads leave it out; its 2024-08-05 reads of the same
        // cluster answer it.
        fields.remove("featureCompatibilityVersion");
        fields.insert("replicationSpecs".to_owned(), Value::Array(merged));
        if let Some(disk) = disk {
            fields.insert("diskSizeGB".to_owned(), disk);
        }
    }
    Ok(cluster)
}

/// The regions of a shard as the older version tells shards apart: not by their disks' IOPS
/// (the Terraform provider's capture `shardedBasic`, 2025-01-08: two shards of M30 whose
/// disks have 2000 and 1000 IOPS read back as `numShards: 2` with the first shard's 2000).
fn hardware_of(shard: &Value) -> Option<Value> {
    let mut regions = shard.get("regionConfigs").cloned()?;
    // Each hardware spec of a region, the effective ones too.
    let specs =
        regions.as_array_mut().into_iter().flatten().filter_map(Value::as_object_mut).flat_map(|r| r.values_mut());
    for specs in specs.filter_map(Value::as_object_mut) {
        specs.remove("diskIOPS");
    }
    Some(regions)
}

/// The distinct electable instance sizes and disk sizes of the specs' regions.
fn hardware(specs: &[Value]) -> Vec<(Value, Option<Value>)> {
    let mut seen: Vec<(Value, Option<Value>)> = Vec::new();
    let regions = specs.iter().filter_map(|spec| spec.get("regionConfigs")?.as_array()).flatten();
    for electable in regions.filter_map(|region| region.get("electableSpecs").and_then(Value::as_object)) {
        let size = electable.get("instanceSize").cloned().unwrap_or(Value::Null);
        let key = (size, electable.get("diskSizeGB").cloned());
        if !seen.contains(&key) {
            seen.push(key);
        }
    }
    seen
}

fn asymmetric() -> AtlasError {
    AtlasError::bad_request("ASYMMETRIC_SHARD_UNSUPPORTED").detail(
        "Asymmetric sharded cluster is not supported by the current API version. Please use the latest API instead.",
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::read_as;

    fn zone(name: &str, size: &str) -> serde_json::Value {
        json!({"id": format!("{name}-{size}"), "zoneName": name, "regionConfigs": [{"providerName": "AWS",
            "regionName": "US_EAST_1", "electableSpecs": {"instanceSize": size, "nodeCount": 3, "diskSizeGB": 10}}]})
    }

    #[test]
    fn shards_that_differ_only_in_their_disks_iops_read_as_one_spec_with_the_first_ones() {
        let shard = |iops: u32| {
            json!({"zoneName": "Z", "regionConfigs": [{"providerName": "AWS", "regionName": "EU_WEST_1",
                "electableSpecs": {"instanceSize": "M30", "nodeCount": 3, "diskIOPS": iops},
                "effectiveElectableSpecs": {"instanceSize": "M30", "nodeCount": 3, "diskIOPS": iops}}]})
        };
        let cluster = json!({"name": "c", "replicationSpecs": [shard(2000), shard(1000)]});
        let old =
            read_as("/api/atlas/v2/groups/{groupId}/clusters", &cluster, "2024-10-23", "2023-02-01").unwrap().unwrap();
        let spec = &old["replicationSpecs"][0];
        assert_eq!(old["replicationSpecs"].as_array().unwrap().len(), 1);
        assert_eq!(
            (&spec["numShards"], &spec["regionConfigs"][0]["electableSpecs"]["diskIOPS"]),
            (&json!(2), &json!(2000))
        );
        let mut sized = cluster.clone();
        sized["replicationSpecs"][1]["regionConfigs"][0]["electableSpecs"]["instanceSize"] = json!("M40");
        let refused = read_as("/api/atlas/v2/groups/{groupId}/clusters", &sized, "2024-10-23", "2023-02-01").unwrap();
        assert!(refused.is_err(), "another instance size is still asymmetric");
    }

    #[test]
    fn an_older_change_of_a_newer_cluster_is_held_as_that_many_shards_with_the_disk_in_each() {
        use super::write_as;
        let clusters = "/api/atlas/v2/groups/{groupId}/clusters";
        let held = json!({"name": "c", "replicationSpecs": [zone("Z", "M10"), zone("Z", "M10")]});
        let sent = json!({"diskSizeGB": 55, "replicationSpecs": [{"numShards": 3, "zoneName": "Z", "regionConfigs": [
            {"providerName": "AWS", "regionName": "US_EAST_1", "electableSpecs": {"instanceSize": "M10", "nodeCount": 3}}]}]});
        let change = write_as(clusters, &sent, &held, "2024-10-23", "2023-02-01").unwrap().unwrap();
        let shards = change["replicationSpecs"].as_array().unwrap();
        assert_eq!(shards.len(), 3);
        assert_eq!((&shards[0]["id"], &shards[1]["id"], shards[2].get("id")), (&json!("Z-M10"), &json!("Z-M10"), None));
        assert_eq!(shards[2]["regionConfigs"][0]["electableSpecs"]["diskSizeGB"], 55);
        assert!(change.get("diskSizeGB").is_none() && shards[0].get("numShards").is_none(), "{change}");
        let disk_only =
            write_as(clusters, &json!({"diskSizeGB": 40}), &held, "2024-10-23", "2023-02-01").unwrap().unwrap();
        assert_eq!(disk_only["replicationSpecs"][1]["regionConfigs"][0]["electableSpecs"]["diskSizeGB"], 40);
        let asymmetric = json!({"name": "c", "replicationSpecs": [zone("Z", "M10"), zone("Z", "M20")]});
        assert!(write_as(clusters, &sent, &asymmetric, "2024-10-23", "2023-02-01").unwrap().is_err());
        assert!(write_as(clusters, &sent, &held, "2023-02-01", "2023-02-01").is_none(), "its own version's change");
        let mut huge = sent.clone();
        huge["replicationSpecs"][0]["numShards"] = json!(u32::MAX);
        let refused = write_as(clusters, &huge, &held, "2024-10-23", "2023-02-01").unwrap().unwrap_err();
        assert_eq!((refused.status(), refused.error_code()), (400, "FAKE_TOO_MANY_SHARDS"));
    }

    #[test]
    fn a_symmetric_cluster_reads_as_one_spec_per_zone_with_its_shards() {
        let cluster =
            json!({"name": "c", "replicationSpecs": [zone("Z1", "M10"), zone("Z1", "M10"), zone("Z2", "M10")]});
        let old =
            read_as("/api/atlas/v2/groups/{groupId}/clusters", &cluster, "2024-10-23", "2023-02-01").unwrap().unwrap();
        assert_eq!(old["replicationSpecs"].as_array().unwrap().len(), 2);
        assert_eq!(
            (&old["replicationSpecs"][0]["numShards"], &old["replicationSpecs"][1]["numShards"]),
            (&json!(2), &json!(1))
        );
        assert_eq!(old["diskSizeGB"], 10);
        assert!(old.get("featureCompatibilityVersion").is_none());
        assert!(read_as("/api/atlas/v2/groups/{groupId}/clusters", &cluster, "2024-10-23", "2024-08-05").is_none());
        assert!(read_as("/api/atlas/v2/groups/{groupId}/clusters", &cluster, "2023-01-01", "2023-02-01").is_none());
    }

    #[test]
    fn shards_of_different_sizes_cannot_be_read_in_the_older_shape() {
        let cluster = json!({"name": "c", "replicationSpecs": [zone("Z1", "M10"), zone("Z2", "M20")]});
        let refused = read_as("/api/atlas/v2/groups/{groupId}/clusters", &cluster, "2024-10-23", "2023-02-01")
            .unwrap()
            .unwrap_err();
        assert_eq!((refused.status(), refused.error_code()), (400, "ASYMMETRIC_SHARD_UNSUPPORTED"));
    }
}
