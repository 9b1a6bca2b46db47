//! The language pages are rendered in and server functions answer in. The server resolves
//! it once per request (`server::language`): the member's saved choice, the language cookie,
//! `Accept-Language`, English, in that order; pages and server functions read it with
//! [`use_language`]. Islands never look it up: they receive their words as props.

pub use i18n::Language;
use leptos::prelude::*;

/// The cookie holding the browser's language choice (read before anyone signs in).
pub const COOKIE: &str = "partner_center_language";

/// This request's language, as the server provided it; English outside a request.
pub fn use_language() -> Language {
    use_context::<Language>().unwrap_or_default()
}

/// Remembers `language` in this browser for a year: the answer sets the cookie.
#[cfg(feature = "ssr")]
pub fn remember_in_browser(language: Language) {
    let cookie = format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
        language.code()
    );
    if let (Some(response), Ok(cookie)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&cookie),
    ) {
        response.append_header(http::header::SET_COOKIE, cookie);
    }
}
