//! Response headers that make the browser refuse what the dashboard never does (inline
//! scripts without the page's nonce, framing, MIME sniffing, caching signed-in answers,
//! plain HTTP once it used HTTPS), the Host allow-list, and the refusal of state-changing
//! requests sent from other sites.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::nonce::Nonce;
use leptos::prelude::{provide_context, use_context};
use rand::RngCore;

use crate::forwarded::Forwarded;

/// The nonce of one response's Content-Security-Policy, handed to the Leptos render
/// through the request's extensions.
#[derive(Clone, Debug)]
pub struct CspNonce(String);

/// A year: browsers that once reached the dashboard over HTTPS keep to it.
const HSTS: &str = "max-age=31536000";

/// Sets the security headers on every response, with a fresh script nonce per request.
pub async fn security_headers(mut request: Request, next: Next) -> Response {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let nonce = hex::encode(bytes);
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let https = forwarded(&request).is_some_and(|forwarded| forwarded.https);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
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

/// Signed-in pages and server function answers hold customers and records: no browser
/// or proxy cache keeps them (static files stay cacheable).
pub async fn no_store(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// Keeps every redirect on this site. Leptos sends a refused plain-form post back to its
/// `Referer`, whole; a Referer naming another site (or a path such as `//evil.example`,
/// another site to the browser) would make that an open redirect. A Location is reduced to
/// its path and query, checked like sign-in's `next`.
pub async fn local_redirects(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let local = response
        .headers()
        .get(header::LOCATION)
        .and_then(|location| location.to_str().ok())
        .and_then(local_location);
    if let Some(local) = local {
        response.headers_mut().insert(header::LOCATION, local);
    }
    response
}

/// The local form of `location`, when it is not one already.
fn local_location(location: &str) -> Option<HeaderValue> {
    let path = match location.parse::<axum::http::Uri>() {
        Ok(uri) if uri.authority().is_some() => uri
            .path_and_query()
            .map_or("/".to_owned(), |path| path.as_str().to_owned()),
        _ => location.to_owned(),
    };
    let local = app::auth::local_path_or_home(Some(&path));
    (local != location).then(|| HeaderValue::from_str(local).ok())?
}

/// The Host values the dashboard answers to, lower-case.
#[derive(Clone, Debug)]
pub struct AllowedHosts(pub Vec<String>);

impl AllowedHosts {
    pub fn allows(&self, host: &str) -> bool {
        self.0
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(host))
    }
}

/// Refuses every request whose Host (or a trusted proxy's X-Forwarded-Host) is not one of
/// the dashboard's own addresses, before any handler runs. A DNS-rebinding page
/// (`evil.example` made to resolve to the dashboard's address) is same-origin to the
/// browser, but its requests carry `Host: evil.example`. The health checks answer whatever
/// the Host: probes address an instance by IP, and they say only "ok" or not.
pub async fn allowed_hosts(
    State(allowed): State<Arc<AllowedHosts>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if crate::routes::HEALTH_CHECKS.contains(&path) {
        return next.run(request).await;
    }
    match forwarded(&request).and_then(|forwarded| forwarded.host.as_deref()) {
        Some(host) if allowed.allows(host) => next.run(request).await,
        host => {
            tracing::warn!(?host, %path, "request for another host refused");
            (
                StatusCode::MISDIRECTED_REQUEST,
                "This host name is not an address of this dashboard (see PUBLIC_ORIGIN).",
            )
                .into_response()
        }
    }
}

/// What [`crate::forwarded::read`] found out about the request; it runs before the
/// middlewares here (without it, nothing forwarded is believed and no host is allowed).
fn forwarded(request: &Request) -> Option<&Forwarded> {
    request.extensions().get::<Forwarded>()
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
    let host = forwarded(&request).and_then(|forwarded| forwarded.host.as_deref());
    if state_changing && !from_this_site(request.headers(), host) {
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

/// `host` is the site the browser asked for (behind a trusted proxy, its X-Forwarded-Host).
fn from_this_site(headers: &axum::http::HeaderMap, host: Option<&str>) -> bool {
    let header = |name| {
        headers
            .get(name)
            .and_then(|value: &HeaderValue| value.to_str().ok())
    };
    match header(header::ORIGIN.as_str()) {
        Some(origin) => {
            let authority = origin.split_once("://").map(|(_, authority)| authority);
            authority
                .zip(host)
                .is_some_and(|(authority, host)| host.eq_ignore_ascii_case(authority))
        }
        None => !matches!(header("sec-fetch-site"), Some("cross-site" | "same-site")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> axum::http::HeaderMap {
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
    fn redirects_are_reduced_to_a_path_of_this_site() {
        let local =
            |location| local_location(location).map(|value| value.to_str().unwrap().to_owned());
        assert_eq!(local("/sales/customers?record=1"), None);
        assert_eq!(
            local("http://127.0.0.1:3000/sales/customers?x=1").as_deref(),
            Some("/sales/customers?x=1")
        );
        assert_eq!(
            local("http://127.0.0.1:3000//evil.example/x?a=1").as_deref(),
            Some("/")
        );
        assert_eq!(local("https://evil.example/x").as_deref(), Some("/x"));
        assert_eq!(local("//evil.example/x").as_deref(), Some("/"));
        assert_eq!(local("/\\evil.example").as_deref(), Some("/"));
    }

    #[test]
    fn same_origin_requests_pass_and_others_do_not() {
        let host = Some("pc.example:3000");
        assert!(from_this_site(
            &headers(&[("origin", "http://pc.example:3000")]),
            host
        ));
        assert!(!from_this_site(
            &headers(&[("origin", "http://evil.example")]),
            host
        ));
        assert!(!from_this_site(&headers(&[("origin", "null")]), host));
        assert!(!from_this_site(
            &headers(&[("origin", "http://pc.example:3000")]),
            None
        ));
        assert!(!from_this_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            host
        ));
        assert!(from_this_site(
            &headers(&[("sec-fetch-site", "same-origin")]),
            host
        ));
        assert!(from_this_site(&headers(&[]), host));
    }

    #[test]
    fn hosts_are_compared_ignoring_case() {
        let allowed = AllowedHosts(vec!["pc.example".into(), "[::1]:3000".into()]);
        assert!(allowed.allows("PC.Example"));
        assert!(allowed.allows("[::1]:3000"));
        assert!(!allowed.allows("pc.example:3000"));
        assert!(!allowed.allows("evil.example"));
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
