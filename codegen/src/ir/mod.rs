//! The typed intermediate representation between the spec and Rust tokens.
//! Types refer to each other by [`TypeId`]; every name in here is already a final Rust name.

mod http;
mod operation;
mod types;

pub use http::{Method, PathTemplate, Segment};
pub use operation::*;
pub use types::*;

/// Everything the emitter needs, in deterministic order.
#[derive(Debug, Clone, Default)]
pub struct Api {
    /// Indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
    /// In spec order (paths, then methods as the spec lists them).
    pub operations: Vec<Operation>,
    /// Facts about the spec the code came from.
    pub source: SourceInfo,
    /// JSON pointers of the schema and media-type nodes that carry an `example` (or, for
    /// media types, `examples`), with the type a value there decodes into; sorted.
    pub examples: Vec<(String, TypeRef)>,
    /// The waiters of `spec/waiters.toml`, checked against the operations.
    pub waiters: Vec<crate::waiters::Waiter>,
    /// The error codes of `spec/error_codes.toml`, checked against the operations.
    pub error_codes: crate::error_codes::ErrorCodes,
    /// The events of `spec/events.toml`, checked against the operations.
    pub events: Vec<crate::events::Event>,
}

#[derive(Debug, Clone, Default)]
pub struct SourceInfo {
    pub title: String,
    pub version: String,
    pub sha256: String,
    pub schemas: usize,
}

impl Api {
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
}
