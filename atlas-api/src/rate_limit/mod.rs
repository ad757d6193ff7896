//! Pacing shared by every call of a client: Atlas's token buckets, as its answers describe
//! them, and the calls held until a bucket has room instead of being sent to be refused.
//!
//! Each bucket ([`key`]) learns from `RateLimit-Limit`, `RateLimit-Remaining`, a 429's
//! `Retry-After` and its detail text ([`learn`]); [`bucket`] decides, per call, whether it
//! goes now, at a later instant (a token reserved for it), or after another call's answer.

mod bucket;
mod key;
mod learn;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

use self::bucket::{Advice, Bucket, Decision, Why};
pub(crate) use self::key::BucketKey;
use self::learn::Said;

/// How a client paces its calls to Atlas's rate limits ([`ClientBuilder::rate_limit`]).
///
/// On by default ([`RateLimitPolicy::default`]): every call of a client and its clones goes
/// through one set of token buckets, one per scope and endpoint set (see the README's "Rate
/// limits"). A bucket learns its capacity, what is left and its refill rate from Atlas's
/// answers; a call that would meet an empty bucket is held until it refills, and a 429 one
/// call receives holds the others of its bucket for the wait it asks (`Retry-After`, else
/// its detail's "retry after N seconds", else 10, 20, 40 s). A call is never held while the
/// headers say there is room, nor when Atlas sends no headers and no 429; the first calls
/// of a bucket nothing is known of wait for the first answer. A held call counts against
/// its deadline. The service account token endpoint is held to its documented 50 requests
/// a minute. [`RetryPolicy`](crate::RetryPolicy) still decides how often a call is tried.
///
/// [`ClientBuilder::rate_limit`]: crate::ClientBuilder::rate_limit
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RateLimitPolicy {
    /// Pace calls at all.
    pub enabled: bool,
    /// Token requests allowed at `/api/oauth/token` per `token_endpoint_per`.
    pub token_endpoint_capacity: u32,
    pub token_endpoint_per: Duration,
}

impl Default for RateLimitPolicy {
    fn default() -> Self {
        Self { enabled: true, token_endpoint_capacity: 50, token_endpoint_per: Duration::from_secs(60) }
    }
}

impl RateLimitPolicy {
    /// Pacing off: every call is sent at once, as before pacing existed; only the retry
    /// policy deals with 429s.
    pub fn off() -> Self {
        Self { enabled: false, ..Self::default() }
    }

    /// The token endpoint's limit (50 a minute unless set, as Atlas documents it).
    pub fn token_endpoint(mut self, capacity: u32, per: Duration) -> Self {
        self.token_endpoint_capacity = capacity;
        self.token_endpoint_per = per;
        self
    }
}

/// The longest hold: no Atlas bucket refills slower, so a wait past it comes from a number
/// that is not one (a `Retry-After` of u64::MAX seconds); the call goes, and its retry policy
/// decides on the answer.
const MAX_HOLD: Duration = Duration::from_secs(24 * 3600);

/// How many buckets a client keeps before it forgets the idle ones.
const MAX_BUCKETS: usize = 1024;

/// The buckets of one client (and its clones).
#[derive(Debug)]
pub(crate) struct Pacer {
    policy: RateLimitPolicy,
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    buckets: Mutex<HashMap<BucketKey, Entry>>,
}

#[derive(Debug)]
struct Entry {
    bucket: Bucket,
    /// Told whenever an answer changed what the bucket knows.
    news: watch::Sender<()>,
}

/// A call the pacer let through: told of its answer by [`Ticket::answered`]; dropped
/// unanswered, it frees what it held.
#[derive(Debug)]
pub(crate) struct Ticket {
    slot: Option<(Arc<Shared>, BucketKey, bool)>,
    /// How long the call was held.
    pub(crate) held: Duration,
}

/// A call the pacer would hold past its deadline.
#[derive(Debug)]
pub(crate) struct Held {
    pub(crate) bucket: String,
    pub(crate) wait: Duration,
    pub(crate) why: &'static str,
}

impl Pacer {
    pub(crate) fn new(policy: RateLimitPolicy) -> Self {
        Pacer { policy, shared: Arc::new(Shared { buckets: Mutex::default() }) }
    }

