//! `$ref` lookup for every kind of component, following chains of references and
//! reporting dangling or cyclic ones at the pointer of the node that holds the `$ref`.

use std::collections::HashSet;

use indexmap::IndexMap;
use openapiv3::{Components, Header, OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};

use crate::diagnostics::{Diagnostic, Pointer};

/// A kind of component that can be the target of `$ref`.
pub trait Component: Sized {
    /// The folder under `#/components`.
    const SECTION: &'static str;
    fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>>;
}

macro_rules! component {
    ($ty:ty, $field:ident, $section:literal) => {
        impl Component for $ty {
            const SECTION: &'static str = $section;
            fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
                &components.$field
            }
        }
    };
}
component!(Schema, schemas, "schemas");
component!(Parameter, parameters, "parameters");
component!(Response, responses, "responses");
component!(RequestBody, request_bodies, "requestBodies");
component!(Header, headers, "headers");

/// A schema position: either a reference to a named component or an inline schema.
#[derive(Debug, Clone, Copy)]
pub enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

/// Looks up references in one spec.
#[derive(Clone, Copy)]
pub struct Resolver<'a> {
    spec: &'a OpenAPI,
}

impl<'a> Resolver<'a> {
    pub fn new(spec: &'a OpenAPI) -> Self {
        Self { spec }
    }

    /// Follows `item` (found at `at`) to its definition. Returns the definition and the
    /// pointer of the definition (`at` itself when inline).
    pub fn resolve<T: Component>(
        &self,
        item: &'a ReferenceOr<T>,
        at: &Pointer,
    ) -> Result<(&'a T, Pointer), Diagnostic> {
        let mut current = item;
        let mut here = at.clone();
        let mut seen = HashSet::new();
        loop {
            match current {
                ReferenceOr::Item(value) => return Ok((value, here)),
                ReferenceOr::Reference { reference } => {
                    if !seen.insert(reference.as_str()) {
                        return Err(diag(at, format!("`$ref` cycle through `{reference}`")));
                    }
                    let (target, pointer) = self.lookup::<T>(reference, &here)?;
                    current = target;
                    here = pointer;
                }
            }
        }
    }

    /// Resolves a schema position to the schema and its pointer; for a named component,
    /// also its name.
    pub fn schema(
        &self,
        schema: SchemaRef<'a>,
        at: &Pointer,
    ) -> Result<(&'a Schema, Pointer, Option<String>), Diagnostic> {
        match schema {
            SchemaRef::Inline(schema) => Ok((schema, at.clone(), None)),
            SchemaRef::Ref(reference) => {
                let (target, pointer) = self.lookup::<Schema>(reference, at)?;
                let name = pointer.last_segment();
                let (schema, pointer) = self.resolve(target, &pointer)?;
                Ok((schema, pointer, Some(name)))
            }
        }
    }

    fn lookup<T: Component>(&self, reference: &str, at: &Pointer) -> Result<(&'a ReferenceOr<T>, Pointer), Diagnostic> {
        let prefix = format!("#/components/{}/", T::SECTION);
        let name = reference
            .strip_prefix(&prefix)
            .ok_or_else(|| diag(at, format!("`$ref: {reference}` must point into `{prefix}`")))?;
        let name = name.replace("~1", "/").replace("~0", "~");
        let section = self.spec.components.as_ref().map(T::section);
        let target = section
            .and_then(|s| s.get(&name))
            .ok_or_else(|| diag(at, format!("`$ref: {reference}` points to nothing")))?;
        let pointer = Pointer::root().push("components").push(T::SECTION).push(&name);
        Ok((target, pointer))
    }
}

fn diag(at: &Pointer, message: String) -> Diagnostic {
    Diagnostic { pointer: at.push("$ref"), message }
}
