//! What no table can state of a resource, in one place: the fields Atlas sets in a new item
//! beyond the generic server-set ones (a snapshot's `type`, an invitation's membership
//! status, an API key's role objects, a cluster's MongoDB version and connection strings),
//! what it sets when an item's work ends (a restore's or an export's `finishedAt`), and the
//! changes it refuses or that take their own way (an online archive's pause and resume).
//!
//! Each resource is named by its collection's template as the spec writes it; each fact
//! says where it was seen (a recorded Atlas answer, the Terraform provider's captures).

mod api_keys;
pub(crate) mod caller;
pub(crate) mod calls;
mod cluster_create;
pub(crate) mod cluster_versions;
mod clusters;
pub(crate) mod containers;
pub(crate) mod linked;
mod named;
mod orgs;
mod processes;
mod project_users;
mod services;
pub(crate) mod teams;
mod tenant_upgrade;

pub(crate) use processes::download;

use serde_json::{json, Map, Value};

use super::server_set::{in_days, now};

use crate::mock::answer::AtlasError;

/// Where an item is created, for what it takes from its path.
pub(crate) struct Context<'a> {
    /// The path parameters of the create (`groupId`, `clusterName`, ...).
    pub(crate) params: &'a [(&'static str, String)],
    /// A fresh id, as Atlas's are.
    pub(crate) id: &'a dyn Fn() -> String,
    /// The item it is under, if the fake holds one (a project's invitation, its project).
    pub(crate) owner: Option<&'a Value>,
    /// The items its body names (the behaviour's `refers`), as the fake holds them: each
    /// item's template and value (a federated database's cloud provider access role).
    pub(crate) named: &'a [(&'static str, Value)],
    /// The version of the call that makes it or changes it; empty where the item is made by
    /// another resource's call (a tenant upgrade's dedicated cluster) or by no call.
    pub(crate) version: &'a str,
    /// The name Atlas records for who made the call (an API key's public key, a service
    /// account's client id), where a call made it.
    pub(crate) caller: Option<&'a str>,
}

impl<'a> Context<'a> {
    /// The context of an item no call of its own makes or changes (another resource's call
    /// does, a tenant upgrade's cluster; or a test): its parameters and fresh ids only.
    pub(crate) fn aside(params: &'a [(&'static str, String)], id: &'a dyn Fn() -> String) -> Self {
        Context { params, id, owner: None, named: &[], version: "", caller: None }
    }

    fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(param, _)| *param == name).map(|(_, value)| value.as_str())
    }
}

/// The way a change takes: the state the item reads now, and the one it reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Way {
    pub(crate) now: &'static str,
    pub(crate) end: &'static str,
}

