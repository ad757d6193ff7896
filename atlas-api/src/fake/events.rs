//! What the fake records in an organization's or a project's events when a call succeeds:
//! `spec/events.toml` (checked against the spec, written into the generated code) says which
//! call records which event type, in whose events, with which fields, as Atlas was seen to
//! record them (`GROUP_CREATED` with `groupId` and `orgId` in the organization's events).

use chrono::SecondsFormat;
use percent_encoding::utf8_percent_encode;
use serde_json::{json, Map, Value};

use super::placed::text;
use crate::generated::EVENTS;
use crate::path::{Segment, SEGMENT};

/// One entry of `spec/events.toml`, as the generated code writes it: the operation whose
/// success records the event, the path template of the events list and its parameter, the
/// event type, and each field of the event with the path parameter or item field that gives
/// its value.
pub(crate) struct Rule {
    pub(crate) after: &'static str,
    pub(crate) list: &'static str,
    pub(crate) param: &'static str,
    pub(crate) event: &'static str,
    pub(crate) fields: &'static [(&'static str, &'static str)],
}

/// What a successful call wrote or removed, for the events it records.
pub(crate) struct Done<'a> {
    /// The operation's id.
    pub(crate) operation: &'a str,
    /// The path parameters of the request.
    pub(crate) params: &'a [(&'static str, String)],
    /// The item created, changed, or removed (as it was).
    pub(crate) item: &'a Value,
}

/// The events `done` records: the path of each events list, and the event as a list of them
/// answers it. An event whose scope the call does not name (no parameter, no item field) is
/// not recorded.
pub(crate) fn recorded(done: &Done<'_>, id: &dyn Fn() -> String) -> Vec<(String, Value)> {
    let mut recorded = Vec::new();
    for rule in EVENTS.iter().filter(|rule| rule.after == done.operation) {
        let Some(Value::String(scope)) = value_of(done, rule.param) else { continue };
        let encoded = utf8_percent_encode(&scope, SEGMENT).to_string();
        let path = rule.list.replace(&format!("{{{}}}", rule.param), &encoded);
        let id = id();
        let mut body = Map::new();
        body.insert("id".into(), Value::String(id.clone()));
        let now = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now());
        body.insert("created".into(), Value::String(now.to_rfc3339_opts(SecondsFormat::Secs, true)));
        body.insert("eventTypeName".into(), Value::String(rule.event.to_owned()));
        body.insert(rule.param.to_owned(), Value::String(scope));
        for (field, from) in rule.fields {
            if let Some(value) = value_of(done, from) {
                body.insert((*field).to_owned(), value);
            }
        }
        body.insert("isGlobalAdmin".into(), Value::Bool(false));
        body.insert(
            "links".into(),
            json!([{ "href": format!("https://cloud.mongodb.com{path}/{id}"), "rel": "self" }]),
        );
        recorded.push((path, Value::Object(body)));
    }
    recorded
}

/// The value of a path parameter of the call, else of the item's field, named `name`.
fn value_of(done: &Done<'_>, name: &str) -> Option<Value> {
    match done.params.iter().find(|(param, _)| *param == name) {
        Some((_, value)) => Some(Value::String(value.clone())),
        None => done.item.get(name).cloned(),
    }
}

/// Whether the collection `template` names is an events list the fake records into.
pub(crate) fn receives(template: &[Segment]) -> bool {
    let template = text(template);
    EVENTS.iter().any(|rule| rule.list == template)
}

/// The template of the events list of `path`, when it is one.
pub(crate) fn list_template(path: &str) -> Option<&'static str> {
    EVENTS.iter().map(|rule| rule.list).find(|list| super::codes::fits(list, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_s_creation_is_recorded_in_its_organization_s_events() {
        let item = json!({ "id": "5e2211c10000000000000002", "name": "Shop", "orgId": "5e2211c10000000000000001" });
        let done = Done { operation: "createGroup", params: &[], item: &item };
        let recorded = recorded(&done, &|| "6a0000000000000000000009".to_owned());
        let [(path, event)] = recorded.as_slice() else { panic!("one event: {recorded:?}") };
        assert_eq!(path, "/api/atlas/v2/orgs/5e2211c10000000000000001/events");
        assert_eq!(event["eventTypeName"], "GROUP_CREATED");
        assert_eq!((&event["groupId"], &event["orgId"]), (&item["id"], &item["orgId"]));
        assert_eq!(list_template(path), Some("/api/atlas/v2/orgs/{orgId}/events"));

        let nameless = json!({ "name": "Shop" });
        let done = Done { operation: "createGroup", params: &[], item: &nameless };
        assert!(super::recorded(&done, &|| String::new()).is_empty(), "no organization, no event");
        let done = Done { operation: "getGroup", params: &[], item: &item };
        assert!(super::recorded(&done, &|| String::new()).is_empty(), "a read records nothing");
    }
}
