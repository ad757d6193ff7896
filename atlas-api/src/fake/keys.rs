//! An item's key: the body field that carries each parameter naming it (the model's
//! decision), or an id the fake gives, as Atlas gives the ids a create's body does not carry.

use serde_json::{Map, Value};

use super::model::Key;

/// The value of the body field that carries `key`; an id the body does not carry is the
/// server's to give, and is given under the field the answer holds it in (`id`, `_id`, or
/// `indexID` for `{indexId}`).
pub(super) fn key_of(body: &mut Map<String, Value>, key: &Key, fresh_id: impl FnOnce() -> String) -> Option<String> {
    for field in key.fields.iter().chain(&key.given) {
        if let Some(Value::String(value)) = body.get(*field) {
            return Some(value.clone());
        }
    }
    let field = key.given?;
    let id = format!("{}{}", key.prefix, fresh_id());
    body.insert(field.to_owned(), Value::String(id.clone()));
    Some(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    static NAME: Key = Key { param: "clusterName", fields: &["name"], given: None, prefix: "" };
    static ID: Key = Key { param: "bucketId", fields: &[], given: Some("_id"), prefix: "" };
    static CLIENT: Key = Key { param: "clientId", fields: &[], given: Some("clientId"), prefix: "mdb_sa_id_" };

    #[test]
    fn a_key_is_read_from_its_field_or_given_in_the_answer_s() {
        let mut body = json!({"name": "Cluster0"}).as_object().cloned().unwrap();
        assert_eq!(key_of(&mut body, &NAME, || unreachable!()).as_deref(), Some("Cluster0"));
        let mut nameless = Map::new();
        assert_eq!(key_of(&mut nameless, &NAME, || unreachable!()), None, "a name is never made up");
        let mut bucket = Map::new();
        assert_eq!(key_of(&mut bucket, &ID, || "6a01".to_owned()).as_deref(), Some("6a01"));
        assert_eq!(bucket["_id"], "6a01", "given where the answer holds it");
        let mut account = Map::new();
        let id = key_of(&mut account, &CLIENT, || "6a02".to_owned());
        assert_eq!(id.as_deref(), Some("mdb_sa_id_6a02"), "as the parameter's pattern spells it");
    }
}
