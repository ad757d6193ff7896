//! What the generated types call: encoding in a mode (a value as it is, or a request body),
//! decoding a struct one property at a time, the lenient numbers and required fields that
//! real Atlas answers need, tagged and untagged unions, and the impls every string enum
//! shares. Generated code reaches it as `crate::support` (in atlas-api through a
//! re-export, in a crate of fixture types through the one its root declares).
//!
//! Hand-written, formatted and tested like the runtime; the generator emits none of it.

mod decode;
mod fields;
/// What each answer type holds, as the data atlas-api's fake reads (feature `forms`).
#[cfg(feature = "forms")]
pub mod form;
pub use decode::{decode_tracking_path, deserialize_value, from_value, As, Decode, Strictness};
pub use fields::{int, keep, nullable, nullable_int, read, required, required_int, Fields, Sent};

/// What a union keeps of a value none of its members takes: the value itself, but an error
/// while an answer is checked against its type ([`Strictness::Answer`]).
pub fn unmatched<E: ::serde::de::Error>(
    union: &str,
    value: ::serde_json::Value,
    strictness: Strictness,
) -> Result<::serde_json::Value, E> {
    if strictness != Strictness::Answer || value.is_null() {
        return Ok(value);
    }
    let shown = value.to_string();
    let shown =
        if shown.chars().count() > 120 { format!("{}...", shown.chars().take(117).collect::<String>()) } else { shown };
    Err(E::custom(format_args!("no member of `{union}` takes {shown}")))
}

/// What a value is encoded as: itself (everything it holds, read-only properties
/// included, as decoded) or a request body (only what a request carries: every field
/// but the server-set ones the table of request fields leaves out, at every depth).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Value,
    Request,
    /// An answer as Atlas gives it: everything but the write-only fields (a password).
    Response,
}

/// Encoding in a [`Mode`]: what every generated type implements, and what its
/// `Serialize` calls with [`Mode::Value`].
pub trait Encode {
    fn encode<S: ::serde::Serializer>(&self, serializer: S, mode: Mode) -> Result<S::Ok, S::Error>;
}

/// A value and the mode it is encoded in, as a `Serialize` (what each field is written through).
pub struct In<'a, T: ?Sized>(pub &'a T, pub Mode);

impl<T: Encode + ?Sized> ::serde::Serialize for In<'_, T> {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.encode(serializer, self.1)
    }
}

/// A request body: only what a request carries (see [`Mode::Request`]).
pub fn request_body<T: Encode + ?Sized>(value: &T) -> Result<Vec<u8>, ::serde_json::Error> {
    ::serde_json::to_vec(&In(value, Mode::Request))
}

/// Values with nothing below them encode alike in both modes.
macro_rules! encode_leaf {
    ($($ty:ty),*) => {$(
        impl Encode for $ty {
            fn encode<S: ::serde::Serializer>(&self, serializer: S, _: Mode) -> Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(self, serializer)
            }
        }
    )*};
}
encode_leaf!(
    String,
    str,
    bool,
    i32,
    i64,
    f64,
    ::serde_json::Value,
    ::chrono::DateTime<::chrono::Utc>,
    ::chrono::NaiveDate
);

impl<T: Encode> Encode for [T] {
    fn encode<S: ::serde::Serializer>(&self, serializer: S, mode: Mode) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(|item| In(item, mode)))
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode<S: ::serde::Serializer>(&self, serializer: S, mode: Mode) -> Result<S::Ok, S::Error> {
        self.as_slice().encode(serializer, mode)
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode<S: ::serde::Serializer>(&self, serializer: S, mode: Mode) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => value.encode(serializer, mode),
            None => serializer.serialize_none(),
        }
    }
}

impl<T: Encode + ?Sized> Encode for Box<T> {
    fn encode<S: ::serde::Serializer>(&self, serializer: S, mode: Mode) -> Result<S::Ok, S::Error> {
        (**self).encode(serializer, mode)
    }
}

impl<T: Encode> Encode for ::std::collections::BTreeMap<String, T> {
    fn encode<S: ::serde::Serializer>(&self, serializer: S, mode: Mode) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(key, value)| (key, In(value, mode))))
    }
}

