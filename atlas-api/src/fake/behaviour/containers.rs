//! What Atlas makes beside a new item: the network container of a dedicated cluster's AWS
//! region, when the project has none there yet. The Terraform provider's captures list it
//! after the first cluster is created, with the default CIDR block, `provisioned` and a VPC
//! (`{"atlasCidrBlock": "192.168.248.0/21", "providerName": "AWS", "provisioned": true,
//! "regionName": "US_EAST_1", "vpcId": "vpc-…"}`). Azure's and GCP's containers are not made:
//! no capture shows them.

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
/// path as sent).
pub(crate) fn companions(template: &str, collection: &str, value: &Value) -> Vec<Companion> {
    if template != CLUSTERS {
        return Vec::new();
    }
    let Some(project) = collection.strip_suffix("/clusters") else { return Vec::new() };
    let specs = value["replicationSpecs"].as_array().cloned().unwrap_or_default();
    let regions = specs.iter().flat_map(|spec| spec["regionConfigs"].as_array().cloned().unwrap_or_default());
    let aws = regions.filter(|region| region["providerName"] == "AWS");
    let id = value["id"].as_str().unwrap_or("000000000000000000000000");
    aws.filter_map(|region| {
        let name = region["regionName"].as_str()?;
        let vpc: String = id
            .bytes()
            .rev()
            .chain(name.bytes())
            .take(17)
            .map(|b| char::from(b"0123456789abcdef"[usize::from(b % 16)]))
            .collect();
        Some(Companion {
            template: CONTAINERS,
            collection: format!("{project}/containers"),
            value: json!({
                "atlasCidrBlock": "192.168.248.0/21",
                "providerName": "AWS",
                "provisioned": true,
                "regionName": name,
                "vpcId": format!("vpc-{vpc}"),
            }),
            same: &["providerName", "regionName"],
        })
    })
    .collect()
}
