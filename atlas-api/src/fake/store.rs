//! The fake's state and what each action answers: items by collection in the order they were
//! created, each kept as the JSON it was written with, with the operation, version and type
//! that wrote it (which version may read it: `versions`; which collections are kept: `kept`;
//! an item's key: `keys`). It is the layer under the mock: what no expectation answers, it
//! answers from its state, in the shape of the operation's answer (`shaped`).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use percent_encoding::utf8_percent_encode;
use serde_json::{Map, Value};

use super::behaviour::{self, Context};
use super::codes;
use super::create_placement::Placed;
use super::entry::FakeEntry;
use super::events;
use super::keys;
use super::lifecycle::{self, Life};
use super::model::Resource;
use super::resource::{self, Action, Address, Target};
use super::server_set::{self, Place};
pub(crate) use super::versions::Written;
use super::versions::{agrees, readable};
use crate::mock::answer::{AtlasError, Paging};
use crate::mock::layer::Caller;
use crate::mock::lock;
use crate::path::{Segment, SEGMENT};
use crate::request::{Method, Operation};

/// A status and JSON body, or the error Atlas would answer with: what the fake answers from
/// its state, before it is put in the shape of the operation's answer.
pub(crate) type JsonAnswer = Result<(u16, Option<Value>), AtlasError>;

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
    /// Its collection's template as the spec writes it (what its behaviour is found by), when
    /// a create made it.
    pub(crate) template: String,
    /// What the next reads of it answer, in turn, before the item as it is: a change Atlas's
    /// reads do not show at once (a shared-tier cluster upgraded still reads as it was).
    pub(crate) passing: Vec<Value>,
}

impl Item {
    /// An item at rest: on no way to a waiter's end state.
    pub(crate) fn new(key: String, path: String, written: Written, value: Value) -> Self {
        Item { key, path, written, value, life: None, retains: false, template: String::new(), passing: Vec::new() }
    }

    /// An item at rest in a collection of the template `template` (as the spec writes it),
    /// for what the resource's own code knows of it.
    pub(crate) fn of(template: impl Into<String>, key: String, path: String, written: Written, value: Value) -> Self {
        Item { template: template.into(), ..Item::new(key, path, written, value) }
    }
}

/// One request as the store sees it: the fake's entry of its operation, and what was sent.
pub(crate) struct StoreRequest<'a> {
    pub(crate) known: &'a FakeEntry,
    pub(crate) path: &'a str,
    pub(crate) query: &'a [(String, String)],
    pub(crate) body: &'a [u8],
    /// The spec's example of the answer: what a singleton holds before anything is written.
    pub(crate) example: Option<&'static str>,
    /// Who sent it.
    pub(crate) caller: Caller<'a>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Store({} collections)", lock(&self.collections).len())
    }
}

pub(crate) struct Store {
    /// The fake's table: every operation and version of the enabled tags.
    pub(crate) entries: Vec<FakeEntry>,
    collections: Mutex<BTreeMap<String, Vec<Item>>>,
    ids: AtomicU64,
    /// Where the creates posted above their collection land.
    placements: Vec<Placed>,
}

/// Where a create stores its item: the collection's path and template, and the values of the
/// parameters in that path.
struct Destination<'t> {
    collection: String,
    template: &'t [Segment],
    params: Vec<(&'static str, String)>,
}

impl Store {
    /// The entry of the newest version of `operation` (a read, to hold an item as it answers).
    pub(crate) fn newest(&self, operation: &str) -> Option<&FakeEntry> {
        let versions = self.entries.iter().filter(|known| known.operation.id == operation);
        versions.max_by_key(|known| known.operation.version)
    }

    pub(crate) fn new(entries: Vec<FakeEntry>) -> Self {
        let placements = entries
            .iter()
            .filter_map(|entry| {
                let (_, resource) = entry.role?;
                let segments = entry.operation.path.segments();
                let posted = resource::collection_of(segments)?;
                Some(Placed { posted, template: template_of(&entries, resource)?, placement: entry.placed? })
            })
            .collect();
        Store { entries, collections: Mutex::default(), ids: AtomicU64::new(0), placements }
    }

    /// The entry of `operation`, found by name: a `const` operation may stand at another
    /// address at each use.
    pub(crate) fn entry(&self, operation: &Operation) -> Option<&FakeEntry> {
        let same =
            |entry: &&FakeEntry| entry.operation.id == operation.id && entry.operation.version == operation.version;
        self.entries.iter().find(same)
    }

