//! A user's crate compiles the generated types once: its `cargo test`, whose dev-dependencies
//! (atlas-api's `mock` feature, and wiremock) change the features of crates atlas-api uses,
//! recompiles atlas-api but not atlas-api-types. Checked by building such a crate, then its
//! tests.

mod common;

#[test]
fn a_user_s_test_build_does_not_compile_the_types_again() {
    let main =
        "#[tokio::main]\nasync fn main() {\n    let client = atlas_api::Client::builder().build().unwrap();\n    \
                let _ = client.clusters().list_clusters(\"g\").await;\n}\n";
    let test = "#[tokio::test]\nasync fn mock() {\n    let server = wiremock::MockServer::start().await;\n    \
                let client = atlas_api::Client::builder().base_url(&server.uri()).build().unwrap();\n    \
                let _ = client.projects().get_group(\"g\").await;\n    \
                let atlas = atlas_api::mock::MockAtlas::start().await;\n    \
                atlas.expect(atlas.client().projects().get_group(\"g\"));\n    \
                atlas.client().projects().get_group(\"g\").await.unwrap();\n}\n";
    let atlas_api = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace").join("atlas-api");
    let dev = format!(
        "[dev-dependencies]\nwiremock = \"0.6\"\natlas-api = {{ path = {:?}, default-features = false, features = [\"mock\"] }}\n",
        atlas_api.display().to_string()
    );
    let scratch = common::ScratchCrate::new(
        "downstream",
        &["clusters", "projects"],
        "tokio = { version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }",
        &dev,
        &[("src/main.rs", main), ("tests/mock.rs", test)],
    );
    let stderr = |args: &[&str]| {
        let output = scratch.cargo(args);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "cargo {args:?} failed:\n{stderr}");
        stderr
    };
    // Every build of the types goes first, so a test build that needs another one shows it
    // (a target directory kept from an earlier run could already hold both).
    stderr(&["clean", "-p", "atlas-api-types"]);
    let build = stderr(&["build"]);
    let test = stderr(&["test", "--no-run"]);
    assert!(build.contains("Compiling atlas-api-types"), "{build}");
    assert!(!test.contains("Compiling atlas-api-types"), "the test build compiled the types again:\n{test}");
}
