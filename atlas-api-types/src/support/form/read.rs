//! Reading a value as a form, in one strictness, as the type's decode reads it.

use serde_json::{Map, Value};

use crate::support::{unmatched, Int, Strictness};

use super::{fit, verdict, EnumForm, Failed, FieldForm, Form, ObjectForm, Read, TaggedForm, UntaggedForm, Width};

/// Reads a value in one strictness; in [`Strictness::Shape`], takes out of `shaping` (the
/// same value, to change) what the form does not hold.
pub(super) struct Reader {
    strictness: Strictness,
    path: String,
}

impl Reader {
    pub(super) fn new(strictness: Strictness) -> Self {
        Reader { strictness, path: String::new() }
    }

    fn fail<T>(&self, message: impl Into<String>) -> Result<T, Failed> {
        Err(Failed { path: self.path.clone(), message: message.into() })
    }

    /// Reads `value` below the path segment `segment`.
    fn below(&mut self, segment: &str, read: impl FnOnce(&mut Self) -> Result<(), Failed>) -> Result<(), Failed> {
        let length = self.path.len();
        if segment.starts_with('[') || self.path.is_empty() {
            self.path.push_str(segment);
        } else {
            self.path.push('.');
            self.path.push_str(segment);
        }
        let result = read(self);
        self.path.truncate(length);
        result
    }

    pub(super) fn read(
        &mut self,
        form: &'static Form,
        shaping: Option<&mut Value>,
        value: &Value,
    ) -> Result<(), Failed> {
        match form {
            Form::Any => Ok(()),
            Form::Text => self.expect(value.is_string(), value, "a string"),
            Form::Flag => self.expect(value.is_boolean(), value, "a boolean"),
            Form::Whole(width) => self.whole(*width, value, false),
            Form::Number => self.expect(value.is_number(), value, "a number"),
            Form::Instant => self.parsed::<chrono::DateTime<chrono::Utc>>(value, "a date and time"),
            Form::Day => self.parsed::<chrono::NaiveDate>(value, "a date"),
            Form::Enum(form) => self.enumerated(form, value),
            Form::Object(form) => self.object(form, shaping, value),
            Form::List(item) => self.list(item, shaping, value),
            Form::Map(item) => self.map(item, shaping, value),
            Form::Tagged(form) => self.tagged(form, shaping, value),
            Form::Untagged(form) => self.untagged(form, shaping, value),
        }
    }

    fn expect(&self, holds: bool, value: &Value, what: &str) -> Result<(), Failed> {
        match holds {
            true => Ok(()),
            false => self.fail(format!("invalid type: {}, expected {what}", kind(value))),
        }
    }

    fn parsed<T: std::str::FromStr>(&self, value: &Value, what: &str) -> Result<(), Failed> {
        match value.as_str() {
            Some(text) if text.parse::<T>().is_ok() => Ok(()),
            Some(text) => self.fail(format!("`{text}` is not {what}")),
            None => self.expect(false, value, what),
        }
    }

    /// An integer, read by the decode's own readers: written as one, or (`lenient`, a
    /// field's, `support::Int`) `null` or a float with no fraction.
    fn whole(&self, width: Width, value: &Value, lenient: bool) -> Result<(), Failed> {
        use serde::Deserialize;
        let read = match (width, lenient) {
            (Width::I32, true) => Int::<i32>::deserialize(value).map(drop),
            (Width::I64, true) => Int::<i64>::deserialize(value).map(drop),
            (Width::I32, false) => i32::deserialize(value).map(drop),
            (Width::I64, false) => i64::deserialize(value).map(drop),
        };
        read.or_else(|error| self.fail(error.to_string()))
    }

    fn enumerated(&self, form: &EnumForm, value: &Value) -> Result<(), Failed> {
        let Some(text) = value.as_str() else { return self.expect(false, value, "a string") };
        match form.open || !self.strictness.is_strict() || form.values.contains(&text) {
            true => Ok(()),
            false => self.fail(format!("`{text}` is not a value of {}", form.name)),
        }
    }

    fn list(&mut self, item: &'static Form, shaping: Option<&mut Value>, value: &Value) -> Result<(), Failed> {
        let Some(items) = value.as_array() else { return self.expect(false, value, "a sequence") };
        let mut shaping = shaping.and_then(Value::as_array_mut);
        for (index, inner) in items.iter().enumerate() {
            let slot = shaping.as_deref_mut().and_then(|shaped| shaped.get_mut(index));
            self.below(&format!("[{index}]"), |reader| reader.read(item, slot, inner))?;
        }
        Ok(())
    }

