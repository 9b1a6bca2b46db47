//! Signing in and out, who is signed in, and one's own password. All but the password
//! change are open to anonymous callers; it starts with [`crate::auth::require_signed_in`]
//! (a member who must change their password may use it), every other server function with
//! [`crate::auth::require`].

use domain::staff::{DemoAccount, StaffMember};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The signed-in staff member and what the layout needs to know about the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub member: StaffMember,
    /// Demo mode: the Demo Inbox exists.
    pub demo: bool,
}

/// Who is signed in, if anyone.
#[server(endpoint = "auth/current-staff")]
pub async fn current_staff() -> Result<Option<SignedIn>, AppError> {
    use crate::auth::{session, signed_in_member};
    use crate::server_context::server_context;

    let context = server_context()?;
    let member = signed_in_member(&session().await?, &context.db).await?;
    Ok(member.map(|member| SignedIn {
        member,
        demo: context.demo,
    }))
}

/// The demo accounts to show on the sign-in page: none unless in demo mode.
#[server(endpoint = "auth/demo-accounts")]
pub async fn demo_accounts() -> Result<Vec<DemoAccount>, AppError> {
    use crate::server_context::server_context;

    let context = server_context()?;
    Ok(if context.demo {
        domain::services::staff::demo_accounts()
    } else {
        Vec::new()
    })
}

/// Signs in and goes to `next` (a local path) or the home page. The session id is renewed,
/// so an id planted before sign-in is worthless after it.
#[server(endpoint = "auth/sign-in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use chrono::Utc;
    use domain::services::sign_in::{self, SignInError};

    use crate::auth::{
        client_address, local_path_or_home, session, SESSION_EPOCH, SESSION_STAFF_ID,
    };
    use crate::server_context::server_context;

    let context = server_context()?;
    let session = session().await?;
    let client = client_address()?;
    let signed_in = sign_in::sign_in(
        &context.db,
        &email,
        &password,
        &client.to_string(),
        Utc::now(),
    )
    .await;
    let signed_in = match signed_in {
        Ok(signed_in) => signed_in,
        Err(error @ SignInError::Throttled { retry_after_secs }) => {
            let response = expect_context::<leptos_axum::ResponseOptions>();
            response.set_status(http::StatusCode::TOO_MANY_REQUESTS);
            response.insert_header(http::header::RETRY_AFTER, retry_after_secs.into());
            tracing::warn!(%client, "sign-in throttled");
            return Err(AppError::RateLimited(
                error.message().render(crate::language::use_language()),
            ));
        }
        Err(error @ (SignInError::InvalidCredentials | SignInError::Disabled)) => {
            return Err(AppError::invalid(error.message()));
        }
        Err(error) => {
            tracing::error!(%error, "sign-in failed");
            return Err(AppError::service(i18n::msg!("sign-in-unavailable")));
        }
    };
    let member = &signed_in.member;
    let stored = async {
        session.cycle_id().await?;
        session.insert(SESSION_STAFF_ID, member.id).await?;
        session.insert(SESSION_EPOCH, signed_in.session_epoch).await
    };
    stored.await.map_err(|error| {
        tracing::error!(%error, "cannot store the session");
        AppError::service(i18n::msg!("sign-in-unavailable"))
    })?;
    tracing::info!(staff_id = member.id, "signed in");
    remember_saved_language(&context.db, member.id).await;
    if member.must_change_password {
        leptos_axum::redirect(crate::paths::PASSWORD);
    } else {
        leptos_axum::redirect(local_path_or_home(next.as_deref()));
    }
    Ok(())
}

/// Sets the browser's language cookie to the member's saved choice, so that this browser's
/// server function answers (which read the cookie) agree with their pages. Without a saved
/// choice, the browser keeps its own.
#[cfg(feature = "ssr")]
async fn remember_saved_language(db: &domain::services::db::Db, staff_id: i64) {
    match domain::services::preferences::language(db, staff_id).await {
        Ok(Some(language)) => crate::language::remember_in_browser(language),
        Ok(None) => {}
        Err(error) => tracing::warn!(%error, "cannot read the member's language"),
    }
}

/// Changes the signed-in member's own password (also one an admin reset). The member's
/// other sessions end; this one carries on under a new id.
#[server(endpoint = "auth/change-password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirmation: String,
) -> Result<(), AppError> {
    use domain::services::staff::{self, PasswordChange};

    use crate::auth::{plain_form_page, require_signed_in, session, SESSION_EPOCH};
    use crate::server_context::server_context;

    let member = require_signed_in().await?;
    let context = server_context()?;
    let change = PasswordChange {
        current: &current_password,
        new: &new_password,
        confirmation: &confirmation,
    };
    let source = crate::auth::event_source(&member)?;
    let epoch =
        staff::change_password(&context.db, member.id, change, source, chrono::Utc::now()).await?;
    let session = session().await?;
    let stored = async {
        session.cycle_id().await?;
        session.insert(SESSION_EPOCH, epoch).await
    };
    stored.await.map_err(|error| {
        tracing::error!(%error, "cannot store the session");
        AppError::service(i18n::msg!("password-changed-session-lost"))
    })?;
    tracing::info!(staff_id = member.id, "password changed");
    // Without WASM the browser comes back to a page that says so.
    if plain_form_page().is_some() {
        leptos_axum::redirect(&format!("{}?changed=1", crate::paths::PASSWORD));
    }
    Ok(())
}

/// Ends the session, whoever (if anyone) is signed in, and goes to the sign-in page.
#[server(endpoint = "auth/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::auth::session;

    session().await?.flush().await.map_err(|error| {
        tracing::error!(%error, "cannot end the session");
        AppError::service(i18n::msg!("sign-out-failed"))
    })?;
    leptos_axum::redirect(crate::paths::SIGN_IN);
    Ok(())
}
