//! A path parameter that says what the request body says: `POST
//! /groups/{groupId}/integrations/{integrationType}` takes a `ThirdPartyIntegration`, a union
//! chosen by its `type`, and `{integrationType}` allows exactly those tag values (and more):
//! Atlas refuses a Slack body sent to `.../integrations/PAGER_DUTY`. Such a parameter is tied
//! to the body: when every member of the union has one tag value of its own, the body's member
//! names the path and the method no longer takes the argument ([`TieKind::FromBody`]); when a
//! member carries several, the argument stays and a request whose body says otherwise is
//! refused before it is sent ([`TieKind::Checked`]).
//!
//! The class, read from the spec: a required path parameter whose type is a closed string
//! enum, of a version whose request body is (through aliases) a tagged union, every tag value
//! of which the enum lists (and, for a member several values select, one member of which sends
//! its tag in a request: nothing else says which it is). The enum may
//! list more (a value no member is written for is still sent by a body kept as JSON with that
//! tag).

use crate::ir::{Api, Operation, ParamLocation, TaggedUnion, Tie, TieKind, TypeId, TypeKind, TypeRef, Version};

/// Sets `tie` on every version whose path parameter the body's union tag says too.
pub(super) fn decide(api: &mut Api) {
    let mut found = Vec::new();
    for (o, op) in api.operations.iter().enumerate() {
        for (v, version) in op.versions.iter().enumerate() {
            if let Some(tie) = tie(api, op, version) {
                found.push((o, v, tie));
            }
        }
    }
    for (o, v, tie) in found {
        let op = &mut api.operations[o];
        // The synthesized calls send what the body's tag says, so the two agree there too.
        if let Some(tag) = op.versions[v].synth_body.as_ref().and_then(|b| b.get(&tie.property)).cloned() {
            if let Some(param) = op.parameters.iter_mut().find(|p| p.wire == tie.param) {
                if tag.is_string() {
                    param.synth = tag;
                }
            }
        }
        op.versions[v].tie = Some(tie);
    }
}

/// The tie of one version, if its body's union and one of its path parameters say the same.
fn tie(api: &Api, op: &Operation, version: &Version) -> Option<Tie> {
    let body = version.request.as_ref().filter(|_| version.request_required)?;
    let TypeRef::Named(union) = super::shared::canonical(api, body.ty.as_ref()?) else { return None };
    let TypeKind::Tagged(tagged) = &api.get(union).kind else { return None };
    let tags: Vec<&str> = tagged.variants.iter().flat_map(|v| &v.tags).map(String::as_str).collect();
    if tags.is_empty() {
        return None;
    }
    let kind = kind(tagged);
    // A member one value selects says it by being that member, sent or not; a member several
    // select says it only on the wire. A body none of whose members sends its tag there (the
    // server reads it from the path, as a limit's read-only `name`) says nothing to check.
    if kind == TieKind::Checked && !tagged.variants.iter().any(|v| sends_tag(api, &v.ty, &tagged.property)) {
        return None;
    }
    op.ordered_parameters().into_iter().filter(|p| p.location == ParamLocation::Path && p.required).find_map(|p| {
        let allowed = enum_values(api, &p.ty)?;
        tags.iter().all(|tag| allowed.contains(tag)).then(|| Tie {
            param: p.wire.clone(),
            property: tagged.property.clone(),
            union,
            kind,
        })
    })
}

/// Whether a request carries the tag of a member of type `ty` (as the union's encoding
/// decides: not when its struct's tag field is one requests leave out).
fn sends_tag(api: &Api, ty: &TypeRef, property: &str) -> bool {
    let TypeRef::Named(id) = super::shared::canonical(api, ty) else { return true };
    match &api.get(id).kind {
        TypeKind::Struct(s) => s.fields.iter().find(|f| f.wire == property).is_none_or(|f| f.in_request),
        _ => true,
    }
}

