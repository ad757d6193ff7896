//! How an IR type reference is spelled in Rust.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Api, Primitive, TypeRef};

/// The type as spelled inside the `types` module.
pub(super) fn spell(api: &Api, ty: &TypeRef) -> TokenStream {
    spell_in(api, ty, &TokenStream::new())
}

/// The type as spelled elsewhere, named types behind `module` (e.g. `types::`).
pub(super) fn spell_in(api: &Api, ty: &TypeRef, module: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            let name = format_ident!("{}", api.get(*id).name);
            quote!(#module #name)
        }
        TypeRef::Primitive(p) => primitive(*p),
        TypeRef::Vec(inner) => {
            let inner = spell_in(api, inner, module);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = spell_in(api, inner, module);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Boxed(inner) => {
            let inner = spell_in(api, inner, module);
            quote!(Box<#inner>)
        }
    }
}

fn primitive(p: Primitive) -> TokenStream {
    match p {
        Primitive::String => quote!(String),
        Primitive::Bool => quote!(bool),
        Primitive::I32 => quote!(i32),
        Primitive::I64 => quote!(i64),
        Primitive::F64 => quote!(f64),
        Primitive::DateTime | Primitive::UnixSeconds | Primitive::UnixMillis => {
            quote!(::chrono::DateTime<::chrono::Utc>)
        }
        Primitive::Date => quote!(::chrono::NaiveDate),
        Primitive::Json => quote!(::serde_json::Value),
    }
}
