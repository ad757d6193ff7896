//! Which crate the generated operations go to, and so how they reach the runtime: the one
//! place that spells the runtime's paths the emitter writes.

use proc_macro2::TokenStream;
use quote::quote;

/// The crate the generated operations are compiled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Target {
    /// atlas-api itself: the runtime is its private `crate::__rt`, the accessors are inherent
    /// methods of `Client`, and (with cargo features) the mock's and the fake's tables are
    /// generated beside the operations.
    #[default]
    AtlasApi,
    /// A crate that depends on atlas-api (the tests' fixture crates): the runtime is
    /// `::atlas_api::__rt`, a `ClientExt` trait gives the accessors, and there is no mock or
    /// fake to generate tables for.
    Dependent,
}

impl Target {
    /// The path of the runtime module the operations call.
    pub(crate) fn runtime(self) -> TokenStream {
        match self {
            Target::AtlasApi => quote!(crate::__rt),
            Target::Dependent => quote!(::atlas_api::__rt),
        }
    }

    /// Whether the accessors are inherent methods of the runtime's `Client` (only the crate
    /// that defines it can add them); otherwise a `ClientExt` trait provides them.
    pub(crate) fn inherent_accessors(self) -> bool {
        self == Target::AtlasApi
    }

    /// Whether the mock's and the fake's tables are generated: inside atlas-api, where the
    /// mock and the fake are, behind its cargo features (`mock`, `fake`).
    pub(crate) fn mock_tables(self, cargo_features: bool) -> bool {
        self == Target::AtlasApi && cargo_features
    }

    /// The mock's request checks, which the generated `checks.rs` and tables refer to.
    pub(crate) fn mock_checks(self) -> TokenStream {
        quote!(crate::mock::check)
    }

    /// The fake, whose model types (`Resource`, `Key`, `events::Rule`) the tables build.
    pub(crate) fn fake(self) -> TokenStream {
        quote!(crate::fake)
    }

    /// The generated tree's root module in the crate (where `RESOURCES` is).
    pub(crate) fn generated(self) -> TokenStream {
        quote!(crate::generated)
    }
}
