//! The tables of facts under `spec/`, each with its reader and its check against the spec:
//! the overrides (applied to the raw document before it is parsed), which read-only
//! properties a request carries, the waiters, the error codes and events of the fake, and
//! what the spec cannot say of its resources. What a checked table says is an IR type
//! (`ir/table_facts.rs`); nothing in the IR imports from here.
//!
//! [`TableKind`] names each table and its file once; [`Tables::in_dir`] reads them all from one
//! directory (the workspace's `spec/`).

mod applying;
pub mod error_codes;
pub mod events;
pub mod overrides;
pub mod request_fields;
pub mod resources;
pub mod waiters;

use std::path::{Path, PathBuf};

pub(crate) use applying::checked;
pub use applying::TableUse;

/// One table under `spec/`: its file name and how errors name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Overrides,
    RequestFields,
    Waiters,
    ErrorCodes,
    Events,
    Resources,
}

impl TableKind {
    /// Every table, the overrides first.
    pub const ALL: [TableKind; 6] = [
        TableKind::Overrides,
        TableKind::Waiters,
        TableKind::RequestFields,
        TableKind::ErrorCodes,
        TableKind::Events,
        TableKind::Resources,
    ];

    /// Its file's name in the directory of tables.
    pub fn file_name(self) -> &'static str {
        match self {
            TableKind::Overrides => "overrides.toml",
            TableKind::RequestFields => "request_fields.toml",
            TableKind::Waiters => "waiters.toml",
            TableKind::ErrorCodes => "error_codes.toml",
            TableKind::Events => "events.toml",
            TableKind::Resources => "resources.toml",
        }
    }

    /// How an error names it.
    fn what(self) -> &'static str {
        match self {
            TableKind::Overrides => "the overrides",
            TableKind::RequestFields => "the table of request fields",
            TableKind::Waiters => "the waiters table",
            TableKind::ErrorCodes => "the table of error codes",
            TableKind::Events => "the table of events",
            TableKind::Resources => "the table of resources",
        }
    }

    /// Its file in `dir`.
    pub fn path_in(self, dir: &Path) -> PathBuf {
        dir.join(self.file_name())
    }

    /// The table's text, parsed.
    pub(crate) fn parse<T: serde::de::DeserializeOwned>(self, text: &str) -> Result<T, String> {
        toml::from_str(text).map_err(|e| format!("{}: {e}", self.what()))
    }

    /// The table at `path`, read and parsed; an error names the file.
    pub(crate) fn read<T: serde::de::DeserializeOwned>(self, path: &Path) -> Result<T, String> {
        let text = read_text(path)?;
        self.parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// The text of a table's file; an error names the file.
fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The tables a generation is checked against and decided with (the overrides apply at
/// loading, so they are read on their own: [`overrides::Overrides::from_file`]).
#[derive(Debug, Clone, Default)]
pub struct Tables {
    pub waiters: waiters::WaitersTable,
    pub request_fields: request_fields::RequestFieldsTable,
    pub error_codes: error_codes::ErrorCodesTable,
    pub events: events::EventsTable,
    pub resources: resources::ResourcesTable,
}

impl Tables {
    /// The tables generation takes, in the order [`Tables::in_dir`] reads them.
    pub const KINDS: [TableKind; 5] =
        [TableKind::Waiters, TableKind::RequestFields, TableKind::ErrorCodes, TableKind::Events, TableKind::Resources];

    /// Every table in `dir` (the workspace's `spec/`), read and parsed.
    pub fn in_dir(dir: &Path) -> Result<Self, String> {
        Ok(Self {
            waiters: TableKind::Waiters.read(&TableKind::Waiters.path_in(dir))?,
            request_fields: TableKind::RequestFields.read(&TableKind::RequestFields.path_in(dir))?,
            error_codes: TableKind::ErrorCodes.read(&TableKind::ErrorCodes.path_in(dir))?,
            events: TableKind::Events.read(&TableKind::Events.path_in(dir))?,
            resources: TableKind::Resources.read(&TableKind::Resources.path_in(dir))?,
        })
    }

    /// The files [`Tables::in_dir`] reads, for messages.
    pub fn files(dir: &Path) -> Vec<PathBuf> {
        Self::KINDS.iter().map(|kind| kind.path_in(dir)).collect()
    }
}
