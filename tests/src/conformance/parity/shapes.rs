//! `parity-shapes`: for each operation version the fake answers from its state that
//! `ATLAS_RECORDED` holds real 2xx answers of, the fake's own answer, compared field by field
//! with the real ones.
//!
//! The fake is driven as a user would: in a fresh fake, a project is created, then each
//! parent the operation's path names (a cluster for `/clusters/{clusterName}/...`) by the POST
//! of its collection, then (for an operation on one item, or a list) an item of the
//! operation's own collection by its POST of the same dated version, so that the item is
//! readable in that version; then the operation itself. Bodies and required query parameters
//! are the ones the generated client sends with synthesized arguments (only what is
//! required, fitting the spec's constraints), the organization and project ids replaced by the
//! fake's. The key of a created item (`{clusterName}`, `{userId}`) is the first string of the
//! create's answer (`id`, `name`, ...) under which the fake finds it.
//!
//! Each operation is driven twice, in two fresh fakes: once so, and once with every optional
//! field and parameter set in the operation and in the create of the item it acts on (what
//! the real callers sent is not recorded; a field the fake echoes when it is sent is one the
//! fake can answer).
//!
//! Reported per operation: the fields every real answer carries that neither of the fake's
//! answers has ("omitted": the fake never answers them) and those the fake answers the
//! minimal request that no real answer has ("invented": the fake answers them unasked), each
//! named once at its outermost path (a missing object, not each field in it), `null`
//! counting as absent.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use atlas_api::fake::FakeAtlas;
use atlas_api::{Client, Credentials, RetryPolicy};
use serde_json::Value;
use wiremock::{matchers::any, Mock, MockServer, ResponseTemplate};

use super::{fields, outermost, Documented, Fields, Floor, Measure, Router, Session, PREFIX};
use crate::conformance::replay::{recorded_dir, Manifest, RecordedCase};
use crate::conformance::Outcome;
use crate::testkit_support::Case;

pub async fn run() -> Result<Outcome, String> {
    let (real, undocumented) = real_answers(&Documented::load()?)?;
    let stateful = FakeAtlas::start().await.stateful_operations();
    let router = Router::new();
    let synth = Synthesizer::start().await?;
    let mut report = Report { undocumented, ..Report::default() };
    for (operation, version) in stateful {
        let Some(answers) = real.get(&(operation.to_owned(), version.to_owned())) else { continue };
        report.considered += 1;
        report.compare_operation(&router, &synth, operation, version, answers).await?;
    }
    if report.considered == 0 {
        return Err("no operation the fake answers from its state has a recorded 2xx answer in ATLAS_RECORDED".into());
    }
    let mut summary = report.summary();
    let (failures, improved) = report.check_floor()?;
    summary.extend(improved);
    Ok(Outcome { summary: summary.join("\n"), failures })
}

/// The real 2xx answers `ATLAS_RECORDED` holds, per operation version, each less what the spec
/// does not document; and the fields set aside, with how many answers carried each.
fn real_answers(spec: &Documented) -> Result<(RealAnswers, BTreeMap<String, usize>), String> {
    let root = recorded_dir()?;
    let manifest = read_manifest(&root)?;
    let mut real = RealAnswers::new();
    let mut undocumented: BTreeMap<String, usize> = BTreeMap::new();
    for case in &manifest.cases {
        let Some(version) = case.media_type.strip_prefix("application/vnd.atlas.").and_then(|m| m.split('+').next())
        else {
            continue;
        };
        if !(200..300).contains(&case.status) {
            continue;
        }
        let body = read_body(&root, case)?;
        let (body, aside) = spec.answer(&case.method, &case.path, case.status, version, &body);
        for path in aside {
            *undocumented.entry(format!("{} {version} {path}", case.operation_id)).or_default() += 1;
        }
        real.entry((case.operation_id.clone(), version.to_owned())).or_default().push(body);
    }
    Ok((real, undocumented))
}

/// Real answers per operation version.
type RealAnswers = BTreeMap<(String, String), Vec<Value>>;

