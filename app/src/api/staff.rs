//! The Staff page (admins only): accounts, roles, enabling and disabling.

use domain::staff::{OneTimePassword, StaffAccount};
use leptos::prelude::*;

use crate::error::AppError;

#[server(endpoint = "staff/list")]
pub async fn list_staff() -> Result<Vec<StaffAccount>, AppError> {
    use domain::staff::Role;

    crate::auth::require(Role::Admin).await?;
    let context = crate::server_context::server_context()?;
    Ok(domain::services::staff::list(&context.db).await?)
}

/// Creates an account with an initial password the admin hands over.
#[server(endpoint = "staff/create")]
pub async fn create_staff(
    email: String,
    display_name: String,
    role: String,
    password: String,
) -> Result<(), AppError> {
    use domain::services::staff::{self, NewStaff};

    let admin = crate::auth::require(domain::staff::Role::Admin).await?;
    let context = crate::server_context::server_context()?;
    let new = NewStaff {
        email: &email,
        display_name: &display_name,
        role: parse_role(&role)?,
        password: &password,
    };
    let source = crate::auth::event_source(&admin)?;
    let created = staff::create_by(&context.db, new, source, chrono::Utc::now()).await?;
    tracing::info!(
        staff_id = admin.id,
        created = created.id,
        "staff member created"
    );
    Ok(())
}

#[server(endpoint = "staff/role")]
pub async fn change_role(staff_id: i64, role: String) -> Result<(), AppError> {
    let admin = crate::auth::require(domain::staff::Role::Admin).await?;
    let context = crate::server_context::server_context()?;
    let role = parse_role(&role)?;
    let source = crate::auth::event_source(&admin)?;
    domain::services::staff::set_role(&context.db, staff_id, role, source, chrono::Utc::now())
        .await?;
    tracing::info!(
        staff_id = admin.id,
        changed = staff_id,
        role = role.as_str(),
        "role changed"
    );
    Ok(())
}

/// Enables or disables an account; a disabled member's sessions stop working at once.
#[server(endpoint = "staff/enabled")]
pub async fn set_staff_enabled(staff_id: i64, enabled: bool) -> Result<(), AppError> {
    let admin = crate::auth::require(domain::staff::Role::Admin).await?;
    let context = crate::server_context::server_context()?;
    let source = crate::auth::event_source(&admin)?;
    domain::services::staff::set_enabled(
        &context.db,
        staff_id,
        enabled,
        source,
        chrono::Utc::now(),
    )
    .await?;
    tracing::info!(
        staff_id = admin.id,
        changed = staff_id,
        enabled,
        "account enabled changed"
    );
    Ok(())
}

/// The session key holding the one-time password of the admin's last reset, until the
/// Staff page shows it (once).
#[cfg(feature = "ssr")]
const SESSION_ONE_TIME_PASSWORD: &str = "one_time_password";

/// Resets a member's password to a one-time password that the Staff page shows the admin
/// once (see [`take_one_time_password`]); the member's sessions end, and they must choose
/// a new password at their next sign-in.
#[server(endpoint = "staff/reset-password")]
pub async fn reset_password(staff_id: i64) -> Result<(), AppError> {
    let admin = crate::auth::require(domain::staff::Role::Admin).await?;
    let context = crate::server_context::server_context()?;
    let source = crate::auth::event_source(&admin)?;
    let one_time =
        domain::services::staff::reset_password(&context.db, staff_id, source, chrono::Utc::now())
            .await?;
    // Kept in the admin's session, not the URL, so it shows in no history or log.
    crate::auth::session()
        .await?
        .insert(SESSION_ONE_TIME_PASSWORD, one_time)
        .await
        .map_err(|error| {
            tracing::error!(%error, "cannot store the one-time password");
            AppError::service(i18n::msg!("staff-one-time-password-unstored"))
        })?;
    tracing::info!(staff_id = admin.id, reset = staff_id, "password reset");
    Ok(())
}

/// The one-time password of the admin's last reset, once: it is gone after this answer.
#[server(endpoint = "staff/one-time-password")]
pub async fn take_one_time_password() -> Result<Option<OneTimePassword>, AppError> {
    crate::auth::require(domain::staff::Role::Admin).await?;
    crate::auth::session()
        .await?
        .remove(SESSION_ONE_TIME_PASSWORD)
        .await
        .map_err(|error| {
            tracing::error!(%error, "cannot read the one-time password");
            AppError::service(i18n::msg!("staff-one-time-password-unreadable"))
        })
}

#[cfg(feature = "ssr")]
fn parse_role(role: &str) -> Result<domain::staff::Role, AppError> {
    domain::staff::Role::parse(role)
        .ok_or_else(|| AppError::invalid(i18n::msg!("staff-role-unknown")))
}
