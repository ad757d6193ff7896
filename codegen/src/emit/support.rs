//! The helpers generated types call, emitted once per generated tree so that the output
//! depends on nothing but serde, serde_json, serde_path_to_error and chrono.

use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn support_module() -> TokenStream {
    quote! {
        //! Helpers for the generated types.
        #![allow(dead_code)]

        ::std::thread_local! {
            /// Set while a request body is encoded on this thread (see `request_body`).
            static ENCODING_REQUEST: ::std::cell::Cell<bool> = const { ::std::cell::Cell::new(false) };
        }

        /// A request body: like `serde_json::to_vec`, but read-only properties are left out at
        /// every depth, since a request never carries them. `Serialize` on its own keeps them,
        /// so a response value encoded for the caller's use keeps everything it decoded.
        pub(crate) fn request_body<T: ::serde::Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, ::serde_json::Error> {
            struct Reset(bool);
            impl Drop for Reset {
                fn drop(&mut self) {
                    ENCODING_REQUEST.with(|flag| flag.set(self.0));
                }
            }
            let _reset = Reset(ENCODING_REQUEST.with(|flag| flag.replace(true)));
            ::serde_json::to_vec(value)
        }

        /// `skip_serializing_if` of read-only fields: absent, or a request body being encoded.
        pub(crate) fn skip_read_only<T>(value: &Option<T>) -> bool {
            value.is_none() || ENCODING_REQUEST.with(::std::cell::Cell::get)
        }

        /// The string value of `key` in a JSON object, if there is one.
        pub(crate) fn tag<'v>(value: &'v ::serde_json::Value, key: &str) -> Option<&'v str> {
            value.get(key)?.as_str()
        }

        /// Encodes one variant of a tagged union with its tag: the value's own tag when it is one
        /// of `tags`, `tags[0]` when the value has none (absent, `null` or empty), and an error
        /// when it names another variant, so a request never says something else.
        pub(crate) fn tagged<T, S>(value: &T, key: &str, tags: &[&str], serializer: S) -> Result<S::Ok, S::Error>
        where
            T: ::serde::Serialize,
            S: ::serde::Serializer,
        {
            use ::serde::ser::Error as _;
            let mut object = match ::serde_json::to_value(value).map_err(S::Error::custom)? {
                ::serde_json::Value::Object(object) => object,
                other => return ::serde::Serialize::serialize(&other, serializer),
            };
            match object.get(key) {
                None | Some(::serde_json::Value::Null) => {}
                Some(::serde_json::Value::String(tag)) if tag.is_empty() => {}
                Some(::serde_json::Value::String(tag)) if tags.contains(&tag.as_str()) => {
                    return ::serde::Serialize::serialize(&object, serializer);
                }
                Some(other) => {
                    return Err(S::Error::custom(format_args!(
                        "`{key}` is {other}, but this variant is written with `{key}` {}",
                        tags.join(" or ")
                    )));
                }
            }
            if let Some(first) = tags.first() {
                object.insert(key.to_owned(), ::serde_json::Value::String((*first).to_owned()));
            }
            ::serde::Serialize::serialize(&object, serializer)
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

        /// `nullable` for integers, which may be written as floats with no fraction.
        pub(crate) fn nullable_int<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
        where
            T: TryFrom<i64>,
            D: ::serde::Deserializer<'de>,
        {
            optional_int(deserializer).map(Some)
        }
    }
}
