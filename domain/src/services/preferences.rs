//! Each staff member's own choices for their view (the customer table's columns, the
//! language), kept on the server so they hold without JavaScript and across browsers. The
//! only SQL on `staff_preferences`.

use chrono::{DateTime, Utc};
use i18n::Language;

use super::db::Db;
use super::sql::stored_time;
use super::ServiceError;
use crate::columns::{CustomerColumn, CustomerColumns};

/// The member's columns, or the default when they never chose. A stored key that names no
/// column (none is ever written) is skipped rather than failing the list.
pub async fn customer_columns(db: &Db, staff_id: i64) -> Result<CustomerColumns, ServiceError> {
    let stored: Option<String> = db
        .query("SELECT customer_columns FROM staff_preferences WHERE staff_id = $1")
        .bind(staff_id)
        .optional_scalar()
        .await?;
    Ok(match stored {
        Some(keys) => CustomerColumns::new(keys.split(',').filter_map(CustomerColumn::from_key)),
        None => CustomerColumns::default(),
    })
}

/// Saves the member's columns. The type holds known columns only, so no unknown key is
/// ever stored.
pub async fn set_customer_columns(
    db: &Db,
    staff_id: i64,
    columns: &CustomerColumns,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    db.query(
        "INSERT INTO staff_preferences (staff_id, customer_columns, updated_at) \
         VALUES ($1, $2, $3) ON CONFLICT (staff_id) DO UPDATE SET \
         customer_columns = excluded.customer_columns, updated_at = excluded.updated_at",
    )
    .bind(staff_id)
    .bind(stored_columns(columns))
    .bind(stored_time(now))
    .execute()
    .await?;
    Ok(())
}

/// The language the member chose, if they ever did. A value no language reads (none is
/// ever written: the column checks it) counts as no choice.
pub async fn language(db: &Db, staff_id: i64) -> Result<Option<Language>, ServiceError> {
    let stored: Option<Option<String>> = db
        .query("SELECT language FROM staff_preferences WHERE staff_id = $1")
        .bind(staff_id)
        .optional_scalar()
        .await?;
    Ok(stored.flatten().as_deref().and_then(Language::parse))
}

/// Saves the member's language. A member without a row yet keeps the default columns.
pub async fn set_language(
    db: &Db,
    staff_id: i64,
    language: Language,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    db.query(
        "INSERT INTO staff_preferences (staff_id, customer_columns, language, updated_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (staff_id) DO UPDATE SET \
         language = excluded.language, updated_at = excluded.updated_at",
    )
    .bind(staff_id)
    .bind(stored_columns(&CustomerColumns::default()))
    .bind(language.code())
    .bind(stored_time(now))
    .execute()
    .await?;
    Ok(())
}

/// Columns as `customer_columns` holds them: their keys joined by ','.
fn stored_columns(columns: &CustomerColumns) -> String {
    let keys: Vec<&str> = columns.iter().map(CustomerColumn::key).collect();
    keys.join(",")
}
