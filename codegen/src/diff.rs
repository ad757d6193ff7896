//! What changed for atlas-api's users between two API surfaces, each change with its
//! semver weight: breaking (a method, argument, type, field or enum value a user's code may
//! name is gone or changed) or not (something new; our enums and unions are non-exhaustive).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::surface::{OperationSurface, Surface, TypeSurface};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    OperationAdded,
    OperationRemoved,
    OperationDeprecated,
    VersionAdded,
    VersionRemoved,
    VersionSunset,
    VersionRetyped,
    DefaultVersionChanged,
    PreviewPromoted,
    ParameterAdded,
    ParameterRemoved,
    ParameterMadeRequired,
    ParameterMadeOptional,
    ParameterRetyped,
    TypeAdded,
    TypeRemoved,
    TypeRenamed,
    TypeKindChanged,
    FieldAdded,
    FieldRemoved,
    FieldRetyped,
    EnumValueAdded,
    EnumValueRemoved,
    VariantAdded,
    VariantRemoved,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    pub kind: Kind,
    /// What changed: `getGroupCluster`, `getGroupCluster 2024-08-05`, `ClusterDescription.name`.
    pub subject: String,
    pub detail: String,
    pub breaking: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub changes: Vec<Change>,
}

/// Every change from `old` to `new`, sorted by kind, then subject.
pub fn diff(old: &Surface, new: &Surface) -> Report {
    let mut out = Vec::new();
    operations(old, new, &mut out);
    types(old, new, &mut out);
    out.sort();
    Report { changes: out }
}

fn push(out: &mut Vec<Change>, kind: Kind, subject: impl Into<String>, detail: impl Into<String>, breaking: bool) {
    out.push(Change { kind, subject: subject.into(), detail: detail.into(), breaking });
}

fn operations(old: &Surface, new: &Surface, out: &mut Vec<Change>) {
    for (id, op) in &new.operations {
        let Some(before) = old.operations.get(id) else {
            push(out, Kind::OperationAdded, id, format!("`{}().{}`", accessor(&op.tag), op.method), false);
            continue;
        };
        operation(id, before, op, out);
    }
    for (id, op) in &old.operations {
        if !new.operations.contains_key(id) {
            let detail = format!("`{}().{}` and its other versions are gone", accessor(&op.tag), op.method);
            push(out, Kind::OperationRemoved, id, detail, true);
        }
    }
}

fn accessor(tag: &str) -> String {
    heck::ToSnakeCase::to_snake_case(tag)
}

fn operation(id: &str, old: &OperationSurface, new: &OperationSurface, out: &mut Vec<Change>) {
    if new.deprecated && !old.deprecated {
        push(out, Kind::OperationDeprecated, id, "the operation is deprecated", false);
    }
    if old.default_version.is_some() && old.default_version != new.default_version {
        let detail = format!(
            "`{}` moves from {} to {}: its argument and answer types may change",
            new.method,
            old.default_version.as_deref().unwrap_or("none"),
            new.default_version.as_deref().unwrap_or("none")
        );
        push(out, Kind::DefaultVersionChanged, id, detail, true);
    }
    let had_preview = old.versions.contains_key("preview") && !new.versions.contains_key("preview");
    for (date, version) in &new.versions {
        let subject = format!("{id} {date}");
        match old.versions.get(date) {
            None if had_preview && !version.preview => {
                push(out, Kind::PreviewPromoted, &subject, "the preview is now this dated version", false)
            }
            None => push(out, Kind::VersionAdded, &subject, "a new dated version (its own method)", false),
            Some(before) => {
                if version.sunset.is_some() && before.sunset != version.sunset {
                    let detail = format!("Atlas sunsets it on {}", version.sunset.as_deref().unwrap_or_default());
                    push(out, Kind::VersionSunset, &subject, detail, false);
                }
                if (&before.takes, &before.returns) != (&version.takes, &version.returns) {
                    let detail = format!(
                        "takes {} (was {}), returns {} (was {})",
                        name(&version.takes),
                        name(&before.takes),
                        name(&version.returns),
                        name(&before.returns)
                    );
                    push(out, Kind::VersionRetyped, &subject, detail, !version.preview);
                }
            }
        }
    }
    for (date, version) in &old.versions {
        if !new.versions.contains_key(date) {
            let detail = if version.preview { "the preview version is gone" } else { "its method is gone" };
            push(out, Kind::VersionRemoved, format!("{id} {date}"), detail, !version.preview);
        }
    }
    for (wire, param) in &new.parameters {
        let subject = format!("{id} {wire}");
        match old.parameters.get(wire) {
            None if param.required => {
                push(out, Kind::ParameterAdded, &subject, format!("a required {} argument", param.location), true)
            }
            None => {
                push(out, Kind::ParameterAdded, &subject, format!("an optional {} parameter", param.location), false)
            }
            Some(before) => {
                if param.required && !before.required {
                    push(out, Kind::ParameterMadeRequired, &subject, "now an argument of the method", true);
                }
                if !param.required && before.required {
                    push(
                        out,
                        Kind::ParameterMadeOptional,
                        &subject,
                        "now a builder method, no longer an argument",
                        true,
                    );
                }
                if param.ty != before.ty {
                    push(out, Kind::ParameterRetyped, &subject, format!("{} (was {})", param.ty, before.ty), true);
                }
            }
        }
    }
    for wire in old.parameters.keys() {
        if !new.parameters.contains_key(wire) {
            push(out, Kind::ParameterRemoved, format!("{id} {wire}"), "its argument or builder method is gone", true);
        }
    }
}

