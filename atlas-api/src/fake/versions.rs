//! Which version may read an item: an item is answered only in the shape it was written in,
//! by the same dated version (one generation of the API) or by a version answering the same
//! type; any other is refused, naming both, never answered in a silently wrong shape.

use super::entry::{FakeEntry, RustType};
use crate::mock::answer::AtlasError;

/// What wrote an item: the operation and version, and the Rust type of its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Written {
    pub(crate) operation: &'static str,
    pub(crate) version: &'static str,
    pub(crate) shape: RustType,
}

/// Whether what `written` wrote may be answered by an operation of `version` answering
/// `shape`: the same dated version (one generation of the API), or the same type.
pub(crate) fn readable(written: &Written, version: &str, shape: RustType) -> bool {
    written.version == version || written.shape == shape
}

/// Refuses to answer the item `key`, which `written` wrote, in another version's shape.
pub(super) fn agrees(key: &str, written: &Written, known: &FakeEntry, shape: RustType) -> Result<(), AtlasError> {
    if readable(written, known.operation.version, shape) {
        return Ok(());
    }
    let why = format!(
        "the fake holds {} as written by {} version {} ({}); {} version {} answers {}, another shape",
        key,
        written.operation,
        written.version,
        written.shape.short(),
        known.operation.id,
        known.operation.version,
        shape.short(),
    );
    Err(AtlasError::new(409, "FAKE_VERSION_MISMATCH").detail(why))
}
