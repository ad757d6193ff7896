//! Project tasks: `cargo xtask regenerate`, `check`, `diff`, `fetch-spec` and
//! `conformance` (`cargo xtask --help`, and `--help` after each).
#![forbid(unsafe_code)]

mod changes;
mod features;
mod source;
mod tree;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use codegen::tables::TableKind;
use codegen::{Config, Output, Overrides, TableUse, Tables};

/// Generate atlas-api from the Atlas Admin API v2 spec, check it, and report what changed.
///
/// The spec is read from --spec, else from $ATLAS_SPEC, else from
/// target/spec/atlas-api-v2.yaml (where fetch-spec puts it); the overrides from
/// --overrides, else spec/overrides.toml.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate atlas-api/src/generated and atlas-api-types/src/generated from the spec, and
    /// report what changed for users since the spec behind the committed code. Overrides and
    /// table entries (spec/*.toml) apply where they apply: on another spec than the pinned
    /// one, those that do not are skipped and listed, and read-only properties no entry
    /// decides follow the spec's own marks
    Regenerate {
        #[command(flatten)]
        inputs: Inputs,
        #[command(flatten)]
        outputs: changes::Outputs,
        /// The spec behind the committed code (else the copy fetch-spec keeps in
        /// target/spec/previous.yaml)
        #[arg(long, value_name = "PATH")]
        previous: Option<PathBuf>,
    },
    /// Fail if the generated code is not what regenerate would write, or if an override or
    /// table entry does not apply, or a read-only property a request reaches is undecided
    Check {
        #[command(flatten)]
        inputs: Inputs,
    },
    /// Report what changed for users between two spec files, each change with its semver
    /// weight; the overrides apply where they apply, and the skipped ones are named
    Diff {
        old: PathBuf,
        new: PathBuf,
        /// The overrides file [default: spec/overrides.toml]
        #[arg(long, value_name = "PATH")]
        overrides: Option<PathBuf>,
        #[command(flatten)]
        outputs: changes::Outputs,
    },
    /// Download the spec, check it is the Atlas Admin API v2 in OpenAPI 3.0, and store it at
    /// --out, else $ATLAS_SPEC, else target/spec/atlas-api-v2.yaml
    FetchSpec(FetchArgs),
    /// Run the conformance suites: examples, recorded, lossless, requests, prism (default:
    /// all); `recorded` reads $ATLAS_RECORDED, `prism` runs .ci/prism (or $ATLAS_PRISM).
    /// `parity-shapes` ($ATLAS_RECORDED), `parity-sequences` ($ATLAS_CAPTURES) and `parity`
    /// (both) measure the stateful fake against real Atlas answers and tests/parity-floor.toml
    Conformance { suites: Vec<String> },
}

/// Where the spec and the overrides are.
#[derive(Debug, Args)]
struct Inputs {
    /// The spec [default: $ATLAS_SPEC, else target/spec/atlas-api-v2.yaml]
    #[arg(long, value_name = "PATH")]
    spec: Option<PathBuf>,
    /// The overrides file [default: spec/overrides.toml]
    #[arg(long, value_name = "PATH")]
    overrides: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct FetchArgs {
    /// Where to download it from [default: spec/source.toml's url]
    #[arg(long, conflicts_with = "file")]
    url: Option<String>,
    /// Take it from a local file instead
    #[arg(long, value_name = "PATH")]
    file: Option<PathBuf>,
    /// Where to store it
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// Give up after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    timeout: u64,
}

/// Generation allocates and frees millions of small nodes (tokens, syntax trees): mimalloc
/// does that in about half the time of the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Regenerate { inputs, outputs, previous } => {
            let (spec, overrides) = inputs.resolve()?;
            regenerate(&spec, &overrides, &outputs, previous.as_deref())
        }
        Command::Check { inputs } => {
            let (spec, overrides) = inputs.resolve()?;
            check(&spec, &overrides)
        }
        Command::Diff { old, new, overrides, outputs } => diff(&old, &new, overrides, &outputs),
        Command::FetchSpec(args) => fetch_spec(args),
        Command::Conformance { suites } => conformance(&suites),
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

impl Inputs {
    /// The spec (`--spec`, else `ATLAS_SPEC`, else the fetched one) and the overrides file
    /// (`--overrides`, else ours).
    fn resolve(self) -> Result<(PathBuf, PathBuf), String> {
        let fetched = fetched_spec();
        let spec = match self.spec {
            Some(spec) => codegen::existing_spec(&spec)?,
            None if codegen::spec_named().is_none() && fetched.exists() => fetched,
            None => codegen::spec_from_env(&project_root()).map_err(|e| format!("no --spec given and {e}"))?,
        };
        Ok((spec, self.overrides.unwrap_or_else(|| TableKind::Overrides.path_in(&spec_dir()))))
    }
}

