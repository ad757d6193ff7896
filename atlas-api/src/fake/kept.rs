//! Which collections the fake keeps from the start, and so which operations it answers from
//! its state: those the API creates items in (a POST to the collection and a GET of one item
//! under it), those a placed create creates in, and the events lists.

use super::entry::FakeEntry;
use super::events;
use super::resource::{self, Action};
use super::store::Store;
use crate::path::Segment;
use crate::request::Method;

impl Store {
    /// Whether the API creates the items of the collection `template` names: a POST to it of
    /// one item, or of a list of items of the type a GET of one answers, and that GET, by the
    /// parameters after the collection; or a create placed elsewhere (see `placed`), for its
    /// own collection and the one it creates in.
    pub(super) fn creatable(&self, operations: &[FakeEntry], template: &[Segment]) -> bool {
        let placements = self.placements();
        if placements.iter().any(|(post, placed)| *post == template || placed.template == template) {
            return true;
        }
        let Some(names) = item_names(operations, template) else { return false };
        let reads = |known: &&FakeEntry| {
            let rest = known.operation.path.segments().get(template.len()..).unwrap_or_default();
            known.operation.method == Method::Get
                && known.operation.path.segments().starts_with(template)
                && rest.len() == names.len()
        };
        let item_shapes: Vec<_> = operations.iter().filter(reads).map(|known| known.output).collect();
        let posts = |known: &FakeEntry| {
            known.operation.method == Method::Post
                && known.operation.path.segments() == template
                && known.body_item.is_none_or(|item| item_shapes.contains(&item))
        };
        operations.iter().any(posts)
    }

    /// Whether the fake keeps the collection `template` names from the start: the API
    /// creates its items, or the fake records events in it.
    pub(super) fn keeps(&self, operations: &[FakeEntry], template: &[Segment]) -> bool {
        self.creatable(operations, template) || events::receives(template)
    }

    /// Whether the fake answers `known` from its state (rather than with the spec's example),
    /// before a test puts anything in it.
    pub(crate) fn modelled(&self, known: &FakeEntry) -> bool {
        let operations = self.entries.as_slice();
        let Some(template) = resource::collection_of(known.operation.path.segments()) else { return false };
        let list_shape = known.output_item.is_some();
        match resource::action(known.operation) {
            Some(Action::List) => list_shape && self.keeps(operations, template),
            Some(Action::Read) => self.keeps(operations, template),
            Some(_) => self.creatable(operations, template),
            None => false,
        }
    }
}

/// The parameters that name an item of the collection `template`, when an operation reads one.
pub(super) fn item_names(operations: &[FakeEntry], template: &[Segment]) -> Option<Vec<&'static str>> {
    resource::item_names(operations.iter().map(|known| known.operation), template)
}
