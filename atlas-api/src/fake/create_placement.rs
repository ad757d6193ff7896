//! A create posted above its collection (`POST …/privateEndpoint/endpointService`) lands in
//! the collection its path has with one parameter more (`…/privateEndpoint/{cloudProvider}/
//! endpointService`), valued by the body field the model names (`providerName`).

use percent_encoding::utf8_percent_encode;
use serde_json::{Map, Value};

use super::model::Placement;
use crate::path::{Segment, SEGMENT};

/// Where the creates of one POST land.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placed {
    /// The POST's template.
    pub(crate) posted: &'static [Segment],
    /// The template of the collection it lands in.
    pub(crate) template: &'static [Segment],
    pub(crate) placement: Placement,
}

impl Placed {
    /// The collection's path for a create sent to `path` with `body`, and the parameter with
    /// its value, or `None` when the body does not give it one.
    pub(crate) fn collection(&self, path: &str, body: &Map<String, Value>) -> Option<(String, (&'static str, String))> {
        let value = body.get(self.placement.field)?.as_str()?;
        let mut parts: Vec<String> = path.strip_prefix('/')?.split('/').map(str::to_owned).collect();
        parts.insert(self.placement.at, utf8_percent_encode(value, SEGMENT).to_string());
        Some((parts.iter().map(|part| format!("/{part}")).collect(), (self.placement.param, value.to_owned())))
    }

    /// A path of this collection without the parameter's part: the create's own path.
    pub(crate) fn without(&self, path: &str) -> Option<String> {
        let mut parts: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
        (self.placement.at < parts.len()).then(|| parts.remove(self.placement.at))?;
        Some(parts.iter().map(|part| format!("/{part}")).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_parameter_goes_where_the_model_says_with_the_body_s_value() {
        let placement = Placement { at: 6, param: "cloudProvider", field: "providerName" };
        let placed = Placed { posted: &[], template: &[], placement };
        let body = json!({ "region": "us-east-1", "providerName": "AWS" });
        let path =
            placed.collection("/api/atlas/v2/groups/g1/privateEndpoint/endpointService", body.as_object().unwrap());
        let expected = ("/api/atlas/v2/groups/g1/privateEndpoint/AWS/endpointService".to_owned(), "AWS".to_owned());
        assert_eq!(path.map(|(path, param)| (path, param.1)), Some(expected));
        let own = placed.without("/api/atlas/v2/groups/g1/privateEndpoint/AWS/endpointService");
        assert_eq!(own.as_deref(), Some("/api/atlas/v2/groups/g1/privateEndpoint/endpointService"));
        assert_eq!(placed.collection("/g/privateEndpoint/endpointService", &Map::new()), None);
    }
}