    /// What the fake answers, or `None` when it does not model the operation (the caller then
    /// answers with the spec's example).
    pub(crate) fn answer(&self, asked: &StoreRequest<'_>) -> Option<JsonAnswer> {
        let operations = self.entries.as_slice();
        let (action, resource) = asked.known.role?;
        let target = resource::target(asked.known.operation, action, resource.singleton, asked.path)?;
        // A collection is modelled when the API creates its items (or a test put one there).
        let template = resource::collection_of(asked.known.operation.path.segments())?;
        if !self.keeps(template) && lock(&self.collections).get(&target.collection).is_none() {
            return None;
        }
        if let Err(missing) = self.parents_exist(&target) {
            return Some(Err(missing));
        }
        Some(match target.action {
            // A POST to the item path creates the item the path names (an integration).
            Action::Create if target.item.is_some() => {
                let at = target.item?;
                let into = Destination {
                    collection: target.collection,
                    template: at.template,
                    params: asked.known.operation.path.values(asked.path),
                };
                self.create(operations, asked, resource, &into, Some(at.key))?
            }
            Action::Create => {
                let into = self.into(asked, target.collection)?;
                self.create(operations, asked, resource, &into, None)?
            }
            Action::List => self.list(asked, &target.collection)?,
            Action::Read | Action::Merge | Action::Replace | Action::Delete => {
                let item = self.placed_item(target.item?);
                // A singleton no POST creates exists from the start (a project's settings), or
                // from its first write when Atlas holds none until then (a compliance policy).
                let writes = matches!(target.action, Action::Merge | Action::Replace);
                let absent = behaviour::absent_until_written(&resource::text(item.template));
                if resource.singleton && !resource.creatable && (writes || !absent) {
                    self.seed_singleton(asked, &item, absent);
                }
                self.item(operations, asked, target.action, &item)
            }
        })
    }

    /// A singleton never written holds what Atlas holds by default: the spec's example of
    /// the answer (an empty object without one); one Atlas holds none of until it is
    /// written (`absent`), nothing until that write.
    fn seed_singleton(&self, asked: &StoreRequest<'_>, address: &Address, absent: bool) {
        let mut collections = lock(&self.collections);
        if collections.get(&address.collection).is_none_or(Vec::is_empty) {
            let example = || asked.example.and_then(|json| serde_json::from_str(json).ok());
            let params = asked.known.operation.path.values(asked.path);
            let owner = owner_of(&collections, &address.collection).map(|owner| &owner.value);
            let context = Context {
                params: &params,
                id: &|| self.fresh_id(),
                owner,
                named: &[],
                version: asked.known.operation.version,
                caller: asked.caller.name(),
            };
            let template = resource::text(address.template);
            // One absent until written starts empty: its first write makes all of it.
            let value: Value = match absent {
                true => Value::Object(Map::new()),
                false => behaviour::default_of(&template, &context).or_else(example).unwrap_or_default(),
            };
            let mut value = if value.is_object() { value } else { Value::Object(Map::new()) };
            // Its own link, as the recorded schedule (d64d2f5800a0d089) has; the answer's type
            // takes it out where it holds none.
            if let Value::Object(fields) = &mut value {
                if behaviour::linked(&template) && !fields.contains_key("links") {
                    fields.insert("links".to_owned(), server_set::self_link(&address.collection));
                }
            }
            // The fields it holds as one with the item it belongs to (a cluster's TLS settings).
            for link in behaviour::linked::LINKED.iter().filter(|link| link.part == template) {
                if let Some(owner) = owner {
                    link.to_part(owner, &mut value);
                }
            }
            let items = collections.entry(address.collection.clone()).or_default();
            items.push(Item::of(template, String::new(), address.collection.clone(), written(asked.known), value));
        }
    }

    /// Where the creates posted above their collection land.
    pub(super) fn placements(&self) -> &[Placed] {
        &self.placements
    }

