//! Where the tools find the spec: the one place that reads `ATLAS_SPEC` and says how to
//! get the file when it is missing.

use std::path::{Path, PathBuf};

/// Where to get the spec, for messages.
const HOW_TO_GET: &str = "point it at the Atlas Admin API v2 spec, e.g. ATLAS_SPEC=../shared/spec/atlas-api-v2.yaml \
     (upstream: openapi/v2.yaml in the public mongodb/openapi repository)";

/// The path `ATLAS_SPEC` names, as given; `None` when it is unset.
pub fn spec_named() -> Option<PathBuf> {
    std::env::var_os("ATLAS_SPEC").map(PathBuf::from)
}

/// The spec named by `ATLAS_SPEC`, a relative path taken from `base`. An error says how to
/// get the spec when the variable is unset or names no file.
pub fn spec_from_env(base: &Path) -> Result<PathBuf, String> {
    let path = spec_named().ok_or_else(|| format!("ATLAS_SPEC is not set: {HOW_TO_GET}"))?;
    existing_spec(&base.join(path))
}

/// `path` if it exists, else an error that says how to get the spec.
pub fn existing_spec(path: &Path) -> Result<PathBuf, String> {
    if path.exists() {
        Ok(path.to_owned())
    } else {
        Err(format!("no spec at {}: {HOW_TO_GET}", path.display()))
    }
}

/// A table of facts under `spec/` (TOML; `what` names it in errors), parsed.
pub(crate) fn parse_table<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T, String> {
    toml::from_str(text).map_err(|e| format!("{what}: {e}"))
}

/// The table of facts at `path`, read and parsed; an error names the file.
pub(crate) fn read_table<T: serde::de::DeserializeOwned>(path: &Path, what: &str) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse_table(&text, what).map_err(|e| format!("{}: {e}", path.display()))
}
