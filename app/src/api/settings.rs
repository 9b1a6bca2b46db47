//! The Settings page (admins only): verification code, label set, and the BSS connection.

use domain::labels::LabelSet;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub verification_code: bool,
    pub labels: LabelSet,
    pub connection: ConnectionInfo,
}

/// How the dashboard reaches BSS, as far as it may be shown: never a key or token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionInfo {
    /// True for the embedded emulator (demo mode).
    pub emulator: bool,
    pub endpoint: String,
    /// `v2`, or `v1` for the legacy API.
    pub api_version: String,
    pub domain_id: String,
    /// "AK/SK" or "IAM token": which kind of credential, not its value.
    pub credential: String,
    /// How verification codes are delivered.
    pub mail_delivery: String,
}

/// A successful "Test connection".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionTest {
    pub customers: u64,
    pub request_id: Option<String>,
}

#[server(endpoint = "settings/load")]
pub async fn load_settings() -> Result<Settings, AppError> {
    use domain::services::settings;
    use domain::staff::Role;

    use crate::server_context::server_context;

    crate::auth::require(Role::Admin).await?;
    let context = server_context()?;
    let config = context.bss.config();
    Ok(Settings {
        verification_code: settings::verification_code_enabled(&context.db).await?,
        labels: settings::label_set(&context.db, context.default_labels).await?,
        connection: ConnectionInfo {
            emulator: context.demo,
            endpoint: config.endpoint.to_string(),
            api_version: match config.api_version {
                bss::ApiVersion::V2 => "v2",
                bss::ApiVersion::V1Legacy => "v1 (legacy)",
            }
            .to_owned(),
            domain_id: config.auth.domain_id().to_owned(),
            credential: match config.auth {
                bss::Auth::AkSk { .. } => "AK/SK",
                bss::Auth::Token { .. } => "IAM token",
            }
            .to_owned(),
            mail_delivery: context.mailer.describe().to_owned(),
        },
    })
}

/// Turns the verification code for critical operations on or off.
#[server(endpoint = "settings/verification-code")]
pub async fn set_verification_code(enabled: bool) -> Result<(), AppError> {
    use domain::staff::Role;

    let admin = crate::auth::require(Role::Admin).await?;
    let context = crate::server_context::server_context()?;
    let source = crate::auth::event_source(&admin)?;
    domain::services::settings::set_verification_code_enabled(
        &context.db,
        enabled,
        source,
        chrono::Utc::now(),
    )
    .await?;
    tracing::info!(
        staff_id = admin.id,
        enabled,
        "verification code setting changed"
    );
    Ok(())
}

/// Chooses the wording of statuses and operations: `current` or `classic`.
#[server(endpoint = "settings/label-set")]
pub async fn set_label_set(label_set: String) -> Result<(), AppError> {
    use domain::staff::Role;

    let admin = crate::auth::require(Role::Admin).await?;
    let context = crate::server_context::server_context()?;
    let labels = LabelSet::parse(&label_set).ok_or_else(|| {
        AppError::Invalid("That is not a label set; choose current or classic.".to_owned())
    })?;
    domain::services::settings::set_label_set(&context.db, labels).await?;
    tracing::info!(
        staff_id = admin.id,
        labels = labels.as_str(),
        "label set changed"
    );
    Ok(())
}

/// Calls ListSubCustomers with limit 1 and reports what BSS said.
#[server(endpoint = "settings/test-connection")]
pub async fn test_connection() -> Result<ConnectionTest, AppError> {
    use domain::services::{connection, ServiceError};
    use domain::staff::Role;

    crate::auth::require(Role::Admin).await?;
    let context = crate::server_context::server_context()?;
    match connection::test(&context.bss).await {
        Ok(check) => Ok(ConnectionTest {
            customers: check.customers,
            request_id: check.request_id,
        }),
        Err(ServiceError::Bss(error)) => {
            let request_id = error.request_id().map(|id| format!(" (request id {id})"));
            Err(AppError::Service(format!(
                "{}{}",
                ServiceError::Bss(error).user_message(),
                request_id.unwrap_or_default()
            )))
        }
        Err(error) => Err(error.into()),
    }
}
