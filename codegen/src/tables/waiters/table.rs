//! The table as written: `[[waiter]]` entries of `spec/waiters.toml`.

use serde::Deserialize;

/// The parsed table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaitersTable {
    #[serde(default, rename = "waiter")]
    pub waiters: Vec<WaiterEntry>,
}

/// One `[[waiter]]`, unchecked.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiterEntry {
    pub name: String,
    pub poll: String,
    pub version: String,
    pub args: Vec<String>,
    pub field: Option<String>,
    #[serde(default)]
    pub done: Vec<String>,
    #[serde(default)]
    pub done_when_set: bool,
    #[serde(default)]
    pub failed: Vec<String>,
    pub failed_field: Option<String>,
    #[serde(default)]
    pub pending: Vec<String>,
    /// The pending state a change (a PATCH or PUT) passes through (`UPDATING`): one of
    /// `pending`. The fake steps a changed resource through it.
    pub changing: Option<String>,
    /// States that need the user's action: they end the wait with `WaitError::NeedsAction`.
    #[serde(default)]
    pub action: Vec<String>,
    /// States of the field's enum that end the wait with `WaitError::Unexpected`, listed so
    /// that every value of the enum is accounted for.
    #[serde(default)]
    pub unexpected: Vec<String>,
    #[serde(default)]
    pub gone: bool,
    #[serde(default)]
    pub gone_codes: Vec<String>,
    /// Error codes of a poll that mean the resource is still on its way.
    #[serde(default)]
    pub pending_codes: Vec<String>,
    pub delays: [String; 3],
    #[serde(default)]
    pub after: Vec<String>,
    /// The items the waiter is for, when its poll answers several kinds (an AWS peering reads
    /// `statusName`, an Azure one `status`): only those whose `field` holds one of `values`.
    pub when: Option<When>,
    pub source: String,
}

/// `when = { field = "providerName", values = ["AWS"] }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct When {
    pub field: String,
    pub values: Vec<String>,
}

impl WaitersTable {
    pub fn parse(text: &str) -> Result<Self, String> {
        crate::tables::TableKind::Waiters.parse(text)
    }

    pub fn from_file(path: &std::path::Path) -> Result<Self, String> {
        crate::tables::TableKind::Waiters.read(path)
    }
}

/// `"90s"`, `"10m"`, `"3h"`, `"500ms"` in milliseconds.
pub(super) fn duration_ms(text: &str) -> Option<u64> {
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().ok()?;
    let scale = match unit {
        "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        _ => return None,
    };
    number.checked_mul(scale)
}

#[cfg(test)]
mod tests {
    use super::duration_ms;

    #[test]
    fn durations_take_a_unit() {
        assert_eq!(duration_ms("500ms"), Some(500));
        assert_eq!(duration_ms("10s"), Some(10_000));
        assert_eq!(duration_ms("3h"), Some(10_800_000));
        assert_eq!(duration_ms("10"), None);
        assert_eq!(duration_ms("s"), None);
        assert_eq!(duration_ms("1d"), None);
    }
}
