//! Errors about the input spec, each tied to the JSON pointer of the node at fault.

use std::fmt;

/// A JSON pointer (RFC 6901) in URI-fragment form, e.g. `#/components/schemas/Foo`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// Parses `#/a/b` (as found in `$ref`) without unescaping, since segments stay escaped.
    pub fn from_ref(reference: &str) -> Option<Self> {
        reference.starts_with('#').then(|| Pointer(reference.to_owned()))
    }

    /// This pointer with one more segment, escaped as RFC 6901 says (`~` -> `~0`, `/` -> `~1`).
    pub fn push(&self, segment: impl fmt::Display) -> Self {
        let segment = segment.to_string().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{}", self.0, segment))
    }

    /// The pointer as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped last segment (the name of a component, say).
    pub fn last_segment(&self) -> String {
        let last = self.0.rsplit('/').next().unwrap_or_default();
        last.replace("~1", "/").replace("~0", "~")
    }

    /// The pointer as `serde_json::Value::pointer` wants it (no leading `#`).
    pub fn json_pointer(&self) -> &str {
        self.0.strip_prefix('#').unwrap_or(&self.0)
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One problem in the spec: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub pointer: Pointer,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// Every problem found in one run, sorted by pointer so that output is stable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    /// A list holding a single problem.
    pub fn single(pointer: Pointer, message: impl Into<String>) -> Self {
        let mut all = Self::new();
        all.push(pointer, message);
        all
    }

    pub fn push(&mut self, pointer: Pointer, message: impl Into<String>) {
        self.0.push(Diagnostic { pointer, message: message.into() });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// `Ok(value)` when nothing was reported, else every problem, sorted and deduplicated.
    pub fn into_result<T>(mut self, value: T) -> Result<T, Diagnostics> {
        if self.0.is_empty() {
            return Ok(value);
        }
        self.0.sort();
        self.0.dedup();
        Err(self)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "error: {d}")?;
        }
        write!(f, "{} error(s) in the spec", self.0.len())
    }
}

impl std::error::Error for Diagnostics {}
