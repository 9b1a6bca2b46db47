//! The operation records and their per-customer items (`operation_records` and
//! `operation_items`): the only SQL on those tables, but for the key query of the
//! [timeline](super::timeline) that merges them with BSS's budget records. A record is
//! written with every customer pending before BSS is called; each item then gets BSS's
//! answer, or what reconciliation read back from BSS, and the record is finished.

use chrono::{DateTime, Utc};
use i18n::msg;

use super::db::{Db, DbRow, Query, Tx};
use super::operations::{NewRecord, OperationContext};
use super::sql::{count_value, push_contains, push_date_range, push_page, stored_time};
use super::ServiceError;
use crate::audit::{RecordEntry, RecordPage, RecordQuery, RecordSummary, ResultFilter};
use crate::budget::BudgetChange;
use crate::customer::CustomerRow;
use crate::labels::LabelSet;
use crate::operation::{
    ApiMode, ItemOutcome, ItemResult, Operation, OperationReport, RecordHeader,
};
use crate::record::RecordKind;

/// The record this member already wrote for a form with this token, if any.
pub(super) async fn submitted(
    db: &Db,
    form_token: &str,
    staff_id: i64,
    kind: RecordKind,
) -> Result<Option<i64>, ServiceError> {
    Ok(db
        .query(
            "SELECT id FROM operation_records \
             WHERE form_token = $1 AND staff_id = $2 AND operation = $3",
        )
        .bind(form_token)
        .bind(staff_id)
        .bind(kind.slug())
        .optional_scalar::<i64>()
        .await?)
}

/// Items written by one INSERT: 4,000 bound values, well within both backends' limits
/// (SQLite 32,766; PostgreSQL 65,535).
const ITEMS_PER_INSERT: usize = 1_000;

