//! `Serialize`, `Deserialize` and `Decode` (decoding in a strictness) of structs and
//! string enums, written out instead of derived.
//!
//! serde's derive writes, per struct, a field enum with three visitors, a sequence visitor
//! and a wrapper type per `deserialize_with` field: most of what the crate costs to compile.
//! These impls keep one match on the key per struct and leave the rest to the shared helpers
//! in `support` (`Object`, `object`, `Required`, ...), with the same behaviour on the wire.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Api, Field, Presence, StringEnum, Struct, TypeDef, TypeKind, TypeRef};

/// The `Serialize` and `Deserialize` impls of a struct; `additional` is the field that holds
/// the properties the schema does not name.
pub(super) fn struct_impls(api: &Api, def: &TypeDef, s: &Struct, additional: Option<&syn::Ident>) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let wire_name = &def.name;
    let writes = s.fields.iter().map(|f| write_field(api, f));
    let reads = s.fields.iter().map(read_field);
    let required: Vec<&str> = s.fields.iter().filter(|f| f.required_strictly()).map(|f| f.wire.as_str()).collect();
    let required = (!required.is_empty()).then(|| quote!(const REQUIRED: &'static [&'static str] = &[#(#required),*];));
    let omitted: Vec<&str> =
        s.fields.iter().filter(|f| f.required_strictly() && f.write_only).map(|f| f.wire.as_str()).collect();
    let omitted =
        (!omitted.is_empty()).then(|| quote!(const ANSWERS_OMIT: &'static [&'static str] = &[#(#omitted),*];));
    let (write_rest, read_rest) = match additional {
        Some(ident) => (
            quote!(fields.rest(&self.#ident);),
            quote!(_ => crate::support::keep(map, key, &mut self.#ident, strictness),),
        ),
        None => (quote!(), quote!(_ => crate::support::skip(map, key, strictness),)),
    };
    let encode = if s.fields.is_empty() && additional.is_none() {
        quote!(crate::support::Fields::new(serializer, mode)?.end())
    } else {
        let sent = (!s.fields.is_empty()).then(|| {
            quote!(
                use crate::support::Sent;
            )
        });
        quote! {
            #sent
            let mut fields = crate::support::Fields::new(serializer, mode)?;
            #(#writes)*
            #write_rest
            fields.end()
        }
    };
    quote! {
        crate::support::serialize_value!(#name);

        impl crate::support::Encode for #name {
            fn encode<S: ::serde::Serializer>(&self, serializer: S, mode: crate::support::Mode) -> Result<S::Ok, S::Error> {
                #encode
            }
        }

        crate::support::deserialize_value!(#name);

        impl crate::support::Decode for #name {
            fn decode<'de, D: ::serde::Deserializer<'de>>(deserializer: D, strictness: crate::support::Strictness) -> Result<Self, D::Error> {
                crate::support::object(deserializer, strictness)
            }
        }

        impl crate::support::Object for #name {
            const NAME: &'static str = #wire_name;
            #required
            #omitted
            fn field<'de, A: ::serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A, strictness: crate::support::Strictness) -> Result<(), A::Error> {
                match key {
                    #(#reads)*
                    #read_rest
                }
            }
        }
    }
}

/// How one field is written: required fields always (but an enum or union the server left
/// out, which decodes as a value no server sends, is not written back), optional ones when
/// set, and the server-set ones (see `Field::in_request`) never in a request body.
fn write_field(api: &Api, f: &Field) -> TokenStream {
    let ident = super::params::ident(&f.ident);
    let wire = &f.wire;
    let sent = match (f.in_request, f.write_only) {
        (false, _) => quote!(Sent::NotInRequest),
        (true, true) => quote!(Sent::NotInResponse),
        (true, false) => quote!(Sent::Always),
    };
    match f.presence {
        Presence::Required if unset_check(api, &f.ty) => {
            quote!(fields.known(self.#ident.is_unset(), #wire, &self.#ident, #sent);)
        }
        Presence::Required | Presence::RequiredNullable => quote!(fields.field(#wire, &self.#ident, #sent);),
        Presence::Optional | Presence::OptionalNullable => quote!(fields.optional(#wire, &self.#ident, #sent);),
    }
}

/// How one field is read: a required field the server leaves out or sends as `null` keeps
/// its default; integers may come as floats with no fraction; an optional nullable field
/// tells `null` (`Some(None)`) from absent (`None`); the decode's strictness goes down
/// to the field's own type; a write-only one is refused where what no answer holds is.
fn read_field(f: &Field) -> TokenStream {
    let ident = super::params::ident(&f.ident);
    let wire = &f.wire;
    let integer = f.is_integer();
    let read = match f.presence {
        Presence::Required if integer => quote!(required_int),
        Presence::Required => quote!(required),
        Presence::Optional | Presence::RequiredNullable if integer => quote!(int),
        Presence::Optional | Presence::RequiredNullable => quote!(read),
        Presence::OptionalNullable if integer => quote!(nullable_int),
        Presence::OptionalNullable => quote!(nullable),
    };
    // The integers' readers take no strictness: every decode reads a number alike.
    let strictness = (!integer).then(|| quote!(, strictness));
    let read = quote!(crate::support::#read(map, &mut self.#ident #strictness));
    // A write-only property (a password) is no part of an answer.
    if f.write_only && f.in_request {
        return quote!(#wire => crate::support::answerable(key, strictness).and_then(|()| #read),);
    }
    quote!(#wire => #read,)
}

/// Whether the type has an `is_unset` that tells a required field's lenient default.
fn unset_check(api: &Api, ty: &TypeRef) -> bool {
    let TypeRef::Named(id) = ty else { return false };
    let def = api.get(*id);
    match &def.kind {
        TypeKind::Enum(_) | TypeKind::Tagged(_) | TypeKind::Untagged(_) => true,
        TypeKind::Alias(target) => unset_check(api, target),
        TypeKind::Struct(_) => false,
    }
}

/// A string enum is written as its wire value and read from any string; equality, order
/// and hash are those of the wire value, so `Unknown("AVERAGE".into())` equals `Average`.
pub(super) fn enum_impls(def: &TypeDef, e: &StringEnum) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let arms = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.ident);
        let wire = &v.wire;
        quote!(#wire => Self::#ident,)
    });
    let impl_macro = match e.open {
        Some(_) => quote!(crate::support::string_enum!(#name, open);),
        None => quote!(crate::support::string_enum!(#name);),
    };
    quote! {
        impl ::std::convert::From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#arms)*
                    _ => Self::Unknown(value),
                }
            }
        }

        #impl_macro
    }
}
