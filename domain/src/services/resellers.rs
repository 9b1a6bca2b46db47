//! Which resellers restrict their own customers (they hold Partner Center's permission, so
//! BSS refuses this partner those customers' restrictions, freezes and budgets). BSS lists no
//! such flag: an admin records it, and the demo records the embedded emulator's. The only
//! SQL on `self_managing_resellers`.

use i18n::msg;
use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::db::Db;
use super::mirror;
use super::sql::stored_time;
use super::ServiceError;
use crate::input::shown;

/// The resellers recorded as restricting their own customers.
pub async fn self_managing(db: &Db) -> Result<Vec<String>, ServiceError> {
    Ok(db
        .query("SELECT reseller_id FROM self_managing_resellers ORDER BY reseller_id")
        .scalars()
        .await?)
}

/// Replaces the record by admin `marked_by`; an id that names no reseller of the mirror is
/// refused, changing nothing.
pub async fn set_self_managing(
    db: &Db,
    reseller_ids: &[String],
    marked_by: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let known: HashSet<String> = mirror::resellers(db)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    if let Some(unknown) = reseller_ids.iter().find(|id| !known.contains(*id)) {
        return Err(ServiceError::Invalid(msg!(
            "reseller-unknown",
            reseller = shown(unknown)
        )));
    }
    let kept = self_managing(db).await?;
    let mut tx = db.begin().await?;
    for id in kept.iter().filter(|id| !reseller_ids.contains(id)) {
        tx.query("DELETE FROM self_managing_resellers WHERE reseller_id = $1")
            .bind(id.clone())
            .execute()
            .await?;
    }
    for id in reseller_ids.iter().filter(|id| !kept.contains(id)) {
        tx.query(
            "INSERT INTO self_managing_resellers (reseller_id, marked_at, marked_by) \
             VALUES ($1, $2, $3) ON CONFLICT (reseller_id) DO NOTHING",
        )
        .bind(id.clone())
        .bind(stored_time(now))
        .bind(marked_by)
        .execute()
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Records the embedded emulator's self-managing resellers on a demo's first start (an
/// empty record); later an admin's choice stands.
pub async fn seed_demo(
    db: &Db,
    reseller_ids: &[String],
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let recorded: i64 = db
        .query("SELECT COUNT(*) FROM self_managing_resellers")
        .scalar()
        .await?;
    if recorded > 0 {
        return Ok(());
    }
    for id in reseller_ids {
        db.query(
            "INSERT INTO self_managing_resellers (reseller_id, marked_at) VALUES ($1, $2) \
             ON CONFLICT (reseller_id) DO NOTHING",
        )
        .bind(id.clone())
        .bind(stored_time(now))
        .execute()
        .await?;
    }
    Ok(())
}
