//! The error codes the fake answers a missing or duplicate item with: Atlas's own where
//! `spec/error_codes.toml` names them (the generator checks that table against the spec and
//! writes it into the generated code), else the spec's generic `RESOURCE_NOT_FOUND` for a
//! missing item, and for a duplicate a code the fake names itself (`FAKE_DUPLICATE_ITEM`), as
//! the mock names its own (`MOCK_UNEXPECTED_CALL`), so a test never relies on a code Atlas was
//! not seen to send.

use super::resource::text;
use crate::generated::{DUPLICATE, IN_USE, MISSING};
use crate::path::Segment;

/// The 404 code of a missing item of the collection `template` names, the item named by the
/// parameters `names`.
pub(crate) fn missing(template: &[Segment], names: &[&str]) -> &'static str {
    missing_item(&item_template(template, names))
}

/// The 404 code of a missing item of the template `item`, as the spec writes it.
pub(crate) fn missing_item(item: &str) -> &'static str {
    MISSING.iter().find(|(path, _)| *path == item).map_or("RESOURCE_NOT_FOUND", |(_, code)| code)
}

/// The 409 code of a DELETE of an item of the collection `template` (named by `names`) while
/// a collection under it holds an item (`holds` says whether one of the template it is given
/// does), if one does.
pub(crate) fn in_use(template: &[Segment], names: &[&str], holds: impl Fn(&str) -> bool) -> Option<&'static str> {
    let item = item_template(template, names);
    IN_USE.iter().find(|(of, children, _)| *of == item && holds(children)).map(|(_, _, code)| *code)
}

/// The template of an item of the collection `template`, named by `names`.
fn item_template(template: &[Segment], names: &[&str]) -> String {
    let mut item = text(template);
    for name in names {
        item.push_str(&format!("/{{{name}}}"));
    }
    item
}

/// The 409 code of an item created twice in the collection `template` names.
pub(crate) fn duplicate(template: &[Segment]) -> &'static str {
    let collection = text(template);
    DUPLICATE.iter().find(|(path, _)| *path == collection).map_or("FAKE_DUPLICATE_ITEM", |(_, code)| code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path::{lit, param};

    const CLUSTERS: &[Segment] = &[lit("api/atlas/v2/groups"), param("", "groupId", ""), lit("clusters")];

    #[test]
    fn a_code_is_found_by_the_template_as_the_spec_writes_it() {
        assert_eq!(missing(CLUSTERS, &["clusterName"]), "CLUSTER_NOT_FOUND");
        assert_eq!(duplicate(CLUSTERS), "DUPLICATE_CLUSTER_NAME");
        let users = &[lit("api/atlas/v2/groups"), param("", "groupId", ""), lit("databaseUsers")];
        assert_eq!(missing(users, &["databaseName", "username"]), "RESOURCE_NOT_FOUND");
        assert_eq!(duplicate(users), "FAKE_DUPLICATE_ITEM");
    }
}