    pub(crate) fn policy(&self) -> &RateLimitPolicy {
        &self.policy
    }

    pub(crate) fn enabled(&self) -> bool {
        self.policy.enabled
    }

    /// Waits until `key`'s bucket lets the call through; `Err` at once when that would be at
    /// or after `deadline` (nothing is held for it then).
    pub(crate) async fn acquire(&self, key: &BucketKey, deadline: Option<Instant>) -> Result<Ticket, Held> {
        if !self.policy.enabled {
            return Ok(Ticket { slot: None, held: Duration::ZERO });
        }
        // When the call first waited, if it did: a call let through at once was held for nothing.
        let mut started = None;
        loop {
            let (decision, mut news) = self.decide(key);
            match decision {
                Decision::Go { probe } => return Ok(self.ticket(key, probe, started)),
                Decision::News => {
                    let since = *started.get_or_insert_with(Instant::now);
                    tracing::debug!(bucket = %key, "call held until the answer of the call sent to learn this bucket");
                    // A sender is never dropped while its bucket lives; either way, ask again.
                    let Some(deadline) = deadline else {
                        let _ = news.changed().await;
                        continue;
                    };
                    if tokio::time::timeout_at(deadline, news.changed()).await.is_err() {
                        let why = "the call sent to learn this bucket was not answered before the deadline";
                        return Err(Held { bucket: key.to_string(), wait: since.elapsed(), why });
                    }
                }
                Decision::Until { at, reserved, why } => {
                    started.get_or_insert_with(Instant::now);
                    let wait = at.saturating_duration_since(Instant::now());
                    if wait > MAX_HOLD {
                        tracing::debug!(bucket = %key, wait_s = wait.as_secs(), "a wait past a day is not held: the call goes");
                        self.with(key, |bucket| bucket.give_up(reserved));
                        return Ok(self.ticket(key, false, started));
                    }
                    if deadline.is_some_and(|deadline| at >= deadline) {
                        if reserved {
                            self.with(key, Bucket::unreserve);
                        }
                        return Err(Held { bucket: key.to_string(), wait, why: why.as_str() });
                    }
                    self.hold(key, at, reserved, why).await;
                    if reserved {
                        return Ok(self.ticket(key, false, started));
                    }
                }
            }
        }
    }

    /// Sleeps until `at`; a reservation dropped meanwhile is given back.
    async fn hold(&self, key: &BucketKey, at: Instant, reserved: bool, why: Why) {
        let wait = at.saturating_duration_since(Instant::now());
        tracing::debug!(bucket = %key, wait_ms = wait.as_millis() as u64, why = why.as_str(), "call held for Atlas's rate limit");
        let mut reservation = Reservation { shared: &self.shared, key, live: reserved };
        tokio::time::sleep_until(at).await;
        if reservation.live {
            reservation.live = false;
            self.with(key, Bucket::sent);
        }
    }

    fn ticket(&self, key: &BucketKey, probe: bool, started: Option<Instant>) -> Ticket {
        let held = started.map_or(Duration::ZERO, |started| started.elapsed());
        Ticket { slot: Some((self.shared.clone(), key.clone(), probe)), held }
    }

    fn decide(&self, key: &BucketKey) -> (Decision, watch::Receiver<()>) {
        let now = Instant::now();
        let mut buckets = lock(&self.shared.buckets);
        // A client that walks thousands of projects keeps only the buckets in use.
        if buckets.len() >= MAX_BUCKETS && !buckets.contains_key(key) {
            buckets.retain(|_, entry| !entry.bucket.idle(now) || entry.news.receiver_count() > 0);
        }
        let entry = buckets.entry(key.clone()).or_insert_with(|| {
            let bucket = if *key == BucketKey::token_endpoint() {
                Bucket::seeded(now, self.policy.token_endpoint_capacity, self.policy.token_endpoint_per)
            } else {
                Bucket::new(now)
            };
            Entry { bucket, news: watch::Sender::new(()) }
        });
        (entry.bucket.decide(now), entry.news.subscribe())
    }