fn read_manifest(root: &Path) -> Result<Manifest, String> {
    let manifest = std::fs::read(root.join("manifest.json")).map_err(|e| format!("{}: {e}", root.display()))?;
    serde_json::from_slice(&manifest).map_err(|e| format!("manifest.json: {e}"))
}

/// The recorded answer's body.
fn read_body(root: &Path, case: &RecordedCase) -> Result<Value, String> {
    let path = root.join(&case.body);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", case.body))
}

/// What the comparisons found, operation version by operation version.
#[derive(Default)]
struct Report {
    /// Operation versions the fake answers from its state that have real 2xx answers.
    considered: usize,
    /// Per driven operation version: what differs.
    lines: Vec<String>,
    /// The operation versions that could not be driven, with why.
    not_driven: Vec<String>,
    /// Per driven operation version: its name, how many fields the fake omitted and invented.
    rows: Vec<(String, usize, usize)>,
    /// Fields of real answers the spec does not document (`operation version path`), set
    /// aside, with how many answers carried each.
    undocumented: BTreeMap<String, usize>,
    /// Fields every real answer carries that the fake answers only when they are sent.
    when_sent: usize,
    /// The operation versions whose request with every optional field the fake refused, with why.
    full_refused: Vec<String>,
}

impl Report {
    /// Drives a fresh fake to the answer of an operation version and compares it with the real
    /// ones, or notes why it could not be driven.
    async fn compare_operation(
        &mut self,
        router: &Router,
        synth: &Synthesizer,
        operation: &str,
        version: &str,
        answers: &[Value],
    ) -> Result<(), String> {
        let Some(case) = router.cases().iter().find(|c| c.operation_id == operation && c.version == version) else {
            self.not_driven.push(format!("{operation} {version}: the client has no such call"));
            return Ok(());
        };
        let minimal = match drive(router, synth, case, false).await? {
            Ok(ours) => ours,
            Err(why) => {
                self.not_driven.push(format!("{operation} {version}: {why}"));
                return Ok(());
            }
        };
        // What the fake answers a caller who sets every optional field; a body the fake
        // refuses (synthesized values that do not fit together) adds nothing.
        let full = match drive(router, synth, case, true).await? {
            Ok(full) => Some(full),
            Err(why) => {
                self.full_refused.push(format!("{operation} {version}: {why}"));
                None
            }
        };
        self.add_answer(case, answers, &minimal, full.as_ref());
        Ok(())
    }

    /// Adds the fields the fake omitted and invented against the real answers: omitted, those
    /// neither answer carries (the fake never answers them); invented, those of the answer to
    /// the minimal request (the fake answered them unasked).
    fn add_answer(&mut self, case: &Case, answers: &[Value], minimal: &Value, full: Option<&Value>) {
        let (operation, version) = (case.operation_id, case.version);
        let real_sets: Vec<Fields> = answers.iter().map(fields).collect();
        let mut answered = fields(minimal);
        for (path, kinds) in full.map(fields).unwrap_or_default() {
            answered.entry(path).or_default().extend(kinds);
        }
        let omitted = differences(&real_sets, &answered).0;
        let (unasked, invented) = differences(&real_sets, &fields(minimal));
        // Fields every real answer carries that the fake answers only when the caller sends
        // them: Atlas may fill them by default (a cluster's `retainBackups`), or echo them.
        let when_sent: Vec<String> = unasked.into_iter().filter(|path| !omitted.contains(path)).collect();
        let template = case.path.as_str().strip_prefix(PREFIX).unwrap_or(case.path.as_str());
        self.lines.push(format!(
            "{operation} {version} ({} {template}, {} real answers): omitted {}{}; invented {}{}; only when sent {}{}",
            case.method.as_str(),
            answers.len(),
            omitted.len(),
            few(&omitted),
            invented.len(),
            few(&invented),
            when_sent.len(),
            few(&when_sent)
        ));
        self.when_sent += when_sent.len();
        self.rows.push((format!("{operation} {version}"), omitted.len(), invented.len()));
    }

    fn omitted(&self) -> usize {
        self.rows.iter().map(|r| r.1).sum()
    }

