//! What a real answer's test made (a dedicated cluster, in the project whose processes it
//! read): made again in the fake as it was recorded, so that what Atlas derives from it (the
//! cluster's processes) is there to read.

use std::collections::BTreeMap;

use super::named_items::fillable;
use super::put::key_in;
use super::{fill, Driver};
use crate::testkit_support::Case;

impl Driver<'_> {
    /// Makes, once a drive, what the test of `case`'s real answers created under the project:
    /// each create whose path `values` fills (not a project), sent as recorded, and Atlas's
    /// work on it done. Whether anything was made (the first call's answer, remembered).
    pub(super) async fn make_beside(&self, case: &Case, values: &BTreeMap<String, String>) -> bool {
        if let Some(made) = self.made_beside.get() {
            return made;
        }
        let mut made = false;
        for (operation, version, answer) in self.beside.of(case.operation_id, case.version) {
            let found = self.router.cases().iter().find(|c| c.operation_id == operation && c.version == version);
            let Some(post) = found.filter(|post| post.path.as_str().contains('{')) else { continue };
            if !fillable(post.path.as_str(), values) {
                continue;
            }
            let minimal = self.synth.request(post, false).await.ok().and_then(|request| request.body);
            let to = fill(post.path.as_str(), values);
            let parameter = self.item_parameter(post.path.as_str());
            let sent = self.send_made_of(post, answer, (&to, None), minimal.as_ref(), values, parameter.as_deref());
            match sent.await {
                Ok(Some((answer, _))) if (200..300).contains(&answer.status) => made = true,
                Ok(Some((answer, _))) => self.notes.borrow_mut().push(format!(
                    "the driver could not make again what the real answer's test made ({operation} {version}): {} {}",
                    answer.status, answer.text
                )),
                Ok(None) => {}
                Err(why) => self.notes.borrow_mut().push(format!("{operation} {version}: {why}")),
            }
        }
        if made {
            self.session.fake().advance();
        }
        self.made_beside.set(Some(made));
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
        let list = self.read_of(collection, None)?;
        let answer = self.send(list, &fill(collection, values), None, None).await.ok()?;
        let first = answer.body?.get("results")?.get(0)?.clone();
        key_in(&first, parameter).map(str::to_owned)
    }
}
