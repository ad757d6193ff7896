//! How a wait ends without its state: [`WaitError`] (typed, with the last value), the
//! [`WaitFailure`] it becomes as [`Error::Wait`], and the [`WaitTarget`] both name.

use std::time::Duration;

use crate::error::Error;
use crate::wait::WaitSpec;

/// Which wait ended: the waiter, the operation it polled and the resource's path, which
/// every [`WaitError`] but `Api` (whose error names its operation) and every
/// [`WaitFailure`] carry and print.
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
    field: Option<&'static str>,
    failed_field: Option<&'static str>,
}

impl WaitTarget {
    /// The target of a waiter's spec polling `operation` at `path`.
    pub(crate) fn new(spec: &'static WaitSpec, operation: &'static str, path: String) -> Self {
        Self { waiter: spec.name, operation, path, field: spec.field, failed_field: spec.failed_field }
    }

    /// A target for a wait made up outside a waiter (a test's, say).
    pub fn named(waiter: &'static str, operation: &'static str, path: impl Into<String>) -> Self {
        Self { waiter, operation, path: path.into(), field: None, failed_field: None }
    }

    /// The field `pointer` names, as the message calls it (`stateName`).
    fn name(pointer: Option<&'static str>) -> &'static str {
        pointer.map_or("the state", |p| p.trim_start_matches('/'))
    }
}

impl std::fmt::Display for WaitTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "wait_until_{} polling {} at {}", self.waiter, self.operation, self.path)
    }
}

/// Why a wait ended without its state. Small (the values are boxed), and `?` turns it into
/// [`Error::Wait`], which keeps the last value ([`crate::WaitFailure::last`]). Each but `Api`
/// names its [`WaitTarget`].
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError<T> {
    /// The longest wait passed; the last value seen, if any poll answered, and the last
    /// poll's error when it failed (a 503 or 429 the wait was waiting out, say).
    TimedOut { waited: Duration, last: Option<Box<T>>, target: Box<WaitTarget>, last_error: Option<Box<Error>> },
    /// The resource reached a state that means it failed.
    Failed { state: String, value: Box<T>, target: Box<WaitTarget> },
    /// The resource reached a state that waits for you (accept the peering request, create
    /// the endpoint on your side): it would not change while the wait went on. Once you
    /// acted, wait again with [`Wait::wait_through_user_action`](crate::Wait::wait_through_user_action).
    NeedsAction { state: String, value: Box<T>, target: Box<WaitTarget> },
    /// The resource reached a state the waiter neither waits through nor ends on (a cluster
    /// `DELETING` while you wait for `IDLE`), or answered without its state (`None`).
    Unexpected { state: Option<String>, value: Box<T>, target: Box<WaitTarget> },
    /// A poll failed in a way waiting longer does not mend (401, 403, 404 when not waiting
    /// for it, a decode error, ...).
    Api(Error),
}

impl<T> WaitError<T> {
    pub fn is_timeout(&self) -> bool {
        matches!(self, WaitError::TimedOut { .. })
    }

    /// Which wait ended (`None` for `Api`, whose error names its operation).
    pub fn target(&self) -> Option<&WaitTarget> {
        match self {
            WaitError::TimedOut { target, .. }
            | WaitError::Failed { target, .. }
            | WaitError::NeedsAction { target, .. }
            | WaitError::Unexpected { target, .. } => Some(target),
            WaitError::Api(_) => None,
        }
    }

    /// The last value the wait saw, if a poll answered.
    pub fn last(&self) -> Option<&T> {
        match self {
            WaitError::TimedOut { last, .. } => last.as_deref(),
            WaitError::Failed { value, .. }
            | WaitError::NeedsAction { value, .. }
            | WaitError::Unexpected { value, .. } => Some(value),
            WaitError::Api(_) => None,
        }
    }
}

