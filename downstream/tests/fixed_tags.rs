//! A union member whose tag has one value sets it itself: its constructor does not ask for
//! the value its type already implies, as an enum of one value or as a free string.

use atlas_api::types::{
    AlertsNotificationRootForGroup, ConnectionsRawMetricThresholdView, Datadog, EmailNotification, SlackNotification,
    TeamNotification, ThirdPartyIntegration,
};

#[test]
fn a_notification_is_of_its_own_type() {
    let email = EmailNotification::new().email_address("ops@example.com");
    let json = serde_json::to_value(&email).expect("encodes");
    assert_eq!(json["typeName"], "EMAIL");
    assert_eq!(AlertsNotificationRootForGroup::from(email).type_name(), Some("EMAIL"));
    for (notification, tag) in [(TeamNotification::new().into(), "TEAM"), (SlackNotification::new().into(), "SLACK")] {
        let notification: AlertsNotificationRootForGroup = notification;
        assert_eq!(serde_json::to_value(&notification).expect("encodes")["typeName"], tag);
    }
}

#[test]
fn a_threshold_chosen_by_a_free_text_tag_carries_its_own() {
    let threshold = ConnectionsRawMetricThresholdView::new();
    assert_eq!(threshold.metric_name, "CONNECTIONS");
    assert_eq!(serde_json::to_value(&threshold).expect("encodes")["metricName"], "CONNECTIONS");
}

#[test]
fn an_integration_sets_its_type() {
    let integration: ThirdPartyIntegration = Datadog::new("key").into();
    assert_eq!(serde_json::to_value(&integration).expect("encodes")["type"], "DATADOG");
    let ThirdPartyIntegration::Datadog(datadog) = integration else { panic!("a Datadog integration") };
    assert!(datadog.r#type.is_some(), "new() sets the optional tag too");
}
