//! The shapes measure's driver: a fresh fake led, as a user would lead it, to the answer of
//! one operation version (see the module above).

use std::collections::BTreeMap;

use atlas_api::fake::FakeAtlas;
use atlas_api::{Client, Credentials, RetryPolicy};
use serde_json::Value;
use wiremock::{matchers::any, Mock, MockServer, ResponseTemplate};

use super::super::{Answer, Router, Session, PREFIX};
use crate::conformance::documented::Spec;
use crate::testkit_support::Case;

mod beside;
mod named_items;
mod put;

/// The request the generated client sends for an operation with synthesized arguments,
/// caught by a local server: its body and query.
pub(super) struct Synthesizer {
    server: MockServer,
    client: Client,
}

struct Synthesized {
    path: String,
    body: Option<Value>,
    query: Option<String>,
}

impl Synthesizer {
    pub(super) async fn start() -> Result<Self, String> {
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
    /// How deep the items a body names are being created (an export names its bucket, the
    /// bucket its role; two levels at most).
    referring: std::cell::Cell<u8>,
    /// What the operation, and the item it acts on, are sent with.
    mode: Mode<'a>,
    /// The spec, to make a request of a real answer.
    spec: &'a Spec<'a>,
    /// The real answers, per operation version.
    real: &'a super::RealAnswers,
    /// What the real answers' tests made beside them.
    beside: &'a super::Beside,
    /// Whether that was made in this drive, once tried.
    made_beside: std::cell::Cell<Option<bool>>,
    /// What the driver could not do on the way, reported with the drive's problems.
    notes: std::cell::RefCell<Vec<String>>,
}

/// What the driver sends.
#[derive(Clone, Copy)]
pub(super) enum Mode<'a> {
    /// Only what is required.
    Minimal,
    /// Every optional field and parameter set.
    Full,
    /// Real answers made requests (what of each a request could carry: a caller who got it
    /// back would have sent it); one item of the operation's collection per answer, each of
    /// the others as minimal. The real callers' requests are not recorded; this is as near
    /// as the answers come.
    Recorded(&'a [Value]),
}

/// What every drive takes: the client's calls, the synthesizer of their requests, the spec
/// and the real answers.
pub(super) struct Means<'a> {
    pub(super) router: &'a Router,
    pub(super) synth: &'a Synthesizer,
    pub(super) spec: &'a Spec<'a>,
    pub(super) real: &'a super::RealAnswers,
    pub(super) beside: &'a super::Beside,
}

/// A drive's end: the answer (or why there is none), and what the fake's mock found wrong on
/// the way (an answer its documented type does not hold, a request Atlas would refuse).
pub(super) struct Driven {
    pub(super) answer: Result<Value, String>,
    pub(super) problems: Vec<String>,
}

/// Drives a fresh fake to the answer of `case`, sending as `mode` says.
pub(super) async fn drive(means: &Means<'_>, case: &Case, mode: Mode<'_>) -> Result<Driven, String> {
    let session = Session::start().await?;
    let Means { router, synth, spec, real, beside } = *means;
    let (referring, made_beside, notes) = Default::default();
    let mut driver = Driver {
        session: &session,
        router,
        synth,
        project: None,
        referring,
        mode,
        spec,
        real,
        beside,
        made_beside,
        notes,
    };
    let answer = driver.answer(case).await;
    let mut problems = session.take_problems();
    problems.extend(driver.notes.take());
    Ok(Driven { answer, problems })
}

impl<'a> Driver<'a> {
    fn full(&self) -> bool {
        matches!(self.mode, Mode::Full)
    }

    /// How many items of the operation's collection a list is read with.
    fn items(&self) -> usize {
        match self.mode {
            Mode::Recorded(items) => items.len().max(1),
            _ => 1,
        }
    }

    /// The body of `case` made of the `item`th real answer, when driving as recorded.
    fn as_recorded(&self, case: &Case, item: usize, minimal: Option<&Value>) -> Option<Value> {
        let Mode::Recorded(items) = self.mode else { return None };
        self.made_of(case, items.get(item)?, minimal)
    }

