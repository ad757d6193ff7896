//! The two published crates are ready for crates.io: each carries its own README inside its
//! package, docs.rs metadata that documents every feature with its badge, and a
//! `rust-version`; the package holds nothing from outside its folder. (`.ci/run` also packs
//! and verifies both with `cargo package`, and `scripts/msrv.py` holds the dependencies to
//! the `rust-version`.)

use std::path::Path;
use std::process::Command;

const PUBLISHED: [&str; 2] = ["atlas-api-types", "atlas-api"];

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace")
}

fn manifest(name: &str) -> toml::Table {
    let text = std::fs::read_to_string(workspace().join(name).join("Cargo.toml")).expect("the manifest");
    text.parse().expect("the manifest parses")
}

#[test]
fn each_published_crate_has_its_readme_docs_rs_metadata_and_rust_version() {
    let workspace_package = workspace_manifest();
    for name in PUBLISHED {
        let manifest = manifest(name);
        let package = manifest["package"].as_table().expect("[package]");
        assert_eq!(package.get("readme").and_then(|r| r.as_str()), Some("README.md"), "{name}");
        let readme = std::fs::read_to_string(workspace().join(name).join("README.md")).expect("its own README");
        assert!(readme.starts_with(&format!("# {name}\n")), "{name}: README titled by the crate");
        let docs_rs = manifest
            .get("package")
            .and_then(|p| p.get("metadata"))
            .and_then(|m| m.get("docs").and_then(|d| d.get("rs")))
            .unwrap_or_else(|| panic!("{name}: [package.metadata.docs.rs]"));
        assert_eq!(docs_rs.get("all-features").and_then(|v| v.as_bool()), Some(true), "{name}");
        let args: Vec<&str> =
            docs_rs["rustdoc-args"].as_array().expect("rustdoc-args").iter().filter_map(|v| v.as_str()).collect();
        assert_eq!(args, ["--cfg", "docsrs"], "{name}");
        let lib = std::fs::read_to_string(workspace().join(name).join("src/lib.rs")).unwrap();
        assert!(lib.contains("#![cfg_attr(docsrs, feature(doc_cfg))]"), "{name}: feature badges on docs.rs");
        let inherited = package.get("rust-version").and_then(|v| v.get("workspace")).and_then(|v| v.as_bool());
        assert_eq!(inherited, Some(true), "{name}: rust-version from the workspace");
    }
    assert!(workspace_package["rust-version"].as_str().is_some_and(|v| v.starts_with("1.")), "a rust-version");
}

fn workspace_manifest() -> toml::Table {
    let text = std::fs::read_to_string(workspace().join("Cargo.toml")).unwrap();
    let table: toml::Table = text.parse().unwrap();
    table["workspace"]["package"].as_table().expect("[workspace.package]").clone()
}

#[test]
fn a_package_holds_only_files_of_its_own_folder() {
    for name in PUBLISHED {
        let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args(["package", "--list", "--allow-dirty", "--offline", "-p", name])
            .current_dir(workspace())
            .output()
            .expect("cargo runs");
        let listed = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{name}: {}", String::from_utf8_lossy(&output.stderr));
        let files: Vec<&str> = listed.lines().collect();
        for wanted in ["Cargo.toml", "README.md", "src/lib.rs"] {
            assert!(files.contains(&wanted), "{name}: {wanted} missing from {files:?}");
        }
        for file in &files {
            let on_disk = workspace().join(name).join(file);
            let generated_by_cargo = ["Cargo.toml.orig", ".cargo_vcs_info.json", "Cargo.lock"].contains(file);
            assert!(generated_by_cargo || on_disk.exists(), "{name}: {file} is not in its folder");
        }
        // No source reaches outside the package (the root README was included once).
        let lib = std::fs::read_to_string(workspace().join(name).join("src/lib.rs")).unwrap();
        assert!(!lib.contains("include_str!(\"../../"), "{name}: src/lib.rs includes a file outside the package");
    }
}
