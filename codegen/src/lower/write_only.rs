//! A write-only property the spec requires is required of a request ("readOnly and
//! writeOnly properties are never required" holds of the direction that never sees it): in
//! a type no answer holds, it is a plain field and a constructor argument
//! (`OrgUserRequest::new(roles, username)`), so a request without it does not compile; in a
//! type answers hold too it stays an `Option` (an answer leaves it out, and decoding one
//! must not invent it), and the mock refuses a request without it, as Atlas does.

use crate::ir::{Api, Presence, TypeKind};

/// Makes the write-only required fields of types requests hold and no answer holds
/// required (a type no operation uses keeps them optional: nothing says which it is).
pub(super) fn decide(api: &mut Api) {
    let mut requested_only = vec![false; api.types.len()];
    for id in api.in_requests() {
        requested_only[id.0] = true;
    }
    for id in api.in_responses() {
        requested_only[id.0] = false;
    }
    for (def, requested_only) in api.types.iter_mut().zip(requested_only) {
        let TypeKind::Struct(s) = &mut def.kind else { continue };
        for field in s.fields.iter_mut().filter(|f| f.required_in_request) {
            if !requested_only {
                field.facts.insert(0, "Required in a request (write-only: answers leave it out).".to_owned());
                continue;
            }
            field.presence = match field.presence {
                Presence::OptionalNullable | Presence::RequiredNullable => Presence::RequiredNullable,
                Presence::Optional | Presence::Required => Presence::Required,
            };
            field.facts.insert(0, "Required.".to_owned());
        }
    }
}
