//! The emulator's two error types: [`EmulatorError`] for starting it, [`ApiError`] for the
//! error answers it sends, with BSS's codes and shapes.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::model::ErrorBody;

/// Why the emulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    #[error("emulator database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("emulator schema migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("emulator listener: {0}")]
    Io(#[from] std::io::Error),
    #[error("invalid emulator configuration: {0}")]
    InvalidConfig(String),
}

/// An error answer: HTTP status plus `{error_code, error_msg[, request_id]}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("HTTP {status} {}: {}", body.error_code, body.error_msg)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ErrorBody,
}

impl ApiError {
    fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ErrorBody {
                error_code: code.to_owned(),
                error_msg: message.into(),
                request_id: None,
            },
        }
    }

    /// 400 `CBC.0100`: a field is missing, malformed or out of range.
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "CBC.0100", message)
    }

    /// 400 `CBC.99000037`: the `indirect_partner_id` is not one of the partner's resellers.
    pub(crate) fn unknown_reseller(indirect_partner_id: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "CBC.99000037",
            format!("No permission on the reseller {indirect_partner_id}."),
        )
    }

    /// 400 `CBC.0150`: reseller `indirect_partner_id` holds the permission to restrict its
    /// own customers, so its distributor may not (the real code is not published).
    pub(crate) fn reseller_manages_restrictions(indirect_partner_id: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "CBC.0150",
            reseller_manages_restrictions_message(indirect_partner_id),
        )
    }

    /// 400 `CBC.5002` for single-customer calls (budgets, extensions).
    pub(crate) fn unknown_customer(customer_id: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "CBC.5002",
            format!("The customer {customer_id} does not exist or is not your customer."),
        )
    }

    /// 400 `CBC.5024`: the customer is a referral customer.
    pub(crate) fn referral_customer(customer_id: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "CBC.5024",
            format!("The customer {customer_id} is not a reseller-model customer."),
        )
    }

    /// 404 `APIGW.0101`: no such route.
    pub(crate) fn no_such_api() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "APIGW.0101",
            "The API does not exist or has not been published in the environment.",
        )
    }

    /// 403 `CBC.0151`.
    pub(crate) fn access_denied(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "CBC.0151", message)
    }

    /// 500 `CBC.0999`.
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "CBC.0999", message)
    }

    /// 401 `APIGW.0301`, the API gateway's authentication failure.
    pub(crate) fn unauthenticated(detail: impl std::fmt::Display, request_id: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "APIGW.0301",
            format!("Incorrect IAM authentication information: {detail}"),
        )
        .with_request_id(request_id)
    }

    /// 429 `APIGW.0308`, the API gateway's flow control.
    pub(crate) fn throttled(limit_per_second: u32, request_id: &str) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "APIGW.0308",
            format!(
                "The throttling threshold has been reached: policy user over ratelimit, \
                 limit:{limit_per_second}, time:1 second"
            ),
        )
        .with_request_id(request_id)
    }

    /// Gateway answers carry the request id in the body as well as in `X-Request-Id`.
    fn with_request_id(mut self, request_id: &str) -> Self {
        self.body.request_id = Some(request_id.to_owned());
        self
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        tracing::error!(%error, "emulator database error");
        Self::internal("Internal error.")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

/// Why a distributor's call for a self-managing reseller's customer is refused.
pub(crate) fn reseller_manages_restrictions_message(indirect_partner_id: &str) -> String {
    format!(
        "The reseller {indirect_partner_id} holds the permission to restrict purchases and \
         freeze resources for its own customers; its distributor cannot do so for them."
    )
}
