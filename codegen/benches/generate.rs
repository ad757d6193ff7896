//! The generator on the real spec: `ATLAS_SPEC=../shared/spec/atlas-api-v2.yaml cargo bench -p atlas-codegen`.

use std::path::PathBuf;

fn spec_path() -> PathBuf {
    let path = std::env::var_os("ATLAS_SPEC")
        .expect("ATLAS_SPEC is not set: point it at the Atlas Admin API v2 spec (../shared/spec/atlas-api-v2.yaml)");
    let path = PathBuf::from(path);
    if path.is_relative() {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
    } else {
        path
    }
}

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
