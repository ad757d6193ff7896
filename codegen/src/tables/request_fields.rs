//! `spec/request_fields.toml`: which of the properties the spec marks read-only a request body
//! carries. The spec's `readOnly` is written by people and wrong in places, so what a request
//! leaves out is decided per property, by evidence, here.
//!
//! - A property marked `readOnly` itself is left out, unless a `[[send]]` entry names it.
//! - A property that references a component schema marked `readOnly` as a whole is sent (the
//!   flag describes the schema, not the property that uses it), unless `[[strip]]` names it.
//!
//! With a table, every read-only property a request body reaches must be named by an entry
//! (by pointer, or by wire name for `[[strip]]`), and every entry must apply to one, so a new
//! spec with a new read-only property, or without an old one, fails generation until the table
//! says what to do. Without a table (fixture specs) the two defaults above decide alone.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::Deserialize;

use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::{Api, ReadOnly, TypeKind};

/// The parsed table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestFieldsTable {
    /// Read-only properties a request carries all the same.
    #[serde(default)]
    pub send: Vec<FieldEntry>,
    /// Properties a request leaves out.
    #[serde(default)]
    pub strip: Vec<FieldEntry>,
}

/// One `[[send]]` or `[[strip]]`: the properties it names and why.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldEntry {
    /// JSON pointers of property nodes (`#/components/schemas/X/properties/y`).
    #[serde(default)]
    pub pointers: Vec<String>,
    /// Wire names: every read-only property of that name no pointer entry decides.
    #[serde(default)]
    pub names: Vec<String>,
    pub reason: String,
}

/// Which entry decided a property, for the check that every entry applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rule {
    SendPointer(usize, usize),
    StripPointer(usize, usize),
    StripName(usize, usize),
}

impl RequestFieldsTable {
    pub fn parse(text: &str) -> Result<Self, String> {
        super::TableKind::RequestFields.parse(text)
    }

    pub fn from_file(path: &std::path::Path) -> Result<Self, String> {
        super::TableKind::RequestFields.read(path)
    }

    /// Whether a request carries the property at `pointer` (wire name `wire`).
    pub fn in_request(&self, pointer: &Pointer, wire: &str, read_only: ReadOnly) -> bool {
        match (read_only, self.rule(pointer, wire, read_only)) {
            (ReadOnly::No, _) => true,
            (_, Some(Rule::SendPointer(..))) => true,
            (_, Some(Rule::StripPointer(..) | Rule::StripName(..))) => false,
            (ReadOnly::Property, None) => false,
            (ReadOnly::Schema, None) => true,
        }
    }

    fn rule(&self, pointer: &Pointer, wire: &str, read_only: ReadOnly) -> Option<Rule> {
        if read_only == ReadOnly::No {
            return None;
        }
        let at = pointer.as_str();
        let find = |entries: &[FieldEntry], rule: fn(usize, usize) -> Rule| {
            entries
                .iter()
                .enumerate()
                .find_map(|(e, entry)| entry.pointers.iter().position(|p| p == at).map(|i| rule(e, i)))
        };
        find(&self.send, Rule::SendPointer).or_else(|| find(&self.strip, Rule::StripPointer)).or_else(|| {
            self.strip
                .iter()
                .enumerate()
                .find_map(|(e, entry)| entry.names.iter().position(|n| n == wire).map(|i| Rule::StripName(e, i)))
        })
    }

    /// Every read-only property a request body reaches is decided by an entry, and every
    /// entry decides one; `[[send]]` names properties by pointer only.
    pub fn check(&self, api: &Api) -> Result<(), Diagnostics> {
        let mut diags = Diagnostics::new();
        let here = Pointer::root();
        for (e, entry) in self.send.iter().enumerate() {
            if !entry.names.is_empty() {
                diags.push(
                    here.clone(),
                    format!(
                        "request fields: [[send]] {} names properties by wire name; a send names each by pointer",
                        e + 1
                    ),
                );
            }
        }
        let mut used = BTreeSet::new();
        let mut undecided = BTreeMap::new();
        for field in request_fields(api) {
            match self.rule(&field.0, &field.1, field.2) {
                Some(rule) => {
                    used.insert(rule);
                }
                None => {
                    undecided.insert(field.0.to_string(), field.2);
                }
            }
        }
        for (at, read_only) in undecided {
            let what = match read_only {
                ReadOnly::Schema => "references a schema marked readOnly as a whole",
                _ => "is marked readOnly",
            };
            let message = format!(
                "request fields: this property {what} and a request body reaches it; say in spec/request_fields.toml \
                 whether a request sends it ([[send]] by pointer) or not ([[strip]] by pointer or name)"
            );
            diags.push(table_pointer(&at), message);
        }
        for (rule, at, message) in self.entries() {
            if !used.contains(&rule) {
                diags.push(at, message);
            }
        }
        diags.into_result(())
    }

    /// Every pointer and name of the table, with the diagnostic for one that no longer applies.
    fn entries(&self) -> Vec<(Rule, Pointer, String)> {
        let mut out = Vec::new();
        let stale = "request fields: no read-only property a request body reaches is here any more; \
                     remove it from spec/request_fields.toml";
        for (e, entry) in self.send.iter().enumerate() {
            for (i, at) in entry.pointers.iter().enumerate() {
                out.push((Rule::SendPointer(e, i), table_pointer(at), format!("{stale} ([[send]])")));
            }
        }
        for (e, entry) in self.strip.iter().enumerate() {
            for (i, at) in entry.pointers.iter().enumerate() {
                out.push((Rule::StripPointer(e, i), table_pointer(at), format!("{stale} ([[strip]])")));
            }
            for (i, name) in entry.names.iter().enumerate() {
                let message = format!(
                    "request fields: [[strip]] {} names `{name}`, which no read-only property a request body reaches \
                     is called (or a pointer entry decides them all); remove it",
                    e + 1
                );
                out.push((Rule::StripName(e, i), Pointer::root(), message));
            }
        }
        out
    }

    /// How many pointers and names the table holds (what the request suite counts against).
    pub fn len(&self) -> usize {
        self.send.iter().chain(&self.strip).map(|e| e.pointers.len() + e.names.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The pointer, wire name and access of every read-only property of a type a request body
/// reaches (through fields, lists, maps and union variants), each once.
fn request_fields(api: &Api) -> Vec<(Pointer, String, ReadOnly)> {
    let mut fields = Vec::new();
    let mut pointers = HashSet::new();
    for id in api.in_requests() {
        if let TypeKind::Struct(s) = &api.get(id).kind {
            for f in s.fields.iter().filter(|f| f.read_only != ReadOnly::No) {
                if pointers.insert(f.source.to_string()) {
                    fields.push((f.source.clone(), f.wire.clone(), f.read_only));
                }
            }
        }
    }
    fields.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
    fields
}

/// A table's pointer as a diagnostic's: the root when it is not a pointer at all.
fn table_pointer(at: &str) -> Pointer {
    Pointer::from_ref(at).unwrap_or_else(Pointer::root)
}
