//! Where a request's path points, for the action its entry's role says (decided in the
//! generator's resource model): the collection it creates in or lists, the item it reads,
//! changes or deletes (named by the whole parameters that end its template, or the singleton
//! the path itself is), and the parent items before them (the project of a cluster), which
//! must exist when the fake could have created them.

use percent_encoding::percent_decode_str;

use crate::path::Segment;
use crate::request::Operation;

/// What an operation does to its resource (the generator's decision, in each fake entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    List,
    Read,
    Merge,
    Replace,
    Delete,
}

/// An item addressed by a path: its collection's path (as sent) and its key (the values of
/// the trailing parameters, decoded, joined by `/`), with the parameters' names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Address {
    pub(crate) collection: String,
    /// The collection's template.
    pub(crate) template: &'static [Segment],
    pub(crate) key: String,
    pub(crate) names: Vec<&'static str>,
    /// The key of the item the collection is under (a cluster's project), decoded.
    pub(crate) parent: Option<String>,
}

/// What one request does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    pub(crate) action: Action,
    /// The collection created in or listed, or the item's collection.
    pub(crate) collection: String,
    /// The item, for an item action.
    pub(crate) item: Option<Address>,
    /// The parent items, outermost first.
    pub(crate) parents: Vec<Address>,
}

/// The template's shape: the text before each whole parameter, and how many parameters end it.
struct TemplateLayout {
    /// For each whole parameter: its name and the index of its segment.
    params: Vec<(usize, &'static str)>,
    trailing: usize,
}

fn shape(segments: &[Segment]) -> Option<TemplateLayout> {
    let mut params = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        if let Segment::Param { prefix, name, suffix } = segment {
            // Text around a parameter (`{clusterName}:pin`) makes the path an action.
            if !prefix.is_empty() || !suffix.is_empty() {
                return None;
            }
            params.push((i, *name));
        }
    }
    let trailing = params.iter().rev().zip((0..segments.len()).rev()).take_while(|((i, _), at)| i == at).count();
    Some(TemplateLayout { params, trailing })
}

/// How many `/`-separated parts of a sent path the first `upto` template segments take.
fn used(segments: &[Segment], upto: usize) -> usize {
    segments[..upto]
        .iter()
        .map(|segment| match segment {
            Segment::Literal(text) => text.split('/').count(),
            Segment::Param { .. } => 1,
        })
        .sum()
}

/// The path as sent, cut after `upto` template segments.
fn prefix(segments: &[Segment], parts: &[&str], upto: usize) -> String {
    parts[..used(segments, upto)].iter().map(|part| format!("/{part}")).collect()
}

pub(crate) fn decoded(part: &str) -> String {
    percent_decode_str(part).decode_utf8_lossy().into_owned()
}

/// Where a request for `path` (which fits `operation`'s template) doing `action` points;
/// `singleton`: the path itself is the item. `None` when text stands around a parameter.
pub(crate) fn target(operation: &Operation, action: Action, singleton: bool, path: &str) -> Option<Target> {
    let segments = operation.path.segments();
    let shape = shape(segments)?;
    let parts: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
    // A parent is the item its parameter names in the collection before it.
    let key_at = |at: usize| decoded(parts[used(segments, at)]);
    let first_trailing = shape.params.len() - shape.trailing;
    let parents: Vec<Address> = shape.params[..first_trailing]
        .iter()
        .enumerate()
        .map(|(n, &(at, name))| Address {
            collection: prefix(segments, &parts, at),
            template: &segments[..at],
            key: key_at(at),
            names: vec![name],
            parent: n.checked_sub(1).map(|before| key_at(shape.params[before].0)),
        })
        .collect();
    let last_parent = parents.last().map(|parent| parent.key.clone());
    if shape.trailing == 0 {
        let item = (singleton && !matches!(action, Action::Create | Action::List)).then(|| Address {
            collection: path.to_owned(),
            template: segments,
            key: String::new(),
            names: Vec::new(),
            parent: last_parent,
        });
        return Some(Target { action, collection: path.to_owned(), item, parents });
    }
    let trailing = &shape.params[first_trailing..];
    let collection = prefix(segments, &parts, trailing[0].0);
    let keys: Vec<String> = parts[parts.len() - shape.trailing..].iter().map(|part| decoded(part)).collect();
    let item = Address {
        collection: collection.clone(),
        template: &segments[..trailing[0].0],
        key: keys.join("/"),
        names: trailing.iter().map(|p| p.1).collect(),
        parent: last_parent,
    };
    Some(Target { action, collection, item: Some(item), parents })
}

