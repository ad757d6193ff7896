//! `forms.rs` of the types' tree (behind the `forms` feature of atlas-api-types, which
//! atlas-api's `fake` turns on): what each type an answer reaches holds, as static data the
//! fake reads to put its answers in the response's shape and to check them (the reader is
//! `support::form`, beside the types, so a change to atlas-api does not compile them
//! again). One static per named type, named as the type; an alias is its target's form.
//! Nothing here names a generated type, so the fake answers without compiling a decoder of
//! each answer type.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::shared_statics::Statics;
use crate::ir::{Api, BodyFormat, Field, Presence, Primitive, TypeDef, TypeId, TypeKind, TypeRef};

/// The named types some JSON answer reaches, in the order of the IR.
fn answered(api: &Api) -> BTreeSet<TypeId> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<TypeId> = Vec::new();
    for version in api.operations.iter().flat_map(|op| &op.versions) {
        if let Some(ty) = json_type(version.response.as_ref()) {
            ty.ids(&mut todo);
        }
    }
    while let Some(id) = todo.pop() {
        if seen.insert(id) {
            todo.extend(api.get(id).children());
        }
    }
    seen
}

/// The type of a JSON body, when it has one.
pub(super) fn json_type(body: Option<&crate::ir::Body>) -> Option<&TypeRef> {
    body.filter(|body| body.format == BodyFormat::Json)?.ty.as_ref()
}