/// From the body when each member is chosen by one value of its own, else checked.
fn kind(union: &TaggedUnion) -> TieKind {
    let mut tags: Vec<&str> = union.variants.iter().flat_map(|v| &v.tags).map(String::as_str).collect();
    let count = tags.len();
    tags.sort_unstable();
    tags.dedup();
    let one_each = union.variants.iter().all(|v| v.tags.len() == 1) && tags.len() == count;
    if one_each {
        TieKind::FromBody
    } else {
        TieKind::Checked
    }
}

/// The wire values of a string enum (through aliases).
fn enum_values<'a>(api: &'a Api, ty: &TypeRef) -> Option<Vec<&'a str>> {
    let TypeRef::Named(id) = super::shared::canonical(api, ty) else { return None };
    let id: TypeId = id;
    match &api.get(id).kind {
        TypeKind::Enum(e) if e.open.is_none() => Some(e.variants.iter().map(|v| v.wire.as_str()).collect()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::TieKind;
    use crate::{load_bytes, Config, Overrides};

    /// A POST of `/things/{kind}` whose body is a union chosen by `type`: `Slack` by `SLACK`,
    /// `Hook` by `hook_tags`; `{kind}` allows `kinds`.
    fn spec(kinds: &str, hook_tags: &str) -> String {
        spec_with(kinds, hook_tags, "{type: string}")
    }

    /// The same, the members' tag property being `tag`.
    fn spec_with(kinds: &str, hook_tags: &str, tag: &str) -> String {
        format!(
            r#"
openapi: 3.0.1
info: {{title: t, version: "1"}}
paths:
  /things/{{kind}}:
    post:
      operationId: createThing
      parameters:
        - {{name: kind, in: path, required: true, schema: {{type: string, enum: [{kinds}]}}}}
      requestBody:
        required: true
        content:
          application/vnd.atlas.2023-01-01+json:
            schema: {{$ref: '#/components/schemas/Thing'}}
      responses:
        "204": {{description: ok}}
components:
  schemas:
    Thing:
      oneOf: [{{$ref: '#/components/schemas/Slack'}}, {{$ref: '#/components/schemas/Hook'}}]
      discriminator:
        propertyName: type
        mapping: {{SLACK: '#/components/schemas/Slack', {hook_tags}}}
    Slack:
      type: object
      properties: {{type: {tag}, channel: {{type: string}}}}
    Hook:
      type: object
      properties: {{type: {tag}, url: {{type: string}}}}
"#
        )
    }

    fn tie(yaml: &str) -> Option<(String, String, TieKind)> {
        let spec = load_bytes(yaml.as_bytes(), false, &Overrides::default()).expect("spec loads");
        let (api, _) = super::super::lower(&spec, &Config::default()).expect("spec lowers");
        api.operations[0].versions[0].tie.clone().map(|t| (t.param, t.property, t.kind))
    }

    #[test]
    fn a_path_parameter_listing_the_body_tags_is_tied_to_the_body() {
        let hook = "WEBHOOK: '#/components/schemas/Hook'";
        let from_body = Some(("kind".to_owned(), "type".to_owned(), TieKind::FromBody));
        assert_eq!(tie(&spec("SLACK, WEBHOOK", hook)), from_body);
        // A value no member is written for (a retired integration) does not untie it.
        assert_eq!(tie(&spec("SLACK, WEBHOOK, HIP_CHAT", hook)), from_body);
        // A member two values select keeps the argument, checked against the body.
        let two = "WEBHOOK: '#/components/schemas/Hook', CUSTOM: '#/components/schemas/Hook'";
        let checked = Some(("kind".to_owned(), "type".to_owned(), TieKind::Checked));
        assert_eq!(tie(&spec("SLACK, WEBHOOK, CUSTOM", two)), checked);
        // A tag the path cannot carry: the two say different things, nothing is tied.
        assert_eq!(tie(&spec("SLACK, PAGER_DUTY", hook)), None);
        // A tag no request carries (set by the server, read from the path): a member one value
        // selects still says it by being that member; one several select says nothing.
        let read_only = "{type: string, readOnly: true}";
        assert_eq!(tie(&spec_with("SLACK, WEBHOOK", hook, read_only)), from_body);
        assert_eq!(tie(&spec_with("SLACK, WEBHOOK, CUSTOM", two, read_only)), None);
    }
}
