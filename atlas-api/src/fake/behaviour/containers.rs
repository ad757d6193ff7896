//! What Atlas makes beside a new item: the network container of a dedicated cluster's AWS
//! region, when the project has none there yet. The Terraform provider's captures list it
//! after the first cluster is created, with the default CIDR block, `provisioned` and a VPC
//! (`{"atlasCidrBlock": "192.168.248.0/21", "providerName": "AWS", "provisioned": true,
//! "regionName": "US_EAST_1", "vpcId": "vpc-…"}`), and an Azure region's likewise. GCP's
//! containers are not made: no capture shows them.

use serde_json::{json, Value};

/// An item Atlas makes beside a new one: the collection it goes in (as sent, and its
/// template), the item, and the fields that say one like it is there already.
pub(crate) struct Companion {
    pub(crate) template: &'static str,
    pub(crate) collection: String,
    pub(crate) value: Value,
    pub(crate) same: &'static [&'static str],
}

const CLUSTERS: &str = "/api/atlas/v2/groups/{groupId}/clusters";
const CONTAINERS: &str = "/api/atlas/v2/groups/{groupId}/containers";

/// What Atlas makes beside `value`, new in the collection `template`, at `collection` (its
/// path as sent): a container for each provider and region of a dedicated cluster, each with
/// its id from `id`.
pub(crate) fn companions(template: &str, collection: &str, value: &Value, id: &dyn Fn() -> String) -> Vec<Companion> {
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
            let made = match region["providerName"].as_str()? {
                "AWS" => aws(name, &seed, id()),
                "AZURE" => azure(name, &seed, id()),
                _ => return None,
            };
            Some(Companion { template: CONTAINERS, collection: format!("{project}/containers"), ..made })
        })
        .collect()
}

/// An AWS region's container: its VPC.
fn aws(region: &str, seed: &str, id: String) -> Companion {
    Companion {
        template: CONTAINERS,
        collection: String::new(),
        value: json!({
            "atlasCidrBlock": "192.168.248.0/21",
            "id": id,
            "providerName": "AWS",
            "provisioned": true,
            "regionName": region,
            "vpcId": format!("vpc-{}", hex_of(seed, region, 17)),
        }),
        same: &["providerName", "regionName"],
    }
}

/// An Azure region's container (the captures of sharded clusters with an Azure region): the
/// project's subscription and a virtual network named for the container, its region under
/// `region` rather than `regionName`.
fn azure(region: &str, seed: &str, id: String) -> Companion {
    let vnet = format!("vnet_{id}_{}", hex_of(seed, region, 8));
    Companion {
        template: CONTAINERS,
        collection: String::new(),
        value: json!({
            "atlasCidrBlock": "192.168.248.0/21",
            "azureSubscriptionId": hex_of(region, seed, 24),
            "id": id,
            "providerName": "AZURE",
            "provisioned": true,
            "region": region,
            "vnetName": vnet,
        }),
        same: &["providerName", "region"],
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
