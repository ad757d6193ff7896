//! The change report agrees with the compiler. `fixtures/changes/old.yaml` and `new.yaml`
//! differ by every kind of change the report knows; each is generated as a crate of its own
//! (the generated types are another crate than their users', as atlas-api-types is), and a
//! user's crate written against the old one, one module per change (constructors, setters,
//! field reads, matches with a wildcard arm, calls; no struct literals, which the
//! non-exhaustive structs forbid), is checked with `cargo check` against the old crate (it
//! compiles) and the new one: the modules of the changes the report says still compile must
//! compile, and every other one must fail.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::diff::{diff, Change};
use codegen::surface::Surface;

/// One generated fixture: its surface, and the crate written at `dir`.
struct Generated {
    surface: Surface,
    dir: PathBuf,
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace").to_owned()
}

/// Generates `fixtures/changes/<name>.yaml` as the crate `semver_api` under `root/<name>`.
fn generate(root: &Path, name: &str) -> Generated {
    let spec = workspace().join("tests/fixtures/changes").join(format!("{name}.yaml"));
    let spec = codegen::load_file(&spec, &codegen::Overrides::default()).unwrap_or_else(|d| panic!("{d}"));
    let config = codegen::Config { testkit: false, ..codegen::Config::fixture() };
    let output = codegen::generate(&spec, &config).unwrap_or_else(|d| panic!("{d}"));
    let dir = root.join(name);
    let atlas_api = workspace().join("atlas-api");
    let manifest = format!(
        "[package]\nname = \"semver_api\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n\
         atlas-api = {{ path = {:?}, default-features = false }}\nserde = \"1\"\nserde_json = \"1\"\n\
         chrono = {{ version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }}\n",
        atlas_api.display().to_string()
    );
    let lib = "#![allow(warnings)]\n#[doc(hidden)]\npub use ::atlas_api::types::support;\n\
               #[path = \"generated/mod.rs\"]\nmod generated;\npub use generated::*;\n";
    write(&dir.join("Cargo.toml"), &manifest);
    write(&dir.join("src/lib.rs"), lib);
    for file in &output.files {
        write(&dir.join("src/generated").join(&file.path), &file.contents);
    }
    Generated { surface: Surface::of(&output.api), dir }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("in a folder")).expect("create folder");
    std::fs::write(path, text).expect("write");
}

/// The module of a change: `field_added_cluster_labels`.
fn module(change: &Change) -> String {
    let kind = serde_json::to_value(change.kind).expect("a kind encodes");
    let subject: String =
        change.subject.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    format!("{}_{subject}", kind.as_str().unwrap_or_default())
}

/// The user's code for each change, written against old.yaml's crate.
fn user_code() -> BTreeMap<&'static str, &'static str> {
    USER_CODE.iter().chain(MATCHES).copied().chain([VARIANT_REMOVED]).collect()
}

const PRELUDE: &str = "#![allow(unused, deprecated)]\nuse atlas_api::Client;\nuse semver_api::ops::ClientExt;\n\
                       use semver_api::types::*;\n";

