//! String enums, including a `oneOf` whose members are all string enums.

use std::collections::HashSet;

use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::ir::{EnumVariant, StringEnum};
use crate::naming;
use crate::resolve::SchemaRef;
use crate::shape::{Shape, ShapeKind};

/// The values of a string enum schema (`type: string` or no type, every value a string).
pub(super) fn string_values(shape: &Shape) -> Option<Vec<String>> {
    if shape.enumeration.is_empty() || !matches!(shape.kind, ShapeKind::String | ShapeKind::Unspecified) {
        return None;
    }
    shape.enumeration.iter().map(|v| v.as_str().map(str::to_owned)).collect()
}

/// An enum over `values`, each listed once, in the order first seen. A placeholder among
/// them (see [`is_placeholder`]) is no value: it makes the enum open instead.
pub(super) fn string_enum(values: Vec<String>) -> StringEnum {
    let mut seen = HashSet::new();
    let (placeholders, values): (Vec<String>, Vec<String>) =
        values.into_iter().filter(|v| seen.insert(v.clone())).partition(|v| is_placeholder(v));
    let idents = naming::variant_idents(&values);
    let variants = idents.into_iter().zip(values).map(|(ident, wire)| EnumVariant { ident, wire }).collect();
    StringEnum { variants, open: placeholders.into_iter().next() }
}

/// Text in angle brackets (`<a custom role name>`): the spec's way of saying "any value of
/// this kind", never a value Atlas takes literally. The operators `<` and `>`, and values
/// with spaces (`million minutes`), are real values.
pub(crate) fn is_placeholder(value: &str) -> bool {
    value.len() > 2 && value.starts_with('<') && value.ends_with('>') && !value[1..value.len() - 1].contains(['<', '>'])
}

impl<'a> Lowerer<'a> {
    /// The string values a schema allows, when it is a string enum or a `oneOf` of them.
    pub(super) fn enum_values(&self, schema: SchemaRef<'a>, at: &Pointer) -> Option<Vec<String>> {
        let (schema, at, _) = self.resolver.schema(schema, at).ok()?;
        let shape = Shape::of(schema);
        if let Some(values) = string_values(&shape) {
            return Some(values);
        }
        if shape.one_of.is_empty() {
            return None;
        }
        let mut all = Vec::new();
        for (i, member) in shape.one_of.iter().enumerate() {
            all.extend(self.enum_values(member.into(), &at.push("oneOf").push(i))?);
        }
        Some(all)
    }
}
