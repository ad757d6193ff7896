//! One Rust enum per set of values: the spec writes the same enum out many times (the
//! `AVERAGE` mode of each of 190 metric thresholds, `AWS, AZURE, GCP` in 56 places), and
//! each copy would compile a dozen impls of its own. Every copy but one becomes an alias of
//! the one that stays, under its own name, so each name a user writes still exists, its
//! variants included (`HostMetricMode::Average`), and fields keep the names they had.
//!
//! The enum that stays is a component schema when one of the copies is, then the shortest
//! name, then the first in order: the same choice for the same spec.

use std::collections::BTreeMap;

use crate::ir::{Api, TypeId, TypeKind, TypeRef};

/// Turns each enum whose values (and openness) another enum already has into an alias of it.
pub(super) fn decide(api: &mut Api) {
    let mut copies: BTreeMap<EnumKey, Vec<TypeId>> = BTreeMap::new();
    for (i, def) in api.types.iter().enumerate() {
        if let TypeKind::Enum(e) = &def.kind {
            let values = e.variants.iter().map(|v| (v.ident.clone(), v.wire.clone())).collect();
            copies.entry(EnumKey { values, open: e.open.clone() }).or_default().push(TypeId(i));
        }
    }
    for ids in copies.into_values().filter(|ids| ids.len() > 1) {
        let kept = *ids.iter().min_by_key(|id| rank(api, **id)).expect("a group has members");
        let name = api.get(kept).name.clone();
        for id in ids.into_iter().filter(|id| *id != kept) {
            let def = &mut api.types[id.0];
            def.kind = TypeKind::Alias(TypeRef::Named(kept));
            def.facts.push(format!("The same values as [`{name}`], which this name stands for."));
        }
    }
}

/// What makes two enums the same Rust enum.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct EnumKey {
    values: Vec<(String, String)>,
    open: Option<String>,
}

/// Which copy stays: a component first, then the shortest name, then the first by name.
fn rank(api: &Api, id: TypeId) -> (bool, usize, &str) {
    let def = api.get(id);
    (def.schema_name.is_none(), def.name.len(), def.name.as_str())
}
