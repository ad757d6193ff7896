//! Every Rust name the generator writes comes from here: types, fields, variants,
//! methods; keywords and clashes are settled deterministically.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be plain identifiers; `r#` works for all but [`NOT_RAW`].
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];
/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];
/// Type names the generated code (or the prelude it relies on) already uses.
const RESERVED_TYPES: &[&str] =
    &["Self", "Option", "Some", "None", "Result", "Ok", "Err", "Vec", "String", "Box", "Default"];

/// A type name for a schema or a generated part of one: `AWSRegionConfig` -> `AwsRegionConfig`.
pub fn type_name(raw: &str) -> String {
    let name = raw.to_upper_camel_case();
    match name.chars().next() {
        None => "Unnamed".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("T{name}"),
        Some(_) => name,
    }
}

/// A snake_case identifier safe to use as a field, parameter or method name.
pub fn snake_ident(raw: &str) -> String {
    let name = raw.to_snake_case();
    let name = match name.chars().next() {
        None => "value".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("n{name}"),
        Some(_) => name,
    };
    escape_keyword(name)
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Field identifiers for JSON keys, in order; keys that map to the same identifier get
/// `_2`, `_3`, ... in order of appearance.
pub fn field_idents<'a>(wires: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    idents_besides(wires, &[])
}

/// The methods every request builder has besides its parameters' setters: a parameter
/// never takes one of these names (it is numbered instead).
const BUILDER_METHODS: &[&str] = &[
    "send_with_response",
    "into_parts",
    "into_future",
    "into_stream",
    "pages",
    "stream",
    "retry",
    "attempt_timeout",
    "deadline",
];

/// Parameter idents: like [`field_idents`], and never the name of a builder method.
pub fn parameter_idents<'a>(wires: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    idents_besides(wires, BUILDER_METHODS)
}

fn idents_besides<'a>(wires: impl IntoIterator<Item = &'a str>, taken: &[&str]) -> Vec<String> {
    let mut used: HashSet<String> = taken.iter().map(|s| (*s).to_owned()).collect();
    wires
        .into_iter()
        .map(|wire| {
            let base = snake_ident(wire);
            unique(&base, &mut used, |n| {
                let stem = base.trim_start_matches("r#").trim_end_matches('_');
                format!("{stem}_{n}")
            })
        })
        .collect()
}

/// Variant names for enum values: readable, unique, never empty. Values that only differ
/// in punctuation get their symbols spelled out (`<` -> `Lt`), then a number if still equal.
pub fn variant_idents(values: &[String]) -> Vec<String> {
    let plain: Vec<String> = values.iter().map(|v| type_name(v)).collect();
    let mut counts = std::collections::HashMap::new();
    for name in &plain {
        *counts.entry(name.as_str()).or_insert(0) += 1;
    }
    let mut used = HashSet::new();
    values
        .iter()
        .zip(&plain)
        .map(|(value, name)| {
            let clashes = counts[name.as_str()] > 1 || value.trim().is_empty();
            let base = if clashes || name == "Unnamed" { type_name(&spell_symbols(value)) } else { name.clone() };
            let base = if base == "Unnamed" { "Empty".to_owned() } else { base };
            // `Unknown` is the catch-all variant, and `Self` cannot name anything.
            let base = if base == "Unknown" || base == "Self" { format!("{base}Value") } else { base };
            unique(&base, &mut used, |n| format!("{base}{n}"))
        })
        .collect()
}

/// Spells out symbols so that `<` and `>` or `.csv` and `csv` name differently.
fn spell_symbols(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars() {
        let word = match c {
            '<' => "lt",
            '>' => "gt",
            '=' => "eq",
            '!' => "not",
            '+' => "plus",
            '*' => "star",
            '%' => "percent",
            '&' => "and",
            '|' => "or",
            '@' => "at",
            '#' => "hash",
            '$' => "dollar",
            '.' => "dot",
            '/' => "slash",
            '-' => "dash",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push(' ');
        out.push_str(word);
        out.push(' ');
    }
    out
}

/// The words of an API tag, lower case, split at anything not alphanumeric (never inside a
/// word, so `MongoDB Cloud Users` gives `mongodb`, `cloud`, `users`).
fn tag_words(tag: &str) -> Vec<String> {
    let words: Vec<String> = tag
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        vec!["untagged".to_owned()]
    } else {
        words
    }
}

