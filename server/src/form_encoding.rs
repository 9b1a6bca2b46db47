//! Server function arguments arrive form-encoded (`application/x-www-form-urlencoded`: the
//! WASM client's encoding for every server function here, and a plain HTML form's), and the
//! form decoder replaces bytes that are not UTF-8 with U+FFFD instead of refusing them, so a
//! name or reason would be stored altered. Such bodies are refused here, before any server
//! function reads them, and so is any other encoding sent to a server function: the
//! decoder would read it as a form regardless.

use app::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use i18n::{msg, Language, Message};

use crate::language::browser_language;

/// Far above any form the pages send (a reason is at most 256 characters, a batch at most
/// 5,000 customer IDs).
const MAX_FORM_BYTES: usize = 1024 * 1024;

/// Where Leptos serves the server functions.
const SERVER_FUNCTIONS: &str = "/api/";

const FORM: &str = "application/x-www-form-urlencoded";

pub async fn check_bodies(request: Request, next: Next) -> Response {
    let post = request.method() == Method::POST;
    let is_form = is_form(request.headers());
    if post && !is_form && request.uri().path().starts_with(SERVER_FUNCTIONS) {
        return refuse(
            &request,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            msg!("request-not-a-form"),
        );
    }
    if !(post && is_form) {
        return next.run(request).await;
    }
    // This layer runs before the language is negotiated for the routes inside it.
    let language = browser_language(request.headers());
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM_BYTES).await else {
        return refuse_in(
            language,
            StatusCode::PAYLOAD_TOO_LARGE,
            msg!("request-too-large"),
        );
    };
    // Separators are ASCII, so the whole body decodes as UTF-8 exactly when every name and
    // value does.
    if percent_encoding::percent_decode(&bytes)
        .decode_utf8()
        .is_err()
    {
        return refuse_in(
            language,
            StatusCode::BAD_REQUEST,
            msg!("request-not-unicode"),
        );
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Media types ignore case and may carry parameters (`; charset=UTF-8`).
fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media_type| media_type.trim().eq_ignore_ascii_case(FORM))
}

fn refuse(request: &Request, status: StatusCode, message: Message) -> Response {
    refuse_in(browser_language(request.headers()), status, message)
}

fn refuse_in(language: Language, status: StatusCode, message: Message) -> Response {
    (status, Json(AppError::Invalid(message.render(language)))).into_response()
}