/// Per change, a user's code against old.yaml's crate that meets it. A change with no entry
/// gets an empty module (nothing a user wrote can meet a new operation, version or type): the
/// report must say it compiles.
const USER_CODE: &[(&str, &str)] = &[
    ("operation_removed_getgrouplegacy", "fn f(c: &Client) { let _ = ClientExt::legacy(c).get_group_legacy(\"g\"); }"),
    (
        "operation_deprecated_deletegroupcluster",
        "fn f(c: &Client) { let _ = ClientExt::clusters(c).delete_group_cluster(\"g\", \"c\"); }",
    ),
    // The plain method now sends 2024-11-13, with the same (no) answer.
    (
        "version_removed_deletegroupcluster_2023_01_01",
        "fn f(c: &Client) { let _ = ClientExt::clusters(c).delete_group_cluster(\"g\", \"c\"); }",
    ),
    ("version_removed_getgrouppreviewthing_preview", CALLS_PREVIEW),
    ("version_sunset_getgroupcluster_2023_01_01", "fn f(_: semver_api::ops::clusters::GetGroupClusterV20230101) {}"),
    ("version_retyped_getgroupcluster_2024_08_05", CALLS_CLUSTER),
    ("default_version_changed_getgroupcluster", CALLS_CLUSTER),
    ("default_version_changed_deletegroupcluster", CALLS_DELETE),
    ("default_version_changed_getgrouppreviewthing", CALLS_PREVIEW),
    (
        "parameter_added_getgroupcluster_tenant",
        "fn f(c: &Client) { let _ = ClientExt::clusters(c).get_group_cluster_v2023_01_01(\"g\", \"c\", 5); }",
    ),
    (
        "parameter_removed_getgroupcluster_verbose",
        "fn f(call: semver_api::ops::clusters::GetGroupClusterV20230101) { let _ = call.verbose(true); }",
    ),
    (
        "parameter_made_required_getgroupcluster_detail",
        "fn f(call: semver_api::ops::clusters::GetGroupClusterV20230101) { let _ = call.detail(true); }",
    ),
    (
        "parameter_made_optional_getgroupcluster_limit",
        "fn f(c: &Client) { let _ = ClientExt::clusters(c).get_group_cluster_v2023_01_01(\"g\", \"c\", 5); }",
    ),
    (
        "parameter_retyped_getgroupcluster_region",
        "fn f(call: semver_api::ops::clusters::GetGroupClusterV20230101) { let _ = call.region(\"eu\"); }",
    ),
    // The path's `{hookType}` is now what the body's tag says: the argument goes.
    (
        "parameter_from_body_creategrouphook_2023_01_01_hooktype",
        "fn f(c: &Client) { let _ = ClientExt::hooks(c).create_group_hook(\"g\", CreateGroupHookHookType::Slack, Hook::default()); }",
    ),
    // A member two tags select: the argument is back, checked against the body.
    (
        "parameter_no_longer_from_body_updategrouphook_2023_01_01_hooktype",
        "fn f(c: &Client) { let _ = ClientExt::hooks(c).update_group_hook(\"g\", HookChange::default()); }",
    ),
    ("type_removed_azureprovider", "fn f(_: AzureProvider) {}"),
    ("type_removed_legacy", "fn f(_: Legacy) {}"),
    // Its type is renamed (a change of its own): code that reads through the field compiles.
    (
        "field_retyped_cluster_names",
        "fn f(c: &Cluster) -> Option<String> { c.names.as_ref().and_then(|n| n.alpha.clone()) }",
    ),
    // The plain method now calls 2025-03-12, which answers another type.
    ("version_removed_getgroupzone_2023_01_01", CALLS_ZONE),
    ("default_version_changed_getgroupzone", CALLS_ZONE),
    ("type_renamed_oldname", "fn f() -> OldName { OldName::new().alpha(\"a\") }"),
    ("type_kind_changed_shape", "fn f() -> Shape { Shape::new().sides(3) }"),
    // Built from `default()` and setters, read, destructured with `..`: a new field is no break.
    (
        "field_added_cluster_labels",
        "fn f(c: &Cluster) -> Cluster { let Cluster { name, .. } = c; Cluster::default().name(name.clone()) }",
    ),
    ("field_added_cluster_tier", "fn f() -> Cluster { Cluster::new(\"c\") }"),
    ("field_removed_cluster_paused", "fn f(c: &Cluster) -> Option<bool> { c.paused }"),
    ("field_retyped_cluster_disksizegb", "fn f() -> Cluster { Cluster::default().disk_size_gb(10.5) }"),
    ("field_retyped_cluster_zone", "fn f(c: &Cluster) -> Option<String> { c.zone.clone() }"),
    ("enum_value_removed_state__repeating", "fn f() -> State { State::Repeating }"),
];

