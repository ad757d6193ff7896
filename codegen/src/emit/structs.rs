//! Structs and aliases.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc;
use super::typeref::spell;
use crate::ir::{Api, Field, Presence, Primitive, Struct, TypeDef, TypeRef};
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
    let ty = match f.presence {
        Presence::Required if integer => {
            serde.push(quote!(default, deserialize_with = "super::super::support::required_int"));
            ty
        }
        Presence::Required => {
            serde.push(quote!(default, deserialize_with = "super::super::support::required"));
            ty
        }
        Presence::Optional if integer => {
            serde.push(quote!(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "super::super::support::optional_int"
            ));
            quote!(Option<#ty>)
        }
        Presence::Optional => {
            serde.push(quote!(default, skip_serializing_if = "Option::is_none"));
            quote!(Option<#ty>)
        }
        Presence::RequiredNullable => quote!(Option<#ty>),
        Presence::OptionalNullable => {
            serde.push(quote!(
                default,
                skip_serializing_if = "Option::is_none",
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

pub(super) fn emit_alias(api: &Api, def: &TypeDef, target: &TypeRef) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let docs = doc(&def.facts);
    let target = spell(api, target);
    quote! {
        #docs
        pub type #name = #target;
    }
}
