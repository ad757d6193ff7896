//! The atlas-api generator: reads the Atlas Admin API v2 OpenAPI spec, lowers it to a
//! typed IR and emits Rust with `quote`, formatted by `prettyplease`.
//!
//! ```text
//! spec --load--> openapiv3 --resolve $ref--> lower --> IR --> emit --> tokens --> prettyplease --> files
//! ```
//! Every problem with the spec is a [`Diagnostic`] carrying the JSON pointer of the node.
#![forbid(unsafe_code)]

pub mod diagnostics;
pub mod diff;
mod emit;
mod inputs;
pub mod ir;
mod layout;
pub mod load;
mod lower;
pub mod naming;
mod render;
pub mod resolve;
mod sample;
mod shape;
pub mod surface;
#[cfg(feature = "testkit")]
pub mod synth;
pub mod tables;
pub mod tags;
mod target;
mod usage;

pub use diagnostics::{Diagnostic, Diagnostics, Pointer};
pub use inputs::{existing_spec, invocation_dir, resolve_from_invocation, spec_from_env, spec_named};
pub use load::{load_bytes, load_file, load_file_where_overrides_apply, sha256_hex, Spec};
pub use tables::overrides::Overrides;
pub use tables::{TableUse, Tables};
pub use target::Target;

use ir::{Api, TypeKind};
use tables::{error_codes, events, request_fields, resources, waiters};

/// Generation settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Also emit component schemas no operation reaches (fixture specs use this).
    pub include_unreferenced: bool,
    /// The line budget of one generated file of types.
    pub max_file_lines: usize,
    /// The crate the operations go to, which decides how they reach the runtime: atlas-api
    /// (`crate::__rt`, accessors inherent methods of `Client`) or a crate that depends on it
    /// (fixture crates: `::atlas_api::__rt` and a `ClientExt` trait).
    pub target: Target,
    /// Gate each tag's operations, and the types only they use, behind a cargo feature, and
    /// preview versions behind `preview`.
    pub cargo_features: bool,
    /// The crate the types go to (`Output::type_files`), re-exported by the operations' crate
    /// as `types`; `None` keeps the whole tree in one crate. Either way the generated code
    /// calls its helpers as `crate::support` (atlas-api-types' `support` module), which the
    /// root of the crate that holds the tree declares.
    pub types_crate: Option<String>,
    /// Also emit `testkit/`: every operation callable by name with synthesized arguments,
    /// and every example decoded by its type (the conformance suites). Needs the crate's
    /// `testkit` feature, which compiles the synthesizer (a plain regenerate does not). The
    /// testkit calls `crate::testkit_support` (the tests crate's), so only that crate can
    /// hold it.
    pub testkit: bool,
    /// The waiters table (`spec/waiters.toml`), checked against the spec; each becomes a
    /// `wait_until_<name>` method of its poll operation's tag.
    pub waiters: Option<waiters::WaitersTable>,
    /// The table of request fields (`spec/request_fields.toml`): which read-only properties a
    /// request carries. Without one, the defaults decide and nothing is checked.
    pub request_fields: Option<request_fields::RequestFieldsTable>,
    /// The error codes of a missing and a duplicate item (`spec/error_codes.toml`), checked
    /// against the spec; the fake answers them.
    pub error_codes: Option<error_codes::ErrorCodesTable>,
    /// The events a successful call records (`spec/events.toml`), checked against the spec;
    /// the fake records them.
    pub events: Option<events::EventsTable>,
    /// What the spec cannot say of its resources (`spec/resources.toml`), checked against the
    /// spec; the fake's model is derived with it (without it, from the spec alone).
    pub resources: Option<resources::ResourcesTable>,
    /// How the tables and their entries are held to the spec: all of them (`cargo xtask
    /// check`), or those that apply, the rest listed in [`Output::skipped`] (`regenerate`, so
    /// that another spec generates before its tables are brought up to date).
    pub tables: TableUse,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            include_unreferenced: false,
            max_file_lines: 4000,
            target: Target::AtlasApi,
            cargo_features: true,
            types_crate: Some("atlas_api_types".into()),
            testkit: false,
            waiters: None,
            request_fields: None,
            error_codes: None,
            events: None,
            resources: None,
            tables: TableUse::Strict,
        }
    }
}

