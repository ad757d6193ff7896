//! What changed for atlas-api's users between two API surfaces, each change with its
//! semver weight: breaking (a method, argument, type, field or enum value a user's code may
//! name is gone or changed, or a method calls another version) or not (something new: our
//! structs, enums and unions are non-exhaustive), the Rust items it changes, and whether code
//! written against the old crate still compiles.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::surface::{OperationSurface, Surface, TypeSurface};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
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
    /// A path parameter the version now fills from its body's union tag: its argument goes.
    ParameterFromBody,
    /// A path parameter the version filled from its body's tag is an argument again.
    ParameterNoLongerFromBody,
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
    pub kind: ChangeKind,
    /// What changed: `getGroupCluster`, `getGroupCluster 2024-08-05`, `ClusterDescription.name`.
    pub subject: String,
    pub detail: String,
    /// The semver weight: a user's code may stop compiling, or call Atlas differently.
    pub breaking: bool,
    /// Whether code written against the old crate still compiles: code that builds values with
    /// `new` and the setters, reads fields and matches with a wildcard arm (what the
    /// non-exhaustive types allow), and calls the methods. A breaking change may compile (the
    /// plain method now sends another version, with the same types); `tests/tests/semver.rs`
    /// checks every verdict with the compiler.
    pub compiles: bool,
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

fn push(
    out: &mut Vec<Change>,
    kind: ChangeKind,
    subject: impl Into<String>,
    detail: impl Into<String>,
    breaking: bool,
) {
    out.push(Change { kind, subject: subject.into(), detail: detail.into(), breaking, compiles: !breaking });
}

/// A breaking change that code still compiles through: it now calls Atlas differently.
fn push_compiling(out: &mut Vec<Change>, kind: ChangeKind, subject: impl Into<String>, detail: impl Into<String>) {
    out.push(Change { kind, subject: subject.into(), detail: detail.into(), breaking: true, compiles: true });
}

fn operations(old: &Surface, new: &Surface, out: &mut Vec<Change>) {
    for (id, op) in &new.operations {
        let Some(before) = old.operations.get(id) else {
            let detail = format!("new: {}", methods(op));
            push(out, ChangeKind::OperationAdded, id, detail, false);
            continue;
        };
        operation(id, before, op, out);
    }
    for (id, op) in &old.operations {
        if !new.operations.contains_key(id) {
            let calls: Vec<String> = op.versions.values().map(|v| format!("`{}`", v.call)).collect();
            let detail = format!("{} gone, with the call structs {}", methods(op), calls.join(", "));
            push(out, ChangeKind::OperationRemoved, id, detail, true);
        }
    }
}

fn accessor(tag: &str) -> String {
    heck::ToSnakeCase::to_snake_case(tag)
}

/// `clusters().get_cluster()`, as a user writes the call.
fn call(op: &OperationSurface, method: &str) -> String {
    format!("`{}().{method}()`", accessor(&op.tag))
}

/// Every version's method of an operation, as a user writes them.
fn methods(op: &OperationSurface) -> String {
    let all: Vec<String> = op.versions.values().map(|v| call(op, &v.method)).collect();
    all.join(", ")
}

fn operation(id: &str, old: &OperationSurface, new: &OperationSurface, out: &mut Vec<Change>) {
    if new.deprecated && !old.deprecated {
        push(out, ChangeKind::OperationDeprecated, id, format!("{} is deprecated", methods(new)), false);
    }
    if old.default_version.is_some() && old.default_version != new.default_version {
        let types = |op: &OperationSurface| {
            let version = op.default_version.as_ref().and_then(|date| op.versions.get(date));
            version.map(|v| (v.takes.clone(), v.returns.clone()))
        };
        let moved = format!(
            "{} sends {} (was {})",
            call(new, &new.method),
            new.default_version.as_deref().unwrap_or("none"),
            old.default_version.as_deref().unwrap_or("none")
        );
        if types(old) == types(new) {
            let detail =
                format!("{moved}, with the same argument and answer types: code compiles and calls the other version");
            push_compiling(out, ChangeKind::DefaultVersionChanged, id, detail);
        } else {
            let detail = format!(
                "{moved}: its argument or answer type changes, so code that names or reads them does not compile"
            );
            push(out, ChangeKind::DefaultVersionChanged, id, detail, true);
        }
    }
    versions(id, old, new, out);
    parameters(id, old, new, out);
}

