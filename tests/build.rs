//! Generates Rust from every fixture spec in `fixtures/` into OUT_DIR, so that the crate
//! compiles the generator's output: a snapshot of code that does not build cannot pass.
//! Also generates the conformance suites' testkit for atlas-api from `$ATLAS_SPEC` (every
//! operation callable by name with synthesized arguments, every example decoded by its
//! type): it is built here, not committed, so that a plain `cargo xtask regenerate` does not
//! compile the synthesizer.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    fixtures(Path::new(&out));
    testkit(&Path::new(&out).join("atlas"));
    let testkit = Path::new(&out).join("atlas/testkit/mod.rs");
    let module = format!("#[path = {:?}]\npub mod testkit;\n", testkit.display().to_string());
    std::fs::write(Path::new(&out).join("atlas.rs"), module).expect("write atlas.rs");
}

fn fixtures(out: &Path) {
    let fixtures = Path::new("fixtures");
    println!("cargo:rerun-if-changed=fixtures");
    let mut entries: Vec<_> = std::fs::read_dir(fixtures)
        .expect("tests/fixtures exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    entries.sort();
    let mut modules = String::new();
    for path in entries {
        let name = path.file_stem().and_then(|s| s.to_str()).expect("utf-8 fixture name").to_owned();
        let config = codegen::Config::fixture();
        let spec = codegen::load_file(&path, &codegen::Overrides::default())
            .unwrap_or_else(|d| panic!("fixture {}:\n{d}", path.display()));
        let output = codegen::generate(&spec, &config).unwrap_or_else(|d| panic!("fixture {}:\n{d}", path.display()));
        write_tree(&out.join(&name), output.files.iter());
        let mod_rs = out.join(&name).join("mod.rs");
        writeln!(modules, "#[path = {:?}]\npub mod {name};", mod_rs.display().to_string()).expect("write to string");
    }
    std::fs::write(out.join("fixtures.rs"), modules).expect("write fixtures.rs");
}

/// `atlas/testkit/`: generated as `cargo xtask regenerate` generates atlas-api (same
/// overrides), from the spec the committed code came from. Without that spec, a testkit
/// whose every function panics with how to get it: the conformance suites fail, saying so,
/// and the rest of the crate still builds.
fn testkit(out: &Path) {
    println!("cargo:rerun-if-env-changed=ATLAS_SPEC");
    println!("cargo:rerun-if-changed=../spec/overrides.toml");
    println!("cargo:rerun-if-changed=../spec/source.toml");
    println!("cargo:rerun-if-changed=../spec/request_fields.toml");
    let _ = std::fs::remove_dir_all(out);
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = match codegen::spec_from_env(manifest) {
        Ok(spec) => spec,
        Err(why) => return write_stub(out, &why),
    };
    println!("cargo:rerun-if-changed={}", spec.display());
    let overrides = codegen::Overrides::from_file(&manifest.join("../spec/overrides.toml"))
        .unwrap_or_else(|e| panic!("spec/overrides.toml: {e}"));
    let loaded = codegen::load_file(&spec, &overrides).unwrap_or_else(|d| panic!("{}:\n{d}", spec.display()));
    let recorded = std::fs::read_to_string(manifest.join("../spec/source.toml")).expect("spec/source.toml");
    if !recorded.contains(&format!("sha256 = \"{}\"", loaded.sha256)) {
        let why = format!(
            "{} (sha256 {}) is not the spec spec/source.toml records for the committed code",
            spec.display(),
            loaded.sha256
        );
        return write_stub(out, &why);
    }
    let request_fields = codegen::request_fields::Table::from_file(&manifest.join("../spec/request_fields.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let config = codegen::Config {
        testkit: true,
        cargo_features: false,
        request_fields: Some(request_fields),
        ..codegen::Config::default()
    };
    let output = codegen::generate(&loaded, &config).unwrap_or_else(|d| panic!("{}:\n{d}", spec.display()));
    write_tree(out, output.files.iter().filter(|f| f.path.starts_with("testkit/")));
}

fn write_tree<'a>(root: &Path, files: impl Iterator<Item = &'a codegen::GeneratedFile>) {
    let _ = std::fs::remove_dir_all(root);
    for file in files {
        let target = root.join(&file.path);
        std::fs::create_dir_all(target.parent().expect("files live in folders")).expect("create folder");
        std::fs::write(&target, &file.contents).expect("write generated file");
    }
}

fn write_stub(out: &Path, why: &str) {
    println!("cargo:warning=conformance testkit not generated: {why}");
    let stub = format!(
        r#"//! No spec: every function panics with how to get it.
#![allow(unused_variables)]
const WHY: &str = {why:?};
pub fn example_pointers() -> Vec<&'static str> {{ panic!("{{WHY}}") }}
pub fn example(pointer: &str, value: ::serde_json::Value) -> Option<Result<::serde_json::Value, String>> {{ panic!("{{WHY}}") }}
pub fn cases() -> Vec<crate::testkit_support::Case> {{ panic!("{{WHY}}") }}
pub fn call(client: &::atlas_api::Client, operation_id: &str, version: &str) -> Option<::atlas_api::ResponseFuture<::serde_json::Value>> {{ panic!("{{WHY}}") }}
pub fn call_full(client: &::atlas_api::Client, operation_id: &str, version: &str) -> Option<::atlas_api::ResponseFuture<::serde_json::Value>> {{ panic!("{{WHY}}") }}
#[allow(clippy::type_complexity)]
pub fn send_all(client: &::atlas_api::Client, operation_id: &str, version: &str) -> Option<Result<(::serde_json::Value, ::atlas_api::ResponseFuture<::serde_json::Value>), ::atlas_api::Error>> {{ panic!("{{WHY}}") }}
#[allow(clippy::type_complexity)]
pub fn tagged_defaults() -> Vec<(&'static str, &'static str, &'static [&'static str], Result<::serde_json::Value, ::atlas_api::Error>)> {{ panic!("{{WHY}}") }}
"#
    );
    std::fs::create_dir_all(out.join("testkit")).expect("create folder");
    std::fs::write(out.join("testkit/mod.rs"), stub).expect("write the testkit stub");
}
