//! Operations in the IR.

use super::TypeRef;
use crate::diagnostics::Pointer;

#[derive(Debug, Clone)]
pub struct Operation {
    /// The method name (snake_case), from `x-xgen-operation-id-override` or `operationId`.
    pub name: String,
    pub operation_id: String,
    /// `x-xgen-operation-id-override`, when the spec gives one.
    pub operation_id_override: Option<String>,
    pub method: super::Method,
    /// The path template as the spec writes it, e.g. `/api/atlas/v2/groups/{groupId}`.
    pub path: super::PathTemplate,
    /// The first tag, which groups the operation.
    pub tag: String,
    pub pointer: Pointer,
    pub parameters: Vec<Parameter>,
    /// Oldest first.
    pub versions: Vec<Version>,
    pub docs_url: Option<String>,
    pub roles: Vec<String>,
    pub deprecated: bool,
    /// The error statuses the spec documents (400 and up), ascending.
    pub refusals: Vec<u16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone)]
pub struct Parameter {
    /// The name on the wire.
    pub wire: String,
    /// The Rust identifier.
    pub ident: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    /// What the spec constrains of the value (the mock checks those of path parameters).
    pub limits: super::Limits,
    pub facts: Vec<String>,
    /// Where it is declared (after `$ref`).
    pub pointer: Pointer,
    /// A value the schema allows (its example, or the simplest one): for calls that
    /// exercise every operation (`Config::testkit`; `null` otherwise).
    pub synth: serde_json::Value,
}

/// How a body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    Json,
    Gzip,
    Csv,
}

#[derive(Debug, Clone)]
pub struct Body {
    /// The full media type, e.g. `application/vnd.atlas.2024-08-05+json`.
    pub media_type: String,
    pub format: BodyFormat,
    /// `None` when the media type carries no schema.
    pub ty: Option<TypeRef>,
    /// What the spec constrains of the body as a whole (an array's item count, its items).
    pub check: super::Check,
    /// The media type's node in the spec.
    pub pointer: Pointer,
}

/// The version of an operation that names no dated media type at all: it is sent with
/// `application/json`.
pub const UNDATED: &str = "undated";

/// What a version's label says, read once from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionKind {
    /// `YYYY-MM-DD`: a dated version.
    Dated,
    /// `YYYY-MM-DD.upcoming`: announced, not yet released; never the default method's.
    Upcoming,
    /// `preview`: Atlas's preview media type.
    Preview,
    /// [`UNDATED`]: the operation names no dated media type and is sent as `application/json`.
    Undated,
}

impl VersionKind {
    /// The kind of the version labelled `label` (as read from its media type).
    pub fn of(label: &str) -> Self {
        match label {
            "preview" => Self::Preview,
            UNDATED => Self::Undated,
            _ if label.ends_with(".upcoming") => Self::Upcoming,
            _ => Self::Dated,
        }
    }
}

/// One dated version of an operation.
#[derive(Debug, Clone)]
pub struct Version {
    /// `YYYY-MM-DD`, `YYYY-MM-DD.upcoming`, `preview`, or [`UNDATED`].
    pub date: String,
    pub kind: VersionKind,
    /// Published as a preview: the `preview` version, or a dated one marked `x-xgen-preview`.
    pub preview: bool,
    /// `x-sunset`, when announced.
    pub sunset: Option<String>,
    pub request: Option<Body>,
    pub request_required: bool,
    /// A request body the schema allows (the media type's example, or a synthesized one).
    pub synth_body: Option<serde_json::Value>,
    /// A request body with every optional writable field set too (synthesized).
    pub synth_body_full: Option<serde_json::Value>,
    /// A request body with every property set, read-only ones too: what a value read from
    /// a response and written back holds (the request suite checks what the client sends).
    pub synth_body_all: Option<serde_json::Value>,
    /// The documented success status (the lowest 2xx) and its body, if it has one.
    pub success_status: u16,
    pub response: Option<Body>,
    /// The response's example as compact JSON (the media type's, or composed from the
    /// schema's examples), for the mock's default answer.
    pub response_example: Option<String>,
    /// How to walk its pages, when the lowering found this version to be a list.
    pub paging: Option<Paging>,
    /// A path parameter that says what the request body's union tag says (decided after
    /// lowering).
    pub tie: Option<Tie>,
    /// Where the server sets fields in what a create, a replace or a change answers, for
    /// the fake (decided after lowering).
    pub server_set: Option<super::ServerSet>,
}

/// A path parameter whose allowed values are the tag values of the request body's union
/// (`{integrationType}` and a `ThirdPartyIntegration` chosen by `type`): the two say the same
/// thing, and Atlas refuses a request where they differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tie {
    /// The path parameter's wire name.
    pub param: String,
    /// The union's tag property (its JSON key).
    pub property: String,
    /// The union the body holds (through aliases).
    pub union: super::TypeId,
    pub kind: TieKind,
}