/// Where `fetch-spec` stores the spec when neither `--out` nor `ATLAS_SPEC` says: ignored by git.
fn fetched_spec() -> PathBuf {
    project_root().join("target/spec/atlas-api-v2.yaml")
}

/// `cargo xtask fetch-spec`: compiled with the `fetch` feature, which the plain xtask lacks
/// so that a regeneration does not compile an HTTP client; without it, runs itself with it.
#[cfg(not(feature = "fetch"))]
fn fetch_spec(args: FetchArgs) -> Result<ExitCode, String> {
    let mut forwarded = vec!["--timeout".to_owned(), args.timeout.to_string()];
    let paths = [("--file", &args.file), ("--out", &args.out)];
    forwarded.extend(args.url.map(|url| ["--url".to_owned(), url]).into_iter().flatten());
    for (flag, path) in paths {
        forwarded.extend(path.iter().flat_map(|p| [flag.to_owned(), p.display().to_string()]));
    }
    let status = std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(project_root())
        .args(["run", "--quiet", "--release", "--package", "xtask", "--features", "fetch", "--", "fetch-spec"])
        .args(forwarded)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    Ok(if status.success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

#[cfg(feature = "fetch")]
fn fetch_spec(args: FetchArgs) -> Result<ExitCode, String> {
    use xtask::fetch::{fetch, Source};
    let timeout = std::time::Duration::from_secs(args.timeout);
    let source = match (args.url, args.file) {
        (_, Some(file)) => Source::File(file),
        (Some(url), None) => Source::Url(url),
        (None, None) => Source::Url(source::url(&project_root())?),
    };
    let out = args.out.or_else(codegen::spec_named).unwrap_or_else(fetched_spec);
    keep_committed_spec(&out)?;
    let fetched = fetch(&source, &out, timeout)?;
    println!(
        "fetched {} (sha256 {}; x-xgen-sha {}; newest dated version {})",
        fetched.path.display(),
        fetched.sha256,
        fetched.xgen_sha.as_deref().unwrap_or("none"),
        fetched.newest_version.as_deref().unwrap_or("none")
    );
    if codegen::spec_named().is_none() && out != fetched_spec() {
        println!("point ATLAS_SPEC at it: export ATLAS_SPEC={}", fetched.path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Before `fetch-spec` replaces `out`: when it is the spec behind the committed code, a copy
/// goes to `target/spec/previous.yaml`, so that `regenerate` can say what changed.
#[cfg(feature = "fetch")]
fn keep_committed_spec(out: &Path) -> Result<(), String> {
    let Ok(bytes) = std::fs::read(out) else { return Ok(()) };
    if source::recorded(&project_root())?.as_deref() != Some(codegen::sha256_hex(&bytes).as_str()) {
        return Ok(());
    }
    let kept = changes::previous_file(&project_root());
    if let Some(dir) = kept.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(&kept, bytes).map_err(|e| format!("cannot write {}: {e}", kept.display()))
}

/// The workspace root, from this crate's manifest directory.
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_owned()
}

/// The tables under `spec/` (the overrides among them): `codegen::tables::TableKind` names their files.
fn spec_dir() -> PathBuf {
    project_root().join("spec")
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

/// What one generation gave: the output, how long it took, what the spec says of itself,
/// and what of the overrides and tables did not apply to it (under `TableUse::WhereTheyApply`).
struct Generated {
    output: Output,
    elapsed: std::time::Duration,
    facts: source::Facts,
    skipped: Vec<String>,
}

/// Loads the spec with our overrides and generates with the tables under `spec/`, held to
/// the spec as `tables` says; diagnostics go to stderr.
fn generate(spec: &Path, overrides: &Path, tables: TableUse) -> Result<Generated, String> {
    let started = Instant::now();
    let overrides = Overrides::from_file(overrides)?;
    let failed = |d: codegen::Diagnostics| format!("{}:\n{d}", spec.display());
    let (loaded, mut skipped) = match tables {
        TableUse::Strict => (codegen::load_file(spec, &overrides).map_err(failed)?, Vec::new()),
        TableUse::WhereTheyApply => codegen::load_file_where_overrides_apply(spec, &overrides).map_err(failed)?,
    };
    skipped.iter_mut().for_each(|line| *line = format!("override {line}"));
    let spec_dir = spec_dir();
    let config = Config { tables, ..Config::default() }.with_tables(Tables::in_dir(&spec_dir)?);
    let tables = Tables::files(&spec_dir).iter().map(|path| path.display().to_string()).collect::<Vec<_>>().join(", ");
    let output = codegen::generate(&loaded, &config).map_err(|d| format!("{} with {tables}:\n{d}", spec.display()))?;
    skipped.extend(output.skipped.iter().map(ToString::to_string));
    let facts = source::Facts::of(&loaded);
    Ok(Generated { output, elapsed: started.elapsed(), facts, skipped })
}

/// Says what of the overrides and tables did not apply to the spec, and what that means.
fn warn_skipped(spec: &Path, skipped: &[String]) {
    if skipped.is_empty() {
        return;
    }
    eprintln!(
        "warning: {} override(s), table entries or undecided read-only properties did not apply to {}: the code \
         was generated without them (an undecided property follows the spec's own readOnly mark). Bring \
         spec/overrides.toml and the tables under spec/ up to date; `cargo xtask check` fails until then:",
        skipped.len(),
        spec.display()
    );
    for line in skipped {
        eprintln!("  {line}");
    }
}

/// `cargo xtask diff OLD NEW`: both specs with the overrides that apply to each, without
/// the waiters table (which holds for the pinned spec only).
fn diff(old: &Path, new: &Path, overrides: Option<PathBuf>, outputs: &changes::Outputs) -> Result<ExitCode, String> {
    let overrides = overrides.unwrap_or_else(|| TableKind::Overrides.path_in(&spec_dir()));
    let overrides = Overrides::from_file(&overrides)?;
    let report = codegen::diff::diff(&changes::surface_of(old, &overrides)?, &changes::surface_of(new, &overrides)?);
    outputs.report(&report, &format!("API changes from {} to {}", old.display(), new.display()))?;
    Ok(ExitCode::SUCCESS)
}

fn regenerate(
    spec: &Path,
    overrides: &Path,
    outputs: &changes::Outputs,
    previous: Option<&Path>,
) -> Result<ExitCode, String> {
    let Generated { output, elapsed, facts, skipped } = generate(spec, overrides, TableUse::WhereTheyApply)?;
    warn_skipped(spec, &skipped);
    let report = since_committed(&output, overrides, previous)?;
    let mut changed = tree::write(&generated_dir(), &output.files)?;
    changed += tree::write(&types_dir(), &output.type_files)?;
    changed += usize::from(features::write(&manifest(), &features::operations_table(&output.cargo_features()))?);
    changed += usize::from(features::write(&types_manifest(), &features::types_table(&output.type_features()))?);
    source::record(&project_root(), &facts)?;
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
    if let Some(report) = report {
        outputs.report(&report, &format!("API changes with the spec {}", &output.api.source.sha256[..12]))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// What changed for users since the spec behind the committed code, when that spec is at
/// hand (`--previous`, or the copy `fetch-spec` kept); `None`, with a note, when it is not.
fn since_committed(
    output: &Output,
    overrides: &Path,
    previous: Option<&Path>,
) -> Result<Option<codegen::diff::Report>, String> {
    let recorded = source::recorded(&project_root())?.unwrap_or_default();
    if recorded == output.api.source.sha256 && previous.is_none() {
        return Ok(None);
    }
    let Some(previous) = changes::committed_spec(&project_root(), &recorded, previous) else {
        eprintln!(
            "note: no copy of the spec behind the committed code (sha256 {recorded}) at {}: \
             pass --previous PATH to report what changed for users",
            changes::previous_file(&project_root()).display()
        );
        return Ok(None);
    };
    let old = changes::surface_of(&previous, &Overrides::from_file(overrides)?)?;
    Ok(Some(codegen::diff::diff(&old, &codegen::surface::Surface::of(&output.api))))
}

fn check(spec: &Path, overrides: &Path) -> Result<ExitCode, String> {
    let output = generate(spec, overrides, TableUse::Strict)?.output;
    let mut problems = tree::differences(&generated_dir(), &output.files)?;
    problems.extend(tree::differences(&types_dir(), &output.type_files)?);
    problems.extend(features::compare(&manifest(), &features::operations_table(&output.cargo_features()))?);
    problems.extend(features::compare(&types_manifest(), &features::types_table(&output.type_features()))?);
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

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::Cli;

    #[test]
    fn every_subcommand_has_help_and_the_command_line_is_consistent() {
        Cli::command().debug_assert();
        for sub in ["regenerate", "check", "diff", "fetch-spec", "conformance"] {
            let error = Cli::try_parse_from(["cargo xtask", sub, "--help"]).expect_err("help is an early exit");
            assert_eq!(error.kind(), clap::error::ErrorKind::DisplayHelp, "{sub}");
        }
        let parsed = Cli::try_parse_from(["cargo xtask", "diff", "old.yaml", "new.yaml", "--json", "out.json"]);
        assert!(parsed.is_ok(), "{parsed:?}");
    }
}
