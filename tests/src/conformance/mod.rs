//! The conformance suites (`cargo xtask conformance`).

pub mod examples;
pub mod prism;
pub mod recorded;

/// What a suite found.
#[derive(Debug)]
pub struct Outcome {
    /// e.g. `recorded: 308 cases, 308 passed, 0 failed`.
    pub summary: String,
    /// One line per failure: operation, version and the reason.
    pub failures: Vec<String>,
}

/// Whether `path` (as requested) fits `template` (`/groups/{groupId}/...`): each
/// placeholder stands for exactly one non-empty segment.
pub fn path_matches(template: &str, path: &str) -> bool {
    let template: Vec<&str> = template.split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    template.len() == path.len()
        && template
            .iter()
            .zip(&path)
            .all(|(t, p)| if t.starts_with('{') && t.ends_with('}') { !p.is_empty() } else { t == p })
}

#[cfg(test)]
mod tests {
    use super::path_matches;

    #[test]
    fn placeholders_match_one_segment() {
        let template = "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}";
        assert!(path_matches(template, "/api/atlas/v2/groups/5f1b/clusters/a%2Fb"));
        assert!(!path_matches(template, "/api/atlas/v2/groups/5f1b/clusters"));
        assert!(!path_matches(template, "/api/atlas/v2/groups//clusters/c"));
        assert!(!path_matches(template, "/api/atlas/v2/orgs/5f1b/clusters/c"));
    }
}
