//! List operations (`pageNum` in, `results` + `totalCount` out, as the lowering found them:
//! `Version::paging`): `into_stream()` and `pages()` on their builders, through the
//! runtime's `ListCall`.

use proc_macro2::TokenStream;
use quote::quote;

use super::params::ident;
use super::typeref::spell_in;
use crate::ir::{Api, Field, Operation, Presence, Primitive, TypeKind, TypeRef, Version};

/// The `ListCall` impl and the streaming methods, or nothing when the lowering found the
/// version is not a list.
pub(super) fn list_call(
    api: &Api,
    op: &Operation,
    version: &Version,
    builder: &syn::Ident,
    gate: &Option<TokenStream>,
    types: &TokenStream,
) -> TokenStream {
    let Some(paging) = &version.paging else { return TokenStream::new() };
    let TypeKind::Struct(page) = &api.get(paging.page).kind else { return TokenStream::new() };
    let page_num = &op.parameters[paging.page_num];
    let (results, total) = (&page.fields[paging.results], &page.fields[paging.total]);
    let item = spell_in(api, &paging.item, types);
    let page_ty = spell_in(api, &TypeRef::Named(paging.page), types);
    let page_field = ident(&page_num.ident);
    let set_page = to_param(&page_num.ty);
    let first_page = widen(&page_num.ty, quote!(self.#page_field));
    let page_size = match paging.page_size.map(|p| &op.parameters[p]) {
        Some(size) => {
            let size_field = ident(&size.ident);
            widen(&size.ty, quote!(self.#size_field))
        }
        None => quote!(None),
    };
    let results = take(results, quote!(page), TokenStream::new());
    let total = take(total, quote!(page), from_number(&total.ty));
    let list_call = quote! {
        #gate
        impl rt::ListCall for #builder {
            type Item = #item;
            type Page = #page_ty;

            #[inline]
            fn with_page(mut self, page_num: i64) -> Self {
                self.#page_field = Some(#set_page);
                self
            }

            #[inline]
            fn first_page(&self) -> Option<i64> {
                #first_page
            }

            #[inline]
            fn page_size(&self) -> Option<i64> {
                #page_size
            }

            #[inline]
            fn fetch(self) -> rt::ResponseFuture<Self::Page> {
                ::std::future::IntoFuture::into_future(self)
            }

            #[inline]
            fn split(page: Self::Page) -> (Vec<Self::Item>, Option<i64>) {
                (#results, #total)
            }
        }
    };
    let streams = streams(builder, gate, &item);
    quote!(#list_call #streams)
}

/// `into_stream()` and `pages()` on a list's builder.
fn streams(builder: &syn::Ident, gate: &Option<TokenStream>, item: &TokenStream) -> TokenStream {
    let doc_stream = " Every item of every page, fetched one page at a time (see `atlas_api::PageStream`).";
    let doc_pages = " Every page's items, one page at a time.";
    quote! {
        #gate
        impl #builder {
            #[doc = #doc_stream]
            #[inline]
            pub fn into_stream(self) -> rt::PageStream<#item> {
                rt::items(self)
            }

            #[doc = #doc_pages]
            #[inline]
            pub fn pages(self) -> rt::PageStream<Vec<#item>> {
                rt::pages(self)
            }
        }
    }
}

/// `page_num` (an `i64`) as the parameter's type (an integer, as the lowering checked).
fn to_param(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Primitive(Primitive::I32) => quote!(i32::try_from(page_num).unwrap_or(i32::MAX)),
        _ => quote!(page_num),
    }
}

/// An optional integer field as `Option<i64>`.
fn widen(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::Primitive(Primitive::I32) => quote!(#value.map(i64::from)),
        _ => value,
    }
}

/// How an integer `totalCount` becomes an `i64`, applied with `.map(...)`.
fn from_number(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Primitive(Primitive::I32) => quote!(.map(i64::from)),
        _ => TokenStream::new(),
    }
}

/// The field's value out of `page`: `Vec` for `results`, `Option<i64>` for `totalCount`.
fn take(field: &Field, page: TokenStream, convert: TokenStream) -> TokenStream {
    let name = ident(&field.ident);
    let is_results = field.wire == "results";
    match (field.presence, is_results) {
        (Presence::Required, true) => quote!(#page.#name),
        (Presence::Optional | Presence::RequiredNullable, true) => quote!(#page.#name.unwrap_or_default()),
        (Presence::OptionalNullable, true) => quote!(#page.#name.flatten().unwrap_or_default()),
        (Presence::Required, false) => quote!(Some(#page.#name) #convert),
        (Presence::Optional | Presence::RequiredNullable, false) => quote!(#page.#name #convert),
        (Presence::OptionalNullable, false) => quote!(#page.#name.flatten() #convert),
    }
}
