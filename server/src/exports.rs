//! Downloads served beside the Leptos routes: the Operation Records and Security Events
//! CSVs, streamed from the database as the browser takes it, and the files of finished
//! customer-list exports, which their tasks stored.

use std::collections::HashMap;
use std::sync::Arc;

use app::auth::session_member;
use app::server_context::ServerContext;
use axum::body::Body;
use axum::extract::{Extension, OriginalUri, Path, Query, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use domain::audit::RecordQuery;
use domain::security::SecurityEventQuery;
use domain::services::db::Db;
use domain::services::{audit, customer_exports, security_events, ServiceError};
use domain::staff::{Role, StaffMember};
use domain::url::UrlQuery;
use futures::{Stream, StreamExt};
use i18n::{t, Language};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tower_sessions::Session;

/// Exports running at once. Each reads its rows a page at a time, a short query per page,
/// and holds no database connection while it waits for its reader; the cap keeps those
/// queries from ever taking more than a quarter of the pool's 8 connections, so sign-in and
/// the list never queue behind downloads.
const MAX_CONCURRENT_EXPORTS: usize = 2;

/// Seconds a refused export is told to wait.
const RETRY_EXPORT_SECS: u32 = 30;

/// The slots of [`MAX_CONCURRENT_EXPORTS`], shared by every kind of export.
#[derive(Clone, Debug)]
pub struct ExportSlots(Arc<Semaphore>);

impl Default for ExportSlots {
    fn default() -> Self {
        Self(Arc::new(Semaphore::new(MAX_CONCURRENT_EXPORTS)))
    }
}

/// `GET /exports/operation-records.csv?<filters>`: any signed-in staff member (viewers
/// included, as on the page); a signed-out browser is sent to sign in and back.
pub async fn operation_records_csv(
    State(context): State<ServerContext>,
    State(slots): State<ExportSlots>,
    session: Session,
    Extension(language): Extension<Language>,
    OriginalUri(uri): OriginalUri,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let export = Export {
        name: "operation-records",
        role: Role::Viewer,
        rows: audit::export_csv,
    };
    export
        .answer::<RecordQuery, _>(&context, &slots, &session, &uri, &params, language)
        .await
}

/// `GET /exports/security-events.csv?<filters>`: admins only, as the page.
pub async fn security_events_csv(
    State(context): State<ServerContext>,
    State(slots): State<ExportSlots>,
    session: Session,
    Extension(language): Extension<Language>,
    OriginalUri(uri): OriginalUri,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let export = Export {
        name: "security-events",
        role: Role::Admin,
        rows: security_events::export_csv,
    };
    export
        .answer::<SecurityEventQuery, _>(&context, &slots, &session, &uri, &params, language)
        .await
}

/// `GET /exports/customer-exports/{id}`: a finished customer-list export's file, admins
/// only, as View Export links it.
pub async fn customer_export_file(
    State(context): State<ServerContext>,
    session: Session,
    Extension(language): Extension<Language>,
    OriginalUri(uri): OriginalUri,
    Path(export_id): Path<i64>,
) -> Response {
    let member = match member_allowed(&context, &session, &uri, Role::Admin, language).await {
        Ok(member) => member,
        Err(refusal) => return refusal,
    };
    match customer_exports::file(&context.db, export_id, &member).await {
        Ok(file) => {
            tracing::info!(staff = %member.email, export_id, "customer export downloaded");
            (
                [
                    (header::CONTENT_TYPE, file.format.content_type().to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{}\"", file.file_name),
                    ),
                    (header::CACHE_CONTROL, "no-store".to_owned()),
                ],
                file.bytes,
            )
                .into_response()
        }
        Err(ServiceError::Invalid(message)) => {
            (StatusCode::NOT_FOUND, message.render(language)).into_response()
        }
        Err(ServiceError::Forbidden(message)) => {
            (StatusCode::FORBIDDEN, message.render(language)).into_response()
        }
        Err(error) => {
            tracing::error!(%error, export_id, "cannot serve a customer export");
            let message = error.user_message().render(language);
            (StatusCode::SERVICE_UNAVAILABLE, message).into_response()
        }
    }
}

/// One kind of CSV export: its file name, who may take it and the rows a query selects.
struct Export<F> {
    name: &'static str,
    role: Role,
    rows: F,
}

impl<F> Export<F> {
    async fn answer<Q, S>(
        self,
        context: &ServerContext,
        slots: &ExportSlots,
        session: &Session,
        uri: &Uri,
        params: &HashMap<String, String>,
        language: Language,
    ) -> Response
    where
        Q: UrlQuery,
        F: FnOnce(Db, Q, Language) -> S,
        S: Stream<Item = Result<Vec<u8>, ServiceError>> + Send + 'static,
    {
        let member = match member_allowed(context, session, uri, self.role, language).await {
            Ok(member) => member,
            Err(refusal) => return refusal,
        };
        let query = Q::from_params(|name| params.get(name).map(String::as_str));
        // Who took a copy of the audit trail is itself worth knowing.
        tracing::info!(staff = %member.email, filters = %query.filter_query_string(), "{} exported", self.name);
        let db = context.db.clone();
        csv_download(slots, self.name, language, || {
            (self.rows)(db, query, language)
        })
    }
}

/// The signed-in member if their role allows `role`; otherwise the answer: to sign in and
/// back when signed out, 403 with a sentence when the role is too low.
async fn member_allowed(
    context: &ServerContext,
    session: &Session,
    uri: &Uri,
    role: Role,
    language: Language,
) -> Result<StaffMember, Response> {
    match session_member(session, &context.db).await {
        Ok(Some(member)) if member.role.allows(role) => Ok(member),
        Ok(Some(member)) => Err((
            StatusCode::FORBIDDEN,
            t!(
                language,
                "export-role-not-allowed",
                role = member.role.label(),
                needed = role.label()
            ),
        )
            .into_response()),
        Ok(None) => Err(crate::sessions::to_sign_in(uri)),
        Err(error) => Err((StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response()),
    }
}

/// A CSV attachment named `<name>-<UTC time>.csv`, streamed from `rows()` while it holds one
/// of the export slots; beyond [`MAX_CONCURRENT_EXPORTS`], 503 with `Retry-After` and a
/// sentence.
fn csv_download<S>(
    ExportSlots(slots): &ExportSlots,
    name: &str,
    language: Language,
    rows: impl FnOnce() -> S,
) -> Response
where
    S: Stream<Item = Result<Vec<u8>, ServiceError>> + Send + 'static,
{
    let Ok(slot) = slots.clone().try_acquire_owned() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, RETRY_EXPORT_SECS.to_string())],
            t!(
                language,
                "export-busy",
                running = MAX_CONCURRENT_EXPORTS,
                seconds = RETRY_EXPORT_SECS
            ),
        )
            .into_response();
    };
    let file_name = format!("{name}-{}.csv", chrono::Utc::now().format("%Y%m%d-%H%M%S"));
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from_stream(holding(slot, rows())),
    )
        .into_response()
}

/// `rows`, keeping `slot` until the download ends or the browser goes away.
fn holding<S: Stream + Send + 'static>(
    slot: OwnedSemaphorePermit,
    rows: S,
) -> impl Stream<Item = S::Item> + Send + 'static {
    rows.map(move |chunk| {
        let _slot = &slot;
        chunk
    })
}
