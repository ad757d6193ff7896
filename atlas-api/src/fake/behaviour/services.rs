//! Items Atlas fills in beyond what was sent, each as a recorded answer shows it: a flex
//! cluster's restore job, an Atlas user, a private endpoint service, a search deployment and a
//! federated database instance.

use serde_json::{json, Map, Value};

use super::super::server_set::{in_hours, now};
use super::{set_absent, Context};

/// A flex cluster's restore job, as `createFlexBackupRestoreJob` answers it (recorded
/// d12a284033ffaa84, feec8c63631dbfb8): delivered as a restore, of the cluster it is under, in
/// its project (the target's too unless sent), scheduled now and expiring six hours later.
pub(super) fn flex_restore_job(fields: &mut Map<String, Value>, context: &Context<'_>) {
    set_absent(fields, "deliveryType", json!("RESTORE"));
    if let Some(project) = context.param("groupId") {
        set_absent(fields, "projectId", json!(project));
        set_absent(fields, "targetProjectId", json!(project));
    }
    if let Some(cluster) = context.param("name") {
        set_absent(fields, "instanceName", json!(cluster));
    }
    set_absent(fields, "restoreScheduledDate", now());
    set_absent(fields, "expirationDate", in_hours(6));
}

/// What a flex restore job sets when it ends.
pub(super) fn flex_restore_finished(fields: &mut Map<String, Value>) {
    set_absent(fields, "restoreFinishedDate", now());
}

/// An Atlas user, as `createUser` answers one (recorded 6e99a86d8301e856): created now, its
/// username (an email address) as its `emailAddress`, in no team and with no roles unless sent.
pub(super) fn atlas_user(fields: &mut Map<String, Value>, _: &Context<'_>) {
    set_absent(fields, "createdAt", now());
    if let Some(username) = fields.get("username").cloned() {
        set_absent(fields, "emailAddress", username);
    }
    set_absent(fields, "teamIds", json!([]));
    set_absent(fields, "roles", json!([]));
}

/// A private endpoint service, as `createPrivateEndpointService` answers it (recorded
/// 17c7ad39b66dffa4): the region sent as `region` is answered as `regionName`, with no
/// endpoints yet.
pub(super) fn endpoint_service(fields: &mut Map<String, Value>, _: &Context<'_>) {
    if let Some(region) = fields.get("region").cloned() {
        set_absent(fields, "regionName", region);
    }
    set_absent(fields, "privateEndpoints", json!([]));
}

/// A search deployment, as `createClusterSearchDeployment` answers it (recorded
/// 8fa33029bc669445): its specs in effect, each on the cluster's provider and region (AWS
/// US_EAST_1 when the fake cannot tell), and no encryption at rest.
pub(super) fn search_deployment(fields: &mut Map<String, Value>, context: &Context<'_>) {
    set_absent(fields, "encryptionAtRestProvider", json!("NONE"));
    let region = context
        .owner
        .and_then(|cluster| cluster.pointer("/replicationSpecs/0/regionConfigs/0"))
        .filter(|region| region.get("providerName").and_then(Value::as_str) != Some("TENANT"));
    let provider = region.and_then(|r| r.get("providerName")).cloned().unwrap_or(json!("AWS"));
    let region_name = region.and_then(|r| r.get("regionName")).cloned().unwrap_or(json!("US_EAST_1"));
    if let Some(Value::Array(specs)) = fields.get("specs") {
        let effective: Vec<Value> = specs
            .iter()
            .map(|spec| {
                let mut spec = spec.clone();
                spec["cloudProvider"] = provider.clone();
                spec["regionName"] = region_name.clone();
                spec
            })
            .collect();
        set_absent(fields, "effectiveSpecs", Value::Array(effective));
    }
}

/// A federated database instance, as `createFederatedDatabase` answers one (recorded
/// 6c9960203dda66b2): active, reached at a host formed from its name, no private endpoint
/// hostnames.
pub(super) fn data_federation(fields: &mut Map<String, Value>, context: &Context<'_>) {
    set_absent(fields, "state", json!("ACTIVE"));
    let name = fields.get("name").and_then(Value::as_str).unwrap_or("federated").to_ascii_lowercase();
    let suffix: String = (context.id)().chars().rev().take(5).collect();
    set_absent(fields, "hostnames", json!([format!("{name}-{suffix}.a.query.mongodb.net")]));
    set_absent(fields, "privateEndpointHostnames", json!([]));
}
