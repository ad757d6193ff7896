//! The helpers generated types call, emitted once per generated tree so that the output
//! depends on nothing but serde, serde_json, serde_path_to_error and chrono.

use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn support_module() -> TokenStream {
    quote! {
        //! Helpers for the generated types.
        #![allow(dead_code)]

        /// The string value of `key` in a JSON object, if there is one.
        pub(crate) fn tag<'v>(value: &'v ::serde_json::Value, key: &str) -> Option<&'v str> {
            value.get(key)?.as_str()
        }

        /// Decodes an already-buffered value; a failure names the path inside it.
        pub(crate) fn decode<T, E>(value: ::serde_json::Value) -> Result<T, E>
        where
            T: ::serde::de::DeserializeOwned,
            E: ::serde::de::Error,
        {
            serde_path_to_error::deserialize(value).map_err(|error| {
                let path = error.path().to_string();
                let inner = error.into_inner();
                if path == "." {
                    E::custom(inner)
                } else {
                    E::custom(format_args!("{path}: {inner}"))
                }
            })
        }

        /// For required fields: a `null` decodes as the type's default, like a missing field
        /// (real servers leave out or null some fields the spec requires).
        pub(crate) fn required<'de, T, D>(deserializer: D) -> Result<T, D::Error>
        where
            T: ::serde::Deserialize<'de> + Default,
            D: ::serde::Deserializer<'de>,
        {
            <Option<T> as ::serde::Deserialize>::deserialize(deserializer).map(Option::unwrap_or_default)
        }

        /// For `Option<Option<T>>` fields: absent is `None`, `null` is `Some(None)`.
        pub(crate) fn nullable<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
        where
            T: ::serde::Deserialize<'de>,
            D: ::serde::Deserializer<'de>,
        {
            <Option<T> as ::serde::Deserialize>::deserialize(deserializer).map(Some)
        }
    }
}