impl<T: std::fmt::Debug + Send + Sync + 'static> From<WaitError<T>> for Error {
    fn from(error: WaitError<T>) -> Self {
        let message = error.to_string();
        let (kind, last, target, last_error) = match error {
            WaitError::Api(error) => return error,
            WaitError::TimedOut { waited, last, target, last_error } => {
                (WaitFailureKind::TimedOut { waited }, last, target, last_error)
            }
            WaitError::Failed { state, value, target } => {
                (WaitFailureKind::Failed { state }, Some(value), target, None)
            }
            WaitError::NeedsAction { state, value, target } => {
                (WaitFailureKind::NeedsAction { state }, Some(value), target, None)
            }
            WaitError::Unexpected { state, value, target } => {
                (WaitFailureKind::Unexpected { state }, Some(value), target, None)
            }
        };
        let last = last.map(|value| value as Box<dyn std::any::Any + Send + Sync>);
        Error::Wait(Box::new(WaitFailure { kind, message, target: *target, last, last_error }))
    }
}

/// A wait that ended without its state, as [`Error::Wait`] holds it.
#[derive(Debug)]
#[non_exhaustive]
pub struct WaitFailure {
    pub kind: WaitFailureKind,
    message: String,
    target: WaitTarget,
    last: Option<Box<dyn std::any::Any + Send + Sync>>,
    last_error: Option<Box<Error>>,
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

impl WaitFailure {
    /// The last value the wait saw (the one that ended it, unless it timed out), as the
    /// waiter's type:
    /// `error.wait_failure()?.last::<ClusterDescription20240805>()`.
    pub fn last<T: 'static>(&self) -> Option<&T> {
        self.last.as_ref()?.downcast_ref()
    }

    /// Which wait ended: the waiter, the operation it polled, the resource's path.
    pub fn target(&self) -> &WaitTarget {
        &self.target
    }

    /// The last poll's error, when a wait that timed out was waiting one out (a 503, a
    /// 429, a transport fault): [`Error::status`] and [`Error::error_code`] answer from it.
    pub fn last_error(&self) -> Option<&Error> {
        self.last_error.as_deref()
    }
}

impl std::fmt::Display for WaitFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The message says what the last poll's error says, when it failed, so the source is that
/// error's own source (a chain printed from the top shows each cause once).
impl std::error::Error for WaitFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(self.last_error.as_deref()?)
    }
}

impl<T: std::fmt::Debug> std::fmt::Display for WaitError<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(target) = self.target() {
            write!(f, "{target}: ")?;
        }
        match self {
            WaitError::TimedOut { waited, last, last_error, .. } => {
                match last {
                    Some(_) => write!(f, "the wait timed out after {waited:?}, before the resource reached its state")?,
                    None => write!(f, "the wait timed out after {waited:?} without an answer")?,
                }
                match last_error {
                    Some(error) => write!(f, "; the last poll failed: {error}"),
                    None => Ok(()),
                }
            }
            WaitError::Failed { state, target, .. } => {
                let field = WaitTarget::name(target.failed_field);
                write!(f, "`{field}` is `{state}`, which means it failed")
            }
            WaitError::NeedsAction { state, target, .. } => write!(
                f,
                "`{}` is `{state}`, which waits for your action; once you acted, wait again with `.wait_through_user_action()`",
                WaitTarget::name(target.field)
            ),
            WaitError::Unexpected { state: Some(state), target, .. } => write!(
                f,
                "`{}` is `{state}`, a state this wait neither waits through nor ends on",
                WaitTarget::name(target.field)
            ),
            WaitError::Unexpected { state: None, target, .. } => write!(
                f,
                "the answer has no `{}`, so the wait cannot tell how it goes",
                WaitTarget::name(target.field)
            ),
            WaitError::Api(error) => write!(f, "a poll failed: {error}"),
        }
    }
}

impl<T: std::fmt::Debug> std::error::Error for WaitError<T> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Api(error) => Some(error),
            _ => None,
        }
    }
}
