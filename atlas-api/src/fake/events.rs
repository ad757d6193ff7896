//! What the fake records in an organization's or a project's events when a call succeeds:
//! `spec/events.toml` (checked against the spec, written into the generated code) says which
//! call records which event type, in whose events, with which fields, as Atlas was seen to
//! record them (`GROUP_CREATED` with `groupId` and `orgId` in the organization's events).

use serde_json::{Map, Value};

use super::resource::text;
use super::server_set::{now, self_link};
use crate::generated::EVENTS;
use crate::path::Segment;

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
    /// Whether the event names the caller (an event of Atlas's own work names none).
    pub(crate) by_caller: bool,
}

/// What a successful call wrote or removed, for the events it records.
pub(crate) struct Done<'a> {
    /// The operation's id.
    pub(crate) operation: &'a str,
    /// The path parameters of the request.
    pub(crate) params: &'a [(&'static str, String)],
    /// The item created, changed, or removed (as it was).
    pub(crate) item: &'a Value,
    /// Who made the call.
    pub(crate) caller: &'a Actor,
}

/// Who made a call, as every recorded event of a call names the caller: the API key that
/// signed it (`apiKeyId`, `publicKey`) and the address it came from (`remoteAddress`). A
/// caller without an API key (a service account) is named by its address only: no source
/// shows what else Atlas records of one.
#[derive(Debug, Default)]
pub(crate) struct Actor {
    pub(crate) api_key_id: Option<String>,
    pub(crate) public_key: Option<String>,
    pub(crate) remote_address: Option<String>,
}

impl Actor {
    fn fields(&self) -> impl Iterator<Item = (&'static str, &String)> {
        let named =
            [("apiKeyId", &self.api_key_id), ("publicKey", &self.public_key), ("remoteAddress", &self.remote_address)];
        named.into_iter().filter_map(|(field, value)| Some((field, value.as_ref()?)))
    }
}

/// An event a call records, before it has a place: the template of the events list it goes
/// to, the value of that list's parameter, and its fields.
pub(crate) struct Recorded {
    pub(crate) list: &'static str,
    pub(crate) scope: String,
    fields: Map<String, Value>,
}

/// The events `done` records. An event whose scope the call does not name (no parameter, no
/// item field) is not recorded.
pub(crate) fn recorded(done: &Done<'_>) -> Vec<Recorded> {
    let mut recorded = Vec::new();
    for rule in EVENTS.iter().filter(|rule| rule.after == done.operation) {
        let Some(Value::String(scope)) = value_of(done, rule.param) else { continue };
        let mut fields = Map::new();
        fields.insert("eventTypeName".into(), Value::String(rule.event.to_owned()));
        fields.insert(rule.param.to_owned(), Value::String(scope.clone()));
        for (field, from) in rule.fields {
            if let Some(value) = value_of(done, from) {
                fields.insert((*field).to_owned(), value);
            }
        }
        if rule.by_caller {
            for (field, value) in done.caller.fields() {
                fields.insert(field.to_owned(), Value::String(value.clone()));
            }
        }
        fields.insert("isGlobalAdmin".into(), Value::Bool(false));
        recorded.push(Recorded { list: rule.list, scope, fields });
    }
    recorded
}

impl Recorded {
    /// The event as a list of them answers it, once it is `id` in the list at `list_path`.
    pub(crate) fn event(self, list_path: &str, id: &str) -> Value {
        let mut event = self.fields;
        event.insert("id".into(), Value::String(id.to_owned()));
        event.insert("created".into(), now());
        event.insert("links".into(), self_link(&format!("{list_path}/{id}")));
        Value::Object(event)
    }
}

/// The value of a path parameter of the call, else of the item's field, named `name`.
fn value_of(done: &Done<'_>, name: &str) -> Option<Value> {
    match done.params.iter().find(|(param, _)| *param == name) {
        Some((_, value)) => Some(Value::String(value.clone())),
        None => done.item.get(name).cloned(),
    }
}

/// Whether a success of `operation` records an event that names its caller.
pub(crate) fn names_caller(operation: &str) -> bool {
    EVENTS.iter().any(|rule| rule.after == operation && rule.by_caller)
}

/// Whether the collection `template` names is an events list the fake records into.
pub(crate) fn receives(template: &[Segment]) -> bool {
    receives_text(&text(template))
}

/// The same, for a template as the spec writes it.
pub(crate) fn receives_text(template: &str) -> bool {
    EVENTS.iter().any(|rule| rule.list == template)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_project_s_creation_is_recorded_in_its_organization_s_events() {
        let item = json!({ "id": "5e2211c10000000000000002", "name": "Shop", "orgId": "5e2211c10000000000000001" });
        let caller = Actor {
            api_key_id: Some("5e2211c10000000000000003".into()),
            public_key: Some("abcdefgh".into()),
            remote_address: Some("127.0.0.1".into()),
        };
        let done = Done { operation: "createGroup", params: &[], item: &item, caller: &caller };
        let [recorded] = <[Recorded; 1]>::try_from(recorded(&done)).ok().expect("one event");
        assert_eq!(
            (recorded.list, recorded.scope.as_str()),
            ("/api/atlas/v2/orgs/{orgId}/events", "5e2211c10000000000000001")
        );
        let event = recorded.event("/api/atlas/v2/orgs/5e2211c10000000000000001/events", "6a0000000000000000000009");
        assert_eq!(event["eventTypeName"], "GROUP_CREATED");
        assert_eq!((&event["groupId"], &event["orgId"]), (&item["id"], &item["orgId"]));
        assert_eq!(
            (&event["apiKeyId"], &event["publicKey"], &event["remoteAddress"]),
            (&json!("5e2211c10000000000000003"), &json!("abcdefgh"), &json!("127.0.0.1"))
        );
        let link =
            "https://cloud.mongodb.com/api/atlas/v2/orgs/5e2211c10000000000000001/events/6a0000000000000000000009";
        assert_eq!(event["links"][0]["href"], link);

        let nameless = json!({ "name": "Shop" });
        let done = Done { operation: "createGroup", params: &[], item: &nameless, caller: &caller };
        assert!(super::recorded(&done).is_empty(), "no organization, no event");
        let done = Done { operation: "getGroup", params: &[], item: &item, caller: &caller };
        assert!(super::recorded(&done).is_empty(), "a read records nothing");
    }

    #[test]
    fn an_event_of_atlas_s_own_work_names_no_caller() {
        let cluster = json!({ "name": "Cluster0" });
        let params = [("groupId", "5e2211c10000000000000002".to_owned()), ("clusterName", "Cluster0".to_owned())];
        let caller = Actor { public_key: Some("abcdefgh".into()), ..Actor::default() };
        let done = Done { operation: "updateGroupCluster", params: &params, item: &cluster, caller: &caller };
        let [recorded] = <[Recorded; 1]>::try_from(recorded(&done)).ok().expect("one event");
        let event = recorded.event("/api/atlas/v2/groups/5e2211c10000000000000002/events", "6a0000000000000000000009");
        assert_eq!(event["eventTypeName"], "CLUSTER_UPDATE_STARTED");
        assert_eq!(event.get("publicKey"), None, "{event}");
    }
}
