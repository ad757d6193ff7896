//! Project tasks: `cargo xtask regenerate` and `cargo xtask check`.
#![forbid(unsafe_code)]

mod features;
mod source;
mod tree;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use codegen::{Config, Output, Overrides};

const USAGE: &str = "usage: cargo xtask <regenerate|check> [--spec PATH] [--overrides PATH]
       cargo xtask conformance [SUITE...]

  regenerate   generate atlas-api/src/generated and atlas-api-types/src/generated from the spec
  check        fail if the generated code is not what regenerate would write
  conformance  run the conformance suites: examples, recorded, lossless, prism (default: all);
               `recorded` reads $ATLAS_RECORDED, `prism` runs .ci/prism (or $ATLAS_PRISM)

The spec is read from --spec, else from $ATLAS_SPEC; the overrides from --overrides, else
spec/overrides.toml.";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<ExitCode, String> {
    let (command, rest) = args.split_first().ok_or(USAGE)?;
    if command == "conformance" {
        return conformance(rest);
    }
    let (spec, overrides) = inputs(rest)?;
    match command.as_str() {
        "regenerate" => regenerate(&spec, &overrides),
        "check" => check(&spec, &overrides),
        _ => Err(format!("unknown command `{command}`\n\n{USAGE}")),
    }
}

/// Runs the suites in the tests crate's `conformance` binary (its build generates the
/// testkit, with the synthesizer the xtask itself does not build).
fn conformance(suites: &[String]) -> Result<ExitCode, String> {
    let status = std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(project_root())
        .args(["run", "--quiet", "--package", "atlas-api-tests", "--bin", "conformance", "--"])
        .args(suites)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    Ok(if status.success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// The spec (`--spec`, else `ATLAS_SPEC`) and the overrides file (`--overrides`, else ours).
fn inputs(args: &[String]) -> Result<(PathBuf, PathBuf), String> {
    let (mut spec, mut overrides) = (None, None);
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(USAGE)?;
        match flag.as_str() {
            "--spec" => spec = Some(codegen::existing_spec(Path::new(value))?),
            "--overrides" => overrides = Some(PathBuf::from(value)),
            _ => return Err(USAGE.to_owned()),
        }
    }
    let spec = match spec {
        Some(spec) => spec,
        None => codegen::spec_from_env(Path::new(".")).map_err(|e| format!("no --spec given and {e}"))?,
    };
    Ok((spec, overrides.unwrap_or_else(|| project_root().join("spec/overrides.toml"))))
}

/// The workspace root, from this crate's manifest directory.
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_owned()
}

fn manifest() -> PathBuf {
    project_root().join("atlas-api/Cargo.toml")
}

fn generated_dir() -> PathBuf {
    project_root().join("atlas-api/src/generated")
}

/// The types have a crate of their own, so that the operations' crate (and a user's test
/// build, whose dev-dependencies change the features of reqwest or tokio) does not
/// compile them again.
fn types_manifest() -> PathBuf {
    project_root().join("atlas-api-types/Cargo.toml")
}

fn types_dir() -> PathBuf {
    project_root().join("atlas-api-types/src/generated")
}

/// Loads the spec with our overrides and generates; diagnostics go to stderr.
fn generate(spec: &Path, overrides: &Path) -> Result<(Output, std::time::Duration), String> {
    let started = Instant::now();
    let overrides = Overrides::from_file(overrides)?;
    let loaded = codegen::load_file(spec, &overrides).map_err(|d| format!("{}:\n{d}", spec.display()))?;
    let waiters = project_root().join("spec/waiters.toml");
    let config = Config { waiters: Some(codegen::waiters::Table::from_file(&waiters)?), ..Config::default() };
    let output = codegen::generate(&loaded, &config)
        .map_err(|d| format!("{} with {}:\n{d}", spec.display(), waiters.display()))?;
    Ok((output, started.elapsed()))
}

fn regenerate(spec: &Path, overrides: &Path) -> Result<ExitCode, String> {
    let (output, elapsed) = generate(spec, overrides)?;
    let mut changed = tree::write(&generated_dir(), &output.files)?;
    changed += tree::write(&types_dir(), &output.type_files)?;
    changed += usize::from(features::write(&manifest(), &features::operations_table(&output.cargo_features()))?);
    changed += usize::from(features::write(&types_manifest(), &output.type_features())?);
    source::record(&project_root(), &output.api.source.sha256)?;
    let s = &output.stats;
    println!(
        "regenerated: {} schemas -> {} types ({} structs, {} enums, {} unions, {} aliases); \
         {} operations, {} versions (methods) in {} tags; {} files, {} lines ({} changed) in {} ms",
        s.schemas,
        s.types,
        s.structs,
        s.enums,
        s.unions,
        s.aliases,
        s.operations,
        s.versions,
        output.tags.len(),
        s.files,
        s.lines,
        changed,
        elapsed.as_millis()
    );
    Ok(ExitCode::SUCCESS)
}

fn check(spec: &Path, overrides: &Path) -> Result<ExitCode, String> {
    let (output, _) = generate(spec, overrides)?;
    let mut problems = tree::differences(&generated_dir(), &output.files)?;
    problems.extend(tree::differences(&types_dir(), &output.type_files)?);
    problems.extend(features::compare(&manifest(), &features::operations_table(&output.cargo_features()))?);
    problems.extend(features::compare(&types_manifest(), &output.type_features())?);
    if let Some(problem) = source::compare(&project_root(), &output.api.source.sha256)? {
        problems.push(problem);
    }
    if problems.is_empty() {
        println!("check: generated code is up to date ({} files)", output.files.len() + output.type_files.len());
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &problems {
        eprintln!("{problem}");
    }
    eprintln!(
        "\nthe generated code is stale: run `cargo xtask regenerate --spec {}` and commit the result",
        spec.display()
    );
    Ok(ExitCode::FAILURE)
}
