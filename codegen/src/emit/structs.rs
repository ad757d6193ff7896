//! Structs and aliases.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc;
use super::typeref::spell;
use crate::ir::{Api, Field, Presence, Struct, TypeDef, TypeRef};
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
        let field = quote! {
            #[doc = " Properties the schema does not name."]
            pub #ident: ::std::collections::BTreeMap<String, #values>,
        };
        (field, ident)
    });
    let (additional, rest) = additional.unzip();
    let impls = super::serde_impls::struct_impls(api, def, s, rest.as_ref());
    let setters = super::setters::struct_setters(api, def, s);
    // Non-exhaustive, so that a field a new spec adds is no breaking change: users outside the
    // crate build a value with `new(required..)` and the setters, and read its fields.
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }

        #setters

        #impls
    }
}

fn field(api: &Api, f: &Field) -> TokenStream {
    let ident = super::params::ident(&f.ident);
    let ty = spell(api, &f.ty);
    let ty = match f.presence {
        Presence::Required => ty,
        Presence::Optional | Presence::RequiredNullable => quote!(Option<#ty>),
        Presence::OptionalNullable => quote!(Option<Option<#ty>>),
    };
    let mut facts = vec![format!("`{}`.", f.wire)];
    facts.extend(f.facts.iter().cloned());
    let docs = doc(&[facts.join(" ")]);
    quote! {
        #docs
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
