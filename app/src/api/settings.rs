//! The Settings page (admins only): verification code, label set, retention deadlines,
//! resellers that restrict their own customers, and the BSS connection.

use domain::labels::LabelSet;
use domain::retention::RetentionSettings;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub verification_code: bool,
    pub labels: LabelSet,
    pub retention: RetentionSettings,
    /// The staff, and whether each gets the retention alert.
    pub alert_staff: Vec<AlertCandidate>,
    /// The resellers, and whether each restricts its own customers itself.
    pub resellers: Vec<ResellerPermission>,
    pub connection: ConnectionInfo,
}

/// A reseller, and whether it holds the permission to restrict its own customers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResellerPermission {
    pub reseller_id: String,
    pub name: String,
    pub restricts_itself: bool,
}

/// A staff member the retention alert may go to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertCandidate {
    pub staff_id: i64,
    pub name: String,
    pub email: String,
    pub chosen: bool,
    /// A disabled member gets no alert while disabled.
    pub enabled: bool,
}

/// How the dashboard reaches BSS, as far as it may be shown: never a key or token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionInfo {
    /// True for the embedded emulator (demo mode).
    pub emulator: bool,
    pub endpoint: String,
    /// `v2`, or `v1` for the legacy API, in the reader's language.
    pub api_version: String,
    pub domain_id: String,
    /// "AK/SK" or "IAM token" (in the reader's language): which kind of credential, not its
    /// value.
    pub credential: String,
    /// How verification codes are delivered, in the reader's language.
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
    use domain::services::{mirror, resellers, retention, settings, staff};
    use domain::staff::Role;

    use crate::server_context::server_context;

    crate::auth::require(Role::Admin).await?;
    let context = server_context()?;
    let language = crate::language::use_language();
    let config = context.bss.config();
    let chosen = retention::alert_recipient_ids(&context.db).await?;
    // Disabled members are listed too, so saving keeps their choice for when they return.
    let alert_staff = staff::list(&context.db)
        .await?
        .into_iter()
        .map(|account| AlertCandidate {
            chosen: chosen.contains(&account.member.id),
            staff_id: account.member.id,
            name: account.member.display_name,
            email: account.member.email,
            enabled: account.enabled,
        })
        .collect();
    let self_managing = resellers::self_managing(&context.db).await?;
    let resellers = mirror::resellers(&context.db)
        .await?
        .into_iter()
        .map(|(reseller_id, name)| ResellerPermission {
            restricts_itself: self_managing.contains(&reseller_id),
            reseller_id,
            name,
        })
        .collect();
    Ok(Settings {
        verification_code: settings::verification_code_enabled(&context.db).await?,
        labels: settings::label_set(&context.db, context.default_labels).await?,
        retention: settings::retention(&context.db, context.default_retention).await?,
        alert_staff,
        resellers,
        connection: ConnectionInfo {
            emulator: context.demo,
            endpoint: config.endpoint.to_string(),
            api_version: match config.api_version {
                bss::ApiVersion::V2 => "v2".to_owned(),
                bss::ApiVersion::V1Legacy => i18n::t!(language, "settings-bss-api-v1-legacy"),
            },
            domain_id: config.auth.domain_id().to_owned(),
            credential: match config.auth {
                bss::Auth::AkSk { .. } => "AK/SK".to_owned(),
                bss::Auth::Token { .. } => i18n::t!(language, "settings-bss-iam-token"),
            },
            mail_delivery: context.mailer.describe().render(language),
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
    let labels = LabelSet::parse(&label_set)
        .ok_or_else(|| AppError::invalid(i18n::msg!("settings-label-set-unknown")))?;
    domain::services::settings::set_label_set(&context.db, labels).await?;
    tracing::info!(
        staff_id = admin.id,
        labels = labels.as_str(),
        "label set changed"
    );
    Ok(())
}

/// The retention period, the alert's lead time and who gets the alert (`recipients` are
/// staff ids). Anything out of range refuses the whole form, changing nothing.
#[server(endpoint = "settings/retention")]
pub async fn set_retention(
    retention_days: String,
    alert_days: String,
    #[server(default)] recipients: Vec<String>,
) -> Result<(), AppError> {
    use domain::services::{retention, settings};
    use domain::staff::Role;

    let admin = crate::auth::require(Role::Admin).await?;
    let context = crate::server_context::server_context()?;
    let chosen = RetentionSettings::parse(&retention_days, &alert_days)
        .map_err(|error| AppError::invalid(error.message()))?;
    let recipients = recipients
        .iter()
        .map(|id| id.trim().parse::<i64>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| AppError::invalid(i18n::msg!("retention-recipients-unknown")))?;
    retention::set_alert_recipients(&context.db, &recipients).await?;
    settings::set_retention(&context.db, chosen).await?;
    tracing::info!(
        staff_id = admin.id,
        retention_days = chosen.retention_days(),
        alert_days = chosen.alert_days(),
        recipients = recipients.len(),
        "retention settings changed"
    );
    Ok(())
}

/// Records which resellers hold Partner Center's permission to restrict their own customers
/// (`resellers` are reseller ids): their customers are then offered no operation. A plain
/// form post returns to `back`; none ticked is a choice too, so `back` is what a form
/// without it cannot be mistaken for.
#[server(endpoint = "settings/self-managing-resellers")]
pub async fn set_self_managing_resellers(
    #[server(default)] resellers: Vec<String>,
    back: String,
) -> Result<(), AppError> {
    use domain::staff::Role;

    let admin = crate::auth::require(Role::Admin).await?;
    let context = crate::server_context::server_context()?;
    domain::services::resellers::set_self_managing(
        &context.db,
        &resellers,
        admin.id,
        chrono::Utc::now(),
    )
    .await?;
    tracing::info!(
        staff_id = admin.id,
        resellers = resellers.len(),
        "self-managing resellers changed"
    );
    if crate::auth::plain_form_page().is_some() {
        leptos_axum::redirect(crate::auth::local_path_or_home(Some(&back)));
    }
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
            let request_id = error.request_id().map(str::to_owned);
            let problem = ServiceError::Bss(error).user_message();
            let problem = match request_id {
                Some(id) => i18n::msg!(
                    "settings-connection-failed-request",
                    problem = problem,
                    request_id = id
                ),
                None => problem,
            };
            Err(AppError::service(problem))
        }
        Err(error) => Err(error.into()),
    }
}
