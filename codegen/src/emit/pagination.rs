//! List operations (`pageNum` in, `results` + `totalCount` out): `into_stream()` and
//! `pages()` on their builders, through the runtime's `ListCall`.

use proc_macro2::TokenStream;
use quote::quote;

use super::params::ident;
use super::typeref::spell_in;
use crate::ir::{Api, BodyFormat, Field, Operation, ParamLocation, Presence, Primitive, TypeKind, TypeRef, Version};

/// The `ListCall` impl and the streaming methods, or nothing when the call is not a list.
pub(super) fn list_call(
    api: &Api,
    op: &Operation,
    version: &Version,
    builder: &syn::Ident,
    gate: &Option<TokenStream>,
    types: &TokenStream,
) -> TokenStream {
    // Walking pages sends the request again per page: only a read may be repeated like that.
    if op.method != crate::ir::Method::Get {
        return TokenStream::new();
    }
    let param = |wire: &str| op.parameters.iter().find(|p| p.location == ParamLocation::Query && p.wire == wire);
    let Some(page_num) = param("pageNum") else { return TokenStream::new() };
    let Some(body) = version.response.as_ref().filter(|b| b.format == BodyFormat::Json) else {
        return TokenStream::new();
    };
    let Some(TypeRef::Named(page_id)) = &body.ty else { return TokenStream::new() };
    let TypeKind::Struct(page) = &api.get(*page_id).kind else { return TokenStream::new() };
    let field = |wire: &str| page.fields.iter().find(|f| f.wire == wire);
    let (Some(results), Some(total)) = (field("results"), field("totalCount")) else { return TokenStream::new() };
    let TypeRef::Vec(item) = &results.ty else { return TokenStream::new() };
    let (Some(set_page), Some(total_count)) = (to_param(&page_num.ty), from_number(&total.ty)) else {
        return TokenStream::new();
    };
    let item = spell_in(api, item, types);
    let page_ty = spell_in(api, &TypeRef::Named(*page_id), types);
    let page_field = ident(&page_num.ident);
    let first_page = widen(&page_num.ty, quote!(self.#page_field));
    let page_size = match param("itemsPerPage") {
        Some(size) => {
            let size_field = ident(&size.ident);
            let widened = widen(&size.ty, quote!(self.#size_field));
            quote!(#widened)
        }
        None => quote!(None),
    };
    let results = take(results, quote!(page), TokenStream::new());
    let total = take(total, quote!(page), total_count);
    let doc_stream = " Every item of every page, fetched one page at a time (see `atlas_api::PageStream`).";
    let doc_pages = " Every page's items, one page at a time.";
    quote! {
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

/// `page_num` (an `i64`) as the parameter's type.
fn to_param(ty: &TypeRef) -> Option<TokenStream> {
    match ty {
        TypeRef::Primitive(Primitive::I64) => Some(quote!(page_num)),
        TypeRef::Primitive(Primitive::I32) => Some(quote!(i32::try_from(page_num).unwrap_or(i32::MAX))),
        _ => None,
    }
}

/// An optional integer field as `Option<i64>`.
fn widen(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::Primitive(Primitive::I32) => quote!(#value.map(i64::from)),
        _ => value,
    }
}

/// How a `totalCount` of this type becomes an `i64`, applied with `.map(...)`.
fn from_number(ty: &TypeRef) -> Option<TokenStream> {
    match ty {
        TypeRef::Primitive(Primitive::I32) => Some(quote!(.map(i64::from))),
        TypeRef::Primitive(Primitive::I64) => Some(TokenStream::new()),
        _ => None,
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
