//! One request through the mock: the checks Atlas makes (credentials, a known operation,
//! the dated `Accept` and `Content-Type`, a body Atlas would take), then the expectation
//! that answers it. Every fault is recorded for the test and answered as Atlas would.

use std::time::Duration;

use reqwest::header::{HeaderMap, ACCEPT, AUTHORIZATION, CONTENT_TYPE};

use super::answer::{AtlasError, BodyFault, Reply};
use super::auth::{lock, Verdict};
use super::check;
use super::layer::{Asked, Body};
use super::meter::Metered;
use super::route::{candidates, method_of, Known};
use super::rule::Incoming;
use super::State;

/// A request as read off the socket.
pub(crate) struct Received {
    pub(crate) method: http::Method,
    pub(crate) path: String,
    pub(crate) raw_query: Option<String>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: bytes::Bytes,
    /// The address the request came from.
    pub(crate) from: std::net::IpAddr,
}

/// What to send back: a reply (with the `Content-Type` of a success), after a delay, or
/// nothing (the connection is dropped).
pub(crate) struct Outcome {
    pub(crate) reply: Option<Reply>,
    pub(crate) content_type: &'static str,
    pub(crate) delay: Option<Duration>,
    /// How the reply's body breaks off, if it does.
    pub(crate) fault: Option<BodyFault>,
}

impl Outcome {
    fn now(reply: Reply, content_type: &'static str) -> Self {
        Self { reply: Some(reply), content_type, delay: None, fault: None }
    }

    fn error(error: AtlasError) -> Self {
        Self::now(Reply::error(&error), "application/json")
    }

    fn json(status: u16, body: impl Into<bytes::Bytes>) -> Self {
        Self::now(Reply { status, headers: Vec::new(), body: Some(body.into()) }, "application/json")
    }
}

/// The answer to one request: a 429 when its rate-limit bucket is empty, else what the
/// checks and expectations decide, with the bucket's headers.
pub(crate) fn dispatch(state: &State, request: &Received) -> Outcome {
    let headers = match state.meter.take(&request.path) {
        Metered::Refused(reply) => return Outcome::now(reply, "application/json"),
        Metered::Counted(headers) => headers,
        Metered::Free => Vec::new(),
    };
    let mut outcome = match admit(state, request) {
        Ok((known, label)) => answer(state, request, known, &label),
        Err(decided) => decided,
    };
    if let Some(reply) = outcome.reply.as_mut() {
        reply.headers.extend(headers);
    }
    outcome
}

/// The path and query, as sent (for fault messages and the Digest check).
fn target(request: &Received) -> String {
    match &request.raw_query {
        Some(query) => format!("{}?{query}", request.path),
        None => request.path.clone(),
    }
}

fn header(request: &Received, name: reqwest::header::HeaderName) -> Option<&str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// The checks Atlas makes before any expectation sees the request: the operation it names,
/// with the label fault messages name the call by, or (`Err`) the answer already decided (a
/// token request, or a refusal).
fn admit(state: &State, request: &Received) -> Result<(Known, String), Outcome> {
    if request.method == http::Method::POST && request.path.starts_with("/api/oauth/") {
        return Err(oauth(state, request));
    }
    let target = target(request);
    authorize(state, request, &target)?;
    let known = route(state, request, &target)?;
    let operation = known.operation;
    let label = format!("{} ({}) {} {target}", operation.id, operation.version, request.method);
    let has_body = !request.body.is_empty();
    if has_body {
        let sent = header(request, CONTENT_TYPE).unwrap_or_default();
        if operation.content_type != Some(sent) {
            let wanted = operation.content_type.map_or("no body".to_owned(), |c| format!("`{c}`"));
            state.fault(format!("{label}: `Content-Type: {sent}`, where this version takes {wanted}"));
            return Err(Outcome::error(AtlasError::new(415, "UNSUPPORTED_MEDIA_TYPE")));
        }
    }
    if let Err(refused) = validate_request(&known, request, has_body) {
        state.fault(format!("{label}: Atlas would reject the request: {}", refused.why));
        return Err(Outcome::error(AtlasError::bad_request(refused.code).detail(refused.why)));
    }
    Ok((known, label))
}

