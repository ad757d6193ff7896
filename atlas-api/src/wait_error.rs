//! How a wait ends without its state, typed: [`WaitError`] (with the last value), and the
//! [`WaitFailure`] it becomes as [`Error::Wait`].

use std::time::Duration;

use crate::error::{Error, WaitFailure};
use crate::wait_end::{WaitFailureKind, WaitTarget};

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
    /// The wait ended `kind` at `value` (a poll's verdict; a timeout has its own last value).
    pub(crate) fn ended(kind: WaitFailureKind, value: Box<T>, target: Box<WaitTarget>) -> Self {
        match kind {
            WaitFailureKind::TimedOut { waited } => {
                WaitError::TimedOut { waited, last: Some(value), target, last_error: None }
            }
            WaitFailureKind::Failed { state } => WaitError::Failed { state, value, target },
            WaitFailureKind::NeedsAction { state } => WaitError::NeedsAction { state, value, target },
            WaitFailureKind::Unexpected { state } => WaitError::Unexpected { state, value, target },
        }
    }

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
        Error::Wait(Box::new(WaitFailure::new(kind, message, *target, last, last_error)))
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