/// Calls that read what a version answers: the plain method's call struct, awaited. (The
/// changes to `getGroupCluster`'s arguments and versions cannot be met one at a time: any
/// call of it meets them all, so its modules fail together; each module that must compile
/// meets its own change alone.)
const CALLS_CLUSTER: &str = "fn f(call: semver_api::ops::clusters::GetGroupCluster) -> impl std::future::IntoFuture<Output = Result<Cluster, atlas_api::Error>> { call }";
const CALLS_ZONE: &str = "fn f(c: &Client) -> impl std::future::IntoFuture<Output = Result<Thing, atlas_api::Error>> { ClientExt::clusters(c).get_group_zone(\"g\") }";
const CALLS_DELETE: &str = "fn f(call: semver_api::ops::clusters::DeleteGroupCluster) -> impl std::future::IntoFuture<Output = Result<(), atlas_api::Error>> { call }";
const CALLS_PREVIEW: &str = "fn f(c: &Client) -> impl std::future::IntoFuture<Output = Result<Thing, atlas_api::Error>> { ClientExt::things(c).get_group_preview_thing(\"g\") }";

/// The matches a user writes on non-exhaustive enums and unions: with a wildcard arm.
const MATCHES: &[(&str, &str)] = &[
    (
        "enum_value_added_state__deleting",
        "fn f(s: &State) -> u8 { match s { State::Idle => 0, State::Creating => 1, _ => 2 } }",
    ),
    ("variant_added_provider__gcp", "fn f(p: &Provider) -> bool { match p { Provider::Aws(_) => true, _ => false } }"),
];

const VARIANT_REMOVED: (&str, &str) =
    ("variant_removed_provider__azure", "fn f(p: &Provider) -> bool { matches!(p, Provider::Azure(_)) }");

/// The user's crate against the API crate at `api`; `cargo check`'s errors, by module.
fn check_user(
    root: &Path,
    api: &Path,
    modules: &BTreeSet<String>,
    code: &BTreeMap<&str, &str>,
) -> BTreeMap<String, Vec<String>> {
    let dir = root.join("user");
    let manifest = format!(
        "[package]\nname = \"semver_user\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n\
         semver_api = {{ path = {:?} }}\natlas-api = {{ path = {:?}, default-features = false }}\n\n[workspace]\n",
        api.display().to_string(),
        workspace().join("atlas-api").display().to_string()
    );
    write(&dir.join("Cargo.toml"), &manifest);
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy the lock file");
    let mut lib = String::from("#![allow(unused, deprecated)]\n");
    for name in modules {
        lib.push_str(&format!("mod {name};\n"));
        let body = code.get(name.as_str()).copied().unwrap_or("");
        write(&dir.join(format!("src/{name}.rs")), &format!("{PRELUDE}{body}\n"));
    }
    write(&dir.join("src/lib.rs"), &lib);
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace().join("target"), PathBuf::from);
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["check", "--offline", "--message-format=short"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", target.join("semver-check"))
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in stderr.lines().filter(|l| l.contains(": error")) {
        let Some(file) = line.split(':').next().and_then(|f| f.strip_prefix("src/")) else { continue };
        let name = file.trim_end_matches(".rs").to_owned();
        errors.entry(name).or_default().push(line.to_owned());
    }
    assert!(output.status.success() || !errors.is_empty(), "cargo check failed on no module:\n{stderr}");
    errors
}

#[test]
fn every_verdict_of_the_change_report_is_the_compiler_s() {
    let root = std::env::temp_dir().join(format!("atlas-api-semver-{}", std::process::id()));
    let (old, new) = (generate(&root, "old"), generate(&root, "new"));
    let report = diff(&old.surface, &new.surface);
    let modules: BTreeSet<String> = report.changes.iter().map(module).collect();
    let code = user_code();
    for name in code.keys() {
        assert!(modules.contains(*name), "user code for `{name}`, which the report does not name");
    }
    let before = check_user(&root, &old.dir, &modules, &code);
    assert!(before.is_empty(), "the user's crate must compile against the old crate: {before:#?}");
    let after = check_user(&root, &new.dir, &modules, &code);
    let mut wrong = Vec::new();
    for change in &report.changes {
        let name = module(change);
        let failed = after.get(&name);
        if change.compiles == failed.is_some() {
            wrong.push(format!(
                "{name}: the report says it {}; the compiler: {failed:?}",
                if change.compiles { "compiles" } else { "fails" }
            ));
        }
    }
    if std::env::var_os("SEMVER_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&root);
    }
    assert!(wrong.is_empty(), "{}\n\nreport:\n{}", wrong.join("\n"), report.markdown("report"));
}
