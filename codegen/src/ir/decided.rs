//! What the lowering decides for the mock and the fake once the types and operations stand,
//! so that the emitter only prints it: which named types a request's check walks into, the
//! distinct limits they are checked by, and where the server sets fields in an answer.

use indexmap::IndexMap;

use super::{Limits, TypeId};

/// What the mock checks of requests, for the whole API (`lower/constrained.rs`).
#[derive(Debug, Clone, Default)]
pub struct RequestChecks {
    /// By [`TypeId`]: a request body reaches the type and some value below it is
    /// constrained (so the mock walks into it).
    pub constrained: Vec<bool>,
    /// Every distinct set of limits a request's check uses, by its `Debug` spelling, in
    /// the order first met (the emitter numbers them so).
    pub limits: IndexMap<String, Limits>,
}

impl RequestChecks {
    /// Whether the mock walks into a value of the type `id`.
    pub fn is_constrained(&self, id: TypeId) -> bool {
        self.constrained[id.0]
    }

    /// The number of `limits` among the distinct ones.
    pub fn limits_index(&self, limits: &Limits) -> Option<usize> {
        self.limits.get_index_of(&Self::key(limits))
    }

    /// `limits` among the distinct ones, if they constrain anything.
    pub(crate) fn add_limits(&mut self, limits: &Limits) {
        if !limits.is_none() {
            self.limits.entry(Self::key(limits)).or_insert_with(|| limits.clone());
        }
    }

    fn key(limits: &Limits) -> String {
        format!("{limits:?}")
    }
}

/// Where the server sets fields in what a create, a replace or a change answers
/// (`lower/server_set.rs`), each marked with what the fake fills it with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerSet {
    /// An object: its fields that are server-set, or hold server-set ones below, by wire
    /// name in the order the type lists them.
    Object(Vec<(String, ServerSet)>),
    /// Each item of a list.
    Each(Box<ServerSet>),
    /// A fresh Atlas id (an `id` whose pattern is 24 hex digits).
    Id,
    /// The time of the create (a `date-time` the create itself dates, by its name).
    Date,
    /// The answer's `links`: the item's own link.
    Links,
    /// Kept on a replace, never filled.
    Kept,
}
