//! The static facts of one dated version of an operation, which the generated code writes
//! once per version and the client, the mock and the fake all read.

use crate::method::Method;
use crate::path::PathTemplate;

/// Static facts about one dated version of an operation.
#[derive(Debug)]
#[non_exhaustive]
pub struct Operation {
    /// The spec's `operationId`.
    pub id: &'static str,
    pub method: Method,
    /// The path template, e.g. `/api/atlas/v2/groups/{groupId}`.
    pub path: PathTemplate,
    /// The dated version, e.g. `2024-08-05`, or `preview`.
    pub version: &'static str,
    /// The exact `Accept` header this version needs.
    pub accept: &'static str,
    /// The `Content-Type` of this version's request body, if it takes one.
    pub content_type: Option<&'static str>,
    /// The documented success status, e.g. `200`, `201`, `202` or `204`.
    pub status: u16,
}

impl Operation {
    #[doc(hidden)]
    #[allow(clippy::too_many_arguments)]
    pub const fn new(
        id: &'static str,
        method: Method,
        path: PathTemplate,
        version: &'static str,
        accept: &'static str,
        content_type: Option<&'static str>,
        status: u16,
    ) -> Self {
        Self { id, method, path, version, accept, content_type, status }
    }
}
