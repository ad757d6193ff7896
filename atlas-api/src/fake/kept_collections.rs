//! Which collections the fake keeps from the start, and so which operations it answers from
//! its state: those the model says the API creates items in, the singletons, and the events
//! lists and the collections Atlas fills by itself (a project's alerts).

use super::behaviour::filled_by_atlas;
use super::entry::FakeEntry;
use super::events;
use super::model;
use super::resource::text;
use super::resource::Action;
use super::store::Store;
use crate::path::Segment;

impl Store {
    /// Whether the API creates the items of the collection `template` names (the model's
    /// decision), or a create posted to that path lands elsewhere.
    pub(super) fn creatable(&self, template: &[Segment]) -> bool {
        let posted_here = self.placements().iter().any(|placed| placed.posted == template);
        posted_here || model::at(template).is_some_and(|resource| resource.creatable)
    }

    /// Whether the fake keeps the collection `template` names from the start: the API
    /// creates its items, it is a singleton, or the fake records events in it.
    pub(super) fn keeps(&self, template: &[Segment]) -> bool {
        let singleton = model::at(template).is_some_and(|resource| resource.singleton);
        singleton || self.creatable(template) || events::receives(template) || filled_by_atlas(&text(template))
    }

    /// Whether the fake answers `known` from its state (rather than with the spec's example),
    /// before a test puts anything in it.
    pub(crate) fn modelled(&self, known: &FakeEntry) -> bool {
        if super::behaviour::calls::handles(known.operation.id, known.operation.version) {
            return true;
        }
        let Some((action, resource)) = known.role else { return false };
        if resource.singleton {
            return true;
        }
        let keeps = self.keeps_resource(resource);
        match action {
            Action::List => known.output_item.is_some() && keeps,
            Action::Read => keeps,
            _ => resource.creatable || filled_by_atlas(resource.collection),
        }
    }

    fn keeps_resource(&self, resource: &model::Resource) -> bool {
        resource.creatable || events::receives_text(resource.collection) || filled_by_atlas(resource.collection)
    }
}
