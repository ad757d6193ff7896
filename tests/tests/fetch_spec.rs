//! `cargo xtask fetch-spec` against a local HTTP server: a good download is stored with its
//! facts; a failure, a timeout, a cut-short body or another document is a clear error that
//! leaves the previous spec in place.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::time::Duration;

use xtask::fetch::{fetch, Source};

const SPEC: &str = "openapi: 3.0.1
info: {title: MongoDB Atlas Administration API, version: '2.0', x-xgen-sha: 0123abcd}
paths:
  /api/atlas/v2:
    get:
      operationId: getSystemStatus
      responses:
        '200':
          description: OK
          content:
            application/vnd.atlas.2023-01-01+json: {schema: {type: object}}
            application/vnd.atlas.2025-03-12+json: {schema: {type: object}}
";

/// Serves one connection with `answer` (raw HTTP), or holds it open without a word.
fn serve(answer: Option<String>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/openapi/v2.yaml", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = [0u8; 4096];
        let _ = stream.read(&mut request);
        match answer {
            Some(answer) => {
                let _ = stream.write_all(answer.as_bytes());
            }
            None => std::thread::sleep(Duration::from_secs(5)),
        }
    });
    url
}

fn ok(body: &str) -> String {
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/yaml\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// A target file that already holds a previous spec.
fn previous(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("atlas-api-fetch-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("atlas-api-v2.yaml");
    std::fs::write(&out, "previous").unwrap();
    out
}

fn unchanged(out: &PathBuf) {
    assert_eq!(std::fs::read_to_string(out).unwrap(), "previous", "the previous spec is left in place");
}

#[test]
fn a_good_download_is_stored_with_its_sha256_and_dates() {
    let out = previous("good");
    let fetched = fetch(&Source::Url(serve(Some(ok(SPEC)))), &out, Duration::from_secs(10)).expect("fetched");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), SPEC);
    assert_eq!(fetched.sha256.len(), 64);
    assert_eq!(fetched.xgen_sha.as_deref(), Some("0123abcd"));
    assert_eq!(fetched.newest_version.as_deref(), Some("2025-03-12"));
}

#[test]
fn a_local_file_is_checked_and_copied() {
    let out = previous("file");
    let source = out.with_file_name("source.yaml");
    std::fs::write(&source, SPEC).unwrap();
    fetch(&Source::File(source), &out, Duration::from_secs(1)).expect("copied");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), SPEC);
}

#[test]
fn an_error_status_leaves_the_previous_spec() {
    let out = previous("404");
    let answer = "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_owned();
    let error = fetch(&Source::Url(serve(Some(answer))), &out, Duration::from_secs(10)).expect_err("a 404");
    assert!(error.contains("answered 404 Not Found") && error.contains("previous spec is left in place"), "{error}");
    unchanged(&out);
}

#[test]
fn a_body_cut_short_leaves_the_previous_spec() {
    let out = previous("short");
    let answer =
        format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}", SPEC.len(), &SPEC[..40]);
    let error = fetch(&Source::Url(serve(Some(answer))), &out, Duration::from_secs(10)).expect_err("cut short");
    assert!(error.contains("previous spec is left in place"), "{error}");
    unchanged(&out);
}

#[test]
fn a_silent_server_times_out() {
    let out = previous("silent");
    let error = fetch(&Source::Url(serve(None)), &out, Duration::from_secs(1)).expect_err("a timeout");
    assert!(error.contains("timed out"), "{error}");
    unchanged(&out);
}

#[test]
fn another_document_is_refused() {
    let out = previous("other");
    let other = SPEC.replace("MongoDB Atlas Administration API", "Petstore");
    let error = fetch(&Source::Url(serve(Some(ok(&other)))), &out, Duration::from_secs(10)).expect_err("not Atlas");
    assert!(error.contains("`Petstore` version `2.0`, not the MongoDB Atlas Administration API v2"), "{error}");
    unchanged(&out);
    let html = "<html>rate limited</html>";
    let error = fetch(&Source::Url(serve(Some(ok(html)))), &out, Duration::from_secs(10)).expect_err("not a spec");
    assert!(error.contains("not an OpenAPI document"), "{error}");
    unchanged(&out);
}
