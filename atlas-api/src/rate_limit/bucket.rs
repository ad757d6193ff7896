//! One bucket as the client sees it: what Atlas said of it, and the calls it let through or
//! holds. Pure bookkeeping on the instants it is given; [`super::Pacer`] does the waiting.

use std::time::Duration;

use tokio::time::Instant;

use super::learn::Said;

/// What a call may do now.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Decision {
    /// Send now; `probe`: the one call sent to learn about a bucket nothing is known of yet.
    Go { probe: bool },
    /// Wait until then. `reserved`: the call holds a token from then on (send then, without
    /// asking again); else it asks again.
    Until { at: Instant, reserved: bool, why: Why },
    /// Wait until another call's answer says more (a probe is out).
    News,
}

/// Why a call is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Why {
    /// Atlas answered 429 and asked to wait (`Retry-After`, its detail, or the documented
    /// 10, 20, 40 s when it said nothing).
    Refused,
    /// The bucket is empty by what Atlas said of it; it refills by then.
    Empty,
}

impl Why {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Why::Refused => "Atlas answered 429 for this bucket and asked to wait",
            Why::Empty => "the bucket is empty by Atlas's RateLimit headers and refills by then",
        }
    }
}

#[derive(Debug)]
pub(crate) struct Bucket {
    /// No answer came yet: one call goes first, to learn.
    unknown: bool,
    /// Atlas says things about this bucket (headers, a detail), or it was seeded.
    metered: bool,
    /// Seeded from documentation (the token endpoint): answers without headers keep it.
    seeded: bool,
    capacity: Option<f64>,
    /// Tokens per second.
    rate: Option<f64>,
    /// Estimated tokens at `at`, after the calls let through or reserved (negative: owed).
    tokens: f64,
    at: Instant,
    /// No call before this (a 429's wait).
    blocked_until: Option<Instant>,
    /// After a 429 on a bucket whose refill is unknown: one call goes first again.
    needs_probe: bool,
    probe_out: bool,
    /// Calls sent and not answered; calls holding a reservation, not yet sent.
    pub(crate) in_flight: u32,
    pub(crate) queued: u32,
    /// 429s in a row that said no wait: the documented 10, 20, 40 s.
    silent_refusals: u32,
}

impl Bucket {
    /// Nothing in flight or waiting, and no 429's wait still running: the bucket can be
    /// forgotten (what it learnt is learnt again from the next answer).
    pub(crate) fn idle(&self, now: Instant) -> bool {
        self.in_flight == 0
            && self.queued == 0
            && !self.probe_out
            && self.blocked_until.is_none_or(|until| until <= now)
    }

    pub(crate) fn new(now: Instant) -> Self {
        Bucket {
            unknown: true,
            metered: false,
            seeded: false,
            capacity: None,
            rate: None,
            tokens: 0.0,
            at: now,
            blocked_until: None,
            needs_probe: false,
            probe_out: false,
            in_flight: 0,
            queued: 0,
            silent_refusals: 0,
        }
    }

    /// A bucket known from documentation: full, `capacity` tokens refilled over `per`.
    pub(crate) fn seeded(now: Instant, capacity: u32, per: Duration) -> Self {
        let capacity = f64::from(capacity.max(1));
        let rate = capacity / per.as_secs_f64().max(f64::MIN_POSITIVE);
        let mut bucket = Bucket::new(now);
        bucket.unknown = false;
        bucket.metered = true;
        bucket.seeded = true;
        bucket.capacity = Some(capacity);
        bucket.rate = Some(rate).filter(|r| r.is_finite() && *r > 0.0);
        bucket.tokens = capacity;
        bucket
    }

    fn refill(&mut self, now: Instant) {
        if let (Some(rate), Some(elapsed)) = (self.rate, now.checked_duration_since(self.at)) {
            self.tokens += rate * elapsed.as_secs_f64();
            if let Some(capacity) = self.capacity {
                self.tokens = self.tokens.min(capacity);
            }
        }
        self.at = self.at.max(now);
    }

