//! Downloads served beside the Leptos routes: the Operation Records CSV, streamed from the
//! database as the browser takes it.

use std::collections::HashMap;
use std::sync::Arc;

use app::auth::signed_in_member;
use app::server_context::ServerContext;
use axum::body::Body;
use axum::extract::{OriginalUri, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::audit::RecordQuery;
use domain::services::audit;
use futures::StreamExt;
use tokio::sync::Semaphore;
use tower_sessions::Session;

/// Exports running at once. Each reads its rows a page at a time, a short query per page,
/// and holds no database connection while it waits for its reader; the cap keeps those
/// queries from ever taking more than a quarter of the pool's 8 connections, so sign-in and
/// the list never queue behind downloads.
const MAX_CONCURRENT_EXPORTS: usize = 2;

/// Seconds a refused export is told to wait.
const RETRY_EXPORT_SECS: u32 = 30;

/// The slots of [`MAX_CONCURRENT_EXPORTS`].
#[derive(Clone, Debug)]
pub struct ExportSlots(Arc<Semaphore>);

impl Default for ExportSlots {
    fn default() -> Self {
        Self(Arc::new(Semaphore::new(MAX_CONCURRENT_EXPORTS)))
    }
}

/// `GET /exports/operation-records.csv?<filters>`: any signed-in staff member (viewers
/// included, as on the page); a signed-out browser is sent to sign in and back. Beyond
/// [`MAX_CONCURRENT_EXPORTS`] downloads, 503 with `Retry-After` and a sentence.
pub async fn operation_records_csv(
    State(context): State<ServerContext>,
    State(ExportSlots(slots)): State<ExportSlots>,
    session: Session,
    OriginalUri(uri): OriginalUri,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let member = match signed_in_member(&session, &context.db).await {
        Ok(Some(member)) => member,
        Ok(None) => return crate::sessions::to_sign_in(&uri),
        Err(error) => {
            return (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response()
        }
    };
    let Ok(slot) = slots.try_acquire_owned() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, RETRY_EXPORT_SECS.to_string())],
            format!(
                "{MAX_CONCURRENT_EXPORTS} exports are running already. Try again in \
                 {RETRY_EXPORT_SECS} seconds."
            ),
        )
            .into_response();
    };
    let query = RecordQuery::from_params(|name| params.get(name).map(String::as_str));
    // Who took a copy of the audit trail is itself worth knowing.
    tracing::info!(staff = %member.email, filters = %query.filter_query_string(), "operation records exported");
    let file_name = format!(
        "operation-records-{}.csv",
        chrono::Utc::now().format("%Y%m%d-%H%M%S")
    );
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        // The slot is freed when the download ends or the browser goes away.
        Body::from_stream(
            audit::export_csv(context.db.clone(), query).map(move |chunk| {
                let _slot = &slot;
                chunk
            }),
        ),
    )
        .into_response()
}
