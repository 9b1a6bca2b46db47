//! The retention-deadline board: the frozen pay-per-use resources of frozen customers, each
//! with the day its data is deleted (the freeze's start plus the retention period), soonest
//! first, and the alert that goes to chosen staff some days before.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use i18n::{msg, t, Arg, Language, Message};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::customer::CustomerRow;
use crate::paging::PageRequest;

/// How long BSS keeps the stopped pay-per-use resources of a frozen customer before it
/// deletes their data and releases them, as Huawei documents it.
pub const DEFAULT_RETENTION_DAYS: u16 = 15;
/// The longest retention period and alert lead time a partner may set.
pub const MAX_RETENTION_DAYS: u16 = 90;
pub const MAX_ALERT_DAYS: u16 = 30;
/// Days before a deadline the alert goes out unless configured otherwise.
pub const DEFAULT_ALERT_DAYS: u16 = 3;

/// How long frozen resources keep their data, and how many days before that the alert goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionSettings {
    retention_days: u16,
    alert_days: u16,
}

/// Why retention settings are refused. Displayed in English (the server's start-up error);
/// the Settings page says [`RetentionSettingsError::message`] in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum RetentionSettingsError {
    #[error("{}", self.message())]
    RetentionDays,
    #[error("{}", self.message())]
    AlertDays,
}

impl RetentionSettingsError {
    pub fn message(&self) -> Message {
        match self {
            Self::RetentionDays => msg!("retention-days-invalid", max = MAX_RETENTION_DAYS),
            Self::AlertDays => msg!("retention-alert-days-invalid", max = MAX_ALERT_DAYS),
        }
    }
}

impl Default for RetentionSettings {
    fn default() -> Self {
        Self {
            retention_days: DEFAULT_RETENTION_DAYS,
            alert_days: DEFAULT_ALERT_DAYS,
        }
    }
}

impl RetentionSettings {
    pub fn new(retention_days: u16, alert_days: u16) -> Result<Self, RetentionSettingsError> {
        if !(1..=MAX_RETENTION_DAYS).contains(&retention_days) {
            return Err(RetentionSettingsError::RetentionDays);
        }
        if !(1..=MAX_ALERT_DAYS.min(retention_days)).contains(&alert_days) {
            return Err(RetentionSettingsError::AlertDays);
        }
        Ok(Self {
            retention_days,
            alert_days,
        })
    }

    /// Reads the two numbers as a form sends them.
    pub fn parse(retention_days: &str, alert_days: &str) -> Result<Self, RetentionSettingsError> {
        let retention = retention_days
            .trim()
            .parse()
            .map_err(|_| RetentionSettingsError::RetentionDays)?;
        let alert = alert_days
            .trim()
            .parse()
            .map_err(|_| RetentionSettingsError::AlertDays)?;
        Self::new(retention, alert)
    }

    pub fn retention_days(self) -> u16 {
        self.retention_days
    }

    pub fn alert_days(self) -> u16 {
        self.alert_days
    }

    /// When the data of resources frozen at `frozen_at` is deleted.
    pub fn deadline(self, frozen_at: DateTime<Utc>) -> DateTime<Utc> {
        frozen_at + Duration::days(i64::from(self.retention_days))
    }

    /// Whether a deadline is near enough at `now` for the alert, and not yet past.
    pub fn alert_due(self, deadline: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        deadline > now && deadline - Duration::days(i64::from(self.alert_days)) <= now
    }
}

/// When a customer's resources were frozen, as far as the dashboard knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FrozenSince {
    /// This dashboard froze them then.
    Exact(DateTime<Utc>),
    /// Frozen elsewhere (the Huawei console, or before this dashboard ran): the dashboard
    /// first saw them frozen then, so the freeze began then at the latest and the deadline
    /// is at the latest the one shown.
    FirstSeen(DateTime<Utc>),
}

impl FrozenSince {
    pub fn at(self) -> DateTime<Utc> {
        match self {
            Self::Exact(at) | Self::FirstSeen(at) => at,
        }
    }

    pub fn is_exact(self) -> bool {
        matches!(self, Self::Exact(_))
    }
}

/// A frozen pay-per-use resource, as ListCustomerOnDemandResources listed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrozenResource {
    pub resource_id: String,
    pub name: String,
    pub service_type_name: String,
    pub resource_type_name: String,
    pub region_code: String,
}

/// One line of the board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionEntry {
    pub customer: CustomerRow,
    pub resource: FrozenResource,
    pub frozen_since: FrozenSince,
    pub deadline: DateTime<Utc>,
}

