//! The error codes Atlas answers a missing item and a second item of the same key with
//! (`spec/error_codes.toml`), each with where it was seen, checked against the spec: the
//! item's GET documents a 404, the collection's POST a 409, and a code is Atlas's spelling
//! (`CLUSTER_NOT_FOUND`). The fake answers them; a collection the table does not name gets
//! the spec's generic code.

use serde::Deserialize;

use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::{Api, ErrorCodes, Method, Segment};

/// The parsed table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCodesTable {
    /// `[[missing]]`: `path` is the item's template (`…/clusters/{clusterName}`).
    #[serde(default)]
    pub missing: Vec<CodeEntry>,
    /// `[[duplicate]]`: `path` is the collection's template (`…/clusters`).
    #[serde(default)]
    pub duplicate: Vec<CodeEntry>,
    /// `[[in_use]]`: a DELETE of `path` is refused with a 409 while the collection
    /// `children` under it holds an item (a project with clusters).
    #[serde(default)]
    pub in_use: Vec<InUse>,
}

/// One `[[in_use]]`, unchecked.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InUse {
    pub path: String,
    pub children: String,
    pub code: String,
    pub source: String,
}

/// One entry, unchecked.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeEntry {
    pub path: String,
    pub code: String,
    pub source: String,
}

/// One entry of any of the table's lists, so that the entries can be checked one at a time.
#[derive(Debug, Clone)]
pub(crate) enum CodePart {
    Missing(CodeEntry),
    Duplicate(CodeEntry),
    InUse(InUse),
}

impl ErrorCodesTable {
    /// Every entry of the three lists, in order.
    pub(crate) fn parts(&self) -> Vec<CodePart> {
        let missing = self.missing.iter().cloned().map(CodePart::Missing);
        let duplicate = self.duplicate.iter().cloned().map(CodePart::Duplicate);
        missing.chain(duplicate).chain(self.in_use.iter().cloned().map(CodePart::InUse)).collect()
    }

    /// The table of these entries.
    pub(crate) fn from_parts(parts: &[CodePart]) -> Self {
        let mut table = Self::default();
        for part in parts.iter().cloned() {
            match part {
                CodePart::Missing(entry) => table.missing.push(entry),
                CodePart::Duplicate(entry) => table.duplicate.push(entry),
                CodePart::InUse(entry) => table.in_use.push(entry),
            }
        }
        table
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        super::TableKind::ErrorCodes.parse(text)
    }

    pub fn from_file(path: &std::path::Path) -> Result<Self, String> {
        super::TableKind::ErrorCodes.read(path)
    }

    /// Each entry against the operations; every fault is reported, at the JSON pointer of
    /// the operation at fault (or of `paths` when there is none).
    pub(crate) fn check(&self, api: &Api) -> Result<ErrorCodes, Diagnostics> {
        let mut diags = Diagnostics::new();
        let kinds = [(&self.missing, CodeKind::Missing), (&self.duplicate, CodeKind::Duplicate)];
        for (entries, kind) in kinds {
            for entry in entries {
                if let Err((pointer, why)) = kind.check(api, entry) {
                    diags.push(pointer, format!("error code `{}` of {}: {why}", entry.code, entry.path));
                }
            }
        }
        for entry in &self.in_use {
            if let Err((pointer, why)) = check_in_use(api, entry) {
                diags.push(pointer, format!("error code `{}` of {}: {why}", entry.code, entry.path));
            }
        }
        let pairs = |entries: &[CodeEntry]| entries.iter().map(|e| (e.path.clone(), e.code.clone())).collect();
        let in_use = self.in_use.iter().map(|e| (e.path.clone(), e.children.clone(), e.code.clone())).collect();
        diags.into_result(ErrorCodes { missing: pairs(&self.missing), duplicate: pairs(&self.duplicate), in_use })
    }
}

#[derive(Clone, Copy)]
enum CodeKind {
    Missing,
    Duplicate,
}

/// A code spelled as Atlas spells them, and a source.
fn well_formed(code: &str, source: &str) -> Result<(), (Pointer, String)> {
    let spelled = code.starts_with(|c: char| c.is_ascii_uppercase())
        && code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if !spelled {
        return Err((Pointer::root(), "not an Atlas error code (capitals, digits and `_`)".to_owned()));
    }
    if source.trim().is_empty() {
        return Err((Pointer::root(), "no `source`: say where Atlas was seen to answer it".to_owned()));
    }
    Ok(())
}

/// An `[[in_use]]`: a DELETE of `path` that documents a 409, and a collection under it that
/// an operation has as its path.
fn check_in_use(api: &Api, entry: &InUse) -> Result<(), (Pointer, String)> {
    well_formed(&entry.code, &entry.source)?;
    let paths = Pointer::root().push("paths");
    let under = entry.children.strip_prefix(&entry.path).is_some_and(|rest| rest.starts_with('/'));
    if !under || !api.operations.iter().any(|op| op.path.as_str() == entry.children) {
        return Err((paths, format!("`children` {} is no collection under the path", entry.children)));
    }
    let delete = api.operation_at(Method::Delete, &entry.path);
    let delete = delete.ok_or_else(|| (paths, "no DELETE has this path".to_owned()))?;
    if !delete.refusals.contains(&409) {
        return Err((delete.pointer.push("responses"), "the DELETE documents no 409".to_owned()));
    }
    Ok(())
}

impl CodeKind {
    fn check(self, api: &Api, entry: &CodeEntry) -> Result<(), (Pointer, String)> {
        let (method, status) = match self {
            CodeKind::Missing => (Method::Get, 404),
            CodeKind::Duplicate => (Method::Post, 409),
        };
        well_formed(&entry.code, &entry.source)?;
        let found = api.operation_at(method, &entry.path);
        let Some(op) = found else {
            return Err((Pointer::root().push("paths"), format!("no {method} has this path")));
        };
        let ends_in_item = matches!(op.path.segments().last(), Some(Segment::Param { prefix, suffix, .. }) if prefix.is_empty() && suffix.is_empty());
        if matches!(self, CodeKind::Missing) != ends_in_item {
            let shape = if ends_in_item { "an item's" } else { "a collection's" };
            return Err((op.pointer.clone(), format!("the path is {shape}, not what a [[{}]] names", self.name())));
        }
        if !op.refusals.contains(&status) {
            return Err((op.pointer.push("responses"), format!("the {method} documents no {status}")));
        }
        Ok(())
    }

    fn name(self) -> &'static str {
        match self {
            CodeKind::Missing => "missing",
            CodeKind::Duplicate => "duplicate",
        }
    }
}
