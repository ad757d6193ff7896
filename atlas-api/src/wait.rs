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
use crate::request::Call;
use crate::response::send;

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
    pub gone: bool,
    pub gone_codes: &'static [&'static str],
    /// First delay, longest delay, longest wait, in milliseconds.
    pub delays_ms: [u64; 3],
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

/// Why a wait ended without its state. Small (the values are boxed), and `?` turns it into
/// [`Error::Wait`], which keeps the last value ([`crate::WaitFailure::last`]).
#[derive(Debug)]
pub enum WaitError<T> {
    /// The longest wait passed; the last value seen, if any poll answered.
    TimedOut { waited: Duration, last: Option<Box<T>> },
    /// The resource reached a state that means it failed.
    Failed { state: String, value: Box<T> },
    /// A poll failed in a way waiting longer does not mend (401, 403, 404 when not waiting
    /// for it, a decode error, ...).
    Api(Error),
}

impl<T> WaitError<T> {
    pub fn is_timeout(&self) -> bool {
        matches!(self, WaitError::TimedOut { .. })
    }
}

impl<T: std::fmt::Debug + Send + Sync + 'static> From<WaitError<T>> for Error {
    fn from(error: WaitError<T>) -> Self {
        let message = error.to_string();
        let (kind, last) = match error {
            WaitError::Api(error) => return error,
            WaitError::TimedOut { waited, last } => (WaitFailureKind::TimedOut { waited }, last),
            WaitError::Failed { state, value } => (WaitFailureKind::Failed { state }, Some(value)),
        };
        let last = last.map(|value| value as Box<dyn std::any::Any + Send + Sync>);
        Error::Wait(Box::new(WaitFailure { kind, message, last }))
    }
}

/// A wait that ended without its state, as [`Error::Wait`] holds it.
#[derive(Debug)]
#[non_exhaustive]
pub struct WaitFailure {
    pub kind: WaitFailureKind,
    message: String,
    last: Option<Box<dyn std::any::Any + Send + Sync>>,
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
}

impl WaitFailure {
    /// The last value the wait saw (the failed one, for `Failed`), as the waiter's type:
    /// `error.wait_failure()?.last::<ClusterDescription20240805>()`.
    pub fn last<T: 'static>(&self) -> Option<&T> {
        self.last.as_ref()?.downcast_ref()
    }
}

impl std::fmt::Display for WaitFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl<T: std::fmt::Debug> std::fmt::Display for WaitError<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WaitError::TimedOut { waited, last } => match last {
                Some(_) => write!(f, "the wait timed out after {waited:?}, before the resource reached its state"),
                None => write!(f, "the wait timed out after {waited:?} without an answer"),
            },
            WaitError::Failed { state, .. } => write!(f, "the resource reached `{state}`, which means it failed"),
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

impl<C: Call + Clone, Until> Wait<C, Until> {
    #[doc(hidden)]
    pub fn new(call: C, spec: &'static WaitSpec) -> Self {
        let [first, longest, max_wait] = spec.delays_ms.map(Duration::from_millis);
        Self { call, spec, first, longest, max_wait, on_poll: None, _until: PhantomData }
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

    async fn run(mut self) -> Result<Option<C::Output>, WaitError<C::Output>>
    where
        C::Output: serde::Serialize,
    {
        let started = Instant::now();
        let mut bound = self.first;
        let mut last = None;
        for attempt in 1u32.. {
            let (client, request) = self.call.clone().into_parts();
            // `max_wait` bounds the whole wait, the poll in flight (and its retries) included.
            let left = self.max_wait.saturating_sub(started.elapsed());
            let Ok(answer) = tokio::time::timeout(left, send::<C::Reader>(client, request)).await else {
                return Err(WaitError::TimedOut { waited: started.elapsed(), last });
            };
            let elapsed = started.elapsed();
            match answer {
                Ok(value) => {
                    let json = serde_json::to_value(&value).unwrap_or(Value::Null);
                    let state = read(&json, self.spec.field);
                    self.report(attempt, elapsed, state.as_deref(), None);
                    if let Some(failed) =
                        read(&json, self.spec.failed_field).filter(|s| self.spec.failed.contains(&s.as_str()))
                    {
                        return Err(WaitError::Failed { state: failed, value: Box::new(value) });
                    }
                    let done = match &state {
                        Some(state) => self.spec.done_when_set || self.spec.done.contains(&state.as_str()),
                        None => false,
                    };
                    if done {
                        return Ok(Some(value));
                    }
                    last = Some(Box::new(value));
                }
                Err(error) if self.spec.gone && gone(&error, self.spec.gone_codes) => {
                    self.report(attempt, elapsed, None, None);
                    return Ok(None);
                }
                Err(error) if transient(&error) => self.report(attempt, elapsed, None, Some(&error)),
                Err(error) => return Err(WaitError::Api(error)),
            }
            let left = self.max_wait.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Err(WaitError::TimedOut { waited: started.elapsed(), last });
            }
            let spread = bound.saturating_sub(self.first).as_secs_f64() * fastrand::f64();
            let drawn = self.first.saturating_add(Duration::try_from_secs_f64(spread).unwrap_or(Duration::ZERO));
            tokio::time::sleep(drawn.min(left)).await;
            bound = bound.saturating_mul(2).min(self.longest).max(self.first);
        }
        unreachable!("the loop returns")
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

type WaitFuture<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

impl<C> IntoFuture for Wait<C, UntilValue>
where
    C: Call + Clone,
    C::Output: serde::Serialize,
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
    C::Output: serde::Serialize,
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

/// A poll failure waiting may outlast: what the client's retry rules call retryable.
fn transient(error: &Error) -> bool {
    match error {
        Error::Transport(_) | Error::Timeout(_) => true,
        Error::Api(failure) => crate::retry::cause(failure.status, &failure.headers).is_some(),
        // The token endpoint's 5xx and 429 end no wait: the next poll asks again.
        Error::Auth(auth) => auth.status.is_some_and(|s| s.is_server_error() || s.as_u16() == 429),
        _ => false,
    }
}