    fn invented(&self) -> usize {
        self.rows.iter().map(|r| r.2).sum()
    }

    /// The report: the totals, the worst operations, per operation, and those not driven.
    fn summary(&self) -> Vec<String> {
        let mut summary = vec![format!(
            "parity-shapes: {} stateful operation versions with real 2xx answers, {} driven, {} not; \
             {} fields omitted, {} invented; {} answered only when sent",
            self.considered,
            self.rows.len(),
            self.not_driven.len(),
            self.omitted(),
            self.invented(),
            self.when_sent
        )];
        summary.push(self.worst());
        summary.push("per operation:".to_owned());
        summary.extend(self.lines.iter().map(|l| format!("  {l}")));
        if !self.not_driven.is_empty() {
            summary.push("not driven:".to_owned());
            summary.extend(self.not_driven.iter().map(|l| format!("  {l}")));
        }
        if !self.full_refused.is_empty() {
            summary.push(format!(
                "refused with every optional field set ({}; only the minimal request counts):",
                self.full_refused.len()
            ));
            summary.extend(self.full_refused.iter().map(|l| format!("  {l}")));
        }
        if !self.undocumented.is_empty() {
            summary.push(format!(
                "set aside: {} fields of real answers the spec does not document (no generated type holds them):",
                self.undocumented.len()
            ));
            summary.extend(self.undocumented.iter().map(|(field, n)| format!("  {field} ({n} answers)")));
        }
        summary
    }

