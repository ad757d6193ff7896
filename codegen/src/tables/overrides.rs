//! Declarative fixes to the spec (`spec/overrides.toml`), applied to the raw document
//! before it is parsed and lowered. Each fix names the node by JSON pointer and says why.
//!
//! ```toml
//! [[patch]]
//! pointer = "#/components/schemas/Foo/properties/bar/format"
//! remove = true
//! reason = "the server sends free text here, not a date"
//!
//! [[patch]]
//! pointer = "#/components/schemas/Foo/x-rust-name"
//! set = "FooBar"
//! reason = "clashes with ..."
//!
//! [[patch]]
//! pointer = "#/components/schemas/Foo"
//! unrequire = "bar"
//! reason = "the server leaves `bar` out (recording ...)"
//!
//! [[patch]]
//! pointer = "#/paths/~1groups/post/responses/200"
//! rename = "201"
//! reason = "the server answers 201 (recording ...)"
//! ```

use serde::Deserialize;
use serde_json::Value;

use crate::diagnostics::{Diagnostics, Pointer};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    #[serde(default)]
    pub patch: Vec<Patch>,
}

/// One fix: `set` a value at `pointer` (creating the last key), `remove` it, `unrequire` a
/// property of the schema at `pointer` (take it out of its `required` list), or `rename` the
/// node's key among its siblings (a response documented under another status than the one the
/// server answers), keeping its place.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patch {
    pub pointer: String,
    #[serde(default)]
    pub set: Option<toml::Value>,
    #[serde(default)]
    pub remove: bool,
    #[serde(default)]
    pub unrequire: Option<String>,
    #[serde(default)]
    pub rename: Option<String>,
    pub reason: String,
}

