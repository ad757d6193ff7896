//! Path templates, parsed when the code was generated: the client fills them, the mock
//! matches requests against them, and neither parses the template's text again.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// An operation's path template (`/api/atlas/v2/groups/{groupId}/clusters/{clusterName}`),
/// as runs of literal segments and parameter segments.
#[derive(Debug, Clone, Copy)]
pub struct PathTemplate {
    text: &'static str,
    segments: &'static [Segment],
}

/// A run of a path template's `/`-separated segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Segment {
    /// Literal segments, sent as they are, with the `/` between them (`api/atlas/v2/groups`).
    Literal(&'static str),
    /// A path parameter with the literal text around it (`{clusterName}:pin`).
    Param { prefix: &'static str, name: &'static str, suffix: &'static str },
}

/// A path parameter whose value would address another resource: empty, or `.`/`..` as a
/// whole segment (which URL parsing would remove or climb by).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnsafeParameter {
    pub(crate) name: &'static str,
    pub(crate) value: String,
}

/// How well a sent path fits a template: its literal segments, then the literal text around
/// its parameters (`/{id}:inspect` fits better than `/{id}`).
pub(crate) type Fit = (usize, usize);

impl PathTemplate {
    #[doc(hidden)]
    pub const fn new(text: &'static str, segments: &'static [Segment]) -> Self {
        Self { text, segments }
    }

    /// The template as the spec writes it.
    pub const fn as_str(&self) -> &'static str {
        self.text
    }

    pub const fn segments(&self) -> &'static [Segment] {
        self.segments
    }

    /// The names of its parameters, in path order.
    pub fn parameters(&self) -> impl Iterator<Item = &'static str> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Param { name, .. } => Some(*name),
            Segment::Literal(_) => None,
        })
    }

    /// Whether `path` (as sent, percent-encoded) is one of this template's: each parameter
    /// stands for one non-empty segment with the template's text around it.
    pub fn matches(&self, path: &str) -> bool {
        self.fit(path).is_some()
    }

    /// The path with `values` (one per parameter, in path order) percent-encoded in place;
    /// a value that would address another resource is reported, not sent.
    pub(crate) fn fill(&self, values: &[&str]) -> Result<String, UnsafeParameter> {
        let mut path = String::with_capacity(self.text.len() + values.iter().map(|v| v.len()).sum::<usize>());
        let mut values = values.iter();
        for segment in self.segments {
            path.push('/');
            match segment {
                Segment::Literal(text) => path.push_str(text),
                Segment::Param { prefix, name, suffix } => {
                    let value = values.next().copied().unwrap_or_default();
                    let whole = prefix.is_empty() && suffix.is_empty();
                    if value.is_empty() || (whole && matches!(value, "." | "..")) {
                        return Err(UnsafeParameter { name, value: value.to_owned() });
                    }
                    path.push_str(prefix);
                    path.extend(utf8_percent_encode(value, SEGMENT));
                    path.push_str(suffix);
                }
            }
        }
        Ok(path)
    }

    /// Whether `path` (as sent, percent-encoded) fits the template, and how well: each
    /// parameter stands for one non-empty segment with the template's text around it.
    pub(crate) fn fit(&self, path: &str) -> Option<Fit> {
        let sent = path.strip_prefix('/')?;
        let mut sent = sent.split('/');
        let (mut literal, mut around) = (0, 0);
        for segment in self.segments {
            match segment {
                Segment::Literal(text) => {
                    for expected in text.split('/') {
                        (sent.next()? == expected).then_some(())?;
                        literal += 1;
                    }
                }
                Segment::Param { prefix, suffix, .. } => {
                    param_value(sent.next()?, prefix, suffix)?;
                    around += prefix.len() + suffix.len();
                }
            }
        }
        sent.next().is_none().then_some((literal, around))
    }

    /// The parameters `path` carries, by name, as sent (percent-encoded); `path` fits.
    #[cfg(any(feature = "mock", test))]
    pub(crate) fn values(&self, path: &str) -> Vec<(&'static str, String)> {
        let mut parts = path.strip_prefix('/').unwrap_or(path).split('/');
        let mut values = Vec::new();
        for segment in self.segments {
            match segment {
                Segment::Literal(text) => {
                    for _ in text.split('/') {
                        parts.next();
                    }
                }
                Segment::Param { prefix, name, suffix } => {
                    if let Some(value) = parts.next().and_then(|part| param_value(part, prefix, suffix)) {
                        values.push((*name, value.to_owned()));
                    }
                }
            }
        }
        values
    }
}