    /// The eight operation versions with the most fields omitted and invented.
    fn worst(&self) -> String {
        let mut worst = self.rows.clone();
        worst.sort_by(|a, b| (b.1 + b.2).cmp(&(a.1 + a.2)).then(a.0.cmp(&b.0)));
        format!(
            "worst: {}",
            worst
                .iter()
                .take(8)
                .map(|(op, o, i)| format!("{op} ({o} omitted, {i} invented)"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }

    /// The counts against the floor: the failures, and the lines saying what improved.
    fn check_floor(&self) -> Result<(Vec<String>, Vec<String>), String> {
        let floor = Floor::load()?;
        Ok(floor.check(
            "shapes",
            &[
                Measure { key: "driven", value: self.rows.len(), at_least: true },
                Measure { key: "omitted", value: self.omitted(), at_least: false },
                Measure { key: "invented", value: self.invented(), at_least: false },
            ],
        ))
    }
}

/// Drives a fresh fake to the answer of `case`, with the minimal request or (`full`) one that
/// sets every optional field of the operation and of the item it acts on.
async fn drive(router: &Router, synth: &Synthesizer, case: &Case, full: bool) -> Result<Result<Value, String>, String> {
    let session = Session::start().await?;
    let mut driver = Driver { session: &session, router, synth, project: None, referring: Default::default(), full };
    Ok(driver.answer(case).await)
}

/// The first few of a list, for a line.
fn few(items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let shown: Vec<&str> = items.iter().take(8).map(String::as_str).collect();
    let more = items.len().saturating_sub(8);
    format!(" ({}{})", shown.join(", "), if more > 0 { format!(", +{more}") } else { String::new() })
}

/// The fields every real answer carries that the fake's lacks, and those the fake answers
/// that no real answer has, each at its outermost path.
pub fn differences(real: &[Fields], ours: &Fields) -> (Vec<String>, Vec<String>) {
    let always: BTreeSet<&String> = match real.split_first() {
        Some((first, rest)) => first.keys().filter(|path| rest.iter().all(|set| set.contains_key(*path))).collect(),
        None => BTreeSet::new(),
    };
    let any: BTreeSet<&String> = real.iter().flat_map(|set| set.keys()).collect();
    let omitted = outermost(always.into_iter().filter(|path| !ours.contains_key(*path)).cloned().collect());
    let invented = outermost(ours.keys().filter(|path| !any.contains(path)).cloned().collect());
    (omitted, invented)
}

/// The request the generated client sends for an operation with synthesized arguments,
/// caught by a local server: its body and query.
struct Synthesizer {
    server: MockServer,
    client: Client,
}

struct Synthesized {
    path: String,
    body: Option<Value>,
    query: Option<String>,
}

impl Synthesizer {
    async fn start() -> Result<Self, String> {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
            .mount(&server)
            .await;
        let client = Client::builder()
            .base_url(server.uri())
            .credentials(Credentials::bearer_token("parity"))
            .retry(RetryPolicy::none())
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self { server, client })
    }

    /// The request of `case` with only what is required, or (`full`) every optional field set.
    async fn request(&self, case: &Case, full: bool) -> Result<Synthesized, String> {
        let before = self.server.received_requests().await.unwrap_or_default().len();
        let call = if full { crate::atlas::testkit::call_full } else { crate::atlas::testkit::call };
        let call = call(&self.client, case.operation_id, case.version)
            .ok_or_else(|| format!("{} {}: no generated call", case.operation_id, case.version))?;
        let _ = call.await; // only the request matters
        let requests = self.server.received_requests().await.unwrap_or_default();
        let request = requests.get(before).ok_or_else(|| format!("{}: the client sent nothing", case.operation_id))?;
        let body = (!request.body.is_empty())
            .then(|| serde_json::from_slice(&request.body))
            .transpose()
            .map_err(|e| format!("{}: the synthesized body is not JSON: {e}", case.operation_id))?;
        Ok(Synthesized { path: request.url.path().to_owned(), body, query: request.url.query().map(str::to_owned) })
    }
}

/// Drives one fresh fake to the answer of one operation.
struct Driver<'a> {
    session: &'a Session,
    router: &'a Router,
    synth: &'a Synthesizer,
    project: Option<String>,
    /// Whether an item a body names is being created (one level only: such an item's own
    /// body names no further one the driver creates).
    referring: std::cell::Cell<bool>,
    /// Whether the operation, and the item it acts on, are sent with every optional field.
    full: bool,
}

impl Driver<'_> {
    async fn answer(&mut self, case: &Case) -> Result<Value, String> {
        let template = case.path.as_str();
        let mut values: BTreeMap<String, String> = BTreeMap::new();
        let parameters: Vec<&str> = case.path.parameters().collect();
        let method = case.method.as_str();
        for (i, parameter) in parameters.iter().enumerate() {
            let last = i + 1 == parameters.len() && template.ends_with(&format!("{{{parameter}}}"));
            let value = match *parameter {
                "orgId" => FakeAtlas::ORG_ID.to_owned(),
                "groupId" => self.project().await?,
                _ => {
                    let at = template
                        .find(&format!("/{{{parameter}}}"))
                        .ok_or_else(|| format!("`{{{parameter}}}` is not a whole segment of {template}"))?;
                    let collection = &template[..at];
                    // The item the operation acts on is created in the operation's own version.
                    let version = last.then_some(case.version);
                    if self.creator(collection, version.unwrap_or_default()).is_none() && !last {
                        // Nothing creates it (a cloud provider's name): the client's synthesized value.
                        synthesized_value(template, &self.synth.request(case, false).await?.path, parameter)
                            .ok_or_else(|| format!("no value for `{{{parameter}}}`"))?
                    } else {
                        self.create_in(collection, parameter, &values, version).await?
                    }
                }
            };
            values.insert((*parameter).to_owned(), value);
        }
        // A list is read with an item in it.
        if method == "GET" && self.exact_creator(template, case.version).is_some() {
            let parameter = self.item_parameter(template).unwrap_or_else(|| "item".to_owned());
            self.create(template, &parameter, &values, Some(case.version)).await?;
        }
        let request = self.synth.request(case, self.full).await?;
        let mut body = self.prepared(request.body, &values).await;
        if method == "POST" {
            if let Some(parameter) = self.item_parameter(template) {
                named(&mut body, &parameter);
            }
        }
        let answer = self.send(case, &fill(template, &values), request.query.as_deref(), body.as_ref()).await?;
        // ATLAS_PARITY_SHOW=<operationId> prints what was sent and answered, to see why.
        if std::env::var("ATLAS_PARITY_SHOW").is_ok_and(|shown| shown == case.operation_id) {
            eprintln!(
                "{} {}: sent {}",
                case.operation_id,
                case.version,
                body.map(|b| b.to_string()).unwrap_or_default()
            );
            eprintln!("{} {}: answered {} {}", case.operation_id, case.version, answer.status, answer.text);
        }
        if !(200..300).contains(&answer.status) {
            return Err(format!("the fake answered {} {}", answer.status, short(&answer.text)));
        }
        Ok(answer.body.unwrap_or(Value::Null))
    }

