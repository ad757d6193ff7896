//! A fake Atlas that keeps state (cargo feature `fake`): a create, then a get, a patch, a
//! list and a delete are answered as Atlas would, without scripting each answer.
//!
//! ```
//! # #[cfg(all(feature = "clusters", feature = "projects"))]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), atlas_api::Error> {
//! use atlas_api::fake::FakeAtlas;
//! use atlas_api::types::{ClusterDescription20240805 as Cluster, Group, ReplicationSpec20240805};
//! use atlas_api::types::{AwsHardwareSpec20240805, AwsHardwareSpec20240805InstanceSize, AwsRegionConfig20240805};
//!
//! let fake = FakeAtlas::start().await;
//! let client = fake.client();
//! let project = client.projects().create_group(Group::new("Shop", FakeAtlas::ORG_ID)).await?;
//! let group = project.id.clone().unwrap_or_default(); // the fake gives the id, as Atlas does
//!
//! // What Atlas requires of a cluster: its type, and each zone's regions with their
//! // priority and nodes (it refuses less, and so does the fake).
//! let nodes = AwsHardwareSpec20240805::new().instance_size(AwsHardwareSpec20240805InstanceSize::M10).node_count(3);
//! let region = AwsRegionConfig20240805::new().provider_name("AWS").region_name("US_EAST_1").priority(7);
//! let zone = ReplicationSpec20240805::new().region_configs([region.electable_specs(nodes).into()]);
//! let cluster = Cluster::new().name("Cluster0").cluster_type("REPLICASET").replication_specs([zone]);
//! client.clusters().create_cluster(&group, cluster).await?;
//! let read = client.clusters().get_cluster(&group, "Cluster0").await?;
//! assert_eq!(read.name.as_deref(), Some("Cluster0"));
//! let stored = fake.stored(client.clusters().get_cluster(&group, "Cluster0"));
//! assert_eq!(stored.and_then(|cluster| cluster.name), Some("Cluster0".to_owned()));
//!
//! client.clusters().delete_cluster(&group, "Cluster0").await?;
//! fake.advance(); // past DELETING, as `wait_until_cluster_deleted` would see it
//! let gone = client.clusters().get_cluster(&group, "Cluster0").await.unwrap_err();
//! assert_eq!(gone.error_code(), Some("CLUSTER_NOT_FOUND"));
//! # Ok(())
//! # }
//! # #[cfg(not(all(feature = "clusters", feature = "projects")))]
//! # fn main() {}
//! ```
//!
//! **What it models** is the generator's resource model (`codegen/src/lower/resources.rs`,
//! with `spec/resources.toml` for what the spec cannot say), emitted as each operation's role
//! in the fake's own table: a POST to a collection (`/groups/{groupId}/clusters`) stores the
//! body under the key its item path names (`{clusterName}` is the body's `name`, `{groupId}`
//! an id the fake gives in the field the answer holds it in) and fills what the server sets
//! (the fields `spec/request_fields.toml` keeps out of requests: an own `id`, a creation date,
//! `links`, the path's parameters); a POST of a list (an IP access list's entries, a project's
//! teams) adds or updates each item and answers the list; a create the table places (a
//! private endpoint service, posted to `…/privateEndpoint/endpointService`) is held where it
//! is read (`…/privateEndpoint/AWS/endpointService` for `"providerName": "AWS"`). A GET of the
//! item answers it, a PATCH merges into it, a PUT replaces it (keeping what the server set), a
//! DELETE removes it, and a GET of the collection pages over what exists (`pageNum`,
//! `itemsPerPage`, `includeCount`). A singleton (a cluster's backup schedule, a project's
//! settings) is read, changed and deleted in place, holding the spec's example until written;
//! one a POST creates (a search deployment) is missing until then.
//! A missing item, or a missing parent the fake could have created (the project of a
//! cluster), is a 404 with Atlas's error code where a source shows it (`GROUP_NOT_FOUND`,
//! `CLUSTER_NOT_FOUND`, ... in `spec/error_codes.toml`), else `RESOURCE_NOT_FOUND`; a second
//! item with the same key is a 409 (`DUPLICATE_CLUSTER_NAME`; `FAKE_DUPLICATE_ITEM` where no
//! source shows Atlas's code). A project is not deleted while it holds clusters, peerings,
//! private endpoint services or stream workspaces (a 409
//! `CANNOT_CLOSE_GROUP_ACTIVE_ATLAS_CLUSTERS`, ..., even while a cluster is `DELETING`); what
//! was under an item that is gone goes with it (a project's database users, a cluster's
//! snapshots, unless it was deleted with `retainBackups=true`). One organization,
//! [`FakeAtlas::ORG_ID`], exists from the start.
//!
//! **Answers** are put in the shape of the operation version's answer type (write-only
//! fields left out, what the type does not hold dropped) and checked against it: every
//! required field, only values the spec lists, a member of every union. An answer that breaks
//! that contract is still given, and the mock records a fault, so the test that caused it
//! fails. What Atlas sets that no table states (a snapshot's `type`, an API key's role
//! objects, an invitation's `PENDING`, a cluster's version and SRV string, when a restore or an
//! export ends, an online archive's pause) is in `behaviour/`, one entry per resource, with
//! what answers the calls the model gives no role (a team's `:addUser`, a user's `:addRole`,
//! a project's processes, their databases, disks and gzip logs, derived from its clusters).
//! A name Atlas keeps unique besides the key (a team's, a project's) is a 409 when repeated,
//! and a body naming an item that is not there (a restore's snapshot) is a 404, one that is
//! not yet in use (an AWS role not authorized, named by an export bucket) a 400.
//!
//! **Lifecycles**, from the waiters: a resource a waiter watches is created in that waiter's
//! pending state (a cluster `CREATING`, a snapshot `queued`, a search index `PENDING`) and
//! answers its done state (`IDLE`, `completed`, `READY`) from the second read on (a waiter done
//! when a field is set, a restore's `finishedAt`, sees it set then); a change (PATCH, PUT)
//! passes through the state the waiter's `changing` names (`UPDATING`); a deletion passes
//! through `DELETING` (an AWS peering `TERMINATING`) where a waiter of the resource names it,
//! and is then gone. A waiter for one kind of a resource (`when` in `spec/waiters.toml`: an
//! AWS peering reads `statusName`, an Azure one `status`) steps only that kind. So
//! `wait_until_cluster_idle` and the other waiters work against the fake unchanged (on
//! tokio's paused clock, without waiting). [`FakeAtlas::advance`] brings everything to its
//! end now, [`FakeAtlas::hold`] keeps a resource where it is, and [`FakeAtlas::put`] sets it to
//! any value (a failure state), as a get would answer it.
//!
//! **Events**: a call that Atlas was seen to record an event for (`spec/events.toml`: a
//! project's creation as `GROUP_CREATED` in its organization's events, a database user's as
//! `MONGODB_USER_ADDED` in its project's, ...) records it, with the fields Atlas records and
//! the caller as Atlas names it (the API key's `apiKeyId` and `publicKey`, and the
//! `remoteAddress`; none in an event of Atlas's own work), and the events lists answer them
//! newest first. Started with an API key's credentials, the fake holds that key among its
//! organization's ([`FakeAtlas::CALLER_KEY_ID`]).
//!
//! **Coverage**: with every tag, 424 of the 598 operation versions are answered from state
//! ([`FakeAtlas::coverage`]): those of every collection the API creates items in (projects,
//! clusters in every version, flex clusters, database users, custom roles, teams, snapshots,
//! search indexes, IP access lists, private endpoint services, ...), the singletons under them
//! (backup schedules, project settings, ...) and the events lists. A collection Atlas fills by
//! itself (a project's alerts, a flex cluster's daily snapshots) is empty until a test
//! [`put`](FakeAtlas::put)s an item there; another that no call creates answers the spec's
//! example.
//!
//! **Versions**: an item is answered in the shape it was written in: by an operation of the
//! same dated version, or of another version that answers the same type (a cluster created
//! with `2024-10-23` is read with `2024-08-05`: both answer `ClusterDescription20240805`);
//! a version Atlas answers the item in another shape (a cluster read with `2023-02-01`) gets
//! that shape (`behaviour::cluster_versions`); any other version is refused with a 409
//! `FAKE_VERSION_MISMATCH` naming both versions, never answered in a wrong shape.
//!
//! **Everything else** a [`MockAtlas`] does applies (the fake is a layer under it, and the
//! mock knows nothing of the fake): every request is checked as Atlas checks it, expectations set with [`expect`](MockAtlas::expect) answer before the state
//! does (so `fake.expect(call).rate_limited(..)` layers a fault on chosen calls), and an
//! operation the fake does not model (an action such as `:pin`, a singleton) is answered
//! with the spec's example.

