//! What changed for users between the spec behind the committed code and a new one
//! (`cargo xtask regenerate`), or between two spec files (`cargo xtask diff OLD NEW`), as a
//! summary, a changelog entry (`--changelog FILE`) and JSON (`--json FILE`). The old spec is
//! never kept in the repository (its license): `fetch-spec` keeps the one it replaces in
//! `target/spec/previous.yaml`, or `--previous PATH` names it.

use std::path::{Path, PathBuf};

use codegen::diff::Report;
use codegen::surface::Surface;
use codegen::{Config, Overrides};

/// Where the report of what changed goes, besides the summary on stdout.
#[derive(Debug, Default, clap::Args)]
pub struct Outputs {
    /// Put the changes as a Markdown entry on top of the changelog FILE (CHANGELOG.md),
    /// keeping the entries it holds
    #[arg(long, value_name = "FILE")]
    pub changelog: Option<PathBuf>,
    /// Write the changes as JSON to FILE
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

impl Outputs {
    /// Prints the summary and writes the files asked for.
    pub fn report(&self, report: &Report, title: &str) -> Result<(), String> {
        print!("{}", report.summary());
        if let Some(path) = &self.changelog {
            let kept = std::fs::read_to_string(path).unwrap_or_default();
            write(path, &prepend(&kept, &report.markdown(title)))?;
        }
        if let Some(path) = &self.json {
            write(path, &report.json())?;
        }
        Ok(())
    }
}

/// The changelog `kept` with `entry` first: after its `# ` title (written when there is
/// none), before every entry it held.
fn prepend(kept: &str, entry: &str) -> String {
    let (title, older) = match kept.strip_prefix("# ") {
        Some(_) => kept.split_once("\n\n").unwrap_or((kept.trim_end(), "")),
        None => ("# Changelog", kept),
    };
    let older = older.trim_start();
    let separator = if older.is_empty() { "" } else { "\n" };
    format!("{title}\n\n{}{separator}{older}", entry.trim_end().to_owned() + "\n")
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Where `fetch-spec` keeps the spec it replaced (ignored by git).
pub fn previous_file(root: &Path) -> PathBuf {
    root.join("target/spec/previous.yaml")
}

/// The API surface of a spec file, generated without the waiters table (which holds for the
/// pinned spec only), with the overrides that apply to it; the ones that do not (an older
/// spec may lack the nodes they fix) are named on stderr.
pub fn surface_of(path: &Path, overrides: &Overrides) -> Result<Surface, String> {
    let spec = codegen::existing_spec(path)?;
    let (loaded, skipped) =
        codegen::load_file_where_overrides_apply(&spec, overrides).map_err(|d| format!("{}:\n{d}", spec.display()))?;
    for patch in &skipped {
        eprintln!("note: {}: override skipped, it does not apply: {patch}", spec.display());
    }
    let output = codegen::generate(&loaded, &Config::default()).map_err(|d| format!("{}:\n{d}", spec.display()))?;
    Ok(Surface::of(&output.api))
}

/// The spec behind the committed code (sha256 `recorded`): `--previous`, else the copy
/// `fetch-spec` kept, when its sha256 is the recorded one.
pub fn committed_spec(root: &Path, recorded: &str, explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(path) = explicit {
        return Some(path.to_owned());
    }
    let kept = previous_file(root);
    let bytes = std::fs::read(&kept).ok()?;
    (codegen::sha256_hex(&bytes) == recorded).then_some(kept)
}

#[cfg(test)]
mod tests {
    use super::{committed_spec, prepend, previous_file};

    #[test]
    fn a_changelog_entry_goes_on_top_of_the_kept_ones() {
        let first = prepend("", "## Spec aaa\n\n1 changes, 0 of them breaking.\n");
        assert_eq!(first, "# Changelog\n\n## Spec aaa\n\n1 changes, 0 of them breaking.\n");
        let second = prepend(&first, "## Spec bbb\n\n2 changes, 1 of them breaking.\n");
        assert_eq!(
            second,
            "# Changelog\n\n## Spec bbb\n\n2 changes, 1 of them breaking.\n\n## Spec aaa\n\n1 changes, 0 of them breaking.\n"
        );
        // A file of entries without a title keeps them under one.
        assert!(prepend("## Old\n", "## New\n").starts_with("# Changelog\n\n## New\n\n## Old\n"));
    }

    #[test]
    fn the_kept_copy_counts_only_when_it_is_the_committed_spec() {
        let root = std::env::temp_dir().join(format!("xtask-changes-{}", std::process::id()));
        std::fs::create_dir_all(root.join("target/spec")).unwrap();
        std::fs::write(previous_file(&root), "openapi: 3.0.1\n").unwrap();
        let recorded = codegen::sha256_hex(b"openapi: 3.0.1\n");
        assert_eq!(committed_spec(&root, &recorded, None), Some(previous_file(&root)));
        assert_eq!(committed_spec(&root, "another sha256", None), None, "a copy of another spec is no witness");
        let named = root.join("old.yaml");
        assert_eq!(committed_spec(&root, "another sha256", Some(&named)), Some(named.clone()), "--previous wins");
        std::fs::remove_dir_all(&root).unwrap();
    }
}
