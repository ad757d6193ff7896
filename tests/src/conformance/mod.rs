//! The conformance suites (`cargo xtask conformance`).

mod census;
mod documented;
pub mod examples;
pub mod lossless;
pub mod prism;
pub mod recorded;
mod replay;
pub mod requests;

/// What a suite found.
#[derive(Debug)]
pub struct Outcome {
    /// e.g. `recorded: 308 cases, 308 passed, 0 failed`.
    pub summary: String,
    /// One line per failure: operation, version and the reason.
    pub failures: Vec<String>,
}

/// `ATLAS_SPEC`.
pub fn spec_path() -> Result<std::path::PathBuf, String> {
    std::env::var_os("ATLAS_SPEC").map(std::path::PathBuf::from).ok_or_else(|| {
        "ATLAS_SPEC is not set: point it at the Atlas Admin API v2 spec (`.ci/run` uses ../shared/spec)".into()
    })
}

/// The workspace's root folder (where `spec/` is).
pub fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The spec at `ATLAS_SPEC`, as JSON.
pub fn load_spec() -> Result<serde_json::Value, String> {
    let spec = spec_path()?;
    let bytes = std::fs::read(&spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    serde_norway::from_slice(&bytes).map_err(|e| format!("the spec does not parse: {e}"))
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
