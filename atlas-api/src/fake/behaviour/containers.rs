//! What Atlas makes beside a new item: the network container of a dedicated cluster's AWS
//! region, when the project has none there yet. The Terraform provider's captures list it
//! after the first cluster is created, with the default CIDR block, `provisioned` and a VPC
//! (`{"atlasCidrBlock": "192.168.248.0/21", "providerName": "AWS", "provisioned": true,
//! "regionName": "US_EAST_1", "vpcId": "vpc-…"}`), and an Azure region's likewise. GCP's
//! containers are not made: no capture shows them.

use serde_json::{json, Value};

use super::named::CLUSTERS;

/// An item Atlas makes beside a new one: the collection it goes in (as sent, and its
/// template), the item, and the fields that say one like it is there already.
pub(crate) struct Companion {
    pub(crate) template: &'static str,
    pub(crate) collection: String,
    pub(crate) value: Value,
    pub(crate) same: &'static [&'static str],
}

const CONTAINERS: &str = "/api/atlas/v2/groups/{groupId}/containers";

/// What Atlas makes beside `value`, new in the collection `template`, at `collection` (its
/// path as sent): a container for each provider and region of a dedicated cluster (its id
/// given where it is made: `identified`).
pub(crate) fn companions(template: &str, collection: &str, value: &Value) -> Vec<Companion> {
    if template != CLUSTERS {
        return Vec::new();
    }
    let Some(project) = collection.strip_suffix("/clusters") else { return Vec::new() };
    let specs = value["replicationSpecs"].as_array().cloned().unwrap_or_default();
    let regions = specs.iter().flat_map(|spec| spec["regionConfigs"].as_array().cloned().unwrap_or_default());
    let seed = value["id"].as_str().unwrap_or("000000000000000000000000").to_owned();
    regions
        .filter_map(|region| {
            let name = region["regionName"].as_str()?;
            let (value, same) = match region["providerName"].as_str()? {
                "AWS" => aws(name, &seed),
                "AZURE" => azure(name),
                _ => return None,
            };
            Some(Companion { template: CONTAINERS, collection: format!("{project}/containers"), value, same })
        })
        .collect()
}

/// An AWS region's container: its VPC.
fn aws(region: &str, seed: &str) -> (Value, &'static [&'static str]) {
    let value = json!({
        "atlasCidrBlock": "192.168.248.0/21",
        "providerName": "AWS",
        "provisioned": true,
        "regionName": region,
        "vpcId": format!("vpc-{}", hex_of(seed, region, 17)),
    });
    (value, &["providerName", "regionName"])
}

/// An Azure region's container (the captures of sharded clusters with an Azure region): the
/// project's subscription and a virtual network named for the container (`identified`), its
/// region under `region` rather than `regionName`.
fn azure(region: &str) -> (Value, &'static [&'static str]) {
    let value = json!({
        "atlasCidrBlock": "192.168.248.0/21",
        "azureSubscriptionId": hex_of(region, "subscription", 24),
        "providerName": "AZURE",
        "provisioned": true,
        "region": region,
    });
    (value, &["providerName", "region"])
}

/// A container made with its id: the id, and an Azure one's virtual network named for it
/// (`vnet_<id>_<8 letters>`).
pub(crate) fn identified(made: &mut Value, id: &str) {
    made["id"] = json!(id);
    if made["providerName"] == "AZURE" {
        made["vnetName"] = json!(format!("vnet_{id}_{}", hex_of(id, "vnet", 8)));
    }
}

/// `len` hex digits drawn from two texts, the same for the same texts.
fn hex_of(first: &str, second: &str, len: usize) -> String {
    first
        .bytes()
        .rev()
        .chain(second.bytes())
        .cycle()
        .take(len)
        .map(|b| char::from(b"0123456789abcdef"[usize::from(b % 16)]))
        .collect()
}
