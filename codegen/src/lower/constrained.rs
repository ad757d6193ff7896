//! What the mock checks of requests, decided once for the whole API (`ir::RequestChecks`):
//! every distinct set of limits a request body's values or a path parameter is held to, and
//! which named types a request body reaches with a constrained value below, so that the
//! emitter's `checks.rs` writes one static per such type and per set of limits.

use crate::ir::{Api, Check, ParamLocation, RequestChecks, TypeDef, TypeKind, TypeRef};

/// Decides `api.request_checks`.
pub(super) fn decide(api: &mut Api) {
    let reached = in_requests(api);
    let mut checks = RequestChecks { constrained: vec![false; api.types.len()], limits: Default::default() };
    collect_limits(api, &reached, &mut checks);
    // A type is constrained when one of its members is: repeat until nothing changes
    // (recursive types reach a fixed point, since the set only grows).
    loop {
        let next: Vec<bool> =
            api.types.iter().zip(&reached).map(|(def, reached)| *reached && type_constrained(&checks, def)).collect();
        if next == checks.constrained {
            break;
        }
        checks.constrained = next;
    }
    api.request_checks = checks;
}

/// The types a request body can hold.
fn in_requests(api: &Api) -> Vec<bool> {
    let mut reached = vec![false; api.types.len()];
    for id in api.in_requests() {
        reached[id.0] = true;
    }
    reached
}

/// Every distinct set of limits, in the order the fields of the reached types, the request
/// bodies and the path parameters meet them.
fn collect_limits(api: &Api, reached: &[bool], checks: &mut RequestChecks) {
    fn walk(check: &Check, checks: &mut RequestChecks) {
        checks.add_limits(&check.limits);
        if let Some(each) = &check.each {
            walk(each, checks);
        }
    }
    for def in api.types.iter().zip(reached).filter(|(_, reached)| **reached).map(|(def, _)| def) {
        if let TypeKind::Struct(s) = &def.kind {
            s.fields.iter().for_each(|f| walk(&f.check, checks));
        }
    }
    for body in api.operations.iter().flat_map(|op| &op.versions).filter_map(|v| v.request.as_ref()) {
        walk(&body.check, checks);
    }
    for op in &api.operations {
        op.parameters.iter().filter(|p| p.location == ParamLocation::Path).for_each(|p| checks.add_limits(&p.limits));
    }
}

/// Whether a value below a named type is constrained, as far as `checks` has found so far:
/// a field's; a member's of a tagged union (with a tag to be found by); every member's of an
/// untagged one (a member with nothing to check takes any value, so the union has nothing
/// to check either: never stricter than Atlas); an alias's target's.
fn type_constrained(checks: &RequestChecks, def: &TypeDef) -> bool {
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| constrained(checks, &f.ty, Some(&f.check))),
        TypeKind::Enum(_) => false,
        TypeKind::Tagged(u) => u.variants.iter().any(|v| !v.tags.is_empty() && constrained(checks, &v.ty, None)),
        TypeKind::Untagged(u) => u.variants.iter().all(|v| constrained(checks, &v.ty, None)),
        TypeKind::Alias(target) => constrained(checks, target, None),
    }
}

/// Whether a value of `ty`, with the limits `check` gives its place, has anything to check.
fn constrained(checks: &RequestChecks, ty: &TypeRef, check: Option<&Check>) -> bool {
    let each = check.and_then(|c| c.each.as_deref());
    let inner = match ty {
        TypeRef::Named(id) => checks.is_constrained(*id),
        TypeRef::Primitive(_) => false,
        TypeRef::Vec(item) => constrained(checks, item, each),
        TypeRef::Map(value) => constrained(checks, value, each),
        TypeRef::Boxed(inner) => constrained(checks, inner, check),
    };
    inner || check.is_some_and(|c| !c.limits.is_none())
}