/// The credentials, as Atlas checks them: a Digest challenge, or a 401 for bad ones.
fn authorize(state: &State, request: &Received, target: &str) -> Result<(), Outcome> {
    match state.auth.judge(request.method.as_str(), target, header(request, AUTHORIZATION)) {
        Verdict::Accepted => Ok(()),
        Verdict::Challenge(challenge) => {
            let mut reply =
                Reply::error(&AtlasError::unauthorized().detail("You are not authorized for this resource."));
            reply.headers.push(("www-authenticate", challenge));
            Err(Outcome::now(reply, "application/json"))
        }
        Verdict::Refused(why) => {
            state.fault(format!("{} {target}: {why}", request.method));
            Err(Outcome::error(AtlasError::unauthorized()))
        }
    }
}

/// The operation and version the method, path and `Accept` name.
fn route(state: &State, request: &Received, target: &str) -> Result<Known, Outcome> {
    let found = match method_of(&request.method) {
        Some(method) => candidates(&state.operations, method, &request.path),
        None => Vec::new(),
    };
    if found.is_empty() {
        state.fault(format!(
            "{} {target}: no Atlas operation (of the enabled tags) has this method and path",
            request.method
        ));
        return Err(Outcome::error(AtlasError::not_found("RESOURCE_NOT_FOUND")));
    }
    let accept = header(request, ACCEPT).unwrap_or_default();
    if let Some(known) = found.iter().find(|known| known.operation.accept == accept) {
        return Ok(*known);
    }
    let takes: Vec<String> =
        found.iter().map(|known| format!("`{}` ({})", known.operation.accept, known.operation.version)).collect();
    state.fault(format!(
        "{} {target} sent `Accept: {accept}`; {} takes {}",
        request.method,
        found[0].operation.id,
        takes.join(" or ")
    ));
    Err(Outcome::error(AtlasError::new(406, "INVALID_VERSION_DATE")))
}

/// The answer of the first expectation that takes the request, else the example (when the
/// mock serves them), else a fault that lists the operation's expectations.
fn answer(state: &State, request: &Received, known: Known, label: &str) -> Outcome {
    let operation = known.operation;
    let mut rules = lock(&state.rules);
    let incoming =
        Incoming { path: &request.path, query: &request.query, headers: &request.headers, body: &request.body };
    let found = rules.iter_mut().find(|rule| rule.is_for(operation) && !rule.exhausted() && rule.matches(&incoming));
    let Some(rule) = found else {
        if let Some(outcome) = from_layer(state, request, &known) {
            return outcome;
        }
        if state.serve_examples {
            let body = known.example.map(|json| bytes::Bytes::from_static(json.as_bytes()));
            let reply = Reply { status: operation.status, headers: Vec::new(), body };
            return Outcome::now(reply, operation.accept);
        }
        let others: Vec<String> = rules
            .iter()
            .filter(|rule| rule.operation.id == operation.id)
            .map(|rule| format!("\n    {}", rule.describe()))
            .collect();
        let others = if others.is_empty() {
            String::new()
        } else {
            format!("; the expectations of {} (any version):{}", operation.id, others.concat())
        };
        state.fault(format!("unexpected call {label}: nothing expects it{others}"));
        return Outcome::error(
            AtlasError::not_found("MOCK_UNEXPECTED_CALL").detail(format!("Nothing expects {label}.")),
        );
    };
    let call = rule.calls;
    rule.calls += 1;
    match rule.answer.reply(call, operation.status, &request.query) {
        Ok(reply) => Outcome { reply, content_type: operation.accept, delay: rule.delay, fault: rule.answer.fault() },
        Err(why) => {
            state.fault(format!("{label}: {why}"));
            Outcome::error(AtlasError::bad_request("INVALID_QUERY_PARAMETER").detail(why))
        }
    }
}

