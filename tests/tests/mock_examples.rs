//! The mock's default answer, the spec's example of each operation and version, decodes
//! into the type the generated call returns: every operation, every version.

use atlas_api::mock::MockAtlas;
use atlas_api::Credentials;
use atlas_api_tests::atlas::testkit;

#[tokio::test]
async fn every_operation_s_example_answer_decodes() {
    let mock = MockAtlas::builder().credentials(Credentials::bearer_token("t")).serve_examples().start().await;
    let client = mock.client();
    let cases = testkit::cases();
    let mut failed = Vec::new();
    for case in &cases {
        let call = testkit::call(&client, case.operation_id, case.version).expect("a generated call per case");
        if let Err(error) = call.await {
            failed.push(format!("{} {}: {error}", case.operation_id, case.version));
        }
    }
    assert_eq!(cases.len(), 598, "every operation and version");
    assert!(failed.is_empty(), "{} of {} example answers fail:\n{}", failed.len(), cases.len(), failed.join("\n"));
    let problems = mock.problems();
    assert!(problems.is_empty(), "the mock took every synthesized call: {problems:?}");
}