    fn with(&self, key: &BucketKey, change: impl FnOnce(&mut Bucket)) {
        if let Some(entry) = lock(&self.shared.buckets).get_mut(key) {
            change(&mut entry.bucket);
        }
    }
}

/// A token reserved for a sleeping call, given back if the call is dropped before it is sent.
struct Reservation<'a> {
    shared: &'a Shared,
    key: &'a BucketKey,
    live: bool,
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        if self.live {
            if let Some(entry) = lock(&self.shared.buckets).get_mut(self.key) {
                entry.bucket.unreserve();
            }
        }
    }
}

impl Ticket {
    /// Tells the bucket what the answer said (`advice`: the waits after a 429 that says
    /// none, and the longest wait a 429 may ask: the retry policy's `max_retry_after`), and
    /// wakes the calls waiting for news of it.
    pub(crate) fn answered(
        self,
        status: http::StatusCode,
        headers: &http::HeaderMap,
        body: &[u8],
        advice: (Duration, Duration, Duration),
    ) {
        self.learn(&Said::of(status, headers, body), advice);
    }

    /// A 429 that asked to wait `wait` (or said nothing), with no headers to read.
    pub(crate) fn refused(self, wait: Option<Duration>, advice: (Duration, Duration, Duration)) {
        self.learn(&Said { refused: Some(wait), ..Said::default() }, advice);
    }

    fn learn(mut self, said: &Said, advice: (Duration, Duration, Duration)) {
        let Some((shared, key, probe)) = self.slot.take() else { return };
        let advice = Advice { base: advice.0, max: advice.1, cap: advice.2 };
        let mut buckets = lock(&shared.buckets);
        let Some(entry) = buckets.get_mut(&key) else { return };
        if let Some(wait) = entry.bucket.answered(Instant::now(), probe, said, advice) {
            tracing::debug!(bucket = %key, wait_ms = wait.as_millis() as u64, "Atlas answered 429: the bucket's calls are held");
        }
        entry.news.send_replace(());
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if let Some((shared, key, probe)) = self.slot.take() {
            if let Some(entry) = lock(&shared.buckets).get_mut(&key) {
                entry.bucket.unanswered(probe);
                entry.news.send_replace(());
            }
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::{BucketKey, Pacer, RateLimitPolicy, MAX_BUCKETS};

    const ADVICE: (Duration, Duration, Duration) =
        (Duration::from_secs(10), Duration::from_secs(40), Duration::from_secs(60));

    /// A client that walks many projects keeps the buckets in use, not one per project ever seen.
    #[tokio::test(start_paused = true)]
    async fn idle_buckets_are_forgotten_past_the_limit() {
        let pacer = Pacer::new(RateLimitPolicy::default());
        let busy = BucketKey::of_path("/api/atlas/v2/groups/5e2211c17a3e5a48f5497de3/clusters");
        let held = pacer.acquire(&busy, None).await.expect("the first call goes");
        for n in 0..3 * MAX_BUCKETS {
            let key = BucketKey::of_path(&format!("/api/atlas/v2/groups/{n:024x}/clusters"));
            let ticket = pacer.acquire(&key, None).await.expect("a first call goes");
            ticket.answered(http::StatusCode::OK, &http::HeaderMap::new(), b"{}", ADVICE);
        }
        let buckets = super::lock(&pacer.shared.buckets);
        assert!(buckets.len() <= MAX_BUCKETS + 1, "{} buckets kept", buckets.len());
        assert!(buckets.contains_key(&busy), "a bucket with a call in flight is kept");
        drop(buckets);
        drop(held);
    }

    /// A call waiting for the answer that teaches its bucket still ends at its deadline.
    #[tokio::test(start_paused = true)]
    async fn a_call_waiting_for_the_first_answer_ends_at_its_deadline() {
        let pacer = Pacer::new(RateLimitPolicy::default());
        let key = BucketKey::of_path("/api/atlas/v2/groups/5e2211c17a3e5a48f5497de3/clusters");
        let first = pacer.acquire(&key, None).await.expect("the first call goes");
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        let held = pacer.acquire(&key, Some(deadline)).await.expect_err("held past its deadline");
        assert!(held.wait >= Duration::from_secs(5), "{held:?}");
        drop(first);
    }
}
