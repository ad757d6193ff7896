//! Building a struct without `Some(..)` or `..Default::default()`: `T::new(required..)`
//! and one chained setter per field that takes `impl Into<..>`, so a string slice, an array,
//! a variant's struct (into its union) or an enum's wire value converts where it is passed.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::typeref::spell;
use crate::ir::{Api, Field, Presence, Struct, TypeDef, TypeRef};

/// Names no setter takes: the constructor, and methods every struct has from its traits.
const RESERVED: &[&str] =
    &["new", "clone", "default", "eq", "ne", "fmt", "serialize", "deserialize", "field", "from", "into"];

pub(super) fn struct_setters(api: &Api, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let required: Vec<&Field> =
        s.fields.iter().filter(|f| f.presence == Presence::Required && f.fixed.is_none()).collect();
    let arguments = required.iter().map(|f| {
        let ident = super::params::ident(&f.ident);
        let ty = argument_type(api, &f.ty);
        quote!(#ident: impl Into<#ty>)
    });
    let fixed = s.fields.iter().filter_map(|f| Some((f, f.fixed.as_deref()?))).map(|(f, value)| {
        let ident = super::params::ident(&f.ident);
        let value = presented(f.presence, converted(&f.ty, quote!(#value)));
        quote!(#ident: #value,)
    });
    let inits = required.iter().map(|f| {
        let ident = super::params::ident(&f.ident);
        let value = converted(&f.ty, quote!(#ident));
        quote!(#ident: #value,)
    });
    let set = required.len() + s.fields.iter().filter(|f| f.fixed.is_some()).count();
    let rest = (set < s.fields.len() || s.additional.is_some()).then(|| quote!(..Default::default()));
    let tagged = s.fields.iter().any(|f| f.fixed.is_some());
    let mut new_doc = match (required.len(), tagged) {
        (0, false) => " A value with no field set; set them with the methods named after them.",
        (0, true) => " A value with only its tag set; set the other fields with the methods named after them.",
        _ => " A value with its required fields; set the others with the methods named after them.",
    }
    .to_owned();
    for (f, value) in s.fields.iter().filter_map(|f| Some((f, f.fixed.as_deref()?))) {
        new_doc.push_str(&format!(" Its tag `{}` is `{value}`, the one value that selects this type.", f.wire));
    }
    let setters =
        s.fields.iter().filter(|f| !RESERVED.contains(&f.ident.trim_start_matches("r#"))).map(|f| setter(api, f));
    quote! {
        impl #name {
            #[doc = #new_doc]
            pub fn new(#(#arguments),*) -> Self {
                Self { #(#inits)* #(#fixed)* #rest }
            }
            #(#setters)*
        }
    }
}

/// `field(value)`: sets the field (an optional one to `Some(value)`) and returns the value.
fn setter(api: &Api, f: &Field) -> TokenStream {
    let ident = super::params::ident(&f.ident);
    let ty = argument_type(api, &f.ty);
    let value = presented(f.presence, converted(&f.ty, quote!(value)));
    let doc = format!(" Sets `{}`.", f.wire);
    quote! {
        #[doc = #doc]
        pub fn #ident(mut self, value: impl Into<#ty>) -> Self {
            self.#ident = #value;
            self
        }
    }
}

/// What a setter takes: the field's type, or what its box holds.
fn argument_type(api: &Api, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Boxed(inner) => spell(api, inner),
        _ => spell(api, ty),
    }
}

fn converted(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::Boxed(_) => quote!(Box::new(#value.into())),
        _ => quote!(#value.into()),
    }
}

/// A field's value as its presence holds it (an optional one in `Some`).
fn presented(presence: Presence, value: TokenStream) -> TokenStream {
    match presence {
        Presence::Required => value,
        Presence::Optional | Presence::RequiredNullable => quote!(Some(#value)),
        Presence::OptionalNullable => quote!(Some(Some(#value))),
    }
}
