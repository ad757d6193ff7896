//! `testkit.rs`: every operation and dated version callable by name with synthesized
//! arguments, for the conformance suites. Compiled only with the `testkit` feature.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::operations::OpsStyle;
use super::params::ident;
use super::typeref::spell_in;
use crate::ir::{Api, Operation, Version};
use crate::tags::Tag;

/// `testkit/mod.rs`: the cases of every tag, and dispatchers over the tags' modules and the
/// example chunks.
pub fn testkit_root(tags: &[Tag], example_chunks: usize, style: &OpsStyle) -> TokenStream {
    let runtime = &style.target.runtime();
    let modules: Vec<syn::Ident> = tags.iter().map(|t| ident(&t.module)).collect();
    let chunks: Vec<syn::Ident> = (1..=example_chunks).map(|n| format_ident!("examples_{}", n)).collect();
    quote! {
        //! Every operation and dated version, callable by name with synthesized arguments;
        //! every example of the spec that has a generated type.
        #(mod #chunks;)*

        /// Pointers of the spec's schema and media-type nodes that carry examples and have a
        /// generated type.
        pub fn example_pointers() -> Vec<&'static str> {
            let parts: &[&[&str]] = &[#(#chunks::POINTERS),*];
            parts.concat()
        }

        /// Decodes an example found at `pointer` into its generated type and encodes it
        /// again; `None` when no generated type sits at `pointer`.
        #[allow(unused_variables)]
        pub fn example(pointer: &str, value: ::serde_json::Value) -> Option<Result<::serde_json::Value, String>> {
            let value = Some(value);
            None #(.or_else(|| #chunks::example(pointer, value.clone()?)))*
        }

        use #runtime as rt;

        mod unions;
        pub use unions::tagged_defaults;

        #(mod #modules;)*

        /// Every (operation, dated version) the client can call.
        pub fn cases() -> Vec<crate::testkit_support::Case> {
            let parts: &[&[crate::testkit_support::Case]] = &[#(#modules::CASES),*];
            parts.concat()
        }

        /// Calls `operation_id` at `version` with synthesized arguments (only what is
        /// required); the typed success value comes back re-encoded as JSON. `None` for an
        /// unknown pair.
        pub fn call(client: &rt::Client, operation_id: &str, version: &str) -> Option<rt::ResponseFuture<::serde_json::Value>> {
            dispatch(client, operation_id, version, false)
        }

        /// [`call`] with every optional parameter set, and a request body (optional or not)
        /// with every optional writable field set.
        pub fn call_full(client: &rt::Client, operation_id: &str, version: &str) -> Option<rt::ResponseFuture<::serde_json::Value>> {
            dispatch(client, operation_id, version, true)
        }

        #[allow(unused_variables)]
        fn dispatch(client: &rt::Client, operation_id: &str, version: &str, full: bool) -> Option<rt::ResponseFuture<::serde_json::Value>> {
            None #(.or_else(|| #modules::call(client, operation_id, version, full)))*
        }

        /// The request body of `operation_id` at `version` with every property set
        /// (read-only ones too) as its type encodes it, and a call sending it; `None` for a
        /// pair without a JSON body.
        #[allow(unused_variables)]
        #[allow(clippy::type_complexity)]
        pub fn send_all(client: &rt::Client, operation_id: &str, version: &str) -> Option<Result<(::serde_json::Value, rt::ResponseFuture<::serde_json::Value>), rt::Error>> {
            None #(.or_else(|| #modules::send_all(client, operation_id, version)))*
        }
    }
}

/// `testkit/<tag>.rs`: the tag's cases and calls.
pub fn testkit_module(api: &Api, tag: &Tag, style: &OpsStyle) -> TokenStream {
    let runtime = &style.target.runtime();
    let types = quote!(types::);
    let mut cases = Vec::new();
    let mut arms = Vec::new();
    let mut send_all = Vec::new();
    {
        let module = ident(&tag.module);
        let accessor = format_ident!("{}", tag.type_name);
        for &o in &tag.operations {
            let op = &api.operations[o];
            let default = op.default_version();
            for (index, (version, name)) in op.versions.iter().zip(op.method_names()).enumerate() {
                cases.push(case(op, version, default == Some(index)));
                let method_ident = ident(&name);
                send_all.extend(send_all_arm(api, op, version, &quote!(#module::#accessor), &method_ident, &types));
                let accessor = quote!(super::super::ops::#module::#accessor);
                arms.push(call_arm(api, op, version, &accessor, &method_ident, &types));
            }
        }
    }
    let send_all_body = dispatch_body(&send_all);
    let body = if arms.is_empty() {
        quote! {
            let _ = (client, operation_id, version);
            None
        }
    } else {
        quote! {
            let client = client.clone();
            Some(match (operation_id, version) {
                #(#arms)*
                _ => return None,
            })
        }
    };
    quote! {
        #![allow(deprecated, clippy::too_many_lines, clippy::let_unit_value)]

        use #runtime as rt;
        #[allow(unused_imports)]
        use super::super::types;

        pub(super) static CASES: &[crate::testkit_support::Case] = &[#(#cases),*];

        /// The request body of `operation_id` at `version` with every property set, read-only
        /// ones too, as its type encodes it, and a call that sends it.
        #[allow(unused_variables, clippy::type_complexity)]
        pub(super) fn send_all(client: &rt::Client, operation_id: &str, version: &str) -> Option<Result<(::serde_json::Value, rt::ResponseFuture<::serde_json::Value>), rt::Error>> {
            #send_all_body
        }

        #[allow(unused_variables)] // `full`, in a tag with nothing optional
        pub(super) fn call(client: &rt::Client, operation_id: &str, version: &str, full: bool) -> Option<rt::ResponseFuture<::serde_json::Value>> {
            #body
        }
    }
}

/// One version's entry of `CASES`.
fn case(op: &Operation, version: &Version, is_default: bool) -> TokenStream {
    let (id, date) = (&op.operation_id, &version.date);
    let (method, path) = (super::operations::method(op), super::operations::path_template(op));
    let (accept, status) = (version.accept(), version.success_status);
    quote! {
        crate::testkit_support::Case {
            operation_id: #id, version: #date, method: #method, path: #path, accept: #accept, status: #status,
            default: #is_default,
        }
    }
}

/// One version's arm of `call`: the method called with synthesized arguments (and every
/// optional one too when `full`), its answer encoded again.
fn call_arm(
    api: &Api,
    op: &Operation,
    version: &Version,
    accessor: &TokenStream,
    method: &proc_macro2::Ident,
    types: &TokenStream,
) -> TokenStream {
    let (id, date) = (&op.operation_id, &version.date);
    let (arguments, optional) = call_arguments(api, op, version, types);
    let encode = if version.is_download() {
        quote!(crate::testkit_support::bytes)
    } else {
        quote!(crate::testkit_support::json)
    };
    let call = quote!(#accessor::new(&client).#method(#(#arguments),*));
    let call = if optional.is_empty() {
        call
    } else {
        quote! {{
            let call = #call;
            if full { call #(#optional)* } else { call }
        }}
    };
    quote! {
        (#id, #date) => Box::pin(async move {
            let value = #call.await?;
            #encode(&value)
        }),
    }
}

/// The body of `send_all`: a match on the operation and version, or `None` when the tag has
/// no JSON body.
fn dispatch_body(arms: &[TokenStream]) -> TokenStream {
    if arms.is_empty() {
        return quote!(None);
    }
    quote! {
        let client = client.clone();
        Some(match (operation_id, version) {
            #(#arms)*
            _ => return None,
        })
    }
}

/// The arm of `send_all` for a version with a JSON request body: the body with every
/// property set is decoded into its type, encoded as that value, and sent.
fn send_all_arm(
    api: &Api,
    op: &Operation,
    version: &Version,
    accessor: &TokenStream,
    method: &syn::Ident,
    types: &TokenStream,
) -> Option<TokenStream> {
    use crate::ir::BodyFormat;
    let request = version.request.as_ref().filter(|r| r.format == BodyFormat::Json)?;
    let ty = spell_in(api, request.ty.as_ref()?, types);
    let json = version.synth_body_all.as_ref()?.to_string();
    let (id, date) = (&op.operation_id, &version.date);
    let mut arguments: Vec<TokenStream> = op
        .ordered_parameters()
        .iter()
        .filter(|p| p.required && !version.fills_from_body(&p.wire))
        .map(|p| {
            let spelled = spell_in(api, &p.ty, types);
            // A parameter the body's tag says too is what this body's tag says.
            let tag = version
                .tie
                .as_ref()
                .filter(|t| t.param == p.wire)
                .and_then(|t| version.synth_body_all.as_ref()?.get(&t.property));
            let json = tag.filter(|tag| tag.is_string()).unwrap_or(&p.synth).to_string();
            match &p.ty {
                crate::ir::TypeRef::Primitive(crate::ir::Primitive::UnixSeconds) => {
                    quote!(crate::testkit_support::unix_time(#json, false)?)
                }
                crate::ir::TypeRef::Primitive(crate::ir::Primitive::UnixMillis) => {
                    quote!(crate::testkit_support::unix_time(#json, true)?)
                }
                _ => quote!(crate::testkit_support::arg::<#spelled>(#json)?),
            }
        })
        .collect();
    let mut setter = quote!();
    if version.request_required {
        arguments.push(quote!(body));
    } else {
        let body_setter = format_ident!("{}", op.body_ident());
        setter = quote!(.#body_setter(body));
    }
    let encode = if version.is_download() {
        quote!(crate::testkit_support::bytes)
    } else {
        quote!(crate::testkit_support::json)
    };
    Some(quote! {
        (#id, #date) => (move || {
            let body = crate::testkit_support::arg::<#ty>(#json)?;
            let built = crate::testkit_support::json(&body)?;
            let call = super::super::ops::#accessor::new(&client).#method(#(#arguments),*)#setter;
            let call: rt::ResponseFuture<::serde_json::Value> = Box::pin(async move { #encode(&call.await?) });
            Ok((built, call))
        })(),
    })
}

/// The method's arguments (required parameters, then a required body: the full body when
/// `full`), and the builder calls that set every optional parameter and an optional body.
fn call_arguments(
    api: &Api,
    op: &Operation,
    version: &Version,
    types: &TokenStream,
) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let parameters = op.ordered_parameters();
    let argument = |ty: &crate::ir::TypeRef, json: &serde_json::Value| {
        use crate::ir::{Primitive, TypeRef};
        let spelled = spell_in(api, ty, types);
        let json = json.to_string();
        match ty {
            TypeRef::Primitive(Primitive::UnixSeconds) => quote!(crate::testkit_support::unix_time(#json, false)?),
            TypeRef::Primitive(Primitive::UnixMillis) => quote!(crate::testkit_support::unix_time(#json, true)?),
            _ => quote!(crate::testkit_support::arg::<#spelled>(#json)?),
        }
    };
    let mut arguments: Vec<TokenStream> = parameters
        .iter()
        .filter(|p| p.required && !version.fills_from_body(&p.wire))
        .map(|p| argument(&p.ty, &p.synth))
        .collect();
    let mut optional: Vec<TokenStream> = parameters
        .iter()
        .filter(|p| !p.required)
        .map(|p| {
            let setter = ident(&p.ident);
            let value = argument(&p.ty, &p.synth);
            quote!(.#setter(#value))
        })
        .collect();
    if let Some(request) = &version.request {
        let ty = request.ty.clone().unwrap_or(crate::ir::TypeRef::Primitive(crate::ir::Primitive::Json));
        let body = version.synth_body.clone().unwrap_or_default();
        let full = version.synth_body_full.clone().unwrap_or_else(|| body.clone());
        let same = body == full;
        let (body, full) = (argument(&ty, &body), argument(&ty, &full));
        if version.request_required {
            arguments.push(if same { body } else { quote!(if full { #full } else { #body }) });
        } else {
            let setter = format_ident!("{}", op.body_ident());
            optional.push(quote!(.#setter(#full)));
        }
    }
    (arguments, optional)
}

/// How many example pointers one `testkit/examples_N.rs` holds.
pub const EXAMPLES_PER_FILE: usize = 250;

/// `testkit/examples_N.rs`: the pointers of one run of `api.examples`, each decoding its
/// value into the generated type and encoding it again.
pub fn examples_module(api: &Api, chunk: &[(String, crate::ir::TypeRef)]) -> TokenStream {
    let types = quote!(types::);
    let pointers = chunk.iter().map(|(pointer, _)| pointer);
    let arms = chunk.iter().map(|(pointer, ty)| {
        // Integers decode leniently in fields (a float without fraction is accepted): same here.
        let check = match ty {
            crate::ir::TypeRef::Primitive(crate::ir::Primitive::I32) => {
                quote!(crate::testkit_support::roundtrip_int::<i32>)
            }
            crate::ir::TypeRef::Primitive(crate::ir::Primitive::I64) => {
                quote!(crate::testkit_support::roundtrip_int::<i64>)
            }
            // An instant sent as a count since the epoch: taken as a DateTime, written as the count.
            crate::ir::TypeRef::Primitive(crate::ir::Primitive::UnixSeconds) => {
                quote!(crate::testkit_support::roundtrip_unix_time::<false>)
            }
            crate::ir::TypeRef::Primitive(crate::ir::Primitive::UnixMillis) => {
                quote!(crate::testkit_support::roundtrip_unix_time::<true>)
            }
            other => {
                let ty = spell_in(api, other, &types);
                quote!(crate::testkit_support::roundtrip::<#ty>)
            }
        };
        quote!(#pointer => #check(value),)
    });
    quote! {
        #[allow(unused_imports)]
        use super::super::types;

        pub(super) static POINTERS: &[&str] = &[#(#pointers),*];

        pub(super) fn example(pointer: &str, value: ::serde_json::Value) -> Option<Result<::serde_json::Value, String>> {
            Some(match pointer {
                #(#arms)*
                _ => return None,
            })
        }
    }
}

/// `testkit/unions.rs`: every variant of every tagged union, built from `Default` and
/// encoded, with the tag values it must carry.
pub fn unions_module(api: &Api, style: &OpsStyle) -> TokenStream {
    let runtime = &style.target.runtime();
    let types = quote!(types::);
    let mut entries = Vec::new();
    for def in &api.types {
        let crate::ir::TypeKind::Tagged(union) = &def.kind else { continue };
        let name = format_ident!("{}", def.name);
        let property = &union.property;
        for variant in union.variants.iter().filter(|v| !v.tags.is_empty()) {
            let ident = format_ident!("{}", variant.ident);
            let ty = spell_in(api, &variant.ty, &types);
            let label = format!("{}::{}", def.name, variant.ident);
            let tags = &variant.tags;
            entries.push(quote! {
                (#label, #property, &[#(#tags),*] as &[&str], crate::testkit_support::json(&types::#name::#ident(<#ty>::default()))),
            });
        }
    }
    quote! {
        #![allow(clippy::type_complexity)]
        use #runtime as rt;
        #[allow(unused_imports)]
        use super::super::types;

        /// (union and variant, tag property, the variant's tag values, the encoded default).
        pub fn tagged_defaults() -> Vec<(&'static str, &'static str, &'static [&'static str], Result<::serde_json::Value, rt::Error>)> {
            vec![#(#entries)*]
        }
    }
}
