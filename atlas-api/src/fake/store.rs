//! The fake's state and what each action answers: items by collection in the order they were
//! created, each kept as the JSON it was written with, with the operation, version and type
//! that wrote it. A read answers only in the shape the item was written in: a version whose
//! type is another one is refused, naming both, never answered in a silently wrong shape.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

use percent_encoding::utf8_percent_encode;
use serde_json::{Map, Value};

use super::codes;
use super::events;
use super::life::{self, Life};
use super::placed::{self, Placements};
use super::resource::{self, Action, Address, Target};
use super::server_set::{self, Place};
use crate::mock::answer::{page, AtlasError};
use crate::mock::lock;
use crate::mock::route::Known;
use crate::path::{Segment, SEGMENT};
use crate::request::Method;

/// What wrote an item: the operation and version, and the Rust type of its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Written {
    pub(crate) operation: &'static str,
    pub(crate) version: &'static str,
    pub(crate) shape: &'static str,
}

#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub(crate) key: String,
    /// Its path as requests address it: what the paths of the collections under it start with.
    pub(crate) path: String,
    pub(crate) written: Written,
    pub(crate) value: Value,
    /// Where it is on its way to a waiter's end state, if it is.
    pub(crate) life: Option<Life>,
    /// Whether what is under it stays when it is gone (a cluster deleted with
    /// `retainBackups=true` keeps its snapshots).
    pub(crate) retains: bool,
}

/// A status and body, or the error Atlas would answer with.
pub(crate) type Answered = Result<(u16, Option<Value>), AtlasError>;

/// One request as the store sees it.
pub(crate) struct Asked<'a> {
    pub(crate) known: &'a Known,
    pub(crate) path: &'a str,
    pub(crate) query: &'a [(String, String)],
    pub(crate) body: &'a [u8],
}

#[derive(Default)]
pub(crate) struct Store {
    collections: Mutex<BTreeMap<String, Vec<Item>>>,
    ids: AtomicU64,
    /// Where the creates whose own path names no item create (read once from the table).
    placements: OnceLock<Placements>,
}

/// Where a create stores its item: the collection's path and template, and the values of the
/// parameters in that path.
struct Into<'t> {
    collection: String,
    template: &'t [Segment],
    params: Vec<(&'static str, String)>,
}

impl Store {
    /// What the fake answers, or `None` when it does not model the operation (the caller then
    /// answers with the spec's example).
    pub(crate) fn answer(&self, operations: &[Known], asked: &Asked<'_>) -> Option<Answered> {
        let target = resource::target(asked.known.operation, asked.path)?;
        // A collection is modelled when the API creates its items (or a test put one there).
        let template = resource::collection_of(asked.known.operation.path.segments())?;
        let placements = self.placements(operations);
        let receives = creatable(operations, placements, template) || events::receives(template);
        if !receives && lock(&self.collections).get(&target.collection).is_none() {
            return None;
        }
        if let Err(missing) = self.parents_exist(operations, &target) {
            return Some(Err(missing));
        }
        Some(match target.action {
            Action::Create => {
                let into = self.into(operations, asked, target.collection)?;
                self.create(operations, asked, &into)?
            }
            Action::List => self.list(asked, &target.collection)?,
            Action::Read | Action::Merge | Action::Replace | Action::Delete => {
                let item = self.placed_item(placements, target.item?);
                self.item(operations, asked, target.action, &item)
            }
        })
    }

    /// Where the creates whose own path names no item create.
    pub(crate) fn placements(&self, operations: &[Known]) -> &Placements {
        self.placements.get_or_init(|| {
            let operations: Vec<_> = operations.iter().map(|known| known.operation).collect();
            placed::placements(&operations)
        })
    }

