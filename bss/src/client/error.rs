//! [`BssError`]: why a call produced no answer body.

use reqwest::StatusCode;

/// A failed call. Per-customer failures inside a 200 answer are not errors: they are data in
/// the reply (`error_details`, `failDetail`).
#[derive(Debug, thiserror::Error)]
pub enum BssError {
    /// BSS (or its gateway) answered with an error status.
    #[error("BSS answered HTTP {status}: {error_code}: {error_msg}")]
    Api {
        status: StatusCode,
        /// `CBC.xxxx` / `APIGW.xxxx`; empty when the body had none.
        error_code: String,
        error_msg: String,
        request_id: Option<String>,
    },
    /// The connection could not be established, so the request was never sent.
    #[error("could not connect to BSS: {0}")]
    Connect(#[source] reqwest::Error),
    /// The connection failed after the request may have been sent.
    #[error("connection to BSS failed: {0}")]
    Transport(#[source] reqwest::Error),
    #[error("BSS did not answer in time")]
    Timeout,
    /// A success answer whose body is not the documented shape.
    #[error("could not decode the BSS answer (HTTP {status}): {source}")]
    Decode {
        status: StatusCode,
        request_id: Option<String>,
        #[source]
        source: serde_json::Error,
    },
    #[error("invalid BSS client configuration: {0}")]
    InvalidConfig(String),
    /// The configured API version cannot express the requested operation.
    #[error("unsupported by the configured BSS API: {0}")]
    Unsupported(&'static str),
}

impl BssError {
    /// The BSS code for API errors, or a stable client-side code (`CLIENT.*`) otherwise, so
    /// that every failure can be recorded as a code and a message.
    pub fn error_code(&self) -> &str {
        match self {
            Self::Api { error_code, .. } => error_code,
            Self::Connect(_) => "CLIENT.CONNECT",
            Self::Transport(_) => "CLIENT.TRANSPORT",
            Self::Timeout => "CLIENT.TIMEOUT",
            Self::Decode { .. } => "CLIENT.DECODE",
            Self::InvalidConfig(_) => "CLIENT.CONFIG",
            Self::Unsupported(_) => "CLIENT.UNSUPPORTED",
        }
    }

    /// BSS's message for API errors, this error's description otherwise.
    pub fn error_msg(&self) -> String {
        match self {
            Self::Api { error_msg, .. } => error_msg.clone(),
            other => other.to_string(),
        }
    }

    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api { status, .. } | Self::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether a write that ended in this error may have been applied all the same: the
    /// request went out and no clear answer came back (a dropped connection, a timeout, a
    /// server error, an unreadable success). Only reading the state back can tell.
    pub fn may_have_applied(&self) -> bool {
        match self {
            Self::Transport(_) | Self::Timeout | Self::Decode { .. } => true,
            Self::Api { status, .. } => status.is_server_error(),
            Self::Connect(_) | Self::InvalidConfig(_) | Self::Unsupported(_) => false,
        }
    }

    /// Whether this error means BSS is not answering at all (unreachable, too slow, or
    /// failing with server errors), as opposed to answering with a refusal.
    pub fn is_outage(&self) -> bool {
        match self {
            Self::Connect(_) | Self::Transport(_) | Self::Timeout => true,
            Self::Api { status, .. } => status.is_server_error(),
            Self::Decode { .. } | Self::InvalidConfig(_) | Self::Unsupported(_) => false,
        }
    }

    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api { request_id, .. } | Self::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }
}
