//! The error every server function returns, shaped for the person in front of the page.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// What a server function tells the page when it fails. It carries sentences, never
/// internals: database errors and secrets stay in the server log.
#[derive(Clone, Debug, Error, PartialEq, Serialize, Deserialize)]
pub enum AppError {
    /// The request is wrong; nothing was changed.
    #[error("{0}")]
    Invalid(String),
    /// BSS or the database failed; the message says which and what to do.
    #[error("{0}")]
    Service(String),
    /// The call never reached the server function or its answer could not be read.
    #[error("{0}")]
    Transport(String),
    /// Nobody is signed in (or the session expired): HTTP 401.
    #[error("{0}")]
    Unauthenticated(String),
    /// The signed-in staff member's role does not allow this: HTTP 403.
    #[error("{0}")]
    Forbidden(String),
    /// Too many attempts; the message says when to try again: HTTP 429.
    #[error("{0}")]
    RateLimited(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // On the server these mean the request's arguments could not be read. Their
            // wording is the parser's (and may repeat the whole value), so it stays in the log.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => {
                tracing::info!(error = %value, "unreadable server function arguments");
                Self::Invalid(
                    "The request could not be read: a value is missing or not in the expected \
                     form. Nothing was changed."
                        .to_owned(),
                )
            }
            value => Self::Transport(value.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<domain::services::ServiceError> for AppError {
    fn from(error: domain::services::ServiceError) -> Self {
        use domain::services::ServiceError;
        match error {
            ServiceError::Invalid(message) => Self::Invalid(message),
            ServiceError::Forbidden(message) => Self::Forbidden(message),
            ServiceError::Code(error) => error.into(),
            error => {
                tracing::error!(%error, "service call failed");
                Self::Service(error.user_message())
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<domain::services::staff::StaffError> for AppError {
    fn from(error: domain::services::staff::StaffError) -> Self {
        if error.is_caller_error() {
            Self::Invalid(error.to_string())
        } else {
            tracing::error!(%error, "staff service failed");
            Self::Service("The staff list could not be changed. Try again later.".to_owned())
        }
    }
}

#[cfg(feature = "ssr")]
impl From<domain::services::verification::VerificationError> for AppError {
    fn from(error: domain::services::verification::VerificationError) -> Self {
        use domain::services::verification::VerificationError;
        match error {
            VerificationError::TooSoon { .. }
            | VerificationError::HourlyLimit
            | VerificationError::DailyLimit => Self::RateLimited(error.to_string()),
            error if error.is_caller_error() => Self::Invalid(error.to_string()),
            error => {
                // The error never holds the code itself, so logging it is safe.
                tracing::error!(%error, "verification code service failed");
                Self::Service(
                    "The verification code could not be sent. Try again later, or ask an admin \
                     to check the mail settings."
                        .to_owned(),
                )
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        domain::services::ServiceError::from(error).into()
    }
}
