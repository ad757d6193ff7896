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
    if !given(fields, "name") {
        return missing("name");
    }
    let Some(zones) = fields.get("replicationSpecs").and_then(Value::as_array) else {
        return missing("replicationSpecs");
    };
    let regions_of = |zone: &Value| zone.get("regionConfigs").and_then(Value::as_array).cloned();
    if zones.iter().any(|zone| regions_of(zone).is_none()) {
        return missing("regionConfigs");
    }
    if !given(fields, "clusterType") {
        return missing("clusterType");
    }
    let regions = || zones.iter().filter_map(|zone| zone.get("regionConfigs")?.as_array()).flatten();
    if regions().any(|region| region.get("priority").is_none_or(Value::is_null)) {
        return missing("priority");
    }
    let dedicated = regions().filter(|region| region.get("providerName").and_then(Value::as_str) != Some("TENANT"));
    if dedicated.filter_map(|region| region.get("electableSpecs")).any(|specs| specs.get("nodeCount").is_none()) {
        return missing("nodeCount");
    }
    let highest = |zone: &&Value| {
        let regions = zone.get("regionConfigs").and_then(Value::as_array).into_iter().flatten();
        regions.into_iter().any(|region| region.get("priority").and_then(Value::as_u64) == Some(HIGHEST_PRIORITY))
    };
    if !zones.iter().all(|zone| highest(&zone)) {
        let detail = "Reason: A replication spec must specify a region with priority 7.";
        return Err(AtlasError::bad_request("ATLAS_GENERAL_ERROR").detail(detail));
    }
    Ok(())
}

fn given(fields: &Map<String, Value>, name: &str) -> bool {
    fields.get(name).is_some_and(|value| !value.is_null())
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
    fn a_shared_tier_region_needs_no_node_count() {
        let tenant = json!({"providerName": "TENANT", "backingProviderName": "AWS", "regionName": "US_EAST_1",
            "priority": 7, "electableSpecs": {"instanceSize": "M0"}});
        let body = json!({"name": "c", "clusterType": "REPLICASET", "replicationSpecs": [{"regionConfigs": [tenant]}]});
        assert_eq!(refusal(body), None);
    }
}
