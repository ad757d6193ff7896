//! JSON through the generated fixture types: decoding what servers send (including values
//! the spec does not list) and encoding it back unchanged.

use atlas_api_tests::{access, allof, enums, formats, maps, names, nullable, polymorphic};
use serde_json::{json, Value};

fn roundtrip<T: serde::de::DeserializeOwned + serde::Serialize>(value: Value) -> T {
    let decoded: T = serde_json::from_value(value.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), value, "re-encodes unchanged");
    decoded
}

#[test]
fn enums_keep_unknown_values() {
    use enums::types::{EventType, Holder, HolderMode, State};
    let holder: Holder = roundtrip(json!({"state": "CREATING", "mode": "sideways", "level": -1}));
    assert_eq!(holder.state, State::Creating);
    assert_eq!(holder.mode, Some(HolderMode::Unknown("sideways".into())));
    assert_eq!(holder.level, Some(-1));
    let odd: Vec<State> = roundtrip(json!(["<", ">", ".csv", "csv", "us-east-1", "US_EAST_1", "Unknown", ""]));
    assert_eq!(odd[0], State::Lt);
    assert_eq!(odd[1], State::Gt);
    assert_eq!(odd[2], State::DotCsv);
    assert_eq!(odd[6], State::UnknownValue);
    assert_eq!(odd[7].as_str(), "");
    // `us-east-1` and `US_EAST_1` both want `UsEast1`; the one with symbols spells them out.
    assert_eq!(State::UsEast1.to_string(), "US_EAST_1");
    assert_eq!(State::UsDashEastDash1.to_string(), "us-east-1");
    let events: Vec<EventType> = roundtrip(json!(["CLUSTER_READY", "HOST_DOWN", "BACKUP_DONE", "NEW_EVENT"]));
    assert_eq!(events[2], EventType::BackupDone);
    assert_eq!(events[3], EventType::Unknown("NEW_EVENT".into()));
}

#[test]
fn nullable_fields_distinguish_absent_and_null() {
    use nullable::types::Patch;
    let absent: Patch = roundtrip(json!({"id": "a", "note": null, "limit": null}));
    assert_eq!(absent.comment, None);
    assert_eq!(absent.note, None);
    let null: Patch = roundtrip(json!({"id": "a", "note": "n", "comment": null, "limit": null}));
    assert_eq!(null.comment, Some(None));
    let set: Patch = roundtrip(json!({"id": "a", "note": "n", "comment": "c", "count": 3, "limit": null}));
    assert_eq!(set.comment, Some(Some("c".into())));
    // A server that leaves out an optional field or sends null for it decodes either way.
    let lenient: Patch = serde_json::from_value(json!({"id": "a", "note": "n", "count": null})).unwrap();
    assert_eq!(lenient.count, None);
}

#[test]
fn nullable_integers_accept_a_whole_float_like_every_integer() {
    use nullable::types::Patch;
    let whole: Patch =
        serde_json::from_value(json!({"id": "a", "note": null, "retries": 3.0, "limit": 1.1991456e9})).unwrap();
    assert_eq!(whole.retries, Some(Some(3)));
    assert_eq!(whole.limit, Some(1_199_145_600));
    let encoded = serde_json::to_value(&whole).unwrap();
    assert_eq!((&encoded["retries"], &encoded["limit"]), (&json!(3), &json!(1_199_145_600)));
    let null: Patch = roundtrip(json!({"id": "a", "note": null, "retries": null, "limit": null}));
    assert_eq!((null.retries, null.limit), (Some(None), None));
    let absent: Patch = serde_json::from_value(json!({"id": "a", "note": null})).unwrap();
    assert_eq!((absent.retries, absent.limit), (None, None));
    let fraction = serde_json::from_value::<Patch>(json!({"id": "a", "note": null, "retries": 3.5}));
    assert!(fraction.unwrap_err().to_string().contains("expected an integer, got 3.5"));
}

