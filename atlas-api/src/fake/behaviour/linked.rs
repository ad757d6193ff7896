//! Fields two resources hold as one: a change of either reads back in both.
//!
//! A cluster's TLS settings are its process arguments' (the Terraform provider's capture
//! `replicasetAdvConfigUpdate`: a PATCH of the cluster's `advancedConfiguration` with a
//! custom TLS 1.2 cipher reads back in `getClusterAdvancedConfiguration`, and both answer
//! `customOpensslCipherConfigTls13` once Atlas has it).

use serde_json::{Map, Value};

/// One set of fields an item (the owner) shares with the singleton under it (its part).
pub(crate) struct Linked {
    /// The owner's collection template, as the spec writes it.
    pub(crate) owner: &'static str,
    /// The part's template.
    pub(crate) part: &'static str,
    /// What the part's path adds to the owner's.
    pub(crate) suffix: &'static str,
    /// The object of the owner that holds the fields (the part holds them at its top).
    pub(crate) within: &'static str,
    pub(crate) fields: &'static [&'static str],
}

pub(crate) static LINKED: &[Linked] = &[Linked {
    owner: super::named::CLUSTERS,
    part: "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/processArgs",
    suffix: "/processArgs",
    within: "advancedConfiguration",
    fields: &[
        "customOpensslCipherConfigTls12",
        "customOpensslCipherConfigTls13",
        "minimumEnabledTlsProtocol",
        "tlsCipherConfigMode",
    ],
}];

impl Linked {
    /// Copies the linked fields the owner holds into its part.
    pub(crate) fn to_part(&self, owner: &Value, part: &mut Value) {
        if let (Some(from), Some(to)) = (owner.get(self.within).and_then(Value::as_object), part.as_object_mut()) {
            copy(self.fields, from, to);
        }
    }

    /// Copies the linked fields the part holds into its owner (when the owner has the object
    /// that holds them: a shared-tier cluster has no `advancedConfiguration`).
    pub(crate) fn to_owner(&self, part: &Value, owner: &mut Value) {
        let to = owner.get_mut(self.within).and_then(Value::as_object_mut);
        if let (Some(from), Some(to)) = (part.as_object(), to) {
            copy(self.fields, from, to);
        }
    }
}

fn copy(fields: &[&str], from: &Map<String, Value>, to: &mut Map<String, Value>) {
    for field in fields {
        if let Some(value) = from.get(*field) {
            to.insert((*field).to_owned(), value.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::LINKED;

    #[test]
    fn a_cluster_s_tls_settings_are_its_process_arguments_and_back() {
        let link = &LINKED[0];
        let mut cluster = json!({"advancedConfiguration": {"tlsCipherConfigMode": "CUSTOM",
            "customOpensslCipherConfigTls12": ["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"]}});
        let mut args = json!({"tlsCipherConfigMode": "DEFAULT", "noTableScan": false});
        link.to_part(&cluster, &mut args);
        assert_eq!(args["tlsCipherConfigMode"], "CUSTOM");
        assert_eq!(args["customOpensslCipherConfigTls12"][0], "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        assert_eq!(args["noTableScan"], false);
        args["minimumEnabledTlsProtocol"] = json!("TLS1_3");
        link.to_owner(&args, &mut cluster);
        assert_eq!(cluster["advancedConfiguration"]["minimumEnabledTlsProtocol"], "TLS1_3");
        let mut tenant = json!({"name": "free"});
        link.to_owner(&args, &mut tenant);
        assert_eq!(tenant, json!({"name": "free"}));
    }
}
