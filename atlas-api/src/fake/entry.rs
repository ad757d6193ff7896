//! The fake's own table: one entry per operation and version of the enabled tags, written by
//! the generator (`tables/<tag>.rs`, `fake_entries`) beside the mock's table, which knows nothing
//! of it. Each entry holds what the generator decided of the operation for the fake: the types
//! of its body and answer (as [`RustType`]s the compiler names, never by text: an item is
//! answered only in the shape it was written in), the waiters that poll it, where the server
//! sets fields in what it answers, its role in the model, and the form of its answer
//! (`fake::form`), which puts an answer in the response's shape and checks it.

use std::any::TypeId;

use super::form::Form;
use super::model::{Placement, Resource};
use super::resource::Action;
use crate::request::{Call, Operation};
use crate::wait::WaitSpec;

/// A Rust type, as the compiler names it: the fake answers an item only in the shape it was
/// written in. The name is for messages only.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RustType {
    id: TypeId,
    name: &'static str,
}

impl PartialEq for RustType {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for RustType {}

impl RustType {
    pub(crate) fn of<T: 'static>() -> Self {
        RustType { id: TypeId::of::<T>(), name: std::any::type_name::<T>() }
    }

    /// The type's name without its module path, for a message.
    pub(crate) fn short(&self) -> &'static str {
        let name = self.name.rsplit_once('<').map_or(self.name, |(_, inner)| inner.trim_end_matches('>'));
        name.rsplit("::").next().unwrap_or(name)
    }

    /// Whether this is `()`: an operation that answers no body.
    pub(crate) fn is_unit(&self) -> bool {
        self.id == TypeId::of::<()>()
    }
}

/// Where the server sets fields in what an operation answers (the generator's outline, from
/// the table of request fields): at each field, what fills it.
#[derive(Debug)]
pub enum Outline {
    /// The fields of an object that hold server-set ones, by wire name.
    Object(&'static [(&'static str, Outline)]),
    /// Each item of a list.
    Each(&'static Outline),
    /// A fresh id, as Atlas's are (24 hex digits).
    Id,
    /// The time of the write.
    Date,
    /// The item's own link.
    Links,
    /// Set by the server, with nothing the fake could fill it with: kept on a replace.
    Kept,
}

/// One operation and version, as the fake knows it.
#[derive(Clone, Copy)]
pub struct FakeEntry {
    pub(crate) operation: &'static Operation,
    pub(crate) output: RustType,
    /// The item type of a body that is a list (an IP access list's entries).
    pub(crate) body_item: Option<RustType>,
    /// The item type of an answer that is a list, or of a paged list's results.
    pub(crate) output_item: Option<RustType>,
    /// Whether the answer is a page of `output_item`s (rather than a plain list).
    pub(crate) paged: bool,
    pub(crate) waits: &'static [&'static WaitSpec],
    pub(crate) server_sets: Option<&'static Outline>,
    /// What it does, and to which resource of the model (`None`: the fake does not model it).
    pub(crate) role: Option<(Action, &'static Resource)>,
    /// A create posted above its collection: where it lands.
    pub(crate) placed: Option<Placement>,
    /// A delete's query parameter that keeps what is under the item (`retainBackups`).
    pub(crate) retain: Option<&'static str>,
    /// A list's query parameters that name a field of its items (`providerName`).
    pub(crate) filters: &'static [&'static str],
    /// What the answer holds, to put an answer in its shape and check it.
    pub(crate) form: Option<&'static Form>,
}

impl crate::mock::route::Routed for FakeEntry {
    fn operation(&self) -> &'static Operation {
        self.operation
    }
}

impl std::fmt::Debug for FakeEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FakeEntry({} {})", self.operation.id, self.operation.version)
    }
}

#[allow(dead_code)] // the generated tables call these; with no tag enabled, none is called
impl FakeEntry {
    /// The entry of the builder `C`'s operation and version. Each generic method here only
    /// names its types and hands them to one that is not generic: the tables call them for
    /// each of about 600 builders, and a body copied per type is compiled per type.
    pub fn of<C: Call>() -> Self {
        Self::new(C::OPERATION, RustType::of::<C::Output>())
    }

    fn new(operation: &'static Operation, output: RustType) -> Self {
        FakeEntry {
            operation,
            output,
            body_item: None,
            output_item: None,
            paged: false,
            waits: &[],
            server_sets: None,
            role: None,
            placed: None,
            retain: None,
            filters: &[],
            form: None,
        }
    }

    /// The same, answering JSON of the type whose form is `form`: answers are put in its
    /// shape and checked against it.
    pub fn answers(self, form: &'static Form) -> Self {
        FakeEntry { form: Some(form), ..self }
    }

    /// The same, for a paged list of `T`.
    pub fn pages<T: 'static>(self) -> Self {
        self.with_output_item(RustType::of::<T>(), true)
    }

    /// The same, for an answer that is a list of `T`.
    pub fn answers_list_of<T: 'static>(self) -> Self {
        self.with_output_item(RustType::of::<T>(), false)
    }

    /// The same, for a body that is a list of `T`.
    pub fn takes_list_of<T: 'static>(self) -> Self {
        self.with_body_item(RustType::of::<T>())
    }

    fn with_output_item(self, item: RustType, paged: bool) -> Self {
        FakeEntry { output_item: Some(item), paged, ..self }
    }

    fn with_body_item(self, item: RustType) -> Self {
        FakeEntry { body_item: Some(item), ..self }
    }

    /// The same, with the waiters that poll it.
    pub fn waits(self, waits: &'static [&'static WaitSpec]) -> Self {
        FakeEntry { waits, ..self }
    }

    /// The same, with where the server sets fields in what it answers.
    pub fn server_sets(self, outline: &'static Outline) -> Self {
        FakeEntry { server_sets: Some(outline), ..self }
    }

    /// The same, doing `action` to `resource`.
    pub fn role(self, action: Action, resource: &'static Resource) -> Self {
        FakeEntry { role: Some((action, resource)), ..self }
    }

    /// The same, for a create that lands where `placement` says.
    pub fn placed(self, placement: Placement) -> Self {
        FakeEntry { placed: Some(placement), ..self }
    }

    /// The same, for a delete that keeps what is under the item when `query` is `true`.
    pub fn retains_with(self, query: &'static str) -> Self {
        FakeEntry { retain: Some(query), ..self }
    }

    /// A list's query parameters that name a field of its items: only the items whose field
    /// has the value sent are listed.
    pub fn filtered_by(self, filters: &'static [&'static str]) -> Self {
        FakeEntry { filters, ..self }
    }
}
