//! Signing in and out, and who is signed in. These are the server functions anonymous
//! callers may use; every other one starts with [`crate::auth::require`].

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

    use crate::auth::{client_address, local_path_or_home, session, SESSION_STAFF_ID};
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
    let member = match signed_in {
        Ok(member) => member,
        Err(error @ SignInError::Throttled { retry_after_secs }) => {
            let response = expect_context::<leptos_axum::ResponseOptions>();
            response.set_status(http::StatusCode::TOO_MANY_REQUESTS);
            response.insert_header(http::header::RETRY_AFTER, retry_after_secs.into());
            tracing::warn!(%client, "sign-in throttled");
            return Err(AppError::RateLimited(error.to_string()));
        }
        Err(error @ (SignInError::InvalidCredentials | SignInError::Disabled)) => {
            return Err(AppError::Invalid(error.to_string()));
        }
        Err(error) => {
            tracing::error!(%error, "sign-in failed");
            return Err(AppError::Service(
                "Signing in is not possible right now. Try again later.".to_owned(),
            ));
        }
    };
    let stored = async {
        session.cycle_id().await?;
        session.insert(SESSION_STAFF_ID, member.id).await
    };
    stored.await.map_err(|error| {
        tracing::error!(%error, "cannot store the session");
        AppError::Service("Signing in is not possible right now. Try again later.".to_owned())
    })?;
    tracing::info!(staff_id = member.id, "signed in");
    leptos_axum::redirect(local_path_or_home(next.as_deref()));
    Ok(())
}

/// Ends the session, whoever (if anyone) is signed in, and goes to the sign-in page.
#[server(endpoint = "auth/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::auth::{session, SIGN_IN_PATH};

    session().await?.flush().await.map_err(|error| {
        tracing::error!(%error, "cannot end the session");
        AppError::Service("Signing out failed. Try again.".to_owned())
    })?;
    leptos_axum::redirect(SIGN_IN_PATH);
    Ok(())
}