    /// Where a create sent to `collection` stores its item: there, when a GET reads an item
    /// under it, else where it is placed (see `placed`).
    fn into(&self, operations: &[Known], asked: &Asked<'_>, collection: String) -> Option<Into<'static>> {
        let posted = asked.known.operation.path.segments();
        let mut params = asked.known.operation.path.values(asked.path);
        if item_names(operations, posted).is_some() {
            return Some(Into { collection, template: posted, params });
        }
        let (_, placed) = self.placements(operations).iter().find(|(post, _)| *post == posted)?;
        let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(asked.body) else { return None };
        let (collection, param) = placed.collection(asked.path, &body)?;
        params.push(param);
        Some(Into { collection, template: placed.template, params })
    }

    /// The item `address` names where a placed create put it, when it is addressed under the
    /// create's own path (`PATCH …/privateEndpoint/endpointService/{id}` of an item held in
    /// `…/privateEndpoint/AWS/endpointService`).
    fn placed_item(&self, placements: &Placements, address: Address) -> Address {
        let Some((_, placed)) = placements.iter().find(|(post, _)| *post == address.template) else { return address };
        let collections = lock(&self.collections);
        let holds = |(path, items): &(&String, &Vec<Item>)| {
            placed.without(path).as_deref() == Some(address.collection.as_str())
                && items.iter().any(|item| item.key == address.key)
        };
        match collections.iter().find(holds) {
            Some((path, _)) => Address { collection: path.clone(), template: placed.template, ..address },
            None => address,
        }
    }

    /// A 404 for the first parent that is missing, among those the fake could have created.
    fn parents_exist(&self, operations: &[Known], target: &Target) -> Result<(), AtlasError> {
        let placements = self.placements(operations);
        let collections = lock(&self.collections);
        for parent in &target.parents {
            let found =
                collections.get(&parent.collection).is_some_and(|items| items.iter().any(|i| i.key == parent.key));
            if !found && creatable(operations, placements, parent.template) {
                return Err(missing(parent));
            }
        }
        Ok(())
    }

    fn create(&self, operations: &[Known], asked: &Asked<'_>, into: &Into<'_>) -> Option<Answered> {
        let collection = into.collection.as_str();
        let mut body = match serde_json::from_slice::<Value>(asked.body) {
            Ok(Value::Object(body)) => body,
            Ok(Value::Array(entries)) => return self.create_each(operations, asked, into, entries),
            _ => return None,
        };
        let mut keys = Vec::new();
        for name in item_names(operations, into.template)? {
            keys.push(self.key_of(&mut body, name, asked.known.example)?);
        }
        let key = keys.join("/");
        let mut collections = lock(&self.collections);
        let items = collections.entry(collection.to_owned()).or_default();
        if items.iter().any(|item| item.key == key) {
            let detail = format!("{key} already exists in {collection}.");
            let code = codes::duplicate(into.template);
            return Some(Err(AtlasError::conflict(code).detail(detail)));
        }
        let mut value = Value::Object(body);
        let path = item_path(collection, &keys);
        let place = Place { path: &path, params: &into.params, id: &|| self.fresh_id() };
        server_set::fill(&mut value, asked.known, &place);
        let life = life::start(&life::specs(operations, &path), &mut value, false);
        let item =
            Item { key, path: path.clone(), written: written(asked.known), value: value.clone(), life, retains: false };
        items.push(item);
        self.record(operations, &mut collections, asked, &into.params, &value);
        Some(Ok((asked.known.operation.status, answer_body(asked.known, &value))))
    }

    /// A POST of a list of items (an IP access list's entries): each is added, or replaces
    /// the item of its key (Atlas adds or updates them), and the answer is the collection as
    /// its list call answers it.
    fn create_each(
        &self,
        operations: &[Known],
        asked: &Asked<'_>,
        into: &Into<'_>,
        entries: Vec<Value>,
    ) -> Option<Answered> {
        let names = item_names(operations, into.template)?;
        let shape = list_of(asked.known.body_shape)?;
        let mut made = Vec::new();
        for entry in entries {
            let Value::Object(mut body) = entry else { return None };
            let keys: Option<Vec<String>> =
                names.iter().map(|name| self.key_of(&mut body, name, asked.known.example)).collect();
            let keys = keys?;
            let path = item_path(&into.collection, &keys);
            made.push((keys.join("/"), path, Value::Object(body)));
        }
        let mut collections = lock(&self.collections);
        let items = collections.entry(into.collection.clone()).or_default();
        for (key, path, value) in made {
            items.retain(|item| item.key != key);
            let written = Written { shape, ..written(asked.known) };
            items.push(Item { key, path, written, value, life: None, retains: false });
        }
        let values: Vec<Value> = items.iter().map(|item| item.value.clone()).collect();
        let status = asked.known.operation.status;
        if list_of(asked.known.output_shape).is_some() {
            return Some(Ok((status, Some(Value::Array(values)))));
        }
        // The page a list of the collection answers, when the create answers the same type.
        let template = asked.known.operation.path.segments();
        let lists = |known: &Known| {
            known.item_shape.is_some()
                && known.output_shape == asked.known.output_shape
                && known.operation.path.segments() == template
        };
        operations.iter().any(lists).then(|| paged(status, &values, asked.query))
    }

    /// The value of the body field that carries the key parameter `name`; an id the body
    /// does not carry is the server's to give, and is given, under the field the operation's
    /// example answer spells it with (`id`, or `indexID` for `{indexId}`).
    fn key_of(&self, body: &mut Map<String, Value>, name: &str, example: Option<&str>) -> Option<String> {
        let fields = key_fields(name);
        for field in &fields {
            if let Some(Value::String(value)) = body.get(field) {
                return Some(value.clone());
            }
        }
        if !(name.ends_with("Id") || name.ends_with("ID")) {
            return None;
        }
        let example: Option<Map<String, Value>> = example.and_then(|json| serde_json::from_str(json).ok());
        let field = fields
            .iter()
            .find(|field| example.as_ref().is_some_and(|example| example.contains_key(*field)))
            .map_or("id", String::as_str);
        let id = self.fresh_id();
        body.insert(field.to_owned(), Value::String(id.clone()));
        Some(id)
    }

    /// An id no item has: 24 hex digits, as Atlas's are.
    fn fresh_id(&self) -> String {
        format!("5e2211c1{:016x}", self.ids.fetch_add(1, Ordering::Relaxed) + 1)
    }

    /// A page of the items, for a paged list of their type, or all of them, for a list that
    /// answers an array of their type; `None` for a list of another shape.
    fn list(&self, asked: &Asked<'_>, collection: &str) -> Option<Answered> {
        let (shape, is_page) = match asked.known.item_shape {
            Some(shape) => (shape, true),
            None => (list_of(asked.known.output_shape)?, false),
        };
        let collections = lock(&self.collections);
        let items = collections.get(collection).map(Vec::as_slice).unwrap_or_default();
        if let Some(other) = items.iter().find_map(|item| agrees(item, asked.known, shape).err()) {
            return Some(Err(other));
        }
        let values: Vec<Value> = items.iter().map(|item| item.value.clone()).collect();
        if !is_page {
            return Some(Ok((asked.known.operation.status, Some(Value::Array(values)))));
        }
        Some(paged(asked.known.operation.status, &values, asked.query))
    }

    fn item(&self, operations: &[Known], asked: &Asked<'_>, action: Action, address: &Address) -> Answered {
        let mut collections = lock(&self.collections);
        if action == Action::Delete {
            in_use(&collections, address)?;
        }
        let items = collections.entry(address.collection.clone()).or_default();
        let Some(at) = items.iter().position(|item| item.key == address.key) else { return Err(missing(address)) };
        let status = asked.known.operation.status;
        let item = &mut items[at];
        // The answer, and the item a change or a removal leaves for the events it records.
        let (answer, done) = match action {
            Action::Read => {
                if !life::step(&mut item.life, &mut item.value) {
                    let gone = items.remove(at);
                    drop_under(&mut collections, &gone);
                    return Err(missing(address));
                }
                agrees(item, asked.known, asked.known.output_shape)?;
                (Some(item.value.clone()), None)
            }
            Action::Delete => {
                let held = item.value.clone();
                // `retainBackups=true`: what is under it stays when it is gone.
                item.retains = asked.query.iter().any(|(name, value)| name.starts_with("retain") && value == "true");
                item.life = life::deleting(&life::specs(operations, asked.path), &mut item.value);
                // A delete that answers a body (a peering's `RequestAccepted`) gets the item
                // as it now is when that is its shape, else an empty object.
                let answer = match asked.known.output_shape {
                    "()" => None,
                    shape if readable(&item.written, asked.known.operation.version, shape) => Some(item.value.clone()),
                    _ => Some(Value::Object(Map::new())),
                };
                if item.life.is_none() {
                    let gone = items.remove(at);
                    drop_under(&mut collections, &gone);
                }
                (answer, Some(held))
            }
            // A merge or a replace (a create or a list is no item action).
            _ => {
                agrees(item, asked.known, asked.known.output_shape)?;
                let mut sent: Value = serde_json::from_slice(asked.body).unwrap_or_default();
                if action == Action::Replace {
                    server_set::keep(&item.value, &mut sent, asked.known);
                    item.value = sent;
                } else {
                    merge(&mut item.value, sent);
                }
                // What the change adds gets what the server sets (a new shard its id).
                let params = asked.known.operation.path.values(asked.path);
                let place = Place { path: &item.path, params: &params, id: &|| self.fresh_id() };
                server_set::fill(&mut item.value, asked.known, &place);
                item.life = life::start(&life::specs(operations, asked.path), &mut item.value, true);
                (answer_body(asked.known, &item.value), Some(item.value.clone()))
            }
        };
        if let Some(done) = done {
            let params = asked.known.operation.path.values(asked.path);
            self.record(operations, &mut collections, asked, &params, &done);
        }
        Ok((status, answer))
    }

    /// Records in the events lists what a successful call records (see `events`), newest
    /// first, as Atlas lists them.
    fn record(
        &self,
        operations: &[Known],
        collections: &mut BTreeMap<String, Vec<Item>>,
        asked: &Asked<'_>,
        params: &[(&'static str, String)],
        item: &Value,
    ) {
        let done = events::Done { operation: asked.known.operation.id, params, item };
        for (path, event) in events::recorded(&done, &|| self.fresh_id()) {
            let list = events::list_template(&path);
            let lists =
                |known: &&Known| known.operation.method == Method::Get && Some(known.operation.path.as_str()) == list;
            let Some(lister) = operations.iter().find(lists) else { continue };
            let shape = lister.item_shape.unwrap_or(lister.output_shape);
            let written = Written { operation: lister.operation.id, version: lister.operation.version, shape };
            let key = event["id"].as_str().unwrap_or_default().to_owned();
            let item = Item { path: format!("{path}/{key}"), key, written, value: event, life: None, retains: false };
            collections.entry(path).or_default().insert(0, item);
        }
    }

    /// Brings every item on its way to its end now (those not held); the ones deleted are gone.
    pub(crate) fn advance(&self) {
        let mut collections = lock(&self.collections);
        let mut gone = Vec::new();
        for items in collections.values_mut() {
            items.retain_mut(|item| {
                let stays = life::finish(&mut item.life, &mut item.value);
                if !stays {
                    gone.push(item.clone());
                }
                stays
            });
        }
        for item in gone {
            drop_under(&mut collections, &item);
        }
    }

    /// Holds the item where it is on its way (`false` when there is no such item).
    pub(crate) fn hold(&self, address: &Address) -> bool {
        let mut collections = lock(&self.collections);
        let found =
            collections.get_mut(&address.collection).and_then(|items| items.iter_mut().find(|i| i.key == address.key));
        match found {
            Some(item) => {
                if let Some(on) = item.life.as_mut() {
                    on.held = true;
                }
                true
            }
            None => false,
        }
    }

    /// The items of `collection`, for a test to read.
    pub(crate) fn items(&self, collection: &str) -> Vec<Item> {
        lock(&self.collections).get(collection).cloned().unwrap_or_default()
    }

    /// Puts `value` in `collection` under `key`, replacing an item there (a test's seed).
    pub(crate) fn put(&self, address: &Address, path: &str, written: Written, value: Value) {
        let mut collections = lock(&self.collections);
        let items = collections.entry(address.collection.clone()).or_default();
        items.retain(|item| item.key != address.key);
        items.push(Item {
            key: address.key.clone(),
            path: path.to_owned(),
            written,
            value,
            life: None,
            retains: false,
        });
    }
}

/// The path of the item keyed `keys` in `collection` (each key percent-encoded, as the
/// client sends it).
fn item_path(collection: &str, keys: &[String]) -> String {
    let keys: String = keys.iter().map(|key| format!("/{}", utf8_percent_encode(key, SEGMENT))).collect();
    format!("{collection}{keys}")
}

/// A 409 when something under the item `address` names still uses it (a project's clusters).
fn in_use(collections: &BTreeMap<String, Vec<Item>>, address: &Address) -> Result<(), AtlasError> {
    let found = collections.get(&address.collection).and_then(|items| items.iter().find(|i| i.key == address.key));
    let Some(item) = found else { return Ok(()) };
    let holds = |pattern: &str| collections.iter().any(|(path, items)| !items.is_empty() && codes::fits(pattern, path));
    match codes::in_use(address.template, &address.names, &item.path, holds) {
        Some(code) => Err(AtlasError::conflict(code).detail(format!("{} is still in use.", item.path))),
        None => Ok(()),
    }
}

/// Removes what was under an item that is gone (a project's database users, a cluster's
/// snapshots), unless it was deleted to keep them.
fn drop_under(collections: &mut BTreeMap<String, Vec<Item>>, gone: &Item) {
    let under = format!("{}/", gone.path);
    collections.retain(|collection, _| gone.retains || !collection.starts_with(&under));
}

/// One page of `values`, as the query asks for it.
fn paged(status: u16, values: &[Value], query: &[(String, String)]) -> Answered {
    match page(values, query) {
        Ok(body) => Ok((status, Some(serde_json::from_slice(&body).unwrap_or_default()))),
        Err(why) => Err(AtlasError::bad_request("INVALID_QUERY_PARAMETER").detail(why)),
    }
}

/// The item type of a `Vec` type, by name (`alloc::vec::Vec<T>` gives `T`).
fn list_of(shape: &str) -> Option<&str> {
    shape.strip_prefix("alloc::vec::Vec<")?.strip_suffix('>')
}

/// The parameters that name an item of the collection `template`, when an operation reads one.
fn item_names(operations: &[Known], template: &[Segment]) -> Option<Vec<&'static str>> {
    resource::item_names(operations.iter().map(|known| known.operation), template)
}

/// Whether the API creates the items of the collection `template` names: a POST to it of one
/// item, or of a list of items of the type a GET of one answers, and that GET, by the
/// parameters after the collection.
fn creatable(operations: &[Known], placements: &Placements, template: &[Segment]) -> bool {
    // A create placed elsewhere (see `placed`): its own collection and the one it creates in.
    if placements.iter().any(|(post, placed)| *post == template || placed.template == template) {
        return true;
    }
    let Some(names) = item_names(operations, template) else { return false };
    let reads = |known: &&Known| {
        let rest = known.operation.path.segments().get(template.len()..).unwrap_or_default();
        known.operation.method == Method::Get
            && known.operation.path.segments().starts_with(template)
            && rest.len() == names.len()
    };
    let item_shapes: Vec<&str> = operations.iter().filter(reads).map(|known| known.output_shape).collect();
    let posts = |known: &Known| {
        known.operation.method == Method::Post
            && known.operation.path.segments() == template
            && list_of(known.body_shape).is_none_or(|item| item_shapes.contains(&item))
    };
    operations.iter().any(posts)
}

/// Whether the fake answers `known` from its state (rather than with the spec's example),
/// before a test puts anything in it.
pub(crate) fn modelled(operations: &[Known], placements: &Placements, known: &Known) -> bool {
    let Some(template) = resource::collection_of(known.operation.path.segments()) else { return false };
    let list_shape = known.item_shape.is_some() || list_of(known.output_shape).is_some();
    match resource::action(known.operation) {
        Some(Action::List) => list_shape && (creatable(operations, placements, template) || events::receives(template)),
        Some(Action::Read) => creatable(operations, placements, template) || events::receives(template),
        Some(_) => creatable(operations, placements, template),
        None => false,
    }
}

/// The body of an answer with `value`: none where the call answers nothing (`()`).
fn answer_body(known: &Known, value: &Value) -> Option<Value> {
    (known.output_shape != "()").then(|| value.clone())
}

fn written(known: &Known) -> Written {
    Written { operation: known.operation.id, version: known.operation.version, shape: known.output_shape }
}

/// The body fields that may carry the key parameter `name`: itself, then `name` for a
/// `...Name` parameter (`clusterName`), `id` and `...ID` for a `...Id` one (`groupId`,
/// `indexId` as `indexID`).
fn key_fields(name: &str) -> Vec<String> {
    // An access list entry is named by its IP address, CIDR block or AWS security group
    // (the spec's description of `entryValue`).
    if name == "entryValue" {
        return ["ipAddress", "cidrBlock", "awsSecurityGroup"].map(str::to_owned).to_vec();
    }
    let mut fields = vec![name.to_owned()];
    if name.ends_with("Name") {
        fields.push("name".to_owned());
    }
    if let Some(stem) = name.strip_suffix("Id").or_else(|| name.strip_suffix("ID")) {
        fields.push("id".to_owned());
        fields.push(format!("{stem}ID"));
    }
    fields
}

fn missing(address: &Address) -> AtlasError {
    let detail = format!("No item {} exists in {}.", address.key, address.collection);
    AtlasError::not_found(codes::missing(address.template, &address.names)).detail(detail)
}

/// Whether what `written` wrote may be answered by an operation of `version` answering
/// `shape`: the same dated version (one generation of the API), or the same type.
pub(crate) fn readable(written: &Written, version: &str, shape: &str) -> bool {
    written.version == version || written.shape == shape
}

/// Refuses to answer `item` in another version's shape.
fn agrees(item: &Item, known: &Known, shape: &'static str) -> Result<(), AtlasError> {
    if readable(&item.written, known.operation.version, shape) {
        return Ok(());
    }
    let why = format!(
        "the fake holds {} as written by {} version {} ({}); {} version {} answers {}, another shape",
        item.key,
        item.written.operation,
        item.written.version,
        short(item.written.shape),
        known.operation.id,
        known.operation.version,
        short(shape),
    );
    Err(AtlasError::new(409, "FAKE_VERSION_MISMATCH").detail(why))
}

/// A type's name without its module path.
fn short(name: &str) -> &str {
    name.rsplit("::").next().unwrap_or(name)
}

/// A PATCH: each field sent replaces the one held; objects merge field by field.
fn merge(held: &mut Value, sent: Value) {
    match (held, sent) {
        (Value::Object(held), Value::Object(sent)) => {
            for (key, value) in sent {
                match held.get_mut(&key) {
                    Some(slot) if slot.is_object() && value.is_object() => merge(slot, value),
                    _ => {
                        held.insert(key, value);
                    }
                }
            }
        }
        (held, sent) => *held = sent,
    }
}
