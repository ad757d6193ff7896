//! Where the server sets fields in what a create or a replace answers, for the fake: the
//! fields a request does not carry (`in_request`, as the table of request fields decides)
//! and those the spec marks read-only themselves that the table has a request carry back,
//! at every depth, each marked with what the fake fills it with ([`ServerSet`]).
//!
//! The outline is an object of the answer's fields, where a server-set field is `Id` (a
//! fresh Atlas id: an `id` whose pattern is 24 hex digits), `Date` (a `date-time` the create
//! itself dates, by its name: the time of the create), `Links` (the answer's `links`: the
//! item's own link) or `Kept` (kept on a replace, never filled); a field the caller sets that
//! holds server-set ones below it is their outline (an object, or `Each` item of a list).

use std::collections::BTreeSet;

use crate::ir::{Api, BodyFormat, Field, Method, Primitive, ReadOnly, ServerSet, TypeId, TypeKind, TypeRef};

/// How deep the outline goes (a recursive type stops at the trail anyway).
const MAX_DEPTH: usize = 12;

/// Decides `server_set` of every version of a create, a replace or a change that answers JSON.
pub(super) fn decide(api: &mut Api) {
    let mut decided = Vec::new();
    for (o, op) in api.operations.iter().enumerate() {
        if !matches!(op.method, Method::Post | Method::Put | Method::Patch) {
            continue;
        }
        for (v, version) in op.versions.iter().enumerate() {
            let answer = version.response.as_ref().filter(|body| body.format == BodyFormat::Json);
            if let Some(outline) = answer.and_then(|body| outline(api, body.ty.as_ref()?)) {
                decided.push((o, v, outline));
            }
        }
    }
    for (o, v, outline) in decided {
        api.operations[o].versions[v].server_set = Some(outline);
    }
}

/// The outline of `ty`, when it is an object with a server-set field somewhere.
fn outline(api: &Api, ty: &TypeRef) -> Option<ServerSet> {
    Outline { api, trail: BTreeSet::new() }.of(ty, 0)
}

struct Outline<'a> {
    api: &'a Api,
    /// The named types being outlined, so a recursive one stops.
    trail: BTreeSet<TypeId>,
}

impl Outline<'_> {
    fn of(&mut self, ty: &TypeRef, depth: usize) -> Option<ServerSet> {
        match ty {
            TypeRef::Named(id) if depth < MAX_DEPTH && self.trail.insert(*id) => {
                let outline = self.named(*id, depth);
                self.trail.remove(id);
                outline
            }
            TypeRef::Vec(item) => self.of(item, depth + 1).map(|item| ServerSet::Each(Box::new(item))),
            TypeRef::Boxed(inner) => self.of(inner, depth),
            _ => None,
        }
    }

    fn named(&mut self, id: TypeId, depth: usize) -> Option<ServerSet> {
        let members: Vec<TypeRef> = match &self.api.get(id).kind {
            TypeKind::Struct(s) => return self.fields(&s.fields, depth),
            TypeKind::Alias(target) => return self.of(target, depth),
            TypeKind::Enum(_) => return None,
            TypeKind::Tagged(union) => union.variants.iter().map(|v| v.ty.clone()).collect(),
            TypeKind::Untagged(union) => union.variants.iter().map(|v| v.ty.clone()).collect(),
        };
        // A union's members share one outline: what any of them has the server set.
        let mut merged: Vec<(String, ServerSet)> = Vec::new();
        for member in &members {
            if let Some(ServerSet::Object(fields)) = self.of(member, depth + 1) {
                for (wire, mark) in fields {
                    if !merged.iter().any(|(kept, _)| *kept == wire) {
                        merged.push((wire, mark));
                    }
                }
            }
        }
        (!merged.is_empty()).then_some(ServerSet::Object(merged))
    }

    fn fields(&mut self, fields: &[Field], depth: usize) -> Option<ServerSet> {
        let mut outline: Vec<(String, ServerSet)> = Vec::new();
        for field in fields {
            // What a request leaves out, and what the spec marks read-only itself though the
            // table has a request carry it back (a shard's `id`): the server set both.
            let server_set = !field.in_request || field.read_only == ReadOnly::Property;
            let mark = if server_set { Some(mark(field)) } else { self.of(&field.ty, depth + 1) };
            if let Some(mark) = mark {
                // A second field of one wire name takes the first one's place, as a JSON
                // object's key would.
                match outline.iter_mut().find(|(wire, _)| *wire == field.wire) {
                    Some((_, kept)) => *kept = mark,
                    None => outline.push((field.wire.clone(), mark)),
                }
            }
        }
        (!outline.is_empty()).then_some(ServerSet::Object(outline))
    }
}

/// What the fake fills a server-set field with.
fn mark(field: &Field) -> ServerSet {
    let is_id = |pattern: &str| pattern.contains("[a-f0-9]{24}") || pattern.contains("[0-9a-f]{24}");
    match &field.ty {
        TypeRef::Primitive(Primitive::DateTime) if set_on_create(&field.wire) => ServerSet::Date,
        // An object's own id; an id of another resource (`clusterId`, `snapshotId`) is no
        // fresh one (the fake fills those named like a path parameter from the path).
        TypeRef::Primitive(Primitive::String)
            if field.wire == "id" && field.check.limits.pattern.as_deref().is_some_and(is_id) =>
        {
            ServerSet::Id
        }
        TypeRef::Vec(_) if field.wire == "links" => ServerSet::Links,
        _ => ServerSet::Kept,
    }
}

/// Whether a server-set date is the time of the create by its name (`createdAt`,
/// `createDate`, `lastUpdated`, `requestDate`, `timestamp`), not of something that has not
/// happened yet (`expiresAt`, `finishedAt`, `deleteAfterDate`, `lastUsedAt`).
fn set_on_create(wire: &str) -> bool {
    use heck::ToSnakeCase;
    let snake = wire.to_snake_case();
    let words: Vec<&str> = snake.split('_').collect();
    words == ["timestamp"]
        || words.iter().any(|word| matches!(*word, "create" | "created" | "creation" | "updated" | "request"))
}

#[cfg(test)]
mod tests {
    use super::set_on_create;

    #[test]
    fn a_date_is_the_create_s_by_its_name() {
        for now in ["createdAt", "createDate", "creationDate", "lastUpdatedDate", "updated", "requestDate", "timestamp"]
        {
            assert!(set_on_create(now), "{now}");
        }
        for later in ["expiresAt", "finishedAt", "deleteAfterDate", "lastUsedAt", "cancelRequestedAt", "lastAuth"] {
            assert!(!set_on_create(later), "{later}");
        }
    }
}
