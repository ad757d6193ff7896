//! Items only Atlas makes (a project's alerts, a flex cluster's daily snapshots): no call
//! creates one, so the driver puts one where the fake keeps them, as a test does
//! (`FakeAtlas::put`), made of a real answer that holds one, with the fake's ids.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{fill, Driver};
use crate::testkit_support::Case;

/// Which real item to put: the `At`th listed (for a list), or one read alone.
#[derive(Clone, Copy)]
pub(super) enum Listed {
    At(usize),
    No,
}

impl<'a> Driver<'a> {
    /// Puts in `collection` (a template, filled with `values`) a real item of its kind, under
    /// its key, written as the read of `version` answers it (else the default read): the
    /// `item`th of the real pages listing them, or (`Listed::No`, an item read alone) the
    /// first a read of one answered. The key, or `None` when no real answer holds one or the
    /// fake keeps none there.
    pub(super) fn put_real(
        &self,
        (collection, parameter): (&str, &str),
        values: &BTreeMap<String, String>,
        listed: Listed,
        version: Option<&str>,
    ) -> Option<String> {
        let template = format!("{collection}/{{{parameter}}}");
        let read = self.read_of(&template, version)?;
        let (pages, reads) = self.real_items(collection, &template);
        let real = match listed {
            Listed::At(item) => pages.into_iter().chain(reads).nth(item)?,
            Listed::No => reads.into_iter().chain(pages).next()?,
        };
        let key = key_in(real, parameter)?;
        let path = format!("{}/{key}", fill(collection, values));
        let value = self.own_ids(real.clone(), values);
        self.session.fake().put_json(read.operation_id, read.version, &path, value).then(|| key.to_owned())
    }

    /// Whether a real answer holds an item of `collection` held under `parameter`.
    pub(super) fn puttable(&self, collection: &str, parameter: &str) -> bool {
        let template = format!("{collection}/{{{parameter}}}");
        let (pages, reads) = self.real_items(collection, &template);
        self.read_of(&template, None).is_some() && !(pages.is_empty() && reads.is_empty())
    }

    /// The GET at `template`: of `version` when there is one, else the default version, else
    /// the first.
    pub(super) fn read_of(&self, template: &str, version: Option<&str>) -> Option<&'a Case> {
        self.pick("GET", |path| path == template, version.unwrap_or_default())
    }

    /// The real items of `collection`: each item of its lists' real pages, and the real
    /// answers of reads of one item at `template`.
    fn real_items(&self, collection: &str, template: &str) -> (Vec<&'a Value>, Vec<&'a Value>) {
        let answers_of = |path: &str| -> Vec<&'a Value> {
            let cases = self.router.cases().iter().filter(|c| c.method.as_str() == "GET" && c.path.as_str() == path);
            let answers =
                cases.filter_map(|case| self.real.get(&(case.operation_id.to_owned(), case.version.to_owned())));
            answers.flatten().collect()
        };
        let listed = answers_of(collection).into_iter().filter_map(|page| page.get("results")?.as_array()).flatten();
        let read = answers_of(template).into_iter();
        (listed.filter(|item| item.is_object()).collect(), read.filter(|item| item.is_object()).collect())
    }
}

/// The key `item` is held under: the field named as the parameter, else its id, else its name.
pub(super) fn key_in<'v>(item: &'v Value, parameter: &str) -> Option<&'v str> {
    [parameter, "id", "_id", "name"].into_iter().find_map(|field| item.get(field)?.as_str())
}
