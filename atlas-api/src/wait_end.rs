//! How a wait ends: which wait it was ([`WaitTarget`]) and how it ended without its state
//! ([`WaitFailureKind`]), the one vocabulary of a wait's outcome: a poll's verdict ends a
//! wait with a kind, [`crate::WaitError`] is a kind with the typed last value, and
//! [`crate::WaitFailure`] (what [`crate::Error::Wait`] holds) a kind with the value erased.
//! It imports nothing of the runtime, so the error below everything can name it.

use std::time::Duration;

/// Which wait ended: the waiter, the operation it polled and the resource's path, which
/// every [`WaitError`](crate::WaitError) but `Api` (whose error names its operation) and every
/// [`WaitFailure`](crate::WaitFailure) carry and print.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WaitTarget {
    /// The waiter's name, as in its method `wait_until_<waiter>` (`cluster_idle`).
    pub waiter: &'static str,
    /// The `operationId` it polls (`getGroupCluster`).
    pub operation: &'static str,
    /// The path polled, parameters filled in
    /// (`/api/atlas/v2/groups/5e2211c17a3e5a48f5497de3/clusters/Cluster0`).
    pub path: String,
    /// The JSON pointers of the field read and of the field read for failure.
    pub(crate) field: Option<&'static str>,
    pub(crate) failed_field: Option<&'static str>,
}

impl WaitTarget {
    /// The target of a waiter polling `operation` at `path`, reading the state at `field`
    /// and a failure at `failed_field`.
    pub(crate) fn polling(
        waiter: &'static str,
        operation: &'static str,
        path: String,
        field: Option<&'static str>,
        failed_field: Option<&'static str>,
    ) -> Self {
        Self { waiter, operation, path, field, failed_field }
    }

    /// A target for a wait made up outside a waiter (a test's, say).
    pub fn named(waiter: &'static str, operation: &'static str, path: impl Into<String>) -> Self {
        Self { waiter, operation, path: path.into(), field: None, failed_field: None }
    }

    /// The field `pointer` names, as the message calls it (`stateName`).
    pub(crate) fn name(pointer: Option<&'static str>) -> &'static str {
        pointer.map_or("the state", |p| p.trim_start_matches('/'))
    }
}

impl std::fmt::Display for WaitTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "wait_until_{} polling {} at {}", self.waiter, self.operation, self.path)
    }
}

/// How a wait ended without its state.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WaitFailureKind {
    TimedOut {
        waited: Duration,
    },
    /// The resource reached a state that means it failed.
    Failed {
        state: String,
    },
    /// The resource reached a state that waits for the user's action.
    NeedsAction {
        state: String,
    },
    /// The resource reached a state the waiter does not expect (`None`: no state at all).
    Unexpected {
        state: Option<String>,
    },
}
