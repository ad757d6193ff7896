//! The API surface a spec gives atlas-api's users: operations with their versions and
//! parameters, types with their fields and enum values. Two of them, compared, say what
//! changed for users ([`crate::diff`]).

use std::collections::BTreeMap;

use crate::ir::{Api, ParamLocation, Presence, Primitive, StringEnum, TypeKind, TypeRef};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Surface {
    /// Operations by `operationId`.
    pub operations: BTreeMap<String, OperationSurface>,
    /// Types by Rust name.
    pub types: BTreeMap<String, TypeSurface>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct OperationSurface {
    /// The method the plain name calls (`get_cluster`), and the tag accessor it hangs off.
    pub method: String,
    pub tag: String,
    pub deprecated: bool,
    /// The version the plain method uses.
    pub default_version: Option<String>,
    pub versions: BTreeMap<String, VersionSurface>,
    /// Parameters by wire name.
    pub parameters: BTreeMap<String, ParameterSurface>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct VersionSurface {
    pub preview: bool,
    pub sunset: Option<String>,
    pub takes: Option<String>,
    pub returns: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParameterSurface {
    pub location: String,
    pub required: bool,
    pub ty: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TypeSurface {
    /// `struct`, `enum`, `union` or `alias`.
    pub kind: String,
    /// Struct fields by wire name: their Rust type as a user spells it.
    pub fields: BTreeMap<String, String>,
    /// Enum values, or union variants.
    pub values: Vec<String>,
}

impl Surface {
    pub fn of(api: &Api) -> Self {
        let mut surface = Surface::default();
        for op in &api.operations {
            let default = op.default_version();
            let versions = op
                .versions
                .iter()
                .map(|v| {
                    let body =
                        |b: &Option<crate::ir::Body>| b.as_ref().and_then(|b| b.ty.as_ref()).map(|t| spell(api, t));
                    let version = VersionSurface {
                        preview: v.preview,
                        sunset: v.sunset.clone(),
                        takes: body(&v.request),
                        returns: body(&v.response),
                    };
                    (v.date.clone(), version)
                })
                .collect();
            let parameters = op
                .parameters
                .iter()
                .map(|p| {
                    let location = match p.location {
                        ParamLocation::Path => "path",
                        ParamLocation::Query => "query",
                        ParamLocation::Header => "header",
                    };
                    let parameter =
                        ParameterSurface { location: location.to_owned(), required: p.required, ty: spell(api, &p.ty) };
                    (p.wire.clone(), parameter)
                })
                .collect();
            let method = default.map(|i| op.method_name(i)).unwrap_or_default();
            surface.operations.insert(
                op.operation_id.clone(),
                OperationSurface {
                    method,
                    tag: op.tag.clone(),
                    deprecated: op.deprecated,
                    default_version: default.map(|i| op.versions[i].date.clone()),
                    versions,
                    parameters,
                },
            );
        }
        for def in &api.types {
            surface.types.insert(def.name.clone(), type_surface(api, def));
        }
        surface
    }
}

/// A type as its users see it.
fn type_surface(api: &Api, def: &crate::ir::TypeDef) -> TypeSurface {
    match &def.kind {
        TypeKind::Struct(s) => TypeSurface {
            kind: "struct".into(),
            fields: s
                .fields
                .iter()
                .map(|f| {
                    let ty = spell(api, &f.ty);
                    let ty = match f.presence {
                        Presence::Required => ty,
                        Presence::Optional | Presence::RequiredNullable => format!("Option<{ty}>"),
                        Presence::OptionalNullable => format!("Option<Option<{ty}>>"),
                    };
                    (f.wire.clone(), ty)
                })
                .collect(),
            values: Vec::new(),
        },
        TypeKind::Enum(e) => enum_surface(e),
        TypeKind::Tagged(u) => union(u.variants.iter().map(|v| v.ident.clone())),
        TypeKind::Untagged(u) => union(u.variants.iter().map(|v| v.ident.clone())),
        // An enum that is an alias of the same values written elsewhere is, to its
        // users, that enum: which copy stays may change without changing them.
        TypeKind::Alias(target) => match aliased_enum(api, target) {
            Some(e) => enum_surface(e),
            None => TypeSurface { kind: "alias".into(), fields: BTreeMap::new(), values: vec![spell(api, target)] },
        },
    }
}

fn aliased_enum<'a>(api: &'a Api, target: &TypeRef) -> Option<&'a StringEnum> {
    match target {
        TypeRef::Named(id) => match &api.get(*id).kind {
            TypeKind::Enum(e) => Some(e),
            _ => None,
        },
        _ => None,
    }
}

fn enum_surface(e: &StringEnum) -> TypeSurface {
    TypeSurface {
        kind: "enum".into(),
        fields: BTreeMap::new(),
        values: e.variants.iter().map(|v| v.wire.clone()).collect(),
    }
}

fn union(variants: impl Iterator<Item = String>) -> TypeSurface {
    TypeSurface { kind: "union".into(), fields: BTreeMap::new(), values: variants.collect() }
}

/// A type as the user spells it: `Vec<Foo>`, `HashMap<String, i64>`, `DateTime<Utc>`.
fn spell(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => api.get(*id).name.clone(),
        TypeRef::Boxed(inner) => spell(api, inner),
        TypeRef::Vec(inner) => format!("Vec<{}>", spell(api, inner)),
        TypeRef::Map(inner) => format!("HashMap<String, {}>", spell(api, inner)),
        TypeRef::Primitive(p) => primitive(*p).to_owned(),
    }
}

fn primitive(p: Primitive) -> &'static str {
    match p {
        Primitive::String => "String",
        Primitive::Bool => "bool",
        Primitive::I32 => "i32",
        Primitive::I64 => "i64",
        Primitive::F64 => "f64",
        Primitive::DateTime | Primitive::UnixSeconds | Primitive::UnixMillis => "DateTime<Utc>",
        Primitive::Date => "NaiveDate",
        Primitive::Json => "Value",
    }
}
