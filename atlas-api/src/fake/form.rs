//! What an answer type holds, as data the generator writes (`generated/forms.rs`, one static
//! per type an answer reaches), and the one reader that puts a value in that shape and checks
//! it as its contract. It reads a value as the type's `Decode` would in each
//! [`Strictness`], so the fake's table names no answer type the build would have to
//! instantiate a decoder for: the client's own reads compile in the user's crate.
//!
//! The test `forms_read_as_the_types_decode` holds the two to the same verdict on every
//! answer the spec's examples give and on the faults an answer can carry.

use serde_json::{Map, Value};

use atlas_api_types::support::Strictness;

/// A type an answer holds, as its decode reads it.
#[derive(Debug)]
pub enum Form {
    /// Any JSON value (`serde_json::Value`).
    Any,
    /// A string.
    Text,
    /// `true` or `false`.
    Flag,
    /// An integer of this width, written as an integer (an item of a list, a map's value).
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
    fn is_int(self) -> bool {
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

/// A union with no tag; `kept`: a value no member takes is kept (a member is any JSON).
#[derive(Debug)]
pub struct UntaggedForm {
    pub name: &'static str,
    pub members: &'static [&'static Form],
    pub kept: bool,
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
    Reader { strictness: Strictness::Shape, path: String::new() }
        .read(form, Some(&mut shaped), value)
        .map_err(|failed| failed.described())?;
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
    Reader { strictness, path: String::new() }.read(form, None, value)
}

/// Reads a value in one strictness; in [`Strictness::Shape`], takes out of `shaping` (the
/// same value, to change) what the form does not hold.
struct Reader {
    strictness: Strictness,
    path: String,
}

impl Reader {
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

