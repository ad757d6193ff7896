//! What the capture's project held before the capture began, and what other clients did to
//! it meanwhile. The provider's acceptance tests run side by side in shared projects: a list
//! answer holds clusters other tests made (`{clusterName2}`...), with their own process
//! arguments, and they go when those tests delete them. The replay makes them as Atlas first
//! answered them, and takes them away when Atlas's lists no longer hold them, so that the
//! fake is compared on what the capture itself did.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Capture, Entry, Names, Recorded, Session};

/// An item the capture's project held before it began.
pub(super) struct Seeded {
    /// Its collection, as the capture writes it (`/api/atlas/v2/groups/{groupId}/clusters`).
    collection: String,
    /// Its name's placeholder (`{clusterName2}`).
    name: String,
    /// The version the capture deletes such items with, if it does.
    delete_version: Option<String>,
    /// Whether the replay has taken it away since (another test deleted it).
    removed: bool,
}

impl Seeded {
    /// Its path, as the capture writes it.
    fn path(&self) -> String {
        format!("{}/{}", self.collection, self.name)
    }

    /// Whether `path` (as the capture writes it, no query) names something under it.
    fn holds(&self, path: &str) -> bool {
        path.strip_prefix(&self.path()).is_some_and(|rest| rest.starts_with('/'))
    }
}

/// Creates in the fake what the capture's project held before the capture began: each item
/// a list answer holds under a placeholder (`{clusterName2}`) that no request of the capture
/// creates, posted to its collection as listed, at the version the capture creates that
/// collection's items with; then what the capture first read under each of them (a cluster's
/// process arguments), set as read. Atlas's ids for those items become the fake's. What the
/// fake refuses is left out: a note says so.
pub(super) async fn seed_what_was_there(
    session: &Session,
    capture: &Capture,
    names: &mut Names<'_>,
) -> Result<(Vec<Seeded>, Vec<String>), String> {
    let entries: Vec<&Entry> = capture.steps.iter().flat_map(|s| &s.request_responses).collect();
    let posted = |path: &str| entries.iter().find(|e| e.method == "POST" && e.path == path).map(|e| e.version.clone());
    // The version the capture deletes an item of the collection with (not something under one).
    let deleted = |path: &str| {
        let item = |e: &&&Entry| {
            let rest = e.path.strip_prefix(path).and_then(|rest| rest.strip_prefix('/'));
            e.method == "DELETE" && rest.is_some_and(|key| key.starts_with('{') && !key.contains('/'))
        };
        entries.iter().find(item).map(|e| e.version.clone())
    };
    let created: BTreeSet<&str> =
        entries.iter().filter(|e| e.method == "POST").filter_map(|e| name_placeholder(&e.text)).collect();
    let mut seeded: Vec<Seeded> = Vec::new();
    let mut notes = Vec::new();
    for entry in entries.iter().filter(|e| e.method == "GET") {
        let collection = entry.path.split('?').next().unwrap_or_default();
        let Some(version) = posted(collection) else { continue };
        for recorded in &entry.responses {
            let Ok(page) = serde_json::from_str::<Value>(&recorded.text) else { continue };
            for item in page.get("results").and_then(Value::as_array).into_iter().flatten() {
                let Some(name) = item.get("name").and_then(Value::as_str) else { continue };
                if !name.starts_with('{') || created.contains(name) || seeded.iter().any(|s| s.name == name) {
                    continue;
                }
                let delete_version = deleted(collection);
                seeded.push(Seeded {
                    collection: collection.to_owned(),
                    name: name.to_owned(),
                    delete_version,
                    removed: false,
                });
                let body = names.fill(&item.to_string());
                let answer = session.send("POST", &names.fill(collection), &version, Some(body.as_bytes())).await?;
                match &answer.body {
                    Some(ours) if (200..300).contains(&answer.status) => names.learn_ids(item, ours),
                    _ => notes.push(format!(
                        "{name}, there before the capture, not created: {} {}",
                        answer.status, answer.text
                    )),
                }
            }
        }
    }
    seed_what_is_under(session, &entries, &seeded, names, &mut notes).await?;
    session.take_problems();
    // Atlas listed them as they are, done with their creation.
    session.fake().advance();
    Ok((seeded, notes))
}

