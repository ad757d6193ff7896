//! `wait_until_<name>` methods on a tag's accessor, one per waiter whose poll operation
//! the tag holds; and the line an operation's docs give to the waiters that follow it.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc;
use super::params::{ident, param_code};
use crate::ir::Waiter;
use crate::ir::{Api, Operation};
use crate::tags::Tag;

/// The waiter methods of `tag`; `builder_of` names the builder of each (operation, version).
pub(super) fn methods(
    api: &Api,
    tag: &Tag,
    features: bool,
    builder_of: &HashMap<(usize, usize), syn::Ident>,
) -> Vec<TokenStream> {
    let types = quote!(types::);
    api.waiters
        .iter()
        .filter(|w| tag.operations.contains(&w.operation))
        .map(|waiter| {
            let op = &api.operations[waiter.operation];
            let version = &op.versions[waiter.version];
            let poll = format_ident!("{}", op.method_name(waiter.version));
            let builder = &builder_of[&(waiter.operation, waiter.version)];
            let method = format_ident!("wait_until_{}", waiter.name);
            let params: Vec<_> = op.ordered_parameters().into_iter().filter(|p| p.required).collect();
            let arguments = params.iter().filter_map(|p| param_code(api, p, &types).argument);
            let names = params.iter().map(|p| ident(&p.ident));
            let spec = spec_ident(waiter);
            let until = if waiter.gone { quote!(rt::UntilGone) } else { quote!(rt::UntilValue) };
            let docs = doc(&facts(op, waiter, &poll.to_string()));
            let gate = (features && version.preview).then(|| quote!(#[cfg(feature = "preview")]));
            let deprecated = version.sunset.is_some().then(|| quote!(#[allow(deprecated)]));
            quote! {
                #docs
                #gate
                #deprecated
                pub fn #method(&self, #(#arguments),*) -> rt::Wait<#builder, #until> {
                    rt::Wait::new(self.#poll(#(#names),*), &#spec)
                }
            }
        })
        .collect()
}

/// The facts of each waiter of `tag`, once, as a static its method and the mock's table
/// (for the fake) both refer to.
pub(super) fn statics(api: &Api, tag: &Tag, features: bool) -> Vec<TokenStream> {
    let of_tag = api.waiters.iter().filter(|w| tag.operations.contains(&w.operation));
    of_tag
        .map(|waiter| {
            let version = &api.operations[waiter.operation].versions[waiter.version];
            let gate = (features && version.preview).then(|| quote!(#[cfg(feature = "preview")]));
            let (name, spec) = (spec_ident(waiter), spec(waiter));
            quote! {
                #gate
                pub(crate) static #name: rt::WaitSpec = #spec;
            }
        })
        .collect()
}

/// The name of a waiter's static (`WAIT_CLUSTER_IDLE`).
pub(super) fn spec_ident(waiter: &Waiter) -> syn::Ident {
    format_ident!("WAIT_{}", waiter.name.to_uppercase())
}

fn spec(waiter: &Waiter) -> TokenStream {
    let name = &waiter.name;
    let option = |value: &Option<String>| match value {
        Some(pointer) => quote!(Some(#pointer)),
        None => quote!(None),
    };
    let (field, failed_field) = (option(&waiter.field), option(&waiter.failed_field));
    let (done, failed, codes) = (&waiter.done, &waiter.failed, &waiter.gone_codes);
    let (pending, action, pending_codes) = (&waiter.pending, &waiter.action, &waiter.pending_codes);
    let unexpected = &waiter.unexpected;
    let (done_when_set, gone) = (waiter.done_when_set, waiter.gone);
    let changing = option(&waiter.changing);
    let [first, longest, wait] = waiter.delays.map(proc_macro2::Literal::u64_unsuffixed);
    let when = match &waiter.when {
        Some((pointer, values)) => quote!(Some((#pointer, &[#(#values),*]))),
        None => quote!(None),
    };
    quote! {
        rt::WaitSpec {
            name: #name,
            field: #field,
            done: &[#(#done),*],
            done_when_set: #done_when_set,
            failed_field: #failed_field,
            failed: &[#(#failed),*],
            pending: &[#(#pending),*],
            changing: #changing,
            action: &[#(#action),*],
            unexpected: &[#(#unexpected),*],
            pending_codes: &[#(#pending_codes),*],
            gone: #gone,
            gone_codes: &[#(#codes),*],
            delays_ms: [#first, #longest, #wait],
            when: #when,
        }
    }
}

fn listed(values: &[String], separator: &str) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    quoted.join(separator)
}

fn seconds(ms: u64) -> String {
    match ms {
        ms if ms % 3_600_000 == 0 => format!("{} h", ms / 3_600_000),
        ms if ms % 60_000 == 0 => format!("{} min", ms / 60_000),
        ms => format!("{} s", ms as f64 / 1000.0),
    }
}

/// The waiter's rustdoc: what it polls, and exactly which states it ends on, waits
/// through and fails on.
fn facts(op: &Operation, waiter: &Waiter, poll: &str) -> Vec<String> {
    let version = &op.versions[waiter.version];
    let field = waiter.field.as_deref().map(|f| f.trim_start_matches('/'));
    let polls = format!("Polls [`{poll}`](Self::{poll}) (`{}` version `{}`)", op.operation_id, version.date);
    let mut lines = vec![match (waiter.gone, field) {
        (true, _) => {
            let codes = waiter.gone_codes.iter().map(|c| format!(" or `{c}`")).collect::<String>();
            format!("{polls} until the resource is gone: a 404{codes} ends the wait with `()`.")
        }
        (false, Some(field)) => format!("{polls} and reads `{field}`."),
        (false, None) => format!("{polls}."),
    }];
    if let Some((pointer, values)) = &waiter.when {
        let field = pointer.trim_start_matches('/');
        lines.push(format!("For a resource whose `{field}` is {}.", listed(values, " or ")));
    }
    lines.extend(state_lines(waiter, field));
    let [first, longest, wait] = waiter.delays;
    lines.push(format!(
        "Polls after {} at first, up to every {}, for at most {} (`.delays(..)`, `.max_wait(..)`); 5xx, 429 and transport faults are waited out.",
        seconds(first),
        seconds(longest),
        seconds(wait)
    ));
    lines
}

/// One line per outcome of a state: ends with the value, waits, fails, needs action, other.
fn state_lines(waiter: &Waiter, field: Option<&str>) -> Vec<String> {
    let mut lines = Vec::new();
    let Some(field) = field else {
        lines.push("Waits through whatever state the resource reads until then.".to_owned());
        return lines;
    };
    if waiter.done_when_set {
        lines.push(format!("Ends with the value once `{field}` is set, and waits while it is not."));
    } else if !waiter.done.is_empty() {
        let ends = if waiter.gone { "Ends too" } else { "Ends with the value" };
        lines.push(format!("{ends} when `{field}` is {}.", listed(&waiter.done, " or ")));
    }
    if !waiter.pending.is_empty() {
        lines.push(format!("Waits through {}.", listed(&waiter.pending, ", ")));
    }
    if !waiter.failed.is_empty() {
        let failed_field = waiter.failed_field.as_deref().unwrap_or_default().trim_start_matches('/');
        let values = listed(&waiter.failed, " or ");
        lines.push(format!("Ends with `WaitError::Failed` when `{failed_field}` is {values}."));
    }
    if !waiter.action.is_empty() {
        lines.push(format!(
            "Ends with `WaitError::NeedsAction` at {}, which waits for your action; once you acted, `.wait_through_user_action()` waits through it.",
            listed(&waiter.action, " or ")
        ));
    }
    if !waiter.pending_codes.is_empty() {
        let codes = listed(&waiter.pending_codes, " or ");
        lines.push(format!("Waits through a poll refused with {codes}: the resource is still on its way."));
    }
    if waiter.gone {
        lines.push("Waits through every other state until then.".to_owned());
    } else if !waiter.done_when_set {
        let such = match waiter.unexpected.is_empty() {
            true => String::new(),
            false => format!(" (such as {})", listed(&waiter.unexpected, ", ")),
        };
        lines.push(format!(
            "Any other `{field}`{such}, or an answer without it, ends the wait with `WaitError::Unexpected`."
        ));
    }
    lines
}

/// For an operation's docs: the waiters useful after it, linked when they share its tag.
pub(super) fn after_line(api: &Api, op: &Operation, tag_ops: &[usize]) -> Option<String> {
    let waiters: Vec<String> = api
        .waiters
        .iter()
        .filter(|w| w.after.contains(&op.operation_id))
        .map(|w| {
            let method = format!("wait_until_{}", w.name);
            if tag_ops.contains(&w.operation) {
                format!("[`{method}`](Self::{method})")
            } else {
                format!("`{method}` (on `{}`)", api.operations[w.operation].tag)
            }
        })
        .collect();
    (!waiters.is_empty()).then(|| format!("Wait for its outcome with {}.", waiters.join(", ")))
}
