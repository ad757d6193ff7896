//! Operations -> one module per tag: the accessor struct with a method per dated version,
//! and a request builder per method that `.await` sends.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

use super::docs::doc;
use super::params::{ident, param_code, segment, ParamCode};
use super::shared_statics::Statics;
use super::typeref::spell_in;
use crate::ir::{Api, BodyFormat, Operation, ParamLocation, Segment, TieKind, TypeKind, Version};
use crate::naming::TypeNames;
use crate::tags::Tag;
use crate::Target;

/// Where the operation modules go (which says how they reach the runtime) and whether they
/// are feature-gated.
#[derive(Debug, Clone)]
pub struct OpsStyle {
    pub target: Target,
    /// Gate tags and preview versions behind cargo features.
    pub features: bool,
    /// The crate the types (and their forms, which the fake's table names) go to, if any.
    pub types_crate: Option<String>,
}

impl OpsStyle {
    /// Whether the mock's and the fake's tables are generated.
    pub fn mock_tables(&self) -> bool {
        self.target.mock_tables(self.features)
    }

    /// The path of the answer types' forms (`forms.rs`).
    pub fn forms(&self) -> TokenStream {
        super::forms::forms_path(self.types_crate.as_deref())
    }
}

/// What each version of a tag's operations adds to its module: a method of the accessor, a
/// request builder, an entry of the mock's table and one of the fake's, and the builder's name, which the waiters
/// that poll that (operation, version) call.
struct VersionItems {
    methods: Vec<TokenStream>,
    builders: Vec<TokenStream>,
    table: Vec<TokenStream>,
    fake_table: Vec<TokenStream>,
    /// Each JSON answer's type as the decode reads it, beside its form (the unit tests hold
    /// the two to one verdict).
    typed: Vec<TokenStream>,
    /// What several entries of the mock's table name (each version of an operation has the
    /// same checks and example), and of the fake's (the same server-set outline).
    checks: Statics,
    examples: Statics,
    outlines: Statics,
    builder_of: std::collections::HashMap<(usize, usize), proc_macro2::Ident>,
}

impl VersionItems {
    fn of(api: &Api, tag: &Tag, style: &OpsStyle, checks: Option<&super::CheckTable<'_>>) -> Self {
        let mut names = TypeNames::default();
        names.claim(&tag.type_name);
        let mut items = VersionItems {
            methods: Vec::new(),
            builders: Vec::new(),
            table: Vec::new(),
            fake_table: Vec::new(),
            typed: Vec::new(),
            checks: Statics::new("CHECKS", quote!(c::Checks)),
            examples: Statics::new("EXAMPLE", quote!(&str)),
            outlines: Statics::new("OUTLINE", quote!(rt::FakeOutline)),
            builder_of: std::collections::HashMap::new(),
        };
        for &o in &tag.operations {
            items.operation(api, tag, o, style, checks, &mut names);
        }
        items
    }

