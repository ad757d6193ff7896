//! The fake's entry of one operation version (`fake_entries` in `tables/<tag>.rs`): the types of
//! its body and answer as the compiler names them, the waiters polling it, where the server
//! sets fields in what it answers (a typed outline), and the field an item's id is answered
//! in. The mock's own table (`operations`) holds none of it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::forms::json_type;
use super::shared_statics::Statics;
use super::typeref::spell_in;
use crate::ir::{Api, Resource, ServerSet, TypeRef};

/// The fake's entry of `builder`, the version `index` of the operation `o`; its server-set
/// outline is a static of `outlines`.
pub(super) fn entry(
    api: &Api,
    (o, index): (usize, usize),
    builder: &proc_macro2::Ident,
    style: &super::operations::OpsStyle,
    outlines: &mut Statics,
) -> TokenStream {
    let target = style.target;
    let op = &api.operations[o];
    let version = &op.versions[index];
    let types = quote!(types::);
    let mut entry = quote!(rt::FakeEntry::of::<#builder>());
    if let Some(ty) = json_type(version.response.as_ref()) {
        let form = super::forms::form_static(api, ty, &style.forms(), &super::forms::reader_path());
        entry.extend(quote!(.answers(#form)));
        if let TypeRef::Vec(item) = ty {
            let item = spell_in(api, item, &types);
            entry.extend(quote!(.answers_list_of::<#item>()));
        }
    }
    // A list's pages, or the page a create answers (a project's integrations, all of them).
    let created = api.roles[o].as_ref().is_some_and(|role| role.action == crate::ir::Action::Create);
    let page_item = match &version.paging {
        Some(paging) => Some(&paging.item),
        None if created => json_type(version.response.as_ref()).and_then(|ty| page_item(api, ty)),
        None => None,
    };
    if let Some(item) = page_item {
        let item = spell_in(api, item, &types);
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
    if let Some(outline) = &version.server_set {
        let name = outlines.name(outline_tokens(outline));
        entry.extend(quote!(.server_sets(&#name)));
    }
    if let Some(role) = &api.roles[o] {
        let action = format_ident!("{}", role.action.variant());
        let (at, generated) = (proc_macro2::Literal::usize_unsuffixed(role.resource), target.generated());
        entry.extend(quote!(.role(rt::FakeAction::#action, &#generated::RESOURCES[#at])));
        if let Some(placed) = &role.placed {
            let (at, param, field) = (proc_macro2::Literal::usize_unsuffixed(placed.at), &placed.param, &placed.field);
            entry.extend(quote!(.placed(rt::FakePlacement { at: #at, param: #param, field: #field })));
        }
        if let Some(query) = &role.retain {
            entry.extend(quote!(.retains_with(#query)));
        }
        if !role.filters.is_empty() {
            let filters = &role.filters;
            entry.extend(quote!(.filtered_by(&[#(#filters),*])));
        }
    }
    entry
}

/// The version's JSON answer as its type's decode reads it, for the unit test that holds the
/// forms to the decode's verdict: `(operation, decode)`.
pub(super) fn typed(api: &Api, (o, index): (usize, usize), builder: &proc_macro2::Ident) -> Option<TokenStream> {
    let ty = json_type(api.operations[o].versions[index].response.as_ref())?;
    let spelled = spell_in(api, ty, &quote!(types::));
    Some(quote!((<#builder as rt::Call>::OPERATION, crate::fake::form::typed::<#spelled>)))
}

/// The item of a page type: a struct with a `results` list and a `totalCount`.
fn page_item<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a TypeRef> {
    let TypeRef::Named(id) = ty else { return None };
    let crate::ir::TypeKind::Struct(page) = &api.get(*id).kind else { return None };
    page.fields.iter().find(|field| field.wire == "totalCount")?;
    match &page.fields.iter().find(|field| field.wire == "results")?.ty {
        TypeRef::Vec(item) => Some(item),
        _ => None,
    }
}

/// One resource of the model, as a constant of the runtime's `Resource`.
pub(super) fn resource(resource: &Resource, fake: &TokenStream) -> TokenStream {
    let (collection, singleton, creatable) = (&resource.collection, resource.singleton, resource.creatable);
    let keys = resource.keys.iter().map(|key| {
        let (param, fields) = (&key.param, &key.fields);
        let given = match &key.given {
            Some(field) => quote!(Some(#field)),
            None => quote!(None),
        };
        let prefix = &key.prefix;
        quote!(#fake::Key { param: #param, fields: &[#(#fields),*], given: #given, prefix: #prefix })
    });
    quote!(#fake::Resource { collection: #collection, singleton: #singleton, keys: &[#(#keys),*], creatable: #creatable })
}

/// The outline as a constant of the runtime's `FakeOutline`.
fn outline_tokens(outline: &ServerSet) -> TokenStream {
    match outline {
        ServerSet::Object(fields) => {
            let fields = fields.iter().map(|(wire, mark)| {
                let mark = outline_tokens(mark);
                quote!((#wire, #mark))
            });
            quote!(rt::FakeOutline::Object(&[#(#fields),*]))
        }
        ServerSet::Each(item) => {
            let item = outline_tokens(item);
            quote!(rt::FakeOutline::Each(&#item))
        }
        ServerSet::Id => quote!(rt::FakeOutline::Id),
        ServerSet::Date => quote!(rt::FakeOutline::Date),
        ServerSet::Links => quote!(rt::FakeOutline::Links),
        ServerSet::Kept => quote!(rt::FakeOutline::Kept),
    }
}
