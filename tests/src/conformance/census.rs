//! Counts taken from the inputs themselves, independently of the lists the suites walk, so
//! that a suite that ran fewer cases than its input holds fails instead of passing on less.

use serde_json::Value;

/// How many examples the spec's text holds: every `example:` key, and every entry of an
/// `examples:` map (an entry is a name with a `value:` under it). Counted on the YAML text,
/// not the parsed tree the `examples` suite walks.
pub fn examples_in_text(text: &str) -> usize {
    let lines: Vec<(usize, &str)> =
        text.lines().map(|line| (line.len() - line.trim_start().len(), line.trim_start())).collect();
    let mut count = 0;
    for (i, (indent, line)) in lines.iter().enumerate() {
        if line.starts_with("example:") {
            count += 1;
        } else if *line == "examples:" {
            let block = lines[i + 1..].iter().take_while(|(deeper, _)| deeper > indent);
            let mut entry_indent = None;
            let mut value_indent = None;
            for (at, text) in block {
                let entry = *entry_indent.get_or_insert(*at);
                if *at == entry {
                    value_indent = None;
                } else if *at > entry && text.starts_with("value:") && *value_indent.get_or_insert(*at) == *at {
                    count += 1;
                }
            }
        }
    }
    count
}

/// How many (operation, version) pairs the spec defines: one per dated media type among an
/// operation's request body and 2xx responses, and one for an operation with none.
pub fn operation_versions(spec: &Value) -> usize {
    let mut total = 0;
    for item in spec["paths"].as_object().into_iter().flat_map(|paths| paths.values()) {
        for method in ["get", "put", "post", "delete", "patch", "head", "options", "trace"] {
            let Some(operation) = item.get(method) else { continue };
            let mut dates = std::collections::BTreeSet::new();
            let mut media_types = |content: &Value| {
                for media_type in content.as_object().into_iter().flat_map(|c| c.keys()) {
                    if let Some(rest) = media_type.strip_prefix("application/vnd.atlas.") {
                        if let Some((date, _)) = rest.split_once('+') {
                            dates.insert(date.to_owned());
                        }
                    }
                }
            };
            media_types(&resolve(spec, &operation["requestBody"])["content"]);
            for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                if status.starts_with('2') {
                    media_types(&resolve(spec, response)["content"]);
                }
            }
            total += dates.len().max(1);
        }
    }
    total
}

/// How many (operation, version) pairs take a JSON request body with a schema: one per dated
/// `+json` media type of an operation's request body.
pub fn json_request_bodies(spec: &Value) -> usize {
    let mut total = 0;
    for item in spec["paths"].as_object().into_iter().flat_map(|paths| paths.values()) {
        for method in ["get", "put", "post", "delete", "patch", "head", "options", "trace"] {
            let Some(operation) = item.get(method) else { continue };
            let content = &resolve(spec, &operation["requestBody"])["content"];
            total += content
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(media_type, media)| {
                    media_type.starts_with("application/vnd.atlas.")
                        && media_type.ends_with("+json")
                        && media.get("schema").is_some()
                })
                .count();
        }
    }
    total
}

/// A `$ref` within the document followed once.
fn resolve<'a>(spec: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
        Some(pointer) => spec.pointer(pointer).unwrap_or(&Value::Null),
        None => node,
    }
}

/// A suite's count against the independent one: a failure line when they differ.
pub fn check(what: &str, ran: usize, expected: usize, source: &str) -> Option<String> {
    (ran != expected).then(|| format!("{what}: ran {ran}, but {source} holds {expected}: cases were lost on the way"))
}

#[cfg(test)]
mod tests {
    use super::{examples_in_text, operation_versions};

    #[test]
    fn examples_are_counted_on_the_text() {
        let text = "\
a:
    example: 1
    content:
        application/json:
            examples:
                AWS:
                    description: x
                    value:
                        value: not an entry
                        example: inside a value
                Azure:
                    value: 2
            schema:
                example: {a: 1}
";
        // Three `example:` keys (one inside a value, which the text cannot tell apart: the
        // spec has none there) and two entries.
        assert_eq!(examples_in_text(text), 5);
    }

    #[test]
    fn versions_are_dated_media_types_or_one() {
        let spec = serde_json::json!({"paths": {
            "/a": {
                "get": {"responses": {"200": {"content": {
                    "application/vnd.atlas.2023-01-01+json": {}, "application/vnd.atlas.2024-08-05+json": {}}}}},
                "post": {"requestBody": {"$ref": "#/components/requestBodies/B"},
                         "responses": {"204": {}, "400": {"content": {"application/vnd.atlas.2025-01-01+json": {}}}}},
                "delete": {"responses": {"200": {"content": {"application/json": {}}}}}
            }},
            "components": {"requestBodies": {"B": {"content": {"application/vnd.atlas.2023-02-01+json": {}}}}}
        });
        assert_eq!(operation_versions(&spec), 4);
    }
}
