//! What the spec cannot say of its resources (`spec/resources.toml`), for the fake's model
//! (`lower/resources.rs` derives the rest from the paths and schemas): the body fields that
//! carry a key no field is named after (an access list entry's `entryValue` is its
//! `ipAddress`, `cidrBlock` or `awsSecurityGroup`), the body field a create posted above its
//! collection is placed by (a private endpoint service's `providerName` is the
//! `{cloudProvider}` of where it is read), and the query parameter of a delete that keeps
//! what is under the item (`retainBackups`). Each entry names its source and is checked
//! against the spec: a stale one fails regeneration at its pointer.

use serde::Deserialize;

use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::{body_fields, Api, Facts, Method, Operation, ParamLocation};

/// The parsed table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourcesTable {
    #[serde(default, rename = "key")]
    pub keys: Vec<KeyEntry>,
    #[serde(default, rename = "placement")]
    pub placements: Vec<PlacementEntry>,
    #[serde(default, rename = "retain")]
    pub retains: Vec<RetainEntry>,
}

/// `[[key]]`: the body fields that carry the item parameter `param` of `collection`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyEntry {
    pub collection: String,
    pub param: String,
    pub fields: Vec<String>,
    pub source: String,
}

/// `[[placement]]`: the create `create` (an operationId) lands where `param` is the value
/// of its body's `field`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlacementEntry {
    pub create: String,
    pub param: String,
    pub field: String,
    pub source: String,
}

/// `[[retain]]`: the delete `operation` keeps what is under the item when its query
/// parameter `query` is `true`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetainEntry {
    pub operation: String,
    pub query: String,
    pub source: String,
}

/// One entry of any kind, for holding the table to the spec entry by entry.
#[derive(Debug, Clone)]
pub(crate) enum ResourcePart {
    Key(KeyEntry),
    Placement(PlacementEntry),
    Retain(RetainEntry),
}

impl ResourcesTable {
    pub(crate) fn parts(&self) -> Vec<ResourcePart> {
        let keys = self.keys.iter().cloned().map(ResourcePart::Key);
        let placements = self.placements.iter().cloned().map(ResourcePart::Placement);
        keys.chain(placements).chain(self.retains.iter().cloned().map(ResourcePart::Retain)).collect()
    }

    pub(crate) fn from_parts(parts: &[ResourcePart]) -> Self {
        let mut table = ResourcesTable::default();
        for part in parts {
            match part {
                ResourcePart::Key(entry) => table.keys.push(entry.clone()),
                ResourcePart::Placement(entry) => table.placements.push(entry.clone()),
                ResourcePart::Retain(entry) => table.retains.push(entry.clone()),
            }
        }
        table
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        super::TableKind::Resources.parse(text)
    }

    pub fn from_file(path: &std::path::Path) -> Result<Self, String> {
        super::TableKind::Resources.read(path)
    }

    /// Each entry against the spec; every fault is reported. `placed` is where lowering lands
    /// a create with a parameter inserted (`lower/resources.rs`), handed in so that a table
    /// imports nothing above the IR.
    pub(crate) fn check(&self, api: &Api, placed: Placed) -> Result<Facts, Diagnostics> {
        let mut diags = Diagnostics::new();
        let mut facts = Facts::default();
        for entry in &self.keys {
            match check_key(api, entry) {
                Ok(()) => facts.keys.push((entry.collection.clone(), entry.param.clone(), entry.fields.clone())),
                Err((at, why)) => diags.push(at, format!("key `{}` of {}: {why}", entry.param, entry.collection)),
            }
        }
        for entry in &self.placements {
            match check_placement(api, entry, placed) {
                Ok(()) => facts.placements.push((entry.create.clone(), entry.param.clone(), entry.field.clone())),
                Err((at, why)) => diags.push(at, format!("placement of {}: {why}", entry.create)),
            }
        }
        for entry in &self.retains {
            match check_retain(api, entry) {
                Ok(()) => facts.retains.push((entry.operation.clone(), entry.query.clone())),
                Err((at, why)) => diags.push(at, format!("retain of {}: {why}", entry.operation)),
            }
        }
        diags.into_result(facts)
    }
}

type Fault = (Pointer, String);

/// The collection a create lands in with the parameter inserted, and where: the fake's
/// model decides it (`lower::resources::placed_template`).
pub(crate) type Placed = fn(&Api, &Operation, &str) -> Option<(String, usize)>;

fn sourced(source: &str) -> Result<(), Fault> {
    if source.trim().is_empty() {
        return Err((Pointer::root(), "no `source`: say where the fact was seen".to_owned()));
    }
    Ok(())
}

fn check_key(api: &Api, entry: &KeyEntry) -> Result<(), Fault> {
    sourced(&entry.source)?;
    let item = format!("{}/{{{}}}", entry.collection, entry.param);
    let read = api.operation_at(Method::Get, &item).ok_or_else(|| {
        (Pointer::root().push("paths"), format!("no GET of `{item}` reads an item by `{}`", entry.param))
    })?;
    let create = api
        .operation_at(Method::Post, &entry.collection)
        .ok_or_else(|| (read.pointer.clone(), format!("no POST to `{}` creates its items", entry.collection)))?;
    let fields = body_fields(api, create);
    match entry.fields.iter().find(|field| !fields.contains(field)) {
        Some(field) => Err((create.pointer.clone(), format!("its body holds no field `{field}`"))),
        None => Ok(()),
    }
}

fn check_placement(api: &Api, entry: &PlacementEntry, placed: Placed) -> Result<(), Fault> {
    sourced(&entry.source)?;
    let create = find_operation(api, &entry.create)?;
    if create.method != Method::Post {
        return Err((create.pointer.clone(), format!("a {}, not a create", create.method)));
    }
    if !body_fields(api, create).contains(&entry.field) {
        return Err((create.pointer.clone(), format!("its body holds no field `{}`", entry.field)));
    }
    match placed(api, create, &entry.param) {
        Some(_) => Ok(()),
        None => Err((
            create.pointer.clone(),
            format!("no GET reads an item under its path with `{{{}}}` inserted", entry.param),
        )),
    }
}

fn check_retain(api: &Api, entry: &RetainEntry) -> Result<(), Fault> {
    sourced(&entry.source)?;
    let delete = find_operation(api, &entry.operation)?;
    if delete.method != Method::Delete {
        return Err((delete.pointer.clone(), format!("a {}, not a delete", delete.method)));
    }
    let query = |p: &&crate::ir::Parameter| p.location == ParamLocation::Query && p.wire == entry.query;
    match delete.parameters.iter().find(query) {
        Some(_) => Ok(()),
        None => Err((delete.pointer.clone(), format!("no query parameter `{}`", entry.query))),
    }
}

fn find_operation<'a>(api: &'a Api, id: &str) -> Result<&'a Operation, Fault> {
    api.operations
        .iter()
        .find(|op| op.operation_id == id)
        .ok_or_else(|| (Pointer::root().push("paths"), format!("no operation `{id}`")))
}
