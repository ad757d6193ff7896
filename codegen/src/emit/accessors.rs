//! A union's accessors: one method per field every member holds (decided in
//! `lower/shared.rs`), so `event.event_type_name()` needs no `match` over a dozen kinds; a
//! member that is a union itself answers through its own accessor.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::params::ident;
use super::typeref::spell;
use crate::ir::{Api, Presence, SharedField, SharedMember, SharedRead, Through, TypeDef, TypeId, TypeKind};

/// `impl Union { fn field(&self) -> Option<..> }` for the fields a union's members share, or
/// `None` when they share none (or `def` is no union). Apart from the union's own code, so
/// that the accessors of a union of hundreds of members may go to the next file. Only
/// unions of structs share fields, and those always keep an `Unknown`.
pub fn emit_accessors(api: &Api, def: &TypeDef) -> Option<TokenStream> {
    let (variants, shared): (Vec<&str>, &[SharedField]) = match &def.kind {
        TypeKind::Tagged(u) => (u.variants.iter().map(|v| v.ident.as_str()).collect(), &u.shared),
        TypeKind::Untagged(u) => (u.variants.iter().map(|v| v.ident.as_str()).collect(), &u.shared),
        _ => return None,
    };
    if shared.is_empty() {
        return None;
    }
    let union = format_ident!("{}", def.name);
    let methods = shared.iter().map(|field| accessor(api, &variants, field));
    Some(quote! {
        impl #union {
            #(#methods)*
        }
    })
}

fn accessor(api: &Api, variants: &[&str], field: &SharedField) -> TokenStream {
    let name = ident(&field.ident);
    let wire = &field.wire;
    let text = field.read == SharedRead::Text;
    let returns = match &field.read {
        SharedRead::Typed(ty) => {
            let ty = spell(api, ty);
            quote!(Option<&#ty>)
        }
        SharedRead::Copied(ty) => {
            let ty = spell(api, ty);
            quote!(Option<#ty>)
        }
        SharedRead::Slice(item) => {
            let item = spell(api, item);
            quote!(Option<&[#item]>)
        }
        SharedRead::Text => quote!(Option<&str>),
    };
    let arms = variants.iter().zip(&field.members).map(|(variant, member)| {
        let variant = format_ident!("{}", variant);
        let read = match (member.through, &field.read) {
            (Through::Accessor, _) => quote!(value.#name()),
            (Through::AccessorText(id), _) => read_nested_text(api, &name, wire, id),
            (Through::Field, SharedRead::Text) => read_text(&name, member),
            (Through::Field, SharedRead::Typed(_)) => read_typed(&name, member.presence),
            (Through::Field, SharedRead::Copied(_)) => read_copied(&name, member.presence),
            (Through::Field, SharedRead::Slice(_)) => read_slice(&name, member.presence),
        };
        quote!(Self::#variant(value) => #read,)
    });
    // A value of no member this crate knows is JSON: text is still read from it.
    let unknown = if text {
        quote!(Self::Unknown(value) => crate::support::tag(value, #wire),)
    } else {
        quote!(Self::Unknown(_) => None,)
    };
    let doc = if text {
        format!(" `{wire}` of whichever member this is (also of one this crate does not know); `None` where it is left out.")
    } else {
        format!(" `{wire}` of whichever member this is; `None` where it is left out, or for a member this crate does not know.")
    };
    quote! {
        #[doc = #doc]
        pub fn #name(&self) -> #returns {
            match self {
                #(#arms)*
                #unknown
            }
        }
    }
}

fn read_typed(name: &syn::Ident, presence: Presence) -> TokenStream {
    match presence {
        Presence::Required => quote!(Some(&value.#name)),
        Presence::Optional | Presence::RequiredNullable => quote!(value.#name.as_ref()),
        Presence::OptionalNullable => quote!(value.#name.as_ref().and_then(Option::as_ref)),
    }
}

fn read_copied(name: &syn::Ident, presence: Presence) -> TokenStream {
    match presence {
        Presence::Required => quote!(Some(value.#name)),
        Presence::Optional | Presence::RequiredNullable => quote!(value.#name),
        Presence::OptionalNullable => quote!(value.#name.flatten()),
    }
}

fn read_slice(name: &syn::Ident, presence: Presence) -> TokenStream {
    match presence {
        Presence::Required => quote!(Some(value.#name.as_slice())),
        Presence::Optional | Presence::RequiredNullable => quote!(value.#name.as_deref()),
        Presence::OptionalNullable => quote!(value.#name.as_ref().and_then(Option::as_deref)),
    }
}

fn read_text(name: &syn::Ident, member: &SharedMember) -> TokenStream {
    match (member.presence, member.enumerated) {
        (Presence::Required, _) => quote!(Some(value.#name.as_str())),
        (Presence::Optional | Presence::RequiredNullable, false) => quote!(value.#name.as_deref()),
        (Presence::Optional | Presence::RequiredNullable, true) => {
            quote!(value.#name.as_ref().map(|text| text.as_str()))
        }
        (Presence::OptionalNullable, false) => quote!(value.#name.as_ref().and_then(Option::as_deref)),
        (Presence::OptionalNullable, true) => {
            quote!(value.#name.as_ref().and_then(Option::as_ref).map(|text| text.as_str()))
        }
    }
}

/// A member union's one enum as text, or the field of its value of no known member.
fn read_nested_text(api: &Api, name: &syn::Ident, wire: &str, union: TypeId) -> TokenStream {
    let union = format_ident!("{}", api.get(union).name);
    quote!({
        let value: &#union = value;
        match value {
            #union::Unknown(json) => crate::support::tag(json, #wire),
            _ => value.#name().map(|text| text.as_str()),
        }
    })
}
