//! An item's key: the body field that carries each parameter naming it, or an id the fake
//! gives, as Atlas gives the ids a create's body does not carry.

use serde_json::{Map, Value};

/// The value of the body field that carries the key parameter `name`; an id the body
/// does not carry is the server's to give, and is given, under the field the generator found
/// the answer gives it in (`id_field`: `id`, `_id`, or `indexID` for `{indexId}`).
pub(super) fn key_of(
    body: &mut Map<String, Value>,
    name: &str,
    id_field: Option<&str>,
    fresh_id: impl FnOnce() -> String,
) -> Option<String> {
    let fields = key_fields(name);
    for field in fields.iter().map(String::as_str).chain(id_field) {
        if let Some(Value::String(value)) = body.get(field) {
            return Some(value.clone());
        }
    }
    if !(name.ends_with("Id") || name.ends_with("ID")) {
        return None;
    }
    let id = fresh_id();
    body.insert(id_field.unwrap_or("id").to_owned(), Value::String(id.clone()));
    Some(id)
}

/// The body fields that may carry the key parameter `name`: itself, then `name` for a
/// `...Name` parameter (`clusterName`), `id` and `...ID` for a `...Id` one (`groupId`,
/// `indexId` as `indexID`).
fn key_fields(name: &str) -> Vec<String> {
    // An access list entry is named by its IP address, CIDR block or AWS security group
    // (the spec's description of `entryValue`).
    if name == "entryValue" {
        return ["ipAddress", "cidrBlock", "awsSecurityGroup"].map(str::to_owned).to_vec();
    }
    let mut fields = vec![name.to_owned()];
    if name.ends_with("Name") {
        fields.push("name".to_owned());
    }
    if let Some(stem) = name.strip_suffix("Id").or_else(|| name.strip_suffix("ID")) {
        fields.push("id".to_owned());
        fields.push(format!("{stem}ID"));
    }
    fields
}