/// The string value of `key` in a JSON object, if there is one.
pub fn tag<'v>(value: &'v ::serde_json::Value, key: &str) -> Option<&'v str> {
    value.get(key)?.as_str()
}

/// Encodes one variant of a tagged union with its tag: the value's own tag when it is one
/// of `tags`, `tags[0]` when the value has none (absent, `null` or empty), and an error
/// when it names another variant, so a request never says something else.
///
/// A request leaves the tag out when the variant's tag field is server-set
/// (`send_tag` false: the server takes it from the path).
pub fn tagged<T, S>(
    value: &T,
    mode: Mode,
    key: &str,
    tags: &[&str],
    send_tag: bool,
    serializer: S,
) -> Result<S::Ok, S::Error>
where
    T: Encode,
    S: ::serde::Serializer,
{
    use ::serde::ser::Error as _;
    let mut object = match ::serde_json::to_value(In(value, mode)).map_err(S::Error::custom)? {
        ::serde_json::Value::Object(object) => object,
        other => return ::serde::Serialize::serialize(&other, serializer),
    };
    if mode == Mode::Request && !send_tag {
        return ::serde::Serialize::serialize(&object, serializer);
    }
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

/// Decodes an already-buffered value in `strictness`; a failure names the path inside it.
pub fn decode<T, E>(value: ::serde_json::Value, strictness: Strictness) -> Result<T, E>
where
    T: Decode,
    E: ::serde::de::Error,
{
    decode_tracking_path(value, strictness).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        if path == "." {
            E::custom(inner)
        } else {
            E::custom(format_args!("{path}: {inner}"))
        }
    })
}

/// How well `input` fits the variant `T` of a union without a tag that `decoded` came
/// from: first whether `T` takes it strictly (every required field, only values its
/// enums list), then how many of its keys survive.
pub fn fit<T: Decode + ::serde::Serialize>(input: &::serde_json::Value, decoded: &T) -> (bool, usize) {
    let strict = from_value::<T>(input.clone(), Strictness::Request).is_ok();
    (strict, known_keys(input, decoded))
}

/// How many of `input`'s keys survive decoding into `decoded` (for choosing between
/// the variants of a union without a tag); 0 for anything but objects.
pub fn known_keys<T: ::serde::Serialize>(input: &::serde_json::Value, decoded: &T) -> usize {
    let (Some(input), Ok(::serde_json::Value::Object(kept))) = (input.as_object(), ::serde_json::to_value(decoded))
    else {
        return 0;
    };
    input.keys().filter(|key| kept.contains_key(*key)).count()
}

/// A struct read one property at a time: what every generated `Deserialize` of a
/// struct shares (`object`), so each struct adds only its match on the key.
pub trait Object: Default {
    /// The type's name, for error messages.
    const NAME: &'static str;
    /// The wire names of the required fields a request must carry (not read-only).
    const REQUIRED: &'static [&'static str] = &[];
    /// Those of them that are write-only (a password): an answer leaves them out.
    const ANSWERS_OMIT: &'static [&'static str] = &[];
    /// Reads the value of `key` into its field; a key the type does not know is skipped
    /// (or kept, when the type holds the properties its schema does not name).
    fn field<'de, A: ::serde::de::MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
        strictness: Strictness,
    ) -> Result<(), A::Error>;
}

/// Decodes a JSON object into `T`: a field the object leaves out keeps its default, unless
/// the decode is strict and the field is one a request must carry.
pub fn object<'de, T: Object, D: ::serde::Deserializer<'de>>(
    deserializer: D,
    strictness: Strictness,
) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(Strictness, ::std::marker::PhantomData<T>);
    impl<'de, T: Object> ::serde::de::Visitor<'de> for ObjectVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            write!(f, "an object ({})", T::NAME)
        }
        fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut value = T::default();
            let mut missing = Missing::of(T::REQUIRED, T::ANSWERS_OMIT, self.0);
            while let Some(key) = map.next_key::<Key<'de>>()? {
                missing.seen(&key.0);
                value.field(&key.0, &mut map, self.0)?;
            }
            match missing.first() {
                Some(name) => Err(::serde::de::Error::missing_field(name)),
                None => Ok(value),
            }
        }
    }
    deserializer.deserialize_map(ObjectVisitor(strictness, ::std::marker::PhantomData))
}

