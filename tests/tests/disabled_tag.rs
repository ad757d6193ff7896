//! A user who calls the accessor of a tag whose cargo feature is off gets a compile error
//! that names the feature to enable: checked by compiling a small crate that does so.

mod common;

#[test]
fn calling_a_disabled_tag_names_its_feature() {
    let program = "fn main() {\n    let client = atlas_api::Client::builder().build().unwrap();\n    \
                   let _ = client.projects();\n    let _ = client.clusters();\n}\n";
    let scratch = common::ScratchCrate::new("disabled-tag", &["projects"], "", "", &[("src/main.rs", program)]);
    let output = scratch.cargo(&["check", "--quiet", "--message-format", "short"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "calling a disabled tag compiled:\n{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error")).collect();
    assert!(
        errors.iter().any(|l| l.contains("main.rs:4") && l.contains("need the cargo feature `clusters` of atlas-api")),
        "{stderr}"
    );
    // The enabled tag compiles: the only errors are on the disabled one's line.
    assert!(errors.iter().all(|l| !l.contains("main.rs:3")), "{stderr}");
}
