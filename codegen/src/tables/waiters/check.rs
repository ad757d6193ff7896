//! Checks each waiter against the spec. A waiter the spec no longer supports fails
//! generation with the JSON pointer of the node at fault (the operation, its response
//! schema) and the waiter's name.

use super::table::{duration_ms, WaiterEntry, WaitersTable};
use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::{Api, Operation, ParamLocation, TypeKind, TypeRef, Waiter};

pub(crate) fn check(api: &Api, table: &WaitersTable) -> Result<Vec<Waiter>, Diagnostics> {
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
    let (operation, version) = polled(api, entry, report)?;
    let op = &api.operations[operation];
    let mut ok = op.method == crate::ir::Method::Get;
    if !ok {
        report(op.pointer.clone(), format!("polls `{}`, a {}: a waiter only reads", entry.poll, op.method));
    }
    ok &= check_args(op, entry, report);
    let delays = check_delays(entry, report);
    let fields = read_fields(api, op, version, entry, report);
    let ends = entry.gone || entry.done_when_set || !entry.done.is_empty();
    if let Some(changing) = entry.changing.as_ref().filter(|state| !entry.pending.contains(state)) {
        report(Pointer::root(), format!("`changing` is `{changing}`, which is not one of `pending`"));
    }
    if !ends {
        report(Pointer::root(), "nothing ends the wait: give `done`, `done_when_set` or `gone`".to_owned());
    }
    for after in &entry.after {
        if !api.operations.iter().any(|o| &o.operation_id == after) {
            report(Pointer::root().push("paths"), format!("`after` names `{after}`, which is no operation"));
        }
    }
    let when = entry.when.as_ref().map(|when| {
        let reader = FieldReader::new(api, op, version, entry);
        let pointer = reader.read(&when.field, &[("when", &when.values)], false, report);
        pointer.map(|pointer| (pointer, when.values.clone()))
    });
    let (field, failed_field) = fields?;
    (ok && ends && delays.is_some()).then(|| Waiter {
        name: entry.name.clone(),
        operation,
        version,
        field,
        done: entry.done.clone(),
        done_when_set: entry.done_when_set,
        failed_field,
        failed: entry.failed.clone(),
        pending: entry.pending.clone(),
        changing: entry.changing.clone(),
        action: entry.action.clone(),
        unexpected: entry.unexpected.clone(),
        gone: entry.gone,
        gone_codes: entry.gone_codes.clone(),
        pending_codes: entry.pending_codes.clone(),
        delays: delays.unwrap_or_default(),
        after: entry.after.clone(),
        when: when.flatten(),
    })
}

/// The polled operation and the index of its version.
fn polled(api: &Api, entry: &WaiterEntry, report: &mut impl FnMut(Pointer, String)) -> Option<(usize, usize)> {
    let Some(operation) = api.operations.iter().position(|op| op.operation_id == entry.poll) else {
        report(Pointer::root().push("paths"), format!("no operation `{}` to poll", entry.poll));
        return None;
    };
    let op = &api.operations[operation];
    let Some(version) = op.versions.iter().position(|v| v.date == entry.version) else {
        let dates: Vec<&str> = op.versions.iter().map(|v| v.date.as_str()).collect();
        report(
            op.pointer.push("responses"),
            format!("`{}` has no version `{}` (it has {})", entry.poll, entry.version, dates.join(", ")),
        );
        return None;
    };
    Some((operation, version))
}

