//! A user's crate compiles the generated types once: its `cargo test`, whose dev-dependencies
//! (wiremock here) change the features of crates atlas-api uses, recompiles atlas-api but not
//! atlas-api-types. Checked by building such a crate, then its tests.

use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn a_user_s_test_build_does_not_compile_the_types_again() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace").to_owned();
    let dir = std::env::temp_dir().join(format!("atlas-api-downstream-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    let manifest = format!(
        "[package]\nname = \"downstream\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n\
         atlas-api = {{ path = {:?}, default-features = false, features = [\"clusters\", \"projects\"] }}\n\
         tokio = {{ version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }}\n\n\
         [dev-dependencies]\nwiremock = \"0.6\"\n\n[workspace]\n",
        root.join("atlas-api").display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(
        dir.join("src/main.rs"),
        "#[tokio::main]\nasync fn main() {\n    let client = atlas_api::Client::builder().build().unwrap();\n    \
         let _ = client.clusters().list_clusters(\"g\").await;\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("tests/mock.rs"),
        "#[tokio::test]\nasync fn mock() {\n    let server = wiremock::MockServer::start().await;\n    \
         let client = atlas_api::Client::builder().base_url(&server.uri()).build().unwrap();\n    \
         let _ = client.projects().get_group(\"g\").await;\n}\n",
    )
    .unwrap();
    // A target directory of its own: the one running this test is locked by cargo.
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from).join("downstream");
    let cargo = |args: &[&str]| {
        let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args(args)
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target)
            .env("CARGO_TERM_COLOR", "never")
            .output()
            .expect("cargo runs");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "cargo {args:?} failed:\n{stderr}");
        stderr
    };
    let build = cargo(&["build", "--offline"]);
    let test = cargo(&["test", "--offline", "--no-run"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(build.contains("atlas-api-types") || !build.contains("Compiling"), "{build}");
    assert!(!test.contains("Compiling atlas-api-types"), "the test build compiled the types again:\n{test}");
}
