//! The xtask binary on broken specs: pointer diagnostics and a non-zero exit, never a panic.

use std::path::Path;
use std::process::{Command, Output};

/// `xtask check` on a fixture spec, without our overrides (they patch the Atlas spec only).
fn check(spec: &Path) -> Output {
    let none = std::env::temp_dir().join("atlas-api-no-overrides.toml");
    std::fs::write(&none, "").unwrap();
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("check")
        .arg("--spec")
        .arg(spec)
        .arg("--overrides")
        .arg(&none)
        .output()
        .unwrap()
}

#[test]
fn broken_specs_fail_with_pointers() {
    let broken = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/broken");
    let mut specs: Vec<_> = std::fs::read_dir(&broken).unwrap().map(|e| e.unwrap().path()).collect();
    specs.sort();
    assert!(specs.len() >= 7);
    for spec in &specs {
        // `check` never writes; on a broken spec it must stop before comparing anything.
        let output = check(spec);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{}: {stderr}", spec.display());
        assert_eq!(output.status.code(), Some(1), "{}: {stderr}", spec.display());
        // Every broken spec, even one whose fault sits in a schema no operation uses, stops
        // with a pointer diagnostic before anything is compared.
        assert!(stderr.contains("error: #"), "{}: no pointer in {stderr}", spec.display());
        assert!(!stderr.contains("was not up to date"), "{}: compared a broken spec", spec.display());
    }
    // The diagnostic itself, where a passing exit status could hide it: a schema no operation
    // uses, and a reference under an operation with no dated media type.
    let expected = [
        ("unknown_type.yaml", "#/components/schemas/Foo/properties/bar/type: unknown type `strnig`"),
        (
            "undated_dangling_ref.yaml",
            "#/paths/~1api~1atlas~1v2~1things/get/responses/200/content/application~1json/schema",
        ),
    ];
    for (file, diagnostic) in expected {
        let stderr = String::from_utf8_lossy(&check(&broken.join(file)).stderr).into_owned();
        assert!(stderr.contains(diagnostic), "{file}: {stderr}");
    }
}

#[test]
fn a_missing_spec_says_how_to_get_one() {
    let output =
        Command::new(env!("CARGO_BIN_EXE_xtask")).args(["check", "--spec", "/nonexistent/spec.yaml"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("ATLAS_SPEC"));
}
