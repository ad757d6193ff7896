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

/// The directory the command was run from, which a relative path in `ATLAS_SPEC` or
/// `ATLAS_RECORDED` is read from: `$PWD`, which the shell sets and cargo hands unchanged to
/// the build scripts, tests and binaries it runs (whose own working directory is their
/// package's, not the user's). Without it (a command not started by a shell), `fallback`:
/// the workspace's root, where the README's commands run. A `PWD` left stale by a program
/// that starts cargo in another directory without updating it is taken as it is: such a
/// program should pass an absolute path.
pub fn invocation_dir(fallback: &Path) -> PathBuf {
    invocation_dir_from(std::env::var_os("PWD").map(PathBuf::from), fallback)
}

fn invocation_dir_from(pwd: Option<PathBuf>, fallback: &Path) -> PathBuf {
    pwd.filter(|dir| dir.is_absolute() && dir.is_dir()).unwrap_or_else(|| fallback.to_owned())
}

/// `given` read from the directory the command was run from (see [`invocation_dir`]).
pub fn resolve_from_invocation(given: &Path, fallback: &Path) -> PathBuf {
    invocation_dir(fallback).join(given)
}

/// The spec named by `ATLAS_SPEC`, a relative path read from the directory the command was
/// run from ([`invocation_dir`], `fallback` when that is unknown). An error says how to get
/// the spec when the variable is unset or names no file, with the path as given and as read.
pub fn spec_from_env(fallback: &Path) -> Result<PathBuf, String> {
    let given = spec_named().ok_or_else(|| format!("ATLAS_SPEC is not set: {HOW_TO_GET}"))?;
    let from = invocation_dir(fallback);
    let resolved = from.join(&given);
    if resolved.is_file() {
        return Ok(resolved);
    }
    Err(if given.is_absolute() {
        format!("ATLAS_SPEC={} names no file: {HOW_TO_GET}", given.display())
    } else {
        format!(
            "ATLAS_SPEC={} names no file: read from {} (where the command ran) it is {}; {HOW_TO_GET}",
            given.display(),
            from.display(),
            resolved.display()
        )
    })
}

/// `path` if it exists, else an error that says how to get the spec.
pub fn existing_spec(path: &Path) -> Result<PathBuf, String> {
    if path.exists() {
        Ok(path.to_owned())
    } else {
        Err(format!("no spec at {}: {HOW_TO_GET}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::invocation_dir_from;

    #[test]
    fn a_relative_path_is_read_from_where_the_command_ran() {
        let here = std::env::temp_dir();
        let root = Path::new("/workspace/root");
        assert_eq!(invocation_dir_from(Some(here.clone()), root), here);
        // No shell, or a `PWD` that is no directory: the workspace's root.
        assert_eq!(invocation_dir_from(None, root), root);
        assert_eq!(invocation_dir_from(Some(PathBuf::from("relative/dir")), root), root);
        assert_eq!(invocation_dir_from(Some(PathBuf::from("/no/such/dir/at/all")), root), root);
    }
}
