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
                Self::Invalid(i18n::t!(
                    crate::language::use_language(),
                    "error-unreadable-request"
                ))
            }
            value => Self::Transport(value.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// A refused request, said in the language of the request it answers.
    pub fn invalid(message: i18n::Message) -> Self {
        Self::Invalid(message.render(crate::language::use_language()))
    }

    /// A failure of the server or of BSS, said in the language of the request it answers.
    pub fn service(message: i18n::Message) -> Self {
        Self::Service(message.render(crate::language::use_language()))
    }

    /// A role that does not allow the request, said in the request's language.
    pub fn forbidden(message: i18n::Message) -> Self {
        Self::Forbidden(message.render(crate::language::use_language()))
    }
}

#[cfg(feature = "ssr")]
impl From<domain::services::ServiceError> for AppError {
    fn from(error: domain::services::ServiceError) -> Self {
        use domain::services::ServiceError;
        let language = crate::language::use_language();
        match error {
            ServiceError::Invalid(message) => Self::Invalid(message.render(language)),
            ServiceError::Forbidden(message) => Self::Forbidden(message.render(language)),
            ServiceError::Code(error) => error.into(),
            error => {
                tracing::error!(%error, "service call failed");
                Self::Service(error.user_message().render(language))
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<domain::services::staff::StaffError> for AppError {
    fn from(error: domain::services::staff::StaffError) -> Self {
        let message = error.message().render(crate::language::use_language());
        if error.is_caller_error() {
            Self::Invalid(message)
        } else {
            tracing::error!(%error, "staff service failed");
            Self::Service(message)
        }
    }
}

#[cfg(feature = "ssr")]
impl From<domain::services::verification::VerificationError> for AppError {
    fn from(error: domain::services::verification::VerificationError) -> Self {
        use domain::services::verification::VerificationError;
        let message = error.message().render(crate::language::use_language());
        match error {
            VerificationError::TooSoon { .. }
            | VerificationError::HourlyLimit
            | VerificationError::DailyLimit => Self::RateLimited(message),
            error if error.is_caller_error() => Self::Invalid(message),
            error => {
                // The error never holds the code itself, so logging it is safe.
                tracing::error!(%error, "verification code service failed");
                Self::Service(message)
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