/// Writes the record and one pending item per customer, in the caller's transaction (which
/// also spends the verification code, so neither is written without the other). The
/// customers share a scope, which the record keeps.
pub(super) async fn insert(
    tx: &mut Tx,
    record: &NewRecord<'_>,
    context: OperationContext<'_>,
    code_verified: bool,
    customers: &[CustomerRow],
) -> Result<i64, ServiceError> {
    let reseller = customers
        .first()
        .and_then(|customer| customer.reseller_id.clone())
        .unwrap_or_default();
    let record_id: i64 = tx
        .query(
            "INSERT INTO operation_records (created_at, staff_id, staff_email, operation, \
             label_set, operation_label, reason, reseller_id, code_verified, api_version, \
             details, retry_of, form_token) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        )
        .bind(now())
        .bind(context.actor.id)
        .bind(&context.actor.email)
        .bind(record.kind.slug())
        .bind(context.labels.as_str())
        // The name the console used, kept as the audit wrote it (in English); pages name the
        // operation in their reader's language from its kind and label set.
        .bind(record.kind.label(context.labels).to_string())
        .bind(record.reason)
        .bind(&reseller)
        .bind(code_verified)
        .bind(api_version(context.api_mode))
        .bind(&record.details)
        .bind(record.retry_of)
        .bind(record.form_token)
        .scalar()
        .await
        .map_err(|error| match error {
            // The form token is unique: a concurrent submit of the same dialog wrote first.
            sqlx::Error::Database(ref database) if database.is_unique_violation() => {
                ServiceError::Invalid(msg!("operation-form-submitted"))
            }
            error => error.into(),
        })?;
    // Many rows per statement: a batch of 5,000 is five statements, not 5,000 round trips.
    for (chunk, rows) in customers.chunks(ITEMS_PER_INSERT).enumerate() {
        let mut insert = tx.query(
            "INSERT INTO operation_items (record_id, position, customer_id, customer_name, result) \
             VALUES ",
        );
        for (n, customer) in rows.iter().enumerate() {
            let position = chunk * ITEMS_PER_INSERT + n;
            insert
                .push(if n == 0 { "(" } else { ", (" })
                .push_bind(record_id)
                .push(", ")
                .push_bind(i64::try_from(position).unwrap_or(i64::MAX))
                .push(", ")
                .push_bind(customer.customer_id.as_str())
                .push(", ")
                .push_bind(display_name(customer))
                .push(", 'pending')");
        }
        insert.execute().await?;
    }
    Ok(record_id)
}

/// Stores BSS's answers for one call's customers, in one transaction.
pub(super) async fn store_outcomes(
    db: &Db,
    record_id: i64,
    outcomes: &[bss::CustomerOutcome],
) -> Result<(), ServiceError> {
    let finished_at = now();
    let mut tx = db.begin().await?;
    for outcome in outcomes {
        let (result, code, message) = match &outcome.result {
            Ok(()) => (ItemResult::Succeeded, None, None),
            Err(failure) => (
                ItemResult::Failed,
                Some(failure.error_code.as_str()),
                Some(failure.error_msg.as_str()),
            ),
        };
        tx.query(
            "UPDATE operation_items SET result = $1, error_code = $2, error_msg = $3, \
             request_id = $4, finished_at = $5 \
             WHERE record_id = $6 AND customer_id = $7 AND result = 'pending'",
        )
        .bind(result.key())
        .bind(code)
        .bind(message)
        .bind(&outcome.request_id)
        .bind(&finished_at)
        .bind(record_id)
        .bind(&outcome.customer_id)
        .execute()
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Notes that the call carrying `customer_ids` goes out now: from here on, should this
/// instance die, they are read back from BSS rather than sent again.
pub(super) async fn mark_sent(
    db: &Db,
    record_id: i64,
    customer_ids: &[String],
) -> Result<(), ServiceError> {
    let mut update = db.query("UPDATE operation_items SET sent_at = ");
    update
        .push_bind(now())
        .push(" WHERE result = 'pending' AND sent_at IS NULL AND record_id = ")
        .push_bind(record_id)
        .push(" AND customer_id IN ")
        .push_bind_list(customer_ids.iter().map(String::as_str));
    update.execute().await?;
    Ok(())
}

/// Records a still pending customer's result as read back from BSS, with a note that says
/// so (and has no BSS code).
pub(super) async fn settle_item(
    db: &Db,
    record_id: i64,
    customer_id: &str,
    result: ItemResult,
    note: &str,
) -> Result<(), ServiceError> {
    db.query(
        "UPDATE operation_items SET result = $1, error_msg = $2, finished_at = $3 \
         WHERE record_id = $4 AND customer_id = $5 AND result = 'pending'",
    )
    .bind(result.key())
    .bind(note)
    .bind(now())
    .bind(record_id)
    .bind(customer_id)
    .execute()
    .await?;
    Ok(())
}

/// Marks the record finished once its run has no customer left pending.
pub(super) async fn finish(db: &Db, record_id: i64) -> Result<(), ServiceError> {
    db.query("UPDATE operation_records SET finished_at = $1 WHERE id = $2")
        .bind(now())
        .bind(record_id)
        .execute()
        .await?;
    Ok(())
}

/// Marks a reconciled record finished, unless its own run finished it meanwhile.
pub(super) async fn finish_unfinished(db: &Db, record_id: i64) -> Result<(), ServiceError> {
    db.query("UPDATE operation_records SET finished_at = $1 WHERE id = $2 AND finished_at IS NULL")
        .bind(now())
        .bind(record_id)
        .execute()
        .await?;
    Ok(())
}

/// A record with customers still pending.
pub(super) struct PendingRecord {
    pub id: i64,
    pub created_at: DateTime<Utc>,
}

/// Records with customers still pending, oldest first.
pub(super) async fn pending(db: &Db) -> Result<Vec<PendingRecord>, ServiceError> {
    let rows: Vec<(i64, String)> = db
        .query(
            "SELECT id, created_at FROM operation_records WHERE id IN \
             (SELECT record_id FROM operation_items WHERE result = 'pending') ORDER BY id",
        )
        .fetch_all()
        .await?;
    rows.into_iter()
        .map(|(id, created_at)| {
            Ok(PendingRecord {
                id,
                created_at: record_time(id, &created_at)?,
            })
        })
        .collect()
}

/// What a record asked BSS to change.
pub(super) enum Change {
    Freeze(Operation),
    Budget(BudgetChange),
}

/// What is left to do for a record.
pub(super) struct PendingWork {
    pub change: Change,
    pub reason: String,
    /// The reseller whose customers these are (`indirect_partner_id`).
    pub reseller: Option<String>,
    /// Customers without a result whose call was never sent, in the order they were
    /// selected: to be run.
    pub unsent: Vec<String>,
    /// Customers without a result whose call was sent (by an instance that died, or that
    /// got no clear answer): to be read back from BSS, never sent again.
    pub sent: Vec<String>,
}

pub(super) async fn pending_work(db: &Db, record_id: i64) -> Result<PendingWork, ServiceError> {
    let record = db
        .query(
            "SELECT operation, reason, reseller_id, details FROM operation_records WHERE id = $1",
        )
        .bind(record_id)
        .row()
        .await?;
    let change = match record_kind(&record.try_get::<String>("operation")?)? {
        RecordKind::Freeze(operation) => Change::Freeze(operation),
        RecordKind::SetBudget => {
            Change::Budget(serde_json::from_str(&record.try_get::<String>("details")?)?)
        }
    };
    let reseller: String = record.try_get("reseller_id")?;
    let pending: Vec<(String, bool)> = db
        .query(
            "SELECT customer_id, sent_at IS NOT NULL FROM operation_items \
             WHERE record_id = $1 AND result = 'pending' ORDER BY position",
        )
        .bind(record_id)
        .fetch_all()
        .await?;
    let (sent, unsent): (Vec<_>, Vec<_>) = pending.into_iter().partition(|(_, sent)| *sent);
    let ids = |items: Vec<(String, bool)>| items.into_iter().map(|(id, _)| id).collect();
    Ok(PendingWork {
        change,
        reason: record.try_get("reason")?,
        reseller: Some(reseller).filter(|r| !r.is_empty()),
        unsent: ids(unsent),
        sent: ids(sent),
    })
}

/// What a retry of a finished record repeats.
pub(super) struct Retried {
    pub kind: RecordKind,
    pub reason: String,
    /// The customers that failed or were not applied, in their order.
    pub failed: Vec<String>,
}

/// The finished record a retry repeats, with the customers that did not take effect.
pub(super) async fn retried(db: &Db, record_id: i64) -> Result<Retried, ServiceError> {
    let record = db
        .query("SELECT operation, reason, finished_at FROM operation_records WHERE id = $1")
        .bind(record_id)
        .optional_row()
        .await?
        .ok_or_else(|| ServiceError::Invalid(msg!("retry-no-record", record = record_id)))?;
    if record.try_get::<Option<String>>("finished_at")?.is_none() {
        return Err(ServiceError::Invalid(msg!("retry-still-running")));
    }
    let failed = db
        .query(
            "SELECT customer_id FROM operation_items WHERE record_id = $1 AND result IN ($2, $3) \
         ORDER BY position",
        )
        .bind(record_id)
        .bind(ItemResult::Failed.key())
        .bind(ItemResult::NotApplied.key())
        .scalars()
        .await?;
    Ok(Retried {
        kind: record_kind(&record.try_get::<String>("operation")?)?,
        reason: record.try_get("reason")?,
        failed,
    })
}

/// The record as pages show it.
pub async fn report(db: &Db, record_id: i64) -> Result<OperationReport, ServiceError> {
    let record = db
        .query(
            "SELECT id, operation, label_set, created_at, finished_at, staff_email, \
         reason, code_verified, reseller_id, api_version, details, retry_of \
         FROM operation_records WHERE id = $1",
        )
        .bind(record_id)
        .optional_row()
        .await?
        .ok_or_else(|| ServiceError::Invalid(msg!("record-not-found", record = record_id)))?;
    let items = db
        .query(
            "SELECT customer_id, customer_name, result, error_code, error_msg, request_id \
         FROM operation_items WHERE record_id = $1 ORDER BY position",
        )
        .bind(record_id)
        .rows()
        .await?
        .iter()
        .map(item_outcome)
        .collect::<Result<Vec<_>, _>>()?;

    let header = record_header(&record)?;
    let budget = budget_change(header.operation, &record.try_get::<String>("details")?)?;
    Ok(OperationReport {
        header,
        reseller_id: Some(record.try_get::<String>("reseller_id")?).filter(|r| !r.is_empty()),
        api_version: record.try_get("api_version")?,
        budget,
        retry_of: record.try_get("retry_of")?,
        items,
    })
}

/// One page of the records `query` selects, newest first, with the total it matches.
pub async fn list(db: &Db, query: &RecordQuery) -> Result<RecordPage, ServiceError> {
    let mut count = db.query("SELECT COUNT(*) FROM operation_records r");
    push_record_filters(&mut count, query);
    push_matching_items(&mut count, query);
    let total: i64 = count.scalar().await?;

    let tally = |filter: ResultFilter| {
        format!(
            "(SELECT COUNT(*) FROM operation_items c WHERE c.record_id = r.id AND c.result IN ({}))",
            result_keys(filter)
        )
    };
    let mut select = db.query(format!(
        "SELECT r.id, r.created_at, r.finished_at, r.staff_email, r.operation, \
         r.label_set, r.reason, r.code_verified, \
         (SELECT COUNT(*) FROM operation_items c WHERE c.record_id = r.id) AS customers, \
         {} AS took_effect, {} AS did_not_take_effect, {} AS pending, \
         (SELECT c.customer_name FROM operation_items c WHERE c.record_id = r.id \
          ORDER BY c.position LIMIT 1) AS first_customer \
         FROM operation_records r",
        tally(ResultFilter::TookEffect),
        tally(ResultFilter::DidNotTakeEffect),
        tally(ResultFilter::Pending),
    ));
    push_record_filters(&mut select, query);
    push_matching_items(&mut select, query);
    select.push(" ORDER BY r.id DESC");
    push_page(&mut select, query.page);
    let rows = select.rows().await?;

    Ok(RecordPage {
        rows: rows.iter().map(summary).collect::<Result<_, _>>()?,
        total: count_value(total),
        page: query.page,
    })
}

/// What the given records did to the customer, by record id; BSS's confirmations are
/// added by the [timeline](super::timeline), which pages these with BSS's records.
pub(super) async fn timeline_entries(
    db: &Db,
    customer_id: &str,
    record_ids: &[i64],
) -> Result<Vec<RecordEntry>, ServiceError> {
    if record_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut select = db.query(
        "SELECT r.id, r.created_at, r.finished_at, r.staff_email, r.operation, \
         r.label_set, r.reason, r.code_verified, r.details, \
         i.result, i.error_code, i.error_msg, i.request_id \
         FROM operation_items i JOIN operation_records r ON r.id = i.record_id \
         WHERE i.customer_id = ",
    );
    select
        .push_bind(customer_id.to_owned())
        .push(" AND r.id IN ")
        .push_bind_list(record_ids.iter().copied());
    select.rows().await?.iter().map(timeline_entry).collect()
}

/// A Set Budget this dashboard made for a customer, for matching BSS's records to it.
pub(super) struct BudgetSet {
    pub record_id: i64,
    pub created_at: DateTime<Utc>,
    pub change: BudgetChange,
}

/// The customer's Set Budget records that took effect or may have (still pending): a
/// failed one left no trace in BSS to match.
pub(super) async fn budget_sets(
    db: &Db,
    customer_id: &str,
) -> Result<Vec<BudgetSet>, ServiceError> {
    let rows = db
        .query(
            "SELECT r.id, r.created_at, r.details \
             FROM operation_items i JOIN operation_records r ON r.id = i.record_id \
             WHERE i.customer_id = $1 AND r.operation = $2 AND i.result NOT IN ($3, $4) \
             ORDER BY r.id",
        )
        .bind(customer_id)
        .bind(RecordKind::SetBudget.slug())
        .bind(ItemResult::Failed.key())
        .bind(ItemResult::NotApplied.key())
        .rows()
        .await?;
    rows.iter()
        .map(|row| {
            let record_id: i64 = row.try_get("id")?;
            Ok(BudgetSet {
                record_id,
                created_at: record_time(record_id, &row.try_get::<String>("created_at")?)?,
                change: serde_json::from_str(&row.try_get::<String>("details")?)?,
            })
        })
        .collect()
}

/// One customer of one record, with everything the CSV export says about it.
pub(super) struct ExportRow {
    pub header: RecordHeader,
    /// The customer's place in the record: with the record id, the export's order.
    pub position: i64,
    pub reseller_id: String,
    pub customer_id: String,
    pub customer_name: String,
    pub result: ItemResult,
    pub error_code: Option<String>,
    pub error_msg: Option<String>,
    pub request_id: Option<String>,
    pub api_version: String,
    pub budget: Option<BudgetChange>,
    pub retry_of: Option<i64>,
}

/// Up to `limit` of the export's rows (newest record first, then its customers), after the
/// `(record id, position)` given: keyset paging, so rows written meanwhile move nothing.
pub(super) async fn export_page(
    db: &Db,
    query: &RecordQuery,
    after: Option<(i64, i64)>,
    limit: i64,
) -> Result<Vec<ExportRow>, ServiceError> {
    let mut select = db.query(
        "SELECT r.id, i.position, r.created_at, r.finished_at, r.staff_email, \
         r.operation, r.label_set, r.reseller_id, i.customer_id, \
         i.customer_name, r.reason, r.code_verified, i.result, i.error_code, i.error_msg, \
         i.request_id, r.api_version, r.details, r.retry_of \
         FROM operation_records r JOIN operation_items i ON i.record_id = r.id",
    );
    push_record_filters(&mut select, query);
    push_item_filters(&mut select, query, "i");
    if let Some((record, position)) = after {
        select
            .push(" AND (r.id < ")
            .push_bind(record)
            .push(" OR (r.id = ")
            .push_bind(record)
            .push(" AND i.position > ")
            .push_bind(position)
            .push("))");
    }
    select
        .push(" ORDER BY r.id DESC, i.position LIMIT ")
        .push_bind(limit);
    select.rows().await?.iter().map(export_row).collect()
}

fn export_row(row: &DbRow) -> Result<ExportRow, ServiceError> {
    let header = record_header(row)?;
    Ok(ExportRow {
        budget: budget_change(header.operation, &row.try_get::<String>("details")?)?,
        header,
        position: row.try_get("position")?,
        reseller_id: row.try_get("reseller_id")?,
        customer_id: row.try_get("customer_id")?,
        customer_name: row.try_get("customer_name")?,
        result: item_result(&row.try_get::<String>("result")?)?,
        error_code: row.try_get("error_code")?,
        error_msg: row.try_get("error_msg")?,
        request_id: row.try_get("request_id")?,
        api_version: row.try_get("api_version")?,
        retry_of: row.try_get("retry_of")?,
    })
}

/// Conditions on the record itself: staff, operation and date.
fn push_record_filters(sql: &mut Query<'_>, query: &RecordQuery) {
    sql.push(" WHERE 1 = 1");
    push_contains(sql, "r.staff_email", &query.staff);
    if let Some(operation) = &query.operation {
        sql.push(" AND r.operation = ").push_bind(operation.clone());
    }
    push_date_range(
        sql,
        "r.created_at",
        query.from.as_deref(),
        query.to.as_deref(),
    );
}

/// Records with at least one customer matching the customer and result filters.
fn push_matching_items(sql: &mut Query<'_>, query: &RecordQuery) {
    if query.customer.is_empty() && query.result.is_none() {
        return;
    }
    sql.push(" AND EXISTS (SELECT 1 FROM operation_items m WHERE m.record_id = r.id");
    push_item_filters(sql, query, "m");
    sql.push(")");
}

/// Conditions on one customer's result, on the items table under `alias`.
fn push_item_filters(sql: &mut Query<'_>, query: &RecordQuery, alias: &str) {
    if !query.customer.is_empty() {
        sql.push(format_args!(" AND ({alias}.customer_id = "))
            .push_bind(query.customer.clone())
            .push(format_args!(" OR LOWER({alias}.customer_name) LIKE "))
            .push_bind(super::sql::contains_pattern(&query.customer.to_lowercase()))
            .push(" ESCAPE '\\')");
    }
    if let Some(filter) = query.result {
        sql.push(format_args!(
            " AND {alias}.result IN ({})",
            result_keys(filter)
        ));
    }
}

/// The filter's results as an SQL list; the keys are the code's own constants.
fn result_keys(filter: ResultFilter) -> String {
    filter
        .results()
        .iter()
        .map(|result| format!("'{}'", result.key()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The header columns of `operation_records` (`id`, `operation`, ...), as any query here
/// selects them.
fn record_header(row: &DbRow) -> Result<RecordHeader, ServiceError> {
    Ok(RecordHeader {
        record_id: row.try_get("id")?,
        operation: record_kind(&row.try_get::<String>("operation")?)?,
        label_set: label_set(&row.try_get::<String>("label_set")?)?,
        created_at: row.try_get("created_at")?,
        finished_at: row.try_get("finished_at")?,
        staff_email: row.try_get("staff_email")?,
        reason: row.try_get("reason")?,
        code_verified: row.try_get("code_verified")?,
    })
}

fn summary(row: &DbRow) -> Result<RecordSummary, ServiceError> {
    let count = |name: &str| -> Result<u64, ServiceError> { Ok(count_value(row.try_get(name)?)) };
    Ok(RecordSummary {
        header: record_header(row)?,
        first_customer: row
            .try_get::<Option<String>>("first_customer")?
            .unwrap_or_default(),
        customers: count("customers")?,
        took_effect: count("took_effect")?,
        did_not_take_effect: count("did_not_take_effect")?,
        pending: count("pending")?,
    })
}

fn timeline_entry(row: &DbRow) -> Result<RecordEntry, ServiceError> {
    let header = record_header(row)?;
    Ok(RecordEntry {
        budget: budget_change(header.operation, &row.try_get::<String>("details")?)?,
        header,
        result: item_result(&row.try_get::<String>("result")?)?,
        error_code: row.try_get("error_code")?,
        error_msg: row.try_get("error_msg")?,
        request_id: row.try_get("request_id")?,
        confirmed_by_bss: None,
    })
}

fn item_outcome(row: &DbRow) -> Result<ItemOutcome, ServiceError> {
    Ok(ItemOutcome {
        customer_id: row.try_get("customer_id")?,
        customer_name: row.try_get("customer_name")?,
        result: item_result(&row.try_get::<String>("result")?)?,
        error_code: row.try_get("error_code")?,
        error_msg: row.try_get("error_msg")?,
        request_id: row.try_get("request_id")?,
    })
}

/// The budget a set-budget record set; `None` for other kinds.
fn budget_change(kind: RecordKind, details: &str) -> Result<Option<BudgetChange>, ServiceError> {
    match kind {
        RecordKind::SetBudget => Ok(Some(serde_json::from_str(details)?)),
        RecordKind::Freeze(_) => Ok(None),
    }
}

/// A stored record's kind; a slug this code does not know means the record is corrupt.
fn record_kind(slug: &str) -> Result<RecordKind, ServiceError> {
    RecordKind::from_slug(slug)
        .ok_or_else(|| ServiceError::Record(format!("unknown record kind `{slug}`")))
}

fn label_set(value: &str) -> Result<LabelSet, ServiceError> {
    LabelSet::parse(value)
        .ok_or_else(|| ServiceError::Record(format!("unknown label set `{value}`")))
}

fn item_result(key: &str) -> Result<ItemResult, ServiceError> {
    ItemResult::from_key(key)
        .ok_or_else(|| ServiceError::Record(format!("unknown item result `{key}`")))
}

/// What the record's `api_version` says about the API in use.
fn api_version(mode: ApiMode) -> &'static str {
    match mode {
        ApiMode::V2 => "v2",
        ApiMode::V1Legacy => "v1",
    }
}

/// The customer as staff saw them in the list when the operation ran.
fn display_name(customer: &CustomerRow) -> String {
    if customer.customer.is_empty() {
        customer.account_name.clone()
    } else {
        format!("{} ({})", customer.customer, customer.account_name)
    }
}

/// A record's `created_at`; one that is not RFC 3339 means the record is corrupt.
fn record_time(record_id: i64, text: &str) -> Result<DateTime<Utc>, ServiceError> {
    DateTime::parse_from_rfc3339(text)
        .map(|time| time.with_timezone(&Utc))
        .map_err(|error| {
            ServiceError::Record(format!("record {record_id} has no valid time: {error}"))
        })
}

fn now() -> String {
    stored_time(Utc::now())
}