    fn map(&mut self, item: &'static Form, shaping: Option<&mut Value>, value: &Value) -> Result<(), Failed> {
        let Some(entries) = value.as_object() else { return self.expect(false, value, "a map") };
        let mut shaping = shaping.and_then(Value::as_object_mut);
        for (key, inner) in entries {
            let slot = shaping.as_deref_mut().and_then(|shaped| shaped.get_mut(key));
            self.below(key, |reader| reader.read(item, slot, inner))?;
        }
        Ok(())
    }

    fn object(&mut self, form: &'static ObjectForm, shaping: Option<&mut Value>, value: &Value) -> Result<(), Failed> {
        let Some(entries) = value.as_object() else {
            return self.expect(false, value, &format!("an object ({})", form.name));
        };
        let mut shaping = shaping.and_then(Value::as_object_mut);
        for (key, inner) in entries {
            let slot = shaping.as_deref_mut();
            self.below(key, |reader| reader.property(form, key, slot, inner))?;
        }
        if self.strictness.is_strict() {
            // An answer never carries a write-only field, required in a request or not.
            let omitted = |name: &&str| self.strictness == Strictness::Answer && form.write_only.contains(name);
            if let Some(missing) = form.required.iter().find(|name| !entries.contains_key(**name) && !omitted(name)) {
                return self.fail(format!("missing field `{missing}`"));
            }
        }
        Ok(())
    }

    /// One property of an object: its field's, kept beside the fields, or one the type
    /// does not hold (taken out when shaping, refused where answers are checked).
    fn property(
        &mut self,
        form: &'static ObjectForm,
        key: &str,
        object: Option<&mut Map<String, Value>>,
        value: &Value,
    ) -> Result<(), Failed> {
        let field = form.fields.iter().find(|field| field.0 == key);
        let unanswered = match field {
            Some(_) if form.write_only.contains(&key) => Some("a write-only property, never answered"),
            Some(_) => None,
            None if form.additional.is_some() => None,
            None => Some("a property the type does not hold"),
        };
        if let Some(why) = unanswered.filter(|_| self.strictness.refuses_unanswered()) {
            return match (self.strictness, object) {
                (Strictness::Shape, Some(object)) => {
                    object.shift_remove(key);
                    Ok(())
                }
                _ => self.fail(format!("{why}: `{key}`")),
            };
        }
        let slot = object.and_then(|object| object.get_mut(key));
        match (field, form.additional) {
            (Some(field), _) => self.field(field, slot, value),
            (None, Some(additional)) => self.read(additional, slot, value),
            (None, None) => Ok(()),
        }
    }

    fn field(&mut self, field: &FieldForm, slot: Option<&mut Value>, value: &Value) -> Result<(), Failed> {
        let FieldForm(_, form, read) = field;
        match (form, read, value) {
            (Form::Whole(width), ..) if read.is_int() => self.whole(*width, value, true),
            (_, Read::Required, Value::Null) if self.strictness.is_strict() => self.fail("null for a required field"),
            (_, _, Value::Null) => Ok(()),
            _ => self.read(form, slot, value),
        }
    }

    fn tagged(&mut self, form: &'static TaggedForm, shaping: Option<&mut Value>, value: &Value) -> Result<(), Failed> {
        match form.member_of(value) {
            Some(member) => self.read(member, shaping, value),
            None => self.unmatched(form.name, value),
        }
    }

    /// What a union keeps of a value none of its members takes: the value, but an error
    /// while an answer is checked (the decode's own `support::unmatched`).
    fn unmatched(&self, union: &str, value: &Value) -> Result<(), Failed> {
        match unmatched::<serde_json::Error>(union, value.clone(), self.strictness) {
            Ok(_) => Ok(()),
            Err(error) => self.fail(error.to_string()),
        }
    }

    /// A union with no tag takes a value one of its members takes (each in the strictness
    /// the union's decode gives it). When shaping, the value is put in the shape of the member
    /// that fits best, as the decode chooses it (`fit::best`).
    fn untagged(
        &mut self,
        form: &'static UntaggedForm,
        shaping: Option<&mut Value>,
        value: &Value,
    ) -> Result<(), Failed> {
        let members = self.strictness.of_members();
        if self.strictness == Strictness::Shape {
            if let Some(member) = fit::best(form.members, value, members) {
                return self.read(member, shaping, value);
            }
        } else if form.members.iter().any(|member| verdict(value, member, members).is_ok()) {
            return Ok(());
        }
        self.unmatched(form.name, value)
    }
}

/// A value's kind, for a message.
fn kind(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => format!("boolean `{flag}`"),
        Value::Number(number) => format!("number {number}"),
        Value::String(text) => format!("string {text:?}"),
        Value::Array(_) => "a sequence".to_owned(),
        Value::Object(_) => "a map".to_owned(),
    }
}
