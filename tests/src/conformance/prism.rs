//! `prism`: Stoplight Prism mocks the spec on 127.0.0.1 and validates every request the
//! generated client sends; each operation and dated version is called with synthesized
//! arguments and must be accepted, and Prism's answer must decode.

use std::collections::btree_map::{BTreeMap, Entry};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use atlas_api::{Client, Credentials, Error, RetryPolicy};

use super::Outcome;

/// A call Prism 5.14 cannot judge. It is still made, and passes only when Prism rejects it
/// with exactly the violations of `rejected_for`: one that Prism accepts, or rejects for
/// anything else, fails the suite, so that this list never outlives its reason.
struct Exclusion {
    operation: &'static str,
    version: &'static str,
    /// Which call: `Some(true)` the one with every optional argument, `Some(false)` the one
    /// with required arguments only, `None` both.
    full: Option<bool>,
    /// Prism's violations, each as `location: message` (as [`describe`] writes them).
    rejected_for: &'static [&'static str],
    why: Why,
}

/// Why Prism cannot judge a call.
enum Why {
    /// Prism reads a request body by the first dated media type; the detail says how that
    /// one differs from the version called.
    FirstMediaType(&'static str),
    /// The named properties declare `type: object` beside a `oneOf` of string enums.
    ObjectOfStrings(&'static str),
    /// Something else about the spec, said in full.
    Spec(&'static str),
}

impl std::fmt::Display for Why {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Why::FirstMediaType(detail) => {
                write!(f, "Prism validates a request body against the first dated media type only ({detail})")
            }
            Why::ObjectOfStrings(what) => write!(
                f,
                "{what}: the spec declares `type: object` beside a `oneOf` of string enums, so no value is valid; \
                 Atlas takes the string, which the client sends"
            ),
            Why::Spec(text) => f.write_str(text),
        }
    }
}

const EXCLUDED: &[Exclusion] = &[
    Exclusion {
        operation: "createGroupLiveMigration",
        version: "2024-05-30",
        full: None,
        rejected_for: &["request.body: Request body must have required property 'dropEnabled'"],
        why: Why::FirstMediaType("2023-01-01, which requires dropEnabled; 2024-05-30 has no such field"),
    },
    Exclusion {
        operation: "validateGroupLiveMigrations",
        version: "2024-05-30",
        full: None,
        rejected_for: &["request.body: Request body must have required property 'dropEnabled'"],
        why: Why::FirstMediaType("2023-01-01, which requires dropEnabled; 2024-05-30 has no such field"),
    },
    Exclusion {
        operation: "createGroupCluster",
        version: "2023-02-01",
        full: Some(true),
        rejected_for: &["request.body.diskSizeGB: Request body property diskSizeGB must be >= 10"],
        why: Why::FirstMediaType("2023-01-01, whose diskSizeGB has a minimum of 10; 2023-02-01's has none"),
    },
    Exclusion {
        operation: "updateGroupCluster",
        version: "2023-02-01",
        full: Some(true),
        rejected_for: &["request.body.diskSizeGB: Request body property diskSizeGB must be >= 10"],
        why: Why::FirstMediaType("2023-01-01, whose diskSizeGB has a minimum of 10; 2023-02-01's has none"),
    },
    Exclusion {
        operation: "createGroupCloudProviderAccess",
        version: "2023-01-01",
        full: None,
        rejected_for: &["body: Request body must match exactly one schema in oneOf"],
        why: Why::Spec("CloudProviderAccessRoleRequest: the AWS and GCP members of its oneOf accept the same bodies (only the discriminator tells them apart, and Prism ignores it), so no body matches exactly one"),
    },
    Exclusion {
        operation: "createGroupEncryptionAtRestPrivateEndpoint",
        version: "2023-01-01",
        full: Some(false),
        rejected_for: &["body: Request body must match exactly one schema in oneOf"],
        why: Why::Spec("EARPrivateEndpoint: its Azure and AWS oneOf members have the same writable properties (only the discriminator tells them apart, and Prism ignores it), so no body matches exactly one"),
    },
    Exclusion {
        operation: "createGroupEncryptionAtRestPrivateEndpoint",
        version: "2023-01-01",
        full: Some(true),
        rejected_for: &["body.regionName: Request body property regionName must be object", "body: Request body must match exactly one schema in oneOf"],
        why: Why::ObjectOfStrings("EARPrivateEndpoint: no body matches exactly one member of its oneOf (see the call with required arguments), and regionName"),
    },
    Exclusion {
        operation: "createFederationSettingIdentityProvider",
        version: "2023-11-15",
        full: None,
        rejected_for: &["request.body: Request body must match exactly one schema in oneOf"],
        why: Why::Spec("FederationOidcIdentityProviderUpdate: every body its workload member accepts, its workforce member accepts too (no discriminator), so no body matches exactly one"),
    },
    Exclusion {
        operation: "getGroupActivityFeed",
        version: "2025-03-12",
        full: Some(true),
        rejected_for: &["request.query.eventtype.0: Request query parameter eventtype.0 must be object"],
        why: Why::ObjectOfStrings("eventType"),
    },
    Exclusion {
        operation: "getOrgActivityFeed",
        version: "2025-03-12",
        full: Some(true),
        rejected_for: &["request.query.eventtype.0: Request query parameter eventtype.0 must be object"],
        why: Why::ObjectOfStrings("eventType"),
    },
    Exclusion {
        operation: "listGroupEvents",
        version: "2023-01-01",
        full: Some(true),
        rejected_for: &["request.query.eventtype.0: Request query parameter eventtype.0 must be object", "request.query.excludedeventtype.0: Request query parameter excludedeventtype.0 must be object"],
        why: Why::ObjectOfStrings("eventType and excludedEventType"),
    },
    Exclusion {
        operation: "listOrgEvents",
        version: "2023-01-01",
        full: Some(true),
        rejected_for: &["request.query.eventtype.0: Request query parameter eventtype.0 must be object"],
        why: Why::ObjectOfStrings("eventType"),
    },
    Exclusion {
        operation: "createGroupBackupPrivateEndpoint",
        version: "2024-11-13",
        full: Some(true),
        rejected_for: &["request.body.regionName: Request body property regionName must be object", "request.body.vpcRegionName: Request body property vpcRegionName must be object"],
        why: Why::ObjectOfStrings("regionName and vpcRegionName"),
    },
    Exclusion {
        operation: "createGroupStreamWorkspace",
        version: "2023-02-01",
        full: Some(true),
        rejected_for: &["request.body.dataProcessRegion.region: Request body property dataProcessRegion.region must be object", "request.body.failoverRegions.0.region: Request body property failoverRegions.0.region must be object"],
        why: Why::ObjectOfStrings("region"),
    },
    Exclusion {
        operation: "updateGroupStreamWorkspace",
        version: "2023-02-01",
        full: Some(true),
        rejected_for: &["request.body.failoverRegions.0.region: Request body property failoverRegions.0.region must be object", "request.body.region: Request body property region must be object"],
        why: Why::ObjectOfStrings("region"),
    },
    Exclusion {
        operation: "createUser",
        version: "2023-01-01",
        full: None,
        rejected_for: &[r#"body.mobileNumber: Request body property mobileNumber must match pattern "(?:(?:\\+?1\\s*(?:[.-]\\s*)?)?(?:(\\s*([2-9]1[02-9]|[2-9][02-8]1|[2-9][02-8][02-9])\\s*)|([2-9]1[02-9]|[2-9][02-8]1|[2-9][02-8][02-9]))\\s*(?:[.-]\\s*)?)([2-9]1[02-9]|[2-9][02-9]1|[2-9][02-9]{2})\\s*(?:[.-]\\s*)?([0-9]{4})$""#],
        why: Why::Spec("mobileNumber: the spec's pattern is escaped twice (`\\\\s` matches a backslash and an `s`), so no phone number matches it; spec/overrides.toml drops it and the client sends a real number"),
    },
    Exclusion {
        operation: "createGroupClusterRestoreJob",
        version: "2023-01-01",
        full: Some(true),
        rejected_for: &[r#"request.body.oplogTs: Request body property oplogTs must match pattern "^(?:[1-9]\\d{3}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)|(?:[1-9]\\d(?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)-02-29)T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,9})?(?:Z|[+-][01]\\d:[0-5]\\d)$""#],
        why: Why::Spec("oplogTs: the spec's pattern is escaped twice (`\\\\d` matches a backslash and a `d`), so no timestamp matches it; spec/overrides.toml drops it and the client sends a real timestamp"),
    },
    Exclusion {
        operation: "verifyGroupUserSecurityLdap",
        version: "2023-01-01",
        full: None,
        rejected_for: &[r#"request.body.bindUsername: Request body property bindUsername must match pattern "^(?:(?<cn>CN=(?<name>[^,]*)),)?(?:(?<path>(?:(?:CN|OU)=[^,]+,?)+),)?(?<domain>(?:DC=[^,]+,?)+)$""#],
        why: Why::Spec("bindUsername: Atlas reads a distinguished name's attribute types without regard to case (RFC 4514; it accepted `cn=admin,dc=example,dc=org`), as spec/overrides.toml does; Prism holds the spec's pattern, which spells them in capitals, and rejects the lower-case name the synthesizer draws from the overridden one"),
    },
    Exclusion {
        operation: "updateGroupUserSecurity",
        version: "2023-01-01",
        full: Some(true),
        rejected_for: &[r#"request.body.ldap.bindUsername: Request body property ldap.bindUsername must match pattern "^(?:(?<cn>CN=(?<name>[^,]*)),)?(?:(?<path>(?:(?:CN|OU)=[^,]+,?)+),)?(?<domain>(?:DC=[^,]+,?)+)$""#],
        why: Why::Spec("bindUsername: Atlas reads a distinguished name's attribute types without regard to case (RFC 4514; it accepted `cn=admin,dc=example,dc=org`), as spec/overrides.toml does; Prism holds the spec's pattern, which spells them in capitals, and rejects the lower-case name the synthesizer draws from the overridden one"),
    },
];

/// Stops Prism however the suite ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Prism, restarted when a request crashes it.
struct Server {
    prism: PathBuf,
    spec: String,
    port: u16,
    running: Running,
}

pub async fn run() -> Result<Outcome, String> {
    let spec = super::spec_path()?.display().to_string();
    let prism = prism_path()?;
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let running = start(&prism, &spec, port).await?;
    let mut server = Server { prism, spec, port, running };
    let mut clients = BTreeMap::new();

    let cases = crate::atlas::testkit::cases();
    let raw = super::load_spec()?;
    let (mut calls, mut failures, mut excluded) = (0, Vec::new(), Vec::new());
    for full in [false, true] {
        for case in &cases {
            let status = status_in(&raw, case);
            let client = match clients.entry(status) {
                Entry::Occupied(entry) => entry.into_mut(),
                Entry::Vacant(entry) => entry.insert(client_for(port, status)?),
            };
            let result = server.call(client, case.operation_id, case.version, full).await?;
            let args = if full { "every optional argument" } else { "required arguments" };
            let name = format!("{} {} ({} {}, {args})", case.operation_id, case.version, case.method, case.path);
            calls += 1;
            let exclusion = EXCLUDED.iter().find(|e| {
                e.operation == case.operation_id && e.version == case.version && e.full.is_none_or(|f| f == full)
            });
            match (exclusion, result) {
                (Some(exclusion), Err(error)) => {
                    if rejected_for(&error, exclusion.rejected_for) {
                        excluded.push(format!("  excluded {name}: {}", exclusion.why));
                    } else {
                        failures.push(format!(
                            "{name}: excluded for {:?} only, but it failed with {}",
                            exclusion.rejected_for,
                            describe(&error)
                        ));
                    }
                }
                (Some(_), Ok(())) => {
                    failures.push(format!("{name}: excluded, but Prism accepts it now: remove it from EXCLUDED"))
                }
                (None, Err(error)) => failures.push(format!("{name}: {}", describe(&error))),
                (None, Ok(())) => {}
            }
        }
    }
    let expected = 2 * super::census::operation_versions(&super::load_spec()?);
    let failed = failures.len();
    failures.extend(super::census::check("prism", calls, expected, "twice the spec's (operation, version) pairs"));
    let mut summary = format!(
        "prism: {calls} calls ({} with required arguments, {} with every optional one too), {} passed, {failed} \
         failed, {} excluded",
        cases.len(),
        cases.len(),
        calls - failed - excluded.len(),
        excluded.len()
    );
    for line in excluded {
        summary.push('\n');
        summary.push_str(&line);
    }
    Ok(Outcome { summary, failures })
}

/// Whether Prism rejected the request with exactly these violations (each at least once,
/// and no other).
fn rejected_for(error: &Error, expected: &[&str]) -> bool {
    violations(error).is_some_and(|found| exactly(&found, expected))
}

fn exactly(found: &[String], expected: &[&str]) -> bool {
    !found.is_empty()
        && found.iter().all(|v| expected.contains(&v.as_str()))
        && expected.iter().all(|e| found.iter().any(|v| v == e))
}

impl Server {
    /// Makes the generated call of `operation` at `version`. A request that gets no answer
    /// gets a second chance: Prism is started again first if the request crashed it, and a
    /// live Prism may have closed the connection as the request went out (a network fault,
    /// not a finding about the request).
    async fn call(
        &mut self,
        client: &Client,
        operation: &str,
        version: &str,
        full: bool,
    ) -> Result<Result<(), Error>, String> {
        let call = || {
            let call = if full { crate::atlas::testkit::call_full } else { crate::atlas::testkit::call };
            call(client, operation, version).ok_or_else(|| format!("no generated call for {operation} {version}"))
        };
        let mut result = call()?.await;
        if matches!(result, Err(Error::Transport(_))) {
            let crashed = self.crashed();
            if crashed {
                self.restart().await?;
            }
            result = call()?.await.map_err(|error| match error {
                Error::Transport(_) if crashed || self.crashed() => {
                    Error::Config("Prism crashed on this request, twice".into())
                }
                other => other,
            });
            if self.crashed() {
                self.restart().await?;
            }
        }
        Ok(result.map(drop))
    }

    fn crashed(&mut self) -> bool {
        self.running.0.try_wait().ok().flatten().is_some()
    }

    async fn restart(&mut self) -> Result<(), String> {
        self.running = start(&self.prism, &self.spec, self.port).await?;
        Ok(())
    }
}

/// The success status Prism, which serves the spec as published, answers `case` with: the
/// case's own, or, where `spec/overrides.toml` moved the response to the status Atlas answers
/// (createGroup's 201 for the 200 documented), the one the published spec documents. The
/// client takes any 2xx.
fn status_in(spec: &serde_json::Value, case: &crate::testkit_support::Case) -> u16 {
    let responses = super::operation_node(spec, case).and_then(|operation| operation.get("responses"));
    let documented = responses.and_then(serde_json::Value::as_object).into_iter().flatten().map(|(code, _)| code);
    let successes: Vec<u16> =
        documented.filter_map(|code| code.parse().ok()).filter(|code| (200..300).contains(code)).collect();
    match successes.first() {
        Some(first) if !successes.contains(&case.status) => *first,
        _ => case.status,
    }
}

/// A client whose calls ask Prism for `status`: Prism otherwise answers from the lowest
/// documented 2xx, and a version whose body is documented under another one (201 beside a
/// 200) would get 406.
fn client_for(port: u16, status: u16) -> Result<Client, String> {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("prefer", format!("code={status}").parse().map_err(|e| format!("{e}"))?);
    // Prism (Node) closes a connection idle for 5 s; one sent on as it closes gets no answer.
    let http = atlas_api::http_client_builder()
        .default_headers(headers)
        .pool_idle_timeout(Duration::from_secs(1))
        .build()
        .map_err(|e| e.to_string())?;
    Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .http_client(http)
        .credentials(Credentials::bearer_token("conformance"))
        .retry(RetryPolicy::none())
        .build()
        .map_err(|e| e.to_string())
}

/// Starts `prism mock` on the spec and waits until it listens.
async fn start(prism: &PathBuf, spec: &str, port: u16) -> Result<Running, String> {
    // ATLAS_PRISM_LOG=<file> keeps Prism's log (its request violations) for debugging.
    let log = || match std::env::var_os("ATLAS_PRISM_LOG") {
        Some(path) => {
            std::fs::OpenOptions::new().create(true).append(true).open(path).map(Stdio::from).unwrap_or(Stdio::null())
        }
        None => Stdio::null(),
    };
    let child = Command::new(prism)
        .args(["mock", spec, "--host", "127.0.0.1", "--port", &port.to_string()])
        .stdout(log())
        .stderr(log())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", prism.display()))?;
    let running = Running(child);
    wait_for(port, Duration::from_secs(180)).await?;
    Ok(running)
}

/// `ATLAS_PRISM`, else the copy `.ci/run` installs into `.ci/prism/`.
fn prism_path() -> Result<PathBuf, String> {
    let path = match std::env::var_os("ATLAS_PRISM") {
        Some(path) => PathBuf::from(path),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.ci/prism/node_modules/.bin/prism"),
    };
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "Prism is not at {}: install it with `npm install --prefix .ci/prism @stoplight/prism-cli@5.14` \
             (what .ci/run does) or set ATLAS_PRISM",
            path.display()
        ))
    }
}

async fn wait_for(port: u16, limit: Duration) -> Result<(), String> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    Err(format!("Prism did not listen on 127.0.0.1:{port} within {limit:?}"))
}

fn describe(error: &Error) -> String {
    match error {
        Error::Api(failure) => match violations(error) {
            Some(found) => format!("Prism rejected the request ({}): {}", failure.status, found.join("; ")),
            None if failure.status == 422 => format!("Prism answered 422: {}", failure.body),
            None => {
                let detail: String = failure.body.chars().take(300).collect();
                format!("Prism answered {}: {detail}", failure.status)
            }
        },
        Error::Decode(decode) => format!("decode failed at `{}`: {}", decode.path, decode.source),
        other => {
            // The causes too: reqwest's own message does not say why nothing came back.
            let mut text = other.to_string();
            let mut cause = std::error::Error::source(other);
            while let Some(error) = cause {
                let said = error.to_string();
                if !text.contains(&said) {
                    text.push_str(&format!(": {said}"));
                }
                cause = error.source();
            }
            text
        }
    }
}

/// The violations Prism rejected the request for, each as `location: message`: Prism
/// answers with the spec's own error example and lists them in `sl-violations`, or, with no
/// error response in the spec to answer with, makes a 422 that lists them.
fn violations(error: &Error) -> Option<Vec<String>> {
    let Error::Api(failure) = error else { return None };
    answer_violations(failure.status.as_u16(), &failure.headers, &failure.body)
}

fn answer_violations(status: u16, headers: &reqwest::header::HeaderMap, body: &str) -> Option<Vec<String>> {
    let items = match headers.get("sl-violations").and_then(|v| v.to_str().ok()) {
        Some(header) => serde_json::from_str::<serde_json::Value>(header).ok()?,
        None if status == 422 => serde_json::from_str::<serde_json::Value>(body).ok()?["validation"].take(),
        None => return None,
    };
    Some(violations_list(items.as_array()?))
}

/// Each violation as `location: message`.
fn violations_list(items: &[serde_json::Value]) -> Vec<String> {
    items
        .iter()
        .map(|item| {
            let at = item["location"]
                .as_array()
                .map(|parts| parts.iter().map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_owned)))
                .map(|parts| parts.collect::<Vec<_>>().join("."))
                .unwrap_or_default();
            format!("{at}: {}", item["message"].as_str().unwrap_or_default())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderMap;

    use super::{answer_violations, exactly};

    fn header(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("sl-violations", value.parse().expect("a header value"));
        headers
    }

    #[test]
    fn violations_read_as_location_and_message() {
        let value = r#"[{"location":["request","body","iamRoleId"],"severity":"Error","code":"pattern","message":"must match pattern"},{"location":["request","query"],"severity":"Error","code":"required","message":"must have required property 'metrics'"}]"#;
        let expected =
            ["request.body.iamRoleId: must match pattern", "request.query: must have required property 'metrics'"];
        assert_eq!(answer_violations(400, &header(value), "{}"), Some(expected.map(String::from).to_vec()));
        let body = r#"{"validation":[{"location":["body"],"message":"must match exactly one schema in oneOf"}]}"#;
        let found = answer_violations(422, &HeaderMap::new(), body);
        assert_eq!(found, Some(vec!["body: must match exactly one schema in oneOf".to_owned()]));
        assert_eq!(answer_violations(400, &header("not json"), "{}"), None);
        assert_eq!(answer_violations(500, &HeaderMap::new(), "{}"), None);
    }

    #[test]
    fn prism_is_asked_for_the_status_the_published_spec_documents() {
        use atlas_api::{Method, PathTemplate, Segment};
        let case = |status| crate::testkit_support::Case {
            operation_id: "createGroup",
            version: "2023-01-01",
            method: Method::Post,
            path: PathTemplate::new("/api/atlas/v2/groups", &[Segment::Literal("api/atlas/v2/groups")]),
            accept: "application/vnd.atlas.2023-01-01+json",
            status,
            default: true,
        };
        let spec =
            serde_json::json!({"paths": {"/api/atlas/v2/groups": {"post": {"responses": {"200": {}, "400": {}}}}}});
        assert_eq!(super::status_in(&spec, &case(201)), 200, "overridden to 201, published as 200");
        assert_eq!(super::status_in(&spec, &case(200)), 200);
        assert_eq!(super::status_in(&serde_json::json!({}), &case(201)), 201, "nothing published: its own");
    }

    #[test]
    fn an_exclusion_holds_only_for_exactly_its_violations() {
        let found = ["request.body: a".to_owned(), "request.body: b".to_owned(), "request.body: a".to_owned()];
        assert!(exactly(&found, &["request.body: a", "request.body: b"]));
        assert!(!exactly(&found, &["request.body: a"]), "another violation too");
        assert!(!exactly(&found, &["request.body: a", "request.body: b", "request.body: c"]), "one missing");
        assert!(!exactly(&[], &[]), "no violation is no rejection");
    }
}
