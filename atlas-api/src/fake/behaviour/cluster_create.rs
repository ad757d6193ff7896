//! What Atlas requires of a new cluster beyond what the spec marks required, in the order it
//! checks (a user's transcript of `createCluster`, 2026-09, answers to ever fuller bodies):
//! `{}` is a 400 `MISSING_ATTRIBUTE` naming `name`; then `replicationSpecs`; a zone without
//! `regionConfigs`; `clusterType`; a region without `priority`; dedicated `electableSpecs`
//! without `nodeCount`; and a zone without a region of priority 7 is a 400
//! `ATLAS_GENERAL_ERROR`. None of the 67 creates Atlas took in the Terraform provider's
//! captures (2024-08-05 and 2024-10-23) lacks any of them; a shared-tier region's
//! `electableSpecs` carry no `nodeCount` there.

use serde_json::{Map, Value};

use crate::mock::answer::AtlasError;

/// The highest priority, which one region of every zone has.
const HIGHEST_PRIORITY: u64 = 7;

/// Whether Atlas refuses to create the cluster `fields`, and how.
pub(super) fn refused(fields: &Map<String, Value>) -> Result<(), AtlasError> {
    if absent(fields.get("name")) {
        return missing("name");
    }
    // No zone at all is taken as none sent: a cluster is its zones' nodes.
    let Some(zones) = fields.get("replicationSpecs").and_then(Value::as_array).filter(|zones| !zones.is_empty()) else {
        return missing("replicationSpecs");
    };
    if zones.iter().any(|zone| regions_of(zone).is_none()) {
        return missing("regionConfigs");
    }
    if absent(fields.get("clusterType")) {
        return missing("clusterType");
    }
    let regions = || zones.iter().filter_map(regions_of).flatten();
    if regions().any(|region| absent(region.get("priority"))) {
        return missing("priority");
    }
    let dedicated = regions().filter(|region| region.get("providerName").and_then(Value::as_str) != Some("TENANT"));
    if dedicated.filter_map(|region| region.get("electableSpecs")).any(|specs| absent(specs.get("nodeCount"))) {
        return missing("nodeCount");
    }
    let highest = |zone: &Value| {
        let priorities = regions_of(zone).into_iter().flatten().filter_map(|region| region.get("priority"));
        priorities.filter_map(Value::as_u64).any(|priority| priority == HIGHEST_PRIORITY)
    };
    if !zones.iter().all(highest) {
        let detail = "Reason: A replication spec must specify a region with priority 7.";
        return Err(AtlasError::bad_request("ATLAS_GENERAL_ERROR").detail(detail));
    }
    Ok(())
}

/// The regions of a zone, if it names them.
fn regions_of(zone: &Value) -> Option<&Vec<Value>> {
    zone.get("regionConfigs").and_then(Value::as_array)
}

/// Whether an attribute is missing: not sent, or `null`.
fn absent(value: Option<&Value>) -> bool {
    value.is_none_or(Value::is_null)
}

/// Atlas's answer to a body without the attribute `name`.
fn missing(name: &str) -> Result<(), AtlasError> {
    let detail = format!("The required attribute {name} was not specified.");
    Err(AtlasError::bad_request("MISSING_ATTRIBUTE").detail(detail).parameters([name]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refusal(body: Value) -> Option<(String, Vec<Value>)> {
        let error = refused(body.as_object().unwrap()).err()?;
        let answer: Value = serde_json::from_slice(&error.body()).unwrap();
        let parameters = answer["parameters"].as_array().cloned().unwrap_or_default();
        Some((error.error_code().to_owned(), parameters))
    }

    /// The transcript's bodies, each answered as Atlas answered it.
    #[test]
    fn each_missing_attribute_is_named_in_atlas_s_order() {
        let code = |body: Value| refusal(body).map(|(code, parameters)| (code, parameters.first().cloned()));
        let named = |name: &str| Some(("MISSING_ATTRIBUTE".to_owned(), Some(json!(name))));
        assert_eq!(code(json!({})), named("name"));
        assert_eq!(code(json!({"name": "c"})), named("replicationSpecs"));
        assert_eq!(code(json!({"name": "c", "replicationSpecs": [{}]})), named("regionConfigs"));
        let region =
            json!({"providerName": "AWS", "regionName": "US_EAST_2", "electableSpecs": {"instanceSize": "M10"}});
        let body = |region: &Value, kind: Option<&str>| {
            let mut body = json!({"name": "c", "replicationSpecs": [{"regionConfigs": [region]}]});
            if let Some(kind) = kind {
                body["clusterType"] = json!(kind);
            }
            body
        };
        assert_eq!(code(body(&region, None)), named("clusterType"));
        assert_eq!(code(body(&region, Some("REPLICASET"))), named("priority"));
        let mut region = region;
        region["priority"] = json!(5);
        assert_eq!(code(body(&region, Some("REPLICASET"))), named("nodeCount"));
        region["electableSpecs"]["nodeCount"] = json!(1);
        assert_eq!(code(body(&region, Some("REPLICASET"))), Some(("ATLAS_GENERAL_ERROR".to_owned(), None)));
        region["priority"] = json!(7);
        assert_eq!(code(body(&region, Some("REPLICASET"))), None, "created");
    }

    #[test]
    fn every_zone_needs_a_region_of_priority_7_and_nulls_count_as_missing() {
        let region = |priority: u64| {
            json!({"providerName": "AWS", "regionName": "US_EAST_1", "priority": priority,
            "electableSpecs": {"instanceSize": "M10", "nodeCount": 3}})
        };
        let zones = |zones: Value| json!({"name": "c", "clusterType": "GEOSHARDED", "replicationSpecs": zones});
        let first = json!({"regionConfigs": [region(7), region(6)]});
        let second = json!({"regionConfigs": [region(6)]});
        let code = |body: Value| refusal(body).map(|(code, _)| code);
        assert_eq!(code(zones(json!([first.clone(), second]))), Some("ATLAS_GENERAL_ERROR".to_owned()));
        assert_eq!(code(zones(json!([first.clone(), first.clone()]))), None);
        assert_eq!(code(zones(json!([]))), Some("MISSING_ATTRIBUTE".to_owned()), "no zone at all");
        let mut null_nodes = first.clone();
        null_nodes["regionConfigs"][0]["electableSpecs"]["nodeCount"] = Value::Null;
        assert_eq!(refusal(zones(json!([null_nodes]))).map(|(_, p)| p), Some(vec![json!("nodeCount")]));
        let mut null_priority = first;
        null_priority["regionConfigs"][1]["priority"] = Value::Null;
        assert_eq!(refusal(zones(json!([null_priority]))).map(|(_, p)| p), Some(vec![json!("priority")]));
    }

    #[test]
    fn a_shared_tier_region_needs_no_node_count() {
        let tenant = json!({"providerName": "TENANT", "backingProviderName": "AWS", "regionName": "US_EAST_1",
            "priority": 7, "electableSpecs": {"instanceSize": "M0"}});
        let body = json!({"name": "c", "clusterType": "REPLICASET", "replicationSpecs": [{"regionConfigs": [tenant]}]});
        assert_eq!(refusal(body), None);
    }
}
