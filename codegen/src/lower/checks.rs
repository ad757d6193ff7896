//! What the spec constrains of a value (`pattern`, lengths, ranges, item counts), where a
//! field or parameter holds it: the mock checks these as Atlas would.

use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::ir::{Bounds, Check, Limits};
use crate::resolve::SchemaRef;
use crate::shape::{Constraints, Shape, ShapeKind};

/// Arrays of arrays nest no deeper than this in practice; a schema that would is cut off.
const MAX_DEPTH: usize = 8;

impl<'a> Lowerer<'a> {
    /// The limits of the value `schema` describes, and of each item or map value below it.
    pub(super) fn check(&self, schema: SchemaRef<'a>, at: &Pointer) -> Check {
        self.check_at(schema, at, 0)
    }

    fn check_at(&self, schema: SchemaRef<'a>, at: &Pointer, depth: usize) -> Check {
        let Ok((target, pointer, _)) = self.resolver.schema(schema, at) else {
            return Check::default();
        };
        if depth > MAX_DEPTH {
            return Check::default();
        }
        let shape = Shape::of(target);
        if let [only] = shape.all_of {
            if shape.constraints == Constraints::default() && shape.properties.is_none() {
                return self.check_at(only.into(), &pointer.push("allOf").push(0), depth + 1);
            }
        }
        let each = match (shape.items, shape.additional) {
            (Some(items), _) if shape.kind == ShapeKind::Array => {
                Some(self.check_at(items.into(), &pointer.push("items"), depth + 1))
            }
            (_, Some(openapiv3::AdditionalProperties::Schema(values))) if shape.properties.is_none() => {
                let values: &'a openapiv3::ReferenceOr<openapiv3::Schema> = values;
                Some(self.check_at(values.into(), &pointer.push("additionalProperties"), depth + 1))
            }
            _ => None,
        };
        Check { limits: limits(&shape), each: each.filter(|each| !each.is_none()).map(Box::new) }
    }
}

/// The limits a schema states for the kind of value it describes (a `pattern` on an
/// integer says nothing a JSON value could break).
pub(super) fn limits(shape: &Shape) -> Limits {
    let c = &shape.constraints;
    let string = matches!(shape.kind, ShapeKind::String | ShapeKind::Unspecified);
    let number = matches!(shape.kind, ShapeKind::Integer | ShapeKind::Number | ShapeKind::Unspecified);
    let array = matches!(shape.kind, ShapeKind::Array | ShapeKind::Unspecified);
    Limits {
        pattern: c.pattern.clone().filter(|_| string),
        length: Bounds { min: c.min_length.filter(|_| string), max: c.max_length.filter(|_| string) },
        range: Bounds { min: c.minimum.filter(|_| number), max: c.maximum.filter(|_| number) },
        items: Bounds { min: c.min_items.filter(|_| array), max: c.max_items.filter(|_| array) },
    }
}
