//! A user's crate compiles the generated types once: its `cargo test`, whose dev-dependencies
//! change the features of crates atlas-api uses (tokio's `macros` turns on syn's `full` for
//! every proc macro, serde's derive among them; the mock and wiremock bring hyper's server),
//! recompiles atlas-api but not atlas-api-types. Checked by building such crates, in the
//! layouts users write, then their tests.

mod common;

/// A user's crate: what its library needs, what its tests add, and its two sources.
struct Layout {
    name: &'static str,
    dependencies: &'static str,
    dev_dependencies: &'static str,
    library: &'static str,
    test: &'static str,
}

const LIBRARY: &str = "pub async fn has_group(client: &atlas_api::Client) -> bool {\n    \
                       client.projects().get_group(\"g\").await.is_ok()\n}\n";
const MOCK_TEST: &str = "#[tokio::test]\nasync fn mock() {\n    \
                         let atlas = atlas_api::mock::MockAtlas::start().await;\n    \
                         atlas.expect(atlas.client().projects().get_group(\"g\"));\n    \
                         assert!(downstream::has_group(&atlas.client()).await);\n}\n";

const LAYOUTS: [Layout; 3] = [
    // The usual one: the library runs on tokio's runtime alone; the tests add its macros
    // and the mock.
    Layout {
        name: "runtime-only",
        dependencies: "tokio = { version = \"1\", features = [\"rt\"] }",
        dev_dependencies: "tokio = { version = \"1\", features = [\"rt\", \"macros\"] }",
        library: LIBRARY,
        test: MOCK_TEST,
    },
    // serde's derive (and chrono's serde) come from the user's own dependencies, with no
    // tokio in the library at all.
    Layout {
        name: "own-serde",
        dependencies: "serde = { version = \"1\", features = [\"derive\"] }\n\
                       chrono = { version = \"0.4\", default-features = false, features = [\"serde\"] }",
        dev_dependencies: "tokio = { version = \"1\", features = [\"rt\", \"macros\"] }",
        library: "#[derive(serde::Serialize)]\npub struct Row {\n    pub at: chrono::DateTime<chrono::Utc>,\n}\n\n\
                  pub async fn has_group(client: &atlas_api::Client) -> bool {\n    \
                  client.projects().get_group(\"g\").await.is_ok()\n}\n",
        test: MOCK_TEST,
    },
    // tokio with its macros in the library; the tests add wiremock beside the mock.
    Layout {
        name: "wiremock",
        dependencies: "tokio = { version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }",
        dev_dependencies: "wiremock = \"0.6\"",
        library: LIBRARY,
        test: "#[tokio::test]\nasync fn mock() {\n    let server = wiremock::MockServer::start().await;\n    \
               let client = atlas_api::Client::builder().base_url(&server.uri()).build().unwrap();\n    \
               let _ = downstream::has_group(&client).await;\n    \
               let atlas = atlas_api::mock::MockAtlas::start().await;\n    \
               atlas.expect(atlas.client().projects().get_group(\"g\"));\n    \
               assert!(downstream::has_group(&atlas.client()).await);\n}\n",
    },
];

#[test]
fn a_user_s_test_build_does_not_compile_the_types_again() {
    let atlas_api = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace").join("atlas-api");
    for layout in &LAYOUTS {
        let dev = format!(
            "[dev-dependencies]\n{}\natlas-api = {{ path = {:?}, default-features = false, features = [\"mock\"] }}\n",
            layout.dev_dependencies,
            atlas_api.display().to_string()
        );
        let scratch = common::ScratchCrate::new(
            "downstream",
            &["clusters", "projects"],
            layout.dependencies,
            &dev,
            &[("src/lib.rs", layout.library), ("tests/mock.rs", layout.test)],
        );
        let stderr = |args: &[&str]| {
            let output = scratch.cargo(args);
            let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            assert!(output.status.success(), "{}: cargo {args:?} failed:\n{stderr}", layout.name);
            stderr
        };
        // Every build of the types goes first, so a test build that needs another one shows
        // it (a target directory kept from an earlier layout or run could hold both).
        stderr(&["clean", "-p", "atlas-api-types"]);
        let build = stderr(&["build"]);
        let test = stderr(&["test", "--no-run"]);
        assert!(build.contains("Compiling atlas-api-types"), "{}: {build}", layout.name);
        assert!(
            !test.contains("Compiling atlas-api-types"),
            "{}: the test build compiled the types again:\n{test}",
            layout.name
        );
    }
}
