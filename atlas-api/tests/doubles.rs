//! Every double the server sends decodes to the same value and re-encodes unchanged.
//!
//! serde_json's default float parser is not correctly rounded (`19.060418568482266` reads one
//! unit off in the last place); its `float_roundtrip` feature fixes that. Inside this workspace
//! another crate (jsonschema, for the generator) turns the feature on for everyone, so a
//! decoding test here would pass either way: the first test reads atlas-api's own dependency
//! graph, which is what a user's build gets.

use std::process::Command;

#[test]
fn atlas_api_itself_asks_for_correctly_rounded_floats() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["tree", "--offline", "-p", "atlas-api", "-e", "features,normal", "-i", "serde_json"])
        .output()
        .expect("cargo tree runs");
    let tree = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        tree.contains("serde_json feature \"float_roundtrip\""),
        "atlas-api's serde_json lacks float_roundtrip:\n{tree}"
    );
}

#[test]
fn recorded_doubles_survive_decode_and_encode() {
    for text in ["19.060418568482266", "0.30000000000000004", "1.7976931348623157e308", "5e-324", "123456.78901234567"]
    {
        let value: f64 = serde_json::from_str(text).expect("a double");
        assert_eq!(value, text.parse::<f64>().expect("Rust's parser is correctly rounded"), "{text}");
        let back: f64 = serde_json::from_str(&serde_json::to_string(&value).unwrap()).unwrap();
        assert_eq!(back.to_bits(), value.to_bits(), "{text}");
    }
}
