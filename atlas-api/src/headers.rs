//! What the runtime reads of an answer's headers: `Retry-After` (which the retries, an API
//! error and a response wrapper all offer) and the numbers of Atlas's rate-limit headers.

use std::time::{Duration, SystemTime};

use http::header::{HeaderMap, RETRY_AFTER};

/// `Retry-After` in seconds or as an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    retry_after_at(headers, SystemTime::now())
}

/// `Retry-After` as seen at `now` (a date in the past is no wait).
fn retry_after_at(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or_default())
}

/// A header whose value is a whole number (`RateLimit-Remaining`).
pub(crate) fn number(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "2".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(2)));
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        headers.insert(RETRY_AFTER, httpdate::fmt_http_date(now + Duration::from_secs(30)).parse().unwrap());
        assert_eq!(retry_after_at(&headers, now), Some(Duration::from_secs(30)));
        assert_eq!(retry_after_at(&headers, now + Duration::from_secs(40)), Some(Duration::ZERO), "past");
        headers.insert(RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }
}
