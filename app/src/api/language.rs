//! The header's language switch.

use leptos::prelude::*;

use crate::error::AppError;
use crate::language::Language;

/// Switches the dashboard to `language` and returns to `back` (the page the switch was on):
/// the browser keeps the choice in a cookie, and a signed-in member's choice is saved for
/// every browser they sign in from. A plain form post, so it works without JavaScript.
#[server(name = ChooseLanguage, prefix = "/api", endpoint = "language")]
pub async fn choose_language(language: Language, back: String) -> Result<(), AppError> {
    use crate::auth::{local_path_or_home, session, signed_in_member};
    use crate::server_context::server_context;

    let context = server_context()?;
    let session = session().await?;
    if let Some(member) = signed_in_member(&session, &context.db).await? {
        domain::services::preferences::set_language(
            &context.db,
            member.id,
            language,
            chrono::Utc::now(),
        )
        .await?;
    }
    crate::language::remember_in_browser(language);
    leptos_axum::redirect(local_path_or_home(Some(&back)));
    Ok(())
}
