//! Which Atlas operation a method and path are: the mock's table of every operation and
//! version of the enabled tags.

use crate::request::{Call, Operation};

/// An operation and version the mock knows, with the check Atlas makes of its request body
/// (writable required fields present, values of closed enums), made on every request it
/// answers, whether or not an expectation is set.
#[derive(Clone, Copy)]
pub struct Known {
    pub(crate) operation: &'static Operation,
    pub(crate) check_body: fn(&[u8]) -> Result<(), String>,
}

impl Known {
    /// The entry of the builder `C`'s operation and version (what the generated table holds).
    pub fn of<C: Call>() -> Self {
        Known { operation: C::OPERATION, check_body: |bytes| super::expect::decode::<C::Body>(bytes).map(drop) }
    }
}

/// The operations whose method and path template match, most specific first (the most
/// literal segments: `/clusters/tenantUpgrade` before `/clusters/{clusterName}`).
pub(crate) fn candidates(operations: &[Known], method: &str, path: &str) -> Vec<Known> {
    let mut found: Vec<(usize, Known)> = operations
        .iter()
        .filter(|known| known.operation.method.eq_ignore_ascii_case(method))
        .filter_map(|known| literal_segments(known.operation.path, path).map(|score| (score, *known)))
        .collect();
    found.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    let best = found.first().map(|(score, _)| *score);
    found.into_iter().filter(|(score, _)| Some(*score) == best).map(|(_, op)| op).collect()
}

/// How many segments of `template` are literal, when `path` matches it.
fn literal_segments(template: &str, path: &str) -> Option<usize> {
    let (template, path): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    if template.len() != path.len() {
        return None;
    }
    let mut literal = 0;
    for (pattern, sent) in template.iter().zip(&path) {
        match (pattern.find('{'), pattern.rfind('}')) {
            (Some(open), Some(close)) => {
                let (prefix, suffix) = (&pattern[..open], &pattern[close + 1..]);
                let fits =
                    sent.len() > prefix.len() + suffix.len() && sent.starts_with(prefix) && sent.ends_with(suffix);
                if !fits {
                    return None;
                }
            }
            _ if pattern == sent => literal += 1,
            _ => return None,
        }
    }
    Some(literal)
}

#[cfg(test)]
mod tests {
    use super::{candidates, Known};
    use crate::request::Operation;

    fn known(operation: &'static Operation) -> Known {
        Known { operation, check_body: |_| Ok(()) }
    }

    static GET: Operation = Operation::new("get", "GET", "/g/{id}/clusters/{name}", "2024-08-05", "a", None, 200, None);
    static UPGRADE: Operation =
        Operation::new("upgrade", "GET", "/g/{id}/clusters/tenantUpgrade", "2023-01-01", "b", None, 200, None);
    static PIN: Operation =
        Operation::new("pin", "POST", "/g/{id}/clusters/{name}:pin", "2023-01-01", "c", None, 204, None);

    #[test]
    fn the_most_literal_template_wins_and_suffixes_count() {
        let all = [known(&GET), known(&UPGRADE), known(&PIN)];
        assert_eq!(candidates(&all, "GET", "/g/1/clusters/tenantUpgrade")[0].operation.id, "upgrade");
        assert_eq!(candidates(&all, "GET", "/g/1/clusters/Cluster0")[0].operation.id, "get");
        assert_eq!(candidates(&all, "POST", "/g/1/clusters/Cluster0:pin")[0].operation.id, "pin");
        assert!(candidates(&all, "POST", "/g/1/clusters/Cluster0").is_empty());
        assert!(candidates(&all, "GET", "/g/1/clusters").is_empty());
        assert!(candidates(&all, "GET", "/g//clusters/x").is_empty(), "a placeholder is never empty");
    }
}
