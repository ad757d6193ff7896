//! Generates Rust from every fixture spec in `fixtures/` into OUT_DIR, so that the crate
//! compiles the generator's output: a snapshot of code that does not build cannot pass.
//! Also generates the conformance suites' testkit for atlas-api from `$ATLAS_SPEC` (every
//! operation callable by name with synthesized arguments, every example decoded by its
//! type): it is built here, not committed, so that a plain `cargo xtask regenerate` does not
//! compile the synthesizer. Without that spec the build fails at once, with one message that
//! names `ATLAS_SPEC` and the path it was read as: no suite degrades into a stub.

use std::fmt::Write as _;
use std::path::Path;

use codegen::tables::TableKind;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    // Where this script is, for the test that runs it as cargo does (`tests/spec_env.rs`).
    if let Ok(me) = std::env::current_exe() {
        println!("cargo:rustc-env=ATLAS_TESTS_BUILD_SCRIPT={}", me.display());
    }
    fixtures(Path::new(&out));
    if let Err(why) = testkit(&Path::new(&out).join("atlas")) {
        eprintln!("error: the conformance testkit cannot be generated: {why}");
        std::process::exit(1);
    }
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
/// overrides), from the spec the committed code came from; an error when `ATLAS_SPEC` names
/// no file or another spec.
fn testkit(out: &Path) -> Result<(), String> {
    println!("cargo:rerun-if-env-changed=ATLAS_SPEC");
    // A relative ATLAS_SPEC is read from where cargo ran (`$PWD`): another folder, another file.
    if codegen::spec_named().is_some_and(|given| given.is_relative()) {
        println!("cargo:rerun-if-env-changed=PWD");
    }
    println!("cargo:rerun-if-changed=../spec/overrides.toml");
    println!("cargo:rerun-if-changed=../spec/source.toml");
    println!("cargo:rerun-if-changed=../spec/request_fields.toml");
    let _ = std::fs::remove_dir_all(out);
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = codegen::spec_from_env(&manifest.join(".."))?;
    println!("cargo:rerun-if-changed={}", spec.display());
    let bytes = std::fs::read(&spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let sha256 = codegen::sha256_hex(&bytes);
    let recorded = std::fs::read_to_string(manifest.join("../spec/source.toml")).map_err(|e| e.to_string())?;
    if !recorded.contains(&format!("sha256 = \"{sha256}\"")) {
        return Err(format!(
            "ATLAS_SPEC names {} (sha256 {sha256}), not the spec spec/source.toml records for the committed code: \
             point ATLAS_SPEC at that one (../shared/spec/atlas-api-v2.yaml from the workspace's root), or \
             run `cargo xtask regenerate` with this one first",
            spec.display(),
        ));
    }
    // As `cargo xtask regenerate` generated the committed code: overrides and tables where
    // they apply (all of them on the pinned spec, which `cargo xtask check` holds them to).
    let tables = manifest.join("../spec");
    let overrides = codegen::Overrides::from_file(&TableKind::Overrides.path_in(&tables))?;
    let (loaded, _) =
        codegen::load_file_where_overrides_apply(&spec, &overrides).map_err(|d| format!("{}:\n{d}", spec.display()))?;
    let request_fields =
        codegen::tables::request_fields::RequestFieldsTable::from_file(&TableKind::RequestFields.path_in(&tables))?;
    let config = codegen::Config {
        testkit: true,
        cargo_features: false,
        request_fields: Some(request_fields),
        tables: codegen::TableUse::WhereTheyApply,
        ..codegen::Config::default()
    };
    let output = codegen::generate(&loaded, &config).map_err(|d| format!("{}:\n{d}", spec.display()))?;
    write_tree(out, output.files.iter().filter(|f| f.path.starts_with("testkit/")));
    Ok(())
}

fn write_tree<'a>(root: &Path, files: impl Iterator<Item = &'a codegen::GeneratedFile>) {
    let _ = std::fs::remove_dir_all(root);
    for file in files {
        let target = root.join(&file.path);
        std::fs::create_dir_all(target.parent().expect("files live in folders")).expect("create folder");
        std::fs::write(&target, &file.contents).expect("write generated file");
    }
}
