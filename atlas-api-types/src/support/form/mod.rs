//! What an answer type holds, as data the generator writes (`generated/forms.rs` of this
//! crate, one static per type an answer reaches, behind the `forms` feature that atlas-api's
//! `fake` turns on), and the one reader that puts a value in that shape and checks it as its
//! contract. It reads a value as the type's `Decode` would in each [`Strictness`], so the
//! fake's table names no answer type the build would have to instantiate a decoder for: the
//! client's own reads compile in the user's crate. The forms live here, beside the types and
//! apart from the fake, so that a change to atlas-api does not compile them again.
//!
//! atlas-api's test `forms_read_as_the_types_decode` (`fake/form/tests.rs`) holds the two to
//! the same verdict on the answers the spec's examples give and on faults an answer can
//! carry, one change to each at a time. `read.rs` reads a value, `fit.rs` scores the members
//! of a union with no tag.

use serde_json::Value;

use crate::support::Strictness;

mod fit;
mod read;

use read::Reader;

/// A type an answer holds, as its decode reads it.
#[derive(Debug)]
pub enum Form {
    /// Any JSON value (`serde_json::Value`).
    Any,
    /// A string.
    Text,
    /// `true` or `false`.
    Flag,
    /// An integer of this width: written as one where it is an item of a list or a map's
    /// value; a field's (`Read::*Int`) may also be `null` or a float with no fraction.
    Whole(Width),
    /// Any number (`f64`).
    Number,
    /// A UTC timestamp (`date-time`).
    Instant,
    /// A calendar date (`date`).
    Day,
    /// A string enum.
    Enum(&'static EnumForm),
    /// A struct.
    Object(&'static ObjectForm),
    /// A list of the form.
    List(&'static Form),
    /// An object used as a map of the form.
    Map(&'static Form),
    /// A union chosen by a property's value.
    Tagged(&'static TaggedForm),
    /// A union with no tag: the member that fits best.
    Untagged(&'static UntaggedForm),
}

/// The width of an integer.
#[derive(Debug, Clone, Copy)]
pub enum Width {
    I32,
    I64,
}

/// A string enum: the values it lists, and whether any string is one (`open`).
#[derive(Debug)]
pub struct EnumForm {
    pub name: &'static str,
    pub values: &'static [&'static str],
    pub open: bool,
}

/// A struct: its fields, the form of the properties it keeps beside them, the fields a
/// strict decode requires (those a request must carry), and those no answer holds (a
/// password).
#[derive(Debug)]
pub struct ObjectForm {
    pub name: &'static str,
    pub fields: &'static [FieldForm],
    pub additional: Option<&'static Form>,
    pub required: &'static [&'static str],
    pub write_only: &'static [&'static str],
}

/// One field of a struct: its wire name, its form, and how it is read.
#[derive(Debug)]
pub struct FieldForm(pub &'static str, pub &'static Form, pub Read);

/// How a field is read: whether it must be present, whether `null` is a value of it, and
/// whether it is an integer (which takes `null` as no value and a float with no fraction).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// Always present: `null` is refused by a strict decode, else read as the default.
    Required,
    /// `null` is no value.
    Optional,
    /// `null` is a value (written again as `null`).
    Nullable,
    /// A required integer: `null` is 0.
    RequiredInt,
    /// An optional integer.
    OptionalInt,
    /// A nullable integer.
    NullableInt,
}

impl Read {
    pub fn is_int(self) -> bool {
        matches!(self, Read::RequiredInt | Read::OptionalInt | Read::NullableInt)
    }
}

/// A union chosen by the string value of `property`: each member's tags and form.
#[derive(Debug)]
pub struct TaggedForm {
    pub name: &'static str,
    pub property: &'static str,
    pub members: &'static [(&'static [&'static str], &'static Form)],
}

/// A union with no tag: a value no member takes is refused where an answer is checked.
#[derive(Debug)]
pub struct UntaggedForm {
    pub name: &'static str,
    pub members: &'static [&'static Form],
}

impl TaggedForm {
    /// The member the value's tag names, if it names one.
    fn member_of(&self, value: &Value) -> Option<&'static Form> {
        let tag = value.get(self.property).and_then(Value::as_str)?;
        self.members.iter().find(|(tags, _)| tags.contains(&tag)).map(|(_, member)| *member)
    }
}

/// Where a value failed, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Failed {
    pub path: String,
    pub message: String,
}

impl Failed {
    /// The path and the message, as one line.
    pub fn described(&self) -> String {
        match self.path.is_empty() {
            true => self.message.clone(),
            false => format!("{}: {}", self.path, self.message),
        }
    }
}

/// Puts `value` in the shape of `form`: what it does not hold and what no answer holds (a
/// write-only password) taken out at every depth; the rest as it is. A value of the wrong
/// kind is refused.
pub fn respond(value: &Value, form: &'static Form) -> Result<Value, String> {
    let mut shaped = value.clone();
    Reader::new(Strictness::Shape).read(form, Some(&mut shaped), value).map_err(|failed| failed.described())?;
    Ok(shaped)
}

/// Checks an answer against `form` as its documented type: every required field, only the
/// values the spec lists, a member of every union, and nothing the type does not hold or
/// never answers.
pub fn contract(value: &Value, form: &'static Form) -> Result<(), String> {
    verdict(value, form, Strictness::Answer).map_err(|failed| failed.described())
}

/// Reads `value` as `form` in `strictness`, as the type's decode would.
pub fn verdict(value: &Value, form: &'static Form, strictness: Strictness) -> Result<(), Failed> {
    Reader::new(strictness).read(form, None, value)
}
