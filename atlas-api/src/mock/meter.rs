//! Atlas's rate limits in the mock: a token bucket per scope and endpoint set (the client's
//! own rule, [`crate::rate_limit`]), the `RateLimit-Limit` and `RateLimit-Remaining` headers
//! on every answer, and an empty bucket's 429 `RATE_LIMITED_TOKEN_BUCKET` with `Retry-After`
//! and Atlas's detail text. Time is tokio's, so a paused clock refills the buckets too.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use super::answer::{AtlasError, Reply};
use super::auth::lock;
use crate::rate_limit::BucketKey;

/// A token bucket's size and refill, as Atlas states them in a 429's detail ("Request
/// capacity: 10. Refill rate: 5 per 60 seconds.").
///
/// ```
/// # #[cfg(feature = "mock")]
/// # async fn metered() {
/// use atlas_api::mock::{MockAtlas, RateLimit};
/// use std::time::Duration;
///
/// // Every endpoint set of every project, organization and user: 10 calls, then 5 a minute;
/// // the project's clusters have a bucket of 100 that refills 100 a minute.
/// let mock = MockAtlas::builder()
///     .rate_limit(RateLimit::new(10, 5, Duration::from_secs(60)))
///     .rate_limit_set("clusters", RateLimit::new(100, 100, Duration::from_secs(60)))
///     .serve_examples()
///     .start()
///     .await;
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    capacity: u32,
    refill: u32,
    per: Duration,
    headers: bool,
}

impl RateLimit {
    /// A bucket of `capacity` tokens (a full one to start) that gains `refill` tokens every
    /// `per`, continuously (a fraction of a token as time passes). `per` is stated in whole
    /// seconds in the detail text, as Atlas writes it.
    pub fn new(capacity: u32, refill: u32, per: Duration) -> Self {
        Self { capacity, refill, per, headers: true }
    }

    /// Answers without the `RateLimit-*` headers (Atlas says they may be missing), and 429s
    /// without `Retry-After` or detail numbers: only the status says the bucket is empty.
    pub fn without_headers(mut self) -> Self {
        self.headers = false;
        self
    }

    /// Tokens per second.
    fn rate(&self) -> f64 {
        f64::from(self.refill) / self.per.as_secs_f64().max(f64::MIN_POSITIVE)
    }
}

/// The mock's buckets.
#[derive(Debug, Default)]
pub(crate) struct Meter {
    pub(crate) every: Option<RateLimit>,
    pub(crate) sets: Vec<(String, RateLimit)>,
    pub(crate) token: Option<RateLimit>,
    buckets: Mutex<HashMap<BucketKey, (f64, Instant)>>,
    refused: AtomicUsize,
}

/// What the meter says of one request.
pub(crate) enum Metered {
    /// No limit applies.
    Free,
    /// A token taken: these headers go on the answer.
    Counted(Vec<(&'static str, String)>),
    /// The bucket is empty: this 429 is the answer.
    Refused(Reply),
}

impl Meter {
    /// 429s answered so far.
    pub(crate) fn refused(&self) -> usize {
        self.refused.load(Ordering::Relaxed)
    }

    /// Takes a token for a request to `path`, if its bucket has one.
    pub(crate) fn take(&self, path: &str) -> Metered {
        // Only the token endpoint's limit is documented among the OAuth endpoints.
        let key = if path.starts_with("/api/oauth/") { BucketKey::token_endpoint() } else { BucketKey::of_path(path) };
        let limit = if path == "/api/oauth/token" {
            self.token
        } else if key == BucketKey::token_endpoint() {
            None
        } else {
            self.sets.iter().find(|(set, _)| set == key.set()).map(|(_, limit)| *limit).or(self.every)
        };
        let Some(limit) = limit else { return Metered::Free };
        let now = Instant::now();
        let capacity = f64::from(limit.capacity);
        let mut buckets = lock(&self.buckets);
        let (tokens, at) = buckets.entry(key).or_insert((capacity, now));
        *tokens = (*tokens + limit.rate() * now.saturating_duration_since(*at).as_secs_f64()).min(capacity);
        *at = now;
        let headers = |remaining: f64| {
            let remaining = format!("{}", remaining.max(0.0).floor());
            let mut headers = vec![("ratelimit-limit", limit.capacity.to_string()), ("ratelimit-remaining", remaining)];
            headers.retain(|_| limit.headers);
            headers
        };
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            return Metered::Counted(headers(*tokens));
        }
        self.refused.fetch_add(1, Ordering::Relaxed);
        let wait = ((1.0 - *tokens) / limit.rate()).ceil().clamp(1.0, 1e9) as u64;
        Metered::Refused(refusal(path, limit, wait, headers(0.0)))
    }
}

/// The 429 Atlas answers from an empty bucket.
fn refusal(path: &str, limit: RateLimit, wait: u64, headers: Vec<(&'static str, String)>) -> Reply {
    let (capacity, refill, per) = (limit.capacity, limit.refill, limit.per.as_secs());
    let set = path.trim_start_matches('/');
    let error = AtlasError::new(429, "RATE_LIMITED_TOKEN_BUCKET");
    let error = if limit.headers {
        error
            .detail(format!(
                "Rate limit exceeded for {set}. Please retry after {wait} seconds. \
                 Request capacity: {capacity}. Refill rate: {refill} per {per} seconds."
            ))
            .parameters([serde_json::json!(set), wait.into(), capacity.into(), refill.into(), per.into()])
    } else {
        error.detail("Too many requests.")
    };
    let mut reply = Reply::error(&error);
    reply.headers = headers;
    if limit.headers {
        reply.headers.push(("retry-after", wait.to_string()));
    }
    reply
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(metered: &Metered) -> Option<(u16, Vec<(&'static str, String)>)> {
        match metered {
            Metered::Refused(reply) => Some((reply.status, reply.headers.clone())),
            _ => None,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_bucket_empties_refills_and_says_so() {
        let meter = Meter { every: Some(RateLimit::new(2, 1, Duration::from_secs(2))), ..Meter::default() };
        let path = "/api/atlas/v2/groups/g/clusters";
        assert!(matches!(meter.take(path), Metered::Counted(h) if h[1].1 == "1"));
        assert!(matches!(meter.take(path), Metered::Counted(h) if h[1].1 == "0"));
        let (status, headers) = refused(&meter.take(path)).expect("empty");
        assert_eq!(status, 429);
        assert!(headers.contains(&("retry-after", "2".to_owned())), "{headers:?}");
        assert!(matches!(meter.take("/api/atlas/v2/groups/other/clusters"), Metered::Counted(_)), "another scope");
        tokio::time::advance(Duration::from_secs(2)).await;
        assert!(matches!(meter.take(path), Metered::Counted(_)), "refilled");
        assert_eq!(meter.refused(), 1);
        assert!(
            matches!(meter.take("/api/oauth/token"), Metered::Free),
            "the token endpoint is not metered unless set"
        );
    }
}