/// A literal segment (what generated templates spell).
#[doc(hidden)]
pub const fn lit(text: &'static str) -> Segment {
    Segment::Literal(text)
}

/// A parameter segment (what generated templates spell).
#[doc(hidden)]
pub const fn param(prefix: &'static str, name: &'static str, suffix: &'static str) -> Segment {
    Segment::Param { prefix, name, suffix }
}

impl std::fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text)
    }
}

/// The value in a sent segment between a parameter's prefix and suffix, if it is there
/// and not empty.
fn param_value<'p>(part: &'p str, prefix: &str, suffix: &str) -> Option<&'p str> {
    let value = part.strip_prefix(prefix)?.strip_suffix(suffix)?;
    (!value.is_empty()).then_some(value)
}

/// Characters left as they are in a path segment: RFC 3986's unreserved set. Everything
/// else, `/`, `%`, `?`, `#` and spaces included, is percent-encoded, so a value always stays
/// one segment and reaches the server exactly as given.
pub(crate) const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A path parameter, percent-encoded as a single path segment.
#[cfg(test)]
fn segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::{PathTemplate, Segment, UnsafeParameter};

    const CLUSTER: PathTemplate = PathTemplate::new(
        "/api/g/{groupId}/clusters/{clusterName}:pin",
        &[
            Segment::Literal("api/g"),
            Segment::Param { prefix: "", name: "groupId", suffix: "" },
            Segment::Literal("clusters"),
            Segment::Param { prefix: "", name: "clusterName", suffix: ":pin" },
        ],
    );

    #[test]
    fn values_are_filled_in_as_one_encoded_segment_each() {
        let path = CLUSTER.fill(&["5f0a", "my cluster/../x"]).unwrap();
        assert_eq!(path, "/api/g/5f0a/clusters/my%20cluster%2F..%2Fx:pin");
        assert_eq!(
            CLUSTER.values(&path),
            [("groupId", "5f0a".into()), ("clusterName", "my%20cluster%2F..%2Fx".into())]
        );
        assert_eq!(CLUSTER.parameters().collect::<Vec<_>>(), ["groupId", "clusterName"]);
    }

    #[test]
    fn segments_keep_values_whole() {
        assert_eq!(super::segment("Cluster0"), "Cluster0");
        assert_eq!(super::segment("a/b c%2F?#"), "a%2Fb%20c%252F%3F%23");
        assert_eq!(super::segment("é"), "%C3%A9");
    }

    #[test]
    fn dot_segments_and_empty_values_are_refused_whole_segments_only() {
        let refused = |values: [&str; 2]| CLUSTER.fill(&values).err();
        assert_eq!(refused(["..", "c"]), Some(UnsafeParameter { name: "groupId", value: "..".into() }));
        assert_eq!(refused([".", "c"]), Some(UnsafeParameter { name: "groupId", value: ".".into() }));
        assert_eq!(refused(["g", ""]), Some(UnsafeParameter { name: "clusterName", value: String::new() }));
        // `..:pin` is no dot segment, and `...` is a name.
        assert_eq!(refused(["g", ".."]), None);
        assert_eq!(refused(["...", "c"]), None);
    }

    #[test]
    fn a_sent_path_fits_segment_by_segment() {
        assert_eq!(CLUSTER.fit("/api/g/1/clusters/c:pin"), Some((3, 4)));
        assert!(CLUSTER.matches("/api/g/1/clusters/a%2Fb:pin"));
        assert_eq!(CLUSTER.fit("/api/g/1/clusters/:pin"), None, "a parameter is never empty");
        assert_eq!(CLUSTER.fit("/api/g//clusters/c:pin"), None);
        assert_eq!(CLUSTER.fit("/api/g/1/clusters/c"), None);
        assert_eq!(CLUSTER.fit("/api/g/1/clusters/c:pin/x"), None);
        assert_eq!(CLUSTER.fit("/api/h/1/clusters/c:pin"), None);
        assert_eq!(CLUSTER.fit("/api/g/1/clusters"), None);
    }
}
