//! A create whose own path has no item under it (`POST …/privateEndpoint/endpointService`)
//! creates in the collection that is its path with one whole parameter more
//! (`…/privateEndpoint/{cloudProvider}/endpointService`, where the items are read), the
//! parameter's value read from the body field that shares a word of its name (`providerName`
//! for `cloudProvider`).

use percent_encoding::utf8_percent_encode;
use serde_json::{Map, Value};

use super::resource::text;
use crate::path::{Segment, SEGMENT};
use crate::request::{Method, Operation};

/// The collection a create lands in: its template, and where the parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Placed {
    pub(crate) template: &'static [Segment],
    /// The index of the parameter among the template's `/`-separated parts.
    at: usize,
    name: &'static str,
}

/// Where a POST to `posted` creates, when its own path has no item under it: the collection of
/// an item GET whose template is `posted` with one whole parameter inserted.
fn placed<'a>(operations: impl Iterator<Item = &'a Operation>, posted: &[Segment]) -> Option<Placed> {
    let posted = text(posted);
    operations.filter(|op| op.method == Method::Get).find_map(|op| {
        let collection = super::resource::collection_of(op.path.segments())?;
        if collection.len() == op.path.segments().len() {
            return None; // a list, not an item
        }
        let longer = text(collection);
        let (at, name) = inserted(&longer, &posted)?;
        let name = collection.iter().find_map(|segment| match segment {
            Segment::Param { name: named, .. } if *named == name => Some(*named),
            _ => None,
        })?;
        Some(Placed { template: collection, at, name })
    })
}

/// A POST's template and where it creates, for each POST of `operations` whose own path has
/// no item GET under it but is placed.
pub(crate) type Placements = Vec<(&'static [Segment], Placed)>;

pub(crate) fn placements(operations: &[&Operation]) -> Placements {
    let posts = operations.iter().filter(|op| op.method == Method::Post);
    posts
        .filter(|post| super::resource::item_names(operations.iter().copied(), post.path.segments()).is_none())
        .filter_map(|post| Some((post.path.segments(), placed(operations.iter().copied(), post.path.segments())?)))
        .collect()
}

impl Placed {
    /// The collection's path for a create sent to `path` with `body`, and the parameter with
    /// its value, or `None` when no body field gives it one.
    pub(crate) fn collection(&self, path: &str, body: &Map<String, Value>) -> Option<(String, (&'static str, String))> {
        let value = value_for(self.name, body)?;
        let mut parts: Vec<String> = path.strip_prefix('/')?.split('/').map(str::to_owned).collect();
        parts.insert(self.at, utf8_percent_encode(value, SEGMENT).to_string());
        Some((parts.iter().map(|part| format!("/{part}")).collect(), (self.name, value.to_owned())))
    }

    /// A path of this collection without the parameter's part: the create's own path.
    pub(crate) fn without(&self, path: &str) -> Option<String> {
        let mut parts: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
        (self.at < parts.len()).then(|| parts.remove(self.at))?;
        Some(parts.iter().map(|part| format!("/{part}")).collect())
    }
}

/// The `/`-separated part where `longer` has one whole `{parameter}` that `shorter` lacks, and
/// the parameter's name, when they are otherwise the same.
fn inserted<'t>(longer: &'t str, shorter: &str) -> Option<(usize, &'t str)> {
    let (long, short): (Vec<&str>, Vec<&str>) = (longer.split('/').collect(), shorter.split('/').collect());
    if long.len() != short.len() + 1 {
        return None;
    }
    let at = long.iter().zip(&short).position(|(a, b)| a != b).unwrap_or(short.len());
    let name = long[at].strip_prefix('{')?.strip_suffix('}')?;
    (long[at + 1..] == short[at..]).then_some((at - 1, name))
}

/// The string value of the body field that shares a word of the parameter `name`'s
/// (`providerName` for `cloudProvider`), leaving out the words every field has.
fn value_for<'b>(name: &str, body: &'b Map<String, Value>) -> Option<&'b str> {
    let wanted: Vec<String> =
        words(name).into_iter().filter(|word| !matches!(word.as_str(), "name" | "id" | "type")).collect();
    body.iter().find_map(|(field, value)| {
        let shares = words(field).iter().any(|word| wanted.contains(word));
        value.as_str().filter(|_| shares)
    })
}

/// The lowercase words of a camelCase name (`providerName` → `provider`, `name`).
fn words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        match words.last_mut() {
            Some(word) if !c.is_ascii_uppercase() => word.push(c),
            _ => words.push(c.to_ascii_lowercase().to_string()),
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_parameter_a_collection_has_more_is_found_with_its_place() {
        let longer = "/api/atlas/v2/groups/{groupId}/privateEndpoint/{cloudProvider}/endpointService";
        let shorter = "/api/atlas/v2/groups/{groupId}/privateEndpoint/endpointService";
        // Parts of the path without its leading `/`: api, atlas, v2, groups, {groupId}, privateEndpoint, …
        assert_eq!(inserted(longer, shorter), Some((6, "cloudProvider")));
        assert_eq!(inserted(shorter, shorter), None);
        let other = "/api/atlas/v2/groups/{groupId}/privateEndpoint/{cloudProvider}/other";
        assert_eq!(inserted(other, shorter), None);
    }

    #[test]
    fn the_value_comes_from_the_field_sharing_a_word() {
        let body = json!({ "region": "us-east-1", "providerName": "AWS" });
        assert_eq!(value_for("cloudProvider", body.as_object().unwrap()), Some("AWS"));
        assert_eq!(value_for("tenantName", body.as_object().unwrap()), None, "`name` alone is no shared word");
        let placed = Placed { template: &[], at: 6, name: "cloudProvider" };
        let path =
            placed.collection("/api/atlas/v2/groups/g1/privateEndpoint/endpointService", body.as_object().unwrap());
        let path = path.map(|(path, param)| (path, param.1));
        let expected = ("/api/atlas/v2/groups/g1/privateEndpoint/AWS/endpointService".to_owned(), "AWS".to_owned());
        assert_eq!(path, Some(expected));
    }
}
