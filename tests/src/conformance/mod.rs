//! The conformance suites (`cargo xtask conformance`).

mod census;
mod documented;
pub mod examples;
pub mod lossless;
pub mod parity;
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

/// The spec `ATLAS_SPEC` names (a relative path is read from where the command ran:
/// [`codegen::invocation_dir`]).
pub fn spec_path() -> Result<std::path::PathBuf, String> {
    codegen::spec_from_env(&workspace_root())
}

/// The workspace's root folder (where `spec/` is).
pub fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The spec at `ATLAS_SPEC`, as JSON.
/// The node of `case`'s operation in `spec` (`paths` -> its template -> its method).
pub fn operation_node<'a>(
    spec: &'a serde_json::Value,
    case: &crate::testkit_support::Case,
) -> Option<&'a serde_json::Value> {
    spec.get("paths")?.get(case.path.as_str())?.get(case.method.as_str().to_ascii_lowercase())
}

pub fn load_spec() -> Result<serde_json::Value, String> {
    let spec = spec_path()?;
    let bytes = std::fs::read(&spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    serde_norway::from_slice(&bytes).map_err(|e| format!("the spec does not parse: {e}"))
}