mod behaviour;
mod codes;
mod create_placement;
mod entry;
pub(crate) mod events;
pub(crate) mod form;
mod kept_collections;
mod keys;
mod lifecycle;
mod model;
mod resource;
mod server_set;
mod shaped;
mod store;
mod versions;

use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::mock::MockAtlas;
use crate::request::Call;

use self::entry::RustType;
pub use self::entry::{FakeEntry, Outline};
#[doc(hidden)]
pub use self::model::{Key, Placement, Resource};
#[doc(hidden)]
pub use self::resource::Action;
use self::store::{Store, Written};

/// A mock Atlas that keeps state; see the [module docs](self). It dereferences to the
/// [`MockAtlas`] it is, for `client()`, `expect()`, `requests()` and `verify()`.
#[derive(Debug)]
pub struct FakeAtlas {
    mock: MockAtlas,
    /// The state, which the mock has as the layer under its expectations.
    store: Arc<Store>,
}

impl FakeAtlas {
    /// The organization that exists from the start (24 hex digits, as Atlas's ids).
    pub const ORG_ID: &'static str = "5e2211c17a3e5a48f5497de0";

    /// Starts a fake that accepts the mock's service account
    /// ([`CLIENT_ID`](crate::mock::CLIENT_ID)).
    pub async fn start() -> Self {
        Self::start_from(MockAtlas::builder()).await
    }

