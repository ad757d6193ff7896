//! What the server sets in an item it creates, and keeps when a replace leaves it out: the
//! fields of the answer that a request does not carry. Which those are is the table of
//! request fields' decision; the generator writes them into each create's and replace's
//! entry as an outline (`codegen/src/emit/server_set.rs`), marked with what fills them: an
//! id, a date, the item's links, or nothing.

use chrono::SecondsFormat;
use serde_json::{json, Value};

use crate::mock::route::Known;

/// Where an item is, for what refers to it.
pub(crate) struct Place<'a> {
    /// The item's path (`/api/atlas/v2/groups/…/clusters/…`).
    pub(crate) path: &'a str,
    /// The path parameters of the call that wrote it (`groupId`, …).
    pub(crate) params: &'a [(&'static str, String)],
    /// A fresh id, as Atlas's are (24 hex digits).
    pub(crate) id: &'a dyn Fn() -> String,
}

/// Fills in `value` (a body as a create sent it) each field the server sets, at every depth
/// the body has: a field named like a path parameter gets that parameter's value (`groupId`),
/// an id a fresh one, a date the time now, `links` the item's own link.
pub(crate) fn fill(value: &mut Value, known: &Known, place: &Place<'_>) {
    if let Some(outline) = outline(known) {
        fill_at(value, &outline, place, true);
    }
}

fn outline(known: &Known) -> Option<Value> {
    known.server_sets.and_then(|json| serde_json::from_str(json).ok())
}

fn fill_at(value: &mut Value, outline: &Value, place: &Place<'_>, top: bool) {
    match (value, outline) {
        (Value::Object(value), Value::Object(outline)) => {
            for (key, mark) in outline {
                match value.get_mut(key) {
                    Some(slot) => fill_at(slot, mark, place, false),
                    None => {
                        if let Some(filled) = server_value(key, mark, place, top) {
                            value.insert(key.clone(), filled);
                        }
                    }
                }
            }
        }
        (Value::Array(items), Value::Array(outline)) => {
            // Each item is filled by the one outline (each shard gets its own id).
            if let Some(outline) = outline.first() {
                for item in items {
                    fill_at(item, outline, place, false);
                }
            }
        }
        _ => {}
    }
}

/// The value the server gives the field `key` marked `mark`; `None` for one it leaves unset
/// (or a field the caller sets, whose outline only says what is below it).
fn server_value(key: &str, mark: &Value, place: &Place<'_>, top: bool) -> Option<Value> {
    if !(mark.is_string() || mark.is_null()) {
        return None;
    }
    if let Some((_, given)) = place.params.iter().find(|(name, _)| *name == key) {
        return Some(Value::String(given.clone()));
    }
    match mark.as_str()? {
        "id" => Some(Value::String((place.id)())),
        "date" => Some(now()),
        "links" if top => Some(self_link(place.path)),
        _ => None,
    }
}

/// The time now, as Atlas writes a date (`2026-12-02T22:10:00Z`).
pub(crate) fn now() -> Value {
    let now = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now());
    Value::String(now.to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// The `links` of the item at `path`: its own link, as Atlas writes it.
pub(crate) fn self_link(path: &str) -> Value {
    json!([{ "href": format!("https://cloud.mongodb.com{path}"), "rel": "self" }])
}

/// Copies into `sent` (a replace's body) each field of `held` the server set that `sent`
/// leaves out: a replace changes what the caller sets, never an item's id or creation date.
pub(crate) fn keep(held: &Value, sent: &mut Value, known: &Known) {
    if let Some(outline) = outline(known) {
        keep_where(held, &outline, sent);
    }
}

fn keep_where(held: &Value, outline: &Value, sent: &mut Value) {
    let (Value::Object(held), Value::Object(outline), Value::Object(sent)) = (held, outline, sent) else { return };
    for (key, mark) in outline {
        let server_set = mark.is_string() || mark.is_null();
        if let (true, Some(value), false) = (server_set, held.get(key), sent.contains_key(key)) {
            sent.insert(key.clone(), value.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replace_keeps_what_the_server_set_and_takes_what_the_caller_sent() {
        let held =
            json!({ "id": "5e2211c10000000000000001", "created": "2026-01-01T00:00:00Z", "name": "a", "on": true });
        let outline = json!({ "id": "id", "created": "date", "state": null, "nested": { "id": "id" } });
        let mut sent = json!({ "name": "b" });
        keep_where(&held, &outline, &mut sent);
        assert_eq!(sent, json!({ "id": "5e2211c10000000000000001", "created": "2026-01-01T00:00:00Z", "name": "b" }));
    }

    #[test]
    fn a_server_set_field_is_filled_at_every_depth_the_body_has() {
        let outline = json!({
            "id": "id",
            "groupId": "id",
            "createDate": "date",
            "mongoDBVersion": null,
            "links": "links",
            "replicationSpecs": [{ "id": "id", "regionConfigs": [{ "effectiveSpecs": null }] }],
            "settings": { "links": "links" },
        });
        let mut body = json!({ "name": "c1", "replicationSpecs": [{ "zoneName": "A" }, { "zoneName": "B" }] });
        let next = std::cell::Cell::new(0);
        let id = || {
            next.set(next.get() + 1);
            format!("{:024x}", next.get())
        };
        let params = [("groupId", "6a0000000000000000000001".to_owned())];
        let place = Place { path: "/api/atlas/v2/groups/g/clusters/c1", params: &params, id: &id };
        fill_at(&mut body, &outline, &place, true);

        assert_eq!(body["name"], "c1", "what was sent stays");
        assert_eq!(body["groupId"], "6a0000000000000000000001", "a path parameter's own value");
        assert!(body["createDate"].as_str().is_some_and(|date| chrono::DateTime::parse_from_rfc3339(date).is_ok()));
        assert_eq!(body["links"][0]["href"], "https://cloud.mongodb.com/api/atlas/v2/groups/g/clusters/c1");
        assert!(body.get("mongoDBVersion").is_none(), "nothing to fill it with");
        assert!(body.get("settings").is_none(), "a field the caller sets is not made up");
        let ids = [&body["id"], &body["replicationSpecs"][0]["id"], &body["replicationSpecs"][1]["id"]];
        assert!(ids.iter().all(|id| id.as_str().is_some_and(|id| id.len() == 24)), "{ids:?}");
        assert!(ids[0] != ids[1] && ids[1] != ids[2], "each id is fresh: {ids:?}");
        assert_eq!(body["replicationSpecs"][1]["zoneName"], "B");
        assert!(body["replicationSpecs"][0].get("regionConfigs").is_none());
    }
}
