//! The fake's own table: one entry per operation and version of the enabled tags, written by
//! the generator (`tables/<tag>.rs`, `fake_entries`) beside the mock's table, which knows nothing
//! of it. Each entry holds what the generator decided of the operation for the fake: the types
//! of its body and answer (as [`RustType`]s the compiler names, never by text), the waiters that
//! poll it, where the server sets fields in what it answers, the field an item's id is
//! answered in, and how an answer is put in the response's shape and checked against it.

use std::any::TypeId;

use serde_json::{Map, Value};
use serde_path_to_error::{Path, Segment};

use super::model::{Placement, Resource};
use super::resource::Action;
use crate::request::{Call, Operation};
use crate::wait::WaitSpec;
use atlas_api_types::support::{decode_tracking_path, unanswered, Decode, Strictness};

/// A Rust type, as the compiler names it: the fake answers an item only in the shape it was
/// written in. The name is for messages only.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RustType {
    id: TypeId,
    name: &'static str,
}

impl PartialEq for RustType {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for RustType {}

impl RustType {
    pub(crate) fn of<T: 'static>() -> Self {
        RustType { id: TypeId::of::<T>(), name: std::any::type_name::<T>() }
    }

    /// The type's name without its module path, for a message.
    pub(crate) fn short(&self) -> &'static str {
        let name = self.name.rsplit_once('<').map_or(self.name, |(_, inner)| inner.trim_end_matches('>'));
        name.rsplit("::").next().unwrap_or(name)
    }

    /// Whether this is `()`: an operation that answers no body.
    pub(crate) fn is_unit(&self) -> bool {
        self.id == TypeId::of::<()>()
    }
}

/// Where the server sets fields in what an operation answers (the generator's outline, from
/// the table of request fields): at each field, what fills it.
#[derive(Debug)]
pub enum Outline {
    /// The fields of an object that hold server-set ones, by wire name.
    Object(&'static [(&'static str, Outline)]),
    /// Each item of a list.
    Each(&'static Outline),
    /// A fresh id, as Atlas's are (24 hex digits).
    Id,
    /// The time of the write.
    Date,
    /// The item's own link.
    Links,
    /// Set by the server, with nothing the fake could fill it with: kept on a replace.
    Kept,
}

/// Decodes `value` as `T` in `strictness`: the path and the message of what failed. It is
/// the way the client reads an answer (the same instantiation, so the fake's table costs the
/// build little: nothing of `T` is encoded).
fn read<T: Decode>(value: &Value, strictness: Strictness) -> Result<(), Failed> {
    let bytes = serde_json::to_vec(value).map_err(|error| Failed { path: None, message: error.to_string() })?;
    let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
    match decode_tracking_path::<T, _>(&mut deserializer, strictness) {
        Ok(_) => Ok(()),
        Err(error) => Err(Failed { path: Some(error.path().clone()), message: error.into_inner().to_string() }),
    }
}

/// Where a decode failed, and why.
struct Failed {
    path: Option<Path>,
    message: String,
}

impl Failed {
    fn segments(&self) -> Vec<Segment> {
        self.path.iter().flat_map(Path::iter).cloned().collect()
    }

    /// The path and the message, as one line.
    fn described(self) -> String {
        match self.path.map(|path| path.to_string()) {
            Some(path) if path != "." => format!("{path}: {}", self.message),
            _ => self.message,
        }
    }
}

/// Puts a value the fake holds in the shape `T` answers: what `T` does not hold and what it
/// never answers (a write-only password) taken out, one property at a time as the decode
/// names them; the rest as it is.
fn respond<T: Decode>(value: &Value) -> Result<Value, String> {
    let mut shaped = value.clone();
    loop {
        let Err(failed) = read::<T>(&shaped, Strictness::Shape) else { return Ok(shaped) };
        let taken = unanswered(&failed.message).is_some_and(|(inner, key)| {
            let mut path = failed.segments();
            path.extend(segments_of(inner));
            take_out(&mut shaped, &path, key)
        });
        if !taken {
            return Err(failed.described());
        }
    }
}

/// A path a union's member wrote in its message (`regionConfigs[0].electableSpecs`), as
/// segments.
fn segments_of(path: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    for part in path.split('.').filter(|part| !part.is_empty()) {
        let mut pieces = part.split('[');
        if let Some(key) = pieces.next().filter(|key| !key.is_empty()) {
            segments.push(Segment::Map { key: key.to_owned() });
        }
        for index in pieces.filter_map(|piece| piece.trim_end_matches(']').parse().ok()) {
            segments.push(Segment::Seq { index });
        }
    }
    segments
}