/// One resource's own behaviour.
pub(crate) struct Behaviour {
    /// The collection's template, as the spec writes it.
    collection: &'static str,
    /// Whether Atlas refuses a create's body beyond what the spec checks (a cluster without
    /// the attributes Atlas requires), before anything is made.
    refused: fn(&Map<String, Value>) -> Result<(), AtlasError>,
    /// Sets what Atlas sets in a new item (after the generic server-set fields).
    created: fn(&mut Map<String, Value>, &Context<'_>),
    /// A change (PATCH) of `held` by `sent`: refused, or the way it takes (`None`: the
    /// waiters' usual way).
    changed: fn(&Value, &Value) -> Result<Option<Way>, AtlasError>,
    /// Sets what Atlas sets in an item a change left without it (the item before the change,
    /// the item after).
    refilled: fn(&Value, &mut Map<String, Value>, &Context<'_>),
    /// Sets what Atlas sets when the item's work ends.
    finished: fn(&mut Map<String, Value>),
    /// What a DELETE leaves of an item Atlas empties rather than removes (a backup
    /// schedule); `None`: a DELETE removes it.
    cleared: Option<fn(&mut Map<String, Value>)>,
    /// Whether Atlas's work on the item is done at once: ready at its first read after its
    /// creation, and gone at once when deleted, without a deleting state read first (a
    /// shared-tier cluster).
    at_once: fn(&Map<String, Value>) -> bool,
    /// Whether Atlas answers the item's `links` (the spec gives every item its own; Atlas's
    /// answers of some resources carry none).
    linked: bool,
    /// The fields no two items of one collection share besides its key (a team's name in its
    /// organization): a create or a change that repeats one is a 409, as a repeated key is.
    unique: &'static [Unique],
    /// The body fields that name another item: a create naming one that does not exist is
    /// refused as a read of it is, 404 with its code.
    refers: &'static [Refers],
    /// What the item holds that a create's answer carries only when the create sent it (a
    /// cluster's `tags`, which every read answers).
    echoed: &'static [&'static str],
    /// Whether Atlas refuses a create for what other collections hold, given its query (a
    /// project whose `projectOwnerId` names no active member of its organization).
    refused_beside: fn(&named::Collections, Query<'_>, &Value) -> Result<(), AtlasError>,
    /// What a create makes in other collections, given its query and the new item (a
    /// project's owner).
    made_beside: fn(&super::store::Store, &mut named::Collections, Query<'_>, &Value),
    /// What the removal of an item takes from other collections (a project's, or a project
    /// user's, role assignments in the memberships).
    removed_beside: fn(&mut named::Collections, &super::store::Item),
}

/// A request's query parameters, as sent.
type Query<'q> = &'q [(String, String)];

/// A field no two items share, among those of the same `within` field when it names one (a
/// project's name in its organization).
pub(crate) struct Unique {
    field: &'static str,
    within: Option<&'static str>,
}

/// A body field that names another item: the item's template as the spec writes it, and the
/// body fields that give its parameters where the request's path does not (`targetGroupId`
/// for `{groupId}`); a parameter neither names is the body field of its own name.
pub(crate) struct Refers {
    /// The body field that names the item: a name, or a path of names for one nested in
    /// objects (`cloudProviderConfig/aws/roleId`).
    field: &'static str,
    item: &'static str,
    from: &'static [(&'static str, &'static str)],
    /// Whether Atlas refuses the item named as it holds it (a cloud provider access role not
    /// yet authorized), given its key; `None`: any that exists will do.
    unusable: Option<Unusable>,
}

/// Whether Atlas refuses an item a body names as it holds it, given its key.
pub(crate) type Unusable = fn(&str, &Value) -> Result<(), AtlasError>;

/// Any item named that exists will do.
const USABLE: Refers = Refers { field: "", item: "", from: &[], unusable: None };

const SNAPSHOT: &str = "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/backup/snapshots/{snapshotId}";

fn nothing_created(_: &mut Map<String, Value>, _: &Context<'_>) {}
fn nothing_refused(_: &Map<String, Value>) -> Result<(), AtlasError> {
    Ok(())
}
fn usual_change(_: &Value, _: &Value) -> Result<Option<Way>, AtlasError> {
    Ok(None)
}
fn nothing_finished(_: &mut Map<String, Value>) {}
fn nothing_refilled(_: &Value, _: &mut Map<String, Value>, _: &Context<'_>) {}

static BEHAVIOURS: &[Behaviour] = &[
    Behaviour {
        collection: "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/backup/schedule",
        cleared: Some(schedule_cleared),
        ..USUAL
    },
    Behaviour {
        collection: named::CLUSTERS,
        refused: cluster_create::refused,
        created: clusters::created,
        changed: clusters::changed,
        refilled: clusters::refilled,
        finished: clusters::ready,
        at_once: clusters::shared_tier,
        // None of the 13 recorded creates sent or answered `tags`; every recorded read (55)
        // answers them, and the provider's creates that send `tags: []` are answered them.
        echoed: &["tags"],
        ..USUAL
    },
    Behaviour {
        collection: "/api/atlas/v2/groups/{groupId}/flexClusters",
        created: flex_cluster,
        finished: flex_cluster_ready,
        // No recorded flex cluster carries links (81bd59895c568970, 3f741cfd00ff61fd, ...).
        linked: false,
        ..USUAL
    },
    Behaviour {
        collection: "/api/atlas/v2/groups/{groupId}/flexClusters/{name}/backup/restoreJobs",
        created: services::flex_restore_job,
        finished: services::flex_restore_finished,
        // Nor any of its restore jobs (d12a284033ffaa84, feec8c63631dbfb8, ...).
        linked: false,
        // It restores one of the cluster's snapshots: one the cluster does not hold is
        // refused as a read of it is (a 404, as a dedicated cluster's restore of a missing
        // snapshot; no source shows the code for a flex one, so `RESOURCE_NOT_FOUND`).
        refers: &[Refers { field: "snapshotId", item: services::FLEX_SNAPSHOT, ..USABLE }],
        ..USUAL
    },
    Behaviour { collection: "/api/atlas/v2/users", created: services::atlas_user, ..USUAL },
    Behaviour { collection: "/api/atlas/v2/groups/{groupId}/alerts", refilled: services::alert_acknowledged, ..USUAL },
    Behaviour {
        collection: "/api/atlas/v2/groups/{groupId}/backupCompliancePolicy",
        refilled: services::compliance_policy_written,
        ..USUAL
    },
    Behaviour {
        collection: "/api/atlas/v2/groups/{groupId}/privateEndpoint/{cloudProvider}/endpointService",
        created: services::endpoint_service,
        ..USUAL
    },
    Behaviour {
        collection: "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/search/deployment",
        created: services::search_deployment,
        refilled: services::search_deployment_changed,
        ..USUAL
    },
    Behaviour {
        collection: "/api/atlas/v2/groups/{groupId}/dataFederation",
        created: services::data_federation,
        // It reaches AWS through a cloud provider access role of its project: one the project
        // does not hold is refused as a read of it is.
        refers: &[Refers {
            field: "cloudProviderConfig/aws/roleId",
            item: services::ACCESS_ROLE,
            from: &[("roleId", "cloudProviderConfig/aws/roleId")],
            // Atlas reaches AWS through a role only once it is authorized (inferred: see
            // `unauthorized_role`).
            unusable: Some(services::unauthorized_role),
        }],
        ..USUAL
    },
    Behaviour {
        collection: "/api/atlas/v2/groups/{groupId}/cloudProviderAccess",
        created: services::access_role,
        refilled: services::role_authorized,
        ..USUAL
    },
    Behaviour { collection: "/api/atlas/v2/groups/{groupId}/databaseUsers", created: database_user, ..USUAL },
    Behaviour {
        collection: "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/backup/snapshots",
        created: snapshot,
        finished: snapshot_taken,
        ..USUAL
    },
    Behaviour {
        collection: "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/backup/restoreJobs",
        created: restore_job,
        finished: finished_at,
        // The Terraform provider's restore job test: a restore of a snapshot that is not
        // there fails with SNAPSHOT_NOT_FOUND; the target cluster is read the same way.
        refers: &[
            Refers { field: "snapshotId", item: SNAPSHOT, ..USABLE },
            Refers {
                field: "targetClusterName",
                item: "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}",
                from: &[("groupId", "targetGroupId"), ("clusterName", "targetClusterName")],
                ..USABLE
            },
        ],
        ..USUAL
    },
    Behaviour {
        collection: "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/backup/exports",
        created: export_job,
        finished: finished_at,
        // Nor any recorded export job (createBackupExport, getBackupExport: 5 answers).
        linked: false,
        // An export names the snapshot it exports and the bucket it exports to.
        refers: &[
            Refers { field: "snapshotId", item: SNAPSHOT, ..USABLE },
            Refers {
                field: "exportBucketId",
                item: "/api/atlas/v2/groups/{groupId}/backup/exportBuckets/{exportBucketId}",
                ..USABLE
            },
        ],
        ..USUAL
    },
    Behaviour {
        collection: "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/onlineArchives",
        changed: archive_change,
        ..USUAL
    },
    Behaviour { collection: api_keys::OF_ORG, created: api_keys::created, ..USUAL },
    Behaviour {
        collection: api_keys::OF_PROJECT,
        created: api_keys::created,
        made_beside: api_keys::listed_in_organization,
        ..USUAL
    },
    // Nor any recorded invitation (126fd087ea086a40, 18d691be8bcc6438, ...).
    Behaviour { collection: "/api/atlas/v2/orgs/{orgId}/invites", created: org_invitation, linked: false, ..USUAL },
    Behaviour {
        collection: "/api/atlas/v2/groups/{groupId}/invites",
        created: group_invitation,
        linked: false,
        ..USUAL
    },
    // Nor the recorded export bucket (createExportBucket 2024-05-30).
    Behaviour {
        collection: "/api/atlas/v2/groups/{groupId}/backup/exportBuckets",
        linked: false,
        // An AWS bucket is reached through a cloud provider access role of the project, once
        // authorized: Atlas answers 400 `CLOUD_PROVIDER_ACCESS_ROLE_NOT_AUTHORIZED` for one
        // that is not (see `unauthorized_role`).
        refers: &[Refers {
            field: "iamRoleId",
            item: services::ACCESS_ROLE,
            from: &[("roleId", "iamRoleId")],
            unusable: Some(services::unauthorized_role),
        }],
        ..USUAL
    },
    // A user is invited once (the spec documents a 409 for `createOrgUser`).
    Behaviour {
        collection: "/api/atlas/v2/orgs/{orgId}/users",
        created: invited_user,
        unique: &[Unique { field: "username", within: None }],
        removed_beside: project_users::removed,
        ..USUAL
    },
    Behaviour { collection: "/api/atlas/v2/groups/{groupId}/users", removed_beside: project_users::removed, ..USUAL },
    // A team's name is its organization's once: the spec documents a 409 for `createOrgTeam`
    // and for `renameOrgTeam`, which changes only the name.
    Behaviour {
        collection: "/api/atlas/v2/orgs/{orgId}/teams",
        unique: &[Unique { field: "name", within: None }],
        ..USUAL
    },
    // A project's name is its organization's once (a 409 documented for `createGroup`).
    // All organizations' projects are one collection: the name is unique within its `orgId`.
    Behaviour {
        collection: named::GROUPS,
        created: project,
        unique: &[Unique { field: "name", within: Some("orgId") }],
        refused_beside: project_users::owner_refused,
        made_beside: project_users::owner_granted,
        removed_beside: project_users::removed,
        ..USUAL
    },
];

/// The collections Atlas fills by itself, empty in a new project: the fake answers them from
/// its state (an empty page, a 404 for an item) until a test `put`s an item there. A project's
/// alerts: Atlas raises them from its own monitoring (recorded `listGroupAlerts` pages hold
/// only alerts Atlas raised, `DAILY_BILL_OVER_THRESHOLD`, `USERS_WITHOUT_MULTI_FACTOR_AUTH`).
static FILLED_BY_ATLAS: &[&str] = &[
    "/api/atlas/v2/groups/{groupId}/alerts",
    // Atlas takes a flex cluster's snapshots once a day (the recorded page of
    // `listFlexBackupSnapshots`: one each day at the same time); no call takes one.
    services::FLEX_SNAPSHOTS,
];

/// What a singleton holds before anything is written, where Atlas's default is not the spec's
/// example: a project's settings and a cluster's backup schedule (recorded), and its process arguments as the
/// Terraform provider's captures read them from every new cluster (JavaScript on, table scans
/// allowed, TLS 1.2 with the default ciphers; the TLS settings are the cluster's own
/// afterwards: `linked`).
pub(crate) fn default_of(singleton: &str, context: &Context<'_>) -> Option<Value> {
    match singleton {
        "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/backup/schedule" => Some(backup_schedule(context)),
        // A new project's settings (recorded f5840bc59b110a71, less one the spec does not
        // document: `isAtlasHomePageAiAssistantEnabled`).
        "/api/atlas/v2/groups/{groupId}/settings" => Some(json!({
            "isClusterAiAssistantEnabled": true,
            "isCollectDatabaseSpecificsStatisticsEnabled": true,
            "isDataExplorerEnabled": true,
            "isDataExplorerGenAIFeaturesEnabled": true,
            "isDataExplorerGenAISampleDocumentPassingEnabled": false,
            "isDataValidationEnabled": true,
            "isExtendedStorageSizesEnabled": false,
            "isNativeRerankingEnabled": false,
            "isPerformanceAdvisorEnabled": true,
            "isRealtimePerformancePanelEnabled": true,
            "isSchemaAdvisorEnabled": true,
        })),
        // Off until a project turns them on, as Atlas documents both settings; every recorded
        // read answers `enabled` (a2a7d17fb565a4c7 after custom DNS was turned on,
        // 453f9a52194badbd after regional mode was turned off again).
        "/api/atlas/v2/groups/{groupId}/awsCustomDNS"
        | "/api/atlas/v2/groups/{groupId}/privateEndpoint/regionalMode" => Some(json!({ "enabled": false })),
        "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/processArgs" => Some(json!({
            "customOpensslCipherConfigTls12": [],
            "customOpensslCipherConfigTls13": [],
            "javascriptEnabled": true,
            "minimumEnabledTlsProtocol": "TLS1_2",
            "noTableScan": false,
            "queryStatsLogVerbosity": 1,
            "tlsCipherConfigMode": "DEFAULT",
        })),
        _ => None,
    }
}

/// A new cluster's backup schedule as Atlas answers it (recorded d64d2f5800a0d089): one policy
/// of five items (every 6 hours kept 7 days, daily kept 7 days, weekly kept 4 weeks, monthly
/// kept 12 months, yearly kept a year), a 7-day restore window, nothing copied or exported;
/// the cluster's `id` as its `clusterId`, and its next snapshot (`next_snapshot`).
fn backup_schedule(context: &Context<'_>) -> Value {
    let item = |interval: u32, frequency: &str, unit: &str, value: u32| {
        json!({"frequencyInterval": interval, "frequencyType": frequency, "id": (context.id)(),
            "retentionUnit": unit, "retentionValue": value})
    };
    let items = [
        item(6, "hourly", "days", 7),
        item(1, "daily", "days", 7),
        item(6, "weekly", "weeks", 4),
        item(40, "monthly", "months", 12),
        item(12, "yearly", "years", 1),
    ];
    let mut schedule = json!({
        "autoExportEnabled": false,
        "clusterName": context.param("clusterName"),
        "copyPolicyItemsEnabled": false,
        "copySettings": [],
        "policies": [{"id": (context.id)(), "policyItems": items}],
        "nextSnapshot": next_snapshot(std::time::SystemTime::now().into(), 3, 16),
        "referenceHourOfDay": 3,
        "referenceMinuteOfHour": 16,
        "restoreWindowDays": 7,
        "useOrgAndGroupNamesInExportPrefix": false,
    });
    if let Some(id) = context.owner.and_then(|cluster| cluster.get("id")) {
        schedule["clusterId"] = id.clone();
    }
    schedule
}

/// When a schedule taking a snapshot every 6 hours from `hour`:`minute` takes its next one, as
/// Atlas answers it: the first such time after `now` (recorded d64d2f5800a0d089: a schedule
/// made at 03:16:06, its policy ids tell, with its reference at 03:16, next snapshots at 09:16).
fn next_snapshot(now: chrono::DateTime<chrono::Utc>, hour: u32, minute: u32) -> Value {
    use chrono::{Duration, TimeZone};
    let day = now.date_naive().and_hms_opt(hour, minute, 0).unwrap_or_default();
    let mut next = chrono::Utc.from_utc_datetime(&day) - Duration::days(1);
    while next <= now {
        next += Duration::hours(6);
    }
    json!(next.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// The singletons Atlas holds none of until they are written: a read is a 404 until then,
/// and after a DELETE again. A project's backup compliance policy (the Terraform provider
/// reads a 404 of `getGroupBackupCompliancePolicy` as no policy, and the spec's example of
/// the answer does not decode as its own type).
static ABSENT_UNTIL_WRITTEN: &[&str] = &["/api/atlas/v2/groups/{groupId}/backupCompliancePolicy"];

/// Whether the singleton `singleton` (its template) is absent until written.
pub(crate) fn absent_until_written(singleton: &str) -> bool {
    ABSENT_UNTIL_WRITTEN.contains(&singleton)
}

/// Whether Atlas fills the collection `collection` (its template) by itself.
pub(crate) fn filled_by_atlas(collection: &str) -> bool {
    FILLED_BY_ATLAS.contains(&collection)
}

const USUAL: Behaviour = Behaviour {
    collection: "",
    refused: nothing_refused,
    created: nothing_created,
    changed: usual_change,
    refilled: nothing_refilled,
    finished: nothing_finished,
    unique: &[],
    refers: &[],
    echoed: &[],
    refused_beside: |_, _, _| Ok(()),
    made_beside: |_, _, _, _| {},
    removed_beside: |_, _| {},
    cleared: None,
    at_once: never,
    linked: true,
};

fn never(_: &Map<String, Value>) -> bool {
    false
}

fn of(collection: &str) -> Option<&'static Behaviour> {
    BEHAVIOURS.iter().find(|behaviour| behaviour.collection == collection)
}

/// Whether Atlas refuses `sent`, a create's body in the collection `collection` (its
/// template), beyond what the spec checks.
pub(crate) fn refused(collection: &str, sent: &Map<String, Value>) -> Result<(), AtlasError> {
    of(collection).map_or(Ok(()), |behaviour| (behaviour.refused)(sent))
}

/// Whether Atlas refuses a create in `collection` (its template) for what other items hold.
pub(crate) fn refused_beside(
    collections: &named::Collections,
    collection: &str,
    query: &[(String, String)],
    value: &Value,
) -> Result<(), AtlasError> {
    of(collection).map_or(Ok(()), |behaviour| (behaviour.refused_beside)(collections, query, value))
}

/// What the removal of `gone` takes from other collections.
pub(crate) fn removed_beside(collections: &mut named::Collections, gone: &super::store::Item) {
    if let Some(behaviour) = of(&gone.template) {
        (behaviour.removed_beside)(collections, gone);
    }
}

/// What a create in `collection` (its template) makes beside `value`, its new item, in other
/// collections.
pub(crate) fn made_beside(
    store: &super::store::Store,
    collections: &mut named::Collections,
    collection: &str,
    query: &[(String, String)],
    value: &Value,
) {
    if let Some(behaviour) = of(collection) {
        (behaviour.made_beside)(store, collections, query, value);
    }
}

/// What a create in `collection` (its template) of `sent` answers without: what Atlas
/// answers only when sent (`echoed`) and `sent` lacks.
pub(crate) fn unsent_echoes(collection: &str, sent: &Map<String, Value>) -> Vec<&'static str> {
    let echoed = of(collection).map(|behaviour| behaviour.echoed).unwrap_or_default();
    echoed.iter().copied().filter(|field| !sent.contains_key(*field)).collect()
}

/// Sets in `value`, new in the collection `collection` (its template), what Atlas sets.
pub(crate) fn created(collection: &str, value: &mut Value, context: &Context<'_>) {
    if let (Some(behaviour), Value::Object(fields)) = (of(collection), value) {
        (behaviour.created)(fields, context);
        if !behaviour.linked {
            fields.remove("links");
        }
    }
}

/// Whether Atlas answers the items of `collection` (its template) with their `links`.
pub(crate) fn linked(collection: &str) -> bool {
    of(collection).is_none_or(|behaviour| behaviour.linked)
}

/// Whether Atlas takes the change `sent` of `held` in `collection`, and which way it goes.
pub(crate) fn changed(collection: &str, held: &Value, sent: &Value) -> Result<Option<Way>, AtlasError> {
    of(collection).map_or(Ok(None), |behaviour| (behaviour.changed)(held, sent))
}

/// Sets in `value`, just changed from `held` in the collection `collection` (its template),
/// what Atlas sets that the change left out (a new shard's disk).
pub(crate) fn refilled(collection: &str, held: &Value, value: &mut Value, context: &Context<'_>) {
    if let (Some(behaviour), Value::Object(fields)) = (of(collection), value) {
        (behaviour.refilled)(held, fields, context);
        if !behaviour.linked {
            fields.remove("links");
        }
    }
}

/// Whether a DELETE empties the items of `collection` (its template) instead of removing them.
pub(crate) fn clears(collection: &str) -> bool {
    of(collection).is_some_and(|behaviour| behaviour.cleared.is_some())
}

/// Whether Atlas's work on `value`, of the collection `collection` (its template), is done at
/// once: ready at the first read after its creation, gone at once when deleted.
pub(crate) fn at_once(collection: &str, value: &Value) -> bool {
    match (of(collection), value) {
        (Some(behaviour), Value::Object(fields)) => (behaviour.at_once)(fields),
        _ => false,
    }
}

/// Empties `value`, of the collection `collection` (its template), as a DELETE does where Atlas
/// keeps the item.
pub(crate) fn cleared(collection: &str, value: &mut Value) {
    if let (Some(clear), Value::Object(fields)) = (of(collection).and_then(|behaviour| behaviour.cleared), value) {
        clear(fields);
    }
}

/// A backup schedule deleted (recorded `deleteBackupSchedule` 6428f7cc028a7da0): its policies
/// keep their ids and lose their items, and with them the next snapshot; the rest stays.
fn schedule_cleared(fields: &mut Map<String, Value>) {
    fields.remove("nextSnapshot");
    for policy in fields.get_mut("policies").and_then(Value::as_array_mut).into_iter().flatten() {
        policy["policyItems"] = json!([]);
    }
}

/// Sets in `value` what Atlas sets when the work of an item of `collection` ends.
pub(crate) fn finished(collection: &str, value: &mut Value) {
    if let (Some(behaviour), Value::Object(fields)) = (of(collection), value) {
        (behaviour.finished)(fields);
    }
}

/// The fields a create of `collection` (its template) names other items by: each field's
/// JSON pointer in the body, the item's template, and whether Atlas requires it in use (a
/// role authorized) beyond its being there.
pub(crate) fn names(collection: &str) -> Vec<(String, &'static str, bool)> {
    let refers = of(collection).map(|behaviour| behaviour.refers).unwrap_or_default();
    refers.iter().map(|refers| (format!("/{}", refers.field), refers.item, refers.unusable.is_some())).collect()
}

/// An item a body names: the path of its collection, its key, its template, and whether Atlas
/// refuses it as it is held.
pub(crate) type Referred = (String, String, &'static str, Option<Unusable>);

/// The items a new item of `collection` (its template) names in `sent`: the parameters of the
/// template from `params` (the request's path), else from `sent`.
pub(crate) fn referred(collection: &str, sent: &Value, params: &[(&'static str, String)]) -> Vec<Referred> {
    let refers = of(collection).map(|behaviour| behaviour.refers).unwrap_or_default();
    let mut found = Vec::new();
    for Refers { field, item: template, from, unusable } in refers {
        let body = |field: &str| sent.pointer(&format!("/{field}"))?.as_str().map(str::to_owned);
        if body(field).is_none() {
            continue;
        }
        let value = |name: &str| {
            if let Some((_, field)) = from.iter().find(|(param, _)| *param == name) {
                return body(field);
            }
            let from_path = params.iter().find(|(param, _)| *param == name).map(|(_, value)| value.clone());
            from_path.or_else(|| body(name))
        };
        let mut path = String::new();
        let mut complete = true;
        for part in template.split('/').skip(1) {
            let filled = match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) => value(name),
                None => Some(part.to_owned()),
            };
            let Some(filled) = filled else {
                complete = false;
                break;
            };
            path.push('/');
            path.push_str(&filled);
        }
        if let (true, Some((collection, key))) = (complete, path.rsplit_once('/')) {
            found.push((collection.to_owned(), key.to_owned(), *template, *unusable));
        }
    }
    found
}

/// The unique field of `collection` (its template) whose value in `sent` (a create's body, or
/// a change of the item `held`) one of `others` holds, if one does.
pub(crate) fn taken<'i>(
    collection: &str,
    sent: &Value,
    held: Option<&Value>,
    others: impl Iterator<Item = &'i Value> + Clone,
) -> Option<&'static str> {
    let unique = of(collection).map(|behaviour| behaviour.unique).unwrap_or_default();
    let given = |field: &str| sent.get(field).filter(|value| !value.is_null());
    unique.iter().find_map(|Unique { field, within }| {
        let value = given(field)?;
        let scope = within.and_then(|within| given(within).or_else(|| held?.get(within)));
        let same_scope = |other: &Value| within.is_none_or(|within| other.get(within) == scope);
        let mut others = others.clone();
        others.any(|other| other.get(*field) == Some(value) && same_scope(other)).then_some(*field)
    })
}

pub(super) fn set_absent(fields: &mut Map<String, Value>, key: &str, value: Value) {
    fields.entry(key.to_owned()).or_insert(value);
}

/// A flex cluster: its version and connection string, as a cluster's.
fn flex_cluster(fields: &mut Map<String, Value>, context: &Context<'_>) {
    let name = fields.get("name").and_then(Value::as_str).unwrap_or("flex").to_ascii_lowercase();
    let host = format!("{name}.{}.mongodb.net", &(context.id)()[18..]);
    set_absent(fields, "mongoDBVersion", json!("8.0.14"));
    set_absent(fields, "connectionStrings", json!({ "standardSrv": format!("mongodb+srv://{host}") }));
    set_absent(fields, "clusterType", json!("REPLICASET"));
    // As every recorded `createGroupFlexCluster` answers (81bd59895c568970, 8903633b047cc492).
    set_absent(fields, "backupSettings", json!({ "enabled": true }));
    set_absent(fields, "terminationProtectionEnabled", json!(false));
    set_absent(fields, "versionReleaseSystem", json!("LTS"));
    if let Some(Value::Object(provider)) = fields.get_mut("providerSettings") {
        set_absent(provider, "diskSizeGB", json!(5.0));
        set_absent(provider, "providerName", json!("FLEX"));
    }
}

/// A flex cluster ready: the standard string of its three hosts beside its SRV string (recorded
/// `getFlexCluster` 3f741cfd00ff61fd answers both once IDLE; the create, only the SRV one).
fn flex_cluster_ready(fields: &mut Map<String, Value>) {
    let srv =
        fields.get("connectionStrings").and_then(|s| s.get("standardSrv")).and_then(Value::as_str).map(str::to_owned);
    let Some(host) = srv.as_deref().and_then(|srv| srv.strip_prefix("mongodb+srv://")) else { return };
    let (name, domain) = host.split_once('.').unwrap_or((host, "mongodb.net"));
    let (name, domain) = (name.to_owned(), domain.to_owned());
    clusters::set_standard(fields, &name, &domain);
}

/// A database user as Atlas answers one (recorded `createGroupDatabaseUser` 7efb079ebfc44a8f,
/// eb3c4c9f8b9b448b): no external authentication unless sent, no labels, no scopes.
fn database_user(fields: &mut Map<String, Value>, _: &Context<'_>) {
    for kind in ["awsIAMType", "ldapAuthType", "oidcAuthType", "x509Type"] {
        set_absent(fields, kind, json!("NONE"));
    }
    set_absent(fields, "labels", json!([]));
    set_absent(fields, "scopes", json!([]));
}

/// An on-demand snapshot, as `takeSnapshot` answers it (recorded): `type` replicaSet,
/// `snapshotType` onDemand, `frequencyType` ondemand, the cluster's name as `replicaSetName`,
/// `expiresAt` its retention from now, no size yet.
fn snapshot(fields: &mut Map<String, Value>, context: &Context<'_>) {
    let days = fields.get("retentionInDays").and_then(Value::as_u64).unwrap_or(1);
    fields.remove("retentionInDays");
    let expires = in_days(days);
    set_absent(fields, "type", json!("replicaSet"));
    set_absent(fields, "snapshotType", json!("onDemand"));
    set_absent(fields, "frequencyType", json!("ondemand"));
    set_absent(fields, "replicaSetName", json!(context.param("clusterName").unwrap_or_default()));
    set_absent(fields, "expiresAt", expires);
    // Set when it is taken (`snapshot_taken`), not when it is asked for.
    fields.remove("createdAt");
    set_absent(fields, "storageSizeBytes", json!(0));
    set_absent(fields, "copyRegions", json!([]));
    set_absent(fields, "policyItems", json!([]));
}

/// A snapshot Atlas has taken has the time it was taken: the 2 recorded `completed` reads
/// answer `createdAt`, none of the 6 `inProgress` ones nor the 2 `queued` creates does.
fn snapshot_taken(fields: &mut Map<String, Value>) {
    set_absent(fields, "createdAt", now());
}

/// A restore job, as `createBackupRestoreJob` answers it (recorded): not cancelled, expired
/// or failed, stamped now, no delivery URL yet.
fn restore_job(fields: &mut Map<String, Value>, _: &Context<'_>) {
    for flag in ["cancelled", "expired", "failed"] {
        set_absent(fields, flag, json!(false));
    }
    set_absent(fields, "deliveryUrl", json!([]));
    set_absent(fields, "timestamp", now());
    // A restore of a snapshot (not of a point in time) answers its desired timestamp unset
    // (recorded 66f5d3471b9c7308: each of its documented parts `null`).
    if !["pointInTimeUTCSeconds", "oplogTs"].iter().any(|field| fields.contains_key(*field)) {
        set_absent(fields, "desiredTimestamp", json!({"date": null, "increment": null}));
    }
}

/// An export job, as `createBackupExport` answers it (recorded): created now, nothing
/// exported yet, the prefix Atlas forms.
fn export_job(fields: &mut Map<String, Value>, context: &Context<'_>) {
    set_absent(fields, "createdAt", now());
    set_absent(fields, "exportStatus", json!({ "exportedCollections": 0, "totalCollections": 0 }));
    let cluster = context.param("clusterName").unwrap_or_default();
    let group = context.param("groupId").unwrap_or_default();
    set_absent(fields, "prefix", json!(format!("exported_snapshots/{group}/{cluster}")));
    set_absent(fields, "customData", json!([]));
}

/// What a restore or an export sets when it ends (recorded: `finishedAt` appears with the
/// end state).
fn finished_at(fields: &mut Map<String, Value>) {
    set_absent(fields, "finishedAt", now());
}

/// An online archive's pause and resume (recorded `updateOnlineArchive` answers): `paused`
/// true on an ACTIVE archive goes PAUSING then PAUSED; on any other, a 409
/// `ONLINE_ARCHIVE_MUST_BE_ACTIVE_TO_PAUSE`; `paused` false on a paused one goes PENDING then
/// ACTIVE.
fn archive_change(held: &Value, sent: &Value) -> Result<Option<Way>, AtlasError> {
    let state = held.get("state").and_then(Value::as_str).unwrap_or_default();
    let way = |now, end| Ok(Some(Way { now, end }));
    match (sent.get("paused").and_then(Value::as_bool), state) {
        (Some(true), "ACTIVE") => way("PAUSING", "PAUSED"),
        (Some(true), "PAUSING") => way("PAUSING", "PAUSED"),
        (Some(true), "PAUSED") => way("PAUSED", "PAUSED"),
        (Some(true), _) => Err(AtlasError::conflict("ONLINE_ARCHIVE_MUST_BE_ACTIVE_TO_PAUSE").detail(refused_detail())),
        (Some(false), "PAUSED") => way("PENDING", "ACTIVE"),
        _ => Ok(None),
    }
}

/// Atlas's detail of a pause refused (recorded).
fn refused_detail() -> &'static str {
    "An archive must be in an active state in order to be paused."
}

/// A new project as Atlas answers it (every recorded `createGroup`, 0b1a3e244046689a and 24
/// more): no clusters yet, and the default alerts unless the request said otherwise. Its
/// `clusterCount` then follows its clusters (`as_read`).
fn project(fields: &mut Map<String, Value>, _: &Context<'_>) {
    set_absent(fields, "clusterCount", json!(0));
    set_absent(fields, "withDefaultAlertsSettings", json!(true));
}

/// What an item answers as it is read after its creation: a count of the items under it (a
/// project's `clusterCount`: recorded `createGroup` answers count 0 in a new project), and an
/// API key's private key redacted (the spec: "Redacted private key ... This key displays
/// unredacted when first created"; `********-****-****-` and its last twelve digits, the form
/// public Atlas clients' fixtures of listed keys show).
pub(crate) fn as_read(template: &str, value: &mut Value, count: &dyn Fn(&str) -> usize) {
    if template == named::GROUPS && value.get("clusterCount").is_some() {
        value["clusterCount"] = json!(count("/clusters"));
    }
    let keys = [api_keys::OF_ORG, api_keys::OF_PROJECT];
    if let (true, Some(Value::String(private))) = (keys.contains(&template), value.get_mut("privateKey")) {
        *private = api_keys::redacted(private);
    }
}

/// An invitation to an organization as Atlas answers it (recorded `createOrgInvite`
/// 126fd087ea086a40 and two more): it expires 30 days after it is made, names who invited
/// (the caller) and the organization, and lists its teams and project roles, none unless sent.
fn org_invitation(fields: &mut Map<String, Value>, context: &Context<'_>) {
    invitation(fields);
    set_absent(fields, "teamIds", json!([]));
    set_absent(fields, "groupRoleAssignments", json!([]));
    if let Some(name) = context.owner.and_then(|org| org.get("name")) {
        set_absent(fields, "orgName", name.clone());
    }
}

/// An invitation to a project (recorded `createGroupInvite` 18d691be8bcc6438): the same, with
/// the project's name.
fn group_invitation(fields: &mut Map<String, Value>, context: &Context<'_>) {
    invitation(fields);
    if let Some(name) = context.owner.and_then(|project| project.get("name")) {
        set_absent(fields, "groupName", name.clone());
    }
}

fn invitation(fields: &mut Map<String, Value>) {
    set_absent(fields, "expiresAt", in_days(30));
    set_absent(fields, "inviterUsername", json!(crate::mock::CLIENT_ID));
}

/// A user invited to an organization, as `createOrgUser` answers it: a pending member
/// (`orgMembershipStatus` PENDING), invited now, by the caller.
fn invited_user(fields: &mut Map<String, Value>, _: &Context<'_>) {
    set_absent(fields, "orgMembershipStatus", json!("PENDING"));
    set_absent(fields, "invitationCreatedAt", now());
    set_absent(fields, "invitationExpiresAt", in_days(30));
    set_absent(fields, "inviterUsername", json!(crate::mock::CLIENT_ID));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_s_name_is_taken_only_in_its_own_organization() {
        let projects = "/api/atlas/v2/groups";
        let others = [json!({"name": "Shop", "orgId": "a"})];
        let taken_by = |sent: Value, held: Option<Value>| taken(projects, &sent, held.as_ref(), others.iter());
        assert_eq!(taken_by(json!({"name": "Shop", "orgId": "a"}), None), Some("name"));
        assert_eq!(taken_by(json!({"name": "Shop", "orgId": "b"}), None), None, "another organization's");
        assert_eq!(taken_by(json!({"name": "Shop"}), Some(json!({"orgId": "b"}))), None, "a rename keeps its org");
        assert_eq!(taken_by(json!({"name": "Shop"}), Some(json!({"orgId": "a"}))), Some("name"));
        assert_eq!(taken_by(json!({"name": "Cafe", "orgId": "a"}), None), None);
    }

    #[test]
    fn an_archive_pauses_only_when_active_and_resumes_when_paused() {
        let active = json!({"state": "ACTIVE"});
        assert_eq!(archive_change(&active, &json!({"paused": true})), Ok(Some(Way { now: "PAUSING", end: "PAUSED" })));
        let pending = json!({"state": "PENDING"});
        let refused = archive_change(&pending, &json!({"paused": true})).unwrap_err();
        assert_eq!(refused, AtlasError::conflict("ONLINE_ARCHIVE_MUST_BE_ACTIVE_TO_PAUSE").detail(refused_detail()));
        let paused = json!({"state": "PAUSED"});
        assert_eq!(archive_change(&paused, &json!({"paused": false})), Ok(Some(Way { now: "PENDING", end: "ACTIVE" })));
        assert_eq!(archive_change(&active, &json!({"criteria": {}})), Ok(None));
    }

    #[test]
    fn a_schedule_next_snapshots_at_its_first_slot_to_come() {
        let at = |text: &str| chrono::DateTime::parse_from_rfc3339(text).unwrap().to_utc();
        assert_eq!(next_snapshot(at("2026-08-10T03:16:06Z"), 3, 16), json!("2026-08-10T09:16:00Z"), "recorded");
        assert_eq!(next_snapshot(at("2026-08-10T01:00:00Z"), 3, 16), json!("2026-08-10T03:16:00Z"));
        assert_eq!(next_snapshot(at("2026-08-10T22:30:00Z"), 3, 16), json!("2026-08-11T03:16:00Z"), "the next day");
    }

    #[test]
    fn every_collection_the_table_names_is_spelled_once() {
        let mut seen = std::collections::BTreeSet::new();
        assert!(BEHAVIOURS.iter().all(|behaviour| seen.insert(behaviour.collection)));
    }
}
