//! Generates Rust from every fixture spec in `fixtures/` into OUT_DIR, so that the crate
//! compiles the generator's output: a snapshot of code that does not build cannot pass.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
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
        let root = Path::new(&out).join(&name);
        let _ = std::fs::remove_dir_all(&root);
        for file in &output.files {
            let target = root.join(&file.path);
            std::fs::create_dir_all(target.parent().expect("files live in folders")).expect("create folder");
            std::fs::write(&target, &file.contents).expect("write generated file");
        }
        let mod_rs = root.join("mod.rs");
        writeln!(modules, "#[path = {:?}]\npub mod {name};", mod_rs.display().to_string()).expect("write to string");
    }
    std::fs::write(Path::new(&out).join("fixtures.rs"), modules).expect("write fixtures.rs");
}
