//! `cargo xtask conformance`: the generated client against witnesses we did not write.
//!
//! `conformance [examples|recorded|lossless|requests|prism] ...` (default: all five): each suite prints one
//! summary line and every failure with its operation, version and reason; the exit status
//! is 1 when any case fails. `prism` needs Prism (`.ci/run` installs it in `.ci/prism/`).
//!
//! `parity-sequences`, `parity-shapes` and `parity` (both) measure the stateful fake against
//! real Atlas traffic (`ATLAS_CAPTURES`, `ATLAS_RECORDED`): they print their report and fail
//! when a number is worse than `tests/parity-floor.toml`. They are not in the default set.
//! `spec-history` writes `tests/spec-history.toml` from older dated specs (`ATLAS_SPEC_HISTORY`),
//! which `parity-sequences` reads to set aside fields Atlas added after a capture was recorded.

use std::process::ExitCode;

use atlas_api_tests::conformance::{examples, lossless, parity, prism, recorded, requests, Outcome};

#[tokio::main]
async fn main() -> ExitCode {
    let mut suites: Vec<String> = std::env::args().skip(1).collect();
    if suites.is_empty() {
        suites = vec!["examples".into(), "recorded".into(), "lossless".into(), "requests".into(), "prism".into()];
    }
    let suites: Vec<String> = suites
        .into_iter()
        .flat_map(|suite| match suite.as_str() {
            "parity" => vec!["parity-sequences".to_owned(), "parity-shapes".to_owned()],
            _ => vec![suite],
        })
        .collect();
    let mut failed = false;
    for suite in suites {
        let outcome = match suite.as_str() {
            "examples" => examples::run(),
            "recorded" => recorded::run().await,
            "lossless" => lossless::run().await,
            "requests" => requests::run().await,
            "prism" => prism::run().await,
            "parity-sequences" => parity::sequences::run().await,
            "parity-shapes" => parity::shapes::run().await,
            "spec-history" => parity::spec_history::run().await,
            other => Err(format!(
                "unknown suite `{other}` (known: examples, recorded, lossless, requests, prism, \
                 parity-sequences, parity-shapes, parity, spec-history)"
            )),
        };
        match outcome {
            Ok(Outcome { summary, failures }) => {
                println!("{summary}");
                for failure in &failures {
                    println!("  FAIL {failure}");
                }
                failed |= !failures.is_empty();
            }
            Err(message) => {
                eprintln!("{suite}: {message}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
