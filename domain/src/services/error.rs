use i18n::{msg, Message};
use thiserror::Error;

use crate::bss_codes;

/// Why a service could not do what it was asked.
#[derive(Debug, Error)]
pub enum ServiceError {
    /// The request itself is wrong; the message is for the person who made it.
    #[error("{0}")]
    Invalid(Message),
    /// The caller's role does not allow this.
    #[error("{0}")]
    Forbidden(Message),
    #[error(transparent)]
    Bss(#[from] bss::BssError),
    /// The verification code the operation needs was missing, wrong or could not be checked.
    #[error(transparent)]
    Code(#[from] super::verification::VerificationError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// An operation record could not be read or written as stored.
    #[error("operation record: {0}")]
    Record(String),
}

impl From<serde_json::Error> for ServiceError {
    fn from(error: serde_json::Error) -> Self {
        Self::Record(error.to_string())
    }
}

impl ServiceError {
    /// What partner staff are told, to render in their language. Database details stay in
    /// the server log.
    pub fn user_message(&self) -> Message {
        match self {
            Self::Invalid(message) | Self::Forbidden(message) => message.clone(),
            Self::Bss(bss::BssError::Api {
                error_code,
                error_msg,
                ..
            }) => bss_codes::describe(error_code, error_msg),
            Self::Bss(error) => msg!("bss-unreachable", error = error.to_string()),
            Self::Code(error) if error.is_caller_error() => error.message(),
            Self::Database(_) | Self::Code(_) => msg!("error-database-unavailable"),
            Self::Record(_) => msg!("error-record-unreadable"),
        }
    }
}
