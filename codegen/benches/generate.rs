//! The generator on the real spec: `ATLAS_SPEC=../shared/spec/atlas-api-v2.yaml cargo bench -p atlas-codegen`.

use std::path::PathBuf;

/// Relative paths are taken from the workspace root, where the README's commands run.
fn spec_path() -> PathBuf {
    codegen::spec_from_env(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")).unwrap_or_else(|e| panic!("{e}"))
}

/// As `cargo xtask regenerate` runs it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

/// Reading and parsing the YAML into openapiv3.
#[divan::bench(sample_count = 10)]
fn load() -> codegen::Spec {
    codegen::load_file(&spec_path(), &codegen::Overrides::default()).expect("spec loads")
}

/// Lowering, emitting and formatting every file, from a loaded spec.
#[divan::bench(sample_count = 10)]
fn generate(bencher: divan::Bencher) {
    let spec = load();
    bencher.bench(|| codegen::generate(&spec, &codegen::Config::default()).expect("spec generates"));
}