    /// Where a create sent to `collection` stores its item: there, unless the model places it
    /// elsewhere (see `placed`).
    fn into(&self, asked: &StoreRequest<'_>, collection: String) -> Option<Destination<'static>> {
        let posted = asked.known.operation.path.segments();
        let mut params = asked.known.operation.path.values(asked.path);
        if asked.known.placed.is_none() {
            return Some(Destination { collection, template: posted, params });
        }
        let placed = self.placements().iter().find(|placed| placed.posted == posted)?;
        let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(asked.body) else { return None };
        let (collection, param) = placed.collection(asked.path, &body)?;
        params.push(param);
        Some(Destination { collection, template: placed.template, params })
    }

    /// The item `address` names where a placed create put it, when it is addressed under the
    /// create's own path (`PATCH …/privateEndpoint/endpointService/{id}` of an item held in
    /// `…/privateEndpoint/AWS/endpointService`).
    fn placed_item(&self, address: Address) -> Address {
        let placements = self.placements();
        let Some(placed) = placements.iter().find(|placed| placed.posted == address.template) else { return address };
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
    fn parents_exist(&self, target: &Target) -> Result<(), AtlasError> {
        let collections = lock(&self.collections);
        for parent in &target.parents {
            if find(&collections, parent).is_none() && self.creatable(parent.template) {
                return Err(missing(parent));
            }
        }
        Ok(())
    }

    /// The key the path names, else the ones the body carries or the server gives.
    fn new_keys(
        &self,
        resource: &Resource,
        named: Option<String>,
        body: &mut Map<String, Value>,
    ) -> Option<Vec<String>> {
        match named {
            Some(key) => Some(vec![key]),
            None => resource.keys.iter().map(|key| keys::key_of(body, key, || self.fresh_id())).collect(),
        }
    }

    fn create(
        &self,
        operations: &[FakeEntry],
        asked: &StoreRequest<'_>,
        resource: &Resource,
        into: &Destination<'_>,
        named: Option<String>,
    ) -> Option<JsonAnswer> {
        let collection = into.collection.as_str();
        let mut body = match serde_json::from_slice::<Value>(asked.body) {
            Ok(Value::Object(body)) => body,
            Ok(Value::Array(entries)) if named.is_none() => {
                return self.create_each(operations, asked, resource, into, entries)
            }
            _ => return None,
        };
        let template = resource::text(into.template);
        if let Err(refused) = behaviour::refused(&template, &body) {
            return Some(Err(refused));
        }
        let keys = self.new_keys(resource, named, &mut body)?;
        let key = keys.join("/");
        let mut collections = lock(&self.collections);
        let items = collections.entry(collection.to_owned()).or_default();
        if items.iter().any(|item| item.key == key) {
            let detail = format!("{key} already exists in {collection}.");
            let code = codes::duplicate(into.template);
            return Some(Err(AtlasError::conflict(code).detail(detail)));
        }
        let unsent = behaviour::unsent_echoes(&template, &body);
        let mut value = Value::Object(body);
        let named = match named_items(&collections, &template, &value, &into.params) {
            Ok(named) => named,
            Err(refused) => return Some(Err(refused)),
        };
        if let Err(refused) = behaviour::refused_beside(&collections, &template, asked.query, &value) {
            return Some(Err(refused));
        }
        let path = item_path(collection, &keys);
        let owner = owner_of(&collections, &path).map(|owner| owner.value.clone());
        let items = collections.entry(collection.to_owned()).or_default();
        if let Some(field) = behaviour::taken(&template, &value, None, items.iter().map(|item| &item.value)) {
            let detail = format!("Another item of {collection} has this {field}.");
            return Some(Err(AtlasError::conflict(codes::duplicate(into.template)).detail(detail)));
        }
        let place = Place { path: &path, params: &into.params, id: &|| self.fresh_id() };
        server_set::fill(&mut value, asked.known, &place);
        let version = asked.known.operation.version;
        let context = Context {
            params: &into.params,
            id: &|| self.fresh_id(),
            owner: owner.as_ref(),
            named: &named,
            version,
            caller: asked.caller.name(),
        };
        behaviour::created(&template, &mut value, &context);
        let life = lifecycle::start(&lifecycle::specs(operations, &path), &mut value, false);
        let life = if behaviour::at_once(&template, &value) { life.map(Life::at_once) } else { life };
        let shape = asked.known.output_item.filter(|_| asked.known.paged).unwrap_or(asked.known.output);
        let written = Written { shape, ..written(asked.known) };
        items.push(Item { life, ..Item::of(template.clone(), key, path, written, value.clone()) });
        self.record(operations, &mut collections, asked, &into.params, &value);
        self.accompany(operations, &mut collections, &template, collection, &value);
        behaviour::made_beside(self, &mut collections, &template, asked.query, &value);
        let status = asked.known.operation.status;
        // A create that answers a page of its collection (an integration) answers them all.
        if asked.known.paged {
            let values: Vec<Value> = collections[collection].iter().map(|item| item.value.clone()).collect();
            return Some(paged(asked, &values));
        }
        // What Atlas answers only when sent, and the create did not send, it leaves out.
        if let Some(fields) = value.as_object_mut() {
            fields.retain(|field, _| !unsent.contains(&field.as_str()));
        }
        Some(Ok((status, answer_body(asked.known, &value))))
    }

    /// A POST of a list of items (an IP access list's entries): each is added, or replaces
    /// the item of its key (Atlas adds or updates them), and the answer is the collection as
    /// its list call answers it.
    fn create_each(
        &self,
        operations: &[FakeEntry],
        asked: &StoreRequest<'_>,
        resource: &Resource,
        into: &Destination<'_>,
        entries: Vec<Value>,
    ) -> Option<JsonAnswer> {
        let shape = asked.known.body_item?;
        let mut made = Vec::new();
        for entry in entries {
            let Value::Object(mut body) = entry else { return None };
            let keys: Option<Vec<String>> =
                resource.keys.iter().map(|key| keys::key_of(&mut body, key, || self.fresh_id())).collect();
            let keys = keys?;
            let path = item_path(&into.collection, &keys);
            made.push((keys.join("/"), path, Value::Object(body)));
        }
        let mut collections = lock(&self.collections);
        let items = collections.entry(into.collection.clone()).or_default();
        let added: Vec<Value> = made.iter().map(|(_, _, value)| value.clone()).collect();
        for (key, path, value) in made {
            items.retain(|item| item.key != key);
            items.push(Item::new(key, path, Written { shape, ..written(asked.known) }, value));
        }
        let values: Vec<Value> = items.iter().map(|item| item.value.clone()).collect();
        for value in &added {
            self.record(operations, &mut collections, asked, &into.params, value);
        }
        let status = asked.known.operation.status;
        if asked.known.output_item.is_some() && !asked.known.paged {
            return Some(Ok((status, Some(Value::Array(values)))));
        }
        // The page a list of the collection answers, when the create answers the same type.
        let template = asked.known.operation.path.segments();
        let lists = |known: &FakeEntry| {
            known.paged && known.output == asked.known.output && known.operation.path.segments() == template
        };
        operations.iter().any(lists).then(|| paged(asked, &values))
    }

    /// An id no item has: 24 hex digits, as Atlas's are.
    pub(super) fn fresh_id(&self) -> String {
        format!("5e2211c1{:016x}", self.ids.fetch_add(1, Ordering::Relaxed) + 1)
    }

    /// A page of the items, for a paged list of their type, or all of them, for a list that
    /// answers an array of their type; `None` for a list of another shape.
    fn list(&self, asked: &StoreRequest<'_>, collection: &str) -> Option<JsonAnswer> {
        let (shape, is_page) = (asked.known.output_item?, asked.known.paged);
        let collections = lock(&self.collections);
        let items = collections.get(collection).map(Vec::as_slice).unwrap_or_default();
        // Each item as this version reads it (in an older shape Atlas answers it in), or why not.
        let read = |item: &Item| match agrees(&item.key, &item.written, asked.known, shape) {
            Ok(()) => Ok(answered_as_read(&collections, &item.template, &item.path, item.value.clone())),
            Err(refused) => older(item, &item.value, asked.known).unwrap_or(Err(refused)),
        };
        let read: Vec<Value> = match items.iter().map(read).collect() {
            Ok(read) => read,
            Err(refused) => return Some(Err(refused)),
        };
        // A query parameter naming a field of the items lists those that have the value sent.
        let filters: Vec<(&'static str, &String)> = asked
            .known
            .filters
            .iter()
            .filter_map(|&filter| asked.query.iter().find(|(name, _)| name == filter).map(|(_, value)| (filter, value)))
            .collect();
        let kept = |value: &&Value| filters.iter().all(|(field, sent)| value[*field].as_str() == Some(sent.as_str()));
        let values: Vec<Value> = read.iter().filter(kept).cloned().collect();
        if !is_page {
            return Some(Ok((asked.known.operation.status, Some(Value::Array(values)))));
        }
        Some(paged(asked, &values))
    }

    fn item(
        &self,
        operations: &[FakeEntry],
        asked: &StoreRequest<'_>,
        action: Action,
        address: &Address,
    ) -> JsonAnswer {
        let mut collections = lock(&self.collections);
        if action == Action::Delete {
            in_use(operations, &collections, address)?;
        }
        let params = asked.known.operation.path.values(asked.path);
        let items = collections.entry(address.collection.clone()).or_default();
        let Some(at) = items.iter().position(|item| item.key == address.key) else { return Err(missing(address)) };
        let (template, path) = (items[at].template.clone(), items[at].path.clone());
        let status = asked.known.operation.status;
        let item = &mut items[at];
        // The answer, and the item a change or a removal leaves for the events it records.
        let (answer, done) = match action {
            Action::Read if !item.passing.is_empty() => {
                let shown = item.passing.remove(0);
                (Some(read_of(item, &shown, asked.known)?), None)
            }
            Action::Read => {
                if !step(item, lifecycle::step) {
                    let gone = items.remove(at);
                    drop_under(&mut collections, &gone);
                    return Err(missing(address));
                }
                (Some(as_read(item, asked.known)?), None)
            }
            // An item Atlas empties rather than removes (a backup schedule) answers as read.
            Action::Delete if behaviour::clears(&template) => cleared(item, asked.known)?,
            Action::Delete => {
                item.passing.clear();
                let held = item.value.clone();
                // `retainBackups=true`: what is under it stays when it is gone.
                let kept = |query: &str| asked.query.iter().any(|(name, value)| name == query && value == "true");
                item.retains = asked.known.retain.is_some_and(kept);
                item.life = deleting(operations, asked.path, &template, &mut item.value);
                let answer = deleted_answer(asked.known, item);
                if item.life.is_none() {
                    let gone = items.remove(at);
                    drop_under(&mut collections, &gone);
                }
                (answer, Some(held))
            }
            // A merge or a replace (a create or a list is no item action).
            _ => self.change(operations, asked, action, address, (items, at), &params)?,
        };
        if let Some(done) = done {
            if matches!(action, Action::Merge | Action::Replace) {
                share(&mut collections, address, &done);
            }
            self.record(operations, &mut collections, asked, &params, &done);
        }
        Ok((status, answer.map(|value| answered_as_read(&collections, &template, &path, value))))
    }

    /// A merge or a replace of the item at `at` of `items`: the answer, and the item as it
    /// now is.
    fn change(
        &self,
        operations: &[FakeEntry],
        asked: &StoreRequest<'_>,
        action: Action,
        address: &Address,
        (items, at): (&mut [Item], usize),
        params: &[(&'static str, String)],
    ) -> Result<(Option<Value>, Option<Value>), AtlasError> {
        let item = &mut items[at];
        let sent: Value = serde_json::from_slice(asked.body).unwrap_or_default();
        // A change in another version's shape is taken where Atlas takes it, and
        // answered in that version's shape.
        let (mut sent, older_shape) = match agrees_unless_singleton(item, asked.known) {
            Ok(()) => (sent, false),
            Err(refused) => (written_as(item, asked.known, &sent).unwrap_or(Err(refused))?, true),
        };
        let way = behaviour::changed(&item.template, &item.value, &sent)?;
        refuse_taken(items, at, &sent, address)?;
        let item = &mut items[at];
        item.passing.clear();
        let before = item.value.clone();
        if action == Action::Replace {
            server_set::keep(&item.value, &mut sent, asked.known);
            item.value = sent;
        } else {
            merge(&mut item.value, sent);
        }
        // What the change adds gets what the server sets (a new shard its id).
        // The parameters above the item: its own key is its id field's, never a field of its
        // own (a PUT of an alert configuration answers no `alertConfigId`).
        let above: Vec<(&'static str, String)> =
            params.iter().filter(|(name, _)| !address.names.contains(name)).cloned().collect();
        let place = Place { path: &item.path, params: &above, id: &|| self.fresh_id() };
        server_set::fill(&mut item.value, asked.known, &place);
        let id = || self.fresh_id();
        let (version, caller) = (asked.known.operation.version, asked.caller.name());
        let context = Context { version, caller, ..Context::aside(params, &id) };
        behaviour::refilled(&item.template, &before, &mut item.value, &context);
        let specs = lifecycle::specs(operations, asked.path);
        item.life = match way {
            Some(way) => lifecycle::along(&specs, &mut item.value, way),
            None => lifecycle::start(&specs, &mut item.value, true),
        };
        let answer =
            if older_shape { Some(as_read(item, asked.known)?) } else { answer_body(asked.known, &item.value) };
        Ok((answer, Some(item.value.clone())))
    }

    /// Makes what Atlas makes beside the item `value` new at `collection` (its template
    /// `template`): a cluster's network container, unless one like it is there.
    pub(super) fn accompany(
        &self,
        operations: &[FakeEntry],
        collections: &mut BTreeMap<String, Vec<Item>>,
        template: &str,
        collection: &str,
        value: &Value,
    ) {
        for companion in behaviour::containers::companions(template, collection, value) {
            let lists = |known: &&FakeEntry| {
                known.operation.method == Method::Get
                    && known.paged
                    && known.operation.path.as_str() == companion.template
            };
            let Some(lister) = operations.iter().find(lists) else { continue };
            let items = collections.entry(companion.collection.clone()).or_default();
            let same =
                |item: &Item| companion.same.iter().all(|field| item.value.get(*field) == companion.value.get(*field));
            if items.iter().any(same) {
                continue;
            }
            let (id, mut made) = (self.fresh_id(), companion.value);
            behaviour::containers::identified(&mut made, &id);
            let shape = lister.output_item.unwrap_or(lister.output);
            let written = Written { operation: lister.operation.id, version: lister.operation.version, shape };
            items.push(Item::new(id.clone(), format!("{}/{id}", companion.collection), written, made));
        }
    }

    /// The collections, for a resource's own code (`behaviour::calls`).
    pub(super) fn collections(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Vec<Item>>> {
        lock(&self.collections)
    }

    /// Records in the events lists what a successful call records (see `events`), newest
    /// first, as Atlas lists them.
    pub(super) fn record(
        &self,
        operations: &[FakeEntry],
        collections: &mut BTreeMap<String, Vec<Item>>,
        asked: &StoreRequest<'_>,
        params: &[(&'static str, String)],
        item: &Value,
    ) {
        let operation = asked.known.operation.id;
        let named = events::names_caller(operation);
        let caller = if named { behaviour::caller::actor(asked.caller, collections) } else { events::Actor::default() };
        let done = events::Done { operation, params, item, caller: &caller };
        for recorded in events::recorded(&done) {
            let lists = |known: &&FakeEntry| {
                known.operation.method == Method::Get && known.operation.path.as_str() == recorded.list
            };
            let Some(lister) = operations.iter().find(lists) else { continue };
            let Ok(path) = lister.operation.path.fill(&[&recorded.scope]) else { continue };
            let shape = lister.output_item.unwrap_or(lister.output);
            let written = Written { operation: lister.operation.id, version: lister.operation.version, shape };
            let id = self.fresh_id();
            let event = recorded.event(&path, &id);
            collections
                .entry(path.clone())
                .or_default()
                .insert(0, Item::new(id.clone(), format!("{path}/{id}"), written, event));
        }
    }

    /// Brings every item on its way to its end now (those not held); the ones deleted are gone.
    pub(crate) fn advance(&self) {
        let mut collections = lock(&self.collections);
        let mut gone = Vec::new();
        for items in collections.values_mut() {
            items.retain_mut(|item| {
                item.passing.clear();
                let stays = step(item, lifecycle::finish);
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

    /// The item `address` names, for a test to read.
    pub(crate) fn item_at(&self, address: &Address) -> Option<Item> {
        find(&lock(&self.collections), address).cloned()
    }

    /// Puts `value` in `collection` under `key`, replacing an item there (a test's seed).
    pub(crate) fn put(&self, address: &Address, path: &str, written: Written, value: Value) {
        let mut collections = lock(&self.collections);
        let items = collections.entry(address.collection.clone()).or_default();
        items.retain(|item| item.key != address.key);
        items.push(Item::of(resource::text(address.template), address.key.clone(), path.to_owned(), written, value));
    }
}

/// An item Atlas empties rather than removes on a DELETE (a backup schedule): the answer, as
/// read, and the item before.
fn cleared(item: &mut Item, known: &FakeEntry) -> Result<(Option<Value>, Option<Value>), AtlasError> {
    let held = item.value.clone();
    behaviour::cleared(&item.template, &mut item.value);
    Ok((Some(as_read(item, known)?), Some(held)))
}

/// The way out of the item `value` at `path` (of the collection `template`) a DELETE starts:
/// through `DELETING` when a waiter of it names that state, unless Atlas takes such an item
/// away at once; `None`: it is gone now.
fn deleting(operations: &[FakeEntry], path: &str, template: &str, value: &mut Value) -> Option<Life> {
    if behaviour::at_once(template, value) {
        return None;
    }
    lifecycle::deleting(&lifecycle::specs(operations, path), value)
}

/// What a delete answers: the item as it now is when a body of its shape is answered (a
/// peering's `RequestAccepted`), else an empty object, as Atlas answers a delete (recorded
/// deleteGroup, deleteGroupCluster: a client reading no body ignores it); nothing for a 204.
fn deleted_answer(known: &FakeEntry, item: &Item) -> Option<Value> {
    let output = known.output;
    if output.is_unit() {
        (known.operation.status != 204).then(|| Value::Object(Map::new()))
    } else if readable(&item.written, known.operation.version, output) {
        Some(item.value.clone())
    } else {
        Some(Value::Object(Map::new()))
    }
}

/// A 409 when the change `sent` of the item at `at` gives it a unique field's value another
/// item of its collection holds (a team renamed to another team's name).
fn refuse_taken(items: &[Item], at: usize, sent: &Value, address: &Address) -> Result<(), AtlasError> {
    let others = items.iter().filter(|other| other.key != address.key).map(|other| &other.value);
    match behaviour::taken(&items[at].template, sent, Some(&items[at].value), others) {
        Some(field) => {
            let detail = format!("Another item of {} has this {field}.", address.collection);
            Err(AtlasError::conflict(codes::duplicate(address.template)).detail(detail))
        }
        None => Ok(()),
    }
}

/// What a read of `item` by `known` answers: the item in the shape it was written in, or in
/// an older version's shape Atlas answers it in; else why not.
fn as_read(item: &Item, known: &FakeEntry) -> Result<Value, AtlasError> {
    read_of(item, &item.value, known)
}

/// `value`, the item `item` or what a read of it answers before the item as it is
/// (`Item::passing`), as a read by `known` answers it: in the shape it was written in (a
/// singleton in every version's: one state every version reads, as a cluster's process
/// arguments), or in an older version's shape Atlas answers it in; else why not.
fn read_of(item: &Item, value: &Value, known: &FakeEntry) -> Result<Value, AtlasError> {
    match agrees_unless_singleton(item, known) {
        Ok(()) => Ok(value.clone()),
        Err(refused) => older(item, value, known).unwrap_or(Err(refused)),
    }
}

/// `value`, of `item`, in the older shape a read by `known` gets from Atlas, if Atlas answers
/// it so.
fn older(item: &Item, value: &Value, known: &FakeEntry) -> Option<Result<Value, AtlasError>> {
    let (written, version) = (item.written.version, known.operation.version);
    behaviour::cluster_versions::read_as(&item.template, value, written, version)
        .or_else(|| behaviour::teams::read_as(&item.template, &item.path, value, written, version).map(Ok))
}

/// The change `sent` by `known`, in an older version's shape than `item` is held in, in the
/// item's shape, if Atlas takes such a change.
fn written_as(item: &Item, known: &FakeEntry, sent: &Value) -> Option<Result<Value, AtlasError>> {
    let (written, version) = (item.written.version, known.operation.version);
    behaviour::cluster_versions::write_as(&item.template, sent, &item.value, written, version)
}

fn agrees_unless_singleton(item: &Item, known: &FakeEntry) -> Result<(), AtlasError> {
    if item.key.is_empty() {
        return Ok(());
    }
    agrees(&item.key, &item.written, known, known.output)
}

/// The template of `resource`'s collection, as an operation that reads one of its items
/// spells it.
fn template_of(entries: &[FakeEntry], resource: &'static Resource) -> Option<&'static [Segment]> {
    entries.iter().find_map(|entry| {
        let (action, of) = entry.role?;
        let segments = entry.operation.path.segments();
        let same = std::ptr::eq(of, resource) && action == Action::Read && segments.len() >= resource.keys.len();
        same.then(|| &segments[..segments.len() - resource.keys.len()])
    })
}

/// One step of the item on its way (`how`: a read's, or all the way at once): `false` when it
/// is now gone; what Atlas sets when its work ends is set when it gets there.
fn step(item: &mut Item, how: fn(&mut Option<Life>, &mut Value) -> bool) -> bool {
    let on_its_way = item.life.is_some();
    let stays = how(&mut item.life, &mut item.value);
    if stays && on_its_way && item.life.is_none() {
        behaviour::finished(&item.template, &mut item.value);
    }
    stays
}

/// The path of the item keyed `keys` in `collection` (each key percent-encoded, as the
/// client sends it).
fn item_path(collection: &str, keys: &[String]) -> String {
    let keys: String = keys.iter().map(|key| format!("/{}", utf8_percent_encode(key, SEGMENT))).collect();
    format!("{collection}{keys}")
}

/// The item whose path is `path`, in the collection its path names.
fn held_at<'c>(collections: &'c BTreeMap<String, Vec<Item>>, path: &str) -> Option<&'c Item> {
    let (collection, _) = path.rsplit_once('/')?;
    collections.get(collection)?.iter().find(|item| item.path == path)
}

/// `value`, the item at `path` (of the collection `template`) as it is read after its
/// creation (`behaviour::as_read`: a project's `clusterCount`, an API key's redacted private
/// key).
fn answered_as_read(collections: &BTreeMap<String, Vec<Item>>, template: &str, path: &str, mut value: Value) -> Value {
    let count = |below: &str| collections.get(&format!("{path}{below}")).map_or(0, Vec::len);
    behaviour::as_read(template, &mut value, &count);
    value
}

/// The item a singleton at `path` belongs to: the nearest item above it (a backup schedule's
/// cluster).
fn owner_of<'c>(collections: &'c BTreeMap<String, Vec<Item>>, path: &str) -> Option<&'c Item> {
    let mut at = path;
    while let Some((above, _)) = at.rsplit_once('/') {
        if let Some(item) = held_at(collections, above) {
            return Some(item);
        }
        at = above;
    }
    None
}

/// The same, to change.
fn held_at_mut<'c>(collections: &'c mut BTreeMap<String, Vec<Item>>, path: &str) -> Option<&'c mut Item> {
    let (collection, _) = path.rsplit_once('/')?;
    collections.get_mut(collection)?.iter_mut().find(|item| item.path == path)
}

/// Carries the fields the changed item at `address` (now `value`) shares with another item
/// into that one (`behaviour::linked`: a cluster's TLS settings and its process arguments).
fn share(collections: &mut BTreeMap<String, Vec<Item>>, address: &Address, value: &Value) {
    let template = resource::text(address.template);
    for link in behaviour::linked::LINKED {
        if template == link.owner {
            let part = format!("{}{}", item_path(&address.collection, std::slice::from_ref(&address.key)), link.suffix);
            if let Some(held) = collections.get_mut(&part).and_then(|items| items.first_mut()) {
                link.to_part(value, &mut held.value);
            }
        } else if template == link.part {
            let owner = address.collection.strip_suffix(link.suffix).and_then(|path| held_at_mut(collections, path));
            if let Some(owner) = owner {
                link.to_owner(value, &mut owner.value);
            }
        }
    }
}

/// The item `address` names, if the fake holds it.
fn find<'c>(collections: &'c BTreeMap<String, Vec<Item>>, address: &Address) -> Option<&'c Item> {
    collections.get(&address.collection)?.iter().find(|item| item.key == address.key)
}

/// A 409 when something under the item `address` names still uses it (a project's clusters).
fn in_use(
    operations: &[FakeEntry],
    collections: &BTreeMap<String, Vec<Item>>,
    address: &Address,
) -> Result<(), AtlasError> {
    let Some(item) = find(collections, address) else { return Ok(()) };
    let under = format!("{}/", item.path);
    // A collection under the item, of the template `children`, that holds an item.
    let holds = |children: &str| {
        let Some(of) = operations.iter().find(|known| known.operation.path.as_str() == children) else {
            return false;
        };
        let fits = |path: &String| path.starts_with(&under) && of.operation.path.matches(path);
        collections.iter().any(|(path, items)| !items.is_empty() && fits(path))
    };
    match codes::in_use(address.template, &address.names, holds) {
        Some(code) => Err(AtlasError::conflict(code).detail(format!("{} is still in use.", item.path))),
        None => Ok(()),
    }
}

/// Removes what was under an item that is gone (a project's database users, a cluster's
/// snapshots), unless it was deleted to keep them.
/// The items a new item of `template` names in `value` (its behaviour's `refers`), as held:
/// each one's template and value; a 404 with its code for one that is not there.
fn named_items(
    collections: &BTreeMap<String, Vec<Item>>,
    template: &str,
    value: &Value,
    params: &[(&'static str, String)],
) -> Result<Vec<(&'static str, Value)>, AtlasError> {
    let mut named = Vec::new();
    for (of, key, item, unusable) in behaviour::referred(template, value, params) {
        let Some(held) = collections.get(&of).and_then(|items| items.iter().find(|held| held.key == key)) else {
            let detail = format!("No item {key} exists in {of}.");
            return Err(AtlasError::not_found(codes::missing_item(item)).detail(detail));
        };
        if let Some(unusable) = unusable {
            unusable(&key, &held.value)?;
        }
        named.push((item, held.value.clone()));
    }
    Ok(named)
}

fn drop_under(collections: &mut BTreeMap<String, Vec<Item>>, gone: &Item) {
    let under = format!("{}/", gone.path);
    collections.retain(|collection, _| gone.retains || !collection.starts_with(&under));
    behaviour::removed_beside(collections, gone);
}

/// One page of `values`, as the query asks for it, with the page's links (itself, and the
/// next and previous pages where there are), as Atlas answers a list.
pub(super) fn paged(asked: &StoreRequest<'_>, values: &[Value]) -> JsonAnswer {
    match Paging::asked(asked.query) {
        Ok(paging) => {
            let mut body = paging.body(values, asked.query);
            body["links"] = server_set::page_links(asked.path, asked.query, paging, values.len());
            Ok((asked.known.operation.status, Some(body)))
        }
        Err(why) => Err(AtlasError::bad_request("INVALID_QUERY_PARAMETER").detail(why)),
    }
}

/// The body of an answer with `value`: none where the call answers nothing (`()`).
fn answer_body(known: &FakeEntry, value: &Value) -> Option<Value> {
    (!known.output.is_unit()).then(|| value.clone())
}

pub(crate) fn written(known: &FakeEntry) -> Written {
    Written { operation: known.operation.id, version: known.operation.version, shape: known.output }
}

/// A 404 for the item `address` names; its parameters are the item's key and its parent's
/// (recorded: `CLUSTER_NOT_FOUND` with `["<clusterName>", "<groupId>"]`).
fn missing(address: &Address) -> AtlasError {
    let detail = format!("No item {} exists in {}.", address.key, address.collection);
    let key = Some(address.key.clone()).filter(|key| !key.is_empty());
    let parameters = key.into_iter().chain(address.parent.clone());
    AtlasError::not_found(codes::missing(address.template, &address.names)).detail(detail).parameters(parameters)
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
