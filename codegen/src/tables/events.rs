//! The events Atlas records when a call succeeds (`spec/events.toml`): creating a project
//! records `GROUP_CREATED` in its organization's events, creating a cluster `CLUSTER_CREATED`
//! in its project's. Each entry is checked against the spec: the operation is one that
//! changes something, the list of the scope's events answers that event type (it is a value
//! of an enum its items reach), and the call names the scope (a path parameter, or a field
//! of what it answers). The fake records them.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::{Api, Event, Method, Operation, ParamLocation, TypeId, TypeKind, TypeRef};

/// The parsed table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsTable {
    #[serde(default, rename = "event")]
    pub events: Vec<EventEntry>,
}

/// One `[[event]]`, unchecked.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventEntry {
    /// The operation (`operationId`) whose success records the event.
    pub after: String,
    /// `org` or `group`: whose events list it.
    pub scope: String,
    /// The event type name (`GROUP_CREATED`).
    pub event: String,
    /// Fields of the event and what gives each its value: a path parameter of the call, else
    /// a field of the item it wrote or removed (`{ dbUserUsername = "username" }`).
    #[serde(default)]
    pub fields: std::collections::BTreeMap<String, String>,
    /// Who Atlas names as having done it: `caller` (the default: the API key that made the
    /// call, and where from) or `atlas` (an event Atlas records of its own work, with no caller).
    #[serde(default)]
    pub by: Option<String>,
    pub source: String,
}

impl EventsTable {
    pub fn parse(text: &str) -> Result<Self, String> {
        super::TableKind::Events.parse(text)
    }

    pub fn from_file(path: &std::path::Path) -> Result<Self, String> {
        super::TableKind::Events.read(path)
    }

    /// Each entry against the spec; every fault is reported, at the JSON pointer of the
    /// operation at fault (or of `paths` when there is none).
    pub(crate) fn check(&self, api: &Api) -> Result<Vec<Event>, Diagnostics> {
        let mut diags = Diagnostics::new();
        let mut events = Vec::new();
        for entry in &self.events {
            match check_one(api, entry) {
                Ok(event) => events.push(event),
                Err((pointer, why)) => {
                    diags.push(pointer, format!("event `{}` after {}: {why}", entry.event, entry.after))
                }
            }
        }
        diags.into_result(events)
    }
}

fn check_one(api: &Api, entry: &EventEntry) -> Result<Event, (Pointer, String)> {
    if entry.source.trim().is_empty() {
        return Err((Pointer::root(), "no `source`: say where Atlas was seen to record it".to_owned()));
    }
    let by_caller = match entry.by.as_deref() {
        None | Some("caller") => true,
        Some("atlas") => false,
        Some(other) => return Err((Pointer::root(), format!("by `{other}` is neither `caller` nor `atlas`"))),
    };
    let (list, param) = match entry.scope.as_str() {
        "org" => ("/api/atlas/v2/orgs/{orgId}/events", "orgId"),
        "group" => ("/api/atlas/v2/groups/{groupId}/events", "groupId"),
        other => return Err((Pointer::root(), format!("scope `{other}` is neither `org` nor `group`"))),
    };
    let paths = Pointer::root().push("paths");
    let after = api.operations.iter().find(|op| op.operation_id == entry.after);
    let after = after.ok_or_else(|| (paths.clone(), "no operation has that id".to_owned()))?;
    if after.method == Method::Get {
        return Err((after.pointer.clone(), "a GET changes nothing, so records no event".to_owned()));
    }
    for name in std::iter::once(param).chain(entry.fields.values().map(String::as_str)) {
        if !names(api, after, name) {
            let why = format!("names no `{name}`: no path parameter, no field of what it sends, answers or reads");
            return Err((after.pointer.clone(), why));
        }
    }
    let lists = api.operation_at(Method::Get, list);
    let lists = lists.ok_or_else(|| (paths, format!("no GET of {list}")))?;
    let mut items = Vec::new();
    for version in lists.versions.iter().filter_map(|v| v.paging.as_ref()) {
        version.item.ids(&mut items);
    }
    let values = enum_values(api, items);
    if !values.contains(&entry.event) {
        return Err((lists.pointer.clone(), format!("{list} answers no event of that type")));
    }
    let fields = entry.fields.iter().map(|(field, from)| (field.clone(), from.clone())).collect();
    let (list, param, event) = (list.to_owned(), param.to_owned(), entry.event.clone());
    Ok(Event { after: entry.after.clone(), list, param, event, fields, by_caller })
}

/// Whether a call of `op` names `name`: one of its path parameters, or a field of what it
/// sends or answers (each item of a list it sends), or of what a GET of its path answers (the
/// item a delete removes).
fn names(api: &Api, op: &Operation, name: &str) -> bool {
    let in_path = op.parameters.iter().any(|p| p.location == ParamLocation::Path && p.wire == name);
    let has = |ty: &TypeRef| match ty {
        TypeRef::Vec(item) => !api.fields_named(item, name).is_empty(),
        ty => !api.fields_named(ty, name).is_empty(),
    };
    let reads = api.operation_at(Method::Get, op.path.as_str());
    let bodies = |op: &Operation| -> Vec<TypeRef> {
        let versions = op.versions.iter();
        versions.flat_map(|v| [&v.request, &v.response]).filter_map(|b| b.as_ref()?.ty.clone()).collect()
    };
    in_path || std::iter::once(op).chain(reads).flat_map(bodies).any(|ty| has(&ty))
}

/// The values of every enum the types `roots` reach.
fn enum_values(api: &Api, roots: Vec<TypeId>) -> BTreeSet<String> {
    let enums = api.reachable(roots).into_iter().filter_map(|id| match &api.get(id).kind {
        TypeKind::Enum(e) => Some(e.variants.iter().map(|v| v.wire.clone())),
        _ => None,
    });
    enums.flatten().collect()
}
