//! When and how long to wait before sending a request again.

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::headers::retry_after;
use crate::method::Method;

/// Retries with exponential backoff and jitter. Safe methods (GET, HEAD, PUT, DELETE,
/// OPTIONS) are retried on connect errors, connections dropped before or while answering,
/// attempt timeouts, 429, 500, 502, 503 and 504; POST and PATCH only with
/// [`RetryPolicy::retry_non_idempotent`], since the server may have acted on them, except
/// after a 429, which is retried for every method: a rate limit refuses the request before
/// Atlas acts on it. A 429
/// waits from its own, longer base (Atlas's rate limits refill over tens of seconds). A
/// `Retry-After` header (seconds or an HTTP date) replaces the computed wait, unless it is
/// longer than [`RetryPolicy::max_retry_after`]: then the answer is returned at once, with
/// its `retry_after()`, for the caller to decide. Other 4xx are never retried.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 turns retries off.
    pub max_attempts: u32,
    /// The first wait; each later one doubles, up to `max_delay`.
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// The first wait after a 429 without `Retry-After`; each later one doubles, up to
    /// `rate_limit_max_delay`.
    pub rate_limit_base_delay: Duration,
    pub rate_limit_max_delay: Duration,
    /// The longest `Retry-After` slept; a longer one ends the call with the answer.
    pub max_retry_after: Duration,
    /// Randomise each wait between half and all of it, so clients do not retry in step.
    pub jitter: bool,
    /// Also retry POST and PATCH (only safe when the operation is idempotent in practice).
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            rate_limit_base_delay: Duration::from_secs(10),
            rate_limit_max_delay: Duration::from_secs(40),
            max_retry_after: Duration::from_secs(60),
            jitter: true,
            retry_non_idempotent: false,
        }
    }
}

/// Why an attempt may be made again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cause {
    /// The server said how long to wait.
    RetryAfter(Duration),
    /// A 429 that did not say.
    RateLimited,
    /// A 5xx, a dropped connection or a timeout.
    Transient,
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn none() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff of 5xx, dropped connections and timeouts.
    pub fn delays(mut self, base: Duration, max: Duration) -> Self {
        self.base_delay = base;
        self.max_delay = max.max(base);
        self
    }

    /// The backoff of a 429 without `Retry-After` (10 s doubling to 40 s unless set).
    pub fn rate_limit_delays(mut self, base: Duration, max: Duration) -> Self {
        self.rate_limit_base_delay = base;
        self.rate_limit_max_delay = max.max(base);
        self
    }

    /// The longest `Retry-After` the client sleeps (60 s unless set).
    pub fn max_retry_after(mut self, limit: Duration) -> Self {
        self.max_retry_after = limit;
        self
    }

    pub fn jitter(mut self, on: bool) -> Self {
        self.jitter = on;
        self
    }

    pub fn retry_non_idempotent(mut self, on: bool) -> Self {
        self.retry_non_idempotent = on;
        self
    }

    pub(crate) fn allows(&self, method: Method) -> bool {
        self.max_attempts > 1 && (self.retry_non_idempotent || method.is_idempotent())
    }

    /// The wait before attempt `attempt + 1`; `None` when the server asked for a longer
    /// wait than the policy sleeps.
    pub(crate) fn delay(&self, attempt: u32, cause: Cause) -> Option<Duration> {
        let (base, max) = match cause {
            Cause::RetryAfter(wait) => return (wait <= self.max_retry_after).then_some(wait),
            Cause::RateLimited => (self.rate_limit_base_delay, self.rate_limit_max_delay),
            Cause::Transient => (self.base_delay, self.max_delay),
        };
        let exponent = attempt.saturating_sub(1).min(20);
        let delay = base.saturating_mul(1 << exponent).min(max);
        if !self.jitter {
            return Some(delay);
        }
        // Half the delay plus up to half again, never past it (float rounding included).
        let jitter = Duration::try_from_secs_f64(delay.as_secs_f64() * fastrand::f64() / 2.0).unwrap_or(delay / 2);
        Some((delay / 2).saturating_add(jitter).min(delay))
    }
}

/// What one attempt says of the next.
pub(crate) enum Next<T> {
    /// The outcome: no attempt follows.
    Done(T),
    /// Sleep this long, then attempt again.
    After(Duration),
}

/// The one loop of attempts in the client: a request and its retries, a token request and
/// its retries after a 429, a waiter's polls. Each attempt (numbered from 1) decides, by its
/// own rule, whether another follows and after how long; this runs them, sleeping in
/// between. The attempt takes the loop's `state` and hands it back, so that what it changes
/// (a waiter's last value, a cache) carries over to the next.
pub(crate) async fn repeat<S, T, F>(mut state: S, mut attempt: impl FnMut(S, u32) -> F) -> T
where
    F: std::future::Future<Output = (S, Next<T>)>,
{
    let mut number = 1;
    loop {
        let (carried, next) = attempt(state, number).await;
        match next {
            Next::Done(outcome) => return outcome,
            Next::After(delay) => tokio::time::sleep(delay).await,
        }
        state = carried;
        number += 1;
    }
}