/// The required fields an object's decode has not seen yet. Not generic, so that every
/// struct's decode shares one copy of this bookkeeping.
struct Missing(Vec<&'static str>);

impl Missing {
    /// What a decode in `strictness` requires: only a strict one counts the required fields,
    /// and an answer never carries a write-only one (`omitted`), required in a request or not.
    fn of(required: &'static [&'static str], omitted: &'static [&'static str], strictness: Strictness) -> Self {
        if required.is_empty() || !strictness.is_strict() {
            return Missing(Vec::new());
        }
        let answer = matches!(strictness, Strictness::Answer);
        Missing(required.iter().copied().filter(|name| !(answer && omitted.contains(name))).collect())
    }

    fn seen(&mut self, key: &str) {
        if !self.0.is_empty() {
            self.0.retain(|name| *name != key);
        }
    }

    fn first(&self) -> Option<&'static str> {
        self.0.first().copied()
    }
}

/// An object's key, borrowed from the input when it can be.
struct Key<'de>(::std::borrow::Cow<'de, str>);

impl<'de> ::serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> ::serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(::std::borrow::Cow::Borrowed(key)))
            }
            fn visit_str<E>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(::std::borrow::Cow::Owned(key.to_owned())))
            }
            fn visit_string<E>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(::std::borrow::Cow::Owned(key)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Skips the value of a property the type does not know; a decode that refuses what no
/// answer holds names it instead.
pub fn skip<'de, A: ::serde::de::MapAccess<'de>>(
    map: &mut A,
    key: &str,
    strictness: Strictness,
) -> Result<(), A::Error> {
    if strictness.refuses_unanswered() {
        return Err(::serde::de::Error::custom(format_args!("{UNKNOWN}{key}`")));
    }
    map.next_value::<::serde::de::IgnoredAny>().map(drop)
}

/// Refuses a write-only property (a password) where a decode refuses what no answer holds.
pub fn answerable<E: ::serde::de::Error>(key: &str, strictness: Strictness) -> Result<(), E> {
    match strictness.refuses_unanswered() {
        true => Err(E::custom(format_args!("{WRITE_ONLY}{key}`"))),
        false => Ok(()),
    }
}

/// Decodes `value` as the member `T` of a union in [`Strictness::Shape`]: what `T` does not
/// hold, named with the path inside `value` (see [`shaped`]).
pub type ShapeOf = fn(&::serde_json::Value) -> Result<(), ::serde_json::Error>;

/// A [`ShapeOf`] for the member type `T`.
pub fn shape_of<T: Decode>(value: &::serde_json::Value) -> Result<(), ::serde_json::Error> {
    decode::<T, ::serde_json::Error>(value.clone(), Strictness::Shape).map(drop)
}

/// The member a union with no tag chose, unless the answer is being shaped and that member
/// does not hold all of `value` ([`Strictness::of_members`]).
pub fn shaped<T, E: ::serde::de::Error>(
    chosen: T,
    value: &::serde_json::Value,
    shape: ShapeOf,
    strictness: Strictness,
) -> Result<T, E> {
    match strictness {
        Strictness::Shape => shape(value).map(|()| chosen).map_err(E::custom),
        _ => Ok(chosen),
    }
}

const UNKNOWN: &str = "a property the type does not hold: `";
const WRITE_ONLY: &str = "a write-only property, never answered: `";

/// A required field: a `null` decodes as the type's default, like a missing field
/// (real servers leave out or null some fields the spec requires), but a strict decode
/// refuses it.
pub struct Required<T>(pub T);

impl<T: Decode + Default> Decode for Required<T> {
    fn decode<'de, D: ::serde::Deserializer<'de>>(deserializer: D, strictness: Strictness) -> Result<Self, D::Error> {
        match <Option<T> as Decode>::decode(deserializer, strictness)? {
            Some(value) => Ok(Required(value)),
            None if strictness.is_strict() => Err(::serde::de::Error::custom("null for a required field")),
            None => Ok(Required(T::default())),
        }
    }
}

/// A required integer, which may be written as a float with no fraction
/// (`1.1991456e+09`); `null` is 0.
pub struct RequiredInt<T>(pub T);

impl<'de, T: TryFrom<i64> + Default> ::serde::Deserialize<'de> for RequiredInt<T> {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <Int<T> as ::serde::Deserialize>::deserialize(deserializer)
            .map(|value| RequiredInt(value.0.unwrap_or_default()))
    }
}

