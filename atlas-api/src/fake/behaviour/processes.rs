//! A project's processes: the `mongod`s (and, sharded, the `mongos`es and config servers) of
//! its dedicated clusters, from the clusters the fake holds, as Atlas answers
//! `listGroupProcesses` (recorded): a host `atlas-<6 letters>-shard-<shard>-<node>.<domain>`
//! on port 27017 in the replica set `atlas-<6 letters>-shard-<shard>`, the cluster's own name
//! in the host's `userAlias` (the host its connection strings name), its MongoDB version, one
//! primary; each process's databases (`config`, `local`) and disk (`data`), as recorded; and
//! a host's logs, gzip bytes as Atlas sends them. A shared (`TENANT`) cluster has none.

use std::io::Write as _;

use serde_json::{json, Map, Value};

use super::named::{missing, param, params, GROUPS};
use crate::fake::server_set::{now, self_link};
use crate::fake::store::{paged, Item, JsonAnswer, Store, StoreRequest};
use crate::mock::answer::AtlasError;

/// The log download, answered with bytes rather than JSON.
pub(crate) const DOWNLOAD: &str = "downloadGroupClusterLog";

const PROCESS: &str = "/api/atlas/v2/groups/{groupId}/processes/{processId}";

/// The processes of the project `group`, from its clusters.
fn of_project(store: &Store, group: &str) -> Result<Vec<Value>, AtlasError> {
    let collections = store.collections();
    let projects = collections.get(GROUPS).map(Vec::as_slice).unwrap_or_default();
    if !projects.iter().any(|project| project.key == group) {
        return Err(missing("/api/atlas/v2/groups/{groupId}", group));
    }
    let clusters = collections.get(&format!("{GROUPS}/{group}/clusters")).map(Vec::as_slice).unwrap_or_default();
    Ok(clusters.iter().flat_map(|cluster| of_cluster(group, cluster)).collect())
}

/// The cluster's processes: per shard, each node's `mongod` (and `mongos` when sharded), and a
/// sharded cluster's three config servers.
fn of_cluster(group: &str, cluster: &Item) -> Vec<Value> {
    let fields = &cluster.value;
    // A cluster that names no replication spec has one: a three-node replica set.
    let specs =
        fields["replicationSpecs"].as_array().cloned().filter(|specs| !specs.is_empty()).unwrap_or(vec![json!({})]);
    let regions = || specs.iter().flat_map(|spec| spec["regionConfigs"].as_array().cloned().unwrap_or_default());
    if regions().any(|region| region["providerName"] == "TENANT") {
        return Vec::new();
    }
    let name = fields["name"].as_str().unwrap_or("cluster").to_ascii_lowercase();
    let id = fields["id"].as_str().unwrap_or("000000");
    // The domain the cluster's connection strings name (see `cluster_ready`).
    let domain = format!("{}.mongodb.net", &id[id.len().saturating_sub(6)..]);
    let tag: String = id.bytes().take(6).map(|b| char::from(b'a' + b % 26)).collect();
    let version = fields["mongoDBVersion"].as_str().unwrap_or("8.0.14");
    let host = Host { group, version, domain: &domain, tag: &tag, name: &name };
    let sharded = matches!(fields["clusterType"].as_str(), Some("SHARDED" | "GEOSHARDED"));
    let mut processes = Vec::new();
    let shards =
        specs.iter().flat_map(|spec| std::iter::repeat_n(spec, spec["numShards"].as_u64().unwrap_or(1) as usize));
    for (shard, spec) in shards.enumerate() {
        let set = format!("atlas-{tag}-shard-{shard}");
        for node in 0..nodes(spec) {
            let at = format!("shard-{shard:02}-{node:02}");
            let kind = if node == 0 { "REPLICA_PRIMARY" } else { "REPLICA_SECONDARY" };
            processes.push(host.process(&at, 27017, Some(&set), kind));
            if sharded {
                processes.push(host.process(&at, 27016, None, "SHARD_MONGOS"));
            }
        }
    }
    if sharded {
        let set = format!("atlas-{tag}-config-0");
        for node in 0..3 {
            let at = format!("config-00-{node:02}");
            let kind = if node == 0 { "SHARD_CONFIG_PRIMARY" } else { "SHARD_CONFIG_SECONDARY" };
            processes.push(host.process(&at, 27017, Some(&set), kind));
        }
    }
    processes
}

