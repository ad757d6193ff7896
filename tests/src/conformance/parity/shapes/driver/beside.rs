//! What a real answer's test made before reading it (a dedicated cluster, before its
//! project's processes were read): made again in the fake as it was recorded, so that what
//! Atlas derives from it (the cluster's processes) is there to read.

use std::collections::BTreeMap;

use super::{fill, named, Driver};
use crate::testkit_support::Case;

impl Driver<'_> {
    /// Makes, once a drive, what the test of `case`'s real answers created under the project
    /// before reading them: each create whose path `values` fills (not a project), sent as
    /// recorded, and Atlas's work on it done. Whether anything was made.
    pub(super) async fn make_beside(&self, case: &Case, values: &BTreeMap<String, String>) -> bool {
        if self.made_beside.replace(true) {
            return false;
        }
        let key = (case.operation_id.to_owned(), case.version.to_owned());
        let Some(creates) = self.beside.get(&key) else { return false };
        let mut made = false;
        for (operation, version, answer) in creates {
            let found = self.router.cases().iter().find(|c| c.operation_id == operation && c.version == version);
            let Some(post) = found else { continue };
            let template = post.path.as_str();
            if !template.contains('{') || !post.path.parameters().all(|p| values.contains_key(p)) {
                continue;
            }
            let minimal = self.synth.request(post, false).await.ok().and_then(|request| request.body);
            let Some(body) = self.made_of(post, answer, minimal.as_ref()) else { continue };
            let mut body = self.prepared(post, Some(body), values).await;
            if let Some(parameter) = self.item_parameter(template) {
                named(&mut body, &parameter);
            }
            let answered = self.send(post, &fill(template, values), None, body.as_ref()).await;
            made |= answered.is_ok_and(|answer| (200..300).contains(&answer.status));
        }
        if made {
            self.session.fake().advance();
        }
        made
    }

    /// The key of the first item the fake lists at `collection` (a template, filled with
    /// `values`): what a caller reads one item of a list Atlas fills by.
    pub(super) async fn first_listed(
        &self,
        collection: &str,
        parameter: &str,
        values: &BTreeMap<String, String>,
    ) -> Option<String> {
        let list = self.read_of(collection)?;
        let answer = self.send(list, &fill(collection, values), None, None).await.ok()?;
        let first = answer.body?.get("results")?.get(0)?.clone();
        [parameter, "id", "_id", "name"].into_iter().find_map(|field| first.get(field)?.as_str().map(str::to_owned))
    }
}