/// An integer that may be `null`, or written as a float with no fraction.
pub struct Int<T>(pub Option<T>);

impl<'de, T: TryFrom<i64>> ::serde::Deserialize<'de> for Int<T> {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use ::serde::de::Error as _;
        let Some(number) = <Option<::serde_json::Number> as ::serde::Deserialize>::deserialize(deserializer)? else {
            return Ok(Int(None));
        };
        let whole = number
            .as_i64()
            .or_else(|| number.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18).map(|f| f as i64));
        let whole = whole.ok_or_else(|| D::Error::custom(format_args!("expected an integer, got {number}")))?;
        T::try_from(whole)
            .map(|value| Int(Some(value)))
            .map_err(|_| D::Error::custom(format_args!("integer {whole} out of range")))
    }
}

/// The impls every string enum takes from its wire value (`as_str`, `From<String>`):
/// it is written as that value and read from any string; equality, order and hash are
/// those of the value, so an unknown value that spells a known one equals it. A strict
/// decode ([`Strictness::is_strict`]) refuses a value the enum does not list, unless it is
/// `open`.
#[macro_export]
#[doc(hidden)]
macro_rules! __string_enum {
    ($name:ident) => {
        impl $crate::support::Decode for $name {
            fn decode<'de, D: ::serde::Deserializer<'de>>(
                deserializer: D,
                strictness: $crate::support::Strictness,
            ) -> Result<Self, D::Error> {
                let value = Self::from(<String as ::serde::Deserialize>::deserialize(deserializer)?);
                match value {
                    Self::Unknown(unknown) if strictness.is_strict() => Err(::serde::de::Error::custom(format_args!(
                        "`{unknown}` is not a value of {}",
                        stringify!($name)
                    ))),
                    value => Ok(value),
                }
            }
        }
        $crate::__string_enum!($name, common);
    };
    ($name:ident, open) => {
        /// Any string is a value of an open enum, also where Atlas checks a request.
        impl $crate::support::Decode for $name {
            fn decode<'de, D: ::serde::Deserializer<'de>>(
                deserializer: D,
                _: $crate::support::Strictness,
            ) -> Result<Self, D::Error> {
                <String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
        $crate::__string_enum!($name, common);
    };
    ($name:ident, common) => {
        $crate::support::deserialize_value!($name);
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl $crate::support::Encode for $name {
            fn encode<S: ::serde::Serializer>(
                &self,
                serializer: S,
                _: $crate::support::Mode,
            ) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from(value.to_owned())
            }
        }
        impl ::std::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }
        impl ::std::cmp::Eq for $name {}
        impl ::std::hash::Hash for $name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state)
            }
        }
        impl ::std::cmp::PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<::std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }
        impl ::std::cmp::Ord for $name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub use crate::__string_enum as string_enum;

