//! The socket: HTTP/1.1 on 127.0.0.1 with hyper, one task per connection.

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use super::answer::BodyFault;
use super::dispatch::{dispatch, Received};
use super::State;

/// A reply's body: whole, or breaking off as an expectation asked.
type ReplyBody = BoxBody<Bytes, Dropped>;

/// Serves until the task is aborted.
pub(crate) async fn serve(listener: TcpListener, state: Arc<State>) {
    loop {
        let Ok((stream, peer)) = listener.accept().await else { continue };
        let state = state.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| answer(state.clone(), request, peer.ip()));
            // A dropped connection ends here with an error, as it should.
            let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

/// The error that makes hyper close the connection without an answer.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the expectation drops the connection")
    }
}

impl std::error::Error for Dropped {}

async fn answer(
    state: Arc<State>,
    request: Request<Incoming>,
    from: std::net::IpAddr,
) -> Result<Response<ReplyBody>, Dropped> {
    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return Err(Dropped),
    };
    let raw_query = parts.uri.query().map(str::to_owned);
    let query = raw_query
        .as_deref()
        .map(|q| url::form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    let received = Received {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        raw_query,
        query,
        headers: parts.headers,
        body,
        from,
    };
    let outcome = dispatch(&state, &received);
    state.record(&received);
    if let Some(delay) = outcome.delay {
        tokio::time::sleep(delay).await;
    }
    let Some(reply) = outcome.reply else { return Err(Dropped) };
    let mut response = Response::builder().status(reply.status);
    let success = (200..300).contains(&reply.status);
    // A download is a file of its media type even when empty: the client checks it.
    let download = success && reply.status != 204 && !outcome.content_type.ends_with("json");
    if reply.body.is_some() || download {
        let content_type = if success { outcome.content_type } else { "application/json" };
        response = response.header("content-type", content_type);
    }
    for (name, value) in reply.headers {
        response = response.header(name, value);
    }
    let body = reply.body.unwrap_or_default();
    if outcome.fault.is_some() {
        // The announced length is the whole body's, so the client knows it was cut.
        response = response.header("content-length", body.len());
    }
    Ok(response.body(body_of(body, outcome.fault)).unwrap_or_else(|_| internal()))
}

/// `body` whole, or its first bytes and then the fault: the connection closed, or nothing more.
fn body_of(body: Bytes, fault: Option<BodyFault>) -> ReplyBody {
    let first = |after: usize| Ok(Frame::data(body.slice(..after.min(body.len()))));
    match fault {
        None => Full::new(body).map_err(|never| match never {}).boxed(),
        Some(BodyFault::CutAfter(after)) => {
            // The head and the first bytes go out before the connection closes.
            let cut = futures_util::stream::once(async {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                Err(Dropped)
            });
            BodyExt::boxed(StreamBody::new(futures_util::StreamExt::chain(
                futures_util::stream::iter([first(after)]),
                cut,
            )))
        }
        Some(BodyFault::StallAfter(after)) => {
            let stalled = futures_util::StreamExt::chain(
                futures_util::stream::iter([first(after)]),
                futures_util::stream::pending(),
            );
            BodyExt::boxed(StreamBody::new(stalled))
        }
    }
}

fn internal() -> Response<ReplyBody> {
    let mut response = Response::new(Full::new(Bytes::new()).map_err(|never| match never {}).boxed());
    *response.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
    response
}
