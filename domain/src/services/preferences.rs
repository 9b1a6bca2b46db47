//! Each staff member's own choices for their view (the customer table's columns), kept on
//! the server so they hold without JavaScript and across browsers. The only SQL on
//! `staff_preferences`.

use chrono::{DateTime, Utc};

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
    let keys: Vec<&str> = columns.iter().map(CustomerColumn::key).collect();
    db.query(
        "INSERT INTO staff_preferences (staff_id, customer_columns, updated_at) \
         VALUES ($1, $2, $3) ON CONFLICT (staff_id) DO UPDATE SET \
         customer_columns = excluded.customer_columns, updated_at = excluded.updated_at",
    )
    .bind(staff_id)
    .bind(keys.join(","))
    .bind(stored_time(now))
    .execute()
    .await?;
    Ok(())
}
