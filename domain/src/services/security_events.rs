//! Security events: written by the changes they describe, in the same transaction, and read
//! by admins on the Security Events page and its CSV export. Nothing here edits or deletes
//! one (the table's triggers refuse it).

use std::net::IpAddr;

use super::db::{DbRow, Query, Tx};
use chrono::{DateTime, Utc};
use futures::Stream;
use i18n::{t, Language};

use super::csv_export::{CsvSink, PAGE_ROWS};
use super::db::Db;
use super::sql::{count_value, push_contains, push_date_range, push_page, stored_time};
use super::ServiceError;
use crate::security::{SecurityEvent, SecurityEventKind, SecurityEventPage, SecurityEventQuery};
use crate::staff::StaffMember;

/// Who made a change and from where.
#[derive(Clone, Copy, Debug, Default)]
pub struct Source<'a> {
    /// The signed-in staff member; `None` for an anonymous request (a sign-in lockout) or the
    /// command line.
    pub actor: Option<&'a StaffMember>,
    /// The client's address; `None` off HTTP.
    pub client: Option<IpAddr>,
}

/// The staff member an event is about: `id` is `None` for an e-mail that is no account (a
/// lockout of a guessed address).
#[derive(Clone, Copy, Debug)]
pub struct Subject<'a> {
    pub id: Option<i64>,
    pub email: &'a str,
}

impl<'a> Subject<'a> {
    pub fn member(member: &'a StaffMember) -> Self {
        Self {
            id: Some(member.id),
            email: &member.email,
        }
    }
}

#[derive(Clone, Debug)]
pub struct NewSecurityEvent<'a> {
    pub kind: SecurityEventKind,
    pub source: Source<'a>,
    pub subject: Option<Subject<'a>>,
    /// What the kind does not say, e.g. `Operator → Admin`; may be empty.
    pub details: String,
    pub at: DateTime<Utc>,
}

/// Writes an event on `connection`: pass the transaction of the change it describes, so the
/// two are kept or rolled back together.
pub async fn record(connection: &mut Tx, event: NewSecurityEvent<'_>) -> Result<i64, sqlx::Error> {
    let actor = event.source.actor;
    connection
        .query(
            "INSERT INTO security_events \
         (created_at, kind, actor_id, actor_email, subject_id, subject_email, details, client) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(stored_time(event.at))
        .bind(event.kind.key())
        .bind(actor.map(|actor| actor.id))
        .bind(actor.map(|actor| actor.email.as_str()))
        .bind(event.subject.and_then(|subject| subject.id))
        .bind(event.subject.map(|subject| subject.email))
        .bind(event.details)
        .bind(event.source.client.map(|client| client.to_string()))
        .scalar()
        .await
}

const COLUMNS: &str = "id, created_at, kind, actor_email, subject_email, details, client";

/// One page of the events `query` selects, newest first, with the total it matches.
pub async fn list(db: &Db, query: &SecurityEventQuery) -> Result<SecurityEventPage, ServiceError> {
    let mut count = db.query("SELECT COUNT(*) FROM security_events");
    push_filters(&mut count, query);
    let total: i64 = count.scalar().await?;

    let mut select = db.query(format!("SELECT {COLUMNS} FROM security_events"));
    push_filters(&mut select, query);
    select.push(" ORDER BY id DESC");
    push_page(&mut select, query.page);
    let rows = select.rows().await?;
    Ok(SecurityEventPage {
        rows: rows.iter().map(event).collect::<Result<_, _>>()?,
        total: count_value(total),
        page: query.page,
    })
}

/// The CSV file's columns in `language`, one line per event.
pub fn csv_header(language: Language) -> Vec<String> {
    vec![
        t!(language, "security-csv-event-id"),
        t!(language, "security-csv-time"),
        t!(language, "security-csv-event"),
        t!(language, "security-csv-by"),
        t!(language, "security-csv-staff-member"),
        t!(language, "security-csv-details"),
        t!(language, "security-csv-client-address"),
    ]
}

/// Every event `query` selects (all pages), newest first, as CSV streamed from the database
/// (see [`csv_export`](super::csv_export)).
pub fn export_csv(
    db: Db,
    query: SecurityEventQuery,
    language: Language,
) -> impl Stream<Item = Result<Vec<u8>, ServiceError>> + Send + 'static {
    let header = csv_header(language);
    super::csv_export::export("security events", header, move |sink| async move {
        write_csv(&db, &query, language, sink).await
    })
}

async fn write_csv(
    db: &Db,
    query: &SecurityEventQuery,
    language: Language,
    mut sink: CsvSink,
) -> Result<(), ServiceError> {
    // Keyset pages, newest first: each page is a short query of its own.
    let mut before: Option<i64> = None;
    loop {
        let mut select = db.query(format!("SELECT {COLUMNS} FROM security_events"));
        push_filters(&mut select, query);
        if let Some(id) = before {
            select.push(" AND id < ").push_bind(id);
        }
        select.push(" ORDER BY id DESC LIMIT ").push_bind(PAGE_ROWS);
        let rows = select.rows().await?;
        for row in &rows {
            let event = event(row)?;
            before = Some(event.id);
            let line = vec![
                event.id.to_string(),
                event.created_at,
                event.kind.label().render(language),
                event.actor_email.unwrap_or_default(),
                event.subject_email.unwrap_or_default(),
                event.details,
                event.client.unwrap_or_default(),
            ];
            if !sink.line(line).await? {
                return Ok(());
            }
        }
        if (rows.len() as i64) < PAGE_ROWS {
            return sink.finish().await;
        }
    }
}

fn push_filters(sql: &mut Query<'_>, query: &SecurityEventQuery) {
    sql.push(" WHERE 1 = 1");
    if let Some(kind) = query.kind {
        sql.push(" AND kind = ").push_bind(kind.key());
    }
    push_contains(sql, "actor_email", &query.actor);
    push_contains(sql, "subject_email", &query.subject);
    push_date_range(
        sql,
        "created_at",
        query.from.as_deref(),
        query.to.as_deref(),
    );
}

fn event(row: &DbRow) -> Result<SecurityEvent, ServiceError> {
    let kind: String = row.try_get("kind")?;
    Ok(SecurityEvent {
        id: row.try_get("id")?,
        created_at: row.try_get("created_at")?,
        kind: SecurityEventKind::from_key(&kind)
            .ok_or_else(|| ServiceError::Record(format!("unknown security event `{kind}`")))?,
        actor_email: row.try_get("actor_email")?,
        subject_email: row.try_get("subject_email")?,
        details: row.try_get("details")?,
        client: row.try_get("client")?,
    })
}
