//! Finds the deepest node that fails to parse, one OpenAPI object at a time.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::parse_at;
use crate::diagnostics::Pointer;

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The pointer and message of the first node under `paths` or `components` that does not parse.
pub(super) fn find(raw: &Value) -> Option<(Pointer, String)> {
    paths(raw).or_else(|| components(raw))
}

fn paths(raw: &Value) -> Option<(Pointer, String)> {
    let root = Pointer::root().push("paths");
    for (path, item) in raw.get("paths")?.as_object()? {
        let item_at = root.push(path);
        if path.starts_with("x-") || parse_at::<openapiv3::PathItem>(item, &item_at).is_ok() {
            continue;
        }
        for method in METHODS {
            let Some(op) = item.get(*method) else { continue };
            let op_at = item_at.push(method);
            if let Some(found) = first_error::<openapiv3::Operation>(op, &op_at) {
                let responses =
                    op.get("responses").and_then(|r| first_error::<openapiv3::Responses>(r, &op_at.push("responses")));
                return Some(responses.unwrap_or(found));
            }
        }
        return first_error::<openapiv3::PathItem>(item, &item_at);
    }
    None
}

fn components(raw: &Value) -> Option<(Pointer, String)> {
    let components = raw.get("components")?;
    let root = Pointer::root().push("components");
    section::<openapiv3::Schema>(components, &root, "schemas")
        .or_else(|| section::<openapiv3::Parameter>(components, &root, "parameters"))
        .or_else(|| section::<openapiv3::Response>(components, &root, "responses"))
        .or_else(|| section::<openapiv3::RequestBody>(components, &root, "requestBodies"))
        .or_else(|| section::<openapiv3::Header>(components, &root, "headers"))
}

fn section<T: DeserializeOwned>(components: &Value, root: &Pointer, name: &str) -> Option<(Pointer, String)> {
    let at = root.push(name);
    components
        .get(name)?
        .as_object()?
        .iter()
        .find_map(|(key, value)| first_error::<openapiv3::ReferenceOr<T>>(value, &at.push(key)))
}

fn first_error<T: DeserializeOwned>(value: &Value, at: &Pointer) -> Option<(Pointer, String)> {
    parse_at::<T>(value, at).err()
}
