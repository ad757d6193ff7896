//! Dispatch on a schema's shape, and the shapes that need no type of their own.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::ir::{Primitive, TypeDef, TypeKind, TypeRef};
use crate::resolve::SchemaRef;
use crate::shape::{Shape, ShapeKind};

impl<'a> Lowerer<'a> {
    /// How to spell the schema at `at`; an inline schema that needs a type of its own is
    /// named from `hint` (the parent's name and the property, say).
    pub(super) fn type_ref(&mut self, schema: SchemaRef<'a>, at: &Pointer, hint: &str) -> TypeRef {
        match schema {
            SchemaRef::Inline(schema) => {
                let ty = self.inline(schema, at, hint);
                if schema.schema_data.example.is_some() {
                    self.examples.push((at.to_string(), ty.clone()));
                }
                ty
            }
            SchemaRef::Ref(_) => match self.resolver.schema(schema, at) {
                Ok((_, _, Some(name))) => self.component(&name),
                Ok((schema, pointer, None)) => self.inline(schema, &pointer, hint),
                Err(diagnostic) => {
                    self.report(diagnostic);
                    TypeRef::Primitive(Primitive::Json)
                }
            },
        }
    }

    /// The type of the component schema `name`, lowered on first use.
    pub(super) fn component(&mut self, name: &str) -> TypeRef {
        if let Some(id) = self.components.get(name) {
            return TypeRef::Named(*id);
        }
        let at = Pointer::root().push("components").push("schemas").push(name);
        let Some(entry) = self.spec.components.as_ref().and_then(|c| c.schemas.get(name)) else {
            return TypeRef::Primitive(Primitive::Json);
        };
        let (schema, pointer) = match self.resolver.resolve(entry, &at) {
            Ok(found) => found,
            Err(diagnostic) => {
                self.report(diagnostic);
                return TypeRef::Primitive(Primitive::Json);
            }
        };
        let id = self.alloc();
        self.components.insert(name.to_owned(), id);
        let rust_name = self.component_names[name].clone();
        let def = self.define(schema, &pointer, rust_name, Some(name.to_owned()));
        self.types[id.0] = Some(def);
        if schema.schema_data.example.is_some() {
            self.examples.push((pointer.to_string(), TypeRef::Named(id)));
        }
        TypeRef::Named(id)
    }

    fn inline(&mut self, schema: &'a Schema, at: &Pointer, hint: &str) -> TypeRef {
        let shape = Shape::of(schema);
        if let Some(unnamed) = self.unnamed(&shape, at, hint) {
            return unnamed;
        }
        let name = self.names.claim(hint);
        let id = self.alloc();
        let def = self.define(schema, at, name, None);
        self.types[id.0] = Some(def);
        TypeRef::Named(id)
    }

    fn define(&mut self, schema: &'a Schema, at: &Pointer, name: String, schema_name: Option<String>) -> TypeDef {
        let shape = Shape::of(schema);
        let kind = self.type_kind(&shape, at, &name);
        if matches!(kind, TypeKind::Tagged(_) | TypeKind::Untagged(_)) {
            self.note_union_property_examples(&shape, at, &name);
        }
        let facts = super::facts::type_facts(&shape, at, schema_name.as_deref());
        TypeDef { name, source: at.clone(), schema_name, facts, kind }
    }

    fn type_kind(&mut self, shape: &Shape<'a>, at: &Pointer, name: &str) -> TypeKind {
        if !shape.one_of.is_empty() {
            return self.one_of(shape, at, name);
        }
        if let Some(kind) = self.polymorphic_base(shape, at, name) {
            return kind;
        }
        if !shape.any_of.is_empty() {
            return self.untagged(shape.any_of, &at.push("anyOf"), name);
        }
        if let Some(values) = super::enums::string_values(shape) {
            return TypeKind::Enum(super::enums::string_enum(values));
        }
        if shape.properties.is_some() || !shape.all_of.is_empty() {
            return self.object(shape, at, name);
        }
        TypeKind::Alias(self.unnamed(shape, at, name).unwrap_or(TypeRef::Primitive(Primitive::Json)))
    }

    /// The type of a schema that needs no name of its own (primitives, arrays, maps,
    /// a lone `allOf` reference), or `None` when it does.
    fn unnamed(&mut self, shape: &Shape<'a>, at: &Pointer, hint: &str) -> Option<TypeRef> {
        if !shape.one_of.is_empty() || !shape.any_of.is_empty() || shape.properties.is_some() {
            return None;
        }
        if !shape.all_of.is_empty() {
            return match shape.all_of {
                [only] if shape.additional.is_none() => {
                    Some(self.type_ref(only.into(), &at.push("allOf").push(0), hint))
                }
                _ => None,
            };
        }
        if super::enums::string_values(shape).is_some() {
            return None;
        }
        Some(match shape.kind {
            ShapeKind::String => TypeRef::Primitive(match shape.format.as_deref() {
                Some("date-time") => Primitive::DateTime,
                Some("date") => Primitive::Date,
                _ => Primitive::String,
            }),
            ShapeKind::Integer => TypeRef::Primitive(match shape.format.as_deref() {
                Some("int32") => Primitive::I32,
                Some("unix-seconds") => Primitive::UnixSeconds,
                Some("unix-millis") => Primitive::UnixMillis,
                _ => Primitive::I64,
            }),
            // `float` too: Atlas sends doubles in fields the spec calls float, and an `f32`
            // could neither hold them nor write them back unchanged; `f64` holds every `f32`.
            ShapeKind::Number => TypeRef::Primitive(Primitive::F64),
            ShapeKind::Boolean => TypeRef::Primitive(Primitive::Bool),
            ShapeKind::Array => TypeRef::Vec(Box::new(match shape.items {
                Some(items) => self.type_ref(items.into(), &at.push("items"), &format!("{hint} Item")),
                None => TypeRef::Primitive(Primitive::Json),
            })),
            // `type: object` and nothing else constrains nothing in practice: Atlas sends `true`
            // and arrays where such schemas stand (`SearchMappings.dynamic`, `Fields`), so any
            // JSON value is kept as sent.
            ShapeKind::Object => match self.additional(shape.additional, at, hint) {
                Some(values) => TypeRef::Map(Box::new(values)),
                None => TypeRef::Primitive(Primitive::Json),
            },
            ShapeKind::Unspecified => match shape.additional {
                Some(_) => TypeRef::Map(Box::new(self.additional(shape.additional, at, hint)?)),
                None => TypeRef::Primitive(Primitive::Json),
            },
            ShapeKind::Unknown(other) => {
                let message =
                    format!("unknown type `{other}` (expected string, number, integer, boolean, object or array)");
                self.diags.push(at.push("type"), message);
                TypeRef::Primitive(Primitive::Json)
            }
        })
    }

    /// The value type of `additionalProperties`, when it allows any.
    pub(super) fn additional(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        at: &Pointer,
        hint: &str,
    ) -> Option<TypeRef> {
        match additional? {
            AdditionalProperties::Any(false) => None,
            AdditionalProperties::Any(true) => Some(TypeRef::Primitive(Primitive::Json)),
            AdditionalProperties::Schema(schema) => {
                let schema: &'a ReferenceOr<Schema> = schema;
                Some(self.type_ref(schema.into(), &at.push("additionalProperties"), &format!("{hint} Value")))
            }
        }
    }
}
