//! `spec/source.toml`: where the spec behind the committed code came from, and its sha256.

use std::path::Path;

const FILE: &str = "spec/source.toml";

fn read(root: &Path) -> Result<toml::Table, String> {
    let path = root.join(FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    text.parse::<toml::Table>().map_err(|e| format!("{}: {e}", path.display()))
}

/// Records `sha256` as the spec the committed code comes from, keeping the other fields.
pub fn record(root: &Path, sha256: &str) -> Result<(), String> {
    let mut table = read(root)?;
    let previous = table.get("sha256").and_then(|v| v.as_str()).map(str::to_owned);
    if previous.as_deref() == Some(sha256) {
        return Ok(());
    }
    table.insert("sha256".into(), toml::Value::String(sha256.to_owned()));
    let text = toml::to_string(&table).map_err(|e| e.to_string())?;
    let comment = "# The Atlas Admin API v2 spec the committed generated code came from.\n\
                   # `cargo xtask regenerate` updates sha256; update url and date when the spec changes.\n";
    std::fs::write(root.join(FILE), format!("{comment}{text}")).map_err(|e| e.to_string())?;
    eprintln!("note: {FILE} now records sha256 {sha256}; update its `date` to the spec's publication date");
    Ok(())
}

/// A problem line when the given spec is not the one the committed code came from.
pub fn compare(root: &Path, sha256: &str) -> Result<Option<String>, String> {
    let table = read(root)?;
    let recorded = table.get("sha256").and_then(|v| v.as_str()).unwrap_or("");
    Ok((recorded != sha256)
        .then(|| format!("{FILE} records spec sha256 {recorded}, but the given spec has sha256 {sha256}")))
}
