//! Which Atlas operation a method and path are: the mock's table of every operation and
//! version of the enabled tags.

use super::check::Checks;
use crate::request::{Call, Operation};

/// An operation and version the mock knows, with the check Atlas makes of its request body
/// (writable required fields present, values of closed enums), made on every request it
/// answers, whether or not an expectation is set.
#[derive(Clone, Copy)]
pub struct Known {
    pub(crate) operation: &'static Operation,
    pub(crate) check_body: fn(&[u8]) -> Result<(), String>,
    /// The spec's value constraints on path parameters and body fields, when it has any.
    pub(crate) checks: Option<&'static Checks>,
}

impl Known {
    /// The entry of the builder `C`'s operation and version (what the generated table holds).
    pub fn of<C: Call>() -> Self {
        let check_body = |bytes: &[u8]| super::expect::decode::<C::Body>(bytes).map(drop);
        Known { operation: C::OPERATION, check_body, checks: None }
    }

    /// The same, with the spec's value constraints (the generated tables call it; with no
    /// tag enabled there are none).
    #[allow(dead_code)]
    pub(crate) fn checked(self, checks: &'static Checks) -> Self {
        Known { checks: Some(checks), ..self }
    }
}

/// The path parameters `path` carries where `template` has placeholders, as sent
/// (percent-encoded).
pub(crate) fn path_params<'t>(template: &'t str, path: &str) -> Vec<(&'t str, String)> {
    let mut out = Vec::new();
    for (pattern, sent) in template.split('/').zip(path.split('/')) {
        if let (Some(open), Some(close)) = (pattern.find('{'), pattern.rfind('}')) {
            let (prefix, suffix) = (&pattern[..open], &pattern[close + 1..]);
            if let Some(value) = sent.strip_prefix(prefix).and_then(|rest| rest.strip_suffix(suffix)) {
                out.push((&pattern[open + 1..close], value.to_owned()));
            }
        }
    }
    out
}

/// The operations whose method and path template match, most specific first (the most
/// literal segments: `/clusters/tenantUpgrade` before `/clusters/{clusterName}`; then the
/// most literal text around placeholders: `/{id}:inspect` before `/{id}`).
pub(crate) fn candidates(operations: &[Known], method: &str, path: &str) -> Vec<Known> {
    let mut found: Vec<((usize, usize), Known)> = operations
        .iter()
        .filter(|known| known.operation.method.eq_ignore_ascii_case(method))
        .filter_map(|known| literal_segments(known.operation.path, path).map(|score| (score, *known)))
        .collect();
    found.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    let best = found.first().map(|(score, _)| *score);
    found.into_iter().filter(|(score, _)| Some(*score) == best).map(|(_, op)| op).collect()
}

/// How many segments of `template` are literal, and how much literal text its placeholder
/// segments carry, when `path` matches it.
fn literal_segments(template: &str, path: &str) -> Option<(usize, usize)> {
    let (template, path): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    if template.len() != path.len() {
        return None;
    }
    let (mut literal, mut around) = (0, 0);
    for (pattern, sent) in template.iter().zip(&path) {
        match (pattern.find('{'), pattern.rfind('}')) {
            (Some(open), Some(close)) => {
                let (prefix, suffix) = (&pattern[..open], &pattern[close + 1..]);
                let fits =
                    sent.len() > prefix.len() + suffix.len() && sent.starts_with(prefix) && sent.ends_with(suffix);
                if !fits {
                    return None;
                }
                around += prefix.len() + suffix.len();
            }
            _ if pattern == sent => literal += 1,
            _ => return None,
        }
    }
    Some((literal, around))
}

#[cfg(test)]
mod tests {
    use super::{candidates, Known};
    use crate::request::Operation;

    fn known(operation: &'static Operation) -> Known {
        Known { operation, check_body: |_| Ok(()), checks: None }
    }

    static GET: Operation = Operation::new("get", "GET", "/g/{id}/clusters/{name}", "2024-08-05", "a", None, 200, None);
    static UPGRADE: Operation =
        Operation::new("upgrade", "GET", "/g/{id}/clusters/tenantUpgrade", "2023-01-01", "b", None, 200, None);
    static PIN: Operation =
        Operation::new("pin", "POST", "/g/{id}/clusters/{name}:pin", "2023-01-01", "c", None, 204, None);
    static INSPECT: Operation =
        Operation::new("inspect", "GET", "/g/{id}/clusters/{name}:inspect", "2023-01-01", "c", None, 200, None);

    #[test]
    fn the_most_literal_template_wins_and_suffixes_count() {
        let all = [known(&GET), known(&UPGRADE), known(&PIN), known(&INSPECT)];
        let inspect = candidates(&all, "GET", "/g/1/clusters/Cluster0:inspect");
        assert_eq!(inspect.iter().map(|k| k.operation.id).collect::<Vec<_>>(), ["inspect"], "the suffix is literal");
        assert_eq!(candidates(&all, "GET", "/g/1/clusters/tenantUpgrade")[0].operation.id, "upgrade");
        assert_eq!(candidates(&all, "GET", "/g/1/clusters/Cluster0")[0].operation.id, "get");
        assert_eq!(candidates(&all, "POST", "/g/1/clusters/Cluster0:pin")[0].operation.id, "pin");
        assert!(candidates(&all, "POST", "/g/1/clusters/Cluster0").is_empty());
        assert!(candidates(&all, "GET", "/g/1/clusters").is_empty());
        assert!(candidates(&all, "GET", "/g//clusters/x").is_empty(), "a placeholder is never empty");
    }

    #[test]
    fn path_parameters_are_read_from_the_template() {
        let found = super::path_params("/g/{id}/clusters/{name}:pin", "/g/5f0a/clusters/my%20cluster:pin");
        assert_eq!(found, vec![("id", "5f0a".to_owned()), ("name", "my%20cluster".to_owned())]);
    }
}
