//! The items a request's body names (an export's snapshot and bucket, a bucket's or a
//! federated database's cloud provider access role): created first, as Atlas requires them to
//! exist, and brought into use where the fake says Atlas requires that too (a role
//! authorized).

use std::collections::BTreeMap;

use atlas_api::fake::FakeAtlas;
use serde_json::Value;

use super::{fill, Driver};
use crate::testkit_support::Case;

impl Driver<'_> {
    /// The items `body` (sent by `case`) names, each created: where the field is (a JSON
    /// pointer) and the key the item is held under. First those the fake says a create in the
    /// case's collection names (`FakeAtlas::names`: a bucket's `iamRoleId` names a role), then
    /// those named by an id field at any depth of its objects (a federated database's
    /// `cloudProviderConfig.aws.roleId`) that is the item parameter of a collection whose
    /// parameters `values` holds.
    pub(super) async fn referred(
        &self,
        case: &Case,
        body: &Value,
        values: &BTreeMap<String, String>,
    ) -> Vec<(String, String)> {
        let mut made = Vec::new();
        let named = if case.method.as_str() == "POST" { FakeAtlas::names(case.path.as_str()) } else { Vec::new() };
        for (at, item, in_use) in &named {
            let Some((collection, last)) = item.rsplit_once('/') else { continue };
            let parameter = last.strip_prefix('{').and_then(|p| p.strip_suffix('}'));
            let Some(parameter) = parameter.filter(|_| body.pointer(at).is_some_and(Value::is_string)) else {
                continue;
            };
            if !fillable(collection, values) {
                continue;
            }
            // One of its kind the path names is the one the body names (a restore's target
            // cluster, see `own_ids`).
            if let Some(named) = values.get(parameter) {
                made.push((at.clone(), named.clone()));
                continue;
            }
            let key = match Box::pin(self.create_in(collection, parameter, values, None)).await {
                Ok(key) => key,
                Err(why) => {
                    self.notes.borrow_mut().push(format!("the driver could not make the {item} its body names: {why}"));
                    continue;
                }
            };
            if *in_use {
                if let Err(why) = self.bring_into_use(item, parameter, &key, values).await {
                    self.notes.borrow_mut().push(format!("the driver could not bring {item} {key} into use: {why}"));
                }
            }
            made.push((at.clone(), key));
        }
        let mut fields = Vec::new();
        id_fields(body, "", &mut fields);
        let named_at = |at: &String| named.iter().any(|(named, _, _)| named == at);
        for (at, field) in fields.iter().filter(|(at, field)| !values.contains_key(field) && !named_at(at)) {
            let suffix = format!("/{{{field}}}");
            let collections = self.router.cases().iter().filter_map(|case| case.path.as_str().strip_suffix(&suffix));
            let makes = |c: &&str| self.creator(c, "").is_some() || self.puttable(c, field);
            let Some(collection) = collections.filter(|c| fillable(c, values)).find(makes) else {
                continue;
            };
            match Box::pin(self.create_in(collection, field, values, None)).await {
                Ok(key) => made.push((at.clone(), key)),
                Err(why) => {
                    self.notes.borrow_mut().push(format!("the driver could not make the `{field}` named: {why}"))
                }
            }
        }
        made
    }

    /// Brings the item at `item` (a template) held under `key` into use, as the real one a
    /// real body named was: by its update with every field set (a role's authorization names
    /// the role Atlas assumes).
    async fn bring_into_use(
        &self,
        item: &str,
        parameter: &str,
        key: &str,
        values: &BTreeMap<String, String>,
    ) -> Result<(), String> {
        let patch = self.pick("PATCH", |path| path == item, "").ok_or("no PATCH updates it")?;
        let request = self.synth.request(patch, true).await?;
        let mut with = values.clone();
        with.insert(parameter.to_owned(), key.to_owned());
        let body = request.body.map(|body| self.own_ids(body, &with));
        let answer = self.send(patch, &fill(item, &with), request.query.as_deref(), body.as_ref()).await?;
        match answer.status {
            200..=299 => Ok(()),
            status => Err(format!("{} answered {status} {}", patch.operation_id, answer.text)),
        }
    }
}

/// Whether `values` holds every parameter of the template `collection`.
pub(super) fn fillable(collection: &str, values: &BTreeMap<String, String>) -> bool {
    collection.split('/').all(|part| {
        part.strip_prefix('{').and_then(|p| p.strip_suffix('}')).is_none_or(|name| values.contains_key(name))
    })
}

/// The string fields named `...Id` of the objects of `value` (not of its lists): each one's
/// JSON pointer and name.
fn id_fields(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    for (name, field) in value.as_object().into_iter().flatten() {
        let here = format!("{at}/{}", name.replace('~', "~0").replace('/', "~1"));
        match field {
            Value::String(_) if name.ends_with("Id") => out.push((here, name.clone())),
            Value::Object(_) => id_fields(field, &here, out),
            _ => {}
        }
    }
}
