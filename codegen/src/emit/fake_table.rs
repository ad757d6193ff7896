//! The fake's entry of one operation version (`fake_entries` in `ops/<tag>.rs`): the types of
//! its body and answer as the compiler names them, the waiters polling it, where the server
//! sets fields in what it answers (a typed outline), and the field an item's id is answered
//! in. The mock's own table (`operations`) holds none of it.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::typeref::spell_in;
use crate::ir::{Api, BodyFormat, Method, Operation, Segment, TypeKind, TypeRef, Version};

/// The fake's entry of `builder`, the version `index` of the operation `o`.
pub(super) fn entry(api: &Api, o: usize, index: usize, builder: &proc_macro2::Ident) -> TokenStream {
    let op = &api.operations[o];
    let version = &op.versions[index];
    let types = quote!(types::);
    let mut entry = quote!(rt::FakeEntry::of::<#builder>());
    if let Some(ty) = json_type(version.response.as_ref()) {
        let spelled = spell_in(api, ty, &types);
        entry.extend(quote!(.answers::<#spelled>()));
        if let TypeRef::Vec(item) = ty {
            let item = spell_in(api, item, &types);
            entry.extend(quote!(.answers_list_of::<#item>()));
        }
    }
    if let Some(paging) = &version.paging {
        let item = spell_in(api, &paging.item, &types);
        entry.extend(quote!(.pages::<#item>()));
    }
    if let Some(TypeRef::Vec(item)) = json_type(version.request.as_ref()) {
        let item = spell_in(api, item, &types);
        entry.extend(quote!(.takes_list_of::<#item>()));
    }
    let waits: Vec<syn::Ident> =
        api.waiters.iter().filter(|w| (w.operation, w.version) == (o, index)).map(super::waiters::spec_ident).collect();
    if !waits.is_empty() {
        entry.extend(quote!(.waits({
            static WAITS: &[&rt::WaitSpec] = &[#(&#waits),*];
            WAITS
        })));
    }
    if let Some(outline) = server_set_outline(api, op, version) {
        let outline = outline_tokens(&outline);
        entry.extend(quote!(.server_sets({
            static OUTLINE: rt::FakeOutline = #outline;
            &OUTLINE
        })));
    }
    if let Some(field) = id_field(api, op, version) {
        entry.extend(quote!(.id_field(#field)));
    }
    entry
}

/// The type of a JSON body, when it has one.
fn json_type(body: Option<&crate::ir::Body>) -> Option<&TypeRef> {
    body.filter(|body| body.format == BodyFormat::Json)?.ty.as_ref()
}

/// Where the server sets fields in what a create, a replace or a change answers.
fn server_set_outline(api: &Api, op: &Operation, version: &Version) -> Option<Value> {
    let ty = json_type(version.response.as_ref())?;
    matches!(op.method, Method::Post | Method::Put | Method::Patch).then(|| super::server_set::outline(api, ty))?
}

/// The outline as a constant of the runtime's `FakeOutline`.
fn outline_tokens(outline: &Value) -> TokenStream {
    match outline {
        Value::Object(fields) => {
            let fields = fields.iter().map(|(wire, mark)| {
                let mark = outline_tokens(mark);
                quote!((#wire, #mark))
            });
            quote!(rt::FakeOutline::Object(&[#(#fields),*]))
        }
        Value::Array(items) => match items.first() {
            Some(item) => {
                let item = outline_tokens(item);
                quote!(rt::FakeOutline::Each(&#item))
            }
            None => quote!(rt::FakeOutline::Kept),
        },
        Value::String(mark) => match mark.as_str() {
            "id" => quote!(rt::FakeOutline::Id),
            "date" => quote!(rt::FakeOutline::Date),
            "links" => quote!(rt::FakeOutline::Links),
            _ => quote!(rt::FakeOutline::Kept),
        },
        _ => quote!(rt::FakeOutline::Kept),
    }
}

/// The field of a create's answer that the id the server gives its item is answered in: for
/// the parameter `{fooId}` that names an item under the create's path, the first of `fooId`,
/// `id`, `_id` and `fooID` the answer's type holds (a search index answers `indexID`, an
/// export bucket `_id`).
fn id_field(api: &Api, op: &Operation, version: &Version) -> Option<String> {
    if op.method != Method::Post {
        return None;
    }
    let param = item_param(api, op)?;
    let stem = param.strip_suffix("Id").or_else(|| param.strip_suffix("ID"))?;
    let wires = fields_of(api, json_type(version.response.as_ref())?);
    let candidates = [param.clone(), "id".to_owned(), "_id".to_owned(), format!("{stem}ID")];
    candidates.into_iter().find(|candidate| wires.contains(candidate))
}

/// The one whole parameter that names an item under `op`'s path, when an operation reads it
/// (`/clusters` → `clusterName`).
fn item_param(api: &Api, op: &Operation) -> Option<String> {
    let posted = op.path.segments();
    api.operations.iter().filter(|other| other.method == Method::Get).find_map(|other| {
        let segments = other.path.segments();
        match (segments.strip_prefix(posted), segments.last()) {
            (Some([Segment::Param { prefix, name, suffix }]), _) if prefix.is_empty() && suffix.is_empty() => {
                Some(name.clone())
            }
            _ => None,
        }
    })
}

/// The wire names of the fields of `ty` (of every member, for a union).
fn fields_of(api: &Api, ty: &TypeRef) -> Vec<String> {
    let TypeRef::Named(id) = ty else { return Vec::new() };
    match &api.get(*id).kind {
        TypeKind::Struct(s) => s.fields.iter().map(|field| field.wire.clone()).collect(),
        TypeKind::Alias(target) => fields_of(api, target),
        TypeKind::Tagged(union) => union.variants.iter().flat_map(|v| fields_of(api, &v.ty)).collect(),
        TypeKind::Untagged(union) => union.variants.iter().flat_map(|v| fields_of(api, &v.ty)).collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}
