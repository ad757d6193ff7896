//! The resource model the generator decided (`codegen/src/lower/resources.rs`, with
//! `spec/resources.toml`), as the generated `RESOURCES` holds it: each collection or singleton,
//! the parameters that name its items and the body fields that carry them, and whether the
//! API creates its items. The fake reads what a request does from its entry's role (an
//! [`Action`](super::resource::Action) on one of these), never from names.

use super::resource::text;
use crate::path::Segment;

/// A collection of items, or a singleton under an item.
#[derive(Debug)]
pub struct Resource {
    /// The collection's (or singleton's) template, as the spec writes it.
    pub collection: &'static str,
    pub singleton: bool,
    /// The parameters after the collection that name an item, in path order.
    pub keys: &'static [Key],
    /// Whether the API creates its items.
    pub creatable: bool,
}

/// A parameter naming an item: the body fields that carry it, and the field the server
/// gives it in when no body field does (an id).
#[derive(Debug)]
pub struct Key {
    pub param: &'static str,
    pub fields: &'static [&'static str],
    pub given: Option<&'static str>,
    /// What a given id starts with, for the parameter's pattern (`mdb_sa_id_`).
    pub prefix: &'static str,
}

/// Where a create posted above its collection lands: its path with `param` inserted at
/// `at` (among the `/`-separated parts, without the leading `/`), valued by the body's `field`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub at: usize,
    pub param: &'static str,
    pub field: &'static str,
}

/// The resource whose collection is `template`, if the model has one.
pub(crate) fn at(template: &[Segment]) -> Option<&'static Resource> {
    let text = text(template);
    crate::generated::RESOURCES.iter().find(|resource| resource.collection == text)
}