impl Overrides {
    /// Reads and parses an overrides file; errors name the file.
    pub fn from_file(path: &std::path::Path) -> Result<Self, String> {
        let text = super::read_text(path)?;
        Self::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses the TOML text of an overrides file.
    pub fn parse(text: &str) -> Result<Self, String> {
        let parsed: Self = toml::from_str(text).map_err(|e| e.to_string())?;
        for (i, patch) in parsed.patch.iter().enumerate() {
            if patch.reason.trim().is_empty() {
                return Err(format!("patch {i} ({}) has no reason", patch.pointer));
            }
            let kinds = [patch.remove, patch.set.is_some(), patch.unrequire.is_some(), patch.rename.is_some()];
            if kinds.iter().filter(|x| **x).count() != 1 {
                return Err(format!(
                    "patch {i} ({}) needs exactly one of set, remove, unrequire, rename",
                    patch.pointer
                ));
            }
        }
        Ok(parsed)
    }

    /// Applies every patch in order; a pointer that does not resolve is an error,
    /// so a fix that no longer applies to a newer spec is noticed.
    pub fn apply(&self, doc: &mut Value) -> Result<(), Diagnostics> {
        let mut diags = Diagnostics::new();
        for patch in &self.patch {
            if let Err(message) = patch.apply(doc) {
                let pointer = Pointer::from_ref(&patch.pointer).unwrap_or_else(Pointer::root);
                diags.push(pointer, format!("override does not apply: {message}"));
            }
        }
        diags.into_result(())
    }
}

impl Overrides {
    /// Applies the patches that apply, in order, and describes the ones that do not (an
    /// older spec may lack the nodes a fix is for): what comparing two specs needs.
    pub fn apply_where_they_apply(&self, doc: &mut Value) -> Vec<String> {
        let mut skipped = Vec::new();
        for patch in &self.patch {
            if let Err(message) = patch.apply(doc) {
                skipped.push(format!("{} ({}): {message}", patch.pointer, patch.reason));
            }
        }
        skipped
    }
}

impl Patch {
    fn apply(&self, doc: &mut Value) -> Result<(), String> {
        let pointer = Pointer::from_ref(&self.pointer).ok_or("pointer must start with `#/`")?;
        if let Some(property) = &self.unrequire {
            let schema = doc.pointer_mut(pointer.json_pointer()).ok_or("schema not found")?;
            let required =
                schema.get_mut("required").and_then(Value::as_array_mut).ok_or("schema has no `required`")?;
            let before = required.len();
            required.retain(|name| name.as_str() != Some(property.as_str()));
            if required.len() == before {
                return Err(format!("`{property}` is not required there"));
            }
            return Ok(());
        }
        let (parent, key) = pointer.json_pointer().rsplit_once('/').ok_or("cannot replace the whole document")?;
        let key = key.replace("~1", "/").replace("~0", "~");
        let parent = doc.pointer_mut(parent).ok_or("parent node not found")?;
        let object = parent.as_object_mut().ok_or("parent node is not an object")?;
        if let Some(renamed) = &self.rename {
            if !object.contains_key(&key) {
                return Err("node not found".to_owned());
            }
            if object.contains_key(renamed) {
                return Err(format!("`{renamed}` is already there"));
            }
            for (name, value) in std::mem::take(object) {
                object.insert(if name == key { renamed.clone() } else { name }, value);
            }
            return Ok(());
        }
        match &self.set {
            Some(value) => {
                let value = serde_json::to_value(value).map_err(|e| e.to_string())?;
                object.insert(key, value);
            }
            None => {
                object.shift_remove(&key).ok_or("node not found")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::Overrides;

    #[test]
    fn unrequire_takes_a_property_out_of_required_and_fails_when_it_is_not_there() {
        let text = "[[patch]]\npointer = \"#/components/schemas/R\"\nunrequire = \"db\"\nreason = \"left out\"\n";
        let overrides = Overrides::parse(text).expect("parses");
        let mut doc = json!({"components": {"schemas": {"R": {"required": ["cluster", "db"]}}}});
        overrides.apply(&mut doc).expect("applies");
        assert_eq!(doc.pointer("/components/schemas/R/required"), Some(&json!(["cluster"])));
        let error = overrides.apply(&mut doc).expect_err("no longer applies").to_string();
        assert!(error.contains("#/components/schemas/R") && error.contains("not required"), "{error}");
        let both = format!("{text}remove = true\n");
        assert!(Overrides::parse(&both).unwrap_err().contains("exactly one"));
    }

    #[test]
    fn rename_moves_a_node_to_another_key_in_its_place_and_fails_when_that_key_is_taken() {
        let text = "[[patch]]\npointer = \"#/r/200\"\nrename = \"201\"\nreason = \"answered 201\"\n";
        let overrides = Overrides::parse(text).expect("parses");
        let mut doc = json!({"r": {"200": {"d": 1}, "400": {"d": 2}}});
        overrides.apply(&mut doc).expect("applies");
        let keys: Vec<&str> = doc["r"].as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!((keys, &doc["r"]["201"]), (vec!["201", "400"], &json!({"d": 1})));
        assert!(overrides.apply(&mut doc).unwrap_err().to_string().contains("not found"), "no longer applies");
        let mut taken = json!({"r": {"200": {}, "201": {}}});
        assert!(overrides.apply(&mut taken).unwrap_err().to_string().contains("already there"));
    }

    #[test]
    fn comparing_specs_applies_the_overrides_that_apply_and_names_the_others() {
        let text =
            "[[patch]]\npointer = \"#/components/schemas/Gone/pattern\"\nremove = true\nreason = \"newer only\"\n\
                    [[patch]]\npointer = \"#/components/schemas/R\"\nunrequire = \"db\"\nreason = \"left out\"\n";
        let overrides = Overrides::parse(text).expect("parses");
        let mut older = json!({"components": {"schemas": {"R": {"required": ["cluster", "db"]}}}});
        let skipped = overrides.apply_where_they_apply(&mut older);
        assert_eq!(older.pointer("/components/schemas/R/required"), Some(&json!(["cluster"])), "the other applied");
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert!(skipped[0].contains("#/components/schemas/Gone/pattern") && skipped[0].contains("newer only"));
        assert!(overrides.apply(&mut older).is_err(), "generation still holds every override to the spec");
    }
}
