//! Spec -> IR. One file per schema shape; operations in their own file.

mod checks;
mod constrained;
mod cycles;
mod enums;
mod examples;
mod facts;
mod fixed_tags;
mod idents;
mod narrow;
mod object;
mod operations;
mod paging;
pub(crate) mod resources;
mod same_enums;
mod schema;
mod server_set;
mod shared;
mod synthesis;
mod ties;
mod union;
mod write_only;

use std::collections::HashMap;

use openapiv3::OpenAPI;

use crate::diagnostics::{Diagnostic, Diagnostics, Pointer};
use crate::ir::{Api, SourceInfo, TypeDef, TypeId};
use crate::load::Spec;
use crate::naming::TypeNames;
use crate::resolve::Resolver;
use crate::tables::{checked, TableUse};
use crate::Config;

/// Lowers a loaded spec to the IR: every operation, and every schema an operation reaches
/// (or every component schema, with [`Config::include_unreferenced`]); with what the tables
/// skipped past ([`Config::tables`]).
pub fn lower(spec: &Spec, config: &Config) -> Result<(Api, Vec<Diagnostic>), Diagnostics> {
    let mut cx = Lowerer::new(&spec.openapi, &spec.raw);
    cx.synthesize = config.testkit;
    cx.request_fields = config.request_fields.clone().unwrap_or_default();
    let operations = cx.operations();
    if config.include_unreferenced {
        cx.all_components();
    } else {
        cx.audit_unreferenced();
    }
    let Lowerer { types, diags, mut examples, union_property_examples, wanted, resolver, .. } = cx;
    let mut types: Vec<TypeDef> = types.into_iter().map(|t| t.expect("every allocated type is defined")).collect();
    examples.extend(examples::resolve(&types, &union_property_examples));
    examples.sort_by(|a, b| a.0.cmp(&b.0));
    examples.dedup_by(|a, b| a.0 == b.0);
    cycles::box_recursive_fields(&mut types);
    let source = SourceInfo {
        title: spec.openapi.info.title.clone(),
        version: spec.openapi.info.version.clone(),
        sha256: spec.sha256.clone(),
        schemas: spec.openapi.components.as_ref().map_or(0, |c| c.schemas.len()),
    };
    let mut api = diags.into_result(Api {
        types,
        operations,
        source,
        examples,
        waiters: Vec::new(),
        error_codes: Default::default(),
        events: Vec::new(),
        resources: Vec::new(),
        roles: Vec::new(),
        request_checks: Default::default(),
    })?;
    synthesis::fill(&mut api, wanted, resolver, &spec.raw)?;
    let skipped = decide(&mut api, config)?;
    // Last: the unions' shared fields are decided above.
    idents::check(&api)?;
    Ok((api, skipped))
}

/// What the lowering decides once the types and operations stand, so that the emitter only
/// prints: which enums are aliases of the same values written elsewhere, which versions are lists, which fields a union answers itself, which tags a member sets itself, which path parameters a body's tag names, which write-only fields a request type requires, which calls take
/// and return each type, and the waiters (checked against the spec), after checking the
/// table of request fields.
fn decide(api: &mut Api, config: &Config) -> Result<Vec<Diagnostic>, Diagnostics> {
    same_enums::decide(api);
    paging::decide(api);
    // Before the unions' accessors, which read each field as its presence holds it.
    write_only::decide(api);
    shared::decide(api);
    fixed_tags::decide(api);
    ties::decide(api);
    crate::usage::annotate(api);
    constrained::decide(api);
    let mut skipped = Vec::new();
    if let Some(table) = &config.request_fields {
        // Undecided properties follow the spec's marks (`Table::in_request`) either way.
        match (table.check(api), config.tables) {
            (Ok(()), _) => {}
            (Err(why), TableUse::WhereTheyApply) => skipped.extend(why.iter().cloned()),
            (Err(why), TableUse::Strict) => return Err(why),
        }
    }
    if let Some(table) = &config.waiters {
        api.waiters = keep(
            &mut skipped,
            checked(config.tables, &table.waiters, |entries| {
                crate::tables::waiters::check(api, &crate::tables::waiters::WaitersTable { waiters: entries.to_vec() })
            }),
        )?;
    }
    if let Some(table) = &config.error_codes {
        api.error_codes = keep(
            &mut skipped,
            checked(config.tables, &table.parts(), |parts| {
                crate::tables::error_codes::ErrorCodesTable::from_parts(parts).check(api)
            }),
        )?;
    }
    if let Some(table) = &config.events {
        api.events = keep(
            &mut skipped,
            checked(config.tables, &table.events, |entries| {
                crate::tables::events::EventsTable { events: entries.to_vec() }.check(api)
            }),
        )?;
    }
    let facts = match &config.resources {
        Some(table) => keep(
            &mut skipped,
            checked(config.tables, &table.parts(), |parts| {
                crate::tables::resources::ResourcesTable::from_parts(parts).check(api, resources::placed_template)
            }),
        )?,
        None => Default::default(),
    };
    resources::decide(api, &facts);
    server_set::decide(api);
    Ok(skipped)
}

