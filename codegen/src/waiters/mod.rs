//! Waiters: a table of facts (`spec/waiters.toml`) checked against the spec and turned into
//! `wait_until_<name>` methods. Each names the GET to poll, the field whose value ends the
//! wait (or that the resource is gone), and its delays.

mod check;
mod table;

pub use table::{Table, WaiterEntry};

pub(crate) use check::check;

/// One checked waiter, ready to emit.
#[derive(Debug, Clone)]
pub struct Waiter {
    /// The method is `wait_until_<name>`.
    pub name: String,
    /// Index of the polled operation in `Api::operations`, and of its version.
    pub operation: usize,
    pub version: usize,
    /// The response field read, as a JSON pointer (`/stateName`); `None` for a pure "gone".
    pub field: Option<String>,
    pub done: Vec<String>,
    pub done_when_set: bool,
    /// The JSON pointer the failure values are read from (the field, unless the table says).
    pub failed_field: Option<String>,
    pub failed: Vec<String>,
    pub pending: Vec<String>,
    /// The pending state a change passes through, when the table names one.
    pub changing: Option<String>,
    /// States that need the user's action: they end the wait unless the caller acted.
    pub action: Vec<String>,
    /// States of the field's enum that end the wait as unexpected (for the docs).
    pub unexpected: Vec<String>,
    pub gone: bool,
    pub gone_codes: Vec<String>,
    /// Error codes of a poll that the wait waits through.
    pub pending_codes: Vec<String>,
    /// First delay, longest delay, longest wait, in milliseconds.
    pub delays: [u64; 3],
    /// Operation ids whose docs link to this waiter.
    pub after: Vec<String>,
    /// The items it is for: the JSON pointer of a field and the values it holds for them.
    pub when: Option<(String, Vec<String>)>,
}
