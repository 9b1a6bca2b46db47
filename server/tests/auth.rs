//! Sign-in, sessions, roles and the cross-site and security headers, through the real
//! router that `server::build` assembles (demo mode: embedded emulator, demo accounts).

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{demo_password, server_function_table, session_cookie, set_cookie, start, text, HOST};

#[tokio::test]
async fn every_server_function_refuses_anonymous_and_under_privileged_callers() {
    let harness = start(&[]).await;
    let table = server_function_table();
    let registered: Vec<&'static str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    let undecided: Vec<_> = registered
        .iter()
        .filter(|path| !table.contains_key(*path))
        .collect();
    assert!(
        undecided.is_empty(),
        "server functions without a decided access level (add them to server_function_table): {undecided:?}"
    );

    let viewer = harness.sign_in("viewer@demo.example").await;
    for path in registered {
        let (body, needs) = table[path];
        let Some(needs) = needs else { continue };
        let anonymous = harness.call(path, body, None).await;
        assert_eq!(
            anonymous.status(),
            StatusCode::UNAUTHORIZED,
            "{path} called anonymously"
        );
        assert!(text(anonymous).await.contains("not signed in"), "{path}");

        let as_viewer = harness.call(path, body, Some(&viewer)).await;
        if needs == "viewer" {
            assert_ne!(
                as_viewer.status(),
                StatusCode::UNAUTHORIZED,
                "{path} as viewer"
            );
            assert_ne!(
                as_viewer.status(),
                StatusCode::FORBIDDEN,
                "{path} as viewer"
            );
        } else {
            assert_eq!(
                as_viewer.status(),
                StatusCode::FORBIDDEN,
                "{path} as viewer"
            );
            assert!(text(as_viewer).await.contains("does not allow"), "{path}");
        }
    }
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_lax_and_secure_over_https() {
    // The harness's requests come from 192.0.2.10, here the TLS-terminating proxy.
    let harness = start(&["--trusted-proxies", "192.0.2.10"]).await;
    let response = harness
        .sign_in_response("viewer@demo.example", &demo_password("viewer@demo.example"))
        .await;
    let cookie = set_cookie(&response).unwrap();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP, auto: {cookie}");

    let over_https = Request::builder()
        .method(Method::POST)
        .uri("/api/auth/sign-in")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header("x-forwarded-proto", "https")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "email=viewer%40demo.example&password={}",
            demo_password("viewer@demo.example")
        )))
        .unwrap();
    let cookie = set_cookie(&harness.send(over_https).await).unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");

    let always_secure = start(&["--cookie-secure", "always"]).await;
    let response = always_secure
        .sign_in_response("viewer@demo.example", &demo_password("viewer@demo.example"))
        .await;
    assert!(set_cookie(&response).unwrap().contains("Secure"));
}

#[tokio::test]
async fn signing_in_renews_the_session_id_and_signing_out_ends_the_session() {
    let harness = start(&[]).await;
    let viewer = harness.sign_in("viewer@demo.example").await;
    assert_eq!(
        harness.current_email(&viewer).await.as_deref(),
        Some("viewer@demo.example")
    );

    // Signing in again on the same session gives it a new id; the old one is worthless.
    let body = format!(
        "email=admin%40demo.example&password={}",
        demo_password("admin@demo.example")
    );
    let response = harness
        .call("/api/auth/sign-in", &body, Some(&viewer))
        .await;
    let admin = session_cookie(&response).unwrap();
    assert_ne!(admin, viewer);
    assert_eq!(harness.current_email(&viewer).await, None);
    assert_eq!(
        harness.current_email(&admin).await.as_deref(),
        Some("admin@demo.example")
    );

    let response = harness.call("/api/auth/sign-out", "", Some(&admin)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(harness.current_email(&admin).await, None);
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_account_with_retry_after() {
    let harness = start(&[]).await;
    for _ in 0..domain::services::sign_in::MAX_FAILURES_PER_ACCOUNT {
        let response = harness
            .sign_in_response("operator@demo.example", "wrong password")
            .await;
        assert!(text(response).await.contains("incorrect"));
    }
    let response = harness
        .sign_in_response(
            "operator@demo.example",
            &demo_password("operator@demo.example"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: i64 = response.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    assert!(text(response)
        .await
        .contains("Too many failed sign-in attempts"));
}

#[tokio::test]
async fn cross_origin_posts_are_refused_and_change_nothing() {
    let harness = start(&[]).await;
    let admin = harness.sign_in("admin@demo.example").await;
    let forged = |origin: Option<&str>, fetch_site: Option<&str>| {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri("/api/settings/verification-code")
            .header(header::HOST, HOST)
            .header(header::COOKIE, &admin)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        if let Some(site) = fetch_site {
            request = request.header("sec-fetch-site", site);
        }
        request.body(Body::from("enabled=true")).unwrap()
    };
    for (origin, site) in [
        (Some("https://evil.example"), None),
        (None, Some("cross-site")),
        (Some("null"), None),
    ] {
        let response = harness.send(forged(origin, site)).await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "{origin:?} {site:?}"
        );
        assert!(text(response).await.contains("Cross-site request refused"));
    }
    let settings = harness.call("/api/settings/load", "", Some(&admin)).await;
    assert!(text(settings).await.contains("\"verification_code\":false"));
}

#[tokio::test]
async fn signed_out_page_requests_are_redirected_to_sign_in_before_rendering() {
    let harness = start(&[]).await;
    let response = harness.get("/sales/customers?page=2", None).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        response.headers()[header::LOCATION],
        "/sign-in?next=/sales/customers%3Fpage%3D2"
    );
    assert_eq!(harness.get("/sign-in", None).await.status(), StatusCode::OK);
    assert_eq!(harness.get("/healthz", None).await.status(), StatusCode::OK);

    let viewer = harness.sign_in("viewer@demo.example").await;
    assert_eq!(
        harness.get("/settings", Some(&viewer)).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn pages_carry_security_headers_and_a_per_request_script_nonce() {
    let harness = start(&[]).await;
    let response = harness.get("/sign-in", None).await;
    let headers = response.headers().clone();
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::REFERRER_POLICY], "same-origin");
    let policy = headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap()
        .to_owned();
    let html = text(response).await;
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration scripts carry the nonce"
    );
    assert!(
        html.contains("Demo accounts"),
        "demo mode shows the demo accounts"
    );

    let again = harness.get("/sign-in", None).await;
    assert!(!again.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains(&nonce));
}

#[tokio::test]
async fn refused_input_is_answered_as_a_client_error_with_its_reason() {
    let harness = start(&[]).await;
    let operator = harness.sign_in("operator@demo.example").await;
    for (body, expected) in [
        // Rules of the operation: an empty reason, no customer.
        (
            "operation=freeze-account&customer_ids=c1&reason=&back=%2F",
            "Enter a reason.",
        ),
        (
            "operation=freeze-account&customer_ids=&reason=Arrears&back=%2F",
            "Select at least one customer.",
        ),
        // Arguments that cannot be read at all.
        (
            "operation=freeze-account&retry_of=not-a-number",
            "The request could not be read",
        ),
    ] {
        let response = harness
            .call("/api/operations/run", body, Some(&operator))
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
        let text = text(response).await;
        assert!(text.contains(expected), "{body}: {text}");
    }
}
