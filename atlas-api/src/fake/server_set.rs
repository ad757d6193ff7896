//! What the server sets in an item it creates, and keeps when a replace leaves it out: the
//! fields of the answer that a request does not carry. Which those are is the table of
//! request fields' decision; the generator writes them into each create's and replace's
//! entry as an outline (`codegen/src/lower/server_set.rs`), marked with what fills them: an
//! id, a date, the item's links, or nothing.

use chrono::SecondsFormat;
use serde_json::{json, Value};

use super::entry::{FakeEntry, Outline};
use crate::mock::answer::Paging;

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
/// an id a fresh one, a date the time now, `links` the item's own link. At the top, every
/// path parameter the body leaves out is set too (a database user's `groupId`): the answer's
/// type keeps those it holds and drops the others.
pub(crate) fn fill(value: &mut Value, known: &FakeEntry, place: &Place<'_>) {
    if let Some(outline) = known.server_sets {
        fill_at(value, outline, place, true);
    }
    if let Value::Object(fields) = value {
        for (name, given) in place.params {
            fields.entry(*name).or_insert_with(|| Value::String(given.clone()));
        }
    }
}

fn fill_at(value: &mut Value, outline: &Outline, place: &Place<'_>, top: bool) {
    match (value, outline) {
        (Value::Object(value), Outline::Object(fields)) => {
            for (key, mark) in fields.iter() {
                match value.get_mut(*key) {
                    Some(slot) => fill_at(slot, mark, place, false),
                    None => {
                        if let Some(filled) = server_value(key, mark, place, top) {
                            value.insert((*key).to_owned(), filled);
                        }
                    }
                }
            }
        }
        (Value::Array(items), Outline::Each(outline)) => {
            // Each item is filled by the one outline (each shard gets its own id).
            for item in items {
                fill_at(item, outline, place, false);
            }
        }
        _ => {}
    }
}

/// Whether the outline marks a field the server sets itself (rather than one the caller sets
/// that holds server-set ones below it).
fn server_set(mark: &Outline) -> bool {
    !matches!(mark, Outline::Object(_) | Outline::Each(_))
}

/// The value the server gives the field `key` marked `mark`; `None` for one it leaves unset
/// (or a field the caller sets, whose outline only says what is below it).
fn server_value(key: &str, mark: &Outline, place: &Place<'_>, top: bool) -> Option<Value> {
    if !server_set(mark) {
        return None;
    }
    if let Some((_, given)) = place.params.iter().find(|(name, _)| *name == key) {
        return Some(Value::String(given.clone()));
    }
    match mark {
        Outline::Id => Some(Value::String((place.id)())),
        Outline::Date => Some(now()),
        Outline::Links if top => Some(self_link(place.path)),
        _ => None,
    }
}

/// The time now, as Atlas writes a date (`2026-12-02T22:10:00Z`).
pub(crate) fn now() -> Value {
    in_days(0)
}

/// The time `days` days from now, as Atlas writes a date.
pub(crate) fn in_days(days: u64) -> Value {
    in_hours(days * 24)
}

/// The time `hours` hours from now, as Atlas writes a date.
pub(crate) fn in_hours(hours: u64) -> Value {
    let then = std::time::SystemTime::now() + std::time::Duration::from_secs(hours * 3_600);
    Value::String(chrono::DateTime::<chrono::Utc>::from(then).to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// The `links` of the item at `path`: its own link, as Atlas writes it.
pub(crate) fn self_link(path: &str) -> Value {
    json!([{ "href": format!("https://cloud.mongodb.com{path}"), "rel": "self" }])
}

/// The `links` of a page of the list at `path` holding `total` items, as Atlas writes them
/// (recorded pages): the page itself, the next one when more items follow, the previous one
/// after the first, each with the query as sent and the page's number and size.
pub(crate) fn page_links(path: &str, query: &[(String, String)], paging: Paging, total: usize) -> Value {
    let Paging { number: page, size } = paging;
    let kept: Vec<String> = query
        .iter()
        .filter(|(name, _)| name != "pageNum" && name != "itemsPerPage")
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    let link = |to: usize, rel: &str| {
        let query = [kept.clone(), vec![format!("pageNum={to}"), format!("itemsPerPage={size}")]].concat();
        json!({ "href": format!("https://cloud.mongodb.com{path}?{}", query.join("&")), "rel": rel })
    };
    let mut links = vec![link(page, "self")];
    if page.saturating_mul(size) < total {
        links.push(link(page + 1, "next"));
    }
    if page > 1 {
        links.push(link(page - 1, "previous"));
    }
    Value::Array(links)
}

/// Copies into `sent` (a replace's body) each field of `held` the server set that `sent`
/// leaves out: a replace changes what the caller sets, never an item's id or creation date.
pub(crate) fn keep(held: &Value, sent: &mut Value, known: &FakeEntry) {
    if let Some(outline) = known.server_sets {
        keep_where(held, outline, sent);
    }
}

fn keep_where(held: &Value, outline: &Outline, sent: &mut Value) {
    let (Value::Object(held), Outline::Object(fields), Value::Object(sent)) = (held, outline, sent) else { return };
    for (key, mark) in fields.iter() {
        if let (true, Some(value), false) = (server_set(mark), held.get(*key), sent.contains_key(*key)) {
            sent.insert((*key).to_owned(), value.clone());
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
        static OUTLINE: Outline = Outline::Object(&[
            ("id", Outline::Id),
            ("created", Outline::Date),
            ("state", Outline::Kept),
            ("nested", Outline::Object(&[("id", Outline::Id)])),
        ]);
        let mut sent = json!({ "name": "b" });
        keep_where(&held, &OUTLINE, &mut sent);
        assert_eq!(sent, json!({ "id": "5e2211c10000000000000001", "created": "2026-01-01T00:00:00Z", "name": "b" }));
    }

    #[test]
    fn a_server_set_field_is_filled_at_every_depth_the_body_has() {
        static OUTLINE: Outline = Outline::Object(&[
            ("id", Outline::Id),
            ("groupId", Outline::Id),
            ("createDate", Outline::Date),
            ("mongoDBVersion", Outline::Kept),
            ("links", Outline::Links),
            (
                "replicationSpecs",
                Outline::Each(&Outline::Object(&[
                    ("id", Outline::Id),
                    ("regionConfigs", Outline::Each(&Outline::Object(&[("effectiveSpecs", Outline::Kept)]))),
                ])),
            ),
            ("settings", Outline::Object(&[("links", Outline::Links)])),
        ]);
        let mut body = json!({ "name": "c1", "replicationSpecs": [{ "zoneName": "A" }, { "zoneName": "B" }] });
        let next = std::cell::Cell::new(0);
        let id = || {
            next.set(next.get() + 1);
            format!("{:024x}", next.get())
        };
        let params = [("groupId", "6a0000000000000000000001".to_owned())];
        let place = Place { path: "/api/atlas/v2/groups/g/clusters/c1", params: &params, id: &id };
        fill_at(&mut body, &OUTLINE, &place, true);

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