/// A write-only property is required of a request type only (`lower/write_only.rs`): this
/// `User` no operation uses keeps it optional, as answers would leave it out.
#[test]
fn read_only_and_write_only_are_never_required() {
    use access::types::User;
    let response: User =
        roundtrip(json!({"id": "32b6e34b3d91647abb20e7b8", "name": "x", "created": "2024-05-01T10:00:00Z"}));
    assert!(response.password.is_none());
    let request = User::new("x").password("secret");
    assert_eq!(serde_json::to_value(request).unwrap(), json!({"name": "x", "password": "secret"}));
}

#[test]
fn all_of_merges_into_one_struct() {
    use allof::types::{Base, Extended, Wrapper};
    let extended: Extended = roundtrip(json!({"id": "1", "name": "n", "size": 9_000_000_000i64}));
    assert_eq!(extended.size, 9_000_000_000);
    let wrapper: Wrapper = roundtrip(json!({"base": {"id": "2"}}));
    assert_eq!(wrapper.base, Some(Base::new("2")));
}

#[test]
fn discriminated_unions_write_the_tag_once() {
    use polymorphic::types::{AwsRegionConfigRegionName, RegionConfig};
    let value = json!({"providerName": "AWS", "priority": 7, "regionName": "US_EAST_1"});
    let config: RegionConfig = roundtrip(value.clone());
    let RegionConfig::Aws(aws) = &config else { panic!("AWS variant expected, got {config:?}") };
    assert_eq!(aws.region_name, Some(AwsRegionConfigRegionName::UsEast1));
    let text = serde_json::to_string(&config).unwrap();
    assert_eq!(text.matches("providerName").count(), 1, "{text}");
}

#[test]
fn every_variant_built_from_default_writes_its_tag() {
    use polymorphic::types::{
        AlertEvent, AwsRegionConfig, AzureRegionConfig, DataThreshold, Event, RawThreshold, RegionConfig,
        ReplicationSpec, Threshold, UserEvent,
    };
    fn encode<T: serde::Serialize>(value: &T) -> Value {
        serde_json::to_value(value).expect("encodes")
    }
    assert_eq!(encode(&RegionConfig::Aws(AwsRegionConfig::default())), json!({"providerName": "AWS"}));
    assert_eq!(encode(&RegionConfig::Azure(AzureRegionConfig::default())), json!({"providerName": "AZURE"}));
    assert_eq!(encode(&Threshold::Raw(RawThreshold::default())), json!({"metricName": "CPU"}));
    assert_eq!(encode(&Threshold::Disk(DataThreshold::default())), json!({"metricName": "DISK"}));
    // Evident tags: the required enum field defaults to an empty value, which the tag replaces.
    assert_eq!(encode(&Event::Alert(AlertEvent::default())), json!({"eventTypeName": "ALERT_OPENED"}));
    assert_eq!(encode(&Event::UserJoined(UserEvent::default())), json!({"eventTypeName": "USER_JOINED"}));
    // Nested inside another type, too.
    let spec = ReplicationSpec::new()
        .region_configs([RegionConfig::Aws(Default::default()), RegionConfig::Azure(Default::default())]);
    assert_eq!(encode(&spec), json!({"regionConfigs": [{"providerName": "AWS"}, {"providerName": "AZURE"}]}));
}

#[test]
fn a_tag_that_contradicts_its_variant_is_never_encoded() {
    use polymorphic::types::{AwsRegionConfig, AwsRegionConfigProviderName, RegionConfig};
    let aws = AwsRegionConfig::new().provider_name(AwsRegionConfigProviderName::Azure);
    let error = serde_json::to_value(RegionConfig::Aws(aws)).unwrap_err().to_string();
    assert!(error.contains("providerName"), "{error}");
    // Its own tag, or another value that selects the same variant, goes through unchanged.
    let aws = AwsRegionConfig::new().provider_name(AwsRegionConfigProviderName::Aws);
    assert_eq!(serde_json::to_value(RegionConfig::Aws(aws)).unwrap(), json!({"providerName": "AWS"}));
}

#[test]
fn unknown_tags_are_kept() {
    use polymorphic::types::RegionConfig;
    let value = json!({"providerName": "ORACLE", "priority": 1, "shape": {"x": 1}});
    let config: RegionConfig = roundtrip(value.clone());
    assert_eq!(config, RegionConfig::Unknown(value));
}

