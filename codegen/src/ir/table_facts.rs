//! What the tables under `spec/` say, checked against the spec, as the IR carries it (their
//! readers and checks are under `tables/`; the emitter prints these).

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

/// The checked `spec/error_codes.toml`: (path template, code) pairs, as the table lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorCodes {
    pub missing: Vec<(String, String)>,
    pub duplicate: Vec<(String, String)>,
    /// (item template, children's collection template, code).
    pub in_use: Vec<(String, String, String)>,
}

/// A checked entry of `spec/events.toml`: the operation id, the path template of the scope's events, the
/// parameter of that path (`orgId`, `groupId`), the event type name, its fields, and whether
/// Atlas names the caller in it (not in an event of its own work, such as a change started).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub after: String,
    pub list: String,
    pub param: String,
    pub event: String,
    pub fields: Vec<(String, String)>,
    pub by_caller: bool,
}

/// What `spec/resources.toml` says, checked: what the fake's model (`lower/resources.rs`) takes
/// from it besides the spec.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// (collection template, parameter) -> the body fields carrying it.
    pub keys: Vec<(String, String, Vec<String>)>,
    /// (POST operation id, parameter, body field).
    pub placements: Vec<(String, String, String)>,
    /// (DELETE operation id, query parameter).
    pub retains: Vec<(String, String)>,
}
