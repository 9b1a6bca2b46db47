//! HTTP statuses for server function errors. Leptos answers every error a server function
//! returns with HTTP 500 and the error as JSON; here each kind of [`AppError`] gets the
//! status that says whose fault it is, so refused input is a 400, not a server failure.

use app::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Server function errors are a sentence or two of JSON; anything larger is not one.
const MAX_ERROR_BYTES: usize = 64 * 1024;

pub async fn by_error_kind(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = status_of(&error);
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn status_of(error: &AppError) -> StatusCode {
    match error {
        // Unreadable arguments arrive as `Invalid`; `Transport` is the rest of what kept the
        // call from reaching its function (such as a wrong method): also the caller's.
        AppError::Invalid(_) | AppError::Transport(_) => StatusCode::BAD_REQUEST,
        AppError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
        // BSS or the database: the request may succeed later.
        AppError::Service(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
}
