//! One call per field: how a generated struct writes each of its fields (`Fields`) and
//! reads each property (`read`, `required`, ...), so that a struct's `Encode` and
//! `Object::field` are a list of calls rather than a branch, a match on the result and an
//! early return per field. The rules (when a field is written, how `null` and whole floats
//! are read) are here once; compiling a thousand structs costs a call per field.

use ::serde::de::MapAccess;
use ::serde::ser::SerializeMap as _;

use super::{As, Decode, Encode, In, Int, Mode, Required, RequiredInt, Strictness};

/// Which encodings write a field: the server-set fields the table of request fields leaves
/// out are never in a request body, the write-only ones (a password) never in an answer, and
/// [`Mode::Value`] keeps every field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    Always,
    NotInRequest,
    NotInResponse,
}

/// A struct being written as a JSON object, one field per call. The first error is kept,
/// nothing after it is written, and [`Fields::end`] returns it.
pub struct Fields<S: ::serde::Serializer> {
    map: S::SerializeMap,
    mode: Mode,
    error: Option<S::Error>,
}

impl<S: ::serde::Serializer> Fields<S> {
    /// Starts the object.
    pub fn new(serializer: S, mode: Mode) -> Result<Self, S::Error> {
        Ok(Fields { map: serializer.serialize_map(None)?, mode, error: None })
    }

    fn writes(&self, sent: Sent) -> bool {
        let written = match sent {
            Sent::Always => true,
            Sent::NotInRequest => self.mode != Mode::Request,
            Sent::NotInResponse => self.mode != Mode::Response,
        };
        self.error.is_none() && written
    }

    fn entry<T: Encode + ?Sized>(&mut self, key: &str, value: &T) {
        if let Err(error) = self.map.serialize_entry(key, &In(value, self.mode)) {
            self.error = Some(error);
        }
    }

    /// A field always written (required, or required and nullable).
    pub fn field<T: Encode + ?Sized>(&mut self, key: &str, value: &T, sent: Sent) {
        if self.writes(sent) {
            self.entry(key, value);
        }
    }

    /// A required enum or union, written unless it is `unset`: the value a field the
    /// server left out decodes as, which no server sends and no request should carry.
    pub fn known<T: Encode + ?Sized>(&mut self, unset: bool, key: &str, value: &T, sent: Sent) {
        if !unset && self.writes(sent) {
            self.entry(key, value);
        }
    }

    /// An optional field, written when it is set (`Some(None)` of a nullable one as `null`).
    pub fn optional<T: Encode>(&mut self, key: &str, value: &Option<T>, sent: Sent) {
        if let Some(value) = value {
            if self.writes(sent) {
                self.entry(key, value);
            }
        }
    }

    /// The properties the schema does not name, each under its own key.
    pub fn rest<T: Encode>(&mut self, rest: &::std::collections::BTreeMap<String, T>) {
        for (key, value) in rest {
            if self.error.is_none() {
                self.entry(key, value);
            }
        }
    }

    /// Ends the object, or returns the first error a field met.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}

/// Reads a property as its field's type (an optional field: `null` is `None`).
pub fn read<'de, A: MapAccess<'de>, T: Decode>(
    map: &mut A,
    slot: &mut T,
    strictness: Strictness,
) -> Result<(), A::Error> {
    *slot = map.next_value_seed(As::<T>::new(strictness))?;
    Ok(())
}

/// Reads a required property: `null` keeps the default unless the decode is strict (see
/// [`Required`]).
pub fn required<'de, A, T>(map: &mut A, slot: &mut T, strictness: Strictness) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Decode + Default,
{
    *slot = map.next_value_seed(As::<Required<T>>::new(strictness))?.0;
    Ok(())
}

/// Reads a required integer, which may come as a whole float (see [`RequiredInt`]).
pub fn required_int<'de, A: MapAccess<'de>, T: TryFrom<i64> + Default>(
    map: &mut A,
    slot: &mut T,
) -> Result<(), A::Error> {
    *slot = map.next_value::<RequiredInt<T>>()?.0;
    Ok(())
}

/// Reads an optional (or required nullable) integer (see [`Int`]).
pub fn int<'de, A: MapAccess<'de>, T: TryFrom<i64>>(map: &mut A, slot: &mut Option<T>) -> Result<(), A::Error> {
    *slot = map.next_value::<Int<T>>()?.0;
    Ok(())
}

/// Reads an optional nullable property: present, even as `null`, is `Some`.
pub fn nullable<'de, A, T>(map: &mut A, slot: &mut Option<Option<T>>, strictness: Strictness) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Decode,
{
    *slot = Some(map.next_value_seed(As::<Option<T>>::new(strictness))?);
    Ok(())
}

/// Reads an optional nullable integer: present, even as `null`, is `Some`.
pub fn nullable_int<'de, A: MapAccess<'de>, T: TryFrom<i64>>(
    map: &mut A,
    slot: &mut Option<Option<T>>,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value::<Int<T>>()?.0);
    Ok(())
}

/// Keeps a property the schema does not name, in the field that holds the others.
pub fn keep<'de, A, T>(
    map: &mut A,
    key: &str,
    rest: &mut ::std::collections::BTreeMap<String, T>,
    strictness: Strictness,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Decode,
{
    rest.insert(key.to_owned(), map.next_value_seed(As::<T>::new(strictness))?);
    Ok(())
}
