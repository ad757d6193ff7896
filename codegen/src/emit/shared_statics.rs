//! Values a tag's tables name more than once (each version of an operation has the same
//! checks, example and server-set outline), written once each as a static of the function
//! that builds the table, in the order the entries first name them; and the lists of fields
//! the versions of a type share in the fake's forms.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(super) struct Statics {
    /// What the statics are named, before their number (`OUTLINE`: `OUTLINE_0`, ...).
    prefix: &'static str,
    ty: TokenStream,
    /// Each distinct value, with its tokens' text as its key.
    distinct: Vec<(String, TokenStream)>,
}

impl Statics {
    pub(super) fn new(prefix: &'static str, ty: TokenStream) -> Self {
        Statics { prefix, ty, distinct: Vec::new() }
    }

    /// The static that holds `value`.
    pub(super) fn name(&mut self, value: TokenStream) -> syn::Ident {
        let key = value.to_string();
        let at = match self.distinct.iter().position(|(held, _)| *held == key) {
            Some(at) => at,
            None => {
                self.distinct.push((key, value));
                self.distinct.len() - 1
            }
        };
        format_ident!("{}_{at}", self.prefix)
    }

    /// The statics (one a preview entry alone names is unused without the `preview` feature).
    pub(super) fn statics(&self) -> Vec<TokenStream> {
        let ty = &self.ty;
        let statics = self.distinct.iter().enumerate().map(|(at, (_, value))| {
            let name = format_ident!("{}_{at}", self.prefix);
            quote!(#[allow(dead_code)] static #name: #ty = #value;)
        });
        statics.collect()
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::Statics;

    #[test]
    fn a_value_named_twice_is_one_static() {
        let mut statics = Statics::new("OUTLINE", quote!(rt::FakeOutline));
        assert_eq!(statics.name(quote!(rt::FakeOutline::Id)), "OUTLINE_0");
        assert_eq!(statics.name(quote!(rt::FakeOutline::Kept)), "OUTLINE_1");
        assert_eq!(statics.name(quote!(rt::FakeOutline::Id)), "OUTLINE_0");
        assert_eq!(statics.statics().len(), 2);
    }
}
