//! Customer-list exports (Export Selected / Export All, then View Export), admins only. An
//! export is a task: [`start`] writes it queued, [`run`] (in a server task of its own)
//! reads the customers a page at a time, writes the file and stores it with the task, and
//! View Export lists the tasks ([`list`]) and serves finished files ([`file`]). Names,
//! e-mails and phones are anonymised unless the admin asked for full values; a full-values
//! file is stored in the same transaction as its security event.
//!
//! The file lives in the database, not the data folder: every instance on a shared
//! PostgreSQL database serves any export's download, whichever instance wrote it.

use std::time::Duration;

use chrono::{DateTime, Utc};
use i18n::{msg, t, Language};

use super::csv_export::{CsvFile, PAGE_ROWS};
use super::customers::{self, Contacts, Cursor};
use super::db::{Db, DbRow};
use super::leases::{self, Holder, LeaseName, LeaseState};
use super::security_events::{self, NewSecurityEvent, Source};
use super::sql::stored_time;
use super::ServiceError;
use crate::budget::amount_text;
use crate::contact::mask_name;
use crate::customer::{CustomerRow, CustomerState};
use crate::customer_export::{
    CustomerExport, ExportFormat, ExportScope, ExportState, LISTED_EXPORTS,
};
use crate::labels::LabelSet;
use crate::security::SecurityEventKind;
use crate::staff::{Role, StaffMember};

/// What an admin asks to export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportRequest {
    pub scope: ExportScope,
    pub format: ExportFormat,
    /// Names, e-mails and phones whole rather than anonymised.
    pub full_values: bool,
    /// The status words the file uses: those the list shows.
    pub labels: LabelSet,
    /// The language of the file's headers and words: the asking admin's.
    pub language: Language,
}

/// A running export holds its lease this long past each renewal (once per page read).
const LEASE_TTL: Duration = Duration::from_secs(30);

/// How old an export no lease has ever held must be before it counts as abandoned: a task
/// is leased a moment after it is written, and this covers that moment generously.
pub const ABANDONED_GRACE: Duration = Duration::from_secs(30);

/// The file's columns in `language`, one line per customer: what the list shows, with the
/// budget split into its parts and the contact whole or masked.
pub fn header(language: Language) -> Vec<String> {
    [
        msg!("results-customer"),
        msg!("column-account-name"),
        msg!("column-customer-id"),
        msg!("export-column-reseller-id"),
        msg!("column-association-type"),
        msg!("export-column-associated-on"),
        msg!("column-label"),
        msg!("column-account-manager"),
        msg!("export-column-email"),
        msg!("export-column-phone"),
        msg!("list-column-status"),
        msg!("export-column-budget"),
        msg!("export-column-budget-used"),
        msg!("export-column-budget-used-percent"),
        msg!("export-column-currency"),
    ]
    .iter()
    .map(|column| column.render(language))
    .collect()
}

fn admin_only(actor: Option<&StaffMember>) -> Result<&StaffMember, ServiceError> {
    actor
        .filter(|actor| actor.role.allows(Role::Admin))
        .ok_or_else(|| ServiceError::Forbidden(msg!("export-admins-only")))
}

/// An export [`start`] wrote, and the task running it.
pub struct StartedExport {
    pub export_id: i64,
    pub task: tokio::task::JoinHandle<()>,
}

/// Writes the export task for the admin `source` names and runs it ([`run`]) in a task of
/// its own, which takes what it needs with it and outlives the request.
pub async fn start(
    db: &Db,
    request: &ExportRequest,
    source: Source<'_>,
    now: DateTime<Utc>,
) -> Result<StartedExport, ServiceError> {
    let export_id = record(db, request, source, now).await?;
    let (db, actor, client) = (db.clone(), source.actor.cloned(), source.client);
    let task = tokio::spawn(async move {
        let source = Source {
            actor: actor.as_ref(),
            client,
        };
        // A failure is stored with the task, which View Export shows.
        let _ = run(&db, export_id, source).await;
    });
    Ok(StartedExport { export_id, task })
}