fn versions(id: &str, old: &OperationSurface, new: &OperationSurface, out: &mut Vec<Change>) {
    let had_preview = old.versions.contains_key("preview") && !new.versions.contains_key("preview");
    for (date, version) in &new.versions {
        let subject = format!("{id} {date}");
        let method = call(new, &version.method);
        match old.versions.get(date) {
            None if had_preview && !version.preview => {
                let detail = format!("the preview is now this dated version: {method}");
                push(out, ChangeKind::PreviewPromoted, &subject, detail, false)
            }
            None => push(out, ChangeKind::VersionAdded, &subject, format!("a new dated version: {method}"), false),
            Some(before) => {
                if version.sunset.is_some() && before.sunset != version.sunset {
                    let detail = format!("Atlas sunsets {method} on {}", version.sunset.as_deref().unwrap_or_default());
                    push(out, ChangeKind::VersionSunset, &subject, detail, false);
                }
                let mut retyped = Vec::new();
                if before.takes != version.takes {
                    retyped.push(format!("takes {} (was {})", name(&version.takes), name(&before.takes)));
                }
                if before.returns != version.returns {
                    retyped.push(format!("returns {} (was {})", name(&version.returns), name(&before.returns)));
                }
                if !retyped.is_empty() {
                    let detail = format!("{method} {}", retyped.join(" and "));
                    push(out, ChangeKind::VersionRetyped, &subject, detail, !version.preview);
                }
                from_body(&subject, &method, before, version, new, out);
            }
        }
    }
    for (date, version) in &old.versions {
        if new.versions.contains_key(date) {
            continue;
        }
        let subject = format!("{id} {date}");
        let method = call(old, &version.method);
        match new.versions.iter().find(|(_, v)| v.method == version.method) {
            // The plain method stays, for the version that is now the default.
            Some((now, _)) if version.preview => {
                let detail = format!("the preview is gone: {method} now calls {now}");
                push(out, ChangeKind::VersionRemoved, subject, detail, false);
            }
            Some((now, same)) if (&same.takes, &same.returns) == (&version.takes, &version.returns) => {
                let detail =
                    format!("{method} now calls {now}, with the same types: code compiles and calls the other version");
                push_compiling(out, ChangeKind::VersionRemoved, subject, detail);
            }
            Some((now, _)) => {
                let detail = format!("{method} now calls {now}, whose argument or answer type differs: code that names or reads them does not compile");
                push(out, ChangeKind::VersionRemoved, subject, detail, true);
            }
            None => {
                let detail = format!("{method} is gone, with its call struct `{}`", version.call);
                push(out, ChangeKind::VersionRemoved, subject, detail, !version.preview);
            }
        }
    }
}

/// A path parameter a version fills from its body's union tag, or no longer does: the method
/// loses or gains its argument.
fn from_body(
    subject: &str,
    method: &str,
    old: &crate::surface::VersionSurface,
    new: &crate::surface::VersionSurface,
    op: &OperationSurface,
    out: &mut Vec<Change>,
) {
    let ident = |wire: &String| op.parameters.get(wire).map_or(wire.clone(), |p| p.ident.clone());
    for wire in new.from_body.iter().filter(|w| !old.from_body.contains(w)) {
        let detail = format!(
            "{method} no longer takes `{}`: the path's `{{{wire}}}` is what its body's tag says, so code that passes it does not compile",
            ident(wire)
        );
        push(out, ChangeKind::ParameterFromBody, format!("{subject} {wire}"), detail, !new.preview);
    }
    for wire in old.from_body.iter().filter(|w| !new.from_body.contains(w)) {
        let detail =
            format!("{method} takes `{}` again: the path's `{{{wire}}}` is no longer read from its body", ident(wire));
        push(out, ChangeKind::ParameterNoLongerFromBody, format!("{subject} {wire}"), detail, !new.preview);
    }
}

