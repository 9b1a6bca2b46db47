//! The Operation Records page's exports: the CSV file of per-customer results, its
//! columns, and the neutralising of cells a spreadsheet would run as formulas. The list is
//! read by [`records`](super::records), which owns the tables; a customer's timeline by
//! [`timeline`](super::timeline).
//! Nothing here writes: records are written only by the operations themselves.

use futures::Stream;
use i18n::{t, Language};

use super::csv_export::{CsvSink, PAGE_ROWS};
use super::db::Db;
use super::records::{self, ExportRow};
use super::ServiceError;
use crate::audit::RecordQuery;

pub use super::records::list;

/// The CSV file's columns in `language`, one line per customer of each record.
pub fn csv_header(language: Language) -> Vec<String> {
    vec![
        t!(language, "records-csv-record-id"),
        t!(language, "records-csv-started"),
        t!(language, "records-csv-finished"),
        t!(language, "records-csv-staff"),
        t!(language, "records-csv-operation"),
        t!(language, "records-csv-operation-code"),
        t!(language, "records-csv-label-set"),
        t!(language, "records-csv-reseller-id"),
        t!(language, "records-csv-customer-id"),
        t!(language, "records-csv-customer"),
        t!(language, "records-csv-reason"),
        t!(language, "records-csv-verification-code"),
        t!(language, "records-csv-result"),
        t!(language, "records-csv-bss-error-code"),
        t!(language, "records-csv-bss-error-message"),
        t!(language, "records-csv-bss-request-id"),
        t!(language, "records-csv-api-version"),
        t!(language, "records-csv-budget"),
        t!(language, "records-csv-retry-of"),
    ]
}

/// The per-customer results `query` selects (every page), as CSV streamed from the
/// database a page at a time (see [`csv_export`](super::csv_export)).
pub fn export_csv(
    db: Db,
    query: RecordQuery,
    language: Language,
) -> impl Stream<Item = Result<Vec<u8>, ServiceError>> + Send + 'static {
    let header = csv_header(language);
    super::csv_export::export("operation records", header, move |sink| async move {
        write_csv(&db, &query, language, sink).await
    })
}

async fn write_csv(
    db: &Db,
    query: &RecordQuery,
    language: Language,
    mut sink: CsvSink,
) -> Result<(), ServiceError> {
    // Keyset paging in the export's order (newest record first, then its customers): the
    // next page starts after the last (record, position) written, however rows move.
    let mut after: Option<(i64, i64)> = None;
    loop {
        let rows = records::export_page(db, query, after, PAGE_ROWS).await?;
        for row in &rows {
            if !sink.line(csv_line(row, language)).await? {
                return Ok(());
            }
        }
        match rows.last() {
            Some(last) if rows.len() as i64 == PAGE_ROWS => {
                after = Some((last.header.record_id, last.position));
            }
            _ => break,
        }
    }
    sink.finish().await
}

fn csv_line(row: &ExportRow, language: Language) -> Vec<String> {
    let header = &row.header;
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    vec![
        header.record_id.to_string(),
        header.created_at.clone(),
        text(&header.finished_at),
        header.staff_email.clone(),
        header.operation_name().render(language),
        header.operation.slug().to_owned(),
        header.label_set.as_str().to_owned(),
        row.reseller_id.clone(),
        row.customer_id.clone(),
        row.customer_name.clone(),
        header.reason.clone(),
        header.code_check().render(language),
        row.result.label().render(language),
        text(&row.error_code),
        text(&row.error_msg),
        text(&row.request_id),
        row.api_version.clone(),
        row.budget
            .as_ref()
            .map(|budget| budget.describe().render(language))
            .unwrap_or_default(),
        row.retry_of.map(|id| id.to_string()).unwrap_or_default(),
    ]
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