    /// The body of `case` made of `real`, a real answer, when the case sends a JSON object it
    /// can carry some of; completed with what `minimal` (the synthesized body) requires that
    /// the answer does not carry.
    fn made_of(&self, case: &Case, real: &Value, minimal: Option<&Value>) -> Option<Value> {
        let schema = crate::conformance::requests::request_schema(self.spec.root, case)?;
        let at = self.spec.position(Some(schema));
        let body = self.spec.writable(&at, real);
        let body = match minimal {
            Some(minimal) => self.spec.completed(&at, body, minimal),
            None => body,
        };
        body.as_object().is_some_and(|map| !map.is_empty()).then_some(body)
    }

    async fn answer(&mut self, case: &Case) -> Result<Value, String> {
        let template = case.path.as_str();
        // The real answers were read in an organization that holds a project (its owner one
        // of the project's users, a team's members with project roles): so is this one.
        self.project().await?;
        let values = self.values(case).await?;
        self.readied(case, &values).await?;
        let request = self.synth.request(case, self.full()).await?;
        let sent = self.as_recorded(case, 0, request.body.as_ref()).or_else(|| request.body.clone());
        // Atlas's answers were read after its work on the items was done (a restore's
        // `finishedAt`, a cluster's strings).
        if matches!(self.mode, Mode::Recorded(_)) {
            self.session.fake().advance();
        }
        let path = fill(template, &values);
        let query = request.query.as_deref();
        let mut body = self.prepared(case, sent, &values).await;
        let parameter = self.item_parameter(template).filter(|_| case.method.as_str() == "POST");
        if let Some(parameter) = &parameter {
            named(&mut body, parameter);
        }
        let mut answer = self.send(case, &path, query, body.as_ref()).await?;
        // A create Atlas refuses with only what the spec requires is sent as a real caller
        // sends it (see `create`).
        if answer.status == 400 && case.method.as_str() == "POST" {
            let item = parameter.as_ref().map(|parameter| format!("{template}/{{{parameter}}}")).unwrap_or_default();
            let to = (path.as_str(), query);
            let again = self.again_as_real(case, &item, to, request.body.as_ref(), &values, parameter.as_deref());
            if let Some((again, sent)) = again.await? {
                (answer, body) = (again, sent);
            }
        }
        // A singleton Atlas holds none of until it is written (a compliance policy) is read
        // after its write.
        let singleton = case.method.as_str() == "GET" && !template.ends_with('}');
        if answer.status == 404 && singleton && self.write_singleton(case, &values).await? {
            answer = self.send(case, &path, query, body.as_ref()).await?;
        }
        // ATLAS_PARITY_SHOW=<operationId> prints what was sent and answered, to see why.
        if std::env::var("ATLAS_PARITY_SHOW").is_ok_and(|shown| shown == case.operation_id) {
            let (operation, version) = (case.operation_id, case.version);
            eprintln!("{operation} {version}: sent {}", body.map(|b| b.to_string()).unwrap_or_default());
            eprintln!("{operation} {version}: answered {} {}", answer.status, answer.text);
        }
        if !(200..300).contains(&answer.status) {
            return Err(format!("the fake answered {} {}", answer.status, short(&answer.text)));
        }
        Ok(answer.body.unwrap_or(Value::Null))
    }

    /// Whether every real answer of the case, when driving as recorded, is of a user who has
    /// signed in.
    fn signed_in(&self) -> bool {
        let Mode::Recorded(items) = self.mode else { return false };
        !items.is_empty() && items.iter().all(|item| item.get("lastAuth").is_some_and(Value::is_string))
    }

