//! The Staff page (admins only): accounts, roles, enabling and disabling.

use domain::staff::StaffAccount;
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
    let source = crate::auth::event_source(&admin).await?;
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
    let source = crate::auth::event_source(&admin).await?;
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
    let source = crate::auth::event_source(&admin).await?;
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

#[cfg(feature = "ssr")]
fn parse_role(role: &str) -> Result<domain::staff::Role, AppError> {
    domain::staff::Role::parse(role).ok_or_else(|| {
        AppError::Invalid("That is not a role; choose admin, operator or viewer.".to_owned())
    })
}
