//! The forms held to the types' decode.

use serde_json::{json, Value};

use atlas_api_types::support::Strictness;

use super::{contract, respond, verdict};

const STRICTNESSES: [Strictness; 4] = [Strictness::Lenient, Strictness::Request, Strictness::Answer, Strictness::Shape];

/// The spec's example and what an answer can get wrong of it, one change each, in every
/// object (a property taken out, one no type holds added, a property of another kind: `null`,
/// an integer, a whole float, a fraction, one past `i32`, an empty string, a value no enum
/// lists, a list, an object) and every list (its first item of each of those kinds). At most
/// `cap`, spread evenly over the whole value.
fn neighbours(example: &Value, cap: usize) -> Vec<Value> {
    let others = [
        json!(null),
        json!(7),
        json!(7.0),
        json!(2.5),
        json!(2_147_483_648_i64),
        json!(""),
        json!("NOT_A_LISTED_VALUE"),
        json!([]),
        json!({}),
    ];
    let mut places = Vec::new();
    containers(example, &mut Vec::new(), &mut places);
    let mut out = vec![example.clone()];
    for path in places {
        let changed = |change: &dyn Fn(&mut Value)| {
            let mut value = example.clone();
            change(path.iter().fold(&mut value, |at, step| match step {
                Ok(key) => &mut at[key.as_str()],
                Err(index) => &mut at[*index],
            }));
            value
        };
        if let Some(object) = at(example, &path).and_then(Value::as_object) {
            out.push(changed(&|at| drop(at.as_object_mut().map(|o| o.insert("notInAnyType".into(), json!(1))))));
            for key in object.keys() {
                out.push(changed(&|at| drop(at.as_object_mut().map(|o| o.shift_remove(key)))));
                out.extend(others.iter().map(|other| changed(&|at| at[key.as_str()] = other.clone())));
            }
        } else {
            out.extend(others.iter().map(|other| changed(&|at| at[0] = other.clone())));
        }
    }
    let step = out.len().div_ceil(cap).max(1);
    out.into_iter().step_by(step).collect()
}

type Step = Result<String, usize>;

/// The value at `path` in `value`.
fn at<'v>(value: &'v Value, path: &[Step]) -> Option<&'v Value> {
    path.iter().try_fold(value, |at, step| match step {
        Ok(key) => at.get(key.as_str()),
        Err(index) => at.get(*index),
    })
}

/// The path of every object and every list with an item in `value` (the first two items of
/// a list looked into).
fn containers(value: &Value, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        Value::Object(map) => {
            out.push(path.clone());
            for (key, inner) in map {
                path.push(Ok(key.clone()));
                containers(inner, path, out);
                path.pop();
            }
        }
        Value::Array(items) if !items.is_empty() => {
            out.push(path.clone());
            for (index, inner) in items.iter().enumerate().take(2) {
                path.push(Err(index));
                containers(inner, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

#[cfg(feature = "atlas-search")]
#[test]
fn what_the_member_of_a_union_without_a_tag_does_not_hold_is_taken_out() {
    static FILTERS: super::Form =
        super::Form::List(&atlas_api_types::forms::ApiAtlasFtsAnalyzersViewManualTokenFiltersItem);
    let form = &FILTERS;
    let held = json!([{"type": "asciiFolding", "originalTokens": "include", "sentOnly": 1}]);
    let shaped = respond(&held, form).expect("shaped");
    assert_eq!(shaped, json!([{"type": "asciiFolding", "originalTokens": "include"}]));
    assert_eq!(contract(&shaped, form), Ok(()));
    let refused = contract(&held, form).unwrap_err();
    assert!(refused.starts_with("[0]") && refused.contains("sentOnly"), "{refused}");
}

/// Every answer of the enabled tags that the spec gives an example of, and its neighbours,
/// read by the form and by the type's decode in every strictness: the same verdict. A
/// value shaped by the form decodes in `Shape` as its type, and passes the contract when
/// the type's decode takes it as an answer.
#[test]
fn forms_read_as_the_types_decode() {
    let known = crate::generated::tables::operations();
    let entries = crate::generated::tables::fake_entries();
    let (mut checked, mut differ) = (0usize, Vec::new());
    for (operation, typed) in crate::generated::tables::typed_answers() {
        let same = |other: &crate::request::Operation| (other.id, other.version) == (operation.id, operation.version);
        let Some(form) = entries.iter().find(|entry| same(entry.operation)).and_then(|entry| entry.form) else {
            continue;
        };
        let Some(example) = known.iter().find(|known| same(known.operation)).and_then(|known| known.example) else {
            continue;
        };
        let example: Value = serde_json::from_str(example).expect("the example is JSON");
        for value in neighbours(&example, 600) {
            for strictness in STRICTNESSES {
                checked += 1;
                let (ours, theirs) = (verdict(&value, form, strictness), typed(&value, strictness));
                if ours.is_ok() != theirs.is_ok() {
                    differ.push(format!("{} {strictness:?}: form {ours:?}, decode {theirs:?}", operation.id));
                }
            }
            if let Ok(shaped) = respond(&value, form) {
                if let Err(why) = typed(&shaped, Strictness::Shape) {
                    differ.push(format!("{}: shaped, yet its decode in Shape says {why}", operation.id));
                }
                if typed(&shaped, Strictness::Answer).is_ok() != contract(&shaped, form).is_ok() {
                    differ.push(format!("{}: the contract and the decode differ on a shaped answer", operation.id));
                }
            }
        }
    }
    assert!(checked > 0, "no answer with an example: enable the tags (`--all-features`)");
    assert!(
        differ.is_empty(),
        "{} of {checked} verdicts differ:\n{}",
        differ.len(),
        differ[..differ.len().min(25)].join("\n")
    );
}

/// Integers as list items and map values are read as written (no `null`, no float), and the
/// width holds: the same verdicts as the decode's, which the examples seldom reach.
#[test]
fn integers_in_lists_and_maps_read_as_their_decode() {
    use super::{typed, Form, Width};
    use std::collections::BTreeMap;
    static LONGS: Form = Form::List(&Form::Whole(Width::I64));
    static INTS: Form = Form::List(&Form::Whole(Width::I32));
    static BY_NAME: Form = Form::Map(&Form::Whole(Width::I64));
    let values = [json!([7]), json!([7.0]), json!([null]), json!([2_147_483_648_i64]), json!(["7"]), json!({"a": 7.0})];
    for value in values {
        for strictness in STRICTNESSES {
            type Decode = fn(&Value, Strictness) -> Result<(), String>;
            let cases: [(&'static Form, Decode); 3] =
                [(&LONGS, typed::<Vec<i64>>), (&INTS, typed::<Vec<i32>>), (&BY_NAME, typed::<BTreeMap<String, i64>>)];
            for (form, decode) in cases {
                let (ours, theirs) = (verdict(&value, form, strictness), decode(&value, strictness));
                assert_eq!(ours.is_ok(), theirs.is_ok(), "{value} {strictness:?}: form {ours:?}, decode {theirs:?}");
            }
        }
    }
}
