//! Waiters: poll a GET until the resource reaches a state (or is gone), with jittered
//! exponential delays, a time limit, and a report per poll. Generated from
//! `spec/waiters.toml` as `wait_until_<name>` on the tag accessors.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;

use crate::error::Error;
pub use crate::error::WaitFailure;
use crate::request::Call;
use crate::retry::Next;
use crate::send::send_keeping_json;
pub use crate::wait_end::{WaitFailureKind, WaitTarget};
pub use crate::wait_error::WaitError;

/// The facts of one waiter, from `spec/waiters.toml`.
#[doc(hidden)]
#[derive(Debug)]
pub struct WaitSpec {
    pub name: &'static str,
    /// The JSON pointer of the field read (`/stateName`).
    pub field: Option<&'static str>,
    pub done: &'static [&'static str],
    pub done_when_set: bool,
    pub failed_field: Option<&'static str>,
    pub failed: &'static [&'static str],
    /// The states waited through; any other state (or an answer without the field) ends
    /// the wait with `WaitError::Unexpected`, unless the waiter waits for a deletion, which
    /// waits through every state that is not a failure.
    pub pending: &'static [&'static str],
    /// The pending state a change passes through (`UPDATING`), when the table names one.
    pub changing: Option<&'static str>,
    /// The states that need the user's action: they end the wait with
    /// `WaitError::NeedsAction`, unless the caller said they acted.
    pub action: &'static [&'static str],
    /// The states the table names as ending the wait as unexpected (any state in no list
    /// does too): the fake passes a deletion through `DELETING` when a waiter names it.
    pub unexpected: &'static [&'static str],
    /// Error codes of a poll that mean the resource is still on its way.
    pub pending_codes: &'static [&'static str],
    pub gone: bool,
    pub gone_codes: &'static [&'static str],
    /// First delay, longest delay, longest wait, in milliseconds.
    pub delays_ms: [u64; 3],
    /// The items it is for, when its poll answers several kinds: the JSON pointer of a field
    /// and the values it holds for them (the fake steps only those through its states).
    pub when: Option<(&'static str, &'static [&'static str])>,
}

/// The wait ends with the polled value.
#[derive(Debug)]
pub enum UntilValue {}
/// The wait ends when the resource is gone.
#[derive(Debug)]
pub enum UntilGone {}

/// One poll, as [`Wait::on_poll`] sees it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Poll<'a> {
    /// 1 for the first poll.
    pub attempt: u32,
    /// Since the wait began.
    pub elapsed: Duration,
    /// The field's value in the answer (`None` when unset, or when the poll failed).
    pub state: Option<&'a str>,
    /// A transient failure the wait tolerated (5xx, 429, a transport fault, a timeout).
    pub error: Option<&'a Error>,
}

type OnPoll = Box<dyn FnMut(&Poll<'_>) + Send>;

/// A wait, set up by a `wait_until_*` method: change its delays or time limit, watch each
/// poll, then `.await` it.
#[must_use = "a wait does nothing until it is awaited"]
pub struct Wait<C: Call, Until = UntilValue> {
    call: C,
    spec: &'static WaitSpec,
    first: Duration,
    longest: Duration,
    max_wait: Duration,
    through_action: bool,
    on_poll: Option<OnPoll>,
    _until: PhantomData<fn() -> Until>,
}

impl<C: Call, Until> std::fmt::Debug for Wait<C, Until> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wait")
            .field("waiter", &self.spec.name)
            .field("first", &self.first)
            .field("longest", &self.longest)
            .field("max_wait", &self.max_wait)
            .finish_non_exhaustive()
    }
}

/// What a wait ends with: the value (none for a deletion), or why it ended without it.
type WaitOutcome<T> = Result<Option<T>, WaitError<T>>;

/// A wait under way: what carries from one poll to the next.
struct Polling<C: Call, Until> {
    wait: Wait<C, Until>,
    /// The longest delay the next one may draw (doubling up to `longest`).
    bound: Duration,
    /// The last value polled, for a wait that times out.
    last: Option<Box<C::Output>>,
    /// The last poll's error, when it failed and the wait went on.
    last_error: Option<Box<Error>>,
    /// Which wait this is, for its errors.
    target: Box<WaitTarget>,
}