/// Sets what the capture first read of a singleton under a seeded item (`.../processArgs`)
/// to what Atlas answered: its fields that are set.
async fn seed_what_is_under(
    session: &Session,
    entries: &[&Entry],
    seeded: &[Seeded],
    names: &Names<'_>,
    notes: &mut Vec<String>,
) -> Result<(), String> {
    let mut done = BTreeSet::new();
    for entry in entries.iter().filter(|e| e.method == "GET") {
        let under = seeded.iter().any(|s| s.holds(&entry.path));
        let first = entry.responses.iter().min_by_key(|r| r.response_index);
        let Some(first) = first.filter(|r| under && r.status == 200) else { continue };
        let Ok(Value::Object(mut read)) = serde_json::from_str::<Value>(&first.text) else { continue };
        if read.contains_key("results") || !done.insert(entry.path.clone()) {
            continue;
        }
        read.retain(|_, value| !value.is_null());
        let body = names.fill(&Value::Object(read).to_string());
        let answer = session.send("PATCH", &names.fill(&entry.path), &entry.version, Some(body.as_bytes())).await?;
        if !(200..300).contains(&answer.status) {
            notes.push(format!("{}, there before the capture, not set: {} {}", entry.path, answer.status, answer.text));
        }
    }
    Ok(())
}

/// Whether the call to `path` (as the capture writes it) is about a seeded item: the item
/// itself or something under it (its process arguments).
pub(super) fn about_seeded(seeded: &[Seeded], path: &str) -> bool {
    let bare = path.split('?').next().unwrap_or_default();
    seeded.iter().any(|item| bare == item.path() || item.holds(bare))
}

/// Takes away the seeded items of the collection `entry` lists that Atlas's answer
/// `recorded` no longer holds: another test deleted them (a DELETE, then reads until gone).
/// Only a whole list tells (no query: a filter or another page holds only some items). Notes
/// say what the fake would not take away.
pub(super) async fn remove_what_others_removed(
    session: &Session,
    seeded: &mut [Seeded],
    entry: &Entry,
    recorded: &Recorded,
    names: &Names<'_>,
) -> Result<Vec<String>, String> {
    let mut notes = Vec::new();
    let collection = entry.path.as_str();
    if entry.method != "GET" || !seeded.iter().any(|s| s.collection == collection && !s.removed) {
        return Ok(notes);
    }
    let Ok(page) = serde_json::from_str::<Value>(&recorded.text) else { return Ok(notes) };
    let Some(listed) = page.get("results").and_then(Value::as_array) else { return Ok(notes) };
    let listed: BTreeSet<&str> = listed.iter().filter_map(|item| item.get("name")?.as_str()).collect();
    for item in seeded.iter_mut().filter(|s| s.collection == collection && !s.removed) {
        if listed.contains(item.name.as_str()) {
            continue;
        }
        let path = names.fill(&item.path());
        session.send("DELETE", &path, item.delete_version.as_deref().unwrap_or(&entry.version), None).await?;
        let mut gone = false;
        for _ in 0..4 {
            gone = session.send("GET", &path, &entry.version, None).await?.status == 404;
            if gone {
                break;
            }
        }
        if !gone {
            notes.push(format!("{}, there before the capture, not taken away when Atlas's list lost it", item.name));
        }
        item.removed = true;
    }
    session.take_problems();
    Ok(notes)
}

/// The placeholder a request body names its item by (`"name": "{clusterName}"`), if it does.
pub(super) fn name_placeholder(text: &str) -> Option<&str> {
    let at = text.find("\"name\": \"{")? + "\"name\": \"".len();
    let rest = &text[at..];
    rest.find('}').map(|end| &rest[..=end])
}

#[cfg(test)]
mod tests {
    use super::{about_seeded, name_placeholder, Seeded};

    #[test]
    fn a_call_is_about_a_seeded_item_when_it_names_it_or_what_is_under_it() {
        let seeded = [Seeded {
            collection: "/api/atlas/v2/groups/{groupId}/clusters".into(),
            name: "{clusterName2}".into(),
            delete_version: None,
            removed: false,
        }];
        assert!(about_seeded(&seeded, "/api/atlas/v2/groups/{groupId}/clusters/{clusterName2}"));
        assert!(about_seeded(&seeded, "/api/atlas/v2/groups/{groupId}/clusters/{clusterName2}/processArgs"));
        assert!(!about_seeded(&seeded, "/api/atlas/v2/groups/{groupId}/clusters/{clusterName2x}"));
        assert!(!about_seeded(&seeded, "/api/atlas/v2/groups/{groupId}/clusters"), "the list is the capture's too");
        assert_eq!(name_placeholder("{\"name\": \"{clusterName}\", \"x\": 1}"), Some("{clusterName}"));
    }
}
