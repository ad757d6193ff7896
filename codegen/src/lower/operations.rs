//! Operations: names, parameters, and one [`Version`] per dated media type.

use std::collections::{BTreeMap, HashMap};

use indexmap::IndexMap;
use openapiv3::{MediaType, ParameterSchemaOrContent, ReferenceOr, StatusCode};
use serde_json::Value;

use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::ir::{
    Body, BodyFormat, Method, Operation, ParamLocation, Parameter, PathTemplate, TypeRef, Version, VersionKind, UNDATED,
};
use crate::naming;

/// Query parameters the client does not expose: `envelope` and `pretty` only change how
/// Atlas wraps and formats its answer, which the client reads as the spec describes it.
const HIDDEN_QUERY: &[&str] = &["envelope", "pretty"];
const OVERRIDE: &str = "x-xgen-operation-id-override";

impl<'a> Lowerer<'a> {
    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let mut operations = Vec::new();
        let mut names: HashMap<String, Pointer> = HashMap::new();
        for (path, item) in &self.spec.paths.paths {
            let item_at = Pointer::root().push("paths").push(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.diags.push(item_at.push("$ref"), "path items given by `$ref` are not supported");
                    continue;
                }
            };
            let template = match PathTemplate::parse(path) {
                Ok(template) => template,
                Err(message) => {
                    self.diags.push(item_at.clone(), message);
                    continue;
                }
            };
            for (key, op) in item.iter() {
                let at = item_at.push(key);
                let Some(method) = Method::of_key(key) else {
                    self.diags.push(at, format!("the client sends no `{key}` requests"));
                    continue;
                };
                let Some(operation) = self.operation(&template, method, op, &item.parameters, &at) else { continue };
                if let Some(first) = names.get(&operation.name) {
                    let message = format!("duplicate operation name `{}` (also used by {first})", operation.name);
                    self.diags.push(at.push("operationId"), message);
                    continue;
                }
                names.insert(operation.name.clone(), at);
                operations.push(operation);
            }
        }
        operations
    }

    fn operation(
        &mut self,
        path: &PathTemplate,
        method: Method,
        op: &'a openapiv3::Operation,
        shared: &'a [ReferenceOr<openapiv3::Parameter>],
        at: &Pointer,
    ) -> Option<Operation> {
        let Some(operation_id) = op.operation_id.clone() else {
            self.diags.push(at.clone(), "operation has no `operationId`");
            return None;
        };
        let operation_id_override = op.extensions.get(OVERRIDE).and_then(Value::as_str).map(str::to_owned);
        let name = naming::snake_ident(operation_id_override.as_deref().unwrap_or(&operation_id));
        let hint = naming::type_name(operation_id_override.as_deref().unwrap_or(&operation_id));
        let parameters = self.parameters(path, shared, &op.parameters, at, &hint);
        let versions = self.versions(op, at, &hint);
        Some(Operation {
            name,
            operation_id,
            operation_id_override,
            method,
            path: path.clone(),
            tag: op.tags.first().cloned().unwrap_or_else(|| "default".to_owned()),
            pointer: at.clone(),
            parameters,
            versions,
            docs_url: op.extensions.get("x-xgen-docs-url").and_then(Value::as_str).map(str::to_owned),
            roles: string_list(op.extensions.get("x-rolesRequirements")),
            deprecated: op.deprecated,
            refusals: refusals(op),
        })
    }

    /// Path-level then operation-level parameters (the latter win), checked against the
    /// placeholders of the path template.
    fn parameters(
        &mut self,
        path: &PathTemplate,
        shared: &'a [ReferenceOr<openapiv3::Parameter>],
        own: &'a [ReferenceOr<openapiv3::Parameter>],
        at: &Pointer,
        hint: &str,
    ) -> Vec<Parameter> {
        let item_at = Pointer::root().push("paths").push(path.as_str());
        let listed = shared.iter().enumerate().map(|(i, p)| (p, item_at.push("parameters").push(i)));
        let listed = listed.chain(own.iter().enumerate().map(|(i, p)| (p, at.push("parameters").push(i))));
        let mut by_key: IndexMap<(String, ParamLocation), Parameter> = IndexMap::new();
        for (parameter, param_at) in listed.collect::<Vec<_>>() {
            let (parameter, param_at) = match self.resolver.resolve(parameter, &param_at) {
                Ok(found) => found,
                Err(diagnostic) => {
                    self.report(diagnostic);
                    continue;
                }
            };
            if let Some(lowered) = self.parameter(parameter, &param_at, hint) {
                if lowered.location == ParamLocation::Query && HIDDEN_QUERY.contains(&lowered.wire.as_str()) {
                    continue;
                }
                by_key.insert((lowered.wire.clone(), lowered.location), lowered);
            }
        }
        let placeholders: Vec<String> = path.parameters().map(str::to_owned).collect();
        for placeholder in &placeholders {
            if !by_key.contains_key(&(placeholder.clone(), ParamLocation::Path)) {
                let message = format!("path parameter `{placeholder}` of `{path}` is not declared");
                self.diags.push(at.push("parameters"), message);
            }
        }
        for ((wire, place), _) in by_key.iter() {
            if *place == ParamLocation::Path && !placeholders.contains(wire) {
                let message = format!("path parameter `{wire}` does not appear in the path `{path}`");
                self.diags.push(at.push("parameters"), message);
            }
        }
        let mut parameters: Vec<Parameter> = by_key.into_values().collect();
        let idents = naming::parameter_idents(parameters.iter().map(|p| p.wire.as_str()));
        for (parameter, ident) in parameters.iter_mut().zip(idents) {
            parameter.ident = ident;
        }
        parameters
    }

    fn parameter(&mut self, parameter: &'a openapiv3::Parameter, at: &Pointer, hint: &str) -> Option<Parameter> {
        use openapiv3::Parameter as P;
        let (data, location) = match parameter {
            P::Path { parameter_data, .. } => (parameter_data, ParamLocation::Path),
            P::Query { parameter_data, .. } => (parameter_data, ParamLocation::Query),
            P::Header { parameter_data, .. } => (parameter_data, ParamLocation::Header),
            P::Cookie { .. } => {
                self.diags.push(at.push("in"), "cookie parameters are not supported");
                return None;
            }
        };
        let (ty, limits, facts, synth) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let ty = self.type_ref(schema.into(), &at.push("schema"), &format!("{hint} {}", data.name));
                let limits = self.check(schema.into(), &at.push("schema")).limits;
                let facts = match self.resolver.schema(schema.into(), at) {
                    Ok((schema, _, _)) => super::facts::value_facts(&crate::shape::Shape::of(schema)),
                    Err(_) => Vec::new(),
                };
                if self.synthesize {
                    self.wanted.parameter(at, schema.into(), data.example.as_ref());
                }
                (ty, limits, facts, Value::Null)
            }
            ParameterSchemaOrContent::Content(_) => {
                let string = TypeRef::Primitive(crate::ir::Primitive::String);
                (string, Default::default(), Vec::new(), Value::String("x".into()))
            }
        };
        if data.example.is_some() {
            self.examples.push((at.to_string(), ty.clone()));
        }
        let required = data.required || location == ParamLocation::Path;
        let (wire, pointer) = (data.name.clone(), at.clone());
        Some(Parameter { wire, ident: String::new(), location, required, ty, limits, facts, pointer, synth })
    }

    /// One version per dated media type of the request body or of a success response; each
    /// version answers with the lowest 2xx status that lists it (versions can differ there).
    fn versions(&mut self, op: &'a openapiv3::Operation, at: &Pointer, hint: &str) -> Vec<Version> {
        let mut versions: BTreeMap<String, Version> = BTreeMap::new();
        let successes = self.success_responses(op, at);
        let default_status = successes.first().map_or(200, |(code, _, _)| *code);
        let body = match &op.request_body {
            Some(body) => match self.resolver.resolve(body, &at.push("requestBody")) {
                Ok(found) => Some(found),
                Err(diagnostic) => {
                    self.report(diagnostic);
                    None
                }
            },
            None => None,
        };
        // An operation with no dated media type anywhere is one undated version: every media
        // type it lists (plain `application/json`) belongs to it, and it is still a method.
        let any_dated = successes.iter().any(|(_, r, _)| r.content.keys().any(|m| dated(m).is_some()))
            || body.as_ref().is_some_and(|(b, _)| b.content.keys().any(|m| dated(m).is_some()));
        let version_of = |media_type: &str| if any_dated { dated(media_type) } else { Some(UNDATED.to_owned()) };
        let count = |content: &IndexMap<String, MediaType>| content.keys().filter(|m| dated(m).is_some()).count();
        let many = successes.iter().map(|(_, r, _)| count(&r.content)).sum::<usize>() > 1
            || body.as_ref().is_some_and(|(b, _)| count(&b.content) > 1);
        let named =
            |kind: &str, date: &str| if many { format!("{hint} {kind} {date}") } else { format!("{hint} {kind}") };
        for (status, response, response_at) in successes {
            for (media_type, media) in &response.content {
                let Some(date) = version_of(media_type) else { continue };
                let version = versions.entry(date.clone()).or_insert_with(|| new_version(&date, status));
                if version.response.is_some() {
                    continue;
                }
                let media_at = response_at.push("content").push(media_type);
                version.success_status = status;
                version.note_media(media);
                let response = self.body(media_type, media, &media_at, &named("Response", &date));
                if response.format == BodyFormat::Json {
                    version.response_example = crate::sample::media_example(self.raw, &media_at.to_string())
                        .map(|example| example.to_string());
                }
                version.response = Some(response);
            }
        }
        if let Some((body, body_at)) = body {
            for (media_type, media) in &body.content {
                let Some(date) = version_of(media_type) else { continue };
                let media_at = body_at.push("content").push(media_type);
                let version = versions.entry(date.clone()).or_insert_with(|| new_version(&date, default_status));
                version.note_media(media);
                version.request = Some(self.body(media_type, media, &media_at, &named("Request", &date)));
                version.request_required = body.required;
                if self.synthesize {
                    self.wanted.body(&media_at, media);
                }
            }
        }
        if versions.is_empty() {
            versions.insert(UNDATED.to_owned(), new_version(UNDATED, default_status));
        }
        versions.into_values().collect()
    }

    /// The documented 2xx responses, resolved, lowest status first; every response's
    /// header references are checked on the way.
    fn success_responses(
        &mut self,
        op: &'a openapiv3::Operation,
        at: &Pointer,
    ) -> Vec<(u16, &'a openapiv3::Response, Pointer)> {
        let responses_at = at.push("responses");
        let mut successes = Vec::new();
        for (status, response) in &op.responses.responses {
            let code = match status {
                StatusCode::Code(code) => *code,
                StatusCode::Range(range) => range * 100,
            };
            let (response, response_at) = match self.resolver.resolve(response, &responses_at.push(status)) {
                Ok(found) => found,
                Err(diagnostic) => {
                    self.report(diagnostic);
                    continue;
                }
            };
            for (name, header) in &response.headers {
                if let Err(diagnostic) = self.resolver.resolve(header, &response_at.push("headers").push(name)) {
                    self.report(diagnostic);
                }
            }
            if (200..300).contains(&code) {
                successes.push((code, response, response_at));
            }
        }
        successes.sort_by_key(|(code, _, _)| *code);
        successes
    }

    fn body(&mut self, media_type: &str, media: &'a MediaType, at: &Pointer, hint: &str) -> Body {
        let format = match media_type.rsplit(['+', '/']).next() {
            Some("gzip") => BodyFormat::Gzip,
            Some("csv") => BodyFormat::Csv,
            _ => BodyFormat::Json,
        };
        let ty = match (&media.schema, format) {
            (Some(schema), BodyFormat::Json) => Some(self.type_ref(schema.into(), &at.push("schema"), hint)),
            _ => None,
        };
        if let (Some(ty), true) = (&ty, media.example.is_some() || !media.examples.is_empty()) {
            self.examples.push((at.to_string(), ty.clone()));
        }
        let check = match (&media.schema, &ty) {
            (Some(schema), Some(_)) => self.check(schema.into(), &at.push("schema")),
            _ => Default::default(),
        };
        Body { media_type: media_type.to_owned(), format, ty, check, pointer: at.clone() }
    }
}