/// `args` are exactly the poll's path parameters.
fn check_args(op: &Operation, entry: &WaiterEntry, report: &mut impl FnMut(Pointer, String)) -> bool {
    let mut ok = true;
    let path_params: Vec<&str> =
        op.parameters.iter().filter(|p| p.location == ParamLocation::Path).map(|p| p.wire.as_str()).collect();
    for param in &path_params {
        if !entry.args.iter().any(|a| a == param) {
            let message = format!("path parameter `{param}` of `{}` is not in `args`", entry.poll);
            report(op.pointer.push("parameters"), message);
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
    ok
}

fn check_delays(entry: &WaiterEntry, report: &mut impl FnMut(Pointer, String)) -> Option<[u64; 3]> {
    match entry.delays.clone().map(|d| duration_ms(&d)) {
        [Some(first), Some(longest), Some(wait)] if first <= longest && longest <= wait && first > 0 => {
            Some([first, longest, wait])
        }
        _ => {
            let message =
                format!("delays {:?} must be [first, longest, longest wait], growing, with units", entry.delays);
            report(Pointer::root(), message);
            None
        }
    }
}

/// The pointers of the state field and of the field failures are read from.
type Fields = (Option<String>, Option<String>);

/// Reads the state field (and the failure field) from the polled version's response,
/// checking the table's values against the field's enum: each value of the enum must be in
/// exactly one of the table's lists, so a state the spec adds fails generation.
fn read_fields(
    api: &Api,
    op: &Operation,
    version: usize,
    entry: &WaiterEntry,
    report: &mut impl FnMut(Pointer, String),
) -> Option<Fields> {
    let reader = FieldReader::new(api, op, version, entry);
    let lists: Vec<(&str, &[String])> = match &entry.failed_field {
        Some(_) => vec![("done", &entry.done), ("pending", &entry.pending), ("action", &entry.action)],
        None => vec![
            ("done", &entry.done),
            ("failed", &entry.failed),
            ("pending", &entry.pending),
            ("action", &entry.action),
        ],
    };
    let mut all = lists.clone();
    all.push(("unexpected", &entry.unexpected));
    let field = match &entry.field {
        Some(field) => Some(reader.read(field, &all, !entry.done_when_set && !entry.gone, report)?),
        None => {
            for (name, values) in &all {
                if !values.is_empty() && *name != "failed" {
                    report(Pointer::root(), format!("`{name}` without a `field` to read it from"));
                }
            }
            None
        }
    };
    let failed_field = match &entry.failed_field {
        Some(failed) => Some(reader.read(failed, &[("failed", &entry.failed)], false, report)?),
        None => field.clone(),
    };
    Some((field, failed_field))
}

/// Reads a field of the polled version's response.
struct FieldReader<'a> {
    api: &'a Api,
    entry: &'a WaiterEntry,
    response: Option<&'a TypeRef>,
    schema_at: Pointer,
}

impl<'a> FieldReader<'a> {
    fn new(api: &'a Api, op: &'a Operation, version: usize, entry: &'a WaiterEntry) -> Self {
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
        Self { api, entry, response, schema_at }
    }

    /// The field's JSON pointer; its enum (when it is one) must know every listed value,
    /// and, when `complete`, each of its values must be listed exactly once.
    fn read(
        &self,
        field: &str,
        lists: &[(&str, &[String])],
        complete: bool,
        report: &mut impl FnMut(Pointer, String),
    ) -> Option<String> {
        let (entry, at) = (self.entry, self.schema_at.clone());
        let Some(ty) = self.response else {
            let message =
                format!("`{}` {} answers without a JSON body to read `{field}` from", entry.poll, entry.version);
            report(at, message);
            return None;
        };
        let found = field_types(self.api, ty, field);
        if found.is_empty() {
            report(at, format!("no field `{field}` in the response of `{}` {}", entry.poll, entry.version));
            return None;
        }
        let listed: Vec<(&str, &str)> =
            lists.iter().flat_map(|(name, values)| values.iter().map(move |v| (*name, v.as_str()))).collect();
        for (i, (name, value)) in listed.iter().enumerate() {
            if let Some((other, _)) = listed[..i].iter().find(|(_, v)| v == value) {
                report(Pointer::root(), format!("`{value}` is in both `{other}` and `{name}`"));
            }
        }
        if let Some(allowed) = enums_values(self.api, &found) {
            for (_, value) in &listed {
                if !allowed.contains(value) {
                    report(at.clone(), format!("`{value}` is no value of `{field}` ({})", allowed.join(", ")));
                }
            }
            for value in allowed.iter().filter(|a| complete && !listed.iter().any(|(_, v)| v == *a)) {
                let message = format!(
                    "`{value}`, a value of `{field}`, is in none of `done`, `failed`, `pending`, `action`, `unexpected`"
                );
                report(at.clone(), message);
            }
        }
        Some(format!("/{field}"))
    }
}

/// The types of the field at `path` (`/`-separated wire names) in `ty`, through aliases,
/// boxes and every variant of a union that has it.
fn field_types(api: &Api, ty: &TypeRef, path: &str) -> Vec<TypeRef> {
    let (head, rest) = match path.split_once('/') {
        Some((head, rest)) => (head, Some(rest)),
        None => (path, None),
    };
    let found = api.fields_named(ty, head);
    match rest {
        Some(rest) => found.iter().flat_map(|f| field_types(api, f, rest)).collect(),
        None => found,
    }
}

/// The wire values of the enum types, in order, once each; `None` when one is no enum.
fn enums_values<'a>(api: &'a Api, types: &[TypeRef]) -> Option<Vec<&'a str>> {
    let mut values: Vec<&str> = Vec::new();
    for ty in types {
        for value in enum_values(api, ty)? {
            if !values.contains(&value) {
                values.push(value);
            }
        }
    }
    Some(values)
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
