//! Which version may read an item: an item is answered only in the shape it was written in,
//! by the same dated version (one generation of the API) or by a version answering the same
//! type; any other is refused, naming both, never answered in a silently wrong shape.

use super::entry::{FakeEntry, RustType};
use super::store::{Item, Written};
use crate::mock::answer::AtlasError;

/// Whether what `written` wrote may be answered by an operation of `version` answering
/// `shape`: the same dated version (one generation of the API), or the same type.
pub(crate) fn readable(written: &Written, version: &str, shape: RustType) -> bool {
    written.version == version || written.shape == shape
}

/// Refuses to answer `item` in another version's shape.
pub(super) fn agrees(item: &Item, known: &FakeEntry, shape: RustType) -> Result<(), AtlasError> {
    if readable(&item.written, known.operation.version, shape) {
        return Ok(());
    }
    let why = format!(
        "the fake holds {} as written by {} version {} ({}); {} version {} answers {}, another shape",
        item.key,
        item.written.operation,
        item.written.version,
        item.written.shape.short(),
        known.operation.id,
        known.operation.version,
        shape.short(),
    );
    Err(AtlasError::new(409, "FAKE_VERSION_MISMATCH").detail(why))
}