    /// A synthesized body with the fake's own ids, and each item it names (an export's
    /// `snapshotId`, its `exportBucketId`) created first, as Atlas requires them to exist.
    async fn prepared(&self, body: Option<Value>, values: &BTreeMap<String, String>) -> Option<Value> {
        let mut body = body.map(|body| self.own_ids(body, values));
        if let (Some(Value::Object(map)), false) = (body.as_mut(), self.referring.get()) {
            self.referring.set(true);
            for (field, value) in self.referred(map, values).await {
                map.insert(field, Value::String(value));
            }
            self.referring.set(false);
        }
        body
    }

    /// The items the body `map` names by an id field that is the item parameter of a collection
    /// whose parameters `values` holds, each created: the field and the key it is held under.
    async fn referred(
        &self,
        map: &serde_json::Map<String, Value>,
        values: &BTreeMap<String, String>,
    ) -> Vec<(String, String)> {
        let mut made = Vec::new();
        for field in map.keys().filter(|field| field.ends_with("Id") && !values.contains_key(*field)) {
            let suffix = format!("/{{{field}}}");
            let collections = self.router.cases().iter().filter_map(|case| case.path.as_str().strip_suffix(&suffix));
            let fillable = |collection: &&str| {
                collection.split('/').all(|part| {
                    part.strip_prefix('{')
                        .and_then(|p| p.strip_suffix('}'))
                        .is_none_or(|name| values.contains_key(name))
                })
            };
            let Some(collection) = collections.filter(fillable).find(|c| self.creator(c, "").is_some()) else {
                continue;
            };
            if let Ok(key) = Box::pin(self.create_in(collection, field, values, None)).await {
                made.push((field.clone(), key));
            }
        }
        made
    }

    /// The parameter that names one item of the collection `template` (`clusterName` of
    /// `/clusters`), read from the operations on its items.
    fn item_parameter(&self, template: &str) -> Option<String> {
        let prefix = format!("{template}/{{");
        self.router.cases().iter().find_map(|case| {
            let rest = case.path.as_str().strip_prefix(&prefix)?;
            rest.strip_suffix('}').filter(|name| !name.contains(['/', '{', '}'])).map(str::to_owned)
        })
    }

    async fn project(&mut self) -> Result<String, String> {
        if let Some(project) = &self.project {
            return Ok(project.clone());
        }
        let body = serde_json::json!({"name": "parity", "orgId": FakeAtlas::ORG_ID});
        let answer = self
            .session
            .send("POST", &format!("{PREFIX}/groups"), "2023-01-01", Some(body.to_string().as_bytes()))
            .await?;
        let id = answer.body.as_ref().and_then(|b| b["id"].as_str()).map(str::to_owned);
        let id =
            id.ok_or_else(|| format!("the fake did not create a project: {} {}", answer.status, short(&answer.text)))?;
        self.project = Some(id.clone());
        Ok(id)
    }

    /// The POST that creates items in `collection`: of `version` if there is one, else the
    /// default version.
    fn creator(&self, collection: &str, version: &str) -> Option<&Case> {
        self.exact_creator(collection, version).or_else(|| self.creator_without_a_parameter(collection, version))
    }

    fn exact_creator(&self, collection: &str, version: &str) -> Option<&Case> {
        let posts: Vec<&Case> = self
            .router
            .cases()
            .iter()
            .filter(|c| c.method.as_str() == "POST" && c.path.as_str() == collection)
            .collect();
        posts
            .iter()
            .find(|c| c.version == version)
            .or_else(|| posts.iter().find(|c| c.default))
            .or(posts.first())
            .copied()
    }

