//! Writing the generated tree: only files whose contents changed are touched, and files
//! the generator no longer writes are deleted.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::GeneratedFile;

/// Writes `files` under `root`, deletes stale `.rs` files, returns how many files changed.
pub fn write(root: &Path, files: &[GeneratedFile]) -> Result<usize, String> {
    let mut changed = 0;
    for file in files {
        let path = root.join(&file.path);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, &file.contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        changed += 1;
    }
    for stale in stale(root, files)? {
        std::fs::remove_file(&stale).map_err(|e| format!("cannot delete {}: {e}", stale.display()))?;
        changed += 1;
    }
    Ok(changed)
}

/// One line per file that differs from what would be written.
pub fn differences(root: &Path, files: &[GeneratedFile]) -> Result<Vec<String>, String> {
    let mut problems = Vec::new();
    for file in files {
        let path = root.join(&file.path);
        match std::fs::read_to_string(&path) {
            Ok(current) if current == file.contents => {}
            Ok(_) => problems.push(format!("{} was not up to date", path.display())),
            Err(_) => problems.push(format!("{} is missing", path.display())),
        }
    }
    for stale in stale(root, files)? {
        problems.push(format!("{} is no longer generated", stale.display()));
    }
    Ok(problems)
}

/// `.rs` files under `root` that are not in `files`.
fn stale(root: &Path, files: &[GeneratedFile]) -> Result<Vec<PathBuf>, String> {
    let wanted: BTreeSet<PathBuf> = files.iter().map(|f| root.join(&f.path)).collect();
    let mut found = Vec::new();
    walk(root, &mut found)?;
    Ok(found.into_iter().filter(|p| !wanted.contains(p)).collect())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}
