//! What an answer says of its bucket: `RateLimit-Limit`, `RateLimit-Remaining`,
//! `Retry-After`, and a 429's detail ("Please retry after 55 seconds. Request capacity: 10.
//! Refill rate: 5 per 60 seconds."). Every number is untrusted: none can make arithmetic
//! panic, and nonsense (a refill over zero seconds) is ignored.

use std::time::Duration;

use http::{HeaderMap, StatusCode};

/// What one answer told of its bucket.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Said {
    pub(crate) limit: Option<u64>,
    pub(crate) remaining: Option<u64>,
    /// A 429, with the wait it asked for (`Retry-After`, else its detail's), if any.
    pub(crate) refused: Option<Option<Duration>>,
    pub(crate) capacity: Option<u64>,
    /// Tokens added, and over how long.
    pub(crate) refill: Option<(u64, Duration)>,
}

impl Said {
    /// What an answer of `status` with `headers` and `body` says.
    pub(crate) fn of(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Self {
        let number = |name: &str| crate::headers::number(headers, name);
        let mut said =
            Said { limit: number("ratelimit-limit"), remaining: number("ratelimit-remaining"), ..Self::default() };
        if status != StatusCode::TOO_MANY_REQUESTS {
            return said;
        }
        let detail = serde_json::from_slice::<crate::error::ApiError>(body).ok().and_then(|e| e.detail);
        let detail = detail.as_deref().map(Detail::of).unwrap_or_default();
        said.capacity = detail.capacity;
        said.refill = detail.refill;
        said.refused = Some(crate::headers::retry_after(headers).or(detail.wait));
        said
    }

    /// Anything at all about a bucket.
    pub(crate) fn metered(&self) -> bool {
        self.limit.is_some() || self.remaining.is_some() || self.refill.is_some()
    }
}

/// The numbers of Atlas's rate-limit detail text.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Detail {
    pub(crate) wait: Option<Duration>,
    pub(crate) capacity: Option<u64>,
    pub(crate) refill: Option<(u64, Duration)>,
}

impl Detail {
    pub(crate) fn of(text: &str) -> Self {
        let lower = text.to_ascii_lowercase();
        let refill = after(&lower, "refill rate:").and_then(|(tokens, rest)| {
            let (seconds, _) = after(rest, "per")?;
            (tokens > 0 && seconds > 0).then(|| (tokens, Duration::from_secs(seconds)))
        });
        Detail {
            wait: after(&lower, "retry after").map(|(seconds, _)| Duration::from_secs(seconds)),
            capacity: after(&lower, "request capacity:").map(|(n, _)| n),
            refill,
        }
    }
}

/// The number right after `marker` (spaces between), and the text after it.
fn after<'t>(text: &'t str, marker: &str) -> Option<(u64, &'t str)> {
    let rest = text[text.find(marker)? + marker.len()..].trim_start();
    let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    Some((rest[..digits].parse().ok()?, &rest[digits..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atlas_detail_text_is_read() {
        let text = "Rate limit exceeded for api/atlas/v2/orgs. Please retry after 55 seconds. \
                    Request capacity: 10. Refill rate: 5 per 60 seconds.";
        let detail = Detail::of(text);
        assert_eq!(detail.wait, Some(Duration::from_secs(55)));
        assert_eq!(detail.capacity, Some(10));
        assert_eq!(detail.refill, Some((5, Duration::from_secs(60))));
        assert_eq!(Detail::of("Too many requests; retry later."), Detail::default());
        assert_eq!(Detail::of("Refill rate: 5 per 0 seconds").refill, None, "no refill over no time");
        assert_eq!(Detail::of("retry after 99999999999999999999999 seconds").wait, None, "past u64");
    }

    #[test]
    fn headers_and_a_refusal_are_read() {
        let mut headers = HeaderMap::new();
        headers.insert("ratelimit-limit", "100".parse().unwrap());
        headers.insert("ratelimit-remaining", " 7 ".parse().unwrap());
        let said = Said::of(StatusCode::OK, &headers, b"");
        assert_eq!((said.limit, said.remaining, said.refused), (Some(100), Some(7), None));
        headers.insert("retry-after", "3".parse().unwrap());
        let body = br#"{"detail":"Please retry after 55 seconds. Refill rate: 5 per 60 seconds."}"#;
        let said = Said::of(StatusCode::TOO_MANY_REQUESTS, &headers, body);
        assert_eq!(said.refused, Some(Some(Duration::from_secs(3))), "Retry-After before the detail");
        assert_eq!(said.refill, Some((5, Duration::from_secs(60))));
        let said = Said::of(StatusCode::TOO_MANY_REQUESTS, &HeaderMap::new(), b"not json");
        assert_eq!(said, Said { refused: Some(None), ..Said::default() });
        assert!(!said.metered());
    }
}
