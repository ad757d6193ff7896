//! Items Atlas fills in beyond what was sent, each as a recorded answer shows it: a flex
//! cluster's restore job, an Atlas user, a private endpoint service, a search deployment and a
//! federated database instance.

use serde_json::{json, Map, Value};

use super::super::server_set::{in_hours, now};
use super::{set_absent, Context};
use crate::mock::answer::AtlasError;

/// A flex cluster's snapshots, which Atlas takes by itself.
pub(super) const FLEX_SNAPSHOTS: &str = "/api/atlas/v2/groups/{groupId}/flexClusters/{name}/backup/snapshots";
/// One of them.
pub(super) const FLEX_SNAPSHOT: &str =
    "/api/atlas/v2/groups/{groupId}/flexClusters/{name}/backup/snapshots/{snapshotId}";

/// A flex cluster's restore job, as `createFlexBackupRestoreJob` answers it (recorded
/// d12a284033ffaa84, feec8c63631dbfb8): delivered as a restore, of the cluster it is under, in
/// its project (the target's too unless sent), scheduled now and expiring six hours later,
/// naming when its snapshot was finished (every recorded restore job's `snapshotFinishedDate`
/// is its snapshot's `finishTime` in the recorded `listFlexBackupSnapshots`).
pub(super) fn flex_restore_job(fields: &mut Map<String, Value>, context: &Context<'_>) {
    let snapshot = context.named.iter().find(|(item, _)| *item == FLEX_SNAPSHOT).map(|(_, snapshot)| snapshot);
    if let Some(finished) = snapshot.and_then(|snapshot| snapshot.get("finishTime")) {
        set_absent(fields, "snapshotFinishedDate", finished.clone());
    }
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

/// A backup compliance policy as a write leaves it (every recorded answer of
/// `updateGroupBackupCompliancePolicy` and `getGroupBackupCompliancePolicy`, 10, e.g. the
/// setup test's PUT): not deletable, in the project of its path, last changed by the caller
/// (`updatedUser`: the recorded answers name the API key that wrote it by its public key).
pub(super) fn compliance_policy_written(_: &Value, fields: &mut Map<String, Value>, context: &Context<'_>) {
    set_absent(fields, "deletable", json!(false));
    if let Some(caller) = context.caller {
        fields.insert("updatedUser".to_owned(), json!(caller));
    }
    if let Some(project) = context.param("groupId") {
        fields.insert("projectId".to_owned(), json!(project));
    }
}

/// An Atlas user, as `createUser` answers one (recorded 6e99a86d8301e856): its username (an
/// email address) as its `emailAddress`, in no team and with no roles unless sent.
pub(super) fn atlas_user(fields: &mut Map<String, Value>, _: &Context<'_>) {
    if let Some(username) = fields.get("username").cloned() {
        set_absent(fields, "emailAddress", username);
    }
    set_absent(fields, "teamIds", json!([]));
    set_absent(fields, "roles", json!([]));
}

/// A private endpoint service, as `createPrivateEndpointService` answers it: the region sent as
/// `region` answered as `regionName` in Atlas's spelling (the Atlas CLI's tests send `eu-west-1`
/// and `us-east4` and Atlas answers `EU_WEST_1` (recorded 8eda1a84ac84b113) and `US_EAST_4`
/// (cf1c6d2da81d7eb5); `ASIA_SOUTH_EAST` stays as sent, 17c7ad39b66dffa4), and its provider's
/// empty lists of endpoints.
pub(super) fn endpoint_service(fields: &mut Map<String, Value>, _: &Context<'_>) {
    if let Some(region) = fields.get("region").and_then(Value::as_str) {
        let spelled = atlas_region(region);
        set_absent(fields, "regionName", json!(spelled));
    }
    let provider = fields.get("providerName").or_else(|| fields.get("cloudProvider")).and_then(Value::as_str);
    match provider.unwrap_or_default() {
        "AWS" => set_absent(fields, "interfaceEndpoints", json!([])),
        "AZURE" => set_absent(fields, "privateEndpoints", json!([])),
        "GCP" => {
            set_absent(fields, "endpointGroupNames", json!([]));
            set_absent(fields, "serviceAttachmentNames", json!([]));
            set_absent(fields, "portMappingEnabled", json!(false));
        }
        _ => {}
    }
}

/// A cloud provider's region name (`eu-west-1`, `us-east4`) as Atlas spells it (`EU_WEST_1`,
/// `US_EAST_4`); a name already spelled so is kept.
fn atlas_region(region: &str) -> String {
    if !region.contains('-') {
        return region.to_owned();
    }
    let mut spelled = String::new();
    let mut previous: Option<char> = None;
    for c in region.chars() {
        if c.is_ascii_digit() && previous.is_some_and(|p| p.is_ascii_alphabetic()) {
            spelled.push('_');
        }
        spelled.push(if c == '-' { '_' } else { c.to_ascii_uppercase() });
        previous = Some(c);
    }
    spelled
}

/// A search deployment, as `createClusterSearchDeployment` answers it (recorded
/// 8fa33029bc669445): its specs in effect, each on the cluster's provider and region (AWS
/// US_EAST_1 when the fake cannot tell), and no encryption at rest.
pub(super) fn search_deployment(fields: &mut Map<String, Value>, context: &Context<'_>) {
    set_absent(fields, "encryptionAtRestProvider", json!("NONE"));
    least_search_nodes(fields);
    let region = context
        .owner
        .and_then(|cluster| cluster.pointer("/replicationSpecs/0/regionConfigs/0"))
        .filter(|region| region.get("providerName").and_then(Value::as_str) != Some("TENANT"));
    let provider = region.and_then(|r| r.get("providerName")).cloned().unwrap_or(json!("AWS"));
    let region_name = region.and_then(|r| r.get("regionName")).cloned().unwrap_or(json!("US_EAST_1"));
    fields.insert("effectiveSpecs".to_owned(), effective_search_specs(fields, &provider, &region_name));
}

/// A search deployment changed: the specs in effect follow the specs sent, where they were
/// (recorded `updateClusterSearchDeployment` 358f820e59a8050f answers the new ones).
pub(super) fn search_deployment_changed(held: &Value, fields: &mut Map<String, Value>, _: &Context<'_>) {
    least_search_nodes(fields);
    let Some(first) = held.pointer("/effectiveSpecs/0") else { return };
    let provider = first.get("cloudProvider").cloned().unwrap_or(json!("AWS"));
    let region_name = first.get("regionName").cloned().unwrap_or(json!("US_EAST_1"));
    fields.insert("effectiveSpecs".to_owned(), effective_search_specs(fields, &provider, &region_name));
}

/// A spec sent without its `nodeCount` has the fewest search nodes Atlas makes, 2: the
/// request may leave it out (the spec's minimum is 2), the answer's type requires it, and
/// every recorded answer has 2 (createGroupClusterSearchDeployment, getGroupClusterSearchDeployment).
fn least_search_nodes(fields: &mut Map<String, Value>) {
    for spec in fields.get_mut("specs").and_then(Value::as_array_mut).into_iter().flatten() {
        if let Value::Object(spec) = spec {
            set_absent(spec, "nodeCount", json!(2));
        }
    }
}

/// Each of the deployment's specs, on `provider` in `region`.
fn effective_search_specs(fields: &Map<String, Value>, provider: &Value, region: &Value) -> Value {
    let specs = fields.get("specs").and_then(Value::as_array).into_iter().flatten();
    let effective = specs.map(|spec| {
        let mut spec = spec.clone();
        spec["cloudProvider"] = provider.clone();
        spec["regionName"] = region.clone();
        spec
    });
    Value::Array(effective.collect())
}

/// A federated database instance, as `createFederatedDatabase` answers one (recorded
/// 6c9960203dda66b2): active, reached at a host formed from its name, no private endpoint
/// hostnames; its AWS access as the role it names holds it: the role's external id, the IAM
/// user Atlas assumes it from (`iamUserARN`, the role's `atlasAWSAccountArn`) and the role's
/// ARN once authorized (the Terraform provider reads all three as set by the server).
pub(super) fn data_federation(fields: &mut Map<String, Value>, context: &Context<'_>) {
    set_absent(fields, "state", json!("ACTIVE"));
    let name = fields.get("name").and_then(Value::as_str).unwrap_or("federated").to_ascii_lowercase();
    let suffix: String = (context.id)().chars().rev().take(5).collect();
    set_absent(fields, "hostnames", json!([format!("{name}-{suffix}.a.query.mongodb.net")]));
    set_absent(fields, "privateEndpointHostnames", json!([]));
    let role = context.named.iter().find(|(item, _)| *item == ACCESS_ROLE).map(|(_, role)| role);
    let aws = fields.get_mut("cloudProviderConfig").and_then(|config| config.get_mut("aws"));
    if let (Some(role), Some(Value::Object(aws))) = (role, aws) {
        for (field, from) in AWS_IDENTITY {
            if let Some(value) = role.get(from).filter(|value| !value.is_null()) {
                aws.insert(field.to_owned(), value.clone());
            }
        }
    }
}

/// A project's cloud provider access role.
pub(super) const ACCESS_ROLE: &str = "/api/atlas/v2/groups/{groupId}/cloudProviderAccess/{roleId}";

/// The AWS account the fake's Atlas assumes roles from (a made-up account number).
const ATLAS_AWS_ACCOUNT: &str = "arn:aws:iam::000000000000:root";

/// What a federated database's AWS configuration answers of its role: its field, the role's.
const AWS_IDENTITY: [(&str, &str); 3] = [
    ("externalId", "atlasAssumedRoleExternalId"),
    ("iamUserARN", "atlasAWSAccountArn"),
    ("iamAssumedRoleARN", "iamAssumedRoleArn"),
];

/// A new AWS cloud provider access role: the external id Atlas asks AWS for (a UUID, as the
/// recorded federated database answers its role's, made of a fresh id so two roles differ)
/// and the root of the AWS account Atlas assumes roles from (`arn:aws:iam::<account>:root`,
/// recorded likewise): one account, Atlas's, for every role.
pub(super) fn access_role(fields: &mut Map<String, Value>, context: &Context<'_>) {
    if fields.get("providerName").and_then(Value::as_str) != Some("AWS") {
        return;
    }
    let id = (context.id)();
    let hex = format!("{id:0>32}");
    let hex = &hex[hex.len() - 32..];
    let uuid = format!("{}-{}-4{}-8{}-{}", &hex[..8], &hex[8..12], &hex[13..16], &hex[17..20], &hex[20..]);
    set_absent(fields, "atlasAssumedRoleExternalId", json!(uuid));
    set_absent(fields, "atlasAWSAccountArn", json!(ATLAS_AWS_ACCOUNT));
}

/// A cloud provider access role Atlas cannot use yet: an AWS role not authorized (no
/// `iamAssumedRoleArn`), refused with Atlas's 400 and detail as the Terraform provider's
/// acceptance runs met them (`TestAccBackupSnapshotExportBucket_basicAzure`, cloud-dev,
/// 2026-01-09: `POST …/backup/exportBuckets` answered `CLOUD_PROVIDER_ACCESS_ROLE_NOT_AUTHORIZED`,
/// "The specified Cloud Provider Access role (<id>) has not been authorized."; a log
/// integration's POST the same, 2026-04-17). That run's role was an Azure one: the fake holds
/// AWS roles to it, whose authorization it models (an Azure one's it does not). For a federated database the refusal is
/// inferred, not seen: the provider authorizes a role before one names it, and the recorded
/// federated database answers its role's assumed ARN, which only an authorization gives.
pub(super) fn unauthorized_role(key: &str, role: &Value) -> Result<(), AtlasError> {
    let aws = role.get("providerName").and_then(Value::as_str) == Some("AWS");
    if !aws || role.get("iamAssumedRoleArn").is_some_and(Value::is_string) {
        return Ok(());
    }
    let detail = format!("The specified Cloud Provider Access role ({key}) has not been authorized.");
    Err(AtlasError::bad_request("CLOUD_PROVIDER_ACCESS_ROLE_NOT_AUTHORIZED").detail(detail))
}

/// An AWS role authorized (`authorizeProviderAccessRole` sends the role Atlas assumes): when,
/// as the spec's `authorizedDate` documents it.
pub(super) fn role_authorized(_: &Value, fields: &mut Map<String, Value>, _: &Context<'_>) {
    if fields.get("iamAssumedRoleArn").is_some_and(Value::is_string) {
        set_absent(fields, "authorizedDate", now());
    }
}

/// An alert acknowledged, or no longer (`acknowledgeAlert`, the three recorded answers): until
/// the date sent, by the caller (`acknowledgingUsername`, the API key's public key);
/// `unacknowledgeAlert` takes the acknowledgement away and is itself not held. Either way the
/// alert was `updated` then.
pub(super) fn alert_acknowledged(_: &Value, fields: &mut Map<String, Value>, context: &Context<'_>) {
    if fields.remove("unacknowledgeAlert") == Some(Value::Bool(true)) {
        for field in ["acknowledgedUntil", "acknowledgingUsername", "acknowledgementComment"] {
            fields.remove(field);
        }
    } else if let (true, Some(caller)) = (fields.contains_key("acknowledgedUntil"), context.caller) {
        fields.insert("acknowledgingUsername".to_owned(), json!(caller));
    }
    fields.insert("updated".to_owned(), now());
}

#[cfg(test)]
mod tests {
    use super::atlas_region;

    #[test]
    fn a_provider_s_region_name_is_spelled_as_atlas_spells_it() {
        assert_eq!(atlas_region("eu-west-1"), "EU_WEST_1");
        assert_eq!(atlas_region("us-east4"), "US_EAST_4");
        assert_eq!(atlas_region("ASIA_SOUTH_EAST"), "ASIA_SOUTH_EAST");
    }
}
