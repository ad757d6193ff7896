//! IR -> token streams, one per item, grouped into files.

mod accessors;
pub use accessors::emit_accessors;
mod checks;
mod docs;
mod enums;
mod fake_table;
mod forms;
mod operations;
mod pagination;
mod params;
mod serde_impls;
mod setters;
mod shared_statics;
mod structs;
mod testkit;
mod typeref;
mod unions;
mod waiters;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, TypeDef, TypeKind};

pub use checks::CheckTable;
pub use forms::forms_module;
pub use operations::{ops_module, tables_root, tag_module, OpsStyle};
pub use testkit::{examples_module, testkit_module, testkit_root, unions_module, EXAMPLES_PER_FILE};

/// One type's items (the type and its impls).
pub fn emit_type(api: &Api, def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => structs::emit_struct(api, def, s),
        TypeKind::Enum(e) => enums::emit_enum(def, e),
        TypeKind::Tagged(u) => unions::emit_tagged(api, def, u),
        TypeKind::Untagged(u) => unions::emit_untagged(api, def, u),
        TypeKind::Alias(target) => structs::emit_alias(api, def, target),
    }
}

/// The root module of the generated tree; `testkit` is behind its feature when the crate
/// has features. With a crate of their own, the types are that crate, re-exported.
/// `(path, code)` tuples.
fn pairs(entries: &[(String, String)]) -> Vec<TokenStream> {
    entries.iter().map(|(path, code)| quote!((#path, #code))).collect()
}

pub fn root_module(api: &Api, config: &crate::Config) -> TokenStream {
    let testkit = config.testkit.then(|| {
        let gate = config.cargo_features.then(|| quote!(#[cfg(feature = "testkit")]));
        quote! {
            #gate
            #[doc(hidden)]
            pub mod testkit;
        }
    });
    let facts = format!(
        " Generated from {} {} ({} operations, {} types).",
        api.source.title,
        api.source.version,
        api.operations.len(),
        api.types.len()
    );
    let types = match &config.types_crate {
        Some(name) => {
            let name = quote::format_ident!("{}", name);
            quote! {
                #[doc(inline)]
                pub use ::#name as types;
            }
        }
        None => quote! {
            pub mod types;
        },
    };
    let lints = root_lints();
    let checks = config.target.mock_tables(config.cargo_features).then(|| fake_statics(api, config));
    quote! {
        #![doc = #facts]
        #lints

        pub mod ops;
        #checks
        #types
        #testkit
    }
}

/// The mock's and the fake's tables and statics of the operations' root (behind their
/// features), where they are generated.
fn fake_statics(api: &Api, config: &crate::Config) -> TokenStream {
    let fake = config.target.fake();
    let (missing, duplicate) = (pairs(&api.error_codes.missing), pairs(&api.error_codes.duplicate));
    let in_use = api.error_codes.in_use.iter().map(|(item, children, code)| quote!((#item, #children, #code)));
    let events = api.events.iter().map(|e| {
        let (after, list, param, event, by_caller) = (&e.after, &e.list, &e.param, &e.event, e.by_caller);
        let fields = pairs(&e.fields);
        quote!(#fake::events::Rule {
            after: #after, list: #list, param: #param, event: #event, fields: &[#(#fields),*], by_caller: #by_caller
        })
    });
    let resources = api.resources.iter().map(|resource| fake_table::resource(resource, &fake));
    let count = api.resources.len();
    // Without a crate of their own the types (and their forms) are in this tree.
    let forms_mod = config.types_crate.is_none().then(|| {
        quote! {
            /// What the types the answers reach hold, as the fake reads them.
            #[cfg(feature = "fake")]
            pub(crate) mod forms;
        }
    });
    quote! {
        #[cfg(feature = "mock")]
        pub(crate) mod checks;
        /// The mock's and the fake's tables, beside the builders they name.
        #[cfg(feature = "mock")]
        pub(crate) mod tables;
        #forms_mod
        /// The codes of a missing item, by its path template (`spec/error_codes.toml`).
        #[cfg(feature = "fake")]
        pub(crate) static MISSING: &[(&str, &str)] = &[#(#missing),*];
        /// The codes of a second item of the same key, by its collection's path template.
        #[cfg(feature = "fake")]
        pub(crate) static DUPLICATE: &[(&str, &str)] = &[#(#duplicate),*];
        /// The codes of a DELETE refused while a collection under the item holds one: the
        /// item's template, the collection's, the code.
        #[cfg(feature = "fake")]
        pub(crate) static IN_USE: &[(&str, &str, &str)] = &[#(#in_use),*];
        /// The events a successful call records (`spec/events.toml`).
        #[cfg(feature = "fake")]
        pub(crate) static EVENTS: &[#fake::events::Rule] = &[#(#events),*];
        /// The fake's model of the resources (`codegen/src/lower/resources.rs`, with
        /// `spec/resources.toml`); the fake's entries refer to them by index.
        #[cfg(feature = "fake")]
        pub(crate) static RESOURCES: [#fake::Resource; #count] = [#(#resources),*];
    }
}

/// What both roots allow: generated names and signatures follow the spec (a setter named
/// `hash`, a constructor with every required field, a union with one large variant).
fn root_lints() -> TokenStream {
    quote! {
        #![allow(
            clippy::large_enum_variant,
            clippy::doc_lazy_continuation,
            clippy::too_many_arguments,
            clippy::should_implement_trait,
            clippy::wrong_self_convention
        )]
    }
}

/// The root module of the types' own crate: the types and their index by tag (the helpers
/// they call are the crate's hand-written `support`).
pub fn types_root(api: &Api, forms: bool) -> TokenStream {
    let facts = format!(" Generated from {} {} ({} types).", api.source.title, api.source.version, api.types.len());
    let lints = root_lints();
    let forms = forms.then(|| {
        quote! {
            /// What the types an answer reaches hold, as atlas-api's fake reads them.
            #[cfg(feature = "forms")]
            pub mod forms;
        }
    });
    quote! {
        #![doc = #facts]
        #lints
        pub mod types;
        pub mod by_tag;
        #forms
    }
}

/// `by_tag.rs`: one module per tag that re-exports the types its operations reach, each
/// behind the tag's feature (and the type's own gate), so a reader finds a type from its tag.
pub fn by_tag_module(
    api: &Api,
    tags: &[crate::tags::Tag],
    users: &[crate::tags::Users],
    gates: &[Option<crate::tags::Gate>],
) -> TokenStream {
    let modules = tags.iter().enumerate().map(|(t, tag)| {
        let module = params::ident(&tag.module);
        let feature = &tag.feature;
        let mut names: Vec<(&str, usize)> =
            (0..api.types.len()).filter(|&i| users[i].tag(t)).map(|i| (api.types[i].name.as_str(), i)).collect();
        names.sort();
        let uses = names.iter().map(|(name, i)| {
            let ident = quote::format_ident!("{}", name);
            let gate = gates[*i].as_ref().map(crate::tags::Gate::attribute);
            quote!(#gate #[doc(no_inline)] pub use super::super::types::#ident;)
        });
        let doc = format!(" The types `{}` operations take and return (`client.{}()`).", tag.name, tag.module);
        quote! {
            #[cfg(feature = #feature)]
            #[doc = #doc]
            pub mod #module {
                #(#uses)*
            }
        }
    });
    quote! {
        //! The types by API tag: each module re-exports the types its tag's operations reach.
        #(#modules)*
    }
}

/// `types/mod.rs`: declares each chunk and re-exports its types flat.
pub fn types_module(chunks: &[String]) -> TokenStream {
    let idents: Vec<syn::Ident> = chunks.iter().map(|c| quote::format_ident!("{}", c)).collect();
    quote! {
        //! Every request and response type, in one flat namespace.
        // With only some tag features on, a chunk may have nothing to re-export.
        #(mod #idents; #[allow(unused_imports)] pub use #idents::*;)*
    }
}

/// What a chunk of types starts with.
pub fn chunk_prelude() -> TokenStream {
    quote! {
        #[allow(unused_imports)]
        use super::*;
    }
}
