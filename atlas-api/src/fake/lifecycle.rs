//! Lifecycles from the waiters table: a resource a waiter watches is created (or changed) in
//! that waiter's pending state and reaches its done state after [`POLLS`] reads of it; a
//! deletion passes through `DELETING`, when a waiter of the resource names that state, and is
//! then gone. Reads step it, so `wait_until_cluster_idle` works against the fake unchanged;
//! a test may hold it where it is, or bring every resource to its end at once (`advance`).

use serde_json::Value;

use super::behaviour::Way;
use super::entry::FakeEntry;
use crate::mock::route::candidates;
use crate::wait::WaitSpec;

/// How many reads answer the pending state before the next one answers the end.
pub(crate) const POLLS: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    State(&'static str),
    /// The field is set to the time the work ended (a waiter done when it is set:
    /// a restore's `finishedAt`).
    Stamped,
    Gone,
}

/// Where an item is on its way: the field it is read from, where it ends, and the reads left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Life {
    field: &'static str,
    end: End,
    polls: u32,
    pub(crate) held: bool,
}

impl Life {
    /// The same way, ending at the next read instead of after [`POLLS`] (work Atlas does at
    /// once).
    pub(crate) fn at_once(self) -> Self {
        Self { polls: 0, ..self }
    }
}

/// The waiters that poll the item at `path` (as sent).
pub(crate) fn specs(operations: &[FakeEntry], path: &str) -> Vec<&'static WaitSpec> {
    candidates(operations, crate::request::Method::Get, path)
        .iter()
        .flat_map(|known| known.waits.iter().copied())
        .collect()
}

/// An item just created, or changed (`updating`): its field set to the waiter's pending state
/// (`UPDATING` for a change when the waiter lists it), on its way to the done state.
pub(crate) fn start(specs: &[&'static WaitSpec], value: &mut Value, updating: bool) -> Option<Life> {
    let steps = |s: &&&WaitSpec| !s.gone && s.field.is_some() && !s.done.is_empty() && !s.pending.is_empty();
    let Some(spec) = specs.iter().filter(|s| applies(s, value)).find(steps) else {
        return stamped(specs, value, updating);
    };
    let field = spec.field?;
    let state = spec.changing.filter(|_| updating).unwrap_or(spec.pending[0]);
    set(value, field, state);
    Some(Life { field, end: End::State(spec.done[0]), polls: POLLS, held: false })
}

/// An item created under a waiter that is done when its field is set (a restore job's
/// `finishedAt`): the field is left out until the work ends.
fn stamped(specs: &[&'static WaitSpec], value: &mut Value, updating: bool) -> Option<Life> {
    let spec = specs.iter().filter(|s| applies(s, value)).find(|s| s.done_when_set && !s.gone)?;
    let field = spec.field?;
    let unset = value.pointer(field).is_none_or(Value::is_null);
    (unset && !updating).then_some(Life { field, end: End::Stamped, polls: POLLS, held: false })
}

/// A change that takes its own way (a resource's behaviour: an archive's pause): the item
/// reads `way.now` in the field of the waiter whose done state is `way.end`, on its way there.
pub(crate) fn along(specs: &[&'static WaitSpec], value: &mut Value, way: Way) -> Option<Life> {
    let spec = specs.iter().find(|s| !s.gone && s.done.contains(&way.end))?;
    let field = spec.field?;
    set(value, field, way.now);
    Some(Life { field, end: End::State(way.end), polls: POLLS, held: false })
}

/// An item deleted: `DELETING` (or `TERMINATING`) for a while when a waiter of the item names
/// that state, in that waiter's field, else `None` (it is gone at once).
pub(crate) fn deleting(specs: &[&'static WaitSpec], value: &mut Value) -> Option<Life> {
    let lists = |s: &WaitSpec| [s.done, s.pending, s.failed, s.action, s.unexpected];
    let (field, state) = specs.iter().filter(|s| applies(s, value)).find_map(|s| {
        let named = ["DELETING", "TERMINATING"].into_iter().find(|state| lists(s).iter().any(|l| l.contains(state)));
        Some((s.field?, named?))
    })?;
    set(value, field, state);
    Some(Life { field, end: End::Gone, polls: POLLS, held: false })
}

/// Whether the waiter is for this item (an AWS peering's, not an Azure one's).
fn applies(spec: &WaitSpec, value: &Value) -> bool {
    match spec.when {
        Some((field, values)) => value.pointer(field).and_then(Value::as_str).is_some_and(|v| values.contains(&v)),
        None => true,
    }
}

/// One read of the item: `false` when it is now gone.
pub(crate) fn step(life: &mut Option<Life>, value: &mut Value) -> bool {
    let Some(on) = life else { return true };
    if on.held {
        return true;
    }
    if on.polls > 0 {
        on.polls -= 1;
        return true;
    }
    match on.end {
        End::State(state) => {
            set(value, on.field, state);
            *life = None;
            true
        }
        End::Stamped => {
            let now = super::server_set::now();
            set(value, on.field, now.as_str().unwrap_or_default());
            *life = None;
            true
        }
        End::Gone => false,
    }
}

/// Brings the item to its end now (unless held): `false` when it is now gone.
pub(crate) fn finish(life: &mut Option<Life>, value: &mut Value) -> bool {
    if let Some(on) = life.as_mut().filter(|on| !on.held) {
        on.polls = 0;
    }
    step(life, value)
}

/// Sets the field at the JSON pointer `field`, making the objects on its way.
fn set(value: &mut Value, field: &str, state: &str) {
    let mut at = value;
    for token in field.trim_start_matches('/').split('/') {
        if !at.is_object() {
            *at = Value::Object(serde_json::Map::new());
        }
        at = at.as_object_mut().expect("made an object above").entry(token.to_owned()).or_insert(Value::Null);
    }
    *at = Value::String(state.to_owned());
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{deleting, start, step, POLLS};
    use crate::wait::WaitSpec;

    static IDLE: WaitSpec = WaitSpec {
        name: "idle",
        field: Some("/stateName"),
        done: &["IDLE"],
        done_when_set: false,
        failed_field: Some("/stateName"),
        failed: &[],
        pending: &["CREATING", "UPDATING"],
        changing: Some("UPDATING"),
        action: &[],
        unexpected: &["DELETING"],
        pending_codes: &[],
        gone: false,
        gone_codes: &[],
        delays_ms: [1, 1, 1],
        when: None,
    };

    #[test]
    fn created_then_done_changed_through_updating_and_deleted_through_deleting() {
        let mut value = json!({"name": "c"});
        let mut life = start(&[&IDLE], &mut value, false);
        assert_eq!(value["stateName"], "CREATING");
        for _ in 0..POLLS {
            assert!(step(&mut life, &mut value));
            assert_eq!(value["stateName"], "CREATING");
        }
        assert!(step(&mut life, &mut value));
        assert_eq!((value["stateName"].as_str(), life), (Some("IDLE"), None));

        let mut life = start(&[&IDLE], &mut value, true);
        assert_eq!(value["stateName"], "UPDATING");
        life.as_mut().unwrap().held = true;
        for _ in 0..3 {
            assert!(step(&mut life, &mut value));
        }
        assert_eq!(value["stateName"], "UPDATING", "held where it is");

        let mut life = deleting(&[&IDLE], &mut value);
        assert_eq!(value["stateName"], "DELETING");
        let reads = (0..=POLLS).map(|_| step(&mut life, &mut value)).collect::<Vec<_>>();
        assert_eq!(reads.last(), Some(&false), "gone after its polls");
    }
}
