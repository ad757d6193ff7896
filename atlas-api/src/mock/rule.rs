//! One registered expectation, with its types erased: what it matches and how it answers.

use std::time::Duration;

use serde_json::Value;

use super::answer::Answer;
use crate::request::{Operation, PreparedRequest};

pub(crate) type Matcher = Box<dyn Fn(&[u8]) -> bool + Send + Sync>;

pub(crate) struct ExpectationRule {
    pub(crate) operation: &'static Operation,
    /// The path as the client sends it (parameters percent-encoded).
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) matcher: Option<Matcher>,
    pub(crate) exact_body: Option<Value>,
    pub(crate) times: Option<usize>,
    pub(crate) calls: usize,
    pub(crate) delay: Option<Duration>,
    pub(crate) answer: Answer,
}

/// A request as the mock received it.
pub(crate) struct Incoming<'a> {
    pub(crate) path: &'a str,
    pub(crate) query: &'a [(String, String)],
    pub(crate) headers: &'a reqwest::header::HeaderMap,
    pub(crate) body: &'a [u8],
}

impl ExpectationRule {
    pub(crate) fn new(operation: &'static Operation, request: PreparedRequest) -> Self {
        Self {
            operation,
            path: request.path,
            query: request.query,
            headers: request.headers,
            matcher: None,
            exact_body: None,
            times: None,
            calls: 0,
            delay: None,
            answer: Answer::Drop,
        }
    }

    pub(crate) fn is_for(&self, operation: &Operation) -> bool {
        self.operation.id == operation.id && self.operation.version == operation.version
    }

    pub(crate) fn exhausted(&self) -> bool {
        self.times.is_some_and(|times| self.calls >= times)
    }

    pub(crate) fn unmet(&self) -> bool {
        match self.times {
            Some(times) => self.calls != times,
            None => self.calls == 0,
        }
    }

    pub(crate) fn matches(&self, request: &Incoming<'_>) -> bool {
        let query = self.query.iter().all(|(name, value)| request.query.iter().any(|(n, v)| n == name && v == value));
        let headers = self
            .headers
            .iter()
            .all(|(name, value)| request.headers.get_all(*name).iter().any(|v| v.to_str().is_ok_and(|v| v == value)));
        let exact = self
            .exact_body
            .as_ref()
            .is_none_or(|expected| serde_json::from_slice::<Value>(request.body).is_ok_and(|sent| &sent == expected));
        let matched = self.matcher.as_ref().is_none_or(|matches| matches(request.body));
        self.path == request.path && query && headers && exact && matched
    }

    /// `getGroupCluster (2024-08-05) GET /api/atlas/v2/groups/g/clusters/c?pageNum=2`.
    pub(crate) fn describe(&self) -> String {
        let query: Vec<String> = self.query.iter().map(|(n, v)| format!("{n}={v}")).collect();
        let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
        let times = match self.times {
            Some(times) => format!("expected {times} call(s)"),
            None => "expected at least one call".to_owned(),
        };
        format!(
            "{} ({}) {} {}{query}: {times}, got {}",
            self.operation.id, self.operation.version, self.operation.method, self.path, self.calls
        )
    }
}