/// The module and accessor method of a tag: `Cloud Backups` -> `cloud_backups`.
pub fn tag_module(tag: &str) -> String {
    snake_ident(&tag_words(tag).join("_"))
}

/// The cargo feature of a tag: `Cloud Backups` -> `cloud-backups`. Names the crate already
/// uses for other features get an `-api` suffix.
pub fn tag_feature(tag: &str) -> String {
    let feature = tag_words(tag).join("-");
    if ["default", "preview", "all-tags"].contains(&feature.as_str()) {
        format!("{feature}-api")
    } else {
        feature
    }
}

/// The method name of one dated version that is not the default: `get_cluster_v2023_02_01`,
/// `get_cluster_preview`.
pub fn version_method(method: &str, date: &str) -> String {
    let base = method.trim_start_matches("r#").trim_end_matches('_');
    let date = date.replace(|c: char| !c.is_ascii_alphanumeric(), "_").to_ascii_lowercase();
    if date.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{base}_v{date}")
    } else {
        format!("{base}_{date}")
    }
}

/// Adds a numeric suffix from 2 up until `candidate` is unused, then records it.
fn unique(candidate: &str, used: &mut HashSet<String>, suffixed: impl Fn(usize) -> String) -> String {
    let mut name = candidate.to_owned();
    let mut n = 2;
    while !used.insert(name.clone()) {
        name = suffixed(n);
        n += 1;
    }
    name
}

/// The type names in one generated crate; every name handed out is unique.
#[derive(Debug, Clone)]
pub struct TypeNames {
    used: HashSet<String>,
}

impl Default for TypeNames {
    fn default() -> Self {
        Self { used: RESERVED_TYPES.iter().map(|s| s.to_string()).collect() }
    }
}

impl TypeNames {
    /// A unique type name for `raw`, numbered (`Foo2`) when taken.
    pub fn claim(&mut self, raw: &str) -> String {
        let base = type_name(raw);
        unique(&base, &mut self.used, |n| format!("{base}{n}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_pascal_case() {
        assert_eq!(type_name("AWSRegionConfig20240805"), "AwsRegionConfig20240805");
        assert_eq!(type_name("2fa"), "T2fa");
        assert_eq!(type_name("<"), "Unnamed");
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(snake_ident("type"), "r#type");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("groupId"), "group_id");
        assert_eq!(snake_ident("1000requests"), "n1000requests");
    }

    #[test]
    fn clashing_fields_are_numbered() {
        assert_eq!(field_idents(["fooBar", "foo_bar", "FOO_BAR"]), ["foo_bar", "foo_bar_2", "foo_bar_3"]);
        assert_eq!(field_idents(["type", "Type"]), ["r#type", "type_2"]);
    }

    #[test]
    fn variants_are_unique_and_readable() {
        let values: Vec<String> =
            ["<", ">", ".csv", "csv", "AWS", "aws", "", "Unknown", "SELF"].map(String::from).into();
        assert_eq!(
            variant_idents(&values),
            ["Lt", "Gt", "DotCsv", "Csv", "Aws", "Aws2", "Empty", "UnknownValue", "SelfValue"]
        );
    }

    #[test]
    fn tags_and_versions_name_modules_features_and_methods() {
        assert_eq!(tag_module("MongoDB Cloud Users"), "mongodb_cloud_users");
        assert_eq!(tag_feature("X.509 Authentication"), "x-509-authentication");
        assert_eq!(tag_feature("Third-Party Integrations"), "third-party-integrations");
        assert_eq!(tag_feature("Preview"), "preview-api");
        assert_eq!(version_method("get_cluster", "2023-02-01"), "get_cluster_v2023_02_01");
        assert_eq!(version_method("get_cluster", "preview"), "get_cluster_preview");
        assert_eq!(version_method("r#move", "2025-01-01.upcoming"), "move_v2025_01_01_upcoming");
    }

    #[test]
    fn parameters_never_take_a_builder_method_name() {
        assert_eq!(super::parameter_idents(["retry", "deadline", "pageNum"]), ["retry_2", "deadline_2", "page_num"]);
        assert_eq!(super::field_idents(["retry"]), ["retry"], "a struct field may");
    }

    #[test]
    fn reserved_type_names_are_numbered() {
        let mut names = TypeNames::default();
        assert_eq!(names.claim("Option"), "Option2");
        assert_eq!(names.claim("foo"), "Foo");
        assert_eq!(names.claim("Foo"), "Foo2");
    }
}
