//! The atlas-api generator: reads the Atlas Admin API v2 OpenAPI spec, lowers it to a
//! typed IR and emits Rust with `quote`, formatted by `prettyplease`.
//!
//! ```text
//! spec --load--> openapiv3 --resolve $ref--> lower --> IR --> emit --> tokens --> prettyplease --> files
//! ```
//! Every problem with the spec is a [`Diagnostic`] carrying the JSON pointer of the node.
#![forbid(unsafe_code)]

pub mod diagnostics;
mod emit;
mod inputs;
pub mod ir;
mod layout;
pub mod load;
mod lower;
pub mod naming;
pub mod overrides;
mod render;
pub mod resolve;
mod shape;

pub use diagnostics::{Diagnostic, Diagnostics, Pointer};
pub use inputs::{existing_spec, spec_from_env};
pub use load::{load_bytes, load_file, Spec};
pub use overrides::Overrides;

use ir::{Api, TypeKind};

/// Generation settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Also emit component schemas no operation reaches (fixture specs use this).
    pub include_unreferenced: bool,
    /// The line budget of one generated file of types.
    pub max_file_lines: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self { include_unreferenced: false, max_file_lines: 4000 }
    }
}

/// A file of the generated tree, its path relative to the tree's root (`/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// Counts that describe one generation run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub schemas: usize,
    pub operations: usize,
    pub versions: usize,
    pub types: usize,
    pub structs: usize,
    pub enums: usize,
    pub unions: usize,
    pub aliases: usize,
    pub files: usize,
    pub lines: usize,
}

#[derive(Debug, Clone)]
pub struct Output {
    pub api: Api,
    pub files: Vec<GeneratedFile>,
    pub stats: Stats,
}

/// Generates the Rust tree for a loaded spec.
pub fn generate(spec: &Spec, config: &Config) -> Result<Output, Diagnostics> {
    let api = lower::lower(spec, config)?;
    let files = layout::files(&api, config.max_file_lines)?;
    let stats = stats(&api, &files);
    Ok(Output { api, files, stats })
}

fn stats(api: &Api, files: &[GeneratedFile]) -> Stats {
    let count = |f: fn(&TypeKind) -> bool| api.types.iter().filter(|t| f(&t.kind)).count();
    Stats {
        schemas: api.source.schemas,
        operations: api.operations.len(),
        versions: api.operations.iter().map(|o| o.versions.len()).sum(),
        types: api.types.len(),
        structs: count(|k| matches!(k, TypeKind::Struct(_))),
        enums: count(|k| matches!(k, TypeKind::Enum(_))),
        unions: count(|k| matches!(k, TypeKind::Tagged(_) | TypeKind::Untagged(_))),
        aliases: count(|k| matches!(k, TypeKind::Alias(_))),
        files: files.len(),
        lines: files.iter().map(|f| f.contents.lines().count()).sum(),
    }
}
