//! Who Atlas names as the caller of a call, in the events it records: the API key that signed
//! it, by the id of the organization's key with its public key and by that public key, and the
//! address it came from (every recorded event of a call names all three).

use super::named::{org_keys, Collections, ORGS};
use crate::fake::events::Actor;
use crate::mock::layer::Caller;

/// `caller` as Atlas names it, its key looked up among the organizations' keys.
pub(crate) fn actor(caller: Caller<'_>, collections: &Collections) -> Actor {
    let key_id = caller.api_key.and_then(|public| key_id(collections, public));
    Actor {
        api_key_id: key_id,
        public_key: caller.api_key.map(str::to_owned),
        remote_address: caller.address.map(|address| address.to_string()),
    }
}

/// The id of the organization's API key with the public key `public`.
fn key_id(collections: &Collections, public: &str) -> Option<String> {
    let orgs = collections.range(format!("{ORGS}/")..).take_while(|(path, _)| path.starts_with(ORGS));
    let mut held = orgs.filter(|(path, _)| org_keys(path)).flat_map(|(_, items)| items);
    held.find(|item| item.value["publicKey"] == public).map(|item| item.key.clone())
}