    /// What a call asking at `now` does; a call let through or reserved is counted.
    pub(crate) fn decide(&mut self, now: Instant) -> Decision {
        self.refill(now);
        let blocked = self.blocked_until.filter(|until| *until > now);
        if let (Some(at), None) = (blocked, self.rate) {
            return Decision::Until { at, reserved: false, why: Why::Refused };
        }
        if self.unknown || self.needs_probe {
            return self.probe();
        }
        if !self.metered {
            self.in_flight += 1;
            return Decision::Go { probe: false };
        }
        let Some(rate) = self.rate else {
            if self.tokens >= 1.0 {
                self.tokens -= 1.0;
                self.in_flight += 1;
                return Decision::Go { probe: false };
            }
            return self.probe();
        };
        let short = (1.0 - self.tokens).max(0.0);
        let ready = Duration::try_from_secs_f64(short / rate).ok().and_then(|wait| now.checked_add(wait));
        let Some(ready) = ready else { return Decision::Until { at: far(now), reserved: false, why: Why::Empty } };
        let (at, why) = match blocked {
            Some(until) if until > ready => (until, Why::Refused),
            _ => (ready, Why::Empty),
        };
        self.tokens -= 1.0;
        if at <= now {
            self.in_flight += 1;
            return Decision::Go { probe: false };
        }
        self.queued += 1;
        Decision::Until { at, reserved: true, why }
    }

    fn probe(&mut self) -> Decision {
        if self.probe_out {
            return Decision::News;
        }
        self.probe_out = true;
        self.in_flight += 1;
        Decision::Go { probe: true }
    }

    /// A reserved call gave up its token before sending (a deadline, a dropped future).
    pub(crate) fn unreserve(&mut self) {
        self.queued = self.queued.saturating_sub(1);
        self.tokens += 1.0;
    }

    /// A reserved call's time came: it is sent.
    pub(crate) fn sent(&mut self) {
        self.queued = self.queued.saturating_sub(1);
        self.in_flight += 1;
    }

    /// A call sent though the bucket said to wait (a wait no bucket needs), `reserved` or not.
    pub(crate) fn give_up(&mut self, reserved: bool) {
        if reserved {
            self.unreserve();
        }
        self.in_flight += 1;
    }

    /// A call let through ended without an answer (no connection, a timeout, dropped).
    pub(crate) fn unanswered(&mut self, probe: bool) {
        self.in_flight = self.in_flight.saturating_sub(1);
        if probe {
            self.probe_out = false;
        }
    }

    /// An answer to a call let through: what it says of the bucket. Returns the wait a 429
    /// asked for (or the one the client chose), for the caller's trace.
    pub(crate) fn answered(&mut self, now: Instant, probe: bool, said: &Said, advice: Advice) -> Option<Duration> {
        self.unanswered(probe);
        self.refill(now);
        self.unknown = false;
        self.metered |= said.metered();
        if let Some(limit) = said.limit.or(said.capacity) {
            self.capacity = Some(limit as f64);
        }
        if let Some((tokens, per)) = said.refill {
            let rate = tokens as f64 / per.as_secs_f64();
            self.rate = Some(rate).filter(|r| r.is_finite() && *r > 0.0).or(self.rate);
        }
        let others = f64::from(self.in_flight) + f64::from(self.queued);
        let Some(asked) = said.refused else {
            self.silent_refusals = 0;
            self.needs_probe = false;
            if let Some(remaining) = said.remaining {
                let left = remaining as f64 - others;
                self.tokens = if self.rate.is_some() { self.tokens.min(left) } else { left };
            } else if !said.metered() && !self.seeded && self.rate.is_none() {
                self.metered = false;
            }
            return None;
        };
        let wait = match (asked, self.rate) {
            (Some(wait), _) => wait,
            (None, Some(rate)) => Duration::try_from_secs_f64(1.0 / rate).unwrap_or(advice.max),
            (None, None) => {
                self.silent_refusals = self.silent_refusals.saturating_add(1);
                advice.nth(self.silent_refusals)
            }
        };
        let wait = wait.min(advice.cap);
        self.tokens = -others;
        let until = now.checked_add(wait).unwrap_or_else(|| far(now));
        self.blocked_until = Some(self.blocked_until.map_or(until, |was| was.max(until)));
        self.needs_probe = self.rate.is_none();
        Some(wait)
    }
}

/// The documented advice when a 429 says nothing: 10 s, then 20, then 40 (doubling up to a
/// cap), from the retry policy's rate-limit delays.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Advice {
    pub(crate) base: Duration,
    pub(crate) max: Duration,
    /// The longest a 429 may hold the bucket's calls: the retry policy's `max_retry_after`,
    /// past which the refused call itself is answered at once (a longer `Retry-After` holds
    /// the others this long, then a call goes and learns again).
    pub(crate) cap: Duration,
}

impl Advice {
    /// The wait after the `n`-th silent 429 in a row (from 1).
    pub(crate) fn nth(self, n: u32) -> Duration {
        let exponent = n.saturating_sub(1).min(20);
        self.base.saturating_mul(1 << exponent).min(self.max.max(self.base))
    }
}