impl Config {
    /// How the tests crate compiles fixture specs: every schema, operations calling
    /// `atlas_api`'s runtime through a `ClientExt` trait, no cargo features.
    pub fn fixture() -> Self {
        Self {
            include_unreferenced: true,
            target: Target::Dependent,
            cargo_features: false,
            types_crate: None,
            testkit: true,
            ..Self::default()
        }
    }

    /// This configuration with every table of `tables` (read by [`Tables::in_dir`]).
    pub fn with_tables(self, tables: Tables) -> Self {
        let Tables { request_fields, waiters, error_codes, events, resources } = tables;
        Self {
            request_fields: Some(request_fields),
            waiters: Some(waiters),
            error_codes: Some(error_codes),
            events: Some(events),
            resources: Some(resources),
            ..self
        }
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
    pub tags: Vec<tags::Tag>,
    /// The operations' crate (with the types too when `Config::types_crate` is `None`).
    pub files: Vec<GeneratedFile>,
    /// The types' crate, when there is one.
    pub type_files: Vec<GeneratedFile>,
    /// The package name of the types' crate, when there is one.
    pub types_package: Option<String>,
    pub stats: Stats,
    /// Table entries that did not apply to this spec and read-only properties no entry
    /// decides (they follow the spec's marks), under [`TableUse::WhereTheyApply`]; empty
    /// under [`TableUse::Strict`], which fails on them instead.
    pub skipped: Vec<Diagnostic>,
}

impl Output {
    /// The `[features]` table of the crate: one feature per tag (all on by default) and
    /// `preview`.
    pub fn cargo_features(&self) -> String {
        self.features_table(false)
    }

    /// The `[features]` table of the types' crate: the same tags and `preview`. The
    /// operations' crate passes each of its features on to it.
    pub fn type_features(&self) -> String {
        self.features_table(true)
    }

    /// The operations' crate forwards each feature to the types' crate, when there is one.
    fn features_table(&self, types: bool) -> String {
        let forward = |feature: &str| match (types, &self.types_package) {
            (false, Some(package)) => format!("[\"{package}/{feature}\"]"),
            _ => "[]".to_owned(),
        };
        let quoted: Vec<String> = self.tags.iter().map(|t| format!("\"{}\"", t.feature)).collect();
        let mut out = String::from("[features]\n");
        out.push_str("# @generated by `cargo xtask regenerate`: one feature per API tag. Do not edit by hand.\n");
        out.push_str("default = [\"all-tags\"]\n");
        out.push_str("# Operations and versions Atlas publishes as previews.\n");
        out.push_str(&format!("preview = {}\n", forward("preview")));
        out.push_str(&format!("all-tags = [\n    {},\n]\n", quoted.join(",\n    ")));
        for tag in &self.tags {
            let forwarded = forward(&tag.feature);
            out.push_str(&format!(
                "# `{}`: {} operations.\n{} = {forwarded}\n",
                tag.name,
                tag.operations.len(),
                tag.feature
            ));
        }
        out
    }
}

/// Generates the Rust tree for a loaded spec.
pub fn generate(spec: &Spec, config: &Config) -> Result<Output, Diagnostics> {
    let (api, skipped) = lower::lower(spec, config)?;
    let tags = tags::tags(&api);
    let (files, type_files) = layout::files(&api, &tags, config)?;
    let stats = stats(&api, &files, &type_files);
    let types_package = config.types_crate.as_ref().map(|name| name.replace('_', "-"));
    Ok(Output { api, tags, files, type_files, types_package, stats, skipped })
}

fn stats(api: &Api, files: &[GeneratedFile], type_files: &[GeneratedFile]) -> Stats {
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
        files: files.len() + type_files.len(),
        lines: files.iter().chain(type_files).map(|f| f.contents.lines().count()).sum(),
    }
}