impl<C: Call + Clone, Until> Polling<C, Until> {
    /// One poll: the wait's outcome, or the delay before the next poll (never past
    /// `max_wait`, which also bounds the poll in flight and its retries).
    async fn poll(mut self, attempt: u32, started: Instant) -> (Self, Next<WaitOutcome<C::Output>>) {
        let (client, request) = self.wait.call.clone().into_parts();
        let left = self.wait.max_wait.saturating_sub(started.elapsed());
        let Ok(answer) = tokio::time::timeout(left, send_keeping_json::<C::Reader>(client, request)).await else {
            return self.timed_out(started);
        };
        let elapsed = started.elapsed();
        let spec = self.wait.spec;
        match answer {
            Ok((value, json)) => {
                self.last_error = None;
                let state = read(&json, spec.field);
                self.wait.report(attempt, elapsed, state.as_deref(), None);
                let failed = read(&json, spec.failed_field);
                match self.wait.judge(state, failed) {
                    PollVerdict::Done => return (self, Next::Done(Ok(Some(value)))),
                    PollVerdict::Waits => self.last = Some(Box::new(value)),
                    PollVerdict::Ends(kind) => {
                        let end = WaitError::ended(kind, Box::new(value), self.target.clone());
                        return (self, Next::Done(Err(end)));
                    }
                }
            }
            Err(error) if spec.gone && gone(&error, spec.gone_codes) => {
                self.wait.report(attempt, elapsed, None, None);
                return (self, Next::Done(Ok(None)));
            }
            Err(error) if transient(&error) || still_pending(&error, spec.pending_codes) => {
                self.wait.report(attempt, elapsed, None, Some(&error));
                self.last_error = Some(Box::new(error));
            }
            Err(error) => return (self, Next::Done(Err(WaitError::Api(error)))),
        }
        let left = self.wait.max_wait.saturating_sub(started.elapsed());
        if left.is_zero() {
            return self.timed_out(started);
        }
        let first = self.wait.first;
        let spread = self.bound.saturating_sub(first).as_secs_f64() * fastrand::f64();
        let drawn = first.saturating_add(Duration::try_from_secs_f64(spread).unwrap_or(Duration::ZERO));
        self.bound = self.bound.saturating_mul(2).min(self.wait.longest).max(first);
        (self, Next::After(drawn.min(left)))
    }

    fn timed_out(mut self, started: Instant) -> (Self, Next<WaitOutcome<C::Output>>) {
        let (last, last_error, target) = (self.last.take(), self.last_error.take(), self.target.clone());
        (self, Next::Done(Err(WaitError::TimedOut { waited: started.elapsed(), last, target, last_error })))
    }
}

impl<C: Call + Clone, Until> Wait<C, Until> {
    #[doc(hidden)]
    pub fn new(call: C, spec: &'static WaitSpec) -> Self {
        let [first, longest, max_wait] = spec.delays_ms.map(Duration::from_millis);
        Self { call, spec, first, longest, max_wait, through_action: false, on_poll: None, _until: PhantomData }
    }

    /// You did what the waiter's action states ask (accepted the peering request, created
    /// the endpoint on your side): wait through them instead of ending with
    /// [`WaitError::NeedsAction`], since Atlas may show them a while longer.
    pub fn wait_through_user_action(mut self) -> Self {
        self.through_action = true;
        self
    }

    /// The longest the wait lasts (polls included) before [`WaitError::TimedOut`].
    pub fn max_wait(mut self, limit: Duration) -> Self {
        self.max_wait = limit;
        self
    }

    /// The delays between polls: each is drawn at random between `first` and a bound that
    /// starts at `first` and doubles up to `longest`.
    pub fn delays(mut self, first: Duration, longest: Duration) -> Self {
        self.first = first;
        self.longest = longest.max(first);
        self
    }

