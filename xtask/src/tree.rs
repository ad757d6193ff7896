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

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::time::{Duration, SystemTime};

    use codegen::GeneratedFile;

    use super::{differences, write};

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile { path: path.into(), contents: contents.into() }
    }

    /// A fresh directory under the target's temp space, emptied first.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("atlas-api-xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn modified(path: &Path) -> SystemTime {
        std::fs::metadata(path).unwrap().modified().unwrap()
    }

    #[test]
    fn only_changed_files_are_written_and_stale_ones_deleted() {
        let root = scratch("write");
        let first = [file("types/a.rs", "a"), file("types/b.rs", "b"), file("ops/c.rs", "c")];
        assert_eq!(write(&root, &first).unwrap(), 3);

        // Date every file in the past: a file written again would get the current time.
        let past = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        for f in &first {
            std::fs::File::options().write(true).open(root.join(&f.path)).unwrap().set_modified(past).unwrap();
        }
        std::fs::write(root.join("ops/notes.md"), "not generated").unwrap();
        let second = [file("types/a.rs", "a"), file("types/b.rs", "b2")];
        assert_eq!(write(&root, &second).unwrap(), 2, "b.rs rewritten, c.rs deleted");
        assert_eq!(modified(&root.join("types/a.rs")), past, "an unchanged file is not touched");
        assert_ne!(modified(&root.join("types/b.rs")), past);
        assert_eq!(std::fs::read_to_string(root.join("types/b.rs")).unwrap(), "b2");
        assert!(!root.join("ops/c.rs").exists(), "a file no longer generated is deleted");
        assert!(root.join("ops/notes.md").exists(), "only .rs files are ours to delete");
        assert_eq!(write(&root, &second).unwrap(), 0, "a second run changes nothing");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn check_names_each_stale_missing_and_extra_file() {
        let root = scratch("check");
        write(&root, &[file("types/a.rs", "a"), file("types/b.rs", "b"), file("types/old.rs", "old")]).unwrap();
        let wanted = [file("types/a.rs", "a"), file("types/b.rs", "b2"), file("types/new.rs", "new")];
        let found = differences(&root, &wanted).unwrap();
        let at = |name: &str| root.join("types").join(name).display().to_string();
        assert_eq!(
            found,
            [
                format!("{} was not up to date", at("b.rs")),
                format!("{} is missing", at("new.rs")),
                format!("{} is no longer generated", at("old.rs")),
            ]
        );
        write(&root, &wanted).unwrap();
        assert!(differences(&root, &wanted).unwrap().is_empty());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
