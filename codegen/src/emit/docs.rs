//! Rustdoc attributes from IR facts.

use proc_macro2::TokenStream;
use quote::quote;

/// One paragraph per line; empty lines are left out.
pub(super) fn doc(lines: &[String]) -> TokenStream {
    let mut out = TokenStream::new();
    for (i, line) in lines.iter().filter(|l| !l.is_empty()).enumerate() {
        if i > 0 {
            out.extend(quote!(#[doc = ""]));
        }
        let line = format!(" {line}");
        out.extend(quote!(#[doc = #line]));
    }
    out
}