/// Where the forms are (`forms.rs`): with the types, in their own crate when they have one.
pub(crate) fn forms_path(types_crate: Option<&str>) -> TokenStream {
    match types_crate {
        Some(name) => {
            let name = format_ident!("{}", name);
            quote!(::#name::forms)
        }
        None => quote!(crate::generated::forms),
    }
}

/// The reader of the forms (`support::form`, of the crate that holds the types' helpers).
pub(crate) fn reader_path() -> TokenStream {
    quote!(crate::support::form)
}

/// The module: one static per named type an answer reaches (aliases are their target's).
pub fn forms_module(api: &Api) -> TokenStream {
    let answered = answered(api);
    let statics = answered.iter().map(|id| api.get(*id)).filter(|def| !matches!(def.kind, TypeKind::Alias(_)));
    // Versions of one type hold the same fields; a union's tags are the values of its
    // members' tag enums: each distinct list is written once.
    let mut lists =
        Lists { fields: Statics::new("FIELDS", quote!(&[Fd])), wires: Statics::new("WIRES", quote!(&[&str])) };
    let statics: Vec<TokenStream> = statics.map(|def| type_static(api, def, &mut lists)).collect();
    let (field_lists, wire_lists) = (lists.fields.statics(), lists.wires.statics());
    let reader = reader_path();
    let summary = format!(
        " What the {} types the answers reach hold, as the fake reads them ({} distinct lists of fields).",
        statics.len(),
        field_lists.len()
    );
    quote! {
        #![doc = #summary]
        #![allow(non_upper_case_globals, dead_code)]
        use #reader as f;
        use f::{FieldForm as Fd, Form as F, Read as R};
        #(#field_lists)*
        #(#wire_lists)*
        #(#statics)*
    }
}

/// The form of a value of `ty`, as an expression of type `&'static Form`; `forms` is the
/// path of the generated module (`self` inside it), `module` the reader's (`support::form`).
fn form_ref(api: &Api, ty: &TypeRef, forms: &TokenStream, module: &TokenStream) -> TokenStream {
    match named(api, ty) {
        Some(name) => quote!(&#forms::#name),
        None => {
            let value = form_value(api, ty, forms, module);
            quote!(&#value)
        }
    }
}

/// The same where a constant cannot be promoted (a function's body): a static of its own
/// unless the form is a named type's.
pub(super) fn form_static(api: &Api, ty: &TypeRef, forms: &TokenStream, module: &TokenStream) -> TokenStream {
    match named(api, ty) {
        Some(name) => quote!(&#forms::#name),
        None => {
            let value = form_value(api, ty, forms, module);
            quote!({
                static FORM: #module::Form = #value;
                &FORM
            })
        }
    }
}

/// The static a named type's form is (an alias's target's), if `ty` is one.
fn named(api: &Api, ty: &TypeRef) -> Option<syn::Ident> {
    match ty {
        TypeRef::Named(id) => match &api.get(*id).kind {
            TypeKind::Alias(target) => named(api, target),
            _ => Some(format_ident!("{}", api.get(*id).name)),
        },
        TypeRef::Boxed(inner) => named(api, inner),
        _ => None,
    }
}

/// The form of a value of `ty` that is no named type's.
fn form_value(api: &Api, ty: &TypeRef, forms: &TokenStream, module: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Named(id) => match &api.get(*id).kind {
            TypeKind::Alias(target) => form_value(api, target, forms, module),
            _ => unreachable!("a named type's form is its static"),
        },
        TypeRef::Primitive(primitive) => {
            let leaf = leaf(*primitive, module);
            quote!(#module::Form::#leaf)
        }
        TypeRef::Vec(item) => {
            let item = form_ref(api, item, forms, module);
            quote!(#module::Form::List(#item))
        }
        TypeRef::Map(value) => {
            let value = form_ref(api, value, forms, module);
            quote!(#module::Form::Map(#value))
        }
        TypeRef::Boxed(inner) => form_value(api, inner, forms, module),
    }
}

fn leaf(primitive: Primitive, module: &TokenStream) -> TokenStream {
    match primitive {
        Primitive::String => quote!(Text),
        Primitive::Bool => quote!(Flag),
        Primitive::I32 => quote!(Whole(#module::Width::I32)),
        Primitive::I64 => quote!(Whole(#module::Width::I64)),
        Primitive::F64 => quote!(Number),
        // A time a parameter sends as seconds or milliseconds is a `DateTime` in the types.
        Primitive::DateTime | Primitive::UnixSeconds | Primitive::UnixMillis => quote!(Instant),
        Primitive::Date => quote!(Day),
        Primitive::Json => quote!(Any),
    }
}

/// A named type's static.
/// The lists of fields and of wire values (an enum's, a union member's tags) the forms name,
/// each written once.
struct Lists {
    fields: Statics,
    wires: Statics,
}

fn type_static(api: &Api, def: &TypeDef, lists: &mut Lists) -> TokenStream {
    let (name, wire_name) = (format_ident!("{}", def.name), def.name.as_str());
    let local = |ty: &TypeRef| form_ref(api, ty, &quote!(self), &quote!(f));
    let form = match &def.kind {
        TypeKind::Struct(s) => {
            let fields = s.fields.iter().map(|field| field_form(field, local(&field.ty)));
            let fields = lists.fields.name(quote!(&[#(#fields),*]));
            let additional = match &s.additional {
                Some(ty) => {
                    let form = local(ty);
                    quote!(Some(#form))
                }
                None => quote!(None),
            };
            let required = s.fields.iter().filter(|f| f.required_strictly()).map(|f| f.wire.as_str());
            let write_only = s.fields.iter().filter(|f| f.write_only && f.in_request).map(|f| f.wire.as_str());
            quote!(F::Object(&f::ObjectForm {
                name: #wire_name,
                fields: #fields,
                additional: #additional,
                required: &[#(#required),*],
                write_only: &[#(#write_only),*],
            }))
        }
        TypeKind::Enum(e) => {
            let (values, open) = (e.variants.iter().map(|v| v.wire.as_str()), e.open.is_some());
            let values = lists.wires.name(quote!(&[#(#values),*]));
            quote!(F::Enum(&f::EnumForm { name: #wire_name, values: #values, open: #open }))
        }
        TypeKind::Tagged(u) => {
            let property = &u.property;
            let tagged = u.variants.iter().filter(|v| !v.tags.is_empty());
            let members: Vec<TokenStream> = tagged
                .map(|v| {
                    let (tags, form) = (&v.tags, local(&v.ty));
                    let tags = lists.wires.name(quote!(&[#(#tags),*]));
                    quote!((#tags, #form))
                })
                .collect();
            quote!(F::Tagged(&f::TaggedForm { name: #wire_name, property: #property, members: &[#(#members),*] }))
        }
        TypeKind::Untagged(u) => {
            let members = u.variants.iter().map(|v| local(&v.ty));
            quote!(F::Untagged(&f::UntaggedForm { name: #wire_name, members: &[#(#members),*] }))
        }
        TypeKind::Alias(_) => unreachable!("aliases are their target's form"),
    };
    let doc = format!(" `{}` (`{}`).", def.name, def.source);
    quote!(#[doc = #doc] pub static #name: F = #form;)
}

fn field_form(field: &Field, form: TokenStream) -> TokenStream {
    let wire = &field.wire;
    let read = match (field.presence, field.is_integer()) {
        (Presence::Required, false) => quote!(Required),
        (Presence::Required, true) => quote!(RequiredInt),
        (Presence::Optional, false) => quote!(Optional),
        (Presence::Optional, true) => quote!(OptionalInt),
        (Presence::RequiredNullable | Presence::OptionalNullable, false) => quote!(Nullable),
        (Presence::RequiredNullable | Presence::OptionalNullable, true) => quote!(NullableInt),
    };
    quote!(Fd(#wire, #form, R::#read))
}
