//! Which language each request is answered in (see `app::language`): the cookie, then
//! `Accept-Language`, then English; [`sessions::redirect_signed_out`](crate::sessions)
//! puts a signed-in member's saved choice first for their pages.

use app::language::{Language, COOKIE};
use axum::extract::Request;
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::Response;
use leptos::prelude::{provide_context, use_context};
use tower_sessions::cookie::Cookie;

/// Puts the request's language in its extensions, for pages and server functions.
pub async fn negotiate(mut request: Request, next: Next) -> Response {
    let language = browser_language(request.headers());
    request.extensions_mut().insert(language);
    next.run(request).await
}

/// The language the browser asks for: its cookie, else its `Accept-Language`, else English.
pub fn browser_language(headers: &HeaderMap) -> Language {
    let from_cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == COOKIE)
        .and_then(|cookie| Language::parse(cookie.value()));
    from_cookie
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok())
                .and_then(Language::negotiate)
        })
        .unwrap_or_default()
}

/// Provides the request's language to the Leptos render or server function. Called from the
/// routes' additional context, where the request parts are in context.
pub fn provide() {
    let language = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Language>().copied())
        .unwrap_or_default();
    provide_context(language);
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(name, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn the_cookie_wins_over_accept_language_and_english_comes_last() {
        let both = headers(&[
            (header::COOKIE, "a=1; partner_center_language=zh-CN"),
            (header::ACCEPT_LANGUAGE, "en-US,en"),
        ]);
        assert_eq!(browser_language(&both), Language::ZhCn);
        let accept = headers(&[(header::ACCEPT_LANGUAGE, "zh-CN,zh;q=0.9")]);
        assert_eq!(browser_language(&accept), Language::ZhCn);
        assert_eq!(browser_language(&HeaderMap::new()), Language::En);
    }

    #[test]
    fn a_cookie_naming_no_language_is_passed_over() {
        let odd = headers(&[
            (header::COOKIE, "partner_center_language=klingon"),
            (header::ACCEPT_LANGUAGE, "zh"),
        ]);
        assert_eq!(browser_language(&odd), Language::ZhCn);
        let garbage = headers(&[(header::COOKIE, "==;;partner_center_language")]);
        assert_eq!(browser_language(&garbage), Language::En);
    }
}
