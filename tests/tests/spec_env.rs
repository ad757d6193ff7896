//! `ATLAS_SPEC` as a user writes it: a relative path is read from where the command ran, and
//! a wrong one stops this crate's build at once with one message (its build script generates
//! the conformance testkit; it never writes a stub that passes some suites and panics in
//! others). The build script that cargo built for this crate is run here as cargo runs it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// This crate's compiled build script: `target/<profile>/build/atlas-api-tests-*/build-script-build`,
/// the newest if an older build left another.
fn build_script() -> PathBuf {
    let out_dir = Path::new(env!("OUT_DIR"));
    let build = out_dir.parent().and_then(Path::parent).expect("OUT_DIR is target/<profile>/build/<crate>-<hash>/out");
    let mut scripts: Vec<_> = std::fs::read_dir(build)
        .expect("the build folder")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("atlas-api-tests-"))
        .map(|e| e.path().join("build-script-build"))
        .filter(|p| p.is_file())
        .collect();
    scripts.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    scripts.pop().expect("cargo built this crate's build script")
}

/// The build script with `ATLAS_SPEC=spec`, run from `pwd` as a shell would set it.
fn run_build_script(spec: &str, pwd: &Path) -> (Option<i32>, String) {
    let out = std::env::temp_dir().join(format!("atlas-api-spec-env-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let output = Command::new(build_script())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("OUT_DIR", &out)
        .env("ATLAS_SPEC", spec)
        .env("PWD", pwd)
        .output()
        .expect("the build script runs");
    let _ = std::fs::remove_dir_all(&out);
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn a_spec_that_is_not_there_stops_the_build_naming_the_variable_and_both_paths() {
    let pwd = std::env::temp_dir();
    let (code, stderr) = run_build_script("../shared/spec/missing.yaml", &pwd);
    assert_eq!(code, Some(1), "the build must stop: {stderr}");
    let resolved = pwd.join("../shared/spec/missing.yaml");
    assert!(stderr.contains("ATLAS_SPEC=../shared/spec/missing.yaml names no file"), "{stderr}");
    assert!(stderr.contains(&resolved.display().to_string()), "the path as read: {stderr}");
    assert_eq!(stderr.lines().filter(|l| l.starts_with("error:")).count(), 1, "one message: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_spec_that_is_not_the_committed_one_stops_the_build() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/operations.yaml");
    let (code, stderr) = run_build_script(&fixture.display().to_string(), Path::new("/"));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("not the spec spec/source.toml records"), "{stderr}");
}

/// The README's command names `../shared/spec/atlas-api-v2.yaml` from the workspace's root:
/// run from there, the build script finds the spec CI lays beside the clone.
#[test]
fn a_relative_spec_is_read_from_where_cargo_ran() {
    let Some(given) = codegen::spec_named() else {
        panic!("ATLAS_SPEC is not set: run the README's test command (`.ci/run` sets it)");
    };
    let spec =
        codegen::spec_from_env(&Path::new(env!("CARGO_MANIFEST_DIR")).join("..")).unwrap_or_else(|e| panic!("{e}"));
    // The same file, named relative to a folder that is not this crate's: the build script
    // (run from this crate's folder, as cargo runs it) reads it from `PWD`.
    let pwd = spec.parent().and_then(Path::parent).expect("the spec lies in a folder").to_owned();
    let relative = spec.strip_prefix(&pwd).unwrap().display().to_string();
    let (code, stderr) = run_build_script(&relative, &pwd);
    assert_eq!(code, Some(0), "ATLAS_SPEC={relative} from {} ({}): {stderr}", pwd.display(), given.display());
}
