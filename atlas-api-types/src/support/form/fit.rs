//! Which member of a union with no tag fits a value best, as the union's decode chooses:
//! one that takes the value as a request is checked before one that takes it only in the
//! strictness asked, then the one keeping the most of the object's keys once it is written
//! again (`support::known_keys`), the first on a tie.

use serde_json::Value;

use crate::support::Strictness;

use super::{verdict, FieldForm, Form, ObjectForm, Read};

/// The member of `members` that fits `value` best among those that take it in `strictness`.
pub(super) fn best(members: &'static [&'static Form], value: &Value, strictness: Strictness) -> Option<&'static Form> {
    let mut best: Option<((bool, usize), &'static Form)> = None;
    for member in members.iter().filter(|member| verdict(value, member, strictness).is_ok()) {
        let score = (verdict(value, member, Strictness::Request).is_ok(), kept_keys(member, value));
        if best.is_none_or(|(best, _)| score > best) {
            best = Some((score, member));
        }
    }
    best.map(|(_, member)| member)
}

/// How many of an object's keys a member that took it keeps when it is written again; 0 for
/// anything but an object. A map or any JSON keeps them all; a tagged union's member keeps
/// the tag too, which the union writes when the member's struct does not.
fn kept_keys(form: &'static Form, value: &Value) -> usize {
    let Some(entries) = value.as_object() else { return 0 };
    match form {
        Form::Any | Form::Map(_) => entries.len(),
        Form::Object(object) => entries.iter().filter(|(key, inner)| kept(object, key, inner)).count(),
        Form::Tagged(union) => match union.member_of(value) {
            Some(member @ Form::Object(object)) if !object.fields.iter().any(|field| field.0 == union.property) => {
                kept_keys(member, value) + 1
            }
            Some(member) => kept_keys(member, value),
            None => entries.len(),
        },
        Form::Untagged(union) => {
            best(union.members, value, Strictness::Lenient).map_or(entries.len(), |member| kept_keys(member, value))
        }
        _ => 0,
    }
}

/// Whether a struct writes the property `key` again once it has read `value` into it: a
/// field `null` leaves unset is not written (an optional one, or a required enum or union,
/// which reads `null` as unset, as a required enum reads `""`), any other field and any kept
/// property is.
fn kept(form: &ObjectForm, key: &str, value: &Value) -> bool {
    let Some(FieldForm(_, form, read)) = form.fields.iter().find(|field| field.0 == key) else {
        return form.additional.is_some();
    };
    let unset = match form {
        Form::Enum(_) => value.is_null() || value.as_str() == Some(""),
        Form::Tagged(_) | Form::Untagged(_) => value.is_null(),
        _ => false,
    };
    match read {
        Read::Required => !unset,
        _ if !value.is_null() => true,
        Read::RequiredInt | Read::Nullable | Read::NullableInt => true,
        Read::Optional | Read::OptionalInt => false,
    }
}
