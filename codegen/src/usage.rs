//! Each type's rustdoc names the operations that take or return it, with their reference
//! pages, so a reader can go from a type to the calls that use it.

use crate::ir::{Api, TypeId, TypeRef};
use crate::naming;

/// How many operations a type's docs name per role before "and N more".
const LISTED: usize = 6;

/// Appends to each type's facts the operations whose request or response body is that type
/// (or a list of it).
pub fn annotate(api: &mut Api) {
    let mut taken: Vec<Vec<String>> = vec![Vec::new(); api.types.len()];
    let mut returned: Vec<Vec<String>> = vec![Vec::new(); api.types.len()];
    for op in &api.operations {
        for (v, version) in op.versions.iter().enumerate() {
            // The method of the version that takes or returns it, not the plain one.
            let call = format!("`{}().{}()`", naming::tag_module(&op.tag), op.method_name(v));
            let entry = match &op.docs_url {
                Some(url) => format!("{call} ([reference]({url}))"),
                None => call,
            };
            let bodies = [(&version.request, &mut taken), (&version.response, &mut returned)];
            for (body, uses) in bodies {
                let Some(id) = body.as_ref().and_then(|b| b.ty.as_ref()).and_then(named) else { continue };
                if !uses[id.0].contains(&entry) {
                    uses[id.0].push(entry.clone());
                }
            }
        }
    }
    for (i, def) in api.types.iter_mut().enumerate() {
        for (role, uses) in [("Taken by", &taken[i]), ("Returned by", &returned[i])] {
            if let Some(line) = listed(role, uses) {
                def.facts.push(line);
            }
        }
    }
}

/// The named type a body holds: itself, or its list's items.
fn named(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Vec(inner) | TypeRef::Boxed(inner) => named(inner),
        TypeRef::Map(_) | TypeRef::Primitive(_) => None,
    }
}

fn listed(role: &str, uses: &[String]) -> Option<String> {
    let (shown, rest) = uses.split_at(uses.len().min(LISTED));
    let first = shown.first()?;
    let mut line = format!("{role} {first}");
    for entry in &shown[1..] {
        line.push_str(", ");
        line.push_str(entry);
    }
    if !rest.is_empty() {
        line.push_str(&format!(" and {} more", rest.len()));
    }
    line.push('.');
    Some(line)
}