/// Writes the export task (queued) for the admin `source` names; its id. A view with
/// filters a link would have cut is refused, and nothing is written.
pub async fn record(
    db: &Db,
    request: &ExportRequest,
    source: Source<'_>,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let actor = admin_only(source.actor)?;
    if let ExportScope::AllMatching(query) = &request.scope {
        query.check().map_err(ServiceError::Invalid)?;
    }
    let id = db
        .query(
            "INSERT INTO customer_exports \
             (created_at, staff_id, staff_email, scope, format, full_values, label_set, state, \
              language) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(stored_time(now))
        .bind(actor.id)
        .bind(actor.email.as_str())
        .bind(serde_json::to_string(&request.scope)?)
        .bind(request.format.key())
        .bind(request.full_values)
        .bind(request.labels.as_str())
        .bind(ExportState::Queued.key())
        .bind(request.language.code())
        .scalar::<i64>()
        .await?;
    tracing::info!(export_id = id, staff = %actor.email, format = request.format.key(), full_values = request.full_values, "customer export asked for");
    Ok(id)
}

/// Runs export `export_id` to the end under its lease: Done with its file and row count,
/// or Failed with a sentence. `source` is who asked (for the security event of a
/// full-values file). Does nothing when another run holds it or it is no longer queued.
pub async fn run(db: &Db, export_id: i64, source: Source<'_>) -> Result<(), ServiceError> {
    let lease = LeaseName::CustomerExport(export_id);
    let holder = Holder::new_random();
    if !leases::take(db, lease, &holder, LEASE_TTL).await? {
        return Ok(());
    }
    let result = run_leased(db, export_id, &holder, source).await;
    if let Err(error) = &result {
        tracing::error!(export_id, %error, "a customer export failed");
        let language: Option<String> = db
            .query("SELECT language FROM customer_exports WHERE id = $1")
            .bind(export_id)
            .optional_scalar()
            .await
            .unwrap_or_default();
        let language = language
            .as_deref()
            .and_then(Language::parse)
            .unwrap_or_default();
        let failed = db
            .query(
                "UPDATE customer_exports SET state = $1, error = $2, finished_at = $3 \
                 WHERE id = $4 AND state IN ($5, $6)",
            )
            .bind(ExportState::Failed.key())
            .bind(failure_sentence(error, language))
            .bind(stored_time(Utc::now()))
            .bind(export_id)
            .bind(ExportState::Queued.key())
            .bind(ExportState::Running.key())
            .execute()
            .await;
        if let Err(error) = failed {
            tracing::error!(export_id, %error, "cannot mark a customer export failed");
        }
    }
    leases::release(db, lease, &holder).await?;
    result
}

fn failure_sentence(error: &ServiceError, language: Language) -> String {
    t!(language, "export-failed", reason = error.user_message())
}

/// What a task was asked for, as [`run`] reads it back.
struct Task {
    scope: ExportScope,
    format: ExportFormat,
    full_values: bool,
    labels: LabelSet,
    language: Language,
}

async fn run_leased(
    db: &Db,
    export_id: i64,
    holder: &Holder,
    source: Source<'_>,
) -> Result<(), ServiceError> {
    let started = db
        .query("UPDATE customer_exports SET state = $1 WHERE id = $2 AND state = $3")
        .bind(ExportState::Running.key())
        .bind(export_id)
        .bind(ExportState::Queued.key())
        .execute()
        .await?;
    if started == 0 {
        return Ok(());
    }
    let row = db
        .query(
            "SELECT scope, format, full_values, label_set, language FROM customer_exports \
             WHERE id = $1",
        )
        .bind(export_id)
        .row()
        .await?;
    let task = Task {
        scope: serde_json::from_str(&row.try_get::<String>("scope")?)?,
        format: stored_format(&row)?,
        full_values: row.try_get("full_values")?,
        labels: LabelSet::parse(&row.try_get::<String>("label_set")?).unwrap_or_default(),
        language: stored_language(&row)?,
    };
    let mut sheet = Sheet::new(task.format, task.language)?;
    let contacts = if task.full_values {
        Contacts::Full
    } else {
        Contacts::Masked
    };
    let mut written: u64 = 0;
    let mut page = |rows: Vec<CustomerRow>, sheet: &mut Sheet| -> Result<(), ServiceError> {
        for row in rows {
            sheet.line(cells(&row, task.full_values, task.labels, task.language))?;
            written += 1;
        }
        Ok(())
    };
    match &task.scope {
        ExportScope::Selected(ids) => {
            for chunk in ids.as_slice().chunks(PAGE_ROWS as usize) {
                keep_lease(db, export_id, holder).await?;
                page(
                    customers::by_ids_with(db, chunk, contacts).await?,
                    &mut sheet,
                )?;
            }
        }
        ExportScope::AllMatching(query) => {
            let mut after: Option<Cursor> = None;
            loop {
                keep_lease(db, export_id, holder).await?;
                let rows =
                    customers::page_after(db, query, after.as_ref(), PAGE_ROWS, contacts).await?;
                let full = rows.len() as i64 == PAGE_ROWS;
                after = rows.last().map(|(_, cursor)| cursor.clone());
                page(rows.into_iter().map(|(row, _)| row).collect(), &mut sheet)?;
                if !full {
                    break;
                }
            }
        }
    }
    let file = sheet.finish()?;
    let mut tx = db.begin().await?;
    let done = tx
        .query(
            "UPDATE customer_exports SET state = $1, row_count = $2, file = $3, finished_at = $4 \
             WHERE id = $5 AND state = $6",
        )
        .bind(ExportState::Done.key())
        .bind(i64::try_from(written).unwrap_or(i64::MAX))
        .bind(file)
        .bind(stored_time(Utc::now()))
        .bind(export_id)
        .bind(ExportState::Running.key())
        .execute()
        .await?;
    // No full-values file without its event: both are kept, or neither.
    if done == 1 && task.full_values {
        let event = NewSecurityEvent {
            kind: SecurityEventKind::CustomersExported,
            source,
            subject: None,
            details: format!(
                "{written} customers, {} (export {export_id}): {}",
                task.format.label(),
                // The audit trail's details are written in English, as all of them are.
                task.scope.describe(task.labels, Language::En)
            ),
            at: Utc::now(),
        };
        security_events::record(&mut tx, event).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Renews the export's lease before each page; a run that lost it (it stalled past the
/// lease, and the task was failed as abandoned) stops.
async fn keep_lease(db: &Db, export_id: i64, holder: &Holder) -> Result<(), ServiceError> {
    if leases::take(db, LeaseName::CustomerExport(export_id), holder, LEASE_TTL).await? {
        Ok(())
    } else {
        Err(ServiceError::Record(format!(
            "export {export_id} lost its lease"
        )))
    }
}

/// One line of the file: the list's columns, names and contact masked unless `full`.
fn cells(row: &CustomerRow, full: bool, labels: LabelSet, language: Language) -> Vec<String> {
    let name = |value: &str| {
        if full {
            value.to_owned()
        } else {
            mask_name(value)
        }
    };
    let mut status = labels.state_label(row.state).render(language);
    if matches!(row.state, CustomerState::Frozen(_)) && !row.level_confirmed {
        status.push_str(&t!(language, "list-level-unconfirmed"));
    }
    let budget = row.budget.as_ref();
    vec![
        name(&row.customer),
        name(&row.account_name),
        row.customer_id.clone(),
        row.reseller_id.clone().unwrap_or_default(),
        row.association_type.label().render(language),
        row.associated_on.clone(),
        row.label.clone(),
        row.account_managers.clone(),
        row.contact.email.clone(),
        row.contact.telephone.clone(),
        status,
        budget
            .map(|budget| amount_text(budget.budget_cents))
            .unwrap_or_default(),
        budget
            .map(|budget| amount_text(budget.used_cents))
            .unwrap_or_default(),
        budget
            .map(|budget| budget.percent_used().to_string())
            .unwrap_or_default(),
        budget
            .map(|budget| budget.currency.clone())
            .unwrap_or_default(),
    ]
}

/// The file being written, in its format. Both writers are large and of very different
/// sizes, so each is boxed.
enum Sheet {
    Csv(Box<CsvFile>),
    /// Every cell is written as a string, never a formula, so nothing in it runs.
    Xlsx {
        sheet: Box<rust_xlsxwriter::Worksheet>,
        next_row: u32,
    },
}

impl Sheet {
    fn new(format: ExportFormat, language: Language) -> Result<Self, ServiceError> {
        let header = header(language);
        match format {
            ExportFormat::Csv => Ok(Self::Csv(Box::new(CsvFile::new(&header)?))),
            ExportFormat::Xlsx => {
                let mut sheet = rust_xlsxwriter::Worksheet::new();
                sheet
                    .set_name(t!(language, "export-sheet-name"))
                    .map_err(xlsx_error)?;
                let mut this = Self::Xlsx {
                    sheet: Box::new(sheet),
                    next_row: 0,
                };
                this.line(header)?;
                Ok(this)
            }
        }
    }

    fn line(&mut self, cells: Vec<String>) -> Result<(), ServiceError> {
        match self {
            Self::Csv(file) => file.line(cells),
            Self::Xlsx { sheet, next_row } => {
                for (column, cell) in (0..).zip(cells) {
                    sheet
                        .write_string(*next_row, column, cell)
                        .map_err(xlsx_error)?;
                }
                *next_row += 1;
                Ok(())
            }
        }
    }

    fn finish(self) -> Result<Vec<u8>, ServiceError> {
        match self {
            Self::Csv(file) => file.finish(),
            Self::Xlsx { sheet, .. } => {
                let mut workbook = rust_xlsxwriter::Workbook::new();
                workbook.push_worksheet(*sheet);
                workbook.save_to_buffer().map_err(xlsx_error)
            }
        }
    }
}

fn xlsx_error(error: rust_xlsxwriter::XlsxError) -> ServiceError {
    ServiceError::Record(format!("cannot write the workbook: {error}"))
}

fn stored_language(row: &DbRow) -> Result<Language, ServiceError> {
    let language: String = row.try_get("language")?;
    Language::parse(&language)
        .ok_or_else(|| ServiceError::Record(format!("unknown export language `{language}`")))
}

/// What a task left behind by a process that died says, in its asker's language.
pub fn abandoned_sentence(language: Language) -> String {
    t!(language, "export-abandoned")
}

fn stored_format(row: &DbRow) -> Result<ExportFormat, ServiceError> {
    let format: String = row.try_get("format")?;
    ExportFormat::from_key(&format)
        .ok_or_else(|| ServiceError::Record(format!("unknown export format `{format}`")))
}

/// Fails the exports that no process is running any more: queued or running, and their
/// lease lapsed (the process died mid-run), or never leased and older than `grace`. Run
/// at start-up and every so often by each instance; the ids it failed.
pub async fn fail_abandoned(db: &Db, grace: Duration) -> Result<Vec<i64>, ServiceError> {
    let unfinished: Vec<(i64, String, String)> = db
        .query("SELECT id, created_at, language FROM customer_exports WHERE state IN ($1, $2)")
        .bind(ExportState::Queued.key())
        .bind(ExportState::Running.key())
        .fetch_all()
        .await?;
    let names: Vec<LeaseName> = unfinished
        .iter()
        .map(|(id, _, _)| LeaseName::CustomerExport(*id))
        .collect();
    let states = leases::states(db, &names).await?;
    let cutoff = stored_time(Utc::now() - chrono::Duration::from_std(grace).unwrap_or_default());
    let mut failed = Vec::new();
    for (id, created_at, language) in unfinished {
        let abandoned = match states.get(&LeaseName::CustomerExport(id)) {
            Some(LeaseState::Held) => false,
            Some(LeaseState::Lapsed) => true,
            None => created_at < cutoff,
        };
        if !abandoned {
            continue;
        }
        let changed = db
            .query(
                "UPDATE customer_exports SET state = $1, error = $2, finished_at = $3 \
                 WHERE id = $4 AND state IN ($5, $6)",
            )
            .bind(ExportState::Failed.key())
            .bind(abandoned_sentence(
                Language::parse(&language).unwrap_or_default(),
            ))
            .bind(stored_time(Utc::now()))
            .bind(id)
            .bind(ExportState::Queued.key())
            .bind(ExportState::Running.key())
            .execute()
            .await?;
        if changed == 1 {
            failed.push(id);
        }
    }
    Ok(failed)
}

const COLUMNS: &str = "id, created_at, staff_email, scope, format, full_values, state, \
                       row_count, error, finished_at";

/// The newest [`LISTED_EXPORTS`] exports, newest first, for an admin.
pub async fn list(db: &Db, actor: &StaffMember) -> Result<Vec<CustomerExport>, ServiceError> {
    admin_only(Some(actor))?;
    db.query(format!(
        "SELECT {COLUMNS} FROM customer_exports ORDER BY id DESC LIMIT $1"
    ))
    .bind(i64::from(LISTED_EXPORTS))
    .rows()
    .await?
    .iter()
    .map(export)
    .collect()
}

fn export(row: &DbRow) -> Result<CustomerExport, ServiceError> {
    let state: String = row.try_get("state")?;
    Ok(CustomerExport {
        id: row.try_get("id")?,
        created_at: row.try_get("created_at")?,
        staff_email: row.try_get("staff_email")?,
        scope: serde_json::from_str(&row.try_get::<String>("scope")?)?,
        format: stored_format(row)?,
        full_values: row.try_get("full_values")?,
        state: ExportState::from_key(&state)
            .ok_or_else(|| ServiceError::Record(format!("unknown export state `{state}`")))?,
        rows: row
            .try_get::<Option<i64>>("row_count")?
            .map(|rows| u64::try_from(rows).unwrap_or_default()),
        error: row.try_get("error")?,
        finished_at: row.try_get("finished_at")?,
    })
}

/// A finished export's file, as its download serves it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    pub format: ExportFormat,
    /// `customers-<id>-<UTC time asked for>.<csv|xlsx>`.
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Export `export_id`'s file, for an admin, once it is done.
pub async fn file(
    db: &Db,
    export_id: i64,
    actor: &StaffMember,
) -> Result<ExportFile, ServiceError> {
    admin_only(Some(actor))?;
    let row = db
        .query("SELECT created_at, format, state, file FROM customer_exports WHERE id = $1")
        .bind(export_id)
        .optional_row()
        .await?
        .ok_or_else(|| ServiceError::Invalid(msg!("export-not-found", id = export_id)))?;
    let state: String = row.try_get("state")?;
    let bytes: Option<Vec<u8>> = row.try_get("file")?;
    let bytes = bytes
        .filter(|_| state == ExportState::Done.key())
        .ok_or_else(|| ServiceError::Invalid(msg!("export-not-done", id = export_id)))?;
    let format = stored_format(&row)?;
    let created_at: String = row.try_get("created_at")?;
    let stamp: String = created_at
        .chars()
        .take(19)
        .filter(char::is_ascii_digit)
        .collect();
    Ok(ExportFile {
        format,
        file_name: format!("customers-{export_id}-{stamp}.{}", format.extension()),
        bytes,
    })
}
