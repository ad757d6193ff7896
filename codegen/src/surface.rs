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
    /// The method that calls this version (`get_cluster`, `get_cluster_v2023_01_01`), and the
    /// call struct it returns (`GetCluster`, `GetClusterV20230101`).
    pub method: String,
    pub call: String,
    pub preview: bool,
    pub sunset: Option<String>,
    pub takes: Option<String>,
    pub returns: Option<String>,
    /// The path parameters (wire names) it fills from its body's union tag: the method takes
    /// no argument for them.
    pub from_body: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParameterSurface {
    /// The argument or builder method's name (`include_count`).
    pub ident: String,
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
    /// Struct fields by wire name: their Rust name (the field, and its setter); enum values
    /// by wire value: their variant.
    pub idents: BTreeMap<String, String>,
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
                .enumerate()
                .map(|(i, v)| {
                    let body =
                        |b: &Option<crate::ir::Body>| b.as_ref().and_then(|b| b.ty.as_ref()).map(|t| spell(api, t));
                    let method = op.method_name(i);
                    let version = VersionSurface {
                        call: crate::naming::type_name(&method),
                        method,
                        preview: v.preview,
                        sunset: v.sunset.clone(),
                        takes: body(&v.request),
                        returns: body(&v.response),
                        from_body: v
                            .tie
                            .iter()
                            .filter(|t| v.fills_from_body(&t.param))
                            .map(|t| t.param.clone())
                            .collect(),
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
                    let parameter = ParameterSurface {
                        ident: p.ident.clone(),
                        location: location.to_owned(),
                        required: p.required,
                        ty: spell(api, &p.ty),
                    };
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
            idents: s.fields.iter().map(|f| (f.wire.clone(), f.ident.clone())).collect(),
            values: Vec::new(),
        },
        TypeKind::Enum(e) => enum_surface(e),
        TypeKind::Tagged(u) => union(u.variants.iter().map(|v| v.ident.clone())),
        TypeKind::Untagged(u) => union(u.variants.iter().map(|v| v.ident.clone())),
        // An enum that is an alias of the same values written elsewhere is, to its
        // users, that enum: which copy stays may change without changing them.
        TypeKind::Alias(target) => match aliased_enum(api, target) {
            Some(e) => enum_surface(e),
            None => TypeSurface { kind: "alias".into(), values: vec![spell(api, target)], ..TypeSurface::default() },
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
        values: e.variants.iter().map(|v| v.wire.clone()).collect(),
        idents: e.variants.iter().map(|v| (v.wire.clone(), v.ident.clone())).collect(),
        ..TypeSurface::default()
    }
}

fn union(variants: impl Iterator<Item = String>) -> TypeSurface {
    TypeSurface { kind: "union".into(), values: variants.collect(), ..TypeSurface::default() }
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
