//! The fake as the layer under the mock: what it answers from its state is put in the shape
//! of the operation version's answer (its form, `fake::form`: each property the type does
//! not hold or never answers, a write-only password, taken out), then checked against that
//! form as its contract, read as the type's decode reads an answer in `Strictness::Answer`:
//! every required field, only the values the spec lists, a member of every union, nothing
//! the type does not hold or never answers. An answer that breaks the contract is still
//! given, and the mock records a fault, so the test that caused it fails.

use super::entry::FakeEntry;
use super::form;
use super::store::{JsonAnswer, Store, StoreRequest};
use crate::mock::layer::{self, Body, Layer, Layered};

impl Layer for Store {
    fn answer(&self, asked: &layer::Asked<'_>) -> Option<Layered> {
        let entry = self.entry(asked.operation)?;
        let ours = StoreRequest {
            known: entry,
            path: asked.path,
            query: asked.query,
            body: asked.body,
            example: asked.example,
            caller: asked.caller,
        };
        // A log's download is bytes, sent as they are.
        if let Some(download) = super::behaviour::download(self, &ours) {
            let answer = download.map(|(status, bytes)| (status, Some(Body::Bytes(bytes.into()))));
            return Some(Layered { answer, fault: None });
        }
        // An operation the model gives no role (a team's `:addUser`, a project's processes)
        // that a resource's own code answers.
        if let Some(answer) = super::behaviour::calls::answer(self, &ours) {
            return Some(shaped(entry, answer));
        }
        let answer = Store::answer(self, &ours)?;
        Some(shaped(entry, answer))
    }
}

/// `answer` in the shape of `entry`'s answer, with the fault its contract finds.
pub(crate) fn shaped(entry: &FakeEntry, answer: JsonAnswer) -> Layered {
    let (Ok((status, Some(value))), Some(form)) = (&answer, entry.form) else {
        return Layered { answer: as_sent(answer), fault: None };
    };
    let label = format!("{} ({})", entry.operation.id, entry.operation.version);
    let status = *status;
    match form::respond(value, form) {
        Ok(shaped) => {
            let fault = form::contract(&shaped, form)
                .err()
                .map(|why| format!("the fake answered {label} with what its documented type does not hold: {why}"));
            Layered { answer: Ok((status, Some(Body::Json(shaped)))), fault }
        }
        Err(why) => Layered {
            fault: Some(format!("the fake answered {label} with what does not decode as its type: {why}")),
            answer: as_sent(answer),
        },
    }
}

/// A JSON answer as the mock sends it.
fn as_sent(answer: JsonAnswer) -> layer::Answered {
    answer.map(|(status, body)| (status, body.map(Body::Json)))
}
