//! The testkit's synthesized request values (`Config::testkit`): while it lowers, the
//! lowering only notes where each value goes and from which schema; `fill` synthesizes them
//! all afterwards, in one place, and fails with a diagnostic when the generator was built
//! without its `testkit` feature, instead of leaving the values empty.

use std::collections::HashMap;

use openapiv3::MediaType;
use serde_json::Value;

use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::Api;
use crate::resolve::{Resolver, SchemaRef};

/// The values the testkit needs, by where they go: a parameter by the pointer of its
/// declaration, a request body by the pointer of its media type.
#[derive(Default)]
pub(super) struct Wanted<'a> {
    parameters: HashMap<Pointer, (SchemaRef<'a>, Option<&'a Value>)>,
    bodies: HashMap<Pointer, &'a MediaType>,
}

impl<'a> Wanted<'a> {
    pub(super) fn parameter(&mut self, at: &Pointer, schema: SchemaRef<'a>, example: Option<&'a Value>) {
        self.parameters.insert(at.clone(), (schema, example));
    }

    pub(super) fn body(&mut self, at: &Pointer, media: &'a MediaType) {
        self.bodies.insert(at.clone(), media);
    }

    fn is_empty(&self) -> bool {
        self.parameters.is_empty() && self.bodies.is_empty()
    }
}

/// Sets every parameter's `synth` and every version's synthesized bodies that `wanted` notes.
#[cfg(feature = "testkit")]
pub(super) fn fill(api: &mut Api, wanted: Wanted<'_>, resolver: Resolver<'_>, raw: &Value) -> Result<(), Diagnostics> {
    if wanted.is_empty() {
        return Ok(());
    }
    let checker = crate::synth::Checker::for_requests(raw);
    let synth = crate::synth::Synth::new(resolver).checked(checker.as_ref());
    for op in &mut api.operations {
        for parameter in &mut op.parameters {
            if let Some((schema, example)) = wanted.parameters.get(&parameter.pointer) {
                parameter.synth = synth.parameter_or_example(*schema, *example);
            }
        }
        for version in &mut op.versions {
            let Some(media) = version.request.as_ref().and_then(|body| wanted.bodies.get(&body.pointer)) else {
                continue;
            };
            let schema = media.schema.as_ref();
            version.synth_body = media.example.clone().or_else(|| schema.map(|schema| synth.value(schema.into())));
            version.synth_body_full = schema.map(|schema| synth.full().value(schema.into()));
            version.synth_body_all = schema.map(|schema| synth.with_read_only().value(schema.into()));
        }
    }
    Ok(())
}

#[cfg(not(feature = "testkit"))]
pub(super) fn fill(api: &mut Api, wanted: Wanted<'_>, resolver: Resolver<'_>, raw: &Value) -> Result<(), Diagnostics> {
    let _ = (api, resolver, raw);
    match wanted.is_empty() {
        true => Ok(()),
        false => Err(Diagnostics::single(
            Pointer::root(),
            "Config::testkit synthesizes request values, which needs atlas-codegen's `testkit` feature".to_owned(),
        )),
    }
}