#[test]
fn many_tags_can_select_one_variant() {
    use polymorphic::types::Threshold;
    let cpu: Threshold = roundtrip(json!({"metricName": "CPU", "threshold": 0.5, "units": "RAW"}));
    let connections: Threshold = roundtrip(json!({"metricName": "CONNECTIONS", "units": "RAW"}));
    let disk: Threshold = roundtrip(json!({"metricName": "DISK", "units": "BYTES"}));
    assert!(matches!(cpu, Threshold::Raw(_)));
    assert!(matches!(connections, Threshold::Raw(_)));
    assert!(matches!(disk, Threshold::Disk(_)));
}

#[test]
fn a_bad_variant_reports_the_path_inside_it() {
    use polymorphic::types::RegionConfig;
    let bad = json!({"providerName": "AWS", "priority": "high"});
    let error = serde_json::from_value::<RegionConfig>(bad).unwrap_err().to_string();
    assert!(error.contains("priority"), "{error}");
}

#[test]
fn evident_tags_choose_the_variant() {
    use polymorphic::types::Event;
    let alert: Event = roundtrip(json!({"eventTypeName": "ALERT_CLOSED", "alertId": "a"}));
    let user: Event = roundtrip(json!({"eventTypeName": "USER_JOINED", "username": "u"}));
    let other: Event = roundtrip(json!({"eventTypeName": "SOMETHING_NEW"}));
    assert!(matches!(alert, Event::Alert(_)));
    assert!(matches!(user, Event::UserJoined(_)));
    assert!(matches!(other, Event::Unknown(_)));
}

#[test]
fn untagged_unions_try_each_variant_and_keep_the_rest() {
    use polymorphic::types::Shape;
    let text: Shape = roundtrip(json!("circle"));
    let object: Shape = roundtrip(json!({"sides": 3}));
    let other: Shape = roundtrip(json!([1, 2]));
    assert!(matches!(text, Shape::String(_)));
    assert!(matches!(object, Shape::Variant2(_)));
    assert!(matches!(other, Shape::Unknown(_)));
}

#[test]
fn maps_and_free_form_objects() {
    use maps::types::Tagged;
    let tagged: Tagged = roundtrip(json!({
        "name": "n",
        "labels": {"env": "prod"},
        "counts": {"a": 1},
        "anything": [1, "two"],
        "freeForm": {"k": {"deep": true}},
        "extra": {"value": "v"}
    }));
    assert_eq!(tagged.labels.unwrap()["env"], "prod");
    assert_eq!(tagged.additional_properties["extra"].value.as_deref(), Some("v"));
}

#[test]
fn unconstrained_objects_keep_any_json_value() {
    // `type: object` with nothing else: Atlas sends `true` and arrays there (search index
    // mappings), so these are any JSON value, re-encoded as sent.
    use maps::types::{Fields, Mappings};
    for dynamic in [json!(true), json!(false), json!({"typeSet": "t"}), json!([1, "a"])] {
        let fields = json!({"a": [{"type": "string"}], "b": true, "c": {"type": "document"}, "d": 7});
        let mappings: Mappings = roundtrip(json!({"dynamic": dynamic, "fields": fields}));
        let fields: std::collections::BTreeMap<String, Fields> = mappings.fields.unwrap();
        assert_eq!(fields["b"], json!(true));
    }
}

