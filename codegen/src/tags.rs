//! API tags: each becomes an accessor (`client.clusters()`), a module of request builders
//! and a cargo feature that gates them and the types only they use.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, TypeId};
use crate::naming::{self, TypeNames};

#[derive(Debug, Clone)]
pub struct Tag {
    /// As the spec writes it, e.g. `Cloud Backups`.
    pub name: String,
    /// Module and accessor method, e.g. `cloud_backups`.
    pub module: String,
    /// Cargo feature, e.g. `cloud-backups`.
    pub feature: String,
    /// The accessor struct, e.g. `CloudBackups`.
    pub type_name: String,
    /// Indexes into `Api::operations`, in spec order.
    pub operations: Vec<usize>,
}

/// The tags of `api`, sorted by module name.
pub fn tags(api: &Api) -> Vec<Tag> {
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, op) in api.operations.iter().enumerate() {
        by_name.entry(op.tag.as_str()).or_default().push(i);
    }
    let mut tags: Vec<Tag> = by_name
        .into_iter()
        .map(|(name, operations)| Tag {
            name: name.to_owned(),
            module: naming::tag_module(name),
            feature: naming::tag_feature(name),
            type_name: String::new(),
            operations,
        })
        .collect();
    tags.sort_by(|a, b| (&a.module, &a.name).cmp(&(&b.module, &b.name)));
    // Two tags that only differ in punctuation would share a module: number the later one.
    let mut modules = TypeNames::default();
    for tag in &mut tags {
        let unique = modules.claim(&tag.module);
        if naming::type_name(&tag.module) != unique {
            tag.module = naming::snake_ident(&unique);
            tag.feature = naming::tag_feature(&unique);
        }
        tag.type_name = unique;
    }
    tags
}

/// When a type is compiled: when any of `stable` is enabled, or `preview` with any of
/// `preview_only`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gate {
    pub stable: Vec<String>,
    pub preview_only: Vec<String>,
}

impl Gate {
    /// The `#[cfg(...)]` attribute.
    pub fn attribute(&self) -> TokenStream {
        let (stable, preview) = (&self.stable, &self.preview_only);
        let mut any: Vec<TokenStream> = stable.iter().map(|f| quote!(feature = #f)).collect();
        match preview.as_slice() {
            [] => {}
            [one] => any.push(quote!(all(feature = "preview", feature = #one))),
            many => any.push(quote!(all(feature = "preview", any(#(feature = #many),*)))),
        }
        match any.as_slice() {
            [one] => quote!(#[cfg(#one)]),
            many => quote!(#[cfg(any(#(#many),*))]),
        }
    }
}

/// For each type, the gate that compiles it only when a tag that uses it is enabled (its
/// operations reach it through parameters or bodies; `users` from [`type_users`]). `None`:
/// always compiled.
pub fn type_gates(tags: &[Tag], users: &[Users]) -> Vec<Option<Gate>> {
    users.iter().map(|u| gate(tags, u)).collect()
}

/// Which tags' operations reach one type, by the kind of version that reaches it (indexed
/// by the tag's position in the list of tags).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Users {
    /// Through a version that is not a preview.
    pub stable: Vec<bool>,
    /// Through a preview version.
    pub preview: Vec<bool>,
}

impl Users {
    fn none(tags: usize) -> Self {
        Self { stable: vec![false; tags], preview: vec![false; tags] }
    }

    /// Whether tag `t` reaches the type through any version.
    pub fn tag(&self, t: usize) -> bool {
        self.stable[t] || self.preview[t]
    }

    /// Whether any tag reaches the type.
    pub fn any(&self) -> bool {
        (0..self.stable.len()).any(|t| self.tag(t))
    }

    fn flag(&mut self, t: usize, preview: bool) -> &mut bool {
        if preview {
            &mut self.preview[t]
        } else {
            &mut self.stable[t]
        }
    }
}

/// The users of each type (indexed by `TypeId`).
pub fn type_users(api: &Api, tags: &[Tag]) -> Vec<Users> {
    let mut users = vec![Users::none(tags.len()); api.types.len()];
    for (t, tag) in tags.iter().enumerate() {
        for &o in &tag.operations {
            let op = &api.operations[o];
            let mut params = Vec::new();
            op.parameters.iter().for_each(|p| p.ty.ids(&mut params));
            for version in &op.versions {
                let mut roots = params.clone();
                version.body_types(&mut roots);
                mark(api, &mut users, roots, t, version.preview);
            }
            if op.versions.is_empty() {
                mark(api, &mut users, params, t, false);
            }
        }
    }
    users
}

fn mark(api: &Api, users: &mut [Users], mut stack: Vec<TypeId>, tag: usize, preview: bool) {
    while let Some(id) = stack.pop() {
        if std::mem::replace(users[id.0].flag(tag, preview), true) {
            continue;
        }
        stack.extend(api.get(id).children());
    }
}

fn gate(tags: &[Tag], users: &Users) -> Option<Gate> {
    let features =
        |keep: &dyn Fn(usize) -> bool| (0..tags.len()).filter(|&t| keep(t)).map(|t| tags[t].feature.clone()).collect();
    let stable: Vec<String> = features(&|t| users.stable[t]);
    let preview_only: Vec<String> = features(&|t| users.preview[t] && !users.stable[t]);
    if stable.len() == tags.len() || (stable.is_empty() && preview_only.is_empty()) {
        return None;
    }
    Some(Gate { stable, preview_only })
}
