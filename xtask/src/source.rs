//! `spec/source.toml`: where the spec behind the committed code came from, and its sha256.

use std::path::Path;

const FILE: &str = "spec/source.toml";

fn read(root: &Path) -> Result<toml::Table, String> {
    let path = root.join(FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    text.parse::<toml::Table>().map_err(|e| format!("{}: {e}", path.display()))
}

/// What the spec says of itself: its sha256, the upstream commit it was generated from
/// (`x-xgen-sha`), and the newest dated version it lists.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub sha256: String,
    pub xgen_sha: Option<String>,
    pub newest_version: Option<String>,
}

impl Facts {
    pub fn of(spec: &codegen::Spec) -> Self {
        Self {
            sha256: spec.sha256.clone(),
            xgen_sha: spec.xgen_sha().map(str::to_owned),
            newest_version: spec.newest_version(),
        }
    }
}

/// Records the spec the committed code comes from, keeping `url`.
pub fn record(root: &Path, facts: &Facts) -> Result<(), String> {
    let mut table = read(root)?;
    let before = table.clone();
    table.remove("date");
    table.insert("sha256".into(), toml::Value::String(facts.sha256.clone()));
    for (key, value) in [("xgen_sha", &facts.xgen_sha), ("newest_version", &facts.newest_version)] {
        match value {
            Some(value) => table.insert(key.into(), toml::Value::String(value.clone())),
            None => table.remove(key),
        };
    }
    if table == before {
        return Ok(());
    }
    let text = toml::to_string(&table).map_err(|e| e.to_string())?;
    let comment = "# The Atlas Admin API v2 spec the committed generated code came from. `cargo xtask regenerate`\n\
                   # writes sha256, xgen_sha (the spec's `x-xgen-sha`) and newest_version (the newest dated\n\
                   # version it lists) from the spec itself; `cargo xtask fetch-spec` downloads from url.\n";
    std::fs::write(root.join(FILE), format!("{comment}{text}")).map_err(|e| e.to_string())
}

/// The `url` the spec is downloaded from.
#[cfg_attr(not(feature = "fetch"), allow(dead_code))]
pub fn url(root: &Path) -> Result<String, String> {
    read(root)?.get("url").and_then(|v| v.as_str()).map(str::to_owned).ok_or_else(|| format!("{FILE} has no `url`"))
}

/// The sha256 of the spec the committed code came from.
pub fn recorded(root: &Path) -> Result<Option<String>, String> {
    Ok(read(root)?.get("sha256").and_then(|v| v.as_str()).map(str::to_owned))
}

/// A problem line when the given spec is not the one the committed code came from.
pub fn compare(root: &Path, sha256: &str) -> Result<Option<String>, String> {
    let recorded = recorded(root)?.unwrap_or_default();
    Ok((recorded != sha256)
        .then(|| format!("{FILE} records spec sha256 {recorded}, but the given spec has sha256 {sha256}")))
}