fn parameters(id: &str, old: &OperationSurface, new: &OperationSurface, out: &mut Vec<Change>) {
    let methods = methods(new);
    for (wire, param) in &new.parameters {
        let subject = format!("{id} {wire}");
        let (ident, ty) = (&param.ident, &param.ty);
        match old.parameters.get(wire) {
            None if param.required => {
                let detail = format!("{methods} take a new {} argument `{ident}: {ty}`", param.location);
                push(out, ChangeKind::ParameterAdded, &subject, detail, true)
            }
            None => {
                let detail = format!("the calls of {methods} gain a builder method `.{ident}()`");
                push(out, ChangeKind::ParameterAdded, &subject, detail, false)
            }
            Some(before) => {
                if param.required && !before.required {
                    let detail = format!("`{ident}: {ty}` is now an argument of {methods}, not a builder method");
                    push(out, ChangeKind::ParameterMadeRequired, &subject, detail, true);
                }
                if !param.required && before.required {
                    let detail =
                        format!("`{ident}` is now a builder method of the calls of {methods}, not an argument");
                    push(out, ChangeKind::ParameterMadeOptional, &subject, detail, true);
                }
                if param.ty != before.ty {
                    let detail = format!("`{ident}` of {methods} takes {ty} (was {})", before.ty);
                    push(out, ChangeKind::ParameterRetyped, &subject, detail, true);
                }
            }
        }
    }
    for (wire, param) in &old.parameters {
        if !new.parameters.contains_key(wire) {
            let what = if param.required { "argument" } else { "builder method" };
            let detail = format!("the {what} `{}` of {} is gone", param.ident, self::methods(old));
            push(out, ChangeKind::ParameterRemoved, format!("{id} {wire}"), detail, true);
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
            push(out, ChangeKind::TypeAdded, *name, format!("new: {} `{name}`", article(&ty.kind)), false);
        }
    }
    for name in removed.keys() {
        match renamed.get(name) {
            Some(to) => push(
                out,
                ChangeKind::TypeRenamed,
                *name,
                format!("`{name}` is now `{to}`: code that names it changes"),
                true,
            ),
            None => push(out, ChangeKind::TypeRemoved, *name, format!("the type `{name}` is gone"), true),
        }
    }
    for (name, ty) in &new.types {
        let Some(before) = old.types.get(name) else { continue };
        if before.kind != ty.kind {
            let detail = format!(
                "`{name}` is {} (was {}): how it is built, read and matched changes",
                article(&ty.kind),
                article(&before.kind)
            );
            push(out, ChangeKind::TypeKindChanged, name, detail, true);
            continue;
        }
        fields(name, before, ty, &renamed, out);
        values(name, before, ty, out);
    }
}

fn article(kind: &str) -> String {
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {kind}")
}