    /// Starts a fake from a mock's builder: other credentials, or Atlas's rate limits
    /// ([`MockAtlasBuilder::rate_limit`](crate::mock::MockAtlasBuilder::rate_limit)).
    pub async fn start_from(builder: crate::mock::MockAtlasBuilder) -> Self {
        let store = Arc::new(Store::new(crate::generated::tables::fake_entries()));
        let mock = builder.layer(store.clone()).start().await;
        let fake = FakeAtlas { mock, store };
        fake.seed_organization();
        fake
    }

    fn store(&self) -> &Store {
        &self.store
    }

    /// The organization's owner, [`FakeAtlas::OWNER_USERNAME`], an active member since the
    /// organization was made: every organization has one (each recorded `listOrgUsers` page
    /// holds an `ORG_OWNER` who has signed in). A project created without `projectOwnerId`
    /// is owned by it (`GROUP_OWNER`, one of the project's users), as Atlas gives a new
    /// project to the organization's oldest owner.
    pub const OWNER_ID: &'static str = "5e2211c17a3e5a48f5497de1";
    /// The owner's username (an email address, as Atlas's usernames are).
    pub const OWNER_USERNAME: &'static str = "owner@example.com";

    /// The organization [`FakeAtlas::ORG_ID`], written as `getOrg` answers it, and its owner.
    fn seed_organization(&self) {
        // As recorded `getOrg` answers (1387c63a38d17f75).
        let path = format!("/api/atlas/v2/orgs/{}", Self::ORG_ID);
        let org = serde_json::json!({"id": Self::ORG_ID, "name": "Fake organization", "isDeleted": false,
            "skipDefaultAlertsSettings": false, "links": server_set::self_link(&path)});
        self.seed("getOrg", &path, org);
        // As recorded `listOrgUsers` (2025-02-19) and `getUser` answers hold an active owner:
        // its profile, when it joined and last signed in, its roles, no team yet.
        let (id, username) = (Self::OWNER_ID, Self::OWNER_USERNAME);
        let joined = "2020-01-06T09:00:00Z";
        let signed_in = server_set::now();
        let member = serde_json::json!({"id": id, "username": username, "country": "US", "firstName": "Fake",
            "lastName": "Owner", "createdAt": joined, "lastAuth": signed_in, "orgMembershipStatus": "ACTIVE",
            "roles": {"orgRoles": ["ORG_OWNER"], "groupRoleAssignments": []}, "teamIds": []});
        self.seed("getOrgUser", &format!("{path}/users/{id}"), member);
        let path = format!("/api/atlas/v2/users/{id}");
        let user = serde_json::json!({"id": id, "username": username, "emailAddress": username, "country": "US",
            "firstName": "Fake", "lastName": "Owner", "createdAt": joined, "lastAuth": signed_in,
            "roles": [{"orgId": Self::ORG_ID, "roleName": "ORG_OWNER"}], "teamIds": [],
            "links": server_set::self_link(&path)});
        self.seed("getUser", &path, user);
        self.seed_caller_key();
    }

