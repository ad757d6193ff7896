//! The `[features]` tables of atlas-api/Cargo.toml and atlas-api-types/Cargo.toml are
//! generated (one feature per API tag) and end with the hand-written crates' own; the rest
//! of each manifest is hand-written.

use std::path::Path;

/// The features of atlas-api's hand-written runtime, written after the generated ones.
pub const RUNTIME_FEATURES: &str = "\
# A mock Atlas on a local socket for tests (`atlas_api::mock`); not needed to call Atlas.
mock = [\"dep:hyper\", \"dep:hyper-util\", \"dep:http-body-util\", \"dep:base64\", \"dep:fancy-regex\", \"tokio/net\", \"tokio/rt\"]
# The mock keeping state: creates, reads, updates, lists and deletes as Atlas would (`atlas_api::fake`).
fake = [\"mock\", \"dep:flate2\", \"atlas-api-types/forms\"]
";

/// The features of atlas-api-types' hand-written support, written after the generated ones.
pub const TYPES_FEATURES: &str = "\
# What each answer type holds, as atlas-api's fake reads it (its `fake` turns this on).
forms = []
";

/// The whole `[features]` table of atlas-api: the generated one and the runtime's.
pub fn operations_table(generated: &str) -> String {
    format!("{generated}{RUNTIME_FEATURES}")
}

/// The whole `[features]` table of atlas-api-types: the generated one and the support's.
pub fn types_table(generated: &str) -> String {
    format!("{generated}{TYPES_FEATURES}")
}

/// The manifest with its `[features]` table replaced by `features` (appended if absent).
pub fn splice(manifest: &str, features: &str) -> String {
    let lines: Vec<&str> = manifest.lines().collect();
    let Some(start) = lines.iter().position(|l| l.trim() == "[features]") else {
        return format!("{}\n\n{features}", manifest.trim_end());
    };
    let end =
        lines[start + 1..].iter().position(|l| l.trim_start().starts_with('[')).map_or(lines.len(), |i| start + 1 + i);
    let mut out: Vec<String> = lines[..start].iter().map(|l| l.to_string()).collect();
    out.extend(features.lines().map(str::to_owned));
    if end < lines.len() {
        out.push(String::new());
        out.extend(lines[end..].iter().map(|l| l.to_string()));
    }
    out.join("\n") + "\n"
}

/// Writes the table; returns whether the file changed.
pub fn write(manifest: &Path, features: &str) -> Result<bool, String> {
    let current = std::fs::read_to_string(manifest).map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    let updated = splice(&current, features);
    if updated == current {
        return Ok(false);
    }
    std::fs::write(manifest, updated).map_err(|e| format!("cannot write {}: {e}", manifest.display()))?;
    Ok(true)
}

/// A problem line when the table is not what regenerate would write.
pub fn compare(manifest: &Path, features: &str) -> Result<Option<String>, String> {
    let current = std::fs::read_to_string(manifest).map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    Ok((splice(&current, features) != current)
        .then(|| format!("{}: [features] was not up to date", manifest.display())))
}

#[cfg(test)]
mod tests {
    use super::splice;

    #[test]
    fn replaces_only_the_features_table() {
        let manifest = "[package]\nname = \"x\"\n\n[features]\nold = []\n\n[lints]\nworkspace = true\n";
        let spliced = splice(manifest, "[features]\nnew = []\n");
        assert_eq!(spliced, "[package]\nname = \"x\"\n\n[features]\nnew = []\n\n[lints]\nworkspace = true\n");
        assert_eq!(splice(&spliced, "[features]\nnew = []\n"), spliced);
    }
}