    fn operation(
        &mut self,
        api: &Api,
        tag: &Tag,
        o: usize,
        style: &OpsStyle,
        checks: Option<&super::CheckTable<'_>>,
        names: &mut TypeNames,
    ) {
        let op = &api.operations[o];
        let method_names = op.method_names();
        for (index, (version, name)) in op.versions.iter().zip(&method_names).enumerate() {
            let builder = names.claim(name);
            let siblings: Vec<&str> = method_names.iter().filter(|n| *n != name).map(String::as_str).collect();
            let call = VersionCall {
                api,
                op,
                version,
                method: name,
                siblings,
                builder: &builder,
                accessor: &tag.type_name,
                tag_ops: &tag.operations,
            };
            let (m, b) = call.emit(style);
            self.methods.push(m);
            self.builders.push(b);
            let gate = (style.features && version.preview).then(|| quote!(#[cfg(feature = "preview")]));
            let builder = format_ident!("{builder}");
            let checked = checks.and_then(|table| table.entry(op, version)).map(|checks| self.checks.name(checks));
            let example = version
                .response_example
                .as_deref()
                .map(|json| self.examples.name(raw_string(json).into_token_stream()));
            let mut known = known_entry(&builder, checked, example);
            let fake = super::fake_table::entry(api, (o, index), &builder, style, &mut self.outlines);
            self.fake_table.push(quote!(#gate out.push(#fake);));
            if let Some(typed) = super::fake_table::typed(api, (o, index), &builder) {
                self.typed.push(quote!(#gate out.push(#typed);));
            }
            if let Some(tie) = &version.tie {
                // The mock refuses a path parameter the body's tag contradicts, as Atlas does.
                let (param, property) = (&tie.param, &tie.property);
                known.extend(quote!(.tied(&[(#param, #property)])));
            }
            self.table.push(quote!(#gate out.push(#known);));
            self.builder_of.insert((o, index), builder);
        }
    }
}

/// `ops/<tag>.rs`, and `tables/<tag>.rs` where the mock is: the mock's and the fake's entries
/// of the tag's operations, a generated module of their own.
pub fn tag_module(
    api: &Api,
    tag: &Tag,
    style: &OpsStyle,
    checks: Option<&super::CheckTable<'_>>,
) -> (TokenStream, Option<TokenStream>) {
    let runtime = &style.target.runtime();
    let accessor = format_ident!("{}", tag.type_name);
    let method = ident(&tag.module);
    let VersionItems {
        methods,
        builders,
        mut table,
        mut fake_table,
        typed,
        checks: named_checks,
        examples,
        outlines,
        builder_of,
    } = VersionItems::of(api, tag, style, checks);
    // What the entries name, written once each before them.
    table.splice(0..0, named_checks.statics().into_iter().chain(examples.statics()));
    fake_table.splice(0..0, outlines.statics());
    let waiters = super::waiters::methods(api, tag, style.features, &builder_of);
    let wait_specs = super::waiters::statics(api, tag, style.features);
    let only_preview = tag.operations.iter().all(|&o| api.operations[o].versions.iter().all(|v| v.preview));
    let unused =
        (style.features && only_preview).then(|| quote!(#[cfg_attr(not(feature = "preview"), allow(dead_code))]));
    let summary =
        format!(" Operations tagged `{}` ({} operations): `client.{}()`.", tag.name, tag.operations.len(), tag.module);
    let accessor_fn = style.target.inherent_accessors().then(|| {
        let doc = format!(" Operations tagged `{}`.", tag.name);
        quote! {
            impl rt::Client {
                #[doc = #doc]
                pub fn #method(&self) -> #accessor<'_> {
                    #accessor::new(self)
                }
            }
        }
    });
    // The mock names the operation of a request nothing expected from this table.
    let tables = style.mock_tables().then(|| tables_module(tag, style, only_preview, &table, (&fake_table, &typed)));
    let ops = quote! {
        #![doc = #summary]
        #![allow(clippy::too_many_arguments, clippy::should_implement_trait, clippy::wrong_self_convention)]

        use #runtime as rt;
        #[allow(unused_imports)]
        use super::super::types;

        #[doc = #summary]
        #[derive(Debug, Clone, Copy)]
        pub struct #accessor<'a> {
            #unused
            client: &'a rt::Client,
        }

        impl<'a> #accessor<'a> {
            pub fn new(client: &'a rt::Client) -> Self {
                Self { client }
            }

            #(#methods)*

            #(#waiters)*
        }

        #(#wait_specs)*

        #accessor_fn

        #(#builders)*
    };
    (ops, tables)
}

/// The mock's table entry of one builder, with what the spec constrains of its requests and
/// the example it answers by default (only the mock's build carries the examples).
fn known_entry(builder: &proc_macro2::Ident, checks: Option<syn::Ident>, example: Option<syn::Ident>) -> TokenStream {
    let checked = checks.map(|checks| quote!(.checked(&#checks)));
    let example = example.map(|json| quote!(.example(#json)));
    quote!(rt::Known::of::<#builder>() #checked #example)
}

/// `tables/<tag>.rs`: the mock's entries (`table`) and the fake's (`fake_table`) of the
/// operations tagged `tag`, beside the builders they name.
fn tables_module(
    tag: &Tag,
    style: &OpsStyle,
    only_preview: bool,
    table: &[TokenStream],
    (fake_table, typed): (&[TokenStream], &[TokenStream]),
) -> TokenStream {
    let runtime = &style.target.runtime();
    let method = ident(&tag.module);
    let checks = style.target.mock_checks();
    let unused =
        only_preview.then(|| quote!(#[cfg_attr(not(feature = "preview"), allow(unused_variables, clippy::ptr_arg))]));
    let doc = format!(" The mock's and the fake's entries of the operations tagged `{}`.", tag.name);
    quote! {
        #![doc = #doc]

        use #runtime as rt;
        #[allow(unused_imports)]
        use super::super::ops::#method::*;
        #[allow(unused_imports)]
        use super::super::types;

        #[cfg(feature = "mock")]
        #unused
        pub(crate) fn operations(out: &mut Vec<rt::Known>) {
            #[allow(unused_imports)]
            use {#checks as c, super::super::checks as k};
            #(#table)*
        }

        #[cfg(feature = "fake")]
        #unused
        pub(crate) fn fake_entries(out: &mut Vec<rt::FakeEntry>) {
            #(#fake_table)*
        }

        // A tag may answer no JSON (its operations send bytes or nothing).
        #[cfg(all(test, feature = "fake"))]
        #[allow(unused_variables, clippy::ptr_arg)]
        pub(crate) fn typed_answers(out: &mut Vec<crate::fake::form::TypedAnswer>) {
            #(#typed)*
        }
    }
}

/// `tables/mod.rs`, where the mock is: one module per tag (behind its feature) with the mock's
/// and the fake's entries, and the functions that gather those of the enabled tags.
pub fn tables_root(tags: &[Tag], style: &OpsStyle) -> TokenStream {
    let runtime = &style.target.runtime();
    let modules = tags.iter().map(|tag| {
        let (module, feature) = (ident(&tag.module), &tag.feature);
        quote!(#[cfg(feature = #feature)] mod #module;)
    });
    let calls = tags.iter().map(|tag| {
        let (module, feature) = (ident(&tag.module), &tag.feature);
        quote!(#[cfg(feature = #feature)] #module::operations(&mut out);)
    });
    let fake_calls = tags.iter().map(|tag| {
        let (module, feature) = (ident(&tag.module), &tag.feature);
        quote!(#[cfg(feature = #feature)] #module::fake_entries(&mut out);)
    });
    let typed_calls = tags.iter().map(|tag| {
        let (module, feature) = (ident(&tag.module), &tag.feature);
        quote!(#[cfg(feature = #feature)] #module::typed_answers(&mut out);)
    });
    quote! {
        //! The mock's and the fake's tables, one module per API tag.
        #(#modules)*
        /// Every operation and version of the enabled tags.
        #[cfg(feature = "mock")]
        #[allow(unused_mut)]
        pub(crate) fn operations() -> Vec<#runtime::Known> {
            let mut out = Vec::new();
            #(#calls)*
            out
        }

        /// The fake's entry of every operation and version of the enabled tags.
        #[cfg(feature = "fake")]
        #[allow(unused_mut)]
        pub(crate) fn fake_entries() -> Vec<#runtime::FakeEntry> {
            let mut out = Vec::new();
            #(#fake_calls)*
            out
        }

        /// Each JSON answer of the enabled tags as its type's decode reads it (unit tests only).
        #[cfg(all(test, feature = "fake"))]
        #[allow(unused_mut)]
        pub(crate) fn typed_answers() -> Vec<crate::fake::form::TypedAnswer> {
            let mut out = Vec::new();
            #(#typed_calls)*
            out
        }
    }
}

/// `ops/mod.rs`: one module per tag (behind its feature), and the `ClientExt` trait when
/// accessors cannot be inherent methods.
pub fn ops_module(tags: &[Tag], style: &OpsStyle) -> TokenStream {
    let runtime = &style.target.runtime();
    let modules = tags.iter().map(|tag| {
        let module = ident(&tag.module);
        let feature = &tag.feature;
        let cfg = style.features.then(|| quote!(#[cfg(feature = #feature)]));
        quote!(#cfg pub mod #module;)
    });
    let extension = (!style.target.inherent_accessors()).then(|| {
        let signatures: Vec<TokenStream> = tags
            .iter()
            .map(|tag| {
                let (module, accessor) = (ident(&tag.module), format_ident!("{}", tag.type_name));
                quote!(fn #module(&self) -> #module::#accessor<'_>)
            })
            .collect();
        let bodies = tags.iter().map(|tag| {
            let (module, accessor) = (ident(&tag.module), format_ident!("{}", tag.type_name));
            quote!(#module::#accessor::new(self))
        });
        quote! {
            /// One accessor per tag on the client.
            pub trait ClientExt {
                #(#signatures;)*
            }

            impl ClientExt for #runtime::Client {
                #(#signatures { #bodies })*
            }
        }
    });
    let disabled = style.mock_tables().then(|| disabled_accessors(tags, runtime));
    quote! {
        //! Request builders, one module per API tag.
        #(#modules)*
        #extension
        #disabled
    }
}

/// For each tag whose cargo feature is off, an accessor that cannot be called: the call
/// fails to compile with a message that names the feature to enable (not just "no method
/// named `clusters`").
fn disabled_accessors(tags: &[Tag], runtime: &TokenStream) -> TokenStream {
    let items = tags.iter().map(|tag| {
        let (module, marker) = (ident(&tag.module), format_ident!("{}", tag.type_name));
        let feature = &tag.feature;
        let message = format!("the `{}` operations need the cargo feature `{feature}` of atlas-api", tag.name);
        let label = format!("`client.{}()` is compiled only with the `{feature}` feature", tag.module);
        // `{{` is a literal brace in a diagnostic message.
        let note = format!("in Cargo.toml: atlas-api = {{{{ features = [\"{feature}\"] }}}}");
        quote! {
            #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
            pub trait #marker {}

            #[cfg(not(feature = #feature))]
            impl #runtime::Client {
                #[doc(hidden)]
                pub fn #module<'a>(&'a self) -> Disabled
                where
                    &'a (): #marker,
                {
                    unreachable!("no type implements the marker of a disabled tag")
                }
            }
        }
    });
    quote! {
        /// The accessors of tags whose cargo feature is off.
        #[doc(hidden)]
        pub mod disabled {
            /// What the accessor of a disabled tag would return: nothing can call it.
            pub enum Disabled {}

            #(#items)*
        }
    }
}

/// One dated version of one operation: a method on the accessor and its builder.
struct VersionCall<'a> {
    api: &'a Api,
    op: &'a Operation,
    version: &'a Version,
    method: &'a str,
    /// The methods of the operation's other versions.
    siblings: Vec<&'a str>,
    builder: &'a str,
    accessor: &'a str,
    /// The operations of the tag (a waiter among them is linked from the docs).
    tag_ops: &'a [usize],
}

/// What the accessor's method and the request builder of one version are made of.
#[derive(Clone, Copy)]
struct Parts<'p> {
    params: &'p [ParamCode],
    body: &'p BodyCode,
    builder: &'p proc_macro2::Ident,
    gate: &'p Option<TokenStream>,
}

impl VersionCall<'_> {
    /// The accessor's method and the request builder it returns.
    fn emit(&self, style: &OpsStyle) -> (TokenStream, TokenStream) {
        let types = quote!(types::);
        let params: Vec<ParamCode> = self
            .ordered()
            .into_iter()
            .filter(|p| !self.version.fills_from_body(&p.wire))
            .map(|p| param_code(self.api, p, &types))
            .collect();
        let body = self.body(&types);
        let builder = format_ident!("{}", self.builder);
        let gate = (style.features && self.version.preview).then(|| quote!(#[cfg(feature = "preview")]));
        let parts = Parts { params: &params, body: &body, builder: &builder, gate: &gate };
        (self.method_tokens(&parts), self.builder_tokens(&parts))
    }

    /// The accessor's method: the required parameters as arguments, the builder as result.
    fn method_tokens(&self, parts: &Parts<'_>) -> TokenStream {
        let Parts { params, body, builder, gate } = *parts;
        let method = ident(self.method);
        let deprecated = self.deprecation();
        let aliases = self.aliases();
        let method_docs = doc(&self.facts());
        let arguments = params.iter().filter_map(|p| p.argument.clone()).chain(body.argument.clone());
        let inits = params.iter().map(|p| &p.init).chain([&body.init]);
        quote! {
            #method_docs
            #(#aliases)*
            #gate
            #deprecated
            pub fn #method(&self, #(#arguments),*) -> #builder {
                #builder { rt_client: self.client.clone(), #(#inits)* }
            }
        }
    }

    /// The request builder: a field per parameter, setters for the optional ones, and how
    /// it becomes a request.
    fn builder_tokens(&self, parts: &Parts<'_>) -> TokenStream {
        let Parts { params, body, builder, gate } = *parts;
        let types = quote!(types::);
        let (output, reader) = self.response(&types);
        let fields = params.iter().map(|p| &p.field).chain([&body.field]);
        let setters = params.iter().filter_map(|p| p.setter.as_ref()).chain(body.setter.as_ref());
        let (tied, from_body) = self.tie();
        let applies: Vec<&TokenStream> = params
            .iter()
            .filter_map(|p| p.apply.as_ref())
            .chain([&body.apply, &tied])
            .filter(|a| !a.is_empty())
            .collect();
        let mutable = (!applies.is_empty()).then(|| quote!(mut));
        let operation = self.operation_const();
        let body_type = body.ty.clone().unwrap_or_else(|| quote!(()));

        let path = self.path();
        let builder_doc = format!(
            " Request builder for [`{}::{}`]: optional parameters are methods; `.await` sends it.",
            self.accessor, self.method
        );
        // `#[inline]` on `into_future`: the request and its decoder are compiled in the crate
        // that sends it, so atlas-api itself only type-checks the operations nobody calls.
        let streaming = self.version.is_download().then(|| {
            quote! {
                /// Sends the request and hands over the body as it arrives, with the status and
                /// headers: for large downloads (`.await` reads the whole body into memory). The
                /// attempt timeout covers the time to the response head, the client's stall
                /// timeout each wait for the next byte; nothing is sent again once the head is in.
                #[inline]
                pub fn stream(self) -> rt::ResponseFuture<rt::Response<rt::ByteStream>> {
                    let (client, request) = rt::Call::into_parts(self);
                    rt::send_with_response::<rt::Streamed>(client, request)
                }
            }
        });
        let paging = super::pagination::list_call(self.api, self.op, self.version, builder, gate, &types);
        quote! {
            #[doc = #builder_doc]
            #gate
            #[derive(Debug, Clone)]
            #[must_use = "a request does nothing until it is awaited"]
            pub struct #builder {
                rt_client: rt::Client,
                #(#fields)*
            }

            #gate
            impl #builder {
                #(#setters)*

                #streaming
            }

            #gate
            impl rt::Call for #builder {
                type Output = #output;
                type Reader = #reader;
                type Body = #body_type;
                #operation

                #[inline]
                fn into_parts(self) -> (rt::Client, rt::Request) {
                    #from_body
                    let #mutable request = rt::Request::new(Self::OPERATION, #path);
                    #(#applies)*
                    (self.rt_client, request)
                }
            }

            #gate
            rt::call!(#builder, #output);

            #paging
        }
    }

    fn ordered(&self) -> Vec<&crate::ir::Parameter> {
        self.op.ordered_parameters()
    }

    /// The path parameters' values, in path order (the runtime fills and encodes them); one
    /// the body's tag names is the local `from_body`.
    fn path(&self) -> TokenStream {
        let values = self.op.path.parameters().filter_map(|wire| {
            if self.version.fills_from_body(wire) {
                return Some(quote!(from_body));
            }
            let found = self.op.parameters.iter().find(|p| p.location == ParamLocation::Path && p.wire == wire);
            found.map(|p| segment(self.api, p))
        });
        quote!(&[#(#values),*])
    }

    /// What a path parameter the body's tag says too adds to `into_parts`: the statement that
    /// checks the two agree once the body is in the request, and (when the path is filled from
    /// the body) the `from_body` value read from the body's member before.
    fn tie(&self) -> (TokenStream, TokenStream) {
        let Some(tie) = &self.version.tie else { return Default::default() };
        let (wire, property) = (&tie.param, &tie.property);
        match tie.kind {
            TieKind::Checked => {
                let Some(p) = self.op.parameters.iter().find(|p| p.wire == tie.param) else {
                    return Default::default();
                };
                let value = segment(self.api, p);
                (quote!(request.tie(#wire, #property, #value);), TokenStream::new())
            }
            TieKind::FromBody => {
                let TypeKind::Tagged(union) = &self.api.get(tie.union).kind else { return Default::default() };
                let name = format_ident!("{}", self.api.get(tie.union).name);
                let body = format_ident!("{}", self.op.body_ident());
                let arms = union.variants.iter().filter_map(|v| {
                    let (ident, tag) = (format_ident!("{}", v.ident), v.tags.first()?);
                    Some(quote!(types::#name::#ident(_) => #tag,))
                });
                let read = quote! {
                    let from_body: &str = match &self.#body {
                        #(#arms)*
                        types::#name::Unknown(value) => crate::support::tag(value, #property).unwrap_or_default(),
                        #[allow(unreachable_patterns)]
                        _ => "",
                    };
                };
                (quote!(request.from_body(#wire, #property, from_body);), read)
            }
        }
    }

    fn operation_const(&self) -> TokenStream {
        let id = &self.op.operation_id;
        let (method, path) = (method(self.op), path_template(self.op));
        let date = &self.version.date;
        let accept = self.accept();
        let content_type = match &self.version.request {
            Some(request) => {
                let media = &request.media_type;
                quote!(Some(#media))
            }
            None => quote!(None),
        };
        let status = proc_macro2::Literal::u16_unsuffixed(self.version.success_status);
        quote! {
            const OPERATION: &'static rt::Operation =
                &rt::Operation::new(#id, #method, #path, #date, #accept, #content_type, #status);
        }
    }

    /// The response's dated media type, or the version's JSON one when it has no body.
    fn accept(&self) -> String {
        self.version.accept()
    }

    fn body(&self, types: &TokenStream) -> BodyCode {
        let Some(request) = &self.version.request else {
            return BodyCode::default();
        };
        let ident = format_ident!("{}", self.op.body_ident());
        let ty = match &request.ty {
            Some(ty) => spell_in(self.api, ty, types),
            None => quote!(::serde_json::Value),
        };
        let media = &request.media_type;
        if self.version.request_required {
            BodyCode {
                ty: Some(ty.clone()),
                argument: Some(quote!(#ident: #ty)),
                field: quote!(#ident: #ty,),
                init: quote!(#ident,),
                setter: None,
                apply: quote!(request.json(#media, crate::support::request_body(&self.#ident));),
            }
        } else {
            let docs = format!(" The request body, sent as `{media}`.");
            BodyCode {
                ty: Some(ty.clone()),
                argument: None,
                field: quote!(#ident: Option<#ty>,),
                init: quote!(#ident: None,),
                setter: Some(quote! {
                    #[doc = #docs]
                    pub fn #ident(mut self, #ident: #ty) -> Self {
                        self.#ident = Some(#ident);
                        self
                    }
                }),
                apply: quote!(if let Some(body) = &self.#ident { request.json(#media, crate::support::request_body(body)); }),
            }
        }
    }

    /// The success type and how the runtime reads it.
    fn response(&self, types: &TokenStream) -> (TokenStream, TokenStream) {
        match &self.version.response {
            Some(body) if body.format != BodyFormat::Json => (quote!(rt::Bytes), quote!(rt::Raw)),
            Some(body) => match &body.ty {
                Some(ty) => {
                    let ty = spell_in(self.api, ty, types);
                    (ty.clone(), quote!(rt::Json<#ty>))
                }
                None => (quote!(()), quote!(rt::Empty)),
            },
            None => (quote!(()), quote!(rt::Empty)),
        }
    }

    fn aliases(&self) -> Vec<TokenStream> {
        let mut names = vec![self.op.operation_id.as_str()];
        names.extend(self.op.operation_id_override.as_deref().filter(|o| *o != self.op.operation_id));
        names.into_iter().map(|name| quote!(#[doc(alias = #name)])).collect()
    }

    fn deprecation(&self) -> Option<TokenStream> {
        let note = match (&self.version.sunset, self.op.deprecated) {
            (Some(sunset), _) => format!("Atlas sunsets version {} of this operation on {sunset}", self.version.date),
            (None, true) => "Atlas marks this operation deprecated".to_owned(),
            (None, false) => return None,
        };
        Some(quote!(#[deprecated(note = #note)]))
    }

    /// An intra-doc link to the named type a body holds (itself, or its list's items).
    fn link(&self, ty: &crate::ir::TypeRef) -> Option<String> {
        use crate::ir::TypeRef;
        match ty {
            TypeRef::Named(id) => {
                let name = &self.api.get(*id).name;
                Some(format!("[`{name}`](types::{name})"))
            }
            TypeRef::Vec(inner) => self.link(inner).map(|items| format!("a list of {items}")),
            TypeRef::Boxed(inner) => self.link(inner),
            TypeRef::Map(_) | TypeRef::Primitive(_) => None,
        }
    }

    /// The method's rustdoc: facts only.
    fn facts(&self) -> Vec<String> {
        let (op, version) = (self.op, self.version);
        let mut lines = vec![format!("`{} {}`", op.method, op.path)];
        let mut dated = format!("Version `{}`: sends `Accept: {}`", version.date, self.accept());
        if let Some(request) = &version.request {
            dated.push_str(&format!(" and `Content-Type: {}`", request.media_type));
        }
        dated.push_str(&format!("; documented success status `{}`.", version.success_status));
        lines.push(dated);
        let takes = version.request.as_ref().and_then(|b| b.ty.as_ref()).and_then(|ty| self.link(ty));
        let returns = version.response.as_ref().and_then(|b| b.ty.as_ref()).and_then(|ty| self.link(ty));
        match (takes, returns) {
            (Some(takes), Some(returns)) => lines.push(format!("Takes {takes}; returns {returns}.")),
            (Some(takes), None) => lines.push(format!("Takes {takes}.")),
            (None, Some(returns)) => lines.push(format!("Returns {returns}.")),
            (None, None) => {}
        }
        if let Some(tie) = &version.tie {
            lines.push(match tie.kind {
                TieKind::FromBody => format!(
                    "`{{{}}}` in the path is the body's `{}`: each member names its own, so the two cannot disagree.",
                    tie.param, tie.property
                ),
                TieKind::Checked => format!(
                    "`{{{}}}` in the path must be what the body's `{}` says: a request where they differ is refused before it is sent (`Error::InvalidArgument`).",
                    tie.param, tie.property
                ),
            });
        }
        if !self.siblings.is_empty() {
            let others: Vec<String> = self.siblings.iter().map(|m| format!("`{m}`")).collect();
            lines.push(format!("Other versions: {}.", others.join(", ")));
        }
        if version.preview {
            lines.push("Preview version: needs the `preview` feature and may change without notice.".into());
        }
        if let Some(sunset) = &version.sunset {
            lines.push(format!("Sunset: `{sunset}`."));
        }
        if !op.roles.is_empty() {
            let roles: Vec<String> = op.roles.iter().map(|r| format!("`{r}`")).collect();
            lines.push(format!("Required roles: {}.", roles.join(", ")));
        }
        lines.extend(super::waiters::after_line(self.api, op, self.tag_ops));
        if let Some(url) = &op.docs_url {
            lines.push(format!("[Reference]({url})"));
        }
        lines
    }
}

/// `r#"..."#` (with as many `#` as the text needs): JSON stays readable in the generated file.
fn raw_string(text: &str) -> proc_macro2::Literal {
    let hashes = (1..).map(|n| "#".repeat(n)).find(|h| !text.contains(&format!("\"{h}"))).unwrap_or_default();
    format!("r{hashes}\"{text}\"{hashes}").parse().expect("a raw string literal")
}

#[derive(Default)]
struct BodyCode {
    /// The body's type, when the operation takes one.
    ty: Option<TokenStream>,
    argument: Option<TokenStream>,
    field: TokenStream,
    init: TokenStream,
    setter: Option<TokenStream>,
    apply: TokenStream,
}

/// The operation's method as the runtime's constant.
pub(super) fn method(op: &Operation) -> TokenStream {
    let method = format_ident!("{}", op.method.variant());
    quote!(rt::Method::#method)
}

/// The operation's path template as the runtime's constant: its text, and its segments
/// with each run of literal ones joined (`rt::lit("api/atlas/v2/groups")`).
pub(super) fn path_template(op: &Operation) -> TokenStream {
    let text = op.path.as_str();
    let mut segments = Vec::new();
    let mut literal: Vec<&str> = Vec::new();
    for segment in op.path.segments() {
        match segment {
            Segment::Literal(text) => literal.push(text),
            Segment::Param { prefix, name, suffix } => {
                if !literal.is_empty() {
                    let run = std::mem::take(&mut literal).join("/");
                    segments.push(quote!(rt::lit(#run)));
                }
                segments.push(quote!(rt::param(#prefix, #name, #suffix)));
            }
        }
    }
    if !literal.is_empty() {
        let run = literal.join("/");
        segments.push(quote!(rt::lit(#run)));
    }
    quote!(rt::PathTemplate::new(#text, &[#(#segments),*]))
}