    /// The id of the caller's API key ([`FakeAtlas::start_from`] with an API key's
    /// credentials): one of the organization's keys, as the key that calls Atlas is one of
    /// its organization's, and the key the events of its calls name (`apiKeyId`).
    pub const CALLER_KEY_ID: &'static str = "5e2211c17a3e5a48f5497de2";

    /// The API key the fake's mock takes, when it takes one, as `getOrgApiKey` answers it:
    /// an owner of the organization (its private key, which every read answers redacted:
    /// `behaviour::as_read`).
    fn seed_caller_key(&self) {
        let crate::auth::Expected::ApiKey { public, private } = self.mock.credentials().expected() else { return };
        let path = format!("/api/atlas/v2/orgs/{}/apiKeys/{}", Self::ORG_ID, Self::CALLER_KEY_ID);
        let key = serde_json::json!({"id": Self::CALLER_KEY_ID, "desc": "The fake's caller", "publicKey": public,
            "privateKey": private, "roles": [{"orgId": Self::ORG_ID, "roleName": "ORG_OWNER"}],
            "links": server_set::self_link(&path)});
        self.seed("getOrgApiKey", &path, key);
    }

    /// Writes `value` at `path`, as the newest version of the read `operation` answers it.
    /// Nothing, when the read's tag is not enabled.
    fn seed(&self, operation: &'static str, path: &str, value: serde_json::Value) {
        let Some(known) = self.store().newest(operation) else { return };
        let put = self.put_at(known, path, value);
        debug_assert!(put, "{operation} reads no item the fake keeps at {path}");
    }

    /// Puts `value` at `path` (as requests address it), as `version` of the read `operation`
    /// (its id) answers it: what [`put`](Self::put) does, for a suite that speaks raw HTTP (an
    /// item only Atlas makes, put as a test puts one). Whether it was put: `false` when that
    /// operation reads no one item the fake keeps at `path`, or answers it from other state
    /// (a project's processes, from its clusters).
    #[doc(hidden)]
    pub fn put_json(&self, operation: &str, version: &str, path: &str, value: serde_json::Value) -> bool {
        let entries = &self.store().entries;
        let known = entries.iter().find(|known| known.operation.id == operation && known.operation.version == version);
        let read_as_put = known.filter(|known| !behaviour::calls::handles(known.operation.id, version));
        read_as_put.is_some_and(|known| self.put_at(known, path, value))
    }

    /// Puts `value` at `path` as `known`, a read of one item the store keeps, answers it.
    fn put_at(&self, known: &entry::FakeEntry, path: &str, value: serde_json::Value) -> bool {
        let read = known.operation;
        if !read.path.matches(path) {
            return false;
        }
        let written = Written { operation: read.id, version: read.version, shape: known.output };
        let reads = known.role.filter(|(action, _)| *action == resource::Action::Read);
        let target = reads.and_then(|(action, of)| resource::target(read, action, of.singleton, path));
        let Some(item) = target.and_then(|target| target.item) else { return false };
        self.store().put(&item, path, written, value);
        true
    }

    /// The fields a create in `collection` (a path template as the spec writes it) names
    /// other items by, which the fake requires to exist: each field's JSON pointer in the
    /// body, the named item's path template, and whether it must be in use too (an AWS role
    /// authorized). For a suite that leads the fake as a caller would.
    #[doc(hidden)]
    pub fn names(collection: &str) -> Vec<(String, &'static str, bool)> {
        behaviour::names(collection)
    }