    fn creator_without_a_parameter(&self, collection: &str, version: &str) -> Option<&Case> {
        // A POST to the path without one of its parameters, which the body decides (a private
        // endpoint service posted to `…/privateEndpoint/endpointService` is held under
        // `…/privateEndpoint/{cloudProvider}/endpointService`).
        let segments: Vec<&str> = collection.split('/').collect();
        let shorter: Vec<String> = (0..segments.len())
            .filter(|&i| segments[i].starts_with('{'))
            .map(|i| [&segments[..i], &segments[i + 1..]].concat().join("/"))
            .collect();
        let posts: Vec<&Case> = self
            .router
            .cases()
            .iter()
            .filter(|c| c.method.as_str() == "POST" && shorter.iter().any(|s| s == c.path.as_str()))
            .collect();
        posts
            .iter()
            .find(|c| c.version == version)
            .or_else(|| posts.iter().find(|c| c.default))
            .or(posts.first())
            .copied()
    }

    /// Creates an item in `collection` (a template, filled with `values`) and finds the key
    /// the fake holds it under.
    async fn create_in(
        &self,
        collection: &str,
        parameter: &str,
        values: &BTreeMap<String, String>,
        version: Option<&str>,
    ) -> Result<String, String> {
        let (post, body, answer) = self.create(collection, parameter, values, version).await?;
        self.key_of(collection, parameter, values, post, body.as_ref(), &answer).await
    }

    /// Creates an item in `collection` (a template, filled with `values`): the POST, what it
    /// sent and what the fake answered (a 2xx).
    async fn create(
        &self,
        collection: &str,
        parameter: &str,
        values: &BTreeMap<String, String>,
        version: Option<&str>,
    ) -> Result<(&Case, Option<Value>, super::Answer), String> {
        let post = self.creator(collection, version.unwrap_or_default()).ok_or_else(|| {
            format!("no POST creates items in {}", collection.strip_prefix(PREFIX).unwrap_or(collection))
        })?;
        // The item the operation acts on (created in the operation's own version) is made as
        // the operation is sent; its parents with what is required.
        let request = self.synth.request(post, self.full && version.is_some()).await?;
        let mut body = self.prepared(request.body, values).await;
        named(&mut body, parameter);
        let answer =
            self.send(post, &fill(post.path.as_str(), values), request.query.as_deref(), body.as_ref()).await?;
        if !(200..300).contains(&answer.status) {
            return Err(format!(
                "the create {} {} answered {} {}",
                post.operation_id,
                post.version,
                answer.status,
                short(&answer.text)
            ));
        }
        Ok((post, body, answer))
    }

    /// The key the fake holds a created item under: the first string of the create's answer
    /// (or body) under which a read of the item finds it.
    async fn key_of(
        &self,
        collection: &str,
        parameter: &str,
        values: &BTreeMap<String, String>,
        post: &Case,
        body: Option<&Value>,
        answer: &super::Answer,
    ) -> Result<String, String> {
        // Where the item is read, and the candidates for its key.
        let item = format!("{collection}/{{{parameter}}}");
        let gets: Vec<&Case> =
            self.router.cases().iter().filter(|c| c.method.as_str() == "GET" && c.path.as_str() == item).collect();
        let get = gets
            .iter()
            .find(|c| c.version == post.version)
            .or_else(|| gets.iter().find(|c| c.default))
            .or(gets.first());
        let mut candidates = Vec::new();
        for source in [answer.body.as_ref(), body].into_iter().flatten() {
            let source = match source {
                Value::Array(items) => items.first().unwrap_or(&Value::Null),
                Value::Object(map) if map.get("results").is_some_and(Value::is_array) => &map["results"][0],
                other => other,
            };
            let map = source.as_object().into_iter().flatten();
            let mut strings: Vec<(&String, &str)> = map.filter_map(|(k, v)| v.as_str().map(|s| (k, s))).collect();
            strings.sort_by_key(|(k, _)| match k.as_str() {
                "id" | "_id" => 0,
                "name" | "username" | "roleName" => 1,
                _ => 2,
            });
            candidates.extend(strings.into_iter().map(|(_, s)| s.to_owned()));
        }
        candidates.retain(|c| !c.is_empty() && c.len() < 200 && !c.contains(['/', '?', '#', ' ', '%']));
        let Some(get) = get else {
            // Nothing reads one item: the list is what there is; the first candidate is the key.
            return candidates.into_iter().next().ok_or_else(|| "the create answered no key".to_owned());
        };
        let mut tried = BTreeMap::new();
        for candidate in candidates {
            if tried.contains_key(&candidate) {
                continue;
            }
            let mut with = values.clone();
            with.insert(parameter.to_owned(), candidate.clone());
            let read = self.send(get, &fill(&item, &with), None, None).await?;
            // Found: answered, or refused only for the version it was written in.
            if (200..300).contains(&read.status) || read.status == 409 {
                return Ok(candidate);
            }
            tried.insert(candidate, read.status);
        }
        let tried: Vec<String> = tried.into_iter().map(|(c, status)| format!("{c} ({status})")).collect();
        Err(format!(
            "{} {} created an item that {} {} does not read under any string of the answer: {}",
            post.operation_id,
            post.version,
            get.operation_id,
            get.version,
            tried.join(", ")
        ))
    }

