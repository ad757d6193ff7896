//! Reads a spec file (YAML or JSON), applies our overrides, and parses it as OpenAPI 3.0.

use std::path::Path;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostics, Pointer};
use crate::tables::overrides::Overrides;

mod refine;

/// A parsed spec with what we know about where it came from.
#[derive(Debug, Clone)]
pub struct Spec {
    pub openapi: openapiv3::OpenAPI,
    /// The document as plain JSON, for reading by pointer.
    pub raw: Value,
    /// sha256 (hex) of the file's bytes as read, before overrides.
    pub sha256: String,
}

impl Spec {
    /// `info.x-xgen-sha`: the upstream commit the spec was generated from, when it says.
    pub fn xgen_sha(&self) -> Option<&str> {
        self.raw.pointer("/info/x-xgen-sha")?.as_str()
    }

    /// The newest dated version (`YYYY-MM-DD`) a media type of the spec names: the date the
    /// spec carries (it has no publication date).
    pub fn newest_version(&self) -> Option<String> {
        fn dates<'a>(node: &'a Value, out: &mut Vec<&'a str>) {
            match node {
                Value::Object(map) => {
                    for (key, value) in map {
                        let date = key.strip_prefix("application/vnd.atlas.").and_then(|rest| rest.get(..10));
                        out.extend(
                            date.filter(|d| d.as_bytes()[4] == b'-' && d[..4].bytes().all(|b| b.is_ascii_digit())),
                        );
                        dates(value, out);
                    }
                }
                Value::Array(items) => items.iter().for_each(|item| dates(item, out)),
                _ => {}
            }
        }
        let mut found = Vec::new();
        dates(self.raw.get("paths")?, &mut found);
        found.into_iter().max().map(str::to_owned)
    }
}

/// Reads `path` as YAML, or as JSON when it ends in `.json`, and applies `overrides`.
pub fn load_file(path: &Path, overrides: &Overrides) -> Result<Spec, Diagnostics> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostics::single(Pointer::root(), format!("cannot read {}: {e}", path.display())))?;
    let json = path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
    load_bytes(&bytes, json, overrides)
}

/// Like [`load_file`], but applies only the overrides that apply to this spec, and returns
/// the ones it skipped, described (comparing two specs: an older one may lack the nodes a
/// fix is for).
pub fn load_file_where_overrides_apply(path: &Path, overrides: &Overrides) -> Result<(Spec, Vec<String>), Diagnostics> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostics::single(Pointer::root(), format!("cannot read {}: {e}", path.display())))?;
    let json = path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
    let mut raw = parse_document(&bytes, json)?;
    let skipped = overrides.apply_where_they_apply(&mut raw);
    let openapi = parse_openapi(&raw)?;
    Ok((Spec { openapi, raw, sha256: sha256_hex(&bytes) }, skipped))
}

/// Parses spec bytes (JSON when `json`, else YAML) and applies `overrides`.
pub fn load_bytes(bytes: &[u8], json: bool, overrides: &Overrides) -> Result<Spec, Diagnostics> {
    let sha256 = sha256_hex(bytes);
    let mut raw = parse_document(bytes, json)?;
    overrides.apply(&mut raw)?;
    let openapi = parse_openapi(&raw)?;
    Ok(Spec { openapi, raw, sha256 })
}

fn parse_document(bytes: &[u8], json: bool) -> Result<Value, Diagnostics> {
    let parsed = if json {
        serde_json::from_slice::<Value>(bytes).map_err(|e| e.to_string())
    } else {
        serde_norway::from_slice::<Value>(bytes).map_err(|e| e.to_string())
    };
    parsed.map_err(|e| {
        let kind = if json { "JSON" } else { "YAML" };
        Diagnostics::single(Pointer::root(), format!("not valid {kind}: {e}"))
    })
}

fn parse_openapi(raw: &Value) -> Result<openapiv3::OpenAPI, Diagnostics> {
    if let Some(version) = raw.get("openapi").and_then(Value::as_str) {
        if !version.starts_with("3.0") {
            let message = format!("OpenAPI {version} is not supported (3.0.x is)");
            return Err(Diagnostics::single(Pointer::root().push("openapi"), message));
        }
    }
    parse_at::<openapiv3::OpenAPI>(raw, &Pointer::root()).map_err(|(pointer, message)| {
        // openapiv3 flattens maps with extensions, which hides the path below them from
        // serde; parse the parts one by one to find the node that is really at fault.
        let (pointer, message) = refine::find(raw).unwrap_or((pointer, message));
        Diagnostics::single(pointer, format!("not a valid OpenAPI 3.0 node: {message}"))
    })
}

/// Parses `value` (found at `at`) as `T`; on failure, the pointer of the failing node.
pub(crate) fn parse_at<T: serde::de::DeserializeOwned>(value: &Value, at: &Pointer) -> Result<T, (Pointer, String)> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let pointer = path_to_pointer(at.clone(), e.path());
        (pointer, e.inner().to_string())
    })
}

/// Converts a serde path (`paths./a.get.responses`) to a JSON pointer.
fn path_to_pointer(at: Pointer, path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    path.iter().fold(at, |pointer, segment| match segment {
        Segment::Seq { index } => pointer.push(index),
        Segment::Map { key } => pointer.push(key),
        Segment::Enum { variant } => pointer.push(variant),
        Segment::Unknown => pointer,
    })
}

/// The sha256 of `bytes` in lower-case hex, as `spec/source.toml` records it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