/// How a request keeps the path parameter and the body's tag in agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TieKind {
    /// Every member of the union has one tag value of its own: the path is filled from the
    /// body's member (or an unknown value's own tag) and the method takes no argument for it.
    FromBody,
    /// A member carries several tag values: the argument stays, and a request whose body's
    /// tag differs from it is refused before it is sent.
    Checked,
}

/// A list version (`pageNum` in, `results` and `totalCount` out), as the lowering found it:
/// what the emitter needs to walk its pages, every part already checked.
#[derive(Debug, Clone)]
pub struct Paging {
    /// The `pageNum` query parameter (an index into [`Operation::parameters`]), an integer.
    pub page_num: usize,
    /// The `itemsPerPage` query parameter, if the operation has one.
    pub page_size: Option<usize>,
    /// The page: a struct whose `results` field (an index into its fields) holds a list and
    /// whose `totalCount` field is an integer.
    pub page: super::TypeId,
    pub results: usize,
    pub total: usize,
    /// The type of one item of `results`.
    pub item: TypeRef,
}

impl Version {
    /// Whether it fills path parameter `wire` from its body's tag (the method takes no
    /// argument for it).
    pub fn fills_from_body(&self, wire: &str) -> bool {
        self.tie.as_ref().is_some_and(|t| t.kind == TieKind::FromBody && t.param == wire)
    }

    /// Neither a preview nor an upcoming version: what the default method may use.
    pub fn is_stable(&self) -> bool {
        !self.preview && self.kind != VersionKind::Upcoming
    }

    /// The exact `Accept` this version needs: its response's dated media type, or the
    /// version's JSON one when it answers without a body.
    pub fn accept(&self) -> String {
        match &self.response {
            Some(body) => body.media_type.clone(),
            None if self.kind == VersionKind::Undated => "application/json".to_owned(),
            None => format!("application/vnd.atlas.{}+json", self.date),
        }
    }

    /// Whether it answers with a download (`+gzip`, `+csv`) rather than JSON.
    pub fn is_download(&self) -> bool {
        self.response.as_ref().is_some_and(|b| b.format != BodyFormat::Json)
    }

    /// Every named type a call of this version mentions directly (parameters excluded).
    pub fn body_types(&self, out: &mut Vec<super::TypeId>) {
        for body in [&self.request, &self.response].into_iter().flatten() {
            if let Some(ty) = &body.ty {
                ty.ids(out);
            }
        }
    }
}

impl Operation {
    /// Path parameters in path order, then the other required ones, then the optional ones:
    /// the order of a method's arguments.
    pub fn ordered_parameters(&self) -> Vec<&Parameter> {
        let path_rank = |wire: &str| self.path.position(wire).unwrap_or(usize::MAX);
        let mut ordered: Vec<&Parameter> = self.parameters.iter().collect();
        ordered.sort_by_key(|p| match (p.location, p.required) {
            (ParamLocation::Path, _) => (0, path_rank(&p.wire)),
            (_, true) => (1, 0),
            (_, false) => (2, 0),
        });
        ordered
    }

    /// The request body's argument or builder method: `body`, unless a parameter has that name.
    pub fn body_ident(&self) -> &'static str {
        if self.parameters.iter().any(|p| p.ident == "body") {
            "request_body"
        } else {
            "body"
        }
    }

    /// Each version's method name: the plain name for the default version, the name with
    /// its date (`create_cluster_v2023_01_01`) for the others.
    pub fn method_names(&self) -> Vec<String> {
        (0..self.versions.len()).map(|v| self.method_name(v)).collect()
    }

    /// The method name of version `v`.
    pub fn method_name(&self, v: usize) -> String {
        if Some(v) == self.default_version() {
            self.name.clone()
        } else {
            crate::naming::version_method(&self.name, &self.versions[v].date)
        }
    }

    /// The version the plain method name uses: the newest stable one, else the newest.
    pub fn default_version(&self) -> Option<usize> {
        self.versions.iter().rposition(Version::is_stable).or_else(|| self.versions.len().checked_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::{VersionKind, UNDATED};

    #[test]
    fn a_label_is_read_once_into_its_kind() {
        assert_eq!(VersionKind::of("2024-08-05"), VersionKind::Dated);
        assert_eq!(VersionKind::of("2025-03-12.upcoming"), VersionKind::Upcoming);
        assert_eq!(VersionKind::of("preview"), VersionKind::Preview);
        assert_eq!(VersionKind::of(UNDATED), VersionKind::Undated);
        // A label that merely contains the word is not an upcoming version.
        assert_eq!(VersionKind::of("2025-03-12.upcoming-fix"), VersionKind::Dated);
    }
}
