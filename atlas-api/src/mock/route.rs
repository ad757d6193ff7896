//! Which Atlas operation a method and path are: the mock's table of every operation and
//! version of the enabled tags.

use crate::request::Operation;

/// The operations whose method and path template match, most specific first (the most
/// literal segments: `/clusters/tenantUpgrade` before `/clusters/{clusterName}`).
pub(crate) fn candidates(operations: &[&'static Operation], method: &str, path: &str) -> Vec<&'static Operation> {
    let mut found: Vec<(usize, &'static Operation)> = operations
        .iter()
        .filter(|op| op.method.eq_ignore_ascii_case(method))
        .filter_map(|op| literal_segments(op.path, path).map(|score| (score, *op)))
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
    use super::candidates;
    use crate::request::Operation;

    static GET: Operation = Operation::new("get", "GET", "/g/{id}/clusters/{name}", "2024-08-05", "a", None, 200, None);
    static UPGRADE: Operation =
        Operation::new("upgrade", "GET", "/g/{id}/clusters/tenantUpgrade", "2023-01-01", "b", None, 200, None);
    static PIN: Operation =
        Operation::new("pin", "POST", "/g/{id}/clusters/{name}:pin", "2023-01-01", "c", None, 204, None);

    #[test]
    fn the_most_literal_template_wins_and_suffixes_count() {
        let all = [&GET, &UPGRADE, &PIN];
        assert_eq!(candidates(&all, "GET", "/g/1/clusters/tenantUpgrade")[0].id, "upgrade");
        assert_eq!(candidates(&all, "GET", "/g/1/clusters/Cluster0")[0].id, "get");
        assert_eq!(candidates(&all, "POST", "/g/1/clusters/Cluster0:pin")[0].id, "pin");
        assert!(candidates(&all, "POST", "/g/1/clusters/Cluster0").is_empty());
        assert!(candidates(&all, "GET", "/g/1/clusters").is_empty());
        assert!(candidates(&all, "GET", "/g//clusters/x").is_empty(), "a placeholder is never empty");
    }
}