/// A struct's fields: an optional one added is no break (structs are `#[non_exhaustive]`,
/// built with `new(required..)` and setters); a required one is a new argument of `new`.
fn fields(
    name: &str,
    old: &TypeSurface,
    new: &TypeSurface,
    renamed: &BTreeMap<&String, &String>,
    out: &mut Vec<Change>,
) {
    for (wire, ty) in &new.fields {
        let subject = format!("{name}.{wire}");
        let ident = new.idents.get(wire).map_or(wire.as_str(), String::as_str);
        match old.fields.get(wire) {
            None if ty.starts_with("Option<") => {
                let detail = format!(
                    "a new field `{ident}: {ty}` and setter `{name}::{ident}()`; `{name}` is `#[non_exhaustive]`, \
                     so code that builds it with `new` and setters, reads it or matches it with `..` compiles"
                );
                push(out, ChangeKind::FieldAdded, &subject, detail, false);
            }
            None => {
                let detail = format!("`{name}::new` takes a new argument `{ident}: {ty}` (a required field)");
                push(out, ChangeKind::FieldAdded, &subject, detail, true);
            }
            Some(before)
                if before != ty && renamed.iter().any(|(from, to)| before.replace(from.as_str(), to) == *ty) =>
            {
                // Only its type's name changed, which the type's rename reports.
                let detail = format!("`{name}.{ident}` is {ty} (was {before}): its type is renamed, and code that reads the field compiles");
                push(out, ChangeKind::FieldRetyped, &subject, detail, false);
            }
            Some(before) if before != ty => {
                push(out, ChangeKind::FieldRetyped, &subject, retyped(name, ident, ty, before), true)
            }
            Some(_) => {}
        }
    }
    for wire in old.fields.keys() {
        if !new.fields.contains_key(wire) {
            let ident = old.idents.get(wire).map_or(wire.as_str(), String::as_str);
            let detail = format!("the field `{name}.{ident}` and its setter `{name}::{ident}()` are gone");
            push(out, ChangeKind::FieldRemoved, format!("{name}.{wire}"), detail, true);
        }
    }
}

/// What a field's new type changes for its users.
fn retyped(name: &str, ident: &str, ty: &str, before: &str) -> String {
    if before.strip_prefix("Option<").and_then(|t| t.strip_suffix('>')) == Some(ty) {
        format!(
            "required now: `{name}::new` takes a new argument `{ident}: {ty}`, and the field is {ty} (was {before})"
        )
    } else if ty.strip_prefix("Option<").and_then(|t| t.strip_suffix('>')) == Some(before) {
        format!("optional now: `{name}::new` no longer takes `{ident}`, and the field is {ty} (was {before})")
    } else {
        let inner = |t: &'_ str| t.strip_prefix("Option<").and_then(|t| t.strip_suffix('>')).unwrap_or(t).to_owned();
        format!("the field `{name}.{ident}` is {ty} (was {before}), and its setter takes {}", inner(ty))
    }
}

/// An enum's values or a union's variants: new ones are no break (both are
/// `#[non_exhaustive]`: a `match` has a wildcard arm), gone ones are.
fn values(name: &str, old: &TypeSurface, new: &TypeSurface, out: &mut Vec<Change>) {
    let (added, removed) = if new.kind == "enum" {
        (ChangeKind::EnumValueAdded, ChangeKind::EnumValueRemoved)
    } else {
        (ChangeKind::VariantAdded, ChangeKind::VariantRemoved)
    };
    let variant = |surface: &TypeSurface, value: &str| {
        format!("{name}::{}", surface.idents.get(value).map_or(value, String::as_str))
    };
    for value in &new.values {
        if !old.values.contains(value) {
            let detail = format!(
                "a new variant `{}`; `{name}` is `#[non_exhaustive]`, so a `match` on it already has a wildcard arm",
                variant(new, value)
            );
            push(out, added, format!("{name}::{value}"), detail, false);
        }
    }
    for value in &old.values {
        if !new.values.contains(value) {
            let detail = format!("the variant `{}` is gone", variant(old, value));
            push(out, removed, format!("{name}::{value}"), detail, true);
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
        let mut counts: BTreeMap<ChangeKind, (usize, usize)> = BTreeMap::new();
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
        let headings = [
            ("Breaking: code that uses it stops compiling", true, false),
            ("Breaking: code compiles, and calls Atlas differently", true, true),
            ("Additive and other", false, true),
        ];
        for (heading, breaking, compiles) in headings {
            let listed: Vec<&Change> =
                self.changes.iter().filter(|c| c.breaking == breaking && c.compiles == compiles).collect();
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