/// Takes the property `key` out of the object at `path` in `value`, or, only when no object
/// there holds it, out of the first object under `path` that does. Whether it was there.
fn take_out(value: &mut Value, path: &[Segment], key: &str) -> bool {
    let mut at = value;
    for segment in path {
        let next = match (segment, at) {
            (Segment::Map { key }, Value::Object(map)) => map.get_mut(key),
            (Segment::Seq { index }, Value::Array(items)) => items.get_mut(*index),
            _ => None,
        };
        let Some(next) = next else { return false };
        at = next;
    }
    if let Some(object) = at.as_object_mut() {
        if object.remove(key).is_some() {
            return true;
        }
    }
    first_holding(at, key).is_some_and(|object| object.remove(key).is_some())
}

/// The first object in `value` (itself, then depth first) that holds `key`.
fn first_holding<'v>(value: &'v mut Value, key: &str) -> Option<&'v mut Map<String, Value>> {
    if value.as_object().is_some_and(|map| map.contains_key(key)) {
        return value.as_object_mut();
    }
    match value {
        Value::Object(map) => map.values_mut().find_map(|inner| first_holding(inner, key)),
        Value::Array(items) => items.iter_mut().find_map(|inner| first_holding(inner, key)),
        _ => None,
    }
}

/// Checks an answer against `T` as its documented type: every required field, only the
/// values the spec lists, a member of every union, and nothing `T` does not hold or never
/// answers.
fn contract<T: Decode>(value: &Value) -> Result<(), String> {
    read::<T>(value, Strictness::Answer).map_err(Failed::described)
}

/// Puts a value in the shape of an answer, or says why it does not fit.
type Respond = fn(&Value) -> Result<Value, String>;
/// Checks an answer against its documented type.
type Contract = fn(&Value) -> Result<(), String>;

/// One operation and version, as the fake knows it.
#[derive(Clone, Copy)]
pub struct FakeEntry {
    pub(crate) operation: &'static Operation,
    pub(crate) output: RustType,
    /// The item type of a body that is a list (an IP access list's entries).
    pub(crate) body_item: Option<RustType>,
    /// The item type of an answer that is a list, or of a paged list's results.
    pub(crate) output_item: Option<RustType>,
    /// Whether the answer is a page of `output_item`s (rather than a plain list).
    pub(crate) paged: bool,
    pub(crate) waits: &'static [&'static WaitSpec],
    pub(crate) server_sets: Option<&'static Outline>,
    /// What it does, and to which resource of the model (`None`: the fake does not model it).
    pub(crate) role: Option<(Action, &'static Resource)>,
    /// A create posted above its collection: where it lands.
    pub(crate) placed: Option<Placement>,
    /// A delete's query parameter that keeps what is under the item (`retainBackups`).
    pub(crate) retain: Option<&'static str>,
    /// A list's query parameters that name a field of its items (`providerName`).
    pub(crate) filters: &'static [&'static str],
    pub(crate) respond: Option<Respond>,
    pub(crate) contract: Option<Contract>,
}

impl crate::mock::route::Routed for FakeEntry {
    fn operation(&self) -> &'static Operation {
        self.operation
    }
}

impl std::fmt::Debug for FakeEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FakeEntry({} {})", self.operation.id, self.operation.version)
    }
}

#[allow(dead_code)] // the generated tables call these; with no tag enabled, none is called
impl FakeEntry {
    /// The entry of the builder `C`'s operation and version.
    pub fn of<C: Call>() -> Self {
        FakeEntry {
            operation: C::OPERATION,
            output: RustType::of::<C::Output>(),
            body_item: None,
            output_item: None,
            paged: false,
            waits: &[],
            server_sets: None,
            role: None,
            placed: None,
            retain: None,
            filters: &[],
            respond: None,
            contract: None,
        }
    }

