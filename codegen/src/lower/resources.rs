//! The fake's resource model, decided from the spec's paths and schemas (with
//! `spec/resources.toml` for what they cannot say):
//! - a path that ends in a literal segment (`/groups/{groupId}/clusters`) is a collection: a
//!   POST creates in it, a GET lists it; a path that ends in whole parameters
//!   (`/clusters/{clusterName}`, `/databaseUsers/{databaseName}/{username}`) is an item of the
//!   collection before them: a GET reads it, a PATCH merges, a PUT replaces, a DELETE removes;
//! - a path that ends in a literal, with a GET that answers one object and a PATCH or PUT
//!   beside it, but no POST and no item under it, is a singleton (a cluster's backup
//!   schedule, a project's settings): read, changed and deleted in place;
//! - each parameter naming an item is carried by the body field the schemas show (itself,
//!   `name` for a `...Name`, `id`, `_id` or `...ID` for a `...Id`) or the table names, and an
//!   id no body carries is given by the server in the field its answer holds;
//! - the API creates a collection's items when a POST to it takes one item, or a list of the
//!   type a GET of one answers; a create placed by the table lands in the collection its path
//!   has with one parameter more; a POST to the item path itself, named by the parameters a
//!   read of the item names (`POST …/integrations/{integrationType}`), creates the item the
//!   path names;
//!
//! Anything else (an action such as `{clusterName}:pin`, a POST to an item path named by
//! other parameters) has no role.

use std::collections::BTreeMap;

use crate::ir::{body_fields, fields_of, whole};
use crate::ir::{
    Action, Api, Facts, Key, Method, Operation, ParamLocation, Placement, Resource, Role, Segment, TypeRef,
};

/// Decides `api.resources` and `api.roles` from the operations and the checked table.
pub(crate) fn decide(api: &mut Api, facts: &Facts) {
    let mut model = Model { api, facts, resources: Vec::new(), index: BTreeMap::new() };
    let roles = (0..model.api.operations.len()).map(|o| model.role(o)).collect();
    let resources = model.resources;
    api.resources = resources;
    api.roles = roles;
}

struct Model<'a> {
    api: &'a Api,
    facts: &'a Facts,
    resources: Vec<Resource>,
    /// Collection template -> index into `resources`.
    index: BTreeMap<String, usize>,
}

/// The parts of a template: the text of the collection, and the names of the whole
/// parameters that end it; `None` when text stands around a parameter (an action).
fn split(op: &Operation) -> Option<(String, Vec<String>)> {
    let segments = op.path.segments();
    if segments.iter().any(|s| matches!(s, Segment::Param { .. }) && whole(s).is_none()) {
        return None;
    }
    let trailing: Vec<String> =
        segments.iter().rev().map_while(whole).map(str::to_owned).collect::<Vec<_>>().into_iter().rev().collect();
    let collection = text(&segments[..segments.len() - trailing.len()]);
    Some((collection, trailing))
}

/// A template as the spec writes it.
fn text(segments: &[Segment]) -> String {
    segments
        .iter()
        .map(|segment| match segment {
            Segment::Literal(literal) => format!("/{literal}"),
            Segment::Param { prefix, name, suffix } => format!("/{prefix}{{{name}}}{suffix}"),
        })
        .collect()
}

