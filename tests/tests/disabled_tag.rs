//! A user who calls the accessor of a tag whose cargo feature is off gets a compile error
//! that names the feature to enable: checked by compiling a small crate that does so.

use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn calling_a_disabled_tag_names_its_feature() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace").to_owned();
    let dir = std::env::temp_dir().join(format!("atlas-api-disabled-tag-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"disabled-tag\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n\
         atlas-api = {{ path = {:?}, default-features = false, features = [\"projects\"] }}\n\n[workspace]\n",
        root.join("atlas-api").display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let program = "fn main() {\n    let client = atlas_api::Client::builder().build().unwrap();\n    \
                   let _ = client.projects();\n    let _ = client.clusters();\n}\n";
    std::fs::write(dir.join("src/main.rs"), program).unwrap();
    // A target directory of its own: the one running this test is locked by cargo.
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from).join("disabled-tag");
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["check", "--offline", "--quiet", "--message-format", "short"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo runs");
    let _ = std::fs::remove_dir_all(&dir);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "calling a disabled tag compiled:\n{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error")).collect();
    assert!(
        errors.iter().any(|l| l.contains("main.rs:4") && l.contains("need the cargo feature `clusters` of atlas-api")),
        "{stderr}"
    );
    // The enabled tag compiles: the only errors are on the disabled one's line.
    assert!(errors.iter().all(|l| !l.contains("main.rs:3")), "{stderr}");
}