impl Version {
    /// What a dated media type says of its version: a sunset date, and whether it is a preview.
    fn note_media(&mut self, media: &MediaType) {
        self.sunset = self.sunset.take().or_else(|| extension_str(media, "x-sunset"));
        self.preview |= media.extensions.contains_key("x-xgen-preview");
    }
}

/// The error statuses `op` documents (400 and up), ascending.
fn refusals(op: &openapiv3::Operation) -> Vec<u16> {
    let mut statuses: Vec<u16> = op
        .responses
        .responses
        .keys()
        .filter_map(|status| match status {
            openapiv3::StatusCode::Code(code) if *code >= 400 => Some(*code),
            _ => None,
        })
        .collect();
    statuses.sort_unstable();
    statuses
}

fn new_version(date: &str, success_status: u16) -> Version {
    let kind = VersionKind::of(date);
    Version {
        date: date.to_owned(),
        kind,
        preview: kind == VersionKind::Preview,
        sunset: None,
        request: None,
        request_required: false,
        synth_body: None,
        synth_body_full: None,
        synth_body_all: None,
        success_status,
        response: None,
        response_example: None,
        paging: None,
        tie: None,
        server_set: None,
    }
}

/// The version of a dated Atlas media type (`application/vnd.atlas.2024-08-05+json`), read
/// from the media type itself: that is what goes on the wire. (`x-xgen-version` says the same
/// but is sometimes wrong: one request body gives the whole media type there.)
fn dated(media_type: &str) -> Option<String> {
    let version = media_type.strip_prefix("application/vnd.atlas.")?.split('+').next()?;
    (!version.is_empty()).then(|| version.to_owned())
}

fn extension_str(media: &MediaType, key: &str) -> Option<String> {
    media.extensions.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn string_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map_or_else(Vec::new, |items| items.iter().filter_map(Value::as_str).map(str::to_owned).collect())
}
