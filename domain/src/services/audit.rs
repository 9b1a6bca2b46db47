//! Reading the audit trail: the Operation Records list, its CSV export and a customer's
//! timeline. Nothing here writes: records are written only by the operations themselves.

use super::db::{DbRow, Query};
use futures::Stream;

use super::csv_export::{CsvSink, PAGE_ROWS};
use super::db::Db;
use super::sql::{count_value, push_contains, push_date_range, push_page};
use super::ServiceError;
use crate::audit::{
    RecordPage, RecordQuery, RecordSummary, ResultFilter, TimelineEntry, TimelinePage,
};
use crate::bss_codes;
use crate::budget::BudgetChange;
use crate::operation::{ItemResult, RecordHeader};
use crate::paging::PageRequest;
use crate::record::RecordKind;

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
         r.operation_label, r.reason, r.code_verified, \
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

/// A customer's operations and budget changes, newest first.
pub async fn timeline(
    db: &Db,
    customer_id: &str,
    page: PageRequest,
) -> Result<TimelinePage, ServiceError> {
    let total: i64 = db
        .query("SELECT COUNT(*) FROM operation_items WHERE customer_id = $1")
        .bind(customer_id)
        .scalar()
        .await?;
    let mut select = db.query(
        "SELECT r.id, r.created_at, r.finished_at, r.staff_email, r.operation, \
         r.operation_label, r.reason, r.code_verified, r.details, \
         i.result, i.error_code, i.error_msg, i.request_id \
         FROM operation_items i JOIN operation_records r ON r.id = i.record_id \
         WHERE i.customer_id = ",
    );
    select.push_bind(customer_id.to_owned());
    select.push(" ORDER BY r.id DESC");
    push_page(&mut select, page);
    let rows = select.rows().await?;
    Ok(TimelinePage {
        entries: rows.iter().map(timeline_entry).collect::<Result<_, _>>()?,
        total: count_value(total),
        page,
    })
}

/// The CSV file's columns, one line per customer of each record.
pub const CSV_HEADER: [&str; 19] = [
    "Record ID",
    "Started (UTC)",
    "Finished (UTC)",
    "Staff",
    "Operation",
    "Operation code",
    "Label set",
    "Reseller ID",
    "Customer ID",
    "Customer",
    "Reason",
    "Verification code",
    "Result",
    "BSS error code",
    "BSS error message",
    "BSS request ID",
    "API version",
    "Budget",
    "Retry of record",
];

/// The per-customer results `query` selects (every page), as CSV streamed from the
/// database a page at a time (see [`csv_export`](super::csv_export)).
pub fn export_csv(
    db: Db,
    query: RecordQuery,
) -> impl Stream<Item = Result<Vec<u8>, ServiceError>> + Send + 'static {
    super::csv_export::export("operation records", &CSV_HEADER, move |sink| async move {
        write_csv(&db, &query, sink).await
    })
}

async fn write_csv(db: &Db, query: &RecordQuery, mut sink: CsvSink) -> Result<(), ServiceError> {
    // Keyset paging in the export's order (newest record first, then its customers): the
    // next page starts after the last (record, position) written, however rows move.
    let mut after: Option<(i64, i64)> = None;
    loop {
        let rows = csv_page(db, query, after).await?;
        for row in &rows {
            if !sink.line(csv_line(row)?).await? {
                return Ok(());
            }
        }
        match rows.last() {
            Some(last) if rows.len() as i64 == PAGE_ROWS => {
                after = Some((last.try_get("id")?, last.try_get("position")?));
            }
            _ => break,
        }
    }
    sink.finish().await
}