/// As far ahead as the clock goes, within a century.
fn far(now: Instant) -> Instant {
    let mut ahead = Duration::from_secs(100 * 365 * 24 * 3600);
    loop {
        match now.checked_add(ahead) {
            Some(at) => return at,
            None => ahead /= 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADVICE: Advice =
        Advice { base: Duration::from_secs(10), max: Duration::from_secs(40), cap: Duration::from_secs(24 * 3600) };

    #[test]
    fn a_429_holds_the_bucket_no_longer_than_the_retry_policy_waits() {
        let now = Instant::now();
        let mut bucket = Bucket::new(now);
        let refusal = Said { refused: Some(Some(Duration::from_secs(3600))), ..Said::default() };
        let capped = Advice { cap: Duration::from_secs(60), ..ADVICE };
        assert_eq!(bucket.answered(now, true, &refusal, capped), Some(Duration::from_secs(60)));
        assert_eq!(bucket.blocked_until, Some(now + Duration::from_secs(60)));
    }

    fn said(limit: u64, remaining: u64) -> Said {
        Said { limit: Some(limit), remaining: Some(remaining), ..Said::default() }
    }

    #[test]
    fn one_call_learns_then_the_headers_let_the_others_through() {
        let now = Instant::now();
        let mut bucket = Bucket::new(now);
        assert_eq!(bucket.decide(now), Decision::Go { probe: true });
        assert_eq!(bucket.decide(now), Decision::News, "the probe is out");
        bucket.answered(now, true, &said(5, 2), ADVICE);
        assert_eq!(bucket.decide(now), Decision::Go { probe: false });
        assert_eq!(bucket.decide(now), Decision::Go { probe: false });
        assert_eq!(bucket.decide(now), Decision::Go { probe: true }, "empty, refill unknown: one asks");
        assert_eq!(bucket.decide(now), Decision::News);
    }

    #[test]
    fn a_known_refill_spaces_the_calls_and_a_429_blocks_them() {
        let now = Instant::now();
        let mut bucket = Bucket::new(now);
        bucket.decide(now);
        let refusal = Said {
            refused: Some(Some(Duration::from_secs(1))),
            capacity: Some(5),
            refill: Some((5, Duration::from_secs(2))),
            ..said(5, 0)
        };
        assert_eq!(bucket.answered(now, true, &refusal, ADVICE), Some(Duration::from_secs(1)));
        let at = |d: Decision| match d {
            Decision::Until { at, reserved: true, .. } => (at - now).as_millis(),
            other => panic!("{other:?}"),
        };
        // 2.5 tokens a second, none before the Retry-After second.
        assert_eq!(at(bucket.decide(now)), 1000);
        assert_eq!(at(bucket.decide(now)), 1000);
        assert_eq!(at(bucket.decide(now)), 1200);
        assert_eq!(at(bucket.decide(now)), 1600);
        assert_eq!(bucket.queued, 4);
    }

    #[test]
    fn silent_429s_wait_10_20_40_seconds_and_a_probe_goes_first() {
        let now = Instant::now();
        let mut bucket = Bucket::new(now);
        let silent = Said { refused: Some(None), ..Said::default() };
        let mut at = now;
        for expected in [10, 20, 40, 40] {
            assert_eq!(bucket.decide(at), Decision::Go { probe: true });
            assert_eq!(bucket.answered(at, true, &silent, ADVICE), Some(Duration::from_secs(expected)));
            assert!(matches!(bucket.decide(at), Decision::Until { reserved: false, why: Why::Refused, .. }));
            at += Duration::from_secs(expected);
        }
        bucket.decide(at);
        bucket.answered(at, true, &Said::default(), ADVICE);
        assert_eq!(bucket.decide(at), Decision::Go { probe: false }, "no headers: no pacing");
        assert_eq!(bucket.decide(at), Decision::Go { probe: false });
    }

    #[test]
    fn untrusted_numbers_never_panic() {
        let now = Instant::now();
        let mut bucket = Bucket::new(now);
        bucket.decide(now);
        let wild = Said {
            limit: Some(u64::MAX),
            remaining: Some(u64::MAX),
            refused: Some(Some(Duration::MAX)),
            capacity: Some(u64::MAX),
            refill: Some((u64::MAX, Duration::from_secs(1))),
        };
        bucket.answered(now, true, &wild, ADVICE);
        let _ = bucket.decide(now);
        let tiny = Said { refill: Some((1, Duration::MAX)), refused: Some(None), ..Said::default() };
        bucket.answered(now, false, &tiny, ADVICE);
        let _ = bucket.decide(now);
        let _ = Bucket::seeded(now, 0, Duration::ZERO).decide(now);
    }
}