    /// The same, answering JSON of the type `T`: answers are put in its shape and checked.
    pub fn answers<T: Decode + 'static>(self) -> Self {
        FakeEntry { respond: Some(respond::<T>), contract: Some(contract::<T>), ..self }
    }

    /// The same, for a paged list of `T`.
    pub fn pages<T: 'static>(self) -> Self {
        FakeEntry { output_item: Some(RustType::of::<T>()), paged: true, ..self }
    }

    /// The same, for an answer that is a list of `T`.
    pub fn answers_list_of<T: 'static>(self) -> Self {
        FakeEntry { output_item: Some(RustType::of::<T>()), ..self }
    }

    /// The same, for a body that is a list of `T`.
    pub fn takes_list_of<T: 'static>(self) -> Self {
        FakeEntry { body_item: Some(RustType::of::<T>()), ..self }
    }

    /// The same, with the waiters that poll it.
    pub fn waits(self, waits: &'static [&'static WaitSpec]) -> Self {
        FakeEntry { waits, ..self }
    }

    /// The same, with where the server sets fields in what it answers.
    pub fn server_sets(self, outline: &'static Outline) -> Self {
        FakeEntry { server_sets: Some(outline), ..self }
    }

    /// The same, doing `action` to `resource`.
    pub fn role(self, action: Action, resource: &'static Resource) -> Self {
        FakeEntry { role: Some((action, resource)), ..self }
    }

    /// The same, for a create that lands where `placement` says.
    pub fn placed(self, placement: Placement) -> Self {
        FakeEntry { placed: Some(placement), ..self }
    }

    /// The same, for a delete that keeps what is under the item when `query` is `true`.
    pub fn retains_with(self, query: &'static str) -> Self {
        FakeEntry { retain: Some(query), ..self }
    }

    /// A list's query parameters that name a field of its items: only the items whose field
    /// has the value sent are listed.
    pub fn filtered_by(self, filters: &'static [&'static str]) -> Self {
        FakeEntry { filters, ..self }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use serde_path_to_error::Segment;

    use super::{segments_of, take_out};

    #[test]
    fn a_property_is_taken_out_where_the_decode_names_it_or_first_under_it() {
        let mut answer = json!({"name": "a", "specs": [{"size": 1, "extra": true}, {"extra": 2}], "extra": 3});
        let path = [Segment::Map { key: "specs".to_owned() }, Segment::Seq { index: 1 }];
        assert!(take_out(&mut answer, &path, "extra"));
        assert_eq!(answer["specs"][1], json!({}), "at the path the decode names");
        assert!(take_out(&mut answer, &[Segment::Map { key: "specs".to_owned() }], "extra"));
        assert_eq!(answer["specs"][0], json!({"size": 1}), "the first under it, when the path stops short");
        assert!(take_out(&mut answer, &[], "extra"));
        assert_eq!(answer, json!({"name": "a", "specs": [{"size": 1}, {}]}));
        assert!(!take_out(&mut answer, &[], "extra"), "no property left to take out");
    }

    #[cfg(feature = "atlas-search")]
    #[test]
    fn what_the_member_of_a_union_without_a_tag_does_not_hold_is_taken_out() {
        use crate::types::ApiAtlasFtsAnalyzersViewManualTokenFiltersItem as Filter;
        let held = json!([{"type": "asciiFolding", "originalTokens": "include", "sentOnly": 1}]);
        let shaped = super::respond::<Vec<Filter>>(&held).expect("shaped");
        assert_eq!(shaped, json!([{"type": "asciiFolding", "originalTokens": "include"}]));
        assert_eq!(super::contract::<Vec<Filter>>(&shaped), Ok(()));
        let refused = super::contract::<Vec<Filter>>(&held).unwrap_err();
        assert!(refused.contains("sentOnly"), "{refused}");
    }

    #[test]
    fn a_path_a_union_member_names_is_read_as_segments() {
        let segments = segments_of("replicationSpecs[0].regionConfigs[12].electableSpecs");
        let mut value = json!({"replicationSpecs": [{"regionConfigs": []}]});
        value["replicationSpecs"][0]["regionConfigs"] =
            json!((0..13).map(|_| json!({"electableSpecs": {"x": 1}})).collect::<Vec<_>>());
        assert!(take_out(&mut value, &segments, "x"));
        assert_eq!(value["replicationSpecs"][0]["regionConfigs"][12]["electableSpecs"], json!({}));
        assert_eq!(value["replicationSpecs"][0]["regionConfigs"][11]["electableSpecs"], json!({"x": 1}));
        assert!(segments_of("").is_empty());
    }
}
