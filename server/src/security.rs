//! Response headers that make the browser refuse what the dashboard never does (inline
//! scripts without the page's nonce, framing, MIME sniffing), and the refusal of
//! state-changing requests sent from other sites.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::nonce::Nonce;
use leptos::prelude::{provide_context, use_context};
use rand::RngCore;

/// The nonce of one response's Content-Security-Policy, handed to the Leptos render
/// through the request's extensions.
#[derive(Clone, Debug)]
pub struct CspNonce(String);

/// Sets the security headers on every response, with a fresh script nonce per request.
pub async fn security_headers(mut request: Request, next: Next) -> Response {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let nonce = hex::encode(bytes);
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(&content_security_policy(&nonce)) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    // For browsers that predate CSP's frame-ancestors.
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// Scripts run only from this site and with the nonce (the hydration scripts carry it);
/// `'wasm-unsafe-eval'` lets the WASM bundle compile, without allowing JavaScript `eval`.
fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Provides the request's nonce to the Leptos render (its hydration scripts carry it).
/// Called from the routes' additional context, where the request parts are in context.
pub fn provide_csp_nonce() {
    let nonce = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(nonce)) = nonce {
        provide_context(Nonce::from_value(nonce));
    }
}

/// Refuses POST, PUT, PATCH and DELETE requests that a browser says came from another
/// site. Browsers send `Origin` on every such request, plain HTML form posts included, and
/// modern ones `Sec-Fetch-Site` too; clients that send neither (curl, tests) are not
/// browsers, so carry no one's cookies by accident.
pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    let state_changing = matches!(
        *request.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    if state_changing && !from_this_site(request.headers()) {
        tracing::warn!(
            origin = ?request.headers().get(header::ORIGIN),
            path = %request.uri().path(),
            "cross-site request refused"
        );
        return (
            StatusCode::FORBIDDEN,
            "Cross-site request refused: this form or call did not come from the dashboard's own pages.",
        )
            .into_response();
    }
    next.run(request).await
}

fn from_this_site(headers: &HeaderMap) -> bool {
    let header = |name| {
        headers
            .get(name)
            .and_then(|value: &HeaderValue| value.to_str().ok())
    };
    match header(header::ORIGIN.as_str()) {
        Some(origin) => {
            let authority = origin.split_once("://").map(|(_, authority)| authority);
            // Behind a proxy, X-Forwarded-Host names the site; a browser cannot set it on a
            // cross-site request without a CORS preflight, which the dashboard never grants.
            authority.is_some_and(|authority| {
                [header(header::HOST.as_str()), header("x-forwarded-host")]
                    .into_iter()
                    .flatten()
                    .any(|host| host.eq_ignore_ascii_case(authority))
            })
        }
        None => !matches!(header("sec-fetch-site"), Some("cross-site" | "same-site")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    header::HeaderName::from_static(name),
                    HeaderValue::from_static(value),
                )
            })
            .collect()
    }

    #[test]
    fn same_origin_requests_pass_and_others_do_not() {
        assert!(from_this_site(&headers(&[
            ("host", "pc.example:3000"),
            ("origin", "http://pc.example:3000")
        ])));
        assert!(from_this_site(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("x-forwarded-host", "pc.example"),
            ("origin", "https://pc.example")
        ])));
        assert!(!from_this_site(&headers(&[
            ("host", "pc.example:3000"),
            ("origin", "http://evil.example")
        ])));
        assert!(!from_this_site(&headers(&[
            ("host", "pc.example:3000"),
            ("origin", "null")
        ])));
        assert!(!from_this_site(&headers(&[
            ("host", "pc.example"),
            ("sec-fetch-site", "cross-site")
        ])));
        assert!(from_this_site(&headers(&[
            ("host", "pc.example"),
            ("sec-fetch-site", "same-origin")
        ])));
        assert!(from_this_site(&headers(&[("host", "pc.example")])));
    }

    #[test]
    fn the_policy_carries_the_nonce_and_forbids_framing() {
        let policy = content_security_policy("abc123");
        assert!(policy.contains("'nonce-abc123'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(policy.contains("'wasm-unsafe-eval'"));
        assert!(!policy.contains("unsafe-inline"));
    }
}