/// The collection part of an item path's template (without its trailing parameters), or the
/// template itself when it names a collection.
pub(crate) fn collection_of(segments: &'static [Segment]) -> Option<&'static [Segment]> {
    let shape = shape(segments)?;
    Some(&segments[..segments.len() - shape.trailing])
}

/// A template as the spec writes it (`/api/atlas/v2/groups/{groupId}/clusters`).
pub(crate) fn text(template: &[Segment]) -> String {
    let mut text = String::new();
    for segment in template {
        match segment {
            Segment::Literal(literal) => text.push_str(&format!("/{literal}")),
            Segment::Param { prefix, name, suffix } => text.push_str(&format!("/{prefix}{{{name}}}{suffix}")),
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::{target, Action, Address};
    use crate::path::{lit, param, PathTemplate};
    use crate::request::{Method, Operation};

    const fn op(method: Method, path: PathTemplate) -> Operation {
        Operation::new("op", method, path, "2024-08-05", "a", None, 200)
    }

    const GROUP: crate::path::Segment = param("", "groupId", "");
    static CLUSTERS: Operation = op(
        Method::Post,
        PathTemplate::new(
            "/api/atlas/v2/groups/{groupId}/clusters",
            &[lit("api/atlas/v2/groups"), GROUP, lit("clusters")],
        ),
    );
    static CLUSTER: Operation = op(
        Method::Patch,
        PathTemplate::new(
            "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}",
            &[lit("api/atlas/v2/groups"), GROUP, lit("clusters"), param("", "clusterName", "")],
        ),
    );
    static USER: Operation = op(
        Method::Delete,
        PathTemplate::new(
            "/api/atlas/v2/groups/{groupId}/databaseUsers/{databaseName}/{username}",
            &[
                lit("api/atlas/v2/groups"),
                GROUP,
                lit("databaseUsers"),
                param("", "databaseName", ""),
                param("", "username", ""),
            ],
        ),
    );
    static PIN: Operation =
        op(Method::Post, PathTemplate::new("/g/{clusterName}:pin", &[lit("g"), param("", "clusterName", ":pin")]));

    const GROUPS: &[crate::path::Segment] = &[lit("api/atlas/v2/groups")];

    fn group(id: &str) -> Address {
        let (collection, names) = ("/api/atlas/v2/groups".into(), vec!["groupId"]);
        Address { collection, template: GROUPS, key: id.into(), names, parent: None }
    }

    #[test]
    fn a_collection_a_named_item_and_a_composite_key_each_find_their_parent() {
        let create = target(&CLUSTERS, Action::Create, false, "/api/atlas/v2/groups/g1/clusters").unwrap();
        assert_eq!((create.action, create.collection.as_str()), (Action::Create, "/api/atlas/v2/groups/g1/clusters"));
        assert_eq!((create.item, create.parents), (None, vec![group("g1")]));

        let merge = target(&CLUSTER, Action::Merge, false, "/api/atlas/v2/groups/g1/clusters/My%20Cluster").unwrap();
        assert_eq!(merge.action, Action::Merge);
        let item = merge.item.unwrap();
        assert_eq!((item.collection.as_str(), item.key.as_str()), ("/api/atlas/v2/groups/g1/clusters", "My Cluster"));
        assert_eq!(merge.parents, vec![group("g1")]);

        let user = target(&USER, Action::Delete, false, "/api/atlas/v2/groups/g1/databaseUsers/admin/bob").unwrap();
        let item = user.item.unwrap();
        assert_eq!((item.key.as_str(), item.names), ("admin/bob", vec!["databaseName", "username"]));
        assert_eq!((user.action, user.parents), (Action::Delete, vec![group("g1")]));

        assert_eq!(target(&PIN, Action::Create, false, "/g/c1:pin"), None, "text around a parameter");
    }
}
