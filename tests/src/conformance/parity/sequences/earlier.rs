//! What the captures show Atlas answered, and from which day: a field one capture carries is
//! one Atlas had added by the day that capture was recorded, whatever the dated specs say.
//! The set-aside of fields newer than a capture (`super::super::history`) never applies to a
//! field a capture of the same day or earlier carries in its answer to the same call.

use std::collections::BTreeMap;

use serde_json::Value;

use super::super::{call_key, fields, Router};
use super::Capture;

/// Per call, each path Atlas's answers carry, with the earliest day a capture carries it.
#[derive(Debug, Default)]
pub(super) struct Earlier {
    calls: BTreeMap<String, BTreeMap<String, String>>,
}

impl Earlier {
    /// The fields of every success answer of the dated `captures`, by call.
    pub(super) fn of(captures: &[(&Capture, Option<&str>)], router: &Router) -> Self {
        let mut earlier = Self::default();
        for (capture, day) in captures {
            let Some(day) = day else { continue };
            for entry in capture.steps.iter().flat_map(|step| &step.request_responses) {
                let bare = entry.path.split('?').next().unwrap_or_default();
                let Some(case) = router.route(&entry.method, bare, Some(&entry.version)) else { continue };
                let call = call_key(&entry.method, case.path.as_str(), &entry.version);
                for recorded in entry.responses.iter().filter(|r| (200..300).contains(&r.status)) {
                    let Ok(real) = serde_json::from_str::<Value>(&recorded.text) else { continue };
                    for path in fields(&real).into_keys() {
                        earlier.add(&call, path, day);
                    }
                }
            }
        }
        earlier
    }

    fn add(&mut self, call: &str, path: String, day: &str) {
        let paths = self.calls.entry(call.to_owned()).or_default();
        let seen = paths.entry(path).or_insert_with(|| day.to_owned());
        if day < seen.as_str() {
            *seen = day.to_owned();
        }
    }

    /// Whether a capture recorded on `day` or earlier answers `path` to `call`.
    pub(super) fn answered_by(&self, call: &str, path: &str, day: &str) -> bool {
        self.calls.get(call).and_then(|paths| paths.get(path)).is_some_and(|first| first.as_str() <= day)
    }
}

#[cfg(test)]
mod tests {
    use super::Earlier;

    #[test]
    fn a_field_counts_as_answered_from_the_earliest_capture_that_carries_it() {
        let mut earlier = Earlier::default();
        earlier.add("GET /c 2024-08-05", "$.tls".to_owned(), "2025-11-26");
        earlier.add("GET /c 2024-08-05", "$.tls".to_owned(), "2025-09-30");
        assert!(earlier.answered_by("GET /c 2024-08-05", "$.tls", "2025-09-30"), "that day");
        assert!(earlier.answered_by("GET /c 2024-08-05", "$.tls", "2025-12-01"), "later");
        assert!(!earlier.answered_by("GET /c 2024-08-05", "$.tls", "2025-08-31"), "before any capture had it");
        assert!(!earlier.answered_by("GET /other 2024-08-05", "$.tls", "2026-01-01"), "another call");
    }
}
