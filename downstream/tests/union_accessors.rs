//! Fields every member of a union holds are read on the union without a `match` or
//! `serde_json`, through members that are unions themselves, typed where the members hold
//! one type.

use atlas_api::types::{
    AwsRegionConfig20240805, AwsRegionConfig20240805ProviderName as Provider, CloudRegionConfig20240805,
    EventViewForNdsGroup, GroupAlertsConfig,
};

#[test]
fn an_alert_config_of_a_nested_union_reads_its_fields() {
    // TOO_MANY_ELECTIONS is a member of ReplicaSetThresholdAlertConfigViewForNdsGroup, itself
    // a member of GroupAlertsConfig.
    let config: GroupAlertsConfig = serde_json::from_value(serde_json::json!({
        "id": "32b6e34b3d91647abb20e7b8",
        "enabled": true,
        "eventTypeName": "TOO_MANY_ELECTIONS",
        "notifications": [{"typeName": "GROUP", "intervalMin": 5}],
        "threshold": {"operator": "GREATER_THAN", "threshold": 3}
    }))
    .expect("an alert config");
    assert!(matches!(config, GroupAlertsConfig::ReplicaSetThresholdAlertConfigViewForNdsGroup(_)), "{config:?}");
    assert_eq!(config.id(), Some("32b6e34b3d91647abb20e7b8"));
    assert_eq!(config.enabled(), Some(true));
    assert_eq!(config.event_type_name(), Some("TOO_MANY_ELECTIONS"));
    assert_eq!(config.notifications().map(<[_]>::len), Some(1));
}

#[test]
fn a_project_event_reads_its_event_type_name() {
    let event = |kind: &str| -> EventViewForNdsGroup {
        let json = serde_json::json!({"id": "32b6e34b3d91647abb20e7b9", "eventTypeName": kind, "created": "2024-05-01T10:00:00Z"});
        serde_json::from_value(json).expect("an event")
    };
    let cluster = event("CLUSTER_MONGOS_IS_PRESENT");
    assert!(matches!(cluster, EventViewForNdsGroup::Cluster(_)), "{cluster:?}");
    assert_eq!(cluster.event_type_name(), Some("CLUSTER_MONGOS_IS_PRESENT"));
    assert_eq!(cluster.id(), Some("32b6e34b3d91647abb20e7b9"));
    assert!(cluster.created().is_some());
    // An event type no member lists is still read as text (here through a member union's
    // value of none of its own members).
    assert_eq!(event("ROBOT_JOINED").event_type_name(), Some("ROBOT_JOINED"));
}

#[test]
fn a_region_configs_provider_is_its_enum() {
    let config: CloudRegionConfig20240805 = AwsRegionConfig20240805::new().provider_name(Provider::Aws).into();
    assert_eq!(config.provider_name(), Some(&Provider::Aws));
}