    async fn send(
        &self,
        case: &Case,
        path: &str,
        query: Option<&str>,
        body: Option<&Value>,
    ) -> Result<super::Answer, String> {
        let target = match query {
            Some(query) => format!("{path}?{query}"),
            None => path.to_owned(),
        };
        let bytes = body.map(|b| b.to_string().into_bytes());
        self.session.send(case.method.as_str(), &target, case.version, bytes.as_deref()).await
    }

    /// A synthesized body with the fake's organization and project where it names them.
    fn own_ids(&self, mut body: Value, values: &BTreeMap<String, String>) -> Value {
        if let Some(map) = body.as_object_mut() {
            if map.contains_key("orgId") {
                map.insert("orgId".into(), FakeAtlas::ORG_ID.into());
            }
            if let Some(project) = values.get("groupId").or(self.project.as_ref()) {
                if map.contains_key("groupId") {
                    map.insert("groupId".into(), project.clone().into());
                }
            }
        }
        body
    }
}

/// An item held under its name (`{clusterName}`) is created with one, as a user would: the
/// spec does not require it of every version.
/// One whose body names it under the parameter's own name (`roleName`) already has it.
fn named(body: &mut Option<Value>, parameter: &str) {
    if parameter.ends_with("Name") || parameter == "name" {
        if let Some(map) = body.as_mut().and_then(Value::as_object_mut) {
            if !map.contains_key(parameter) {
                map.entry("name").or_insert_with(|| Value::from(format!("parity-{parameter}")));
            }
        }
    }
}

/// The value `path` gives the parameter that is a whole segment of `template`.
fn synthesized_value(template: &str, path: &str, parameter: &str) -> Option<String> {
    let whole = format!("{{{parameter}}}");
    let at = template.split('/').position(|segment| segment == whole)?;
    path.split('/').nth(at).map(str::to_owned)
}

/// A path template with its parameters' values.
fn fill(template: &str, values: &BTreeMap<String, String>) -> String {
    let mut path = template.to_owned();
    for (name, value) in values {
        path = path.replace(&format!("{{{name}}}"), value);
    }
    path
}

fn short(text: &str) -> String {
    text.chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::super::fields;
    use super::differences;
    use serde_json::json;

    #[test]
    fn omitted_is_what_every_real_answer_has_and_invented_what_none_has() {
        let real = [
            fields(&json!({"id": "a", "name": "x", "mongoURI": "m", "links": []})),
            fields(&json!({"id": "b", "name": "y", "paused": false, "links": [{"href": "h"}]})),
        ];
        let ours = fields(&json!({"name": "z", "paused": true, "fakeOnly": {"a": 1}}));
        let (omitted, invented) = differences(&real, &ours);
        assert_eq!(omitted, ["$.id", "$.links"]);
        assert_eq!(invented, ["$.fakeOnly"]);
    }
}
