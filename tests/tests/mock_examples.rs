//! The mock's default answer, the spec's example of each operation and version, decodes
//! into the type the generated call returns: every operation, every version. And the mock
//! takes every synthesized call (only the required arguments, then every optional one and a
//! full body), checking each body as Atlas does with no expectation set.

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
        // Every optional argument and a full body too: the mock checks each body, with no
        // expectation set, and must take what Atlas takes.
        let call = testkit::call_full(&client, case.operation_id, case.version).expect("a generated call per case");
        if let Err(error) = call.await {
            failed.push(format!("{} {} (every optional argument): {error}", case.operation_id, case.version));
        }
    }
    assert_eq!(cases.len(), 598, "every operation and version");
    assert!(failed.is_empty(), "{} of {} example answers fail:\n{}", failed.len(), cases.len(), failed.join("\n"));
    let problems = mock.problems();
    assert!(problems.is_empty(), "the mock took every synthesized call: {problems:?}");
}
