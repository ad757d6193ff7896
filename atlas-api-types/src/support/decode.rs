//! Decoding in a [`Strictness`]: the decode's counterpart of encoding in a `Mode`. Every
//! generated type implements [`Decode`], which carries the strictness down to each field,
//! member and item as an argument (through [`As`], a `DeserializeSeed`); its `Deserialize`
//! is the lenient decode a client makes of an answer. Nothing about a decode lives beside
//! it: two decodes on one thread never see each other's strictness.

use ::serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// How strictly a value is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// As a client decodes an answer: whatever real Atlas sends.
    Lenient,
    /// As Atlas checks a request body (the mock): every writable required field present and
    /// not `null`, and every enum value one the spec lists.
    Request,
    /// As an answer must be for the spec to describe it: what `Request` checks, and also
    /// that every union holds one of its members (no `Unknown`) and that no object holds a
    /// property its type does not, or one it never answers (a write-only password). The
    /// fake's contract check reads answers so from data the generator writes (`support::form`
    /// and the generated `forms`), and atlas-api's tests hold that reading to this one.
    Answer,
    /// As `Lenient` reads, but a property the type does not hold, or one it never answers, is
    /// an error that names it: what the fake takes out of an answer to put it in the
    /// response's shape (read from the same data, and held to this by the same tests).
    Shape,
}

impl Strictness {
    /// Whether this decode checks what Atlas checks of a request body (a request body, or
    /// an answer checked against its type).
    pub fn is_strict(self) -> bool {
        matches!(self, Strictness::Request | Strictness::Answer)
    }

    /// Whether this decode refuses what no answer of the type holds: a property the type
    /// does not know (unless it keeps those), or a write-only one.
    pub fn refuses_unanswered(self) -> bool {
        matches!(self, Strictness::Answer | Strictness::Shape)
    }

    /// How a union with no tag tries its members: as this decode does, but an answer being
    /// shaped picks its member leniently (each member refuses what the others hold) and then
    /// names what that member does not hold ([`shaped`](super::shaped)).
    pub fn of_members(self) -> Strictness {
        if self == Strictness::Shape {
            Strictness::Lenient
        } else {
            self
        }
    }
}

/// Decoding in a [`Strictness`]: what every generated type implements, and what its
/// `Deserialize` calls with [`Strictness::Lenient`].
pub trait Decode: Sized {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D, strictness: Strictness) -> Result<Self, D::Error>;
}

/// A type and the strictness it is decoded in, as a `DeserializeSeed` (what each field,
/// item and value is read through).
pub struct As<T>(pub Strictness, ::std::marker::PhantomData<T>);

impl<T> As<T> {
    pub fn new(strictness: Strictness) -> Self {
        As(strictness, ::std::marker::PhantomData)
    }
}

impl<'de, T: Decode> DeserializeSeed<'de> for As<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::decode(deserializer, self.0)
    }
}

/// A value decoded from an already-buffered JSON value in `strictness` (a member of a union
/// tried on the value).
pub fn from_value<T: Decode>(value: ::serde_json::Value, strictness: Strictness) -> Result<T, ::serde_json::Error> {
    T::decode(value, strictness)
}

/// `serde_path_to_error::deserialize` in `strictness`: a failure names the path inside the
/// input where it happened.
pub fn decode_tracking_path<'de, T: Decode, D: Deserializer<'de>>(
    deserializer: D,
    strictness: Strictness,
) -> Result<T, ::serde_path_to_error::Error<D::Error>> {
    let mut track = ::serde_path_to_error::Track::new();
    T::decode(::serde_path_to_error::Deserializer::new(deserializer, &mut track), strictness)
        .map_err(|error| ::serde_path_to_error::Error::new(track.path(), error))
}

/// `Deserialize` of a type that implements [`Decode`]: the lenient decode.
#[macro_export]
#[doc(hidden)]
macro_rules! __deserialize_value {
    ($name:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::support::Decode::decode(deserializer, $crate::support::Strictness::Lenient)
            }
        }
    };
}
pub use crate::__deserialize_value as deserialize_value;

/// Values with nothing below them decode alike in every strictness.
macro_rules! decode_leaf {
    ($($ty:ty),*) => {$(
        impl Decode for $ty {
            fn decode<'de, D: Deserializer<'de>>(deserializer: D, _: Strictness) -> Result<Self, D::Error> {
                ::serde::Deserialize::deserialize(deserializer)
            }
        }
    )*};
}
decode_leaf!(
    (),
    String,
    bool,
    i32,
    i64,
    f64,
    ::serde_json::Value,
    ::chrono::DateTime<::chrono::Utc>,
    ::chrono::NaiveDate
);

impl<T: Decode> Decode for Option<T> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D, strictness: Strictness) -> Result<Self, D::Error> {
        struct OptionVisitor<T>(Strictness, ::std::marker::PhantomData<T>);
        impl<'de, T: Decode> Visitor<'de> for OptionVisitor<T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("option")
            }
            fn visit_unit<E: ::serde::de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_none<E: ::serde::de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
                T::decode(deserializer, self.0).map(Some)
            }
        }
        deserializer.deserialize_option(OptionVisitor(strictness, ::std::marker::PhantomData))
    }
}

impl<T: Decode> Decode for Box<T> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D, strictness: Strictness) -> Result<Self, D::Error> {
        T::decode(deserializer, strictness).map(Box::new)
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D, strictness: Strictness) -> Result<Self, D::Error> {
        struct ListVisitor<T>(Strictness, ::std::marker::PhantomData<T>);
        impl<'de, T: Decode> Visitor<'de> for ListVisitor<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                // As serde's own: a size hint from the input reserves no more than a little.
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(item) = seq.next_element_seed(As::<T>::new(self.0))? {
                    items.push(item);
                }
                Ok(items)
            }
        }
        deserializer.deserialize_seq(ListVisitor(strictness, ::std::marker::PhantomData))
    }
}

impl<T: Decode> Decode for ::std::collections::BTreeMap<String, T> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D, strictness: Strictness) -> Result<Self, D::Error> {
        struct MapVisitor<T>(Strictness, ::std::marker::PhantomData<T>);
        impl<'de, T: Decode> Visitor<'de> for MapVisitor<T> {
            type Value = ::std::collections::BTreeMap<String, T>;
            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut values = ::std::collections::BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    values.insert(key, map.next_value_seed(As::<T>::new(self.0))?);
                }
                Ok(values)
            }
        }
        deserializer.deserialize_map(MapVisitor(strictness, ::std::marker::PhantomData))
    }
}