/// The answer of the layer under the mock (a fake's state), when it gives one.
fn from_layer(state: &State, request: &Received, known: &Known) -> Option<Outcome> {
    let layer = state.layer.as_ref()?;
    let asked = Asked {
        operation: known.operation,
        path: &request.path,
        query: &request.query,
        body: &request.body,
        example: known.example,
        caller: state.auth.caller(request.from),
    };
    let layered = layer.answer(&asked)?;
    if let Some(fault) = layered.fault {
        state.fault(fault);
    }
    Some(match layered.answer {
        Ok((status, body)) => {
            let body = body.map(|body| match body {
                Body::Json(value) => bytes::Bytes::from(value.to_string()),
                Body::Bytes(bytes) => bytes,
            });
            Outcome::now(Reply { status, headers: Vec::new(), body }, known.operation.accept)
        }
        Err(error) => Outcome::error(error),
    })
}

/// Why Atlas would refuse a request, and the error code it answers with.
struct Refused {
    code: &'static str,
    why: String,
}

/// What Atlas checks of a request before acting on it: its path parameters against the
/// spec's limits (`VALIDATION_ERROR`, the spec's example of a 400), then its body: required
/// fields and closed enums (`INVALID_JSON_ATTRIBUTE`) and the spec's limits
/// (`INVALID_ATTRIBUTE`, what Atlas answers for a value it refuses).
fn validate_request(known: &Known, request: &Received, has_body: bool) -> Result<(), Refused> {
    let checks = known.checks;
    if let Some(checks) = checks {
        let sent = known.operation.path.values(&request.path);
        check::params(checks, &sent).map_err(|why| Refused { code: "VALIDATION_ERROR", why })?;
    }
    if !has_body {
        return Ok(());
    }
    (known.check_body)(&request.body).map_err(|why| Refused { code: "INVALID_JSON_ATTRIBUTE", why })?;
    tied(known, request)?;
    if let Some(node) = checks.and_then(|checks| checks.body) {
        // The body decoded strictly above, so it is JSON.
        let value: serde_json::Value = serde_json::from_slice(&request.body).unwrap_or_default();
        check::body(node, &value).map_err(|why| Refused { code: "INVALID_ATTRIBUTE", why })?;
    }
    Ok(())
}

/// A path parameter the body's union tag says too must say what the tag says: Atlas refuses a
/// Slack integration sent to `.../integrations/PAGER_DUTY`. The spec shows no error code for
/// it; the mock answers `INVALID_JSON_ATTRIBUTE`, its code for a body Atlas does not take. A
/// body without its tag says nothing against the path.
fn tied(known: &Known, request: &Received) -> Result<(), Refused> {
    if known.ties.is_empty() {
        return Ok(());
    }
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap_or_default();
    let sent = known.operation.path.values(&request.path);
    for (name, property) in known.ties {
        let Some(tag) = body.get(property).and_then(serde_json::Value::as_str) else { continue };
        let Some((_, value)) = sent.iter().find(|(sent, _)| sent == name) else { continue };
        let value = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
        if value != tag {
            let why = format!("path parameter `{name}` is `{value}` but the body's `{property}` is `{tag}`");
            return Err(Refused { code: "INVALID_JSON_ATTRIBUTE", why });
        }
    }
    Ok(())
}

/// `/api/oauth/token` and `/api/oauth/revoke`.
fn oauth(state: &State, request: &Received) -> Outcome {
    let authorization = request.headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok());
    match request.path.as_str() {
        "/api/oauth/token" => match state.auth.token(authorization, &request.body) {
            Ok(token) => {
                Outcome::json(200, format!(r#"{{"access_token":"{token}","expires_in":3600,"token_type":"Bearer"}}"#))
            }
            Err(why) => {
                state.fault(format!("POST /api/oauth/token: {why}"));
                Outcome::json(401, r#"{"error":"invalid_client","error_description":"Invalid client credentials."}"#)
            }
        },
        "/api/oauth/revoke" => {
            state.auth.revoke(&request.body);
            Outcome::json(200, "{}")
        }
        other => {
            state.fault(format!("POST {other}: not an OAuth endpoint of Atlas"));
            Outcome::error(AtlasError::not_found("RESOURCE_NOT_FOUND"))
        }
    }
}