/// `Serialize` of a type that implements [`Encode`]: the value as it is.
#[macro_export]
#[doc(hidden)]
macro_rules! __serialize_value {
    ($name:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::support::Encode::encode(self, serializer, $crate::support::Mode::Value)
            }
        }
    };
}
pub use crate::__serialize_value as serialize_value;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A struct as the generator writes one: two fields, one of them required.
    #[derive(Debug, Default, PartialEq)]
    struct Node {
        name: String,
        size: Option<i64>,
    }

    impl Object for Node {
        const NAME: &'static str = "Node";
        const REQUIRED: &'static [&'static str] = &["name"];
        fn field<'de, A: ::serde::de::MapAccess<'de>>(
            &mut self,
            key: &str,
            map: &mut A,
            strictness: Strictness,
        ) -> Result<(), A::Error> {
            match key {
                "name" => required(map, &mut self.name, strictness),
                "size" => int(map, &mut self.size),
                _ => skip(map, key, strictness),
            }
        }
    }

    impl Decode for Node {
        fn decode<'de, D: ::serde::Deserializer<'de>>(
            deserializer: D,
            strictness: Strictness,
        ) -> Result<Self, D::Error> {
            object(deserializer, strictness)
        }
    }
    deserialize_value!(Node);

    impl Encode for Node {
        fn encode<S: ::serde::Serializer>(&self, serializer: S, mode: Mode) -> Result<S::Ok, S::Error> {
            let mut fields = Fields::new(serializer, mode)?;
            fields.field("name", &self.name, Sent::Always);
            fields.optional("size", &self.size, Sent::Always);
            fields.end()
        }
    }
    serialize_value!(Node);

    /// A user as the generator writes one: a name and a password both required in a
    /// request, the password write-only.
    #[derive(Debug, Default)]
    struct User {
        name: String,
        password: Option<String>,
    }

    impl Object for User {
        const NAME: &'static str = "User";
        const REQUIRED: &'static [&'static str] = &["name", "password"];
        const ANSWERS_OMIT: &'static [&'static str] = &["password"];
        fn field<'de, A: ::serde::de::MapAccess<'de>>(
            &mut self,
            key: &str,
            map: &mut A,
            strictness: Strictness,
        ) -> Result<(), A::Error> {
            match key {
                "name" => required(map, &mut self.name, strictness),
                "password" => answerable(key, strictness).and_then(|()| read(map, &mut self.password, strictness)),
                _ => skip(map, key, strictness),
            }
        }
    }

    #[test]
    fn a_required_write_only_field_is_required_of_a_request_and_never_of_an_answer() {
        let read = |value: serde_json::Value, strictness| {
            let user: Result<User, serde_json::Error> = object(value, strictness);
            user.map(|user| user.name).map_err(|e| e.to_string())
        };
        let answer = json!({"name": "ana"});
        assert_eq!(read(answer.clone(), Strictness::Answer), Ok("ana".to_owned()));
        assert_eq!(read(answer, Strictness::Request), Err("missing field `password`".to_owned()));
        let refused = "a write-only property, never answered: `password`";
        assert_eq!(read(json!({"password": "x"}), Strictness::Answer), Err(refused.to_owned()));
        assert_eq!(read(json!({"password": "x"}), Strictness::Request), Err("missing field `name`".to_owned()));
    }

    /// A string enum as the generator writes one.
    #[derive(Debug, Clone)]
    enum Tier {
        Small,
        Unknown(String),
    }

    impl Tier {
        fn as_str(&self) -> &str {
            match self {
                Self::Small => "SMALL",
                Self::Unknown(value) => value,
            }
        }
    }

    impl From<String> for Tier {
        fn from(value: String) -> Self {
            match value.as_str() {
                "SMALL" => Self::Small,
                _ => Self::Unknown(value),
            }
        }
    }
    string_enum!(Tier);

    #[test]
    fn a_response_decodes_leniently_and_a_request_strictly() {
        let lenient: Node = serde_json::from_value(json!({"size": 2, "extra": true})).unwrap();
        assert_eq!(lenient, Node { name: String::new(), size: Some(2) });
        let null_name: Node = serde_json::from_value(json!({"name": null})).unwrap();
        assert_eq!(null_name.name, "");

        let missing = from_value::<Node>(json!({"size": 2}), Strictness::Request).unwrap_err();
        assert!(missing.to_string().contains("missing field `name`"), "{missing}");
        let null = from_value::<Node>(json!({"name": null}), Strictness::Request).unwrap_err();
        assert!(null.to_string().contains("null for a required field"), "{null}");
        let nested = decode_tracking_path::<Vec<Option<Node>>, _>(json!([null, {"size": 2}]), Strictness::Request);
        assert_eq!(nested.unwrap_err().to_string(), "[1]: missing field `name`");
        let lenient: Vec<Option<Node>> = from_value(json!([null, {"size": 2}]), Strictness::Lenient).unwrap();
        assert_eq!(lenient, vec![None, Some(Node { name: String::new(), size: Some(2) })]);
    }

    #[test]
    fn integers_take_whole_floats_and_refuse_the_rest() {
        let whole: Node = serde_json::from_value(json!({"size": 1.1991456e9})).unwrap();
        assert_eq!(whole.size, Some(1_199_145_600));
        let fraction = serde_json::from_value::<Node>(json!({"size": 1.5})).unwrap_err();
        assert!(fraction.to_string().contains("expected an integer, got 1.5"), "{fraction}");
        let narrow = serde_json::from_value::<Int<i32>>(json!(5_000_000_000i64)).err().unwrap();
        assert!(narrow.to_string().contains("out of range"), "{narrow}");
        assert_eq!(serde_json::from_value::<RequiredInt<i32>>(json!(null)).unwrap().0, 0);
    }

    #[test]
    fn a_decode_failure_names_the_path_inside_the_value() {
        let error: serde_json::Error =
            decode::<Vec<Node>, _>(json!([{"name": "a"}, {"size": "x"}]), Strictness::Lenient).unwrap_err();
        assert!(error.to_string().starts_with("[1].size: "), "{error}");
    }

    #[test]
    fn a_tagged_variant_is_written_with_its_own_tag_and_never_another() {
        let node = Node { name: "AWS".into(), size: None };
        let write = |tags: &[&str], mode, send| tagged(&node, mode, "name", tags, send, serde_json::value::Serializer);
        assert_eq!(write(&["AWS", "GCP"], Mode::Value, true).unwrap(), json!({"name": "AWS"}));
        let other = write(&["GCP"], Mode::Request, true).unwrap_err();
        assert!(other.to_string().contains("this variant is written with `name` GCP"), "{other}");
        assert_eq!(write(&["GCP"], Mode::Request, false).unwrap(), json!({"name": "AWS"}));

        let empty = Node::default();
        let filled = tagged(&empty, Mode::Request, "name", &["GCP"], true, serde_json::value::Serializer).unwrap();
        assert_eq!(filled, json!({"name": "GCP"}));
    }

    #[test]
    fn an_untagged_fit_prefers_the_strict_variant_then_the_most_keys() {
        let input = json!({"name": "a", "size": 1, "other": 2});
        let decoded: Node = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(fit(&input, &decoded), (true, 2));
        let loose = json!({"size": 1});
        let decoded: Node = serde_json::from_value(loose.clone()).unwrap();
        assert_eq!(fit(&loose, &decoded), (false, 1));
        assert_eq!(known_keys(&json!([1]), &decoded), 0);
    }

    #[test]
    fn a_property_the_type_does_not_hold_is_named_where_answers_are_shaped_or_checked() {
        let value = json!([{"name": "a", "extra": 1}]);
        let kept: Vec<Node> = from_value(value.clone(), Strictness::Lenient).unwrap();
        assert_eq!(kept[0].name, "a");
        assert!(from_value::<Vec<Node>>(value.clone(), Strictness::Request).is_ok());
        for strictness in [Strictness::Shape, Strictness::Answer] {
            let refused = decode_tracking_path::<Vec<Node>, _>(value.clone(), strictness).unwrap_err();
            assert_eq!(refused.path().to_string(), "[0]", "the object that holds it");
            assert!(refused.into_inner().to_string().contains("`extra`"), "names it");
        }
        let refused: serde_json::Error = answerable("password", Strictness::Shape).unwrap_err();
        assert!(refused.to_string().contains("`password`"));
        assert!(answerable::<serde_json::Error>("password", Strictness::Request).is_ok());
    }

    #[test]
    fn a_string_enum_keeps_an_unknown_value_unless_a_request_is_checked() {
        let unknown: Tier = serde_json::from_value(json!("HUGE")).unwrap();
        assert_eq!(serde_json::to_value(&unknown).unwrap(), json!("HUGE"));
        assert_eq!(Tier::Unknown("SMALL".into()), Tier::Small, "equality is the wire value's");
        assert_eq!(Tier::Small.to_string(), "SMALL");
        let refused = from_value::<Tier>(json!("HUGE"), Strictness::Request).unwrap_err();
        assert!(refused.to_string().contains("`HUGE` is not a value of Tier"), "{refused}");
    }

    #[test]
    fn a_request_body_and_a_value_encode_through_the_same_fields() {
        let node = Node { name: "n".into(), size: Some(3) };
        assert_eq!(request_body(&node).unwrap(), br#"{"name":"n","size":3}"#);
        assert_eq!(serde_json::to_value(&node).unwrap(), json!({"name": "n", "size": 3}));
        let nested = vec![Some(Box::new(node))];
        assert_eq!(serde_json::to_value(In(&nested, Mode::Request)).unwrap(), json!([{"name": "n", "size": 3}]));
    }
}