    /// Called after every poll, e.g. for a progress line.
    pub fn on_poll(mut self, report: impl FnMut(&Poll<'_>) + Send + 'static) -> Self {
        self.on_poll = Some(Box::new(report));
        self
    }

    async fn run(self) -> WaitOutcome<C::Output> {
        let started = Instant::now();
        let target = Box::new(self.target());
        let polling = Polling { bound: self.first, wait: self, last: None, last_error: None, target };
        crate::retry::repeat(polling, |polling, attempt| polling.poll(attempt, started)).await
    }

    /// The waiter, the operation it polls and the path it polls (its template when a
    /// parameter is refused, which the first poll reports).
    fn target(&self) -> WaitTarget {
        let (_, request) = self.call.clone().into_parts();
        let path = if request.unsafe_parameter.is_some() { C::OPERATION.path.to_string() } else { request.path };
        let spec = self.spec;
        WaitTarget::polling(spec.name, C::OPERATION.id, path, spec.field, spec.failed_field)
    }

    /// What a polled state means. A failure value wins; a deletion waits through any state
    /// that is not a failure (the resource may read as before until its 404).
    fn judge(&self, state: Option<String>, failed: Option<String>) -> PollVerdict {
        let spec = self.spec;
        if let Some(failed) = failed.filter(|s| spec.failed.contains(&s.as_str())) {
            return PollVerdict::Ends(WaitFailureKind::Failed { state: failed });
        }
        let Some(state) = state else {
            let waits = spec.done_when_set || spec.gone || spec.field.is_none();
            return if waits {
                PollVerdict::Waits
            } else {
                PollVerdict::Ends(WaitFailureKind::Unexpected { state: None })
            };
        };
        let known = |list: &[&str]| list.contains(&state.as_str());
        if spec.done_when_set || known(spec.done) {
            PollVerdict::Done
        } else if known(spec.action) && !self.through_action {
            PollVerdict::Ends(WaitFailureKind::NeedsAction { state })
        } else if known(spec.pending) || known(spec.action) || spec.gone {
            PollVerdict::Waits
        } else {
            tracing::warn!(waiter = spec.name, state, expected = ?spec.pending, "an unexpected state ends the wait");
            PollVerdict::Ends(WaitFailureKind::Unexpected { state: Some(state) })
        }
    }

    fn report(&mut self, attempt: u32, elapsed: Duration, state: Option<&str>, error: Option<&Error>) {
        tracing::info!(
            waiter = self.spec.name,
            attempt,
            elapsed_ms = elapsed.as_millis() as u64,
            state = state.unwrap_or_default(),
            error = error.map(|e| e.to_string()).unwrap_or_default(),
            "polled"
        );
        if let Some(report) = self.on_poll.as_mut() {
            report(&Poll { attempt, elapsed, state, error });
        }
    }
}

/// What one answer means for the wait: done, wait on, or end it without its state.
enum PollVerdict {
    Done,
    Waits,
    Ends(WaitFailureKind),
}

type WaitFuture<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

impl<C> IntoFuture for Wait<C, UntilValue>
where
    C: Call + Clone,
{
    type Output = Result<C::Output, WaitError<C::Output>>;
    type IntoFuture = WaitFuture<C::Output, WaitError<C::Output>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            match self.run().await? {
                Some(value) => Ok(value),
                None => unreachable!("a waiter for a state never ends at gone"),
            }
        })
    }
}

impl<C> IntoFuture for Wait<C, UntilGone>
where
    C: Call + Clone,
{
    type Output = Result<(), WaitError<C::Output>>;
    type IntoFuture = WaitFuture<(), WaitError<C::Output>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.run().await.map(drop) })
    }
}

/// The value at `pointer` as text: a string as it is, a boolean or number written out.
fn read(json: &Value, pointer: Option<&str>) -> Option<String> {
    match json.pointer(pointer?)? {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn gone(error: &Error, codes: &[&str]) -> bool {
    error.is_not_found() || error.error_code().is_some_and(|code| codes.contains(&code))
}

/// A poll refused with a code that means the resource is still on its way (a cluster
/// upgraded from flex answers `CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API` for a while).
fn still_pending(error: &Error, codes: &[&str]) -> bool {
    error.error_code().is_some_and(|code| codes.contains(&code))
}

/// A poll failure waiting may outlast: what the retries call transient, and besides a
/// poll that outran the call's deadline, or a token endpoint still rate-limiting (the next
/// poll asks again).
fn transient(error: &Error) -> bool {
    let token_rate_limited = matches!(error, Error::Auth(auth) if auth.status.is_some_and(|s| s.as_u16() == 429));
    crate::retry::transient(error) || matches!(error, Error::Timeout(_)) || token_rate_limited
}
