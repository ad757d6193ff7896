//! Waiters: a table of facts (`spec/waiters.toml`) checked against the spec and turned into
//! `wait_until_<name>` methods. Each names the GET to poll, the field whose value ends the
//! wait (or that the resource is gone), and its delays.

mod check;
mod table;

pub use table::{WaiterEntry, WaitersTable};

pub(crate) use check::check;