impl Model<'_> {
    fn role(&mut self, o: usize) -> Option<Role> {
        let op = &self.api.operations[o];
        let (collection, trailing) = split(op)?;
        if !trailing.is_empty() {
            let action = match op.method {
                Method::Get => Action::Read,
                Method::Post if self.created_at_item(&collection, &trailing) => Action::Create,
                Method::Patch => Action::Merge,
                Method::Put => Action::Replace,
                Method::Delete => Action::Delete,
                _ => return None,
            };
            let retain = self.retain(op);
            if let Some(resource) = self.resource(&collection) {
                return Some(Role { resource, action, placed: None, retain, filters: Vec::new() });
            }
            // An item addressed under the path a create is posted to (`PATCH
            // …/endpointService/{id}` of a service held in `…/{cloudProvider}/endpointService`).
            let posted = self.api.operation_at(Method::Post, &collection)?;
            let (target, placement) = self.placement(posted)?;
            let resource = self.resource(&target)?;
            return Some(Role { resource, action, placed: Some(placement), retain, filters: Vec::new() });
        }
        if let Some(placed) = self.placement(op) {
            let (target, placement) = placed;
            let resource = self.resource(&target)?;
            return Some(Role {
                resource,
                action: Action::Create,
                placed: Some(placement),
                retain: None,
                filters: Vec::new(),
            });
        }
        let resource = self.resource(&collection)?;
        let singleton = self.resources[resource].singleton;
        let action = match (op.method, singleton) {
            (Method::Post, _) => Action::Create,
            (Method::Get, false) => Action::List,
            (Method::Get, true) => Action::Read,
            (Method::Patch, true) => Action::Merge,
            (Method::Put, true) => Action::Replace,
            (Method::Delete, true) => Action::Delete,
            _ => return None,
        };
        let filters = if action == Action::List { filters(self.api, op) } else { Vec::new() };
        Some(Role { resource, action, placed: None, retain: None, filters })
    }

    /// The resource of `collection`, made the first time it is asked for; `None` for a path
    /// that is neither a collection with items nor a singleton.
    fn resource(&mut self, collection: &str) -> Option<usize> {
        if let Some(&at) = self.index.get(collection) {
            return Some(at);
        }
        let resource = match self.item_reader(collection) {
            Some((reader, names)) => self.collection(collection, reader, &names),
            None => self.singleton(collection)?,
        };
        self.resources.push(resource);
        self.index.insert(collection.to_owned(), self.resources.len() - 1);
        Some(self.resources.len() - 1)
    }

    /// The operation that names one item of `collection` by the fewest whole parameters
    /// after it: a GET, else a DELETE or a change (an access list whose entries are only
    /// listed and removed one by one).
    fn item_reader(&self, collection: &str) -> Option<(&Operation, Vec<String>)> {
        let rank = |method| match method {
            Method::Get => 0,
            Method::Delete => 1,
            Method::Patch | Method::Put => 2,
            _ => 3,
        };
        let items = self.api.operations.iter().filter(|op| rank(op.method) < 3);
        items
            .filter_map(|op| {
                let (of, names) = split(op)?;
                (of == collection && !names.is_empty()).then_some((op, names))
            })
            .min_by_key(|(op, names)| (names.len(), rank(op.method)))
    }

    fn collection(&self, collection: &str, reader: &Operation, names: &[String]) -> Resource {
        let create = self.api.operation_at(Method::Post, collection).or_else(|| self.placed_create(collection));
        let mut fields = create.map(|create| body_fields(self.api, create)).unwrap_or_default();
        let answered = create.map(|create| answer_fields(self.api, create)).unwrap_or_default();
        fields.extend(answered.iter().cloned());
        let keys: Vec<Key> = names
            .iter()
            .map(|param| Key { prefix: id_prefix(reader, param), ..self.key(collection, param, &fields, &answered) })
            .collect();
        let keyed = keys.iter().all(|key| !key.fields.is_empty() || key.given.is_some());
        let item_type = answer_type(reader);
        let posted = self.api.operation_at(Method::Post, collection);
        // A list posted creates items when each is of the type one item answers, or carries
        // the fields that name it (an access list's entries).
        let named_by = |item: &TypeRef| {
            let carried = fields_of(self.api, item);
            keys.iter().all(|key| key.fields.iter().any(|field| carried.contains(field)))
        };
        let takes_items = posted.is_some_and(|create| {
            create.versions.iter().all(|version| match version.request.as_ref().and_then(|b| b.ty.as_ref()) {
                Some(TypeRef::Vec(item)) => item_type.as_ref() == Some(&**item) || named_by(item),
                Some(_) => true,
                None => false,
            })
        });
        let placed_here = self.placed_into(collection);
        Resource {
            collection: collection.to_owned(),
            singleton: false,
            keys,
            creatable: keyed && (takes_items || placed_here) || self.created_at_item(collection, names),
        }
    }

    /// Whether a POST to the item path of `collection`, named by `names` as a read of one
    /// item names it, creates the item there (a project's integration of one type).
    fn created_at_item(&self, collection: &str, names: &[String]) -> bool {
        let posts = self.api.operations.iter().filter(|op| op.method == Method::Post);
        let at_item = posts.filter_map(split).any(|(of, posted)| of == collection && posted == names);
        at_item && self.item_reader(collection).is_some_and(|(_, read)| read == names)
    }

    /// The body fields that carry `param` (the table's, else those the schemas hold of its
    /// own name, `name` for a `...Name`, `id`, `_id` or `...ID` for a `...Id`), and the field
    /// the server gives an id in.
    fn key(&self, collection: &str, param: &str, fields: &[String], answered: &[String]) -> Key {
        let listed = self.facts.keys.iter().find(|(of, named, _)| of == collection && named == param);
        if let Some((_, _, fields)) = listed {
            return Key { param: param.to_owned(), fields: fields.clone(), given: None, prefix: String::new() };
        }
        let stem = param.strip_suffix("Id").or_else(|| param.strip_suffix("ID"));
        let mut candidates = vec![param.to_owned()];
        if param.ends_with("Name") {
            candidates.push("name".to_owned());
        }
        if let Some(stem) = stem {
            candidates.extend(["id".to_owned(), "_id".to_owned(), format!("{stem}ID")]);
        }
        // An id no answer names is given as `id`, as most of Atlas's are.
        let given = stem.map(|_| candidates.iter().find(|c| answered.contains(c)).cloned().unwrap_or("id".to_owned()));
        let fields = candidates.into_iter().filter(|c| fields.contains(c)).collect();
        Key { param: param.to_owned(), fields, given, prefix: String::new() }
    }

    /// A singleton at `path`: a GET answering one object, and a PATCH, a PUT or a POST
    /// beside it. One a POST creates (a cluster's search deployment) is missing until then;
    /// one without exists from the start (a project's settings).
    fn singleton(&self, path: &str) -> Option<Resource> {
        let at = |method| self.api.operation_at(method, path);
        let read = at(Method::Get)?;
        let created = at(Method::Post).is_some();
        let changed = created || at(Method::Patch).is_some() || at(Method::Put).is_some();
        let one = read.versions.iter().all(|v| v.paging.is_none() && !matches!(answer_of(v), Some(TypeRef::Vec(_))));
        (changed && one).then(|| Resource {
            collection: path.to_owned(),
            singleton: true,
            keys: Vec::new(),
            creatable: created,
        })
    }

    /// Whether a create the table places lands in `collection`.
    fn placed_into(&self, collection: &str) -> bool {
        self.placed_create(collection).is_some()
    }

    /// The create the table places in `collection`, if one lands there.
    fn placed_create(&self, collection: &str) -> Option<&Operation> {
        self.facts.placements.iter().find_map(|(create, param, _)| {
            let op = self.api.operations.iter().find(|op| &op.operation_id == create)?;
            placed_template(self.api, op, param).filter(|(target, _)| target == collection).map(|_| op)
        })
    }

    /// Where the table places a create: the collection it lands in and how its path takes
    /// the parameter.
    fn placement(&self, op: &Operation) -> Option<(String, Placement)> {
        let (_, param, field) = self.facts.placements.iter().find(|(create, _, _)| *create == op.operation_id)?;
        let (target, at) = placed_template(self.api, op, param)?;
        Some((target, Placement { at, param: param.clone(), field: field.clone() }))
    }

    fn retain(&self, op: &Operation) -> Option<String> {
        self.facts.retains.iter().find(|(id, _)| *id == op.operation_id).map(|(_, query)| query.clone())
    }
}

