//! Parameters of a request builder: how each is taken from the caller, stored, and written
//! into the request (path segment, query pair or header).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc;
use super::typeref::spell_in;
use crate::ir::{Api, ParamLocation, Parameter, Primitive, TypeKind, TypeRef};

/// The code one parameter contributes to its builder.
pub(super) struct ParamCode {
    /// `name: String,`
    pub field: TokenStream,
    /// For a required parameter: `name: impl Into<String>` in the method's arguments.
    pub argument: Option<TokenStream>,
    /// The field's initial value: the converted argument, or `None`.
    pub init: TokenStream,
    /// For an optional parameter: its builder method.
    pub setter: Option<TokenStream>,
    /// For a query or header parameter: the statements that add it to `request`.
    pub apply: Option<TokenStream>,
}

pub(super) fn param_code(api: &Api, p: &Parameter, types: &TokenStream) -> ParamCode {
    let ident = ident(&p.ident);
    let (accepts, convert) = accepted(api, &p.ty, types);
    let stored = spell_in(api, &p.ty, types);
    let wire = &p.wire;
    let place = match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    };
    let apply = match p.location {
        ParamLocation::Path => None,
        ParamLocation::Query | ParamLocation::Header => {
            let add = match p.location {
                ParamLocation::Header => quote!(header),
                _ => quote!(query),
            };
            let value = format_ident!("value");
            let push = match (&p.ty, p.location) {
                (TypeRef::Vec(item), ParamLocation::Header) => {
                    let each = to_string(api, item, &quote!(item));
                    quote!(request.#add(#wire, #value.iter().map(|item| #each).collect::<Vec<_>>().join(","));)
                }
                (TypeRef::Vec(item), _) => {
                    let each = to_string(api, item, &quote!(item));
                    quote!(for item in #value { request.#add(#wire, #each); })
                }
                (ty, _) => {
                    let one = to_string(api, ty, &quote!(#value));
                    quote!(request.#add(#wire, #one);)
                }
            };
            Some(if p.required {
                quote! { let #value = &self.#ident; #push }
            } else {
                quote! { if let Some(#value) = &self.#ident { #push } }
            })
        }
    };
    let mut facts = vec![format!("`{wire}` ({place} parameter).")];
    facts.extend(p.facts.iter().cloned());
    let docs = doc(&[facts.join(" ")]);
    if p.required {
        ParamCode {
            field: quote!(#ident: #stored,),
            argument: Some(quote!(#ident: #accepts)),
            init: if convert.is_empty() { quote!(#ident,) } else { quote!(#ident: #ident #convert,) },
            setter: None,
            apply,
        }
    } else {
        let setter = quote! {
            #docs
            pub fn #ident(mut self, #ident: #accepts) -> Self {
                self.#ident = Some(#ident #convert);
                self
            }
        };
        ParamCode {
            field: quote!(#ident: Option<#stored>,),
            argument: None,
            init: quote!(#ident: None,),
            setter: Some(setter),
            apply,
        }
    }
}

/// A path parameter's value as `&str` (the runtime encodes it as one segment).
pub(super) fn segment(api: &Api, p: &Parameter) -> TokenStream {
    let ident = ident(&p.ident);
    match resolve_alias(api, &p.ty) {
        TypeRef::Primitive(Primitive::String) => quote!(&self.#ident),
        TypeRef::Named(id) if matches!(api.get(*id).kind, TypeKind::Enum(_)) => quote!(self.#ident.as_str()),
        _ => {
            let text = to_string(api, &p.ty, &quote!(value));
            quote!(&{ let value = &self.#ident; #text })
        }
    }
}

fn resolve_alias<'a>(api: &'a Api, ty: &'a TypeRef) -> &'a TypeRef {
    match ty {
        TypeRef::Named(id) => match &api.get(*id).kind {
            TypeKind::Alias(target) => resolve_alias(api, target),
            _ => ty,
        },
        _ => ty,
    }
}

/// What a method accepts for a value of `ty`, and the conversion (`.into()`) to its stored form.
fn accepted(api: &Api, ty: &TypeRef, types: &TokenStream) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::Primitive(Primitive::String) => (quote!(impl Into<String>), quote!(.into())),
        TypeRef::Vec(item) if **item == TypeRef::Primitive(Primitive::String) => {
            (quote!(impl IntoIterator<Item = impl Into<String>>), quote!(.into_iter().map(Into::into).collect()))
        }
        TypeRef::Vec(item) => {
            let item = spell_in(api, item, types);
            (quote!(impl IntoIterator<Item = #item>), quote!(.into_iter().collect()))
        }
        other => (spell_in(api, other, types), TokenStream::new()),
    }
}

/// A `String` expression for one value; `value` is a local variable holding a reference to it.
fn to_string(api: &Api, ty: &TypeRef, value: &TokenStream) -> TokenStream {
    let json = quote!(::serde_json::to_string(#value).unwrap_or_default());
    match ty {
        TypeRef::Map(_) | TypeRef::Vec(_) | TypeRef::Boxed(_) => json,
        TypeRef::Primitive(Primitive::UnixSeconds) => quote!(rt::ToParam::to_param(&#value.timestamp())),
        TypeRef::Primitive(Primitive::UnixMillis) => quote!(rt::ToParam::to_param(&#value.timestamp_millis())),
        TypeRef::Primitive(_) => quote!(rt::ToParam::to_param(#value)),
        TypeRef::Named(id) => match &api.get(*id).kind {
            TypeKind::Enum(_) => quote!(#value.as_str().to_owned()),
            TypeKind::Alias(target) => to_string(api, target, value),
            TypeKind::Struct(_) | TypeKind::Tagged(_) | TypeKind::Untagged(_) => json,
        },
    }
}

/// The identifier `name`: the lowering refused every name it cannot spell
/// (`lower/idents.rs`), so one that fails here is the generator's bug.
pub(super) fn ident(name: &str) -> syn::Ident {
    syn::parse_str(name).unwrap_or_else(|e| panic!("`{name}` passed the lowering's identifier check: {e}"))
}