/// A failure that trying again may mend, the one rule the retries and the waiters share:
/// the request may never have reached the server or its answer was lost (connect errors, a
/// connection reset or closed, an attempt timeout), Atlas answered a status the policy
/// retries (5xx, 429), or the token endpoint failed as the API's own 5xx do (its 429 was
/// already waited for, as the policy allows).
pub(crate) fn transient(error: &crate::Error) -> bool {
    use crate::Error;
    match error {
        Error::Transport(t) => {
            let e = &t.error;
            e.is_connect() || e.is_timeout() || e.is_request() || e.is_body() || e.is_decode()
        }
        Error::Timeout(t) => t.kind == crate::TimeoutKind::Attempt,
        Error::Api(failure) => cause(failure.status, &failure.headers).is_some(),
        Error::Auth(auth) => auth.status.is_some_and(|s| s.is_server_error()),
        _ => false,
    }
}

/// Why a status is worth another attempt, if it is.
pub(crate) fn cause(status: StatusCode, headers: &HeaderMap) -> Option<Cause> {
    if !matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504) {
        return None;
    }
    Some(match retry_after(headers) {
        Some(wait) => Cause::RetryAfter(wait),
        None if status == StatusCode::TOO_MANY_REQUESTS => Cause::RateLimited,
        None => Cause::Transient,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::RETRY_AFTER;

    #[test]
    fn backoff_doubles_up_to_the_cap_and_jitter_stays_within_half() {
        let policy =
            RetryPolicy::default().delays(Duration::from_millis(100), Duration::from_millis(350)).jitter(false);
        let waits: Vec<_> = (1..=4).map(|a| policy.delay(a, Cause::Transient).unwrap().as_millis()).collect();
        assert_eq!(waits, [100, 200, 350, 350]);
        let jittered = policy.jitter(true);
        for _ in 0..100 {
            let wait = jittered.delay(2, Cause::Transient).unwrap();
            assert!(wait >= Duration::from_millis(100) && wait <= Duration::from_millis(200), "{wait:?}");
        }
    }

    #[test]
    fn the_default_policy_is_what_the_readme_says() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.max_attempts, 4);
        assert_eq!((policy.base_delay, policy.max_delay), (Duration::from_millis(500), Duration::from_secs(20)));
        assert!(policy.jitter && !policy.retry_non_idempotent);
        let plain = policy.jitter(false);
        let waits: Vec<_> = (1..=7).map(|a| plain.delay(a, Cause::Transient).unwrap().as_millis()).collect();
        assert_eq!(waits, [500, 1000, 2000, 4000, 8000, 16000, 20000]);
        let throttled: Vec<_> = (1..=4).map(|a| plain.delay(a, Cause::RateLimited).unwrap().as_secs()).collect();
        assert_eq!(throttled, [10, 20, 40, 40], "a 429 backs off from 10 s");
        assert_eq!(plain.delay(1, Cause::RetryAfter(Duration::from_secs(60))), Some(Duration::from_secs(60)));
        assert_eq!(plain.delay(1, Cause::RetryAfter(Duration::from_secs(61))), None, "longer than the cap");
        let none = HeaderMap::new();
        for status in [500, 502, 503, 504] {
            assert_eq!(cause(StatusCode::from_u16(status).unwrap(), &none), Some(Cause::Transient), "{status}");
        }
        assert_eq!(cause(StatusCode::TOO_MANY_REQUESTS, &none), Some(Cause::RateLimited));
        let mut said = HeaderMap::new();
        said.insert(RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(cause(StatusCode::SERVICE_UNAVAILABLE, &said), Some(Cause::RetryAfter(Duration::from_secs(3))));
        for status in [400, 401, 403, 404, 409, 501] {
            assert_eq!(cause(StatusCode::from_u16(status).unwrap(), &none), None, "{status}");
        }
    }

    #[test]
    fn only_idempotent_methods_unless_asked() {
        let policy = RetryPolicy::default();
        assert!(policy.allows(Method::Get) && policy.allows(Method::Delete) && policy.allows(Method::Put));
        assert!(!policy.allows(Method::Post) && !policy.allows(Method::Patch));
        assert!(policy.clone().retry_non_idempotent(true).allows(Method::Post));
        assert!(!RetryPolicy::none().allows(Method::Get));
    }
}
