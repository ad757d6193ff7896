//! Which version may read an item: an item is answered only in the shape it was written in,
//! by the same dated version (one generation of the API) or by a version answering the same
//! type; any other is refused, naming both, never answered in a silently wrong shape.

use super::store::{Item, Written};
use crate::mock::answer::AtlasError;
use crate::mock::route::Known;

/// Whether what `written` wrote may be answered by an operation of `version` answering
/// `shape`: the same dated version (one generation of the API), or the same type.
pub(crate) fn readable(written: &Written, version: &str, shape: &str) -> bool {
    written.version == version || written.shape == shape
}

/// Refuses to answer `item` in another version's shape.
pub(super) fn agrees(item: &Item, known: &Known, shape: &'static str) -> Result<(), AtlasError> {
    if readable(&item.written, known.operation.version, shape) {
        return Ok(());
    }
    let why = format!(
        "the fake holds {} as written by {} version {} ({}); {} version {} answers {}, another shape",
        item.key,
        item.written.operation,
        item.written.version,
        short(item.written.shape),
        known.operation.id,
        known.operation.version,
        short(shape),
    );
    Err(AtlasError::new(409, "FAKE_VERSION_MISMATCH").detail(why))
}

/// A type's name without its module path.
fn short(name: &str) -> &str {
    name.rsplit("::").next().unwrap_or(name)
}
