//! Checks each waiter against the spec. A waiter the spec no longer supports fails
//! generation with the JSON pointer of the node at fault (the operation, its response
//! schema) and the waiter's name.

use super::table::{duration_ms, Table, WaiterEntry};
use super::Waiter;
use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::{Api, ParamLocation, TypeKind, TypeRef};

pub(crate) fn check(api: &Api, table: &Table) -> Result<Vec<Waiter>, Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut waiters = Vec::new();
    let mut names = std::collections::HashSet::new();
    for entry in &table.waiters {
        if !names.insert(entry.name.as_str()) {
            diags.push(Pointer::root(), format!("waiter `{}`: a second waiter of that name", entry.name));
        }
        let mut report =
            |pointer: Pointer, message: String| diags.push(pointer, format!("waiter `{}`: {message}", entry.name));
        if let Some(waiter) = check_one(api, entry, &mut report) {
            waiters.push(waiter);
        }
    }
    diags.into_result(waiters)
}

fn check_one(api: &Api, entry: &WaiterEntry, report: &mut impl FnMut(Pointer, String)) -> Option<Waiter> {
    let Some(operation) = api.operations.iter().position(|op| op.operation_id == entry.poll) else {
        report(Pointer::root().push("paths"), format!("no operation `{}` to poll", entry.poll));
        return None;
    };
    let op = &api.operations[operation];
    let mut ok = true;
    if op.method != "GET" {
        report(op.pointer.clone(), format!("polls `{}`, a {}: a waiter only reads", entry.poll, op.method));
        ok = false;
    }
    let Some(version) = op.versions.iter().position(|v| v.date == entry.version) else {
        let dates: Vec<&str> = op.versions.iter().map(|v| v.date.as_str()).collect();
        report(
            op.pointer.push("responses"),
            format!("`{}` has no version `{}` (it has {})", entry.poll, entry.version, dates.join(", ")),
        );
        return None;
    };
    let path_params: Vec<&str> =
        op.parameters.iter().filter(|p| p.location == ParamLocation::Path).map(|p| p.wire.as_str()).collect();
    for param in &path_params {
        if !entry.args.iter().any(|a| a == param) {
            report(
                op.pointer.push("parameters"),
                format!("path parameter `{param}` of `{}` is not in `args`", entry.poll),
            );
            ok = false;
        }
    }
    for arg in &entry.args {
        if !path_params.contains(&arg.as_str()) {
            report(
                op.pointer.push("parameters"),
                format!("`{arg}` in `args` is no path parameter of `{}`", entry.poll),
            );
            ok = false;
        }
    }
    let delays = entry.delays.clone().map(|d| duration_ms(&d));
    let delays = match delays {
        [Some(first), Some(longest), Some(wait)] if first <= longest && longest <= wait && first > 0 => {
            [first, longest, wait]
        }
        _ => {
            report(
                Pointer::root(),
                format!("delays {:?} must be [first, longest, longest wait], growing, with units", entry.delays),
            );
            ok = false;
            [1, 1, 1]
        }
    };
    let polled = &op.versions[version];
    let response = polled.response.as_ref().and_then(|b| b.ty.as_ref());
    let schema_at = match &polled.response {
        Some(body) => op
            .pointer
            .push("responses")
            .push(polled.success_status)
            .push("content")
            .push(&body.media_type)
            .push("schema"),
        None => op.pointer.push("responses"),
    };
    let mut read = |field: &str, values: &[&[String]]| -> Option<String> {
        let Some(ty) = response else {
            report(
                schema_at.clone(),
                format!("`{}` {} answers without a JSON body to read `{field}` from", entry.poll, entry.version),
            );
            return None;
        };
        match field_type(api, ty, field) {
            None => {
                report(
                    schema_at.clone(),
                    format!("no field `{field}` in the response of `{}` {}", entry.poll, entry.version),
                );
                None
            }
            Some(found) => {
                if let Some(allowed) = enum_values(api, &found) {
                    for value in values.iter().flat_map(|v| v.iter()) {
                        if !allowed.contains(&value.as_str()) {
                            report(
                                schema_at.clone(),
                                format!("`{value}` is no value of `{field}` ({})", allowed.join(", ")),
                            );
                        }
                    }
                }
                Some(format!("/{field}"))
            }
        }
    };
    let field = match &entry.field {
        Some(field) if entry.failed_field.is_some() => read(field, &[&entry.done, &entry.pending]),
        Some(field) => read(field, &[&entry.done, &entry.failed, &entry.pending]),
        None => None,
    };
    let failed_field = match &entry.failed_field {
        Some(failed) => read(failed, &[&entry.failed]),
        None => field.clone(),
    };
    let ends = entry.gone || entry.done_when_set || !entry.done.is_empty();
    if !ends || (entry.field.is_some() && field.is_none()) {
        if !ends {
            report(Pointer::root(), "nothing ends the wait: give `done`, `done_when_set` or `gone`".to_owned());
        }
        ok = false;
    }
    for after in &entry.after {
        if !api.operations.iter().any(|o| &o.operation_id == after) {
            report(Pointer::root().push("paths"), format!("`after` names `{after}`, which is no operation"));
        }
    }
    ok.then(|| Waiter {
        name: entry.name.clone(),
        operation,
        version,
        field,
        done: entry.done.clone(),
        done_when_set: entry.done_when_set,
        failed_field,
        failed: entry.failed.clone(),
        pending: entry.pending.clone(),
        gone: entry.gone,
        gone_codes: entry.gone_codes.clone(),
        delays,
        after: entry.after.clone(),
    })
}

/// The type of the field at `path` (`/`-separated wire names) in `ty`, through aliases,
/// boxes and every variant of a union.
fn field_type(api: &Api, ty: &TypeRef, path: &str) -> Option<TypeRef> {
    let (head, rest) = match path.split_once('/') {
        Some((head, rest)) => (head, Some(rest)),
        None => (path, None),
    };
    let found = member(api, ty, head)?;
    match rest {
        Some(rest) => field_type(api, &found, rest),
        None => Some(found),
    }
}

fn member(api: &Api, ty: &TypeRef, wire: &str) -> Option<TypeRef> {
    match ty {
        TypeRef::Boxed(inner) => member(api, inner, wire),
        TypeRef::Named(id) => match &api.get(*id).kind {
            TypeKind::Struct(s) => s.fields.iter().find(|f| f.wire == wire).map(|f| f.ty.clone()),
            TypeKind::Alias(target) => member(api, target, wire),
            TypeKind::Tagged(u) => u.variants.iter().find_map(|v| member(api, &v.ty, wire)),
            TypeKind::Untagged(u) => u.variants.iter().find_map(|v| member(api, &v.ty, wire)),
            TypeKind::Enum(_) => None,
        },
        TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Primitive(_) => None,
    }
}

/// The wire values of an enum type.
fn enum_values<'a>(api: &'a Api, ty: &TypeRef) -> Option<Vec<&'a str>> {
    match ty {
        TypeRef::Boxed(inner) => enum_values(api, inner),
        TypeRef::Named(id) => match &api.get(*id).kind {
            TypeKind::Enum(e) => Some(e.variants.iter().map(|v| v.wire.as_str()).collect()),
            TypeKind::Alias(target) => enum_values(api, target),
            _ => None,
        },
        _ => None,
    }
}
