//! Tagged and untagged unions.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc;
use super::typeref::spell;
use crate::ir::{Api, Primitive, TaggedUnion, TypeDef, TypeRef, UntaggedUnion};

/// A union chosen by the value of one property. Each variant's type holds the tag field
/// itself, so encoding writes it once; decoding reads the tag, then the whole object.
/// Encoding a variant always puts its tag on the wire: the struct's tag field when it holds
/// one of the variant's values, the variant's first value when it is empty, and an encode
/// error when it names another variant.
pub(super) fn emit_tagged(api: &Api, def: &TypeDef, u: &TaggedUnion) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let union_name = def.name.as_str();
    let mut facts = def.facts.clone();
    facts.push(format!("Chosen by the `{}` property.", u.property));
    let docs = doc(&facts);
    let property = &u.property;
    let variants = u.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.ident);
        let ty = spell(api, &v.ty);
        let tags = v.tags.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ");
        let note = (!tags.is_empty()).then(|| {
            let note = format!(" `{property}`: {tags}.");
            quote!(#[doc = #note])
        });
        quote!(#note #ident(#ty),)
    });
    let encode = tagged_encode_arms(api, u);
    let decode = u.variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
        let ident = format_ident!("{}", v.ident);
        let tags = &v.tags;
        quote!(Some(#(#tags)|*) => Self::#ident(crate::support::decode(value, strictness)?),)
    });
    let from = conversions(api, &name, u.variants.iter().map(|v| (v.ident.as_str(), &v.ty)));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value with a tag this version of the crate does not know, kept as sent.
            Unknown(::serde_json::Value),
        }

        /// `null` as an unknown value: what a required field the server left out decodes as.
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::Unknown(::serde_json::Value::Null)
            }
        }

        impl #name {
            /// Whether this is the `null` a required field the server left out decodes as;
            /// such a field is not written back.
            #[doc(hidden)]
            pub fn is_unset(&self) -> bool {
                matches!(self, Self::Unknown(::serde_json::Value::Null))
            }
        }

        crate::support::serialize_value!(#name);

        impl crate::support::Encode for #name {
            fn encode<S: ::serde::Serializer>(&self, serializer: S, mode: crate::support::Mode) -> Result<S::Ok, S::Error> {
                match self {
                    #(#encode)*
                    Self::Unknown(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        crate::support::deserialize_value!(#name);

        impl crate::support::Decode for #name {
            fn decode<'de, D: ::serde::Deserializer<'de>>(deserializer: D, strictness: crate::support::Strictness) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(match crate::support::tag(&value, #property) {
                    #(#decode)*
                    _ => Self::Unknown(crate::support::unmatched(#union_name, value, strictness)?),
                })
            }
        }

        #from
    }
}

/// The arms of a tagged union's `encode`: each variant with its tag (see `support::tagged`).
fn tagged_encode_arms(api: &Api, u: &TaggedUnion) -> Vec<TokenStream> {
    let property = &u.property;
    u.variants
        .iter()
        .map(|v| {
            let ident = format_ident!("{}", v.ident);
            if v.tags.is_empty() {
                return quote!(Self::#ident(value) => crate::support::Encode::encode(value, serializer, mode),);
            }
            let tags = &v.tags;
            let send_tag = tag_in_request(api, &v.ty, property);
            quote!(Self::#ident(value) => crate::support::tagged(value, mode, #property, &[#(#tags),*], #send_tag, serializer),)
        })
        .collect()
}

/// Whether a request carries the tag of a variant of type `ty`: not when its struct's tag
/// field is one the table of request fields leaves out (the server takes it from the path).
fn tag_in_request(api: &Api, ty: &TypeRef, property: &str) -> bool {
    let TypeRef::Named(id) = ty else { return true };
    match &api.get(*id).kind {
        crate::ir::TypeKind::Struct(s) => s.fields.iter().find(|f| f.wire == property).is_none_or(|f| f.in_request),
        _ => true,
    }
}

/// `From<Variant>` for the union, for each variant whose type is a named type no other
/// variant holds, so a variant's value converts with `.into()`.
fn conversions<'a>(
    api: &Api,
    union: &syn::Ident,
    variants: impl Iterator<Item = (&'a str, &'a TypeRef)>,
) -> TokenStream {
    let variants: Vec<(&str, &TypeRef)> = variants.collect();
    let impls = variants.iter().filter_map(|(ident, ty)| {
        let (inner, boxed) = match ty {
            TypeRef::Boxed(inner) => (&**inner, true),
            _ => (*ty, false),
        };
        // An alias is another name for a type some other variant may hold too.
        let TypeRef::Named(id) = inner else { return None };
        if matches!(api.get(*id).kind, crate::ir::TypeKind::Alias(_)) {
            return None;
        }
        let unique = variants.iter().filter(|(_, other)| *other == *ty).count() == 1;
        if !unique {
            return None;
        }
        let ident = format_ident!("{}", ident);
        let spelled = spell(api, inner);
        let value = if boxed { quote!(Box::new(value)) } else { quote!(value) };
        Some(quote! {
            impl ::std::convert::From<#spelled> for #union {
                fn from(value: #spelled) -> Self {
                    Self::#ident(#value)
                }
            }
        })
    });
    quote!(#(#impls)*)
}

/// Each member's attempt at a value of a union with no tag, keeping the best fit.
fn untagged_attempts(api: &Api, u: &UntaggedUnion) -> Vec<TokenStream> {
    let attempt = |v: &crate::ir::UntaggedVariant| {
        let ident = format_ident!("{}", v.ident);
        let ty = spell(api, &v.ty);
        quote! {
            if let Ok(decoded) = crate::support::from_value::<#ty>(value.clone(), strictness.of_members()) {
                let score = crate::support::fit::<#ty>(&value, &decoded);
                if best.as_ref().is_none_or(|(s, _)| score > *s) {
                    best = Some((score, Self::#ident(decoded)));
                    shape = crate::support::shape_of::<#ty>;
                }
            }
        }
    };
    u.variants.iter().map(attempt).collect()
}

/// A union with no tag: the first variant that decodes wins; anything else is kept as JSON.
pub(super) fn emit_untagged(api: &Api, def: &TypeDef, u: &UntaggedUnion) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let union_name = def.name.as_str();
    let docs = doc(&def.facts);
    let variants = u.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.ident);
        let ty = spell(api, &v.ty);
        quote!(#ident(#ty),)
    });
    let catch_all = !u.variants.iter().any(|v| v.ty == TypeRef::Primitive(Primitive::Json));
    let unknown = catch_all.then(|| {
        quote! {
            /// A value that matches no variant, kept as sent.
            Unknown(::serde_json::Value),
        }
    });
    let json_variant = u.variants.iter().find(|v| v.ty == TypeRef::Primitive(Primitive::Json));
    let empty = match json_variant {
        Some(v) if !catch_all => format_ident!("{}", v.ident),
        _ => format_ident!("Unknown"),
    };
    // A value no member takes is kept as sent, but refused when an answer is checked.
    let kept =
        if catch_all { quote!(crate::support::unmatched(#union_name, value, strictness)?) } else { quote!(value) };
    let attempts = untagged_attempts(api, u);
    let encode = untagged_encode(&name, u, catch_all);
    let from = conversions(api, &name, u.variants.iter().map(|v| (v.ident.as_str(), &v.ty)));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown
        }

        #encode

        crate::support::deserialize_value!(#name);

        /// Decodes into the variant that fits best: one that takes the value as Atlas checks
        /// it (every required field, only values its enums list) before one that takes it only
        /// leniently, then the one that keeps the most of the object's fields (the first on a
        /// tie); anything that fits none is kept as sent. A strict decode tries each member
        /// strictly; an answer being shaped names what the member that fits best does not hold.
        impl crate::support::Decode for #name {
            fn decode<'de, D: ::serde::Deserializer<'de>>(deserializer: D, strictness: crate::support::Strictness) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let mut best: Option<((bool, usize), Self)> = None;
                let mut shape: crate::support::ShapeOf = crate::support::shape_of::<::serde_json::Value>;
                #(#attempts)*
                match best {
                    Some((_, decoded)) => crate::support::shaped(decoded, &value, shape, strictness),
                    None => Ok(Self::#empty(#kept)),
                }
            }
        }

        /// `null`: what a required field the server left out decodes as.
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::#empty(::serde_json::Value::Null)
            }
        }

        impl #name {
            /// Whether this is the `null` a required field the server left out decodes as;
            /// such a field is not written back.
            #[doc(hidden)]
            pub fn is_unset(&self) -> bool {
                matches!(self, Self::#empty(::serde_json::Value::Null))
            }
        }

        #from
    }
}

/// `Serialize` and `Encode` of a union without a tag: each variant in the mode asked for, and
/// a value kept as sent unchanged.
fn untagged_encode(name: &syn::Ident, u: &UntaggedUnion, catch_all: bool) -> TokenStream {
    let arms = u.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.ident);
        quote!(Self::#ident(value) => crate::support::Encode::encode(value, serializer, mode),)
    });
    let unknown = catch_all.then(|| quote!(Self::Unknown(value) => ::serde::Serialize::serialize(value, serializer),));
    quote! {
        crate::support::serialize_value!(#name);

        impl crate::support::Encode for #name {
            fn encode<S: ::serde::Serializer>(&self, serializer: S, mode: crate::support::Mode) -> Result<S::Ok, S::Error> {
                match self {
                    #(#arms)*
                    #unknown
                }
            }
        }
    }
}