#[test]
fn keywords_clashes_and_recursion() {
    // `Type` and `type` both want `Type`; names are claimed in sorted order of the schema names.
    use names::types::{Option2, Type, Type2};
    let t: Type2 =
        roundtrip(json!({"type": "a", "self": "b", "fooBar": "c", "foo_bar": "d", "1000requests": 5, "match": true}));
    assert_eq!(t.r#type.as_deref(), Some("a"));
    assert_eq!(t.self_.as_deref(), Some("b"));
    assert_eq!(t.foo_bar.as_deref(), Some("c"));
    assert_eq!(t.foo_bar_2.as_deref(), Some("d"));
    assert_eq!(t.n1000requests, Some(5));
    let _: Type = roundtrip(json!({"value": "v"}));
    let nested: Option2 = roundtrip(json!({"inner": {"inner": {}}, "children": [{"children": []}]}));
    assert!(nested.inner.unwrap().inner.is_some());
}

#[test]
fn formats_become_real_types() {
    use formats::types::Everything;
    let value = json!({
        "when": "2024-05-01T10:00:00Z", "day": "2024-05-01", "small": 5, "big": 9_007_199_254_740_993i64,
        "ratio": 19.060418568482266, "single": 0.1, "email": "a@b.c", "id": "0b5a4b1e-1111-4c1a-9c3e-2f8a4b7e8d11",
        "link": "https://example.com", "flag": true, "tags": ["x"],
        "nested": {"deep": [{"leaf": "l"}]}
    });
    let all: Everything = roundtrip(value);
    assert_eq!(all.when.timestamp(), 1_714_557_600);
    assert_eq!(all.day.to_string(), "2024-05-01");
    assert_eq!(all.big, 9_007_199_254_740_993);
    // `format: float` holds doubles (Atlas sends them there); 0.1 as an f32 would come back
    // as 0.10000000149011612.
    assert_eq!(all.single, 0.1);
    let bad = serde_json::from_value::<Everything>(json!({"when": "yesterday"}));
    assert!(bad.is_err());
}

#[test]
fn required_fields_left_out_or_null_decode_as_defaults() {
    use atlas_api_tests::lenient::types::{Resource, ResourceState};
    let resource: Resource = serde_json::from_value(json!({"db": "admin", "collection": null})).unwrap();
    assert_eq!(resource.db, "admin");
    assert_eq!(resource.collection, "");
    assert!(!resource.cluster);
    assert_eq!(resource.count, 0);
    assert_eq!(resource.state, ResourceState::Unknown(String::new()));
    // The enum the server left out is not written back; plain values still are (a caller may
    // mean `""` or `false`), which is why `spec/overrides.toml` unrequires what the server omits.
    let back = serde_json::to_value(&resource).unwrap();
    assert_eq!(back.get("state"), None, "{back}");
    assert_eq!(back["collection"], "");
    let sent: Resource = serde_json::from_value(json!({"state": "IDLE"})).unwrap();
    assert_eq!(serde_json::to_value(&sent).unwrap()["state"], "IDLE");
}

#[test]
fn integers_written_as_floats_without_fraction_decode() {
    use atlas_api_tests::lenient::types::Resource;
    let resource: Resource = serde_json::from_value(json!({"count": 3.0e6, "since": 1.1991456e+12})).unwrap();
    assert_eq!(resource.count, 3_000_000);
    assert_eq!(resource.since, Some(1_199_145_600_000));
    let error = serde_json::from_value::<Resource>(json!({"count": 1.5})).unwrap_err();
    assert!(error.to_string().contains("expected an integer"), "{error}");
}

#[test]
fn a_base_with_a_discriminator_mapping_decodes_into_its_subtype() {
    use atlas_api_tests::lenient::types::ExportBucket;
    let aws = json!({"cloudProvider": "AWS", "bucketName": "b", "iamRoleId": "r"});
    let bucket: ExportBucket = roundtrip(aws.clone());
    let ExportBucket::Aws(inner) = &bucket else { panic!("{bucket:?}") };
    assert_eq!(inner.bucket_name.as_deref(), Some("b"));
    assert_eq!(serde_json::to_value(&bucket).unwrap(), aws);
}

#[test]
fn an_untagged_union_picks_the_variant_that_keeps_the_most_fields() {
    use atlas_api_tests::lenient::types::Target;
    let full = json!({"id": "1", "name": "n", "url": "u"});
    let target: Target = serde_json::from_value(full.clone()).unwrap();
    assert_eq!(serde_json::to_value(&target).unwrap(), full, "not the first variant, which drops name and url");
}

#[test]
fn enums_compare_hash_and_order_by_their_wire_value() {
    use enums::types::State;
    use std::collections::HashSet;
    // An unknown value that spells a known one is that value, wherever it came from.
    assert_eq!(State::Unknown("CREATING".into()), State::Creating);
    let set: HashSet<State> = [State::Creating, State::Unknown("CREATING".into()), State::from("CREATING")].into();
    assert_eq!(set.len(), 1);
    assert_eq!(State::from("CREATING"), State::Creating);
    assert_eq!(State::from("NEW"), State::Unknown("NEW".into()));
    assert!(State::Lt < State::Gt, "`<` sorts before `>`, as their wire values do");
    // Anything but a string is refused, with what was expected.
    let error = serde_json::from_value::<State>(json!(1)).unwrap_err().to_string();
    assert!(error.contains("invalid type: integer `1`, expected a string"), "{error}");
}

#[test]
fn objects_read_escaped_keys_skip_unknown_ones_and_refuse_non_objects() {
    use enums::types::{Holder, State};
    // A key written with an escape is the same key (serde_json hands it over owned).
    let holder: Holder =
        serde_json::from_str(r#"{"st\u0061te": "CREATING", "extra": [1, {"a": 2}], "level": 3}"#).expect("decodes");
    assert_eq!(holder.state, State::Creating);
    assert_eq!(holder.level, Some(3));
    let error = serde_json::from_value::<Holder>(json!(["CREATING"])).unwrap_err().to_string();
    assert!(error.contains("expected an object (Holder)"), "{error}");
    // A key sent twice keeps its last value, as serde_json's own `Value` does.
    let twice: Holder = serde_json::from_str(r#"{"state": "CREATING", "level": 1, "level": 2}"#).expect("decodes");
    assert_eq!(twice.level, Some(2));
    // A field that fails names its key.
    let error = serde_path_to_error::deserialize::<_, Holder>(json!({"state": "CREATING", "level": "high"}))
        .unwrap_err()
        .path()
        .to_string();
    assert_eq!(error, "level");
}

#[test]
fn bodies_build_without_some_or_default() {
    use polymorphic::types::{AwsRegionConfig, AwsRegionConfigProviderName, RegionConfig, ReplicationSpec};
    // A variant's struct converts into its union; an enum takes its wire value or a variant.
    // `new()` sets the tag the one member a union selects by `AWS` holds.
    let spec = ReplicationSpec::new().region_configs([
        RegionConfig::from(AwsRegionConfig::new().priority(7).region_name("US_EAST_1")),
        AwsRegionConfig::new().provider_name(AwsRegionConfigProviderName::Aws).into(),
    ]);
    // The same value with its fields assigned (structs are `#[non_exhaustive]`: no literals).
    let mut first = AwsRegionConfig::default();
    first.priority = Some(7);
    first.provider_name = Some(AwsRegionConfigProviderName::Aws);
    first.region_name = Some("US_EAST_1".into());
    let mut second = AwsRegionConfig::default();
    second.provider_name = Some(AwsRegionConfigProviderName::Aws);
    let mut written = ReplicationSpec::default();
    written.region_configs = Some(vec![RegionConfig::Aws(first), RegionConfig::Aws(second)]);
    assert_eq!(spec, written);
    assert_eq!(
        serde_json::to_value(&spec).unwrap(),
        json!({"regionConfigs": [
            {"priority": 7, "providerName": "AWS", "regionName": "US_EAST_1"},
            {"providerName": "AWS"}
        ]})
    );
}

#[test]
fn required_fields_are_the_constructor_s_arguments() {
    use nullable::types::Patch;
    let patch = Patch::new("a").note("n").comment("c").count(3).retries(2);
    assert_eq!(patch.id, "a");
    assert_eq!(patch.note.as_deref(), Some("n"));
    assert_eq!(patch.comment, Some(Some("c".to_owned())));
    assert_eq!((patch.count, patch.retries, patch.limit), (Some(3), Some(Some(2)), None));
    let mut written = Patch::default();
    written.id = "a".into();
    assert_eq!(Patch::new("a"), written);
}

/// The README's create-cluster body, written both ways, is one value and one request.
#[test]
fn the_readme_s_two_cluster_bodies_are_the_same_value() {
    use atlas_api::types::{
        AwsHardwareSpec20240805, AwsHardwareSpec20240805InstanceSize, AwsRegionConfig20240805,
        AwsRegionConfig20240805ProviderName, AwsRegionConfig20240805RegionName, CloudRegionConfig20240805,
        ClusterDescription20240805, ClusterDescription20240805ClusterType, ReplicationSpec20240805,
    };
    let built = ClusterDescription20240805::new().name("Cluster0").cluster_type("REPLICASET").replication_specs([
        ReplicationSpec20240805::new().region_configs([AwsRegionConfig20240805::new()
            .provider_name("AWS")
            .region_name("US_EAST_1")
            .priority(7)
            .electable_specs(AwsHardwareSpec20240805::new().instance_size("M10").node_count(3))
            .into()]),
    ]);
    let mut hardware = AwsHardwareSpec20240805::default();
    hardware.instance_size = Some(AwsHardwareSpec20240805InstanceSize::M10);
    hardware.node_count = Some(3);
    let mut region = AwsRegionConfig20240805::default();
    region.provider_name = Some(AwsRegionConfig20240805ProviderName::Aws);
    region.region_name = Some(AwsRegionConfig20240805RegionName::UsEast1);
    region.priority = Some(7);
    region.electable_specs = Some(hardware);
    let mut replication = ReplicationSpec20240805::default();
    replication.region_configs = Some(vec![CloudRegionConfig20240805::Aws(region)]);
    let mut written = ClusterDescription20240805::default();
    written.name = Some("Cluster0".to_owned());
    written.cluster_type = Some(ClusterDescription20240805ClusterType::Replicaset);
    written.replication_specs = Some(vec![replication]);
    assert_eq!(built, written);
    // The same type is found from its tag.
    let _: &atlas_api::types::by_tag::clusters::ClusterDescription20240805 = &built;
    // The string-built enums are the known variants, not unknown values that spell them.
    assert!(matches!(built.cluster_type, Some(ClusterDescription20240805ClusterType::Replicaset)));
    assert_eq!(
        serde_json::to_value(&built).unwrap(),
        json!({"clusterType": "REPLICASET", "name": "Cluster0", "replicationSpecs": [{"regionConfigs": [{
            "electableSpecs": {"instanceSize": "M10", "nodeCount": 3},
            "priority": 7, "providerName": "AWS", "regionName": "US_EAST_1"
        }]}]})
    );
}

#[test]
fn a_union_the_json_cannot_tell_apart_is_narrowed_by_its_region_config() {
    use polymorphic::types::{AzureHardwareSpec, RegionConfig};
    // An Azure hardware spec fits the AWS member too (its keys are a subset): the Azure
    // region config holds the Azure member, so it never reads as AWS.
    let azure = json!({"providerName": "AZURE", "electableSpecs": {"instanceSize": "M10", "nodeCount": 3}});
    let RegionConfig::Azure(config) = roundtrip::<RegionConfig>(azure) else { panic!("an Azure region config") };
    let specs: Option<AzureHardwareSpec> = config.electable_specs;
    assert_eq!(specs.and_then(|s| s.node_count), Some(3));
    let aws = json!({"providerName": "AWS", "electableSpecs": {"instanceSize": "M10", "diskIOPS": 3000}});
    let RegionConfig::Aws(config) = roundtrip::<RegionConfig>(aws) else { panic!("an AWS region config") };
    assert_eq!(config.electable_specs.and_then(|s| s.disk_iops), Some(3000));
}

#[test]
fn an_enum_with_a_placeholder_takes_any_string_and_never_sends_the_placeholder() {
    use enums::types::RoleName;
    let roles: Vec<RoleName> = roundtrip(json!(["atlasAdmin", "auditReader", "million minutes"]));
    assert_eq!(roles[0], RoleName::AtlasAdmin);
    assert_eq!(roles[1], RoleName::Unknown("auditReader".into()));
    assert_eq!(roles[2], RoleName::MillionMinutes, "a value with spaces stays a variant");
    // No variant spells the placeholder: it is no value Atlas takes.
    assert!(matches!(RoleName::from("<a custom role name>"), RoleName::Unknown(_)));
}

#[test]
fn an_untagged_union_prefers_the_member_whose_enums_know_the_value() {
    use polymorphic::types::{StemFilterType, TokenFilter};
    // Both members take `{"type": "porter"}` leniently (an unknown enum value); only the
    // second lists `porter`, so it wins though it comes second.
    let TokenFilter::Stem(filter) = roundtrip::<TokenFilter>(json!({"type": "porter", "ignore": true})) else {
        panic!("the member that knows `porter`")
    };
    assert_eq!(filter.r#type, StemFilterType::Porter);
    // A value both list is a true tie: the first member, as documented.
    assert!(matches!(roundtrip::<TokenFilter>(json!({"type": "lowercase"})), TokenFilter::Case(_)));
}

#[test]
fn an_enum_the_spec_writes_twice_is_one_enum_under_both_names() {
    use polymorphic::types::{AwsRegionConfig, AwsRegionConfigProviderName, AzureRegionConfigProviderName};
    // Both names stand for one type: a value under one name is a value under the other, with
    // the same variants, and it still reads and writes its wire value and keeps an unknown one.
    let azure: AzureRegionConfigProviderName = roundtrip(json!("AZURE"));
    let same: AwsRegionConfigProviderName = azure;
    assert_eq!(same, AzureRegionConfigProviderName::Azure);
    let unknown: AzureRegionConfigProviderName = roundtrip(json!("ORACLE"));
    assert_eq!(unknown, AwsRegionConfigProviderName::Unknown("ORACLE".into()));
    // A field typed by either name takes a value of the other.
    let config = AwsRegionConfig::new().provider_name(AzureRegionConfigProviderName::Aws);
    assert_eq!(serde_json::to_value(&config).unwrap(), json!({"providerName": "AWS"}));
}

#[test]
fn a_field_every_member_holds_is_read_on_the_union() {
    use polymorphic::types::{AwsRegionConfigProviderName, Event, RegionConfig, Threshold, TokenFilter};
    // Each kind of event lists its own event types: the union reads them as text, also for a
    // kind this crate does not know.
    let alert: Event = roundtrip(json!({"eventTypeName": "ALERT_CLOSED", "alertId": "a"}));
    let user: Event = roundtrip(json!({"eventTypeName": "USER_JOINED"}));
    let unknown = Event::Unknown(json!({"eventTypeName": "ROBOT_JOINED"}));
    assert_eq!([alert.event_type_name(), user.event_type_name()], [Some("ALERT_CLOSED"), Some("USER_JOINED")]);
    assert_eq!(unknown.event_type_name(), Some("ROBOT_JOINED"));
    // A tagged union reads its tag and every field its members share, with their type: the
    // members' provider names are aliases of one enum, so the tag is read as that enum.
    // Each member holds its own provider's hardware type, so that field is not shared; the
    // region names differ by member too, and are read as text.
    let config: RegionConfig =
        roundtrip(json!({"providerName": "AZURE", "priority": 7, "regionName": "EUROPE_NORTH", "electableSpecs": {}}));
    assert_eq!(config.provider_name(), Some(&AwsRegionConfigProviderName::Azure));
    assert_eq!(config.region_name(), Some("EUROPE_NORTH"));
    assert_eq!(config.priority(), Some(7));
    let unset: RegionConfig = roundtrip(json!({"providerName": "AWS"}));
    assert_eq!(unset.priority(), None);
    // A member this crate does not know gives no typed field, only text.
    let oracle: RegionConfig = roundtrip(json!({"providerName": "ORACLE", "priority": 1, "regionName": "X"}));
    assert_eq!((oracle.provider_name(), oracle.priority(), oracle.region_name()), (None, None, Some("X")));
    // An untagged union too, with a field named by a keyword.
    let filter: TokenFilter = roundtrip(json!({"type": "porter", "ignore": true}));
    assert_eq!((filter.r#type(), filter.ignore()), (Some("porter"), Some(true)));
    let threshold: Threshold = roundtrip(json!({"metricName": "DISK", "threshold": 0.5, "units": "BYTES"}));
    assert_eq!(
        (threshold.metric_name(), threshold.threshold(), threshold.units()),
        (Some("DISK"), Some(0.5), Some("BYTES"))
    );
}
