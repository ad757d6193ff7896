//! A user's crate on atlas-api, written to a temporary folder and built with cargo: what
//! the tests that check how atlas-api compiles for its users share.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct ScratchCrate {
    dir: PathBuf,
    target: PathBuf,
}

impl ScratchCrate {
    /// A crate `name` whose `[dependencies]` are atlas-api with `features` (no defaults) and
    /// `more_dependencies`, `extra` after them (e.g. `[dev-dependencies]`), and `files`
    /// (path, text). It builds in `target/<name>` beside the workspace's own target
    /// directory, since cargo locks the one running the test.
    pub fn new(name: &str, features: &[&str], more_dependencies: &str, extra: &str, files: &[(&str, &str)]) -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace").to_owned();
        let dir = std::env::temp_dir().join(format!("atlas-api-{name}-{}", std::process::id()));
        let quoted: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
        let manifest = format!(
            "[package]\nname = {name:?}\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n\
             atlas-api = {{ path = {:?}, default-features = false, features = [{}] }}\n{more_dependencies}\n\
             {extra}\n[workspace]\n",
            root.join("atlas-api").display().to_string(),
            quoted.join(", ")
        );
        for (path, text) in [("Cargo.toml", manifest.as_str())].into_iter().chain(files.iter().copied()) {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().expect("in the crate")).unwrap();
            std::fs::write(path, text).unwrap();
        }
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from).join(name);
        Self { dir, target }
    }

    /// `cargo ARGS` in the crate, offline (the workspace's build fetched every dependency).
    pub fn cargo(&self, args: &[&str]) -> Output {
        Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args(args)
            .arg("--offline")
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env("CARGO_TERM_COLOR", "never")
            .output()
            .expect("cargo runs")
    }
}

impl Drop for ScratchCrate {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
