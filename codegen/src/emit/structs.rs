//! Structs and aliases.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc;
use super::typeref::spell;
use crate::ir::{Api, Field, Presence, Primitive, Struct, TypeDef, TypeKind, TypeRef};
use crate::naming;

pub(super) fn emit_struct(api: &Api, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let docs = doc(&def.facts);
    let fields = s.fields.iter().map(|f| field(api, f));
    let additional = s.additional.as_ref().map(|values| {
        let taken: Vec<&str> = s.fields.iter().map(|f| f.wire.as_str()).chain(["additionalProperties"]).collect();
        let ident = naming::field_idents(taken).pop().unwrap_or_default();
        let ident = syn::parse_str::<syn::Ident>(&ident).unwrap_or_else(|_| format_ident!("additional_properties"));
        let values = spell(api, values);
        quote! {
            #[doc = " Properties the schema does not name."]
            #[serde(flatten)]
            pub #ident: ::std::collections::BTreeMap<String, #values>,
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

fn field(api: &Api, f: &Field) -> TokenStream {
    let ident = super::params::ident(&f.ident);
    let bare = f.ident.trim_start_matches("r#");
    let wire = &f.wire;
    let mut serde = Vec::new();
    if bare != wire {
        serde.push(quote!(rename = #wire));
    }
    let ty = spell(api, &f.ty);
    let integer = matches!(f.ty, TypeRef::Primitive(Primitive::I32 | Primitive::I64));
    // A read-only field is skipped while a request body is encoded (and only then).
    let skip = if f.read_only { "super::super::support::skip_read_only" } else { "Option::is_none" };
    let ty = match f.presence {
        Presence::Required if integer => {
            serde.push(quote!(default, deserialize_with = "super::super::support::required_int"));
            ty
        }
        Presence::Required => {
            serde.push(quote!(default, deserialize_with = "super::super::support::required"));
            // An enum or union left out by the server decodes as a value no server sends
            // (an empty or `null` unknown): it is not written back as if it had been sent.
            if let Some(name) = unset_check(api, &f.ty) {
                let check = format!("{name}::is_unset");
                serde.push(quote!(skip_serializing_if = #check));
            }
            ty
        }
        Presence::Optional if integer => {
            serde.push(quote!(
                default,
                skip_serializing_if = #skip,
                deserialize_with = "super::super::support::optional_int"
            ));
            quote!(Option<#ty>)
        }
        Presence::Optional => {
            serde.push(quote!(default, skip_serializing_if = #skip));
            quote!(Option<#ty>)
        }
        Presence::RequiredNullable if integer => {
            serde.push(quote!(default, deserialize_with = "super::super::support::optional_int"));
            quote!(Option<#ty>)
        }
        Presence::RequiredNullable => quote!(Option<#ty>),
        Presence::OptionalNullable if integer => {
            serde.push(quote!(
                default,
                skip_serializing_if = #skip,
                deserialize_with = "super::super::support::nullable_int"
            ));
            quote!(Option<Option<#ty>>)
        }
        Presence::OptionalNullable => {
            serde.push(quote!(
                default,
                skip_serializing_if = #skip,
                deserialize_with = "super::super::support::nullable"
            ));
            quote!(Option<Option<#ty>>)
        }
    };
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    let docs = doc(&[f.facts.join(" ")]);
    quote! {
        #docs
        #serde
        pub #ident: #ty,
    }
}

/// The type whose `is_unset` tells a required field's lenient default, when it has one.
fn unset_check(api: &Api, ty: &TypeRef) -> Option<String> {
    let TypeRef::Named(id) = ty else { return None };
    let def = api.get(*id);
    match &def.kind {
        TypeKind::Enum(_) | TypeKind::Tagged(_) | TypeKind::Untagged(_) => Some(def.name.clone()),
        TypeKind::Alias(target) => unset_check(api, target),
        TypeKind::Struct(_) => None,
    }
}

pub(super) fn emit_alias(api: &Api, def: &TypeDef, target: &TypeRef) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let docs = doc(&def.facts);
    let target = spell(api, target);
    quote! {
        #docs
        pub type #name = #target;
    }
}