    /// The values of the path parameters of `case`: the organization, the project, and each
    /// item the path names, created (the one the operation acts on, in the operation's version).
    async fn values(&mut self, case: &Case) -> Result<BTreeMap<String, String>, String> {
        let template = case.path.as_str();
        let mut values: BTreeMap<String, String> = BTreeMap::new();
        let parameters: Vec<&str> = case.path.parameters().collect();
        for (i, parameter) in parameters.iter().enumerate() {
            let last = i + 1 == parameters.len() && template.ends_with(&format!("{{{parameter}}}"));
            let value = match *parameter {
                "orgId" => FakeAtlas::ORG_ID.to_owned(),
                "groupId" => self.project().await?,
                // A user every real answer shows signed in (`lastAuth`), which no user the
                // driver makes has: the organization's owner, the one the fake's has.
                "userId" if last && self.signed_in() => FakeAtlas::OWNER_ID.to_owned(),
                _ => {
                    let at = template
                        .find(&format!("/{{{parameter}}}"))
                        .ok_or_else(|| format!("`{{{parameter}}}` is not a whole segment of {template}"))?;
                    let collection = &template[..at];
                    // The item the operation acts on is created in the operation's own version.
                    let version = last.then_some(case.version);
                    let creator = self.creator(collection, version.unwrap_or_default());
                    // Nothing creates it, Atlas derives it from what the real answers' test
                    // made (a project's processes, from its cluster): the first listed.
                    let derived = match creator {
                        None if self.make_beside(case, &values).await => {
                            self.first_listed(collection, parameter, &values).await
                        }
                        _ => None,
                    };
                    if let Some(derived) = derived {
                        derived
                    } else if creator.is_none() && !last {
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
        Ok(values)
    }

    /// What a read finds written: a list, items of its own; a singleton nothing creates,
    /// when driving as recorded, the real answer written by its PUT or PATCH of the same
    /// version (Atlas's answers were read after a write).
    async fn readied(&self, case: &Case, values: &BTreeMap<String, String>) -> Result<(), String> {
        let template = case.path.as_str();
        // One item's read: the values made it.
        if case.method.as_str() != "GET" || template.ends_with('}') {
            return Ok(());
        }
        // A collection, created in by its POST, or by one above it whose body names where it
        // lands; the items after the first as far as the fake takes them (two real members
        // both made the owner are one).
        if self.creator(template, case.version).is_some() {
            let parameter = self.item_parameter(template).unwrap_or_else(|| "item".to_owned());
            self.create(template, &parameter, values, Some(case.version), 0).await?;
            for item in 1..self.items() {
                let _ = self.create(template, &parameter, values, Some(case.version), item).await;
            }
            return Ok(());
        }
        // Items Atlas derives from what the real answers' test made (a project's processes).
        let parameter = self.item_parameter(template).unwrap_or_else(|| "id".to_owned());
        if self.make_beside(case, values).await && self.first_listed(template, &parameter, values).await.is_some() {
            return Ok(());
        }
        // Items only Atlas makes (a project's alerts), put as a test puts them.
        if let Some(parameter) = self.item_parameter(template).filter(|p| self.puttable(template, p)) {
            for item in 0..self.items() {
                self.put_real((template, &parameter), values, put::Listed::At(item), Some(case.version));
            }
            return Ok(());
        }
        if matches!(self.mode, Mode::Recorded(_)) {
            self.write_singleton(case, values).await?;
        }
        Ok(())
    }

    /// Writes the singleton `case` reads by its PUT or PATCH of the same version, with what
    /// the mode sends (as recorded: the real answer); whether there is such a write.
    async fn write_singleton(&self, case: &Case, values: &BTreeMap<String, String>) -> Result<bool, String> {
        let template = case.path.as_str();
        let writes = self.router.cases().iter().filter(|c| matches!(c.method.as_str(), "PUT" | "PATCH"));
        let Some(write) = writes.filter(|c| c.path.as_str() == template).find(|c| c.version == case.version) else {
            return Ok(false);
        };
        let request = self.synth.request(write, self.full()).await?;
        let sent = self.as_recorded(write, 0, request.body.as_ref()).or_else(|| request.body.clone());
        let body = self.prepared(write, sent, values).await;
        self.send(write, &fill(template, values), request.query.as_deref(), body.as_ref()).await?;
        Ok(true)
    }

    /// A synthesized body of `case` with the fake's own ids, and each item it names (an
    /// export's `snapshotId`, its `exportBucketId`) created first, as Atlas requires them to
    /// exist.
    async fn prepared(&self, case: &Case, body: Option<Value>, values: &BTreeMap<String, String>) -> Option<Value> {
        let mut body = body.map(|body| self.own_ids(body, values));
        let depth = self.referring.get();
        if let (Some(sent @ Value::Object(_)), true) = (body.as_mut(), depth < 2) {
            self.referring.set(depth + 1);
            for (at, value) in self.referred(case, sent, values).await {
                if let Some(slot) = sent.pointer_mut(&at) {
                    *slot = Value::String(value);
                }
            }
            self.referring.set(depth);
        }
        body
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
        self.post(version, |path| path == collection)
    }

    /// The POST to a path `at` takes (see `pick`).
    fn post(&self, version: &str, at: impl Fn(&str) -> bool) -> Option<&Case> {
        self.pick("POST", at, version)
    }

    /// The call of `method` to a path `at` takes: of `version` if there is one (`""`: any),
    /// else the default version, else the first.
    fn pick(&self, method: &str, at: impl Fn(&str) -> bool, version: &str) -> Option<&'a Case> {
        let calls: Vec<&Case> =
            self.router.cases().iter().filter(|c| c.method.as_str() == method && at(c.path.as_str())).collect();
        let same = calls.iter().find(|c| c.version == version);
        same.or_else(|| calls.iter().find(|c| c.default)).or(calls.first()).copied()
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
        self.post(version, |path| shorter.iter().any(|s| s == path))
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
        if self.creator(collection, version.unwrap_or_default()).is_none() {
            if let Some(key) = self.put_real((collection, parameter), values, put::Listed::No, version) {
                return Ok(key);
            }
        }
        let (post, body, answer) = self.create(collection, parameter, values, version, 0).await?;
        self.key_of(collection, parameter, values, post, body.as_ref(), &answer).await
    }

    /// Creates an item in `collection` (a template, filled with `values`), the `item`th
    /// when driving as recorded: the POST, what it sent and what the fake answered (a 2xx).
    async fn create(
        &self,
        collection: &str,
        parameter: &str,
        values: &BTreeMap<String, String>,
        version: Option<&str>,
        item: usize,
    ) -> Result<(&Case, Option<Value>, Answer), String> {
        let post = self.creator(collection, version.unwrap_or_default()).ok_or_else(|| {
            format!("no POST creates items in {}", collection.strip_prefix(PREFIX).unwrap_or(collection))
        })?;
        // The item the operation acts on (created in the operation's own version) is made as
        // the operation is sent; its parents with what is required.
        let request = self.synth.request(post, self.full() && version.is_some()).await?;
        let sent =
            version.and_then(|_| self.as_recorded(post, item, request.body.as_ref())).or_else(|| request.body.clone());
        let mut body = self.prepared(post, sent, values).await;
        named(&mut body, parameter);
        let path = fill(post.path.as_str(), values);
        let mut answer = self.send(post, &path, request.query.as_deref(), body.as_ref()).await?;
        if answer.status == 400 {
            let (item, to) = (format!("{collection}/{{{parameter}}}"), (path.as_str(), request.query.as_deref()));
            let again = self.again_as_real(post, &item, to, request.body.as_ref(), values, Some(parameter));
            if let Some((again, sent)) = again.await? {
                (answer, body) = (again, sent);
            }
        }
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

    /// A create the fake refused with a 400, sent again (to the path and query `to`) as a real
    /// caller makes it: of a real answer of its kind (see `real_item`), completed with what
    /// `minimal` requires, named as `parameter` names it. Atlas refuses one with only what
    /// the spec requires (a cluster needs its regions and their priorities). The answer and
    /// what was sent; `None` when no real answer makes one.
    async fn again_as_real(
        &self,
        post: &Case,
        item: &str,
        to: (&str, Option<&str>),
        minimal: Option<&Value>,
        values: &BTreeMap<String, String>,
        parameter: Option<&str>,
    ) -> Result<Option<(Answer, Option<Value>)>, String> {
        let Some(real) = self.real_item(post, item) else { return Ok(None) };
        self.send_made_of(post, real, to, minimal, values, parameter).await
    }

    /// `post` sent (to the path and query `to`) made of `real`, a real answer, completed with
    /// what `minimal` requires and named as `parameter` names it: the answer and what was
    /// sent; `None` when the real answer makes no request of it.
    async fn send_made_of(
        &self,
        post: &Case,
        real: &Value,
        to: (&str, Option<&str>),
        minimal: Option<&Value>,
        values: &BTreeMap<String, String>,
        parameter: Option<&str>,
    ) -> Result<Option<(Answer, Option<Value>)>, String> {
        let Some(sent) = self.made_of(post, real, minimal) else { return Ok(None) };
        let mut body = self.prepared(post, Some(sent), values).await;
        if let Some(parameter) = parameter {
            named(&mut body, parameter);
        }
        let answer = self.send(post, to.0, to.1, body.as_ref()).await?;
        Ok(Some((answer, body)))
    }

    /// A real answer holding an item `post` creates: the create's own, else a read's of the
    /// item at `item` (a template), of the same version first; the first item of a page.
    fn real_item(&self, post: &Case, item: &str) -> Option<&'a Value> {
        let reads = self.router.cases().iter().filter(|c| c.method.as_str() == "GET" && c.path.as_str() == item);
        let mut reads: Vec<&Case> = reads.collect();
        reads.sort_by_key(|read| read.version != post.version);
        let answers = std::iter::once(post)
            .chain(reads)
            .filter_map(|case| self.real.get(&(case.operation_id.to_owned(), case.version.to_owned()))?.first());
        answers.map(|answer| answer.get("results").and_then(|r| r.get(0)).unwrap_or(answer)).next()
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
        answer: &Answer,
    ) -> Result<String, String> {
        // Where the item is read, and the candidates for its key.
        let item = format!("{collection}/{{{parameter}}}");
        let get = self.pick("GET", |path| path == item, post.version);
        let mut candidates = Vec::new();
        for source in [answer.body.as_ref(), body].into_iter().flatten() {
            let source = match source {
                Value::Array(items) => items.first().unwrap_or(&Value::Null),
                Value::Object(map) if map.get("results").is_some_and(Value::is_array) => &map["results"][0],
                other => other,
            };
            let map = source.as_object().into_iter().flatten();
            let mut strings: Vec<(&String, &str)> = map.filter_map(|(k, v)| v.as_str().map(|s| (k, s))).collect();
            // A field named as the parameter (a role's `roleId`) or as an id first.
            strings.sort_by_key(|(k, _)| match k.as_str() {
                named if named == parameter => 0,
                "id" | "_id" => 1,
                "name" | "username" | "roleName" => 2,
                _ => 3,
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

    async fn send(&self, case: &Case, path: &str, query: Option<&str>, body: Option<&Value>) -> Result<Answer, String> {
        let target = match query {
            Some(query) => format!("{path}?{query}"),
            None => path.to_owned(),
        };
        let bytes = body.map(|b| b.to_string().into_bytes());
        self.session.send(case.method.as_str(), &target, case.version, bytes.as_deref()).await
    }

    /// A body with the fake's organization, project and targets where it names them; an
    /// array of users (`[{"id": ...}]`, a team's new members) names the organization's owner,
    /// the member the fake's organization has, and so does a project's new user as recorded.
    fn own_ids(&self, mut body: Value, values: &BTreeMap<String, String>) -> Value {
        let members = body.as_array_mut().into_iter().flatten().filter_map(Value::as_object_mut);
        for member in members.filter(|member| member.len() == 1) {
            if let Some(id) = member.get_mut("id") {
                *id = FakeAtlas::OWNER_ID.into();
            }
        }
        if let Some(map) = body.as_object_mut() {
            // A project's new user (`username` and `roles`), driven as recorded, is the
            // organization's owner: the real answers are of active members, and the owner is
            // the one the fake's organization has.
            let user_request = map.len() == 2 && map.contains_key("username") && map.contains_key("roles");
            if user_request && matches!(self.mode, Mode::Recorded(_)) {
                map.insert("username".into(), FakeAtlas::OWNER_USERNAME.into());
            }
            if map.contains_key("orgId") {
                map.insert("orgId".into(), FakeAtlas::ORG_ID.into());
            }
            if let Some(project) = values.get("groupId").or(self.project.as_ref()) {
                for field in ["groupId", "projectId"] {
                    if let Some(slot) = map.get_mut(field) {
                        *slot = project.clone().into();
                    }
                }
            }
            // What a body names as the target of its work (a restore's `targetGroupId`,
            // `targetClusterName`) is, when the path names one of its kind, that one: a real
            // answer's target is not in this fake.
            for (name, value) in values {
                let mut target = format!("target{}", name[..1].to_ascii_uppercase());
                target.push_str(&name[1..]);
                if map.contains_key(&target) {
                    map.insert(target, value.clone().into());
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