impl RetentionEntry {
    /// Whole days from `now` to the deadline; negative once it has passed.
    pub fn days_left(&self, now: DateTime<Utc>) -> i64 {
        (self.deadline - now).num_days()
    }

    /// The deadline's day (UTC), which an alert is sent once for.
    pub fn deadline_day(&self) -> NaiveDate {
        self.deadline.date_naive()
    }
}

/// The board's page: its lines soonest deadline first, and what it does not know yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionBoard {
    pub settings: RetentionSettings,
    pub entries: Vec<RetentionEntry>,
    pub total: u64,
    pub page: PageRequest,
    /// Frozen customers whose resources BSS has not been asked for yet.
    pub unread: u64,
    /// Frozen customers whose resources BSS last refused to list, with its sentence.
    pub failed_reads: Vec<(String, String)>,
    pub now: DateTime<Utc>,
}

/// The days in words, as the board and the alert say them.
pub fn days_left(days: i64) -> Message {
    match days {
        ..=-1 => msg!("retention-passed"),
        0 => msg!("retention-today"),
        days => msg!("retention-in-days", days = days),
    }
}

/// The alert's subject and text for `entries`, due soon at `now`, in `language`.
pub fn alert_mail(
    entries: &[RetentionEntry],
    now: DateTime<Utc>,
    language: Language,
) -> (String, String) {
    let subject = t!(language, "mail-retention-subject", count = entries.len());
    let lines: Vec<String> = entries
        .iter()
        .map(|entry| {
            let resource = &entry.resource;
            let line = if entry.frozen_since.is_exact() {
                msg!("mail-retention-line")
            } else {
                msg!("mail-retention-line-at-the-latest")
            };
            line.with("day", Arg::date(entry.deadline_day().to_string()))
                .with("left", days_left(entry.days_left(now)))
                .with("resource", &resource.name)
                .with("service", &resource.service_type_name)
                .with("type", &resource.resource_type_name)
                .with("region", &resource.region_code)
                .with("id", &resource.resource_id)
                .with("customer", entry.customer.display_name())
                .with("customer_id", &entry.customer.customer_id)
                .render(language)
        })
        .collect();
    let body = t!(language, "mail-retention-body", lines = lines.join("\n"));
    (subject, format!("{body}\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn settings_hold_to_their_ranges() {
        assert!(RetentionSettings::new(15, 3).is_ok());
        assert_eq!(
            RetentionSettings::new(0, 1),
            Err(RetentionSettingsError::RetentionDays)
        );
        assert_eq!(
            RetentionSettings::new(91, 1),
            Err(RetentionSettingsError::RetentionDays)
        );
        assert_eq!(
            RetentionSettings::new(5, 6),
            Err(RetentionSettingsError::AlertDays)
        );
        assert_eq!(
            RetentionSettings::new(15, 0),
            Err(RetentionSettingsError::AlertDays)
        );
        assert_eq!(
            RetentionSettings::parse(" 20 ", "2"),
            RetentionSettings::new(20, 2)
        );
        assert_eq!(
            RetentionSettings::parse("two weeks", "2"),
            Err(RetentionSettingsError::RetentionDays)
        );
        assert_eq!(RetentionSettings::default().retention_days(), 15);
    }

    #[test]
    fn the_alert_is_due_within_its_lead_time_of_a_deadline_not_yet_passed() {
        let settings = RetentionSettings::new(15, 3).unwrap();
        let frozen = Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap();
        let deadline = settings.deadline(frozen);
        assert_eq!(
            deadline,
            Utc.with_ymd_and_hms(2026, 12, 16, 10, 0, 0).unwrap()
        );
        let at = |day, hour| Utc.with_ymd_and_hms(2026, 12, day, hour, 0, 0).unwrap();
        assert!(!settings.alert_due(deadline, at(13, 9)));
        assert!(settings.alert_due(deadline, at(13, 10)));
        assert!(settings.alert_due(deadline, at(16, 9)));
        assert!(!settings.alert_due(deadline, at(16, 10)));
    }

    #[test]
    fn days_left_read_as_words() {
        let words = |days| days_left(days).render(Language::En);
        assert_eq!(words(-2), "passed");
        assert_eq!(words(0), "today");
        assert_eq!(words(1), "in 1 day");
        assert_eq!(words(12), "in 12 days");
        assert_eq!(days_left(12).render(Language::ZhCn), "12 天后");
    }
}
