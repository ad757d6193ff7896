//! Which Atlas operation a method and path are: the mock's table of every operation and
//! version of the enabled tags.

use super::check::Checks;
use crate::path::Fit;
use crate::request::{Call, Method, Operation};

/// An operation and version the mock knows, with the check Atlas makes of its request body
/// (writable required fields present, values of closed enums), made on every request it
/// answers, whether or not an expectation is set.
#[derive(Clone, Copy)]
pub struct Known {
    pub(crate) operation: &'static Operation,
    pub(crate) check_body: fn(&[u8]) -> Result<(), String>,
    /// The spec's value constraints on path parameters and body fields, when it has any.
    pub(crate) checks: Option<&'static Checks>,
    /// The success response's example as JSON: the media type's own, or composed from its
    /// schema's examples as Atlas's reference shows it (the mock's default answer). Only the
    /// mock's table holds it, so a build without the mock carries none.
    pub(crate) example: Option<&'static str>,
    /// Path parameters the body's union tag says too, with the tag's key: Atlas refuses a
    /// request where the two differ.
    pub(crate) ties: &'static [(&'static str, &'static str)],
}

impl Known {
    /// The entry of the builder `C`'s operation and version (what the generated table holds).
    pub fn of<C: Call>() -> Self {
        let check_body = |bytes: &[u8]| super::expect::decode::<C::Body>(bytes).map(drop);
        Known { operation: C::OPERATION, check_body, checks: None, example: None, ties: &[] }
    }

    /// The same, with the path parameters the body's union tag says too (the generated
    /// tables call it).
    #[allow(dead_code)]
    pub(crate) fn tied(self, ties: &'static [(&'static str, &'static str)]) -> Self {
        Known { ties, ..self }
    }

    /// The same, with the spec's value constraints (the generated tables call it; with no
    /// tag enabled there are none).
    #[allow(dead_code)]
    pub(crate) fn checked(self, checks: &'static Checks) -> Self {
        Known { checks: Some(checks), ..self }
    }

    /// The same, with the example the mock answers by default.
    #[allow(dead_code)]
    pub(crate) fn example(self, json: &'static str) -> Self {
        Known { example: Some(json), ..self }
    }
}

/// An entry of a table of operations (the mock's, or a layer's under it).
pub(crate) trait Routed: Copy {
    fn operation(&self) -> &'static Operation;
}

impl Routed for Known {
    fn operation(&self) -> &'static Operation {
        self.operation
    }
}

/// The operations whose method and path template match, most specific first (the most
/// literal segments: `/clusters/tenantUpgrade` before `/clusters/{clusterName}`; then the
/// most literal text around placeholders: `/{id}:inspect` before `/{id}`).
pub(crate) fn candidates<R: Routed>(operations: &[R], method: Method, path: &str) -> Vec<R> {
    let mut found: Vec<(Fit, R)> = operations
        .iter()
        .filter(|known| known.operation().method == method)
        .filter_map(|known| known.operation().path.fit(path).map(|fit| (fit, *known)))
        .collect();
    found.sort_by_key(|(fit, _)| std::cmp::Reverse(*fit));
    let best = found.first().map(|(fit, _)| *fit);
    found.into_iter().filter(|(fit, _)| Some(*fit) == best).map(|(_, op)| op).collect()
}

/// The operations' method a request's method is, if it is one: the name read without regard
/// to case, as Atlas routes it.
pub(crate) fn method_of(received: &http::Method) -> Option<Method> {
    [Method::Get, Method::Post, Method::Put, Method::Patch, Method::Delete]
        .into_iter()
        .find(|method| method.as_str().eq_ignore_ascii_case(received.as_str()))
}

#[cfg(test)]
mod tests {
    use super::{candidates, method_of, Known};
    use crate::request::Operation;

    fn known(operation: &'static Operation) -> Known {
        Known { operation, check_body: |_| Ok(()), checks: None, example: None, ties: &[] }
    }

    use crate::path::{lit, param, PathTemplate};
    use crate::request::Method;

    const ID: crate::path::Segment = param("", "id", "");
    const NAME: crate::path::Segment = param("", "name", "");

    const fn op(id: &'static str, method: Method, path: PathTemplate) -> Operation {
        Operation::new(id, method, path, "2024-08-05", "a", None, 200)
    }

    static GET: Operation =
        op("get", Method::Get, PathTemplate::new("/g/{id}/clusters/{name}", &[lit("g"), ID, lit("clusters"), NAME]));
    static UPGRADE: Operation = op(
        "upgrade",
        Method::Get,
        PathTemplate::new("/g/{id}/clusters/tenantUpgrade", &[lit("g"), ID, lit("clusters"), lit("tenantUpgrade")]),
    );
    static PIN: Operation = op(
        "pin",
        Method::Post,
        PathTemplate::new("/g/{id}/clusters/{name}:pin", &[lit("g"), ID, lit("clusters"), param("", "name", ":pin")]),
    );
    static INSPECT: Operation = op(
        "inspect",
        Method::Get,
        PathTemplate::new(
            "/g/{id}/clusters/{name}:inspect",
            &[lit("g"), ID, lit("clusters"), param("", "name", ":inspect")],
        ),
    );

    #[test]
    fn the_most_literal_template_wins_and_suffixes_count() {
        let all = [known(&GET), known(&UPGRADE), known(&PIN), known(&INSPECT)];
        let inspect = candidates(&all, Method::Get, "/g/1/clusters/Cluster0:inspect");
        assert_eq!(inspect.iter().map(|k| k.operation.id).collect::<Vec<_>>(), ["inspect"], "the suffix is literal");
        assert_eq!(candidates(&all, Method::Get, "/g/1/clusters/tenantUpgrade")[0].operation.id, "upgrade");
        assert_eq!(candidates(&all, Method::Get, "/g/1/clusters/Cluster0")[0].operation.id, "get");
        assert_eq!(candidates(&all, Method::Post, "/g/1/clusters/Cluster0:pin")[0].operation.id, "pin");
        assert!(candidates(&all, Method::Post, "/g/1/clusters/Cluster0").is_empty());
        assert!(candidates(&all, Method::Get, "/g/1/clusters").is_empty());
        assert!(candidates(&all, Method::Get, "/g//clusters/x").is_empty(), "a placeholder is never empty");
    }

    #[test]
    fn a_method_is_read_without_regard_to_case() {
        assert_eq!(method_of(&http::Method::GET), Some(Method::Get));
        assert_eq!(method_of(&http::Method::from_bytes(b"patch").unwrap()), Some(Method::Patch));
        assert_eq!(method_of(&http::Method::OPTIONS), None);
    }
}