fn name(ty: &Option<String>) -> &str {
    ty.as_deref().unwrap_or("nothing")
}

fn types(old: &Surface, new: &Surface, out: &mut Vec<Change>) {
    let added: BTreeMap<&String, &TypeSurface> =
        new.types.iter().filter(|(n, _)| !old.types.contains_key(*n)).collect();
    let removed: BTreeMap<&String, &TypeSurface> =
        old.types.iter().filter(|(n, _)| !new.types.contains_key(*n)).collect();
    // A type gone and a type new with the same shape (two members at least: one-field shapes
    // such as `{id}` are too common to tell a rename): a rename.
    let mut renamed = BTreeMap::new();
    for (old_name, shape) in removed.iter().filter(|(_, s)| s.fields.len() + s.values.len() >= 2) {
        if let Some((new_name, _)) = added.iter().find(|(n, s)| *s == shape && !renamed.values().any(|r| r == *n)) {
            renamed.insert(*old_name, *new_name);
        }
    }
    for (name, ty) in &added {
        if !renamed.values().any(|r| r == name) {
            push(out, Kind::TypeAdded, *name, format!("new: {}", article(&ty.kind)), false);
        }
    }
    for name in removed.keys() {
        match renamed.get(name) {
            Some(to) => push(out, Kind::TypeRenamed, *name, format!("now `{to}`"), true),
            None => push(out, Kind::TypeRemoved, *name, "the type is gone", true),
        }
    }
    for (name, ty) in &new.types {
        let Some(before) = old.types.get(name) else { continue };
        if before.kind != ty.kind {
            push(
                out,
                Kind::TypeKindChanged,
                name,
                format!("{} (was {})", article(&ty.kind), article(&before.kind)),
                true,
            );
            continue;
        }
        members(name, before, ty, out);
    }
}

fn article(kind: &str) -> String {
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {kind}")
}

fn members(name: &str, old: &TypeSurface, new: &TypeSurface, out: &mut Vec<Change>) {
    for (wire, ty) in &new.fields {
        let subject = format!("{name}.{wire}");
        match old.fields.get(wire) {
            None => {
                let optional = ty.starts_with("Option<");
                let detail =
                    if optional { format!("optional, {ty}") } else { format!("required, {ty}: `new(..)` takes it") };
                push(out, Kind::FieldAdded, &subject, detail, !optional);
            }
            Some(before) if before != ty => {
                push(out, Kind::FieldRetyped, &subject, format!("{ty} (was {before})"), true)
            }
            Some(_) => {}
        }
    }
    for wire in old.fields.keys() {
        if !new.fields.contains_key(wire) {
            push(out, Kind::FieldRemoved, format!("{name}.{wire}"), "the field is gone", true);
        }
    }
    let (added, removed) = if new.kind == "enum" {
        (Kind::EnumValueAdded, Kind::EnumValueRemoved)
    } else {
        (Kind::VariantAdded, Kind::VariantRemoved)
    };
    for value in &new.values {
        if !old.values.contains(value) {
            push(out, added, format!("{name}::{value}"), "new (the type is non-exhaustive)", false);
        }
    }
    for value in &old.values {
        if !new.values.contains(value) {
            push(out, removed, format!("{name}::{value}"), "gone: its variant no longer exists", true);
        }
    }
}

impl Report {
    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }

    /// `breaking`, `additive` or `none`: what the change means for the crate's version.
    pub fn semver(&self) -> &'static str {
        match (self.breaking(), self.changes.len()) {
            (0, 0) => "none",
            (0, _) => "additive",
            _ => "breaking",
        }
    }

    /// A few lines: counts by kind, and the verdict.
    pub fn summary(&self) -> String {
        let mut counts: BTreeMap<Kind, (usize, usize)> = BTreeMap::new();
        for change in &self.changes {
            let entry = counts.entry(change.kind).or_default();
            entry.0 += 1;
            entry.1 += usize::from(change.breaking);
        }
        let mut text =
            format!("API changes: {} ({} breaking): semver {}\n", self.changes.len(), self.breaking(), self.semver());
        for (kind, (all, breaking)) in counts {
            let kind = serde_json::to_value(kind).expect("a kind encodes");
            text.push_str(&format!("  {:<26} {all:>5}  ({breaking} breaking)\n", kind.as_str().unwrap_or_default()));
        }
        text
    }

    /// The changelog entry: breaking changes first, each as a bullet.
    pub fn markdown(&self, title: &str) -> String {
        let mut text = format!("## {title}\n\n{} changes, {} of them breaking.\n", self.changes.len(), self.breaking());
        for (heading, breaking) in [("Breaking", true), ("Additive and other", false)] {
            let listed: Vec<&Change> = self.changes.iter().filter(|c| c.breaking == breaking).collect();
            if listed.is_empty() {
                continue;
            }
            text.push_str(&format!("\n### {heading}\n\n"));
            for change in listed {
                let kind = serde_json::to_value(change.kind).expect("a kind encodes");
                text.push_str(&format!(
                    "- `{}` {}: {}\n",
                    change.subject,
                    kind.as_str().unwrap_or_default().replace('_', " "),
                    change.detail
                ));
            }
        }
        text
    }

    pub fn json(&self) -> String {
        let document = serde_json::json!({
            "semver": self.semver(),
            "breaking": self.breaking(),
            "changes": self.changes,
        });
        serde_json::to_string_pretty(&document).expect("a report encodes") + "\n"
    }
}