/// The query parameters of a list that name a field of the items it pages (`providerName` of
/// a project's containers, `status` of its alerts): Atlas answers the items whose field has
/// the value sent.
fn filters(api: &Api, op: &Operation) -> Vec<String> {
    let paged = op.versions.iter().filter_map(|version| version.paging.as_ref());
    let fields: Vec<String> = paged.flat_map(|paging| fields_of(api, &paging.item)).collect();
    let queries = op.parameters.iter().filter(|p| p.location == ParamLocation::Query && fields.contains(&p.wire));
    queries.map(|p| p.wire.clone()).collect()
}

/// The collection a POST to `create` lands in when `{param}` is inserted into its path (the
/// collection of an item GET), and where among the parts of its path (without the leading
/// `/`) the parameter goes.
pub(crate) fn placed_template(api: &Api, create: &Operation, param: &str) -> Option<(String, usize)> {
    let posted: Vec<&str> = create.path.as_str().split('/').collect();
    let wanted = format!("{{{param}}}");
    api.operations.iter().filter(|op| op.method == Method::Get).find_map(|op| {
        let (collection, names) = split(op)?;
        if names.is_empty() {
            return None;
        }
        let longer: Vec<&str> = collection.split('/').collect();
        let at = longer.iter().position(|part| *part == wanted)?;
        let mut without = longer.clone();
        without.remove(at);
        (without == posted).then(|| (collection.clone(), at - 1))
    })
}

/// The literal text a parameter's pattern puts before 24 hex digits (`^mdb_sa_id_[a-fA-F\d]{24}$`
/// gives `mdb_sa_id_`), so an id the fake gives fits it.
fn id_prefix(reader: &Operation, param: &str) -> String {
    let limits = reader.parameters.iter().find(|p| p.wire == param).map(|p| &p.limits);
    let Some(pattern) = limits.and_then(|limits| limits.pattern.as_deref()) else { return String::new() };
    let body = pattern.trim_start_matches('^');
    let literal: String = body.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
    let rest = &body[literal.len()..];
    if rest.starts_with('[') && rest.contains("{24}") {
        literal
    } else {
        String::new()
    }
}

fn answer_of(version: &crate::ir::Version) -> Option<&TypeRef> {
    version.response.as_ref()?.ty.as_ref()
}

/// The type a GET of one item answers (its newest version's).
fn answer_type(reader: &Operation) -> Option<TypeRef> {
    reader.versions.last().and_then(answer_of).cloned()
}

/// The top-level fields of what every version of `op` answers.
fn answer_fields(api: &Api, op: &Operation) -> Vec<String> {
    op.versions.iter().filter_map(answer_of).flat_map(|ty| fields_of(api, ty)).collect()
}