    /// How many operation versions the fake answers from its state, and how many with the
    /// spec's example.
    pub fn coverage(&self) -> Coverage {
        let entries = &self.store().entries;
        let stateful = entries.iter().filter(|known| self.store().modelled(known)).count();
        Coverage { stateful, examples: entries.len() - stateful }
    }

    /// The operations (id and version) the fake answers from its state, in the table's order.
    #[doc(hidden)]
    pub fn stateful_operations(&self) -> Vec<(&'static str, &'static str)> {
        let modelled = self.store().entries.iter().filter(|known| self.store().modelled(known));
        modelled.map(|known| (known.operation.id, known.operation.version)).collect()
    }

    /// Whether the fake answers `call`'s operation and version from its state.
    pub fn models<C: Call>(&self, _call: C) -> bool {
        self.store().entry(C::OPERATION).is_some_and(|known| self.store().modelled(known))
    }

    /// Brings every resource on its way to a waiter's end state there now: created or
    /// changed ones to their done state (`IDLE`), deleted ones gone. Those held stay.
    pub fn advance(&self) {
        self.store().advance();
    }

    /// Holds the resource `call` reads (a get builder, never sent) in the state it is in now,
    /// e.g. `CREATING`, so a test sees a wait run out.
    ///
    /// Panics when the fake holds no such resource.
    #[track_caller]
    pub fn hold<C: Call>(&self, call: C) {
        let (item, _) = item_of::<C>(self.store(), call);
        assert!(self.store().hold(&item), "the fake holds no {} in {}", item.key, item.collection);
    }

    /// Puts `value` where `call` reads (a get builder, never sent), as that call answers it:
    /// a seed, or a resource sent to a state the test wants (`FAILED`), held there.
    #[track_caller]
    pub fn put<C: Call>(&self, call: C, value: &C::Output)
    where
        C::Output: serde::Serialize,
    {
        let (item, path) = item_of::<C>(self.store(), call);
        let written =
            Written { operation: C::OPERATION.id, version: C::OPERATION.version, shape: RustType::of::<C::Output>() };
        let value = serde_json::to_value(value).expect("a generated type encodes as JSON");
        self.store().put(&item, &path, written, value);
    }

    /// What the fake holds at the item `call` reads (a get builder, never sent), decoded as
    /// that call's answer: `None` when there is no such item.
    ///
    /// Panics when the item was written in a shape other than the call's answer, or when
    /// `call` does not address an item.
    #[track_caller]
    pub fn stored<C: Call>(&self, call: C) -> Option<C::Output>
    where
        C::Output: DeserializeOwned,
    {
        let (item, _) = item_of::<C>(self.store(), call);
        let found = self.store().item_at(&item)?;
        let shape = RustType::of::<C::Output>();
        let readable = versions::readable(&found.written, C::OPERATION.version, shape);
        assert!(readable, "{} was written in another shape than {} answers", item.key, C::OPERATION.id);
        match serde_json::from_value(found.value) {
            Ok(value) => Some(value),
            Err(error) => panic!("the fake's {} does not decode as {}: {error}", item.key, C::OPERATION.id),
        }
    }
}

/// How many operation versions of the enabled tags the fake answers from its state, and how
/// many with the spec's example (see [`FakeAtlas::coverage`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Coverage {
    pub stateful: usize,
    pub examples: usize,
}

/// The item a get builder reads, with its path.
#[track_caller]
fn item_of<C: Call>(store: &Store, call: C) -> (resource::Address, String) {
    let (_, request) = call.into_parts();
    let singleton = store.entry(C::OPERATION).and_then(|entry| entry.role).is_some_and(|(_, of)| of.singleton);
    // A read of the item, whatever the builder does to it (a get builder, in practice).
    let target = resource::target(C::OPERATION, resource::Action::Read, singleton, &request.path);
    match target.and_then(|target| target.item) {
        Some(item) => (item, request.path),
        None => panic!("{} does not read one item the fake keeps", C::OPERATION.id),
    }
}

impl std::ops::Deref for FakeAtlas {
    type Target = MockAtlas;

    fn deref(&self) -> &MockAtlas {
        &self.mock
    }
}
