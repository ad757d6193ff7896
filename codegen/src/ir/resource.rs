//! The fake's model of the resources the spec lays out (decided in `lower/resources.rs`).

/// A collection of items (`/groups/{groupId}/clusters`) or a singleton under an item
/// (`/groups/{groupId}/clusters/{clusterName}/backup/schedule`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// The collection's (or the singleton's) path template, as the spec writes it.
    pub collection: String,
    pub singleton: bool,
    /// The whole parameters after the collection that name an item, in path order.
    pub keys: Vec<Key>,
    /// Whether the API creates its items (a POST to it, or a create placed in it).
    pub creatable: bool,
}

/// One parameter naming an item: the body fields that carry its value, and the field of
/// the answer the server gives it in when no body field does (an id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub param: String,
    pub fields: Vec<String>,
    pub given: Option<String>,
    /// What a given id starts with, by the parameter's pattern (`mdb_sa_id_` for a service
    /// account's `clientId`).
    pub prefix: String,
}

/// What an operation does to a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    List,
    Read,
    Merge,
    Replace,
    Delete,
}

impl Action {
    pub fn variant(self) -> &'static str {
        match self {
            Action::Create => "Create",
            Action::List => "List",
            Action::Read => "Read",
            Action::Merge => "Merge",
            Action::Replace => "Replace",
            Action::Delete => "Delete",
        }
    }
}

/// An operation's part in the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// Index into `Api::resources`.
    pub resource: usize,
    pub action: Action,
    /// A create posted above its collection: where its path takes the parameter.
    pub placed: Option<Placement>,
    /// A delete's query parameter that keeps what is under the item (`retainBackups`).
    pub retain: Option<String>,
    /// A list's query parameters that name a field of its items (`providerName` of a
    /// project's containers): only the items whose field has the value sent are answered.
    pub filters: Vec<String>,
}

/// Where a create posted above its collection lands: the parameter inserted at `at` (among
/// the `/`-separated parts of its path, without the leading `/`), valued by a body field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub at: usize,
    pub param: String,
    pub field: String,
}
