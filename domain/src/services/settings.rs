//! Run-time settings stored in the database, falling back to the configured defaults.

use super::db::{Db, Executor, Serialized};
use super::security_events::{self, NewSecurityEvent, Source};
use crate::labels::LabelSet;
use crate::retention::RetentionSettings;
use crate::security::SecurityEventKind;
use chrono::{DateTime, Utc};

const LABEL_SET: &str = "label_set";
const VERIFICATION_CODE: &str = "verification_code";
const RETENTION_DAYS: &str = "retention_days";
const RETENTION_ALERT_DAYS: &str = "retention_alert_days";

/// The label set in force: the stored setting, else `default` (from configuration).
pub async fn label_set(db: &Db, default: LabelSet) -> Result<LabelSet, sqlx::Error> {
    let stored = load(db, LABEL_SET).await?;
    Ok(stored
        .as_deref()
        .and_then(LabelSet::parse)
        .unwrap_or(default))
}

pub async fn set_label_set(db: &Db, labels: LabelSet) -> Result<(), sqlx::Error> {
    store(db, LABEL_SET, labels.as_str()).await
}

/// The retention period and alert lead time in force: the stored pair, else `default` (from
/// configuration). A stored pair that no longer holds together falls back whole.
pub async fn retention(
    db: &Db,
    default: RetentionSettings,
) -> Result<RetentionSettings, sqlx::Error> {
    let days = load(db, RETENTION_DAYS).await?;
    let alert = load(db, RETENTION_ALERT_DAYS).await?;
    Ok(match (days, alert) {
        (Some(days), Some(alert)) => RetentionSettings::parse(&days, &alert).unwrap_or(default),
        _ => default,
    })
}

pub async fn set_retention(db: &Db, retention: RetentionSettings) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_serialized(Serialized::Settings).await?;
    store(
        &mut tx,
        RETENTION_DAYS,
        &retention.retention_days().to_string(),
    )
    .await?;
    store(
        &mut tx,
        RETENTION_ALERT_DAYS,
        &retention.alert_days().to_string(),
    )
    .await?;
    tx.commit().await
}

/// Whether critical operations ask for a verification code (off unless an admin turned it on).
pub async fn verification_code_enabled(db: &Db) -> Result<bool, sqlx::Error> {
    Ok(load(db, VERIFICATION_CODE).await?.as_deref() == Some("on"))
}

/// Turns the verification code on or off, recording a security event when that changes the
/// setting (in the same transaction).
pub async fn set_verification_code_enabled(
    db: &Db,
    enabled: bool,
    source: Source<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let value = if enabled { "on" } else { "off" };
    // Two admins saving at once are serialised, so each event says what really changed.
    let mut tx = db.begin_serialized(Serialized::Settings).await?;
    let stored: Option<String> = load(&mut tx, VERIFICATION_CODE).await?;
    // A missing setting is off.
    if stored.as_deref().unwrap_or("off") != value {
        let event = NewSecurityEvent {
            kind: SecurityEventKind::code_setting(enabled),
            source,
            subject: None,
            details: String::new(),
            at: now,
        };
        security_events::record(&mut tx, event).await?;
    }
    store(&mut tx, VERIFICATION_CODE, value).await?;
    tx.commit().await
}

async fn load<'e>(db: impl Executor<'e>, name: &'e str) -> Result<Option<String>, sqlx::Error> {
    db.query("SELECT value FROM settings WHERE name = $1")
        .bind(name)
        .optional_scalar()
        .await
}

async fn store<'e>(
    db: impl Executor<'e>,
    name: &'e str,
    value: &'e str,
) -> Result<(), sqlx::Error> {
    db.query(
        "INSERT INTO settings (name, value, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(name)
    .bind(value)
    .bind(Utc::now().to_rfc3339())
    .execute()
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::db::scratch::ScratchDb;

    #[tokio::test]
    async fn stored_label_set_overrides_the_default_and_survives_reopening() {
        let scratch = ScratchDb::create().await.unwrap();
        let first = scratch.connect().await.unwrap();
        assert_eq!(
            label_set(&first, LabelSet::Current).await.unwrap(),
            LabelSet::Current
        );
        set_label_set(&first, LabelSet::Classic).await.unwrap();
        first.close().await;

        let reopened = scratch.connect().await.unwrap();
        assert_eq!(
            label_set(&reopened, LabelSet::Current).await.unwrap(),
            LabelSet::Classic
        );
    }

    #[tokio::test]
    async fn stored_retention_overrides_the_default() {
        let (_dir, db) = crate::services::test_db().await;
        let default = RetentionSettings::default();
        assert_eq!(retention(&db, default).await.unwrap(), default);
        let chosen = RetentionSettings::new(7, 2).unwrap();
        set_retention(&db, chosen).await.unwrap();
        assert_eq!(retention(&db, default).await.unwrap(), chosen);
    }

    #[tokio::test]
    async fn verification_code_is_off_until_turned_on() {
        let (_dir, db) = crate::services::test_db().await;
        assert!(!verification_code_enabled(&db).await.unwrap());
        set_verification_code_enabled(&db, true, Source::default(), Utc::now())
            .await
            .unwrap();
        assert!(verification_code_enabled(&db).await.unwrap());
        set_verification_code_enabled(&db, false, Source::default(), Utc::now())
            .await
            .unwrap();
        assert!(!verification_code_enabled(&db).await.unwrap());
    }
}
