//! N concurrent calls against the mock metering like Atlas, with pacing on and off: calls
//! that succeed, 429s answered, and the time taken as a ratio to the bucket's minimum (what
//! a perfect client needs: (calls in a bucket - capacity) / refill rate, for its slowest
//! bucket). The runs are on tokio's paused clock, so minutes of Atlas's refill take
//! milliseconds, and the ratios do not depend on the machine.
//!
//! `cargo bench -p atlas-api --features mock --bench rate_limits` prints the table, then
//! divan times each run on the real clock.

use std::future::IntoFuture;
use std::time::Duration;

use atlas_api::mock::{MockAtlas, RateLimit};
use atlas_api::{Client, RateLimitPolicy};
use futures_util::future::join_all;
use tokio::time::Instant;

/// One metered configuration: the limit of every bucket, and how calls spread over them.
#[derive(Debug, Clone, Copy)]
struct Scenario {
    name: &'static str,
    capacity: u32,
    refill: u32,
    per_secs: u64,
    /// Projects the calls are spread over (a bucket each).
    projects: usize,
    /// Every other call lists the project's clusters (another endpoint set, another bucket).
    two_sets: bool,
}

const SCENARIOS: [Scenario; 5] = [
    Scenario { name: "5 + 5/2s, one bucket", capacity: 5, refill: 5, per_secs: 2, projects: 1, two_sets: false },
    Scenario {
        name: "10 + 5/60s (Atlas's example)",
        capacity: 10,
        refill: 5,
        per_secs: 60,
        projects: 1,
        two_sets: false,
    },
    Scenario { name: "20 + 10/1s, one bucket", capacity: 20, refill: 10, per_secs: 1, projects: 1, two_sets: false },
    Scenario { name: "5 + 5/2s, 3 projects", capacity: 5, refill: 5, per_secs: 2, projects: 3, two_sets: false },
    Scenario {
        name: "5 + 5/2s, 2 sets x 2 projects",
        capacity: 5,
        refill: 5,
        per_secs: 2,
        projects: 2,
        two_sets: true,
    },
];

/// What one run gave.
#[derive(Debug)]
struct Outcome {
    ok: usize,
    refused: usize,
    ratio: f64,
}

fn project(n: usize) -> String {
    format!("5e2211c17a3e5a48f5497d{n:02x}")
}

impl Scenario {
    fn limit(&self) -> RateLimit {
        RateLimit::new(self.capacity, self.refill, Duration::from_secs(self.per_secs))
    }

    /// The buckets' minimum for `calls`: the slowest bucket's calls past its capacity, at
    /// the refill rate.
    fn minimum(&self, calls: usize) -> Duration {
        let buckets = self.projects * if self.two_sets { 2 } else { 1 };
        let per_bucket = calls.div_ceil(buckets);
        let rate = f64::from(self.refill) / self.per_secs as f64;
        Duration::from_secs_f64(per_bucket.saturating_sub(self.capacity as usize) as f64 / rate)
    }

    /// `calls` concurrent calls with `policy`, on a paused clock.
    fn run(&self, calls: usize, policy: RateLimitPolicy) -> Outcome {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().start_paused(true).build().unwrap();
        runtime.block_on(async {
            let mock = MockAtlas::builder().rate_limit(self.limit()).serve_examples().start().await;
            let client = mock.client_builder().rate_limit(policy).build().expect("a client");
            let started = Instant::now();
            let ok = join_all((0..calls).map(|n| self.call(&client, n))).await.into_iter().filter(|ok| *ok).count();
            let took = started.elapsed();
            let refused = mock.rate_limit_refusals();
            mock.take_problems();
            Outcome { ok, refused, ratio: took.as_secs_f64() / self.minimum(calls).as_secs_f64() }
        })
    }

    async fn call(&self, client: &Client, n: usize) -> bool {
        let group = project(n % self.projects);
        if self.two_sets && (n / self.projects) % 2 == 1 {
            client.clusters().list_clusters(group).into_future().await.is_ok()
        } else {
            client.projects().get_group(group).into_future().await.is_ok()
        }
    }
}

fn main() {
    println!("{:<32} {:>5} | {:>22} | {:>22}", "buckets", "calls", "pacing on: ok/429/ratio", "off: ok/429/ratio");
    for scenario in SCENARIOS {
        for calls in [30, 300] {
            let on = scenario.run(calls, RateLimitPolicy::default());
            let off = scenario.run(calls, RateLimitPolicy::off());
            let shown = |o: &Outcome| format!("{}/{}/{:.2}", o.ok, o.refused, o.ratio);
            println!("{:<32} {calls:>5} | {:>22} | {:>22}", scenario.name, shown(&on), shown(&off));
        }
    }
    divan::main();
}

#[divan::bench(args = [30, 300], sample_count = 3, sample_size = 1)]
fn paced_one_bucket(calls: usize) -> usize {
    SCENARIOS[0].run(calls, RateLimitPolicy::default()).ok
}

#[divan::bench(args = [30, 300], sample_count = 3, sample_size = 1)]
fn unpaced_one_bucket(calls: usize) -> usize {
    SCENARIOS[0].run(calls, RateLimitPolicy::off()).ok
}
