//! Server function arguments arrive form-encoded, and the form decoder replaces bytes that
//! are not UTF-8 with U+FFFD instead of refusing them, so a name or reason would be stored
//! altered. Such bodies are refused here, before any server function reads them.

use app::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Far above any form the pages send (a reason is at most 256 characters, a batch at most
/// 5,000 customer IDs).
const MAX_FORM_BYTES: usize = 1024 * 1024;

pub async fn refuse_undecodable_forms(request: Request, next: Next) -> Response {
    let is_form = request.method() == Method::POST
        && request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM_BYTES).await else {
        return refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request is too large. Nothing was changed.",
        );
    };
    // Separators are ASCII, so the whole body decodes as UTF-8 exactly when every name and
    // value does.
    if percent_encoding::percent_decode(&bytes)
        .decode_utf8()
        .is_err()
    {
        return refuse(
            StatusCode::BAD_REQUEST,
            "The request contains text that is not valid Unicode. Nothing was changed.",
        );
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (status, Json(AppError::Invalid(message.to_owned()))).into_response()
}
