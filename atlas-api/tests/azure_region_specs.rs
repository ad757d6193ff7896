//! A region config decodes its hardware specs as its own provider's member: what Atlas sends
//! there beyond the spec's member must not be lost. Real Azure cluster answers carry
//! `diskThroughput` in every hardware spec (the spec documents it on the AWS member only;
//! `spec/overrides.toml` adds it to the Azure members): it decodes, and a value encoded again
//! (a read-modify-write, a cache) keeps it.
#![cfg(feature = "clusters")]

use atlas_api::types::{
    AdvancedClusterDescription, CloudRegionConfig, CloudRegionConfig20240805, ClusterDescription20240805,
};
use serde_json::{json, Value};

const SPECS: [&str; 6] = [
    "electableSpecs",
    "analyticsSpecs",
    "readOnlySpecs",
    "effectiveElectableSpecs",
    "effectiveAnalyticsSpecs",
    "effectiveReadOnlySpecs",
];

/// An Azure cluster as getGroupCluster answers it, with `specs` in its one region config.
fn azure_cluster(specs: &[&str]) -> Value {
    let hardware =
        json!({"diskIOPS": 500, "diskSizeGB": 32.0, "diskThroughput": 125, "instanceSize": "M10", "nodeCount": 3});
    let mut region = json!({"providerName": "AZURE", "regionName": "US_EAST_2", "priority": 7});
    for spec in specs {
        region[*spec] = hardware.clone();
    }
    json!({
        "name": "AzureCluster",
        "clusterType": "REPLICASET",
        "stateName": "IDLE",
        "replicationSpecs": [{"id": "5f1b0d6e2a1b3c4d5e6f7a8b", "zoneName": "Zone 1", "regionConfigs": [region]}]
    })
}

#[test]
fn an_azure_region_keeps_disk_throughput_in_every_hardware_spec_2024_08_05() {
    let answer = azure_cluster(&SPECS);
    let cluster: ClusterDescription20240805 = serde_json::from_value(answer.clone()).expect("decodes");
    let region = &cluster.replication_specs.as_ref().unwrap()[0].region_configs.as_ref().unwrap()[0];
    let CloudRegionConfig20240805::Azure(azure) = region else { panic!("an Azure region config, got {region:?}") };
    for specs in [
        &azure.electable_specs,
        &azure.analytics_specs,
        &azure.read_only_specs,
        &azure.effective_electable_specs,
        &azure.effective_analytics_specs,
        &azure.effective_read_only_specs,
    ] {
        assert_eq!(specs.as_ref().and_then(|s| s.disk_throughput), Some(125), "{specs:?}");
    }
    let again = serde_json::to_value(&cluster).expect("encodes");
    for spec in SPECS {
        let sent = &again["replicationSpecs"][0]["regionConfigs"][0][spec];
        assert_eq!(sent["diskThroughput"], 125, "{spec}: {sent}");
    }
}

#[test]
fn an_azure_region_keeps_disk_throughput_2023_02_01() {
    let answer = azure_cluster(&SPECS[..3]);
    let cluster: AdvancedClusterDescription = serde_json::from_value(answer).expect("decodes");
    let region = &cluster.replication_specs.as_ref().unwrap()[0].region_configs.as_ref().unwrap()[0];
    let CloudRegionConfig::Azure(azure) = region else { panic!("an Azure region config, got {region:?}") };
    for specs in [&azure.electable_specs, &azure.analytics_specs, &azure.read_only_specs] {
        assert_eq!(specs.as_ref().and_then(|s| s.disk_throughput), Some(125), "{specs:?}");
    }
    let again = serde_json::to_value(&cluster).expect("encodes");
    for spec in &SPECS[..3] {
        assert_eq!(again["replicationSpecs"][0]["regionConfigs"][0][*spec]["diskThroughput"], 125, "{spec}");
    }
}
