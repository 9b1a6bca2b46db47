//! Downloads served beside the Leptos routes: the Operation Records and Security Events
//! CSVs, streamed from the database as the browser takes it.

use std::collections::HashMap;

use app::auth::signed_in_member;
use app::server_context::ServerContext;
use axum::body::Body;
use axum::extract::{OriginalUri, Query, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use domain::audit::RecordQuery;
use domain::security::SecurityEventQuery;
use domain::services::{audit, security_events, ServiceError};
use domain::staff::{Role, StaffMember};
use domain::url::UrlQuery;
use futures::Stream;
use tower_sessions::Session;

/// `GET /exports/operation-records.csv?<filters>`: any signed-in staff member (viewers
/// included, as on the page); a signed-out browser is sent to sign in and back.
pub async fn operation_records_csv(
    State(context): State<ServerContext>,
    session: Session,
    OriginalUri(uri): OriginalUri,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let member = match member_allowed(&context, &session, &uri, Role::Viewer).await {
        Ok(member) => member,
        Err(refusal) => return refusal,
    };
    let query = RecordQuery::from_params(|name| params.get(name).map(String::as_str));
    // Who took a copy of the audit trail is itself worth knowing.
    tracing::info!(staff = %member.email, filters = %query.filter_query_string(), "operation records exported");
    csv_download(
        "operation-records",
        audit::export_csv(context.db.clone(), query),
    )
}

/// `GET /exports/security-events.csv?<filters>`: admins only, as the page.
pub async fn security_events_csv(
    State(context): State<ServerContext>,
    session: Session,
    OriginalUri(uri): OriginalUri,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let member = match member_allowed(&context, &session, &uri, Role::Admin).await {
        Ok(member) => member,
        Err(refusal) => return refusal,
    };
    let query = SecurityEventQuery::from_params(|name| params.get(name).map(String::as_str));
    tracing::info!(staff = %member.email, filters = %query.filter_query_string(), "security events exported");
    csv_download(
        "security-events",
        security_events::export_csv(context.db.clone(), query),
    )
}

/// The signed-in member if their role allows `role`; otherwise the answer: to sign in and
/// back when signed out, 403 with a sentence when the role is too low.
async fn member_allowed(
    context: &ServerContext,
    session: &Session,
    uri: &Uri,
    role: Role,
) -> Result<StaffMember, Response> {
    match signed_in_member(session, &context.db).await {
        Ok(Some(member)) if member.role.allows(role) => Ok(member),
        Ok(Some(member)) => Err((
            StatusCode::FORBIDDEN,
            format!(
                "Your role ({}) does not allow this export; it needs the {} role.",
                member.role.label(),
                role.label()
            ),
        )
            .into_response()),
        Ok(None) => Err(crate::sessions::to_sign_in(uri)),
        Err(error) => Err((StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response()),
    }
}

/// A CSV attachment named `<name>-<UTC time>.csv`, streamed from `rows`.
fn csv_download(
    name: &str,
    rows: impl Stream<Item = Result<Vec<u8>, ServiceError>> + Send + 'static,
) -> Response {
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
        Body::from_stream(rows),
    )
        .into_response()
}