    fn read(&mut self, form: &'static Form, shaping: Option<&mut Value>, value: &Value) -> Result<(), Failed> {
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

    /// An integer: written as one, or (`lenient`, a field's) `null` or a float with no
    /// fraction.
    fn whole(&self, width: Width, value: &Value, lenient: bool) -> Result<(), Failed> {
        let whole = match value {
            Value::Null if lenient => return Ok(()),
            Value::Number(number) if lenient => number
                .as_i64()
                .or_else(|| number.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18).map(|f| f as i64)),
            Value::Number(number) => number.as_i64(),
            _ => None,
        };
        let Some(whole) = whole else { return self.fail(format!("expected an integer, got {}", kind(value))) };
        match width {
            Width::I32 if i32::try_from(whole).is_err() => self.fail(format!("integer {whole} out of range")),
            _ => Ok(()),
        }
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
            if let Some(missing) = form.required.iter().find(|name| !entries.contains_key(**name)) {
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
                    object.remove(key);
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
        let tag = value.get(form.property).and_then(Value::as_str);
        let member = form.members.iter().find(|(tags, _)| tag.is_some_and(|tag| tags.contains(&tag)));
        match member {
            Some((_, member)) => self.read(member, shaping, value),
            None => self.unmatched(form.name, value),
        }
    }

    /// What a union keeps of a value none of its members takes: the value, but an error
    /// while an answer is checked.
    fn unmatched(&self, union: &str, value: &Value) -> Result<(), Failed> {
        if self.strictness != Strictness::Answer || value.is_null() {
            return Ok(());
        }
        let shown = value.to_string();
        let shown = if shown.chars().count() > 120 {
            format!("{}...", shown.chars().take(117).collect::<String>())
        } else {
            shown
        };
        self.fail(format!("no member of `{union}` takes {shown}"))
    }

    /// The member that fits best, as the union's decode chooses it: one that takes the value
    /// as a request is checked before one that takes it only in the strictness asked, then
    /// the one keeping the most of the object's keys, the first on a tie. When shaping, the
    /// value is put in that member's shape.
    fn untagged(
        &mut self,
        form: &'static UntaggedForm,
        shaping: Option<&mut Value>,
        value: &Value,
    ) -> Result<(), Failed> {
        let members = self.strictness.of_members();
        let mut best: Option<((bool, usize), &'static Form)> = None;
        for member in form.members {
            if verdict(value, member, members).is_err() {
                continue;
            }
            let score = (verdict(value, member, Strictness::Request).is_ok(), kept_keys(member, value));
            if best.is_none_or(|(best, _)| score > best) {
                best = Some((score, member));
            }
        }
        match best {
            Some((_, member)) if self.strictness == Strictness::Shape => self.read(member, shaping, value),
            Some(_) => Ok(()),
            None if form.kept => Ok(()),
            None => self.unmatched(form.name, value),
        }
    }
}

/// How many of an object's keys a member that took it keeps when it is written again (for
/// choosing between the members of a union with no tag); 0 for anything but an object.
fn kept_keys(form: &'static Form, value: &Value) -> usize {
    let Some(entries) = value.as_object() else { return 0 };
    match form {
        Form::Any => entries.len(),
        Form::Object(object) => entries.iter().filter(|(key, inner)| kept(object, key, inner)).count(),
        Form::Tagged(union) => {
            let tag = value.get(union.property).and_then(Value::as_str);
            match union.members.iter().find(|(tags, _)| tag.is_some_and(|tag| tags.contains(&tag))) {
                Some((_, member)) => kept_keys(member, value),
                None => entries.len(),
            }
        }
        Form::Untagged(union) => {
            let lenient = |member: &&&'static Form| verdict(value, member, Strictness::Lenient).is_ok();
            let mut best: Option<((bool, usize), &'static Form)> = None;
            for member in union.members.iter().filter(lenient) {
                let score = (verdict(value, member, Strictness::Request).is_ok(), kept_keys(member, value));
                if best.is_none_or(|(best, _)| score > best) {
                    best = Some((score, member));
                }
            }
            best.map_or(entries.len(), |(_, member)| kept_keys(member, value))
        }
        _ => 0,
    }
}

/// Whether a struct writes the property `key` again once it has read `value` into it: a
/// field `null` leaves unset is not written (an optional one, or a required enum or union,
/// which reads `null` as unset), any other field and any kept property is.
fn kept(form: &ObjectForm, key: &str, value: &Value) -> bool {
    let Some(FieldForm(_, form, read)) = form.fields.iter().find(|field| field.0 == key) else {
        return form.additional.is_some();
    };
    if !value.is_null() {
        return true;
    }
    match read {
        Read::Required => !matches!(form, Form::Enum(_) | Form::Tagged(_) | Form::Untagged(_)),
        Read::RequiredInt | Read::Nullable | Read::NullableInt => true,
        Read::Optional | Read::OptionalInt => false,
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

/// An operation version's JSON answer, read by its type's decode (unit tests only).
#[cfg(test)]
pub(crate) type TypedAnswer = (&'static crate::request::Operation, fn(&Value, Strictness) -> Result<(), String>);

/// Reads `value` as `T` in `strictness` (unit tests only).
#[cfg(test)]
pub(crate) fn typed<T: atlas_api_types::support::Decode>(value: &Value, strictness: Strictness) -> Result<(), String> {
    atlas_api_types::support::from_value::<T>(value.clone(), strictness).map(drop).map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use atlas_api_types::support::Strictness;

    use super::{contract, respond, verdict};

    const STRICTNESSES: [Strictness; 4] =
        [Strictness::Lenient, Strictness::Request, Strictness::Answer, Strictness::Shape];

    /// The spec's example and what an answer can get wrong of it, one change each: a property
    /// taken out, `null`, of another kind, a value no enum lists, a float for an integer, and
    /// a property no type holds. At most `cap` of them.
    fn neighbours(example: &Value, cap: usize) -> Vec<Value> {
        let mut out = vec![example.clone()];
        let mut paths = Vec::new();
        objects(example, &mut Vec::new(), &mut paths);
        for (path, keys) in paths {
            let mut changed = |change: &dyn Fn(&mut serde_json::Map<String, Value>)| {
                let mut value = example.clone();
                let mut at = &mut value;
                for step in &path {
                    at = match step {
                        Ok(key) => &mut at[key.as_str()],
                        Err(index) => &mut at[*index],
                    };
                }
                if let Some(object) = at.as_object_mut() {
                    change(object);
                }
                out.push(value);
            };
            changed(&|object| drop(object.insert("notInAnyType".to_owned(), json!(1))));
            for key in keys {
                changed(&|object| drop(object.remove(&key)));
                for other in [json!(null), json!(7), json!(2.5), json!("NOT_A_LISTED_VALUE"), json!([]), json!({})] {
                    changed(&|object| drop(object.insert(key.clone(), other.clone())));
                }
            }
        }
        out.truncate(cap);
        out
    }

    type Step = Result<String, usize>;

    /// Every object in `value`, with its path and keys.
    fn objects(value: &Value, path: &mut Vec<Step>, out: &mut Vec<(Vec<Step>, Vec<String>)>) {
        match value {
            Value::Object(map) => {
                out.push((path.clone(), map.keys().cloned().collect()));
                for (key, inner) in map {
                    path.push(Ok(key.clone()));
                    objects(inner, path, out);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (index, inner) in items.iter().enumerate().take(2) {
                    path.push(Err(index));
                    objects(inner, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    #[cfg(feature = "atlas-search")]
    #[test]
    fn what_the_member_of_a_union_without_a_tag_does_not_hold_is_taken_out() {
        static FILTERS: super::Form =
            super::Form::List(&crate::generated::forms::ApiAtlasFtsAnalyzersViewManualTokenFiltersItem);
        let form = &FILTERS;
        let held = json!([{"type": "asciiFolding", "originalTokens": "include", "sentOnly": 1}]);
        let shaped = respond(&held, form).expect("shaped");
        assert_eq!(shaped, json!([{"type": "asciiFolding", "originalTokens": "include"}]));
        assert_eq!(contract(&shaped, form), Ok(()));
        let refused = contract(&held, form).unwrap_err();
        assert!(refused.starts_with("[0]") && refused.contains("sentOnly"), "{refused}");
    }

    /// Every answer of the enabled tags that the spec gives an example of, and its neighbours,
    /// read by the form and by the type's decode in every strictness: the same verdict. A
    /// value shaped by the form decodes in `Shape` as its type, and passes the contract when
    /// the type's decode takes it as an answer.
    #[test]
    fn forms_read_as_the_types_decode() {
        let known = crate::generated::tables::operations();
        let entries = crate::generated::tables::fake_entries();
        let (mut checked, mut differ) = (0usize, Vec::new());
        for (operation, typed) in crate::generated::tables::typed_answers() {
            let same =
                |other: &crate::request::Operation| (other.id, other.version) == (operation.id, operation.version);
            let Some(form) = entries.iter().find(|entry| same(entry.operation)).and_then(|entry| entry.form) else {
                continue;
            };
            let Some(example) = known.iter().find(|known| same(known.operation)).and_then(|known| known.example) else {
                continue;
            };
            let example: Value = serde_json::from_str(example).expect("the example is JSON");
            for value in neighbours(&example, 400) {
                for strictness in STRICTNESSES {
                    checked += 1;
                    let (ours, theirs) = (verdict(&value, form, strictness), typed(&value, strictness));
                    if ours.is_ok() != theirs.is_ok() {
                        differ.push(format!("{} {strictness:?}: form {ours:?}, decode {theirs:?}", operation.id));
                    }
                }
                if let Ok(shaped) = respond(&value, form) {
                    if let Err(why) = typed(&shaped, Strictness::Shape) {
                        differ.push(format!("{}: shaped, yet its decode in Shape says {why}", operation.id));
                    }
                    if typed(&shaped, Strictness::Answer).is_ok() != contract(&shaped, form).is_ok() {
                        differ.push(format!("{}: the contract and the decode differ on a shaped answer", operation.id));
                    }
                }
            }
        }
        assert!(checked > 0, "no answer with an example: enable the tags (`--all-features`)");
        assert!(
            differ.is_empty(),
            "{} of {checked} verdicts differ:\n{}",
            differ.len(),
            differ[..differ.len().min(25)].join("\n")
        );
    }
}