/// A table's checked value, its skipped entries added to `skipped`.
fn keep<T>(
    skipped: &mut Vec<Diagnostic>,
    checked: Result<(T, Vec<Diagnostic>), Diagnostics>,
) -> Result<T, Diagnostics> {
    let (value, why) = checked?;
    skipped.extend(why);
    Ok(value)
}

pub(crate) struct Lowerer<'a> {
    spec: &'a OpenAPI,
    /// The document as JSON, for checking synthesized request bodies (built when needed).
    raw: &'a serde_json::Value,
    /// Note the request values the testkit needs (`Config::testkit`), for `synthesis::fill`.
    synthesize: bool,
    wanted: synthesis::Wanted<'a>,
    resolver: Resolver<'a>,
    /// `None` while a type is being lowered (so recursive references find its id).
    types: Vec<Option<TypeDef>>,
    /// Component schema name -> its type, once lowered.
    components: HashMap<String, TypeId>,
    /// Component schema name -> the Rust name reserved for it up front, so inline names
    /// never take a component's name whatever order lowering runs in.
    component_names: HashMap<String, String>,
    names: TypeNames,
    diags: Diagnostics,
    /// Schema and media-type positions that carry an `example`/`examples`, with their type.
    examples: Vec<(String, crate::ir::TypeRef)>,
    /// Which read-only properties a request carries.
    request_fields: crate::tables::request_fields::RequestFieldsTable,
    /// Examples on a union's own properties, given a type once its variants are lowered.
    union_property_examples: Vec<examples::UnionPropertyExample>,
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a OpenAPI, raw: &'a serde_json::Value) -> Self {
        let mut names = TypeNames::default();
        let mut schema_names: Vec<&String> = spec.components.iter().flat_map(|c| c.schemas.keys()).collect();
        schema_names.sort();
        let component_names = schema_names.into_iter().map(|n| (n.clone(), names.claim(n))).collect();
        Lowerer {
            spec,
            raw,
            synthesize: false,
            wanted: synthesis::Wanted::default(),
            resolver: Resolver::new(spec),
            types: Vec::new(),
            components: HashMap::new(),
            component_names,
            names,
            diags: Diagnostics::new(),
            examples: Vec::new(),
            union_property_examples: Vec::new(),
            request_fields: crate::tables::request_fields::RequestFieldsTable::default(),
        }
    }

    fn all_components(&mut self) {
        let Some(components) = self.spec.components.as_ref() else { return };
        for name in components.schemas.keys() {
            self.component(name);
        }
    }

    /// Lowers, on the side, every component schema no operation reached, and keeps only the
    /// problems found in them: a broken schema fails generation whether or not it is used,
    /// while the generated code still holds only what operations reach.
    fn audit_unreferenced(&mut self) {
        let mut audit = Lowerer::new(self.spec, self.raw);
        let Some(components) = self.spec.components.as_ref() else { return };
        let unused: Vec<&String> = components.schemas.keys().filter(|n| !self.components.contains_key(*n)).collect();
        for name in &unused {
            audit.component(name);
        }
        let prefixes: Vec<String> =
            unused.iter().map(|n| Pointer::root().push("components").push("schemas").push(n).to_string()).collect();
        for diagnostic in audit.diags.iter() {
            let at = diagnostic.pointer.as_str();
            if prefixes.iter().any(|p| at == p || at.strip_prefix(p.as_str()).is_some_and(|rest| rest.starts_with('/')))
            {
                self.diags.push(diagnostic.pointer.clone(), diagnostic.message.clone());
            }
        }
    }

    fn alloc(&mut self) -> TypeId {
        self.types.push(None);
        TypeId(self.types.len() - 1)
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.diags.push(diagnostic.pointer, diagnostic.message);
    }
}
