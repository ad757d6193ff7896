//! String enums that keep unknown values.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc;
use crate::ir::{StringEnum, TypeDef};

pub(super) fn emit_enum(def: &TypeDef, e: &StringEnum) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let mut facts = def.facts.clone();
    if let Some(placeholder) = &e.open {
        facts.push(format!(
            "Open: any string is a value, as the spec's placeholder `{placeholder}` says; a value it does not \
             list is `Unknown` (`\"auditReader\".into()`)."
        ));
    }
    let docs = doc(&facts);
    let variants = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.ident);
        let wire = &v.wire;
        let note = format!(" `{wire}`");
        quote!(#[doc = #note] #ident,)
    });
    let arms = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.ident);
        let wire = &v.wire;
        quote!(Self::#ident => #wire,)
    });
    let impls = super::serde_impls::enum_impls(def, e);
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know, kept as sent.
            Unknown(String),
        }

        impl #name {
            /// The value as it is sent.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#arms)*
                    Self::Unknown(value) => value,
                }
            }

            /// Whether this is the empty value a required field the server left out decodes
            /// as; such a field is not written back.
            #[doc(hidden)]
            pub fn is_unset(&self) -> bool {
                self.as_str().is_empty()
            }
        }

        /// An empty unknown value: what a required field the server left out decodes as.
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::Unknown(String::new())
            }
        }

        #impls
    }
}