/// One page of the export's rows, after the `(record id, position)` given.
async fn csv_page(
    db: &Db,
    query: &RecordQuery,
    after: Option<(i64, i64)>,
) -> Result<Vec<DbRow>, ServiceError> {
    let mut select = db.query(
        "SELECT r.id, i.position, r.created_at, r.finished_at, r.staff_email, \
         r.operation_label, r.operation, r.label_set, r.reseller_id, i.customer_id, \
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
        .push_bind(PAGE_ROWS);
    Ok(select.rows().await?)
}

fn csv_line(row: &DbRow) -> Result<Vec<String>, ServiceError> {
    let text = |name: &str| -> Result<String, ServiceError> {
        Ok(row.try_get::<Option<String>>(name)?.unwrap_or_default())
    };
    let kind = record_kind(&text("operation")?)?;
    let budget = budget_change(kind, &text("details")?)?
        .map(|change| change.describe())
        .unwrap_or_default();
    Ok(vec![
        row.try_get::<i64>("id")?.to_string(),
        text("created_at")?,
        text("finished_at")?,
        text("staff_email")?,
        text("operation_label")?,
        kind.slug().to_owned(),
        text("label_set")?,
        text("reseller_id")?,
        text("customer_id")?,
        text("customer_name")?,
        text("reason")?,
        if row.try_get("code_verified")? {
            "verified"
        } else {
            "not required"
        }
        .to_owned(),
        item_result(&text("result")?)?.label().to_owned(),
        text("error_code")?,
        text("error_msg")?,
        text("request_id")?,
        text("api_version")?,
        budget,
        row.try_get::<Option<i64>>("retry_of")?
            .map(|id| id.to_string())
            .unwrap_or_default(),
    ])
}

/// Where a spreadsheet may split one CSV cell into several: `,` and `;` (the list
/// separator, `;` in many locales, even for a comma-separated file), tab, and line breaks.
const SPREADSHEET_SEPARATORS: [char; 5] = [',', ';', '\t', '\r', '\n'];
/// What makes a spreadsheet read a cell as a formula (full-width forms included, which
/// some locales convert).
const FORMULA_STARTS: [char; 8] = [
    '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// Reasons and names are typed by people, and a spreadsheet runs a cell that starts with
/// `=`, `+`, `-` or `@` as a formula. The cell is cut at every [`SPREADSHEET_SEPARATORS`]
/// character; each part that starts, after spaces, with one of [`FORMULA_STARTS`] gets a
/// `'` inserted at its start, so it is shown as typed and runs nothing however the
/// spreadsheet splits the cell (`-1;=1+1` becomes `'-1;'=1+1`).
pub fn neutralize_formula(cell: String) -> String {
    if !cell.contains(FORMULA_STARTS) {
        return cell;
    }
    let starts_formula = |part: &str| {
        part.trim_start_matches(|c: char| c.is_whitespace() && !SPREADSHEET_SEPARATORS.contains(&c))
            .starts_with(FORMULA_STARTS)
    };
    let mut neutralized = String::with_capacity(cell.len() + 2);
    let mut rest = cell.as_str();
    loop {
        if starts_formula(rest) {
            neutralized.push('\'');
        }
        match rest.find(SPREADSHEET_SEPARATORS) {
            // Separators are one byte long.
            Some(at) => {
                let (part, tail) = rest.split_at(at + 1);
                neutralized.push_str(part);
                rest = tail;
            }
            None => {
                neutralized.push_str(rest);
                return neutralized;
            }
        }
    }
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
pub(super) fn record_header(row: &DbRow) -> Result<RecordHeader, ServiceError> {
    Ok(RecordHeader {
        record_id: row.try_get("id")?,
        operation: record_kind(&row.try_get::<String>("operation")?)?,
        operation_label: row.try_get("operation_label")?,
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

fn timeline_entry(row: &DbRow) -> Result<TimelineEntry, ServiceError> {
    let header = record_header(row)?;
    let error_code: Option<String> = row.try_get("error_code")?;
    Ok(TimelineEntry {
        budget: budget_change(header.operation, &row.try_get::<String>("details")?)?,
        header,
        result: item_result(&row.try_get::<String>("result")?)?,
        message: result_message(error_code.as_deref(), row.try_get("error_msg")?),
        request_id: row.try_get("request_id")?,
    })
}

/// What staff read about a customer's result: a BSS code as a sentence, or the note
/// reconciliation left (which has no code).
pub(super) fn result_message(
    error_code: Option<&str>,
    error_msg: Option<String>,
) -> Option<String> {
    match error_code {
        Some(code) => Some(bss_codes::describe(
            code,
            error_msg.as_deref().unwrap_or_default(),
        )),
        None => error_msg,
    }
}

/// The budget a set-budget record set; `None` for other operations.
pub(super) fn budget_change(
    kind: RecordKind,
    details: &str,
) -> Result<Option<BudgetChange>, ServiceError> {
    match kind {
        RecordKind::SetBudget => Ok(Some(serde_json::from_str(details)?)),
        RecordKind::Freeze(_) => Ok(None),
    }
}

/// A stored record's kind; a slug this code does not know means the record is corrupt.
pub(super) fn record_kind(slug: &str) -> Result<RecordKind, ServiceError> {
    RecordKind::from_slug(slug)
        .ok_or_else(|| ServiceError::Record(format!("unknown record kind `{slug}`")))
}

pub(super) fn item_result(key: &str) -> Result<ItemResult, ServiceError> {
    ItemResult::from_key(key)
        .ok_or_else(|| ServiceError::Record(format!("unknown item result `{key}`")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_leading_cells_are_neutralized_and_others_kept() {
        for (cell, expected) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("  =1", "'  =1"),
            ("overdue, see \"ticket\"", "overdue, see \"ticket\""),
            ("2026-01-01; a-b, c+d", "2026-01-01; a-b, c+d"),
            ("", ""),
            ("冻结", "冻结"),
        ] {
            assert_eq!(neutralize_formula(cell.to_owned()), expected, "{cell:?}");
        }
    }

    /// Excel in a locale whose list separator is `;` splits `-1;=1+1` into two cells, and a
    /// paste or text import splits at commas, tabs and line breaks: every part that would
    /// start a formula is neutralised, not only the first.
    #[test]
    fn every_part_a_spreadsheet_could_split_off_is_neutralized() {
        for (cell, expected) in [
            ("-1;=1+1", "'-1;'=1+1"),
            ("ok;=1+1", "ok;'=1+1"),
            ("ok,=1+1", "ok,'=1+1"),
            ("ok; =1+1", "ok;' =1+1"),
            ("line one\n@SUM(A1)", "line one\n'@SUM(A1)"),
            ("line one\r\n+1", "line one\r\n'+1"),
            ("\t=1", "\t'=1"),
            ("\r=1", "\r'=1"),
            ("a\t-1", "a\t'-1"),
            ("ok;\u{ff1d}1+1", "ok;'\u{ff1d}1+1"),
        ] {
            assert_eq!(neutralize_formula(cell.to_owned()), expected, "{cell:?}");
        }
    }
}
