//! The typed intermediate representation between the spec and Rust tokens.
//! Types refer to each other by [`TypeId`]; every name in here is already a final Rust name.

mod decided;
mod http;
mod operation;
mod resource;
mod table_facts;
mod types;

pub use decided::{RequestChecks, ServerSet};
pub(crate) use http::whole;
pub use http::{Method, PathTemplate, Segment};
pub use operation::*;
pub use resource::*;
pub use table_facts::*;
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
    pub waiters: Vec<Waiter>,
    /// The error codes of `spec/error_codes.toml`, checked against the operations.
    pub error_codes: ErrorCodes,
    /// The events of `spec/events.toml`, checked against the operations.
    pub events: Vec<Event>,
    /// The fake's model of the resources (`lower/resources.rs`, with `spec/resources.toml`).
    pub resources: Vec<Resource>,
    /// Each operation's part in that model, by index into `operations`.
    pub roles: Vec<Option<Role>>,
    /// What the mock checks of requests (`lower/constrained.rs`).
    pub request_checks: RequestChecks,
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

    /// The operation of `method` whose path template is `path` as the spec writes it.
    pub fn operation_at(&self, method: Method, path: &str) -> Option<&Operation> {
        self.operations.iter().find(|op| op.method == method && op.path.as_str() == path)
    }

    /// Every named type reachable from `roots`, once each (a type, the ones it is built from,
    /// and so on).
    pub fn reachable(&self, mut roots: Vec<TypeId>) -> Vec<TypeId> {
        let mut seen = vec![false; self.types.len()];
        let mut reached = Vec::new();
        while let Some(id) = roots.pop() {
            if !std::mem::replace(&mut seen[id.0], true) {
                reached.push(id);
                roots.extend(self.get(id).children());
            }
        }
        reached
    }

    /// Every named type a request body can hold.
    pub fn in_requests(&self) -> Vec<TypeId> {
        let mut roots = Vec::new();
        for version in self.operations.iter().flat_map(|op| &op.versions) {
            if let Some(ty) = version.request.as_ref().and_then(|body| body.ty.as_ref()) {
                ty.ids(&mut roots);
            }
        }
        self.reachable(roots)
    }

    /// Every named type a success answer can hold.
    pub fn in_responses(&self) -> Vec<TypeId> {
        let mut roots = Vec::new();
        for version in self.operations.iter().flat_map(|op| &op.versions) {
            if let Some(ty) = version.response.as_ref().and_then(|body| body.ty.as_ref()) {
                ty.ids(&mut roots);
            }
        }
        self.reachable(roots)
    }

    /// The types of the field `wire` of a value of `ty`, through aliases, boxes and every
    /// variant of a union that has it.
    pub fn fields_named(&self, ty: &TypeRef, wire: &str) -> Vec<TypeRef> {
        match ty {
            TypeRef::Boxed(inner) => self.fields_named(inner, wire),
            TypeRef::Named(id) => match &self.get(*id).kind {
                TypeKind::Struct(s) => s.fields.iter().filter(|f| f.wire == wire).map(|f| f.ty.clone()).collect(),
                TypeKind::Alias(target) => self.fields_named(target, wire),
                TypeKind::Tagged(u) => u.variants.iter().flat_map(|v| self.fields_named(&v.ty, wire)).collect(),
                TypeKind::Untagged(u) => u.variants.iter().flat_map(|v| self.fields_named(&v.ty, wire)).collect(),
                TypeKind::Enum(_) => Vec::new(),
            },
            TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Primitive(_) => Vec::new(),
        }
    }
}

/// The top-level fields of the bodies every version of `op` takes.
pub(crate) fn body_fields(api: &Api, op: &Operation) -> Vec<String> {
    let mut fields = Vec::new();
    for version in &op.versions {
        if let Some(ty) = version.request.as_ref().and_then(|body| body.ty.as_ref()) {
            fields.extend(fields_of(api, ty));
        }
    }
    fields
}

/// The wire names of the fields of `ty` (of each member of a union, of the item of a list).
pub(crate) fn fields_of(api: &Api, ty: &TypeRef) -> Vec<String> {
    match ty {
        TypeRef::Named(id) => match &api.get(*id).kind {
            TypeKind::Struct(s) => s.fields.iter().map(|field| field.wire.clone()).collect(),
            TypeKind::Alias(target) => fields_of(api, target),
            TypeKind::Tagged(union) => union.variants.iter().flat_map(|v| fields_of(api, &v.ty)).collect(),
            TypeKind::Untagged(union) => union.variants.iter().flat_map(|v| fields_of(api, &v.ty)).collect(),
            TypeKind::Enum(_) => Vec::new(),
        },
        TypeRef::Vec(item) | TypeRef::Boxed(item) => fields_of(api, item),
        _ => Vec::new(),
    }
}
