//! An organization made by `createOrg`, whose answer is not the item it makes: the
//! organization (`organization`: its id, name, not deleted, its own link), and the API key
//! made with it when one is asked for (`apiKey`: its roles as role objects in the new
//! organization, its public and private keys, as `createOrgApiKey` answers a key), beside
//! what the request named (`orgOwnerId`, `federationSettingsId`,
//! `skipDefaultAlertsSettings`), as the spec's `CreateOrganizationResponse` holds them. The
//! organization and its key are then read as any other.

use serde_json::{json, Map, Value};

use super::named::ORGS;
use super::Context;
use crate::fake::server_set::self_link;
use crate::fake::store::{written, Item, JsonAnswer, Store, StoreRequest};

/// What the answer repeats of the request.
const REPEATED: [&str; 3] = ["orgOwnerId", "federationSettingsId", "skipDefaultAlertsSettings"];

/// `createOrg`: the organization, and its API key when the request asks for one.
pub(super) fn created(store: &Store, asked: &StoreRequest<'_>) -> Option<JsonAnswer> {
    let sent: Map<String, Value> = serde_json::from_slice(asked.body).ok()?;
    let id = store.fresh_id();
    let path = format!("{ORGS}/{id}");
    let skip = sent.get("skipDefaultAlertsSettings").cloned().unwrap_or(json!(false));
    let organization = json!({"id": id, "name": sent.get("name")?, "isDeleted": false,
        "skipDefaultAlertsSettings": skip, "links": self_link(&path)});
    let read = |operation: &str| store.newest(operation).map(written);
    let mut collections = store.collections();
    let org = Item::of(ORGS, id.clone(), path.clone(), read("getOrg")?, organization.clone());
    collections.entry(ORGS.to_owned()).or_default().push(org);
    let mut answer = json!({"organization": organization});
    for field in REPEATED {
        if let Some(value) = sent.get(field) {
            answer[field] = value.clone();
        }
    }
    if let Some(Value::Object(asked_key)) = sent.get("apiKey") {
        let mut key = asked_key.clone();
        let key_id = store.fresh_id();
        let params = [("orgId", id.clone())];
        let id = || store.fresh_id();
        let context = Context::aside(&params, &id);
        super::api_keys::created(&mut key, &context);
        let keys = format!("{path}/apiKeys");
        key.insert("id".to_owned(), json!(key_id));
        key.insert("links".to_owned(), self_link(&format!("{keys}/{key_id}")));
        let path = format!("{keys}/{key_id}");
        let item = Item::of(super::api_keys::OF_ORG, key_id, path, read("getOrgApiKey")?, Value::Object(key.clone()));
        collections.entry(keys).or_default().push(item);
        answer["apiKey"] = Value::Object(key);
    }
    Some(Ok((asked.known.operation.status, Some(answer))))
}
