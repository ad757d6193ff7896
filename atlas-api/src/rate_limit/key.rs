//! Which calls share a bucket: the scope and the endpoint set a path names.
//!
//! Atlas meters "endpoint sets" (endpoints that share limits) per scope (organization,
//! project, user or address), one token bucket per set and scope. The set of an endpoint
//! is not in the spec; the client takes the first resource under the scope as its set:
//! `/api/atlas/v2/groups/{groupId}/clusters/...` is the project's `clusters`,
//! `/api/atlas/v2/orgs/{orgId}/users` the organization's `users`, a path under neither is
//! the caller's (the client's credentials), and the token endpoint has a bucket of its own.

use std::fmt;

/// A token bucket the client keeps for Atlas: a scope and an endpoint set.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct BucketKey {
    scope: Scope,
    /// The first resource segment under the scope (`clusters`); empty for the scope itself.
    set: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Scope {
    Project(String),
    Organization(String),
    /// The caller: the client's credentials.
    User,
    /// `/api/oauth/token`, per address and service account.
    TokenEndpoint,
}

const API_PREFIX: &str = "/api/atlas/v2/";

impl BucketKey {
    /// The bucket of a request to `path` (as sent, percent-encoded, without the query).
    pub(crate) fn of_path(path: &str) -> Self {
        let rest = path.strip_prefix(API_PREFIX).unwrap_or(path.trim_start_matches('/'));
        let mut segments = rest.split('/').filter(|s| !s.is_empty());
        let first = segments.next().unwrap_or_default();
        let scoped = |scope: fn(String) -> Scope, segments: &mut dyn Iterator<Item = &str>| {
            let id = segments.next()?;
            Some(BucketKey { scope: scope(id.to_owned()), set: segments.next().unwrap_or_default().to_owned() })
        };
        let key = match first {
            "groups" => scoped(Scope::Project, &mut segments),
            "orgs" => scoped(Scope::Organization, &mut segments),
            _ => None,
        };
        key.unwrap_or_else(|| BucketKey { scope: Scope::User, set: first.to_owned() })
    }

    /// The endpoint set: the first resource segment under the scope (`clusters`), empty for
    /// the scope itself.
    #[cfg(feature = "mock")]
    pub(crate) fn set(&self) -> &str {
        &self.set
    }

    /// The service account token endpoint's bucket.
    pub(crate) fn token_endpoint() -> Self {
        BucketKey { scope: Scope::TokenEndpoint, set: String::new() }
    }
}

impl fmt::Display for BucketKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.scope {
            Scope::Project(id) => write!(f, "project {id}")?,
            Scope::Organization(id) => write!(f, "organization {id}")?,
            Scope::User => f.write_str("user")?,
            Scope::TokenEndpoint => return f.write_str("token endpoint"),
        }
        if !self.set.is_empty() {
            write!(f, " /{}", self.set)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::BucketKey;

    #[test]
    fn scopes_and_sets_come_from_the_path() {
        let shown = |path: &str| BucketKey::of_path(path).to_string();
        assert_eq!(shown("/api/atlas/v2/groups/g1/clusters/c0"), "project g1 /clusters");
        assert_eq!(shown("/api/atlas/v2/groups/g1"), "project g1");
        assert_eq!(shown("/api/atlas/v2/orgs/o1/users"), "organization o1 /users");
        assert_eq!(shown("/api/atlas/v2/groups"), "user /groups");
        assert_eq!(shown("/api/atlas/v2/clusters"), "user /clusters");
        assert_eq!(shown(""), "user");
        assert_eq!(BucketKey::token_endpoint().to_string(), "token endpoint");
        assert_eq!(
            BucketKey::of_path("/api/atlas/v2/groups/g1/clusters"),
            BucketKey::of_path("/api/atlas/v2/groups/g1/clusters/x/y")
        );
        assert_ne!(
            BucketKey::of_path("/api/atlas/v2/groups/g1/clusters"),
            BucketKey::of_path("/api/atlas/v2/groups/g2/clusters")
        );
    }
}
