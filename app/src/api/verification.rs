//! "Get Code" for the operation dialogs, and the Demo Inbox the codes reach in demo mode.

use domain::mail::DemoMail;
use domain::verification::SentCode;
use leptos::prelude::*;

use crate::error::AppError;

/// The query parameter a plain HTML form post of [`get_code`] returns to its page with, so
/// the page (rendered without WASM) can say that a code went out.
pub const CODE_SENT_PARAM: &str = "code_sent";

/// Sends the signed-in operator a verification code for `operation` (an operation slug, or
/// `set-budget-unrestrict`) on exactly `customer_ids`, once the operation could run on them:
/// nothing is sent for customers it would be refused for.
///
/// From a plain HTML form, name the ids `customer_ids[0]`, `customer_ids[1]`, …; the
/// browser then returns to the page with `code_sent=1` added to its query.
#[server(endpoint = "verification/get-code")]
pub async fn get_code(operation: String, customer_ids: Vec<String>) -> Result<SentCode, AppError> {
    use chrono::Utc;
    use domain::operation::CodeOperation;
    use domain::services::operations::{self, OperationContext};
    use domain::services::{settings, verification};
    use domain::staff::Role;

    use crate::server_context::server_context;

    let staff = crate::auth::require(Role::Operator).await?;
    let context = server_context()?;
    let operation = CodeOperation::from_slug(&operation)
        .ok_or_else(|| AppError::invalid(i18n::msg!("error-not-an-operation")))?;
    if !settings::verification_code_enabled(&context.db).await? {
        return Err(AppError::invalid(i18n::msg!("code-turned-off")));
    }
    let operation_context = OperationContext {
        actor: &staff,
        labels: settings::label_set(&context.db, context.default_labels).await?,
        api_mode: context.api_mode,
    };
    let purpose =
        operations::code_purpose(&context.db, operation, &customer_ids, operation_context).await?;
    let language = crate::language::use_language();
    let sent = verification::send_code(
        &context.db,
        &context.mailer,
        &staff,
        &purpose,
        language,
        Utc::now(),
    )
    .await
    .inspect_err(|error| {
        if let verification::VerificationError::TooSoon { retry_after_secs } = error {
            expect_context::<leptos_axum::ResponseOptions>()
                .insert_header(http::header::RETRY_AFTER, (*retry_after_secs).into());
        }
    })?;
    redirect_plain_form_back_with(CODE_SENT_PARAM);
    Ok(sent)
}

/// For a plain HTML form post (no WASM), returns to the posting page with `param=1` added
/// (and any earlier error dropped).
#[cfg(feature = "ssr")]
fn redirect_plain_form_back_with(param: &str) {
    let Some(page) = crate::auth::plain_form_page() else {
        return;
    };
    let (path, query) = page.split_once('?').unwrap_or((&page, ""));
    let mut query: Vec<String> = query
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            !pair.is_empty() && ![param, "__err", "__path"].contains(&key)
        })
        .map(str::to_owned)
        .collect();
    query.push(format!("{param}=1"));
    leptos_axum::redirect(&format!("{path}?{}", query.join("&")));
}

/// The mail sent to the signed-in staff member, newest first (demo mode only).
#[server(endpoint = "verification/demo-inbox")]
pub async fn demo_inbox() -> Result<Vec<DemoMail>, AppError> {
    use domain::staff::Role;

    use crate::server_context::server_context;

    let staff = crate::auth::require(Role::Viewer).await?;
    let context = server_context()?;
    if !context.demo {
        return Err(AppError::invalid(i18n::msg!("demo-inbox-demo-only")));
    }
    Ok(domain::services::mail::demo_inbox(&context.db, staff.id).await?)
}
