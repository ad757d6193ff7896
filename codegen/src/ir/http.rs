//! The HTTP facts of an operation, typed: its method and its path template, parsed once
//! when the spec is lowered.

/// An HTTP method the Atlas API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    /// The method of an OpenAPI path item's key (`get`, `post`, ...); `None` for those the
    /// client does not send (`head`, `options`, `trace`).
    pub fn of_key(key: &str) -> Option<Self> {
        Some(match key {
            "get" => Method::Get,
            "post" => Method::Post,
            "put" => Method::Put,
            "patch" => Method::Patch,
            "delete" => Method::Delete,
            _ => return None,
        })
    }

    /// Upper case, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// The runtime's variant name (`Get`).
    pub fn variant(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Put => "Put",
            Method::Patch => "Patch",
            Method::Delete => "Delete",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A path template (`/api/atlas/v2/groups/{groupId}/clusters/{clusterName}:pin`), as its
/// `/`-separated segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    text: String,
    segments: Vec<Segment>,
}

/// One `/`-separated segment of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    /// A placeholder with the literal text around it in its segment.
    Param {
        prefix: String,
        name: String,
        suffix: String,
    },
}

impl PathTemplate {
    /// Parses `text`: it starts with `/`, and each segment holds at most one `{name}`,
    /// with a non-empty name and balanced braces.
    pub fn parse(text: &str) -> Result<Self, String> {
        let Some(rest) = text.strip_prefix('/') else {
            return Err(format!("the path `{text}` does not start with `/`"));
        };
        let segments = rest.split('/').map(|segment| Self::segment(text, segment)).collect::<Result<_, _>>()?;
        Ok(Self { text: text.to_owned(), segments })
    }

    fn segment(text: &str, segment: &str) -> Result<Segment, String> {
        let bad = || format!("the path `{text}` has a segment `{segment}` that is not text around one `{{name}}`");
        match (segment.find('{'), segment.find('}')) {
            (None, None) => Ok(Segment::Literal(segment.to_owned())),
            (Some(open), Some(close)) if open < close => {
                let (name, suffix) = (&segment[open + 1..close], &segment[close + 1..]);
                let clean = |s: &str| !s.contains(['{', '}']);
                if name.is_empty() || !clean(name) || !clean(suffix) {
                    return Err(bad());
                }
                Ok(Segment::Param {
                    prefix: segment[..open].to_owned(),
                    name: name.to_owned(),
                    suffix: suffix.to_owned(),
                })
            }
            _ => Err(bad()),
        }
    }

    /// The template as the spec writes it.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The parameter names, in path order.
    pub fn parameters(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Param { name, .. } => Some(name.as_str()),
            Segment::Literal(_) => None,
        })
    }

    /// Where parameter `name` is in the path (its rank among the parameters).
    pub fn position(&self, name: &str) -> Option<usize> {
        self.parameters().position(|p| p == name)
    }
}

impl std::fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// Whether `segment` is a whole parameter (`{clusterName}`, no text around it).
pub(crate) fn whole(segment: &Segment) -> Option<&str> {
    match segment {
        Segment::Param { prefix, name, suffix } if prefix.is_empty() && suffix.is_empty() => Some(name),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{PathTemplate, Segment};

    #[test]
    fn a_template_is_literal_segments_and_placeholders_with_text_around_them() {
        let template = PathTemplate::parse("/g/{groupId}/clusters/{clusterName}:pin").unwrap();
        assert_eq!(template.parameters().collect::<Vec<_>>(), ["groupId", "clusterName"]);
        assert_eq!(template.position("clusterName"), Some(1));
        assert_eq!(
            template.segments()[3],
            Segment::Param { prefix: String::new(), name: "clusterName".into(), suffix: ":pin".into() }
        );
    }

    #[test]
    fn a_malformed_template_is_refused_with_the_segment() {
        for text in ["g/{id}", "/g/{id", "/g/id}", "/g/{}", "/g/{a}{b}", "/g/}{"] {
            assert!(PathTemplate::parse(text).is_err(), "{text}");
        }
    }
}