/// The nodes of one replication spec: its regions' electable, read-only and analytics nodes
/// (three when it names none).
fn nodes(spec: &Value) -> u64 {
    let regions = spec["regionConfigs"].as_array().cloned().unwrap_or_default();
    let count = |region: &Value| {
        ["electableSpecs", "readOnlySpecs", "analyticsSpecs"]
            .iter()
            .map(|kind| region[kind]["nodeCount"].as_u64().unwrap_or(0))
            .sum::<u64>()
    };
    match regions.iter().map(count).sum() {
        0 => 3,
        nodes => nodes,
    }
}

/// What every process of a cluster shares.
struct Host<'a> {
    group: &'a str,
    version: &'a str,
    domain: &'a str,
    /// The 6 letters of its hosts' names (`atlas-<tag>-shard-00-00`).
    tag: &'a str,
    /// The cluster's name, in each host's alias.
    name: &'a str,
}

impl Host<'_> {
    /// The process on port `port` of the host at `at` (`shard-00-01`, `config-00-00`).
    fn process(&self, at: &str, port: u16, set: Option<&str>, kind: &str) -> Value {
        let hostname = format!("atlas-{}-{at}.{}", self.tag, self.domain);
        let alias = format!("{}-{at}", self.name);
        let id = format!("{hostname}:{port}");
        let mut process = Map::new();
        process.insert("created".into(), now());
        process.insert("groupId".into(), json!(self.group));
        process.insert("hostname".into(), json!(hostname));
        process.insert("id".into(), json!(id));
        process.insert("lastPing".into(), now());
        process.insert("links".into(), self_link(&format!("{GROUPS}/{}/processes/{id}", self.group)));
        process.insert("port".into(), json!(port));
        if let Some(set) = set {
            process.insert("replicaSetName".into(), json!(set));
        }
        process.insert("typeName".into(), json!(kind));
        process.insert("userAlias".into(), json!(format!("{alias}.{}", self.domain)));
        process.insert("version".into(), json!(self.version));
        Value::Object(process)
    }
}

/// The process the request names, with the request's parameters.
fn named(store: &Store, asked: &StoreRequest<'_>) -> Result<Value, AtlasError> {
    let params = params(asked);
    let (Some(group), Some(id)) = (param(&params, "groupId"), param(&params, "processId")) else {
        return Err(AtlasError::bad_request("INVALID_PATH_PARAMETER"));
    };
    let processes = of_project(store, group)?;
    processes.into_iter().find(|process| process["id"] == id).ok_or_else(|| missing(PROCESS, id))
}

pub(super) fn list(store: &Store, asked: &StoreRequest<'_>) -> Option<JsonAnswer> {
    let params = params(asked);
    let processes = match of_project(store, param(&params, "groupId")?) {
        Ok(processes) => processes,
        Err(missing) => return Some(Err(missing)),
    };
    Some(paged(asked, &processes))
}

pub(super) fn read(store: &Store, asked: &StoreRequest<'_>) -> Option<JsonAnswer> {
    Some(named(store, asked).map(|process| (asked.known.operation.status, Some(process))))
}

/// What a process holds of `kind` (its databases, its disks), as recorded: each named by
/// `field`, with its link.
fn parts(process: &Value, kind: &str, field: &str, names: &[&str]) -> Vec<Value> {
    let at = process["links"][0]["href"].as_str().unwrap_or_default().to_owned();
    let part =
        |name: &&str| json!({ field: name, "links": [{ "href": format!("{at}/{kind}/{name}"), "rel": "self" }] });
    names.iter().map(part).collect()
}

