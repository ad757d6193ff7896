//! `checks.rs` of the operations' crate (behind its `mock` feature): what the spec constrains
//! of each request, as static data the mock walks. A named type becomes a static `Node` when
//! some value below it is constrained; every distinct set of limits is one static `LIMITS_n`.
//! Nothing here names a generated type, so the mock checks without compiling the types again.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Api, Check, Limits, Operation, ParamLocation, RequestChecks, TypeDef, TypeKind, TypeRef, Version};
use crate::Target;

/// Prints what the lowering decided the mock checks of requests (`Api::request_checks`):
/// the statics of `checks.rs`, and each version's entry of the mock's table.
pub struct CheckTable<'a> {
    checks: &'a RequestChecks,
    api: &'a Api,
    target: Target,
}

impl<'a> CheckTable<'a> {
    pub fn new(api: &'a Api, target: Target) -> Self {
        CheckTable { checks: &api.request_checks, api, target }
    }

    /// The statics: one per constrained named type, one per distinct set of limits.
    pub fn module(&self) -> TokenStream {
        let api = self.api;
        let mock_checks = self.target.mock_checks();
        let limits = self.checks.limits.values().enumerate().map(|(i, limits)| {
            let name = format_ident!("LIMITS_{i}");
            let value = limits_value(limits);
            quote!(pub(crate) static #name: c::Limits = #value;)
        });
        let nodes = api.types.iter().zip(&self.checks.constrained).filter(|(_, c)| **c).filter_map(|(def, _)| {
            let node = self.type_node(def)?;
            let name = format_ident!("{}", def.name);
            let doc = format!(" `{}` (`{}`).", def.name, def.source);
            Some(quote!(#[doc = #doc] pub(crate) static #name: c::Node = #node;))
        });
        // By component name, for the conformance suite that holds real values to these checks.
        let by_schema = api.types.iter().zip(&self.checks.constrained).filter(|(_, c)| **c).filter_map(|(def, _)| {
            let (schema, name) = (def.schema_name.as_ref()?, format_ident!("{}", def.name));
            Some(quote!((#schema, &#name)))
        });
        let summary = format!(
            " What the spec constrains of request values: {} types, {} distinct limits.",
            self.checks.constrained.iter().filter(|c| **c).count(),
            self.checks.limits.len()
        );
        quote! {
            #![doc = #summary]
            #![allow(non_upper_case_globals, dead_code)]
            use #mock_checks as c;
            use super::checks as k;
            #(#limits)*
            #(#nodes)*
            /// The node of each constrained component schema, by its name in the spec.
            pub(crate) static BY_SCHEMA: &[(&str, &c::Node)] = &[#(#by_schema),*];
        }
    }

    /// What the mock checks of one version's requests (`None` when nothing is constrained),
    /// as the value of a static of the operations' table (with `c` the runtime's checks and
    /// `k` these statics).
    pub fn entry(&self, op: &Operation, version: &Version) -> Option<TokenStream> {
        let params: Vec<TokenStream> = op
            .parameters
            .iter()
            .filter(|p| p.location == ParamLocation::Path && !p.limits.is_none())
            .map(|p| {
                let (wire, limits) = (&p.wire, self.limits_ref(&p.limits));
                quote!((#wire, &#limits))
            })
            .collect();
        let body = version.request.as_ref().and_then(|b| Some(self.node(b.ty.as_ref()?, Some(&b.check)))).flatten();
        if params.is_empty() && body.is_none() {
            return None;
        }
        let body = match body {
            Some(node) => quote!(Some(#node)),
            None => quote!(None),
        };
        Some(quote!(c::Checks { params: &[#(#params),*], body: #body }))
    }

    fn limits_ref(&self, limits: &Limits) -> TokenStream {
        let index = self.checks.limits_index(limits).expect("the lowering collected every set of limits");
        let name = format_ident!("LIMITS_{index}");
        quote!(k::#name)
    }

    /// A `&'static Node` for a value of `ty` with the limits `check` gives its place, when
    /// anything in it is constrained.
    fn node(&self, ty: &TypeRef, check: Option<&Check>) -> Option<TokenStream> {
        let each = check.and_then(|c| c.each.as_deref());
        let inner = match ty {
            TypeRef::Named(id) if self.checks.is_constrained(*id) => {
                let name = format_ident!("{}", self.api.get(*id).name);
                Some(quote!(&k::#name))
            }
            TypeRef::Named(_) | TypeRef::Primitive(_) => None,
            TypeRef::Vec(item) => self.node(item, each).map(|n| quote!(&c::Node::Items(#n))),
            TypeRef::Map(value) => self.node(value, each).map(|n| quote!(&c::Node::Values(#n))),
            TypeRef::Boxed(inner) => self.node(inner, check),
        };
        match check.map(|c| &c.limits).filter(|l| !l.is_none()) {
            None => inner,
            Some(limits) => {
                let limits = self.limits_ref(limits);
                let inner = inner.unwrap_or_else(|| quote!(&c::Node::Free));
                Some(quote!(&c::Node::Limited(&#limits, #inner)))
            }
        }
    }

    /// The node of a named type, when a value below it is constrained.
    fn type_node(&self, def: &TypeDef) -> Option<TokenStream> {
        match &def.kind {
            TypeKind::Struct(s) => {
                let fields: Vec<TokenStream> = s
                    .fields
                    .iter()
                    .filter_map(|f| {
                        let node = self.node(&f.ty, Some(&f.check))?;
                        let wire = &f.wire;
                        Some(quote!((#wire, #node)))
                    })
                    .collect();
                (!fields.is_empty()).then(|| quote!(c::Node::Object(&[#(#fields),*])))
            }
            TypeKind::Enum(_) => None,
            TypeKind::Tagged(u) => {
                let mut variants = Vec::new();
                for variant in &u.variants {
                    let Some(node) = self.node(&variant.ty, None) else { continue };
                    variants.extend(variant.tags.iter().map(|tag| quote!((#tag, #node))));
                }
                let property = &u.property;
                (!variants.is_empty()).then(|| quote!(c::Node::Tagged(#property, &[#(#variants),*])))
            }
            // A value is checked as the member it fits; a member with nothing to check takes
            // any value, so the union has nothing to check either (never stricter than Atlas).
            TypeKind::Untagged(u) => {
                let members: Option<Vec<TokenStream>> =
                    u.variants.iter().map(|variant| self.node(&variant.ty, None)).collect();
                members.map(|members| quote!(c::Node::AnyOf(&[#(#members),*])))
            }
            TypeKind::Alias(target) => self.node(target, None).map(|node| quote!(c::Node::Is(#node))),
        }
    }
}

fn limits_value(limits: &Limits) -> TokenStream {
    let pattern = match &limits.pattern {
        Some(pattern) => quote!(Some(#pattern)),
        None => quote!(None),
    };
    let count = |v: Option<usize>| match v {
        Some(n) => {
            let n = Literal::usize_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    };
    let number = |v: Option<f64>| match v {
        Some(n) => {
            let n = Literal::f64_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    };
    let (length_min, length_max) = (count(limits.length.min), count(limits.length.max));
    let (range_min, range_max) = (number(limits.range.min), number(limits.range.max));
    let (items_min, items_max) = (count(limits.items.min), count(limits.items.max));
    quote! {
        c::Limits {
            pattern: #pattern,
            length: (#length_min, #length_max),
            range: (#range_min, #range_max),
            items: (#items_min, #items_max),
        }
    }
}
