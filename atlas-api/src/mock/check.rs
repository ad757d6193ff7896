//! The spec's value constraints, checked on every request the mock answers: a path
//! parameter's or body field's `pattern`, `minLength`/`maxLength`, `minimum`/`maximum` and
//! `minItems`/`maxItems`. The generated `checks` module holds them as static [`Node`]s.
//!
//! Never stricter than Atlas: a union's value passes when it passes as any member, a union
//! with an unconstrained member is not checked, and a pattern the regex engine cannot read is
//! not checked (each is reported once on stderr).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use serde_json::Value;

/// The limits of one value; `None` bounds nothing. Bounds are inclusive.
#[derive(Debug)]
pub(crate) struct Limits {
    pub(crate) pattern: Option<&'static str>,
    /// In characters (Unicode scalar values, as JSON Schema counts them).
    pub(crate) length: (Option<usize>, Option<usize>),
    pub(crate) range: (Option<f64>, Option<f64>),
    pub(crate) items: (Option<usize>, Option<usize>),
}

/// What to check of a value and, below it, of its members.
#[derive(Debug)]
pub(crate) enum Node {
    /// Nothing.
    Free,
    /// These limits, then the node.
    Limited(&'static Limits, &'static Node),
    /// Each item of an array.
    Items(&'static Node),
    /// Each value of an object used as a map.
    Values(&'static Node),
    /// Named properties of an object.
    Object(&'static [(&'static str, &'static Node)]),
    /// The member of a tagged union the tag property names (an unknown tag: nothing).
    Tagged(&'static str, &'static [(&'static str, &'static Node)]),
    /// Any one member's checks.
    AnyOf(&'static [&'static Node]),
    /// The same checks as another node (a named alias).
    Is(&'static Node),
}

/// What the mock checks of one operation version's requests.
#[derive(Debug)]
pub(crate) struct Checks {
    pub(crate) params: &'static [(&'static str, &'static Limits)],
    pub(crate) body: Option<&'static Node>,
}

/// Checks each path parameter `(name, value as sent)` the request carries; the error names
/// it. A value passes decoded or as sent: some patterns describe the encoded form
/// (`^%2[fF]subscriptions%2[fF]...` for an Azure resource id).
pub(crate) fn params(checks: &Checks, sent: &[(&str, String)]) -> Result<(), String> {
    for (name, limits) in checks.params {
        let Some((_, raw)) = sent.iter().find(|(sent, _)| sent == name) else { continue };
        let decoded = percent_encoding::percent_decode_str(raw).decode_utf8_lossy().into_owned();
        if let Err(why) = limited(limits, &Value::String(decoded)) {
            if limited(limits, &Value::String(raw.clone())).is_err() {
                return Err(format!("path parameter `{name}`: {why}"));
            }
        }
    }
    Ok(())
}

/// Checks `value` against the component schema `name`'s limits; `None` when nothing in that
/// schema is constrained (or no request reaches it).
pub(crate) fn schema(name: &str, value: &Value) -> Option<Result<(), String>> {
    let (_, node) = crate::generated::checks::BY_SCHEMA.iter().find(|(schema, _)| *schema == name)?;
    Some(body(node, value))
}

/// Checks a JSON body; the error names the path of the value that broke a limit.
pub(crate) fn body(node: &'static Node, value: &Value) -> Result<(), String> {
    walk(node, value, &mut String::from("$"))
}

fn walk(node: &'static Node, value: &Value, path: &mut String) -> Result<(), String> {
    if value.is_null() {
        return Ok(());
    }
    match node {
        Node::Free => Ok(()),
        Node::Is(node) => walk(node, value, path),
        Node::Limited(limits, node) => {
            limited(limits, value).map_err(|why| format!("`{path}`: {why}"))?;
            walk(node, value, path)
        }
        Node::Items(node) => match value {
            Value::Array(items) => {
                each(path, items.iter().enumerate().map(|(i, item)| (format!("[{i}]"), *node, item)))
            }
            _ => Ok(()),
        },
        Node::Values(node) => match value {
            Value::Object(map) => each(path, map.iter().map(|(key, item)| (format!(".{key}"), *node, item))),
            _ => Ok(()),
        },
        Node::Object(fields) => match value {
            Value::Object(map) => {
                each(path, fields.iter().filter_map(|(name, node)| Some((format!(".{name}"), *node, map.get(*name)?))))
            }
            _ => Ok(()),
        },
        Node::Tagged(property, variants) => {
            let tag = value.get(*property).and_then(Value::as_str);
            match variants.iter().find(|(name, _)| Some(*name) == tag) {
                Some((_, node)) => walk(node, value, path),
                None => Ok(()),
            }
        }
        Node::AnyOf(members) => {
            let mut first = None;
            for member in *members {
                match walk(member, value, path) {
                    Ok(()) => return Ok(()),
                    Err(why) => first = first.or(Some(why)),
                }
            }
            first.map_or(Ok(()), |why| Err(format!("{why} (and no other member of the union fits)")))
        }
    }
}

/// Walks each `(step, node, value)` at `path` extended by the step.
fn each<'v>(
    path: &mut String,
    members: impl Iterator<Item = (String, &'static Node, &'v Value)>,
) -> Result<(), String> {
    for (step, node, value) in members {
        let len = path.len();
        path.push_str(&step);
        let result = walk(node, value, path);
        path.truncate(len);
        result?;
    }
    Ok(())
}

/// The limits of one value, where they apply to its kind.
fn limited(limits: &Limits, value: &Value) -> Result<(), String> {
    match value {
        Value::String(text) => {
            let length = text.chars().count();
            bounded("length", length as f64, limits.length.0.map(|n| n as f64), limits.length.1.map(|n| n as f64))?;
            match limits.pattern {
                Some(pattern) if matches(pattern, text) == Some(false) => {
                    Err(format!("{value} does not match the pattern `{pattern}`"))
                }
                _ => Ok(()),
            }
        }
        Value::Number(number) => match number.as_f64() {
            Some(n) => bounded("value", n, limits.range.0, limits.range.1),
            None => Ok(()),
        },
        Value::Array(items) => {
            let (min, max) = (limits.items.0.map(|n| n as f64), limits.items.1.map(|n| n as f64));
            bounded("number of items", items.len() as f64, min, max)
        }
        _ => Ok(()),
    }
}

fn bounded(what: &str, n: f64, min: Option<f64>, max: Option<f64>) -> Result<(), String> {
    if let Some(min) = min.filter(|min| n < *min) {
        return Err(format!("{what} {n} is below the minimum {min}"));
    }
    if let Some(max) = max.filter(|max| n > *max) {
        return Err(format!("{what} {n} is above the maximum {max}"));
    }
    Ok(())
}

/// Whether `text` matches `pattern` anywhere (JSON Schema's reading); `None` when the engine
/// cannot compile the pattern or gives up on it.
fn matches(pattern: &'static str, text: &str) -> Option<bool> {
    static COMPILED: OnceLock<Mutex<HashMap<&'static str, Option<fancy_regex::Regex>>>> = OnceLock::new();
    let mut compiled = COMPILED.get_or_init(Mutex::default).lock().unwrap_or_else(|e| e.into_inner());
    let regex = compiled.entry(pattern).or_insert_with(|| match fancy_regex::Regex::new(pattern) {
        Ok(regex) => Some(regex),
        Err(e) => {
            eprintln!("atlas-api mock: the spec's pattern `{pattern}` is not checked: {e}");
            None
        }
    });
    regex.as_ref()?.is_match(text).ok()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{body, params, Checks, Limits, Node};

    static NAME: Limits = Limits {
        pattern: Some("^[a-zA-Z0-9][a-zA-Z0-9-]*$"),
        length: (None, Some(10)),
        range: (None, None),
        items: (None, None),
    };
    static PRIORITY: Limits =
        Limits { pattern: None, length: (None, None), range: (Some(0.0), Some(7.0)), items: (None, None) };
    static TWO: Limits = Limits { pattern: None, length: (None, None), range: (None, None), items: (Some(1), Some(2)) };
    static REGION: Node = Node::Object(&[("priority", &Node::Limited(&PRIORITY, &Node::Free))]);
    static CLUSTER: Node = Node::Object(&[
        ("name", &Node::Limited(&NAME, &Node::Free)),
        ("regions", &Node::Limited(&TWO, &Node::Items(&REGION))),
    ]);

    #[test]
    fn a_broken_limit_is_named_by_its_path() {
        let ok = json!({"name": "Cluster0", "regions": [{"priority": 7}, {"priority": 6}], "other": "x"});
        assert_eq!(body(&CLUSTER, &ok), Ok(()));
        let why = body(&CLUSTER, &json!({"name": "bad_name!"})).unwrap_err();
        assert!(why.starts_with("`$.name`: \"bad_name!\" does not match"), "{why}");
        let why = body(&CLUSTER, &json!({"regions": [{"priority": 7}, {"priority": 8}]})).unwrap_err();
        assert_eq!(why, "`$.regions[1].priority`: value 8 is above the maximum 7");
        let why = body(&CLUSTER, &json!({"regions": []})).unwrap_err();
        assert_eq!(why, "`$.regions`: number of items 0 is below the minimum 1");
        let why = body(&CLUSTER, &json!({"name": "abcdefghijk"})).unwrap_err();
        assert_eq!(why, "`$.name`: length 11 is above the maximum 10");
        assert_eq!(body(&CLUSTER, &json!({"name": null, "regions": "not an array"})), Ok(()));
    }

    #[test]
    fn a_union_passes_as_any_member_and_a_tag_picks_one() {
        static SHORT: Limits =
            Limits { pattern: None, length: (None, Some(2)), range: (None, None), items: (None, None) };
        static A: Node = Node::Object(&[("a", &Node::Limited(&SHORT, &Node::Free))]);
        static B: Node = Node::Object(&[("b", &Node::Limited(&SHORT, &Node::Free))]);
        static ANY: Node = Node::AnyOf(&[&A, &B]);
        assert_eq!(body(&ANY, &json!({"a": "long", "b": "ok"})), Ok(()));
        assert!(body(&ANY, &json!({"a": "long", "b": "long"})).is_err());
        static TAGGED: Node = Node::Tagged("kind", &[("A", &A), ("B", &B)]);
        assert!(body(&TAGGED, &json!({"kind": "A", "a": "long"})).is_err());
        assert_eq!(body(&TAGGED, &json!({"kind": "B", "a": "long"})), Ok(()));
        assert_eq!(body(&TAGGED, &json!({"kind": "C", "a": "long"})), Ok(()));
    }

    #[test]
    fn path_parameters_and_patterns_the_engine_cannot_read() {
        static ID: Limits = Limits {
            pattern: Some("^([a-f0-9]{24})$"),
            length: (None, None),
            range: (None, None),
            items: (None, None),
        };
        static BROKEN: Limits =
            Limits { pattern: Some("(unclosed"), length: (None, None), range: (None, None), items: (None, None) };
        static CHECKS: Checks = Checks { params: &[("groupId", &ID), ("other", &BROKEN)], body: None };
        let checks = &CHECKS;
        assert_eq!(params(checks, &[("groupId", "5f0a0b0c0d0e0f1011121314".into()), ("other", "x".into())]), Ok(()));
        let why = params(checks, &[("groupId", "not-an-object-id".into())]).unwrap_err();
        assert!(why.starts_with("path parameter `groupId`: \"not-an-object-id\" does not match"), "{why}");
        static AZURE: Limits = Limits {
            pattern: Some("^vpce-[0-9a-f]{17}|^%2[fF]subscriptions%2[fF]"),
            length: (None, None),
            range: (None, None),
            items: (None, None),
        };
        static NAME: Limits =
            Limits { pattern: Some("^[a-z ]+$"), length: (None, None), range: (None, None), items: (None, None) };
        static MORE: Checks = Checks { params: &[("endpointId", &AZURE), ("name", &NAME)], body: None };
        let checks = &MORE;
        let sent = [("endpointId", "%2Fsubscriptions%2Fx".to_owned()), ("name", "my%20name".to_owned())];
        assert_eq!(params(checks, &sent), Ok(()), "as sent, or decoded");
    }
}
