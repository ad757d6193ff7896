//! Typed expectations: a request builder as the template of the request, and an answer of
//! the type the builder returns.

use std::marker::PhantomData;
use std::time::Duration;

use bytes::Bytes;

use super::answer::{Answer, AtlasError, BodyFault, Encode};
use super::rule::ExpectationRule;
use super::MockAtlas;
use crate::pagination::ListCall;
use crate::request::Call;
use crate::support::{Decode, Strictness};

/// A test's predicate on a decoded request body.
type BodyMatcher<B> = Box<dyn Fn(&B) -> bool + Send + Sync>;

/// What the mock expects of one operation, built from a request builder. It is registered
/// with its answer (`returns`, `returns_each`, `pages`, `fails`, `rate_limited`,
/// `drops_connection`), or when it is dropped without one: it then answers with the spec's
/// example of that operation and version (the media type's example, or the one composed
/// from its schema's examples, as Atlas's reference shows it).
///
/// The template's method, path parameters and dated version must match a request exactly,
/// and every query and header parameter set on the template must be sent with that value
/// (others may be sent too). The template's body is not compared unless
/// [`body_as_given`](Self::body_as_given) says so; [`body`](Self::body) matches on the
/// decoded body. Either way, a request body is decoded into the operation's own type and
/// checked as Atlas checks it (required fields present, known enum values); one that fails
/// is answered with a 400 and fails the test.
pub struct Expectation<'m, C: Call> {
    mock: &'m MockAtlas,
    /// Taken when the expectation is registered.
    rule: Option<ExpectationRule>,
    template_body: Option<Vec<u8>>,
    matcher: Option<BodyMatcher<C::Body>>,
    _call: PhantomData<fn() -> C>,
}

impl<'m, C: Call> Expectation<'m, C> {
    pub(crate) fn new(mock: &'m MockAtlas, call: C) -> Self {
        let (_, mut request) = call.into_parts();
        let template_body = request.take_body().ok().flatten().map(|(_, bytes)| bytes);
        let mut rule = ExpectationRule::new(C::OPERATION, request);
        let example = mock.example_of(C::OPERATION);
        rule.answer = Answer::Values(vec![example.map(|json| Bytes::from_static(json.as_bytes()))]);
        Self { mock, rule: Some(rule), template_body, matcher: None, _call: PhantomData }
    }

    /// Expects exactly `n` calls (by default: at least one). After the `n`-th, the
    /// expectation no longer matches.
    pub fn times(mut self, n: usize) -> Self {
        self.rule_mut().times = Some(n);
        self
    }

    /// Answers after `delay` (the client's timeouts see it; tokio's paused clock skips it).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.rule_mut().delay = Some(delay);
        self
    }

    /// Matches only requests whose body, decoded into the operation's type, satisfies
    /// `matches`.
    pub fn body(mut self, matches: impl Fn(&C::Body) -> bool + Send + Sync + 'static) -> Self {
        self.matcher = Some(Box::new(matches));
        self
    }

    /// Matches only requests whose body is the template's, as JSON.
    pub fn body_as_given(mut self) -> Self {
        let exact = self
            .template_body
            .take()
            .map(|bytes| serde_json::from_slice(&bytes).expect("a request body the client encoded is JSON"));
        self.rule_mut().exact_body = exact;
        self
    }

    /// Answers with the documented success status and `value` (a typed body, `()`, or the
    /// bytes of a download), every time.
    pub fn returns(self, value: C::Output)
    where
        C::Reader: Encode<Output = C::Output>,
    {
        self.returns_each([value]);
    }

    /// Answers with each value in turn, then the last one again: a resource that goes
    /// through CREATING, UPDATING and IDLE for code that polls it.
    pub fn returns_each(self, values: impl IntoIterator<Item = C::Output>)
    where
        C::Reader: Encode<Output = C::Output>,
    {
        let bodies: Vec<Option<Bytes>> = values.into_iter().map(|v| <C::Reader as Encode>::encode(&v)).collect();
        assert!(!bodies.is_empty(), "returns_each needs at least one value");
        self.register(Answer::Values(bodies));
    }

    /// Serves `items` as Atlas pages a list: by `pageNum` and `itemsPerPage` (default 100,
    /// at most 500), with `totalCount` unless the request says `includeCount=false`.
    pub fn pages(self, items: impl IntoIterator<Item = C::Item>)
    where
        C: ListCall,
        C::Item: serde::Serialize,
    {
        let items = items.into_iter().map(|item| serde_json::to_value(item).expect("items encode as JSON")).collect();
        self.register(Answer::Pages(items));
    }

    /// Answers with an Atlas error.
    pub fn fails(self, error: AtlasError) {
        self.register(Answer::Error(error));
    }

    /// Answers 429 `RATE_LIMITED_TOKEN_BUCKET` with `Retry-After` (whole seconds) and the
    /// same wait in its detail, as Atlas does (for a bucket that empties and refills, see
    /// [`MockAtlasBuilder::rate_limit`](super::MockAtlasBuilder::rate_limit)). The client
    /// retries it by its retry policy whatever the method, a POST or PATCH too (a rate limit
    /// refuses the request before Atlas acts on it, so nothing is replayed), waiting the
    /// `Retry-After` unless it is longer than the policy's `max_retry_after`; give the call
    /// `.retry(RetryPolicy::none())` to see the error at once.
    pub fn rate_limited(self, retry_after: Duration) {
        self.register(Answer::RateLimited(retry_after));
    }

    /// Closes the connection without an answer.
    pub fn drops_connection(self) {
        self.register(Answer::Drop);
    }

    /// Answers with the documented success status and the length of `body`, sends its first
    /// `after` bytes, then closes the connection: a transfer cut mid-way. The client's error
    /// says the body was cut and how many bytes arrived ([`TransportError::received`](crate::TransportError::received)).
    pub fn cuts_after(self, body: impl Into<Bytes>, after: usize) {
        self.register(Answer::Broken { body: body.into(), fault: BodyFault::CutAfter(after) });
    }

    /// Answers with the documented success status, sends the first `after` bytes of `body`,
    /// then nothing more: a transfer that stalls, which the client's stall timeout ends.
    pub fn stalls_after(self, body: impl Into<Bytes>, after: usize) {
        self.register(Answer::Broken { body: body.into(), fault: BodyFault::StallAfter(after) });
    }

    fn rule_mut(&mut self) -> &mut ExpectationRule {
        self.rule.as_mut().expect("an expectation is registered only once")
    }

    fn register(mut self, answer: Answer) {
        self.rule_mut().answer = answer;
        self.finish();
    }

    fn finish(&mut self) {
        let Some(mut rule) = self.rule.take() else { return };
        if let Some(matcher) = self.matcher.take() {
            rule.matcher = Some(Box::new(move |bytes: &[u8]| decode::<C::Body>(bytes).is_ok_and(|b| matcher(&b))));
        }
        self.mock.register(rule);
    }
}

/// An expectation given no answer answers with the spec's example.
impl<C: Call> Drop for Expectation<'_, C> {
    fn drop(&mut self) {
        self.finish();
    }
}

/// A request body decoded as Atlas checks it; a failure says where and why.
pub(crate) fn decode<T: Decode>(bytes: &[u8]) -> Result<T, String> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    crate::support::decode_tracking_path(&mut deserializer, Strictness::Request)
        .map_err(|error| format!("{}: {}", error.path(), error.inner()))
        .and_then(|value| deserializer.end().map(|()| value).map_err(|error| error.to_string()))
}
