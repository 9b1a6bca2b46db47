//! Downloads served beside the Leptos routes: the Operation Records CSV, streamed from the
//! database as the browser takes it.

use std::collections::HashMap;

use app::auth::signed_in_member;
use app::server_context::ServerContext;
use axum::body::Body;
use axum::extract::{OriginalUri, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::audit::RecordQuery;
use domain::services::audit;
use tower_sessions::Session;

/// `GET /exports/operation-records.csv?<filters>`: any signed-in staff member (viewers
/// included, as on the page); a signed-out browser is sent to sign in and back.
pub async fn operation_records_csv(
    State(context): State<ServerContext>,
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
        Body::from_stream(audit::export_csv(context.db.clone(), query)),
    )
        .into_response()
}
