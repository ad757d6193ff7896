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

        /// How many of `input`'s keys survive decoding into `decoded` (for choosing between
        /// the variants of a union without a tag); 0 for anything but objects.
        pub(crate) fn known_keys<T: ::serde::Serialize>(input: &::serde_json::Value, decoded: &T) -> usize {
            let (Some(input), Ok(::serde_json::Value::Object(kept))) = (input.as_object(), ::serde_json::to_value(decoded))
            else {
                return 0;
            };
            input.keys().filter(|key| kept.contains_key(*key)).count()
        }

        /// An integer that may be written as a float with no fraction (`1.1991456e+09`);
        /// `null` or absent is 0.
        pub(crate) fn required_int<'de, T, D>(deserializer: D) -> Result<T, D::Error>
        where
            T: TryFrom<i64> + Default,
            D: ::serde::Deserializer<'de>,
        {
            optional_int(deserializer).map(Option::unwrap_or_default)
        }

        /// An optional integer that may be written as a float with no fraction.
        pub(crate) fn optional_int<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
        where
            T: TryFrom<i64>,
            D: ::serde::Deserializer<'de>,
        {
            use ::serde::de::Error as _;
            let Some(number) = <Option<::serde_json::Number> as ::serde::Deserialize>::deserialize(deserializer)? else {
                return Ok(None);
            };
            let whole = number.as_i64().or_else(|| {
                number.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18).map(|f| f as i64)
            });
            let whole = whole.ok_or_else(|| D::Error::custom(format_args!("expected an integer, got {number}")))?;
            T::try_from(whole).map(Some).map_err(|_| D::Error::custom(format_args!("integer {whole} out of range")))
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