const DATABASES: &[&str] = &["config", "local"];
const DISKS: &[&str] = &["data"];

fn list_parts(store: &Store, asked: &StoreRequest<'_>, kind: &str, field: &str, names: &[&str]) -> Option<JsonAnswer> {
    Some(
        named(store, asked).map(|process| parts(&process, kind, field, names)).and_then(|values| paged(asked, &values)),
    )
}

fn read_part(
    store: &Store,
    asked: &StoreRequest<'_>,
    (kind, field, param_name): (&str, &str, &str),
    names: &[&str],
) -> Option<JsonAnswer> {
    let params = params(asked);
    let name = param(&params, param_name)?.to_owned();
    Some(named(store, asked).and_then(|process| {
        let found = parts(&process, kind, field, names).into_iter().find(|part| part[field] == name.as_str());
        let item = format!("{PROCESS}/{kind}/{{{param_name}}}");
        found.map(|part| (asked.known.operation.status, Some(part))).ok_or_else(|| missing(&item, &name))
    }))
}

pub(super) fn databases(store: &Store, asked: &StoreRequest<'_>) -> Option<JsonAnswer> {
    list_parts(store, asked, "databases", "databaseName", DATABASES)
}

pub(super) fn database(store: &Store, asked: &StoreRequest<'_>) -> Option<JsonAnswer> {
    read_part(store, asked, ("databases", "databaseName", "databaseName"), DATABASES)
}

pub(super) fn disks(store: &Store, asked: &StoreRequest<'_>) -> Option<JsonAnswer> {
    list_parts(store, asked, "disks", "partitionName", DISKS)
}

pub(super) fn disk(store: &Store, asked: &StoreRequest<'_>) -> Option<JsonAnswer> {
    read_part(store, asked, ("disks", "partitionName", "partitionName"), DISKS)
}

/// A host's log (`mongodb`, `mongos`, or their audit logs), as `downloadGroupClusterLog`
/// answers it: gzip bytes of the host's log lines (MongoDB's structured log); a host no
/// cluster of the project has is a 404.
pub(crate) fn download(store: &Store, asked: &StoreRequest<'_>) -> Option<Result<(u16, Vec<u8>), AtlasError>> {
    if asked.known.operation.id != DOWNLOAD {
        return None;
    }
    let params = params(asked);
    let (group, host, log) = (param(&params, "groupId")?, param(&params, "hostName")?, param(&params, "logName")?);
    let processes = match of_project(store, group) {
        Ok(processes) => processes,
        Err(missing) => return Some(Err(missing)),
    };
    let names = |process: &&Value| process["hostname"] == host || process["userAlias"] == host;
    let Some(process) = processes.iter().find(names) else {
        return Some(Err(missing("/api/atlas/v2/groups/{groupId}/clusters/{hostName}/logs/{logName}.gz", host)));
    };
    let lines = log_lines(process, log);
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzip.write_all(lines.as_bytes()).ok()?;
    Some(Ok((asked.known.operation.status, gzip.finish().ok()?)))
}

/// A few lines of the host's log, in MongoDB's structured form.
fn log_lines(process: &Value, log: &str) -> String {
    let at = now();
    let line = |id: u32, component: &str, message: &str, attr: Value| {
        json!({ "t": { "$date": at }, "s": "I", "c": component, "id": id, "ctx": "initandlisten", "msg": message, "attr": attr })
            .to_string()
    };
    let host = process["hostname"].as_str().unwrap_or_default();
    let version = process["version"].as_str().unwrap_or_default();
    let start =
        line(4615611, "CONTROL", "MongoDB starting", json!({ "host": host, "port": process["port"], "log": log }));
    let build = line(23403, "CONTROL", "Build Info", json!({ "buildInfo": { "version": version } }));
    let listening = line(23016, "NETWORK", "Waiting for connections", json!({ "port": process["port"], "ssl": "on" }));
    format!("{start}\n{build}\n{listening}\n")
}
