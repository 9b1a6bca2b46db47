//! Sign-in, sessions, roles and the cross-site and security headers, through the real
//! router that `server::build` assembles (demo mode: embedded emulator, demo accounts).

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use std::collections::BTreeMap;

use common::{demo_password, server_function_table, session_cookie, set_cookie, start, text, HOST};
use domain::services::sign_in::{FAILURES_BEFORE_DELAY, FIRST_DELAY_SECS};
use domain::staff::Role;

/// Every role that can sign in below admin, with a demo account of that role. Admin is not
/// a caller here: it may call everything, and its calls would change the staff table.
const CALLERS: [(&str, &str); 2] = [
    ("viewer", "viewer@demo.example"),
    ("operator", "operator@demo.example"),
];

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

    for path in &registered {
        let (body, needs) = table[path];
        if needs.is_none() {
            continue;
        }
        let anonymous = harness.call(path, body, None).await;
        assert_eq!(
            anonymous.status(),
            StatusCode::UNAUTHORIZED,
            "{path} called anonymously"
        );
        assert!(text(anonymous).await.contains("not signed in"), "{path}");
    }

    let mut refused = Vec::new();
    for (caller, email) in CALLERS {
        let role = Role::parse(caller).unwrap();
        let cookie = harness.sign_in(email).await;
        for path in &registered {
            let (body, needs) = table[path];
            let Some(needs) = needs.map(|needs| Role::parse(needs).unwrap()) else {
                continue;
            };
            let response = harness.call(path, body, Some(&cookie)).await;
            let status = response.status();
            assert_ne!(status, StatusCode::UNAUTHORIZED, "{path} as {caller}");
            if role.allows(needs) {
                assert_ne!(status, StatusCode::FORBIDDEN, "{path} as {caller}");
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{path} as {caller}");
                assert!(text(response).await.contains("does not allow"), "{path}");
                refused.push((caller, *path));
            }
        }
    }
    // The table is what decides; this only shows it is not empty for the operator.
    assert!(
        refused.contains(&("operator", "/api/staff/create")),
        "{refused:?}"
    );
}

/// The least role each page needs (`None`: open to anyone). A page of the app missing here
/// fails the test, as a server function missing from `server_function_table` does.
fn page_table() -> BTreeMap<&'static str, Option<Role>> {
    BTreeMap::from([
        ("/", Some(Role::Viewer)),
        ("/sales/customers", Some(Role::Viewer)),
        ("/sales/customers/exports", Some(Role::Admin)),
        ("/sales/customers/{id}/timeline", Some(Role::Viewer)),
        ("/sales/operation-records", Some(Role::Viewer)),
        ("/sales/operation-records/{id}", Some(Role::Viewer)),
        ("/sales/retention", Some(Role::Viewer)),
        ("/agreements/partner-budget-management", Some(Role::Viewer)),
        ("/sign-in", None),
        ("/settings", Some(Role::Admin)),
        ("/staff", Some(Role::Admin)),
        ("/demo/inbox", Some(Role::Viewer)),
        ("/account/password", Some(Role::Viewer)),
        ("/security-events", Some(Role::Admin)),
    ])
}

#[tokio::test]
async fn every_page_refuses_roles_below_the_one_it_needs() {
    let harness = start(&[]).await;
    let table = page_table();
    let pages: Vec<String> = server::routes::route_list()
        .iter()
        .map(|route| route.path().to_owned())
        .collect();
    let undecided: Vec<_> = pages
        .iter()
        .filter(|path| !table.contains_key(path.as_str()))
        .collect();
    assert!(
        undecided.is_empty(),
        "pages without a decided access level (add them to page_table): {undecided:?}"
    );
    harness.wait_until_ready().await;
    for (caller, email) in CALLERS {
        let role = Role::parse(caller).unwrap();
        let cookie = harness.sign_in(email).await;
        for page in &pages {
            let Some(needs) = table[page.as_str()] else {
                continue;
            };
            let path = page.replace("{id}", "1");
            let status = harness.get(&path, Some(&cookie)).await.status();
            if role.allows(needs) {
                assert_ne!(status, StatusCode::FORBIDDEN, "{path} as {caller}");
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{path} as {caller}");
            }
        }
    }
}

/// Handlers outside Leptos (the page guard, the downloads) once read the member from the
/// reactive context, which on a worker thread could still be an earlier request's: a
/// signed-out request right after a member's page was answered as that member.
#[tokio::test]
async fn a_signed_out_request_right_after_an_admins_page_is_no_ones() {
    let harness = start(&[]).await;
    harness.wait_until_ready().await;
    let admin = harness.sign_in("admin@demo.example").await;
    for path in [
        "/settings",
        "/exports/security-events.csv",
        "/security-events",
    ] {
        let page = harness.get("/staff", Some(&admin)).await;
        assert_eq!(page.status(), StatusCode::OK);
        let signed_out = harness.get(path, None).await;
        assert_eq!(signed_out.status(), StatusCode::FOUND, "{path}");
        assert!(signed_out.headers()[header::LOCATION]
            .to_str()
            .unwrap()
            .starts_with("/sign-in"));
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

fn retry_after(response: &axum::http::Response<Body>) -> i64 {
    response.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn repeated_failures_make_that_address_wait_with_retry_after() {
    let harness = start(&[]).await;
    for _ in 0..FAILURES_BEFORE_DELAY {
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
    let wait = retry_after(&response);
    assert!((1..=FIRST_DELAY_SECS).contains(&wait), "{wait}");
    assert!(text(response)
        .await
        .contains("Too many failed sign-in attempts. Try again in"));
}

/// Eight wrong guesses at once over HTTP: five passwords are checked, three are told to wait.
#[tokio::test]
async fn parallel_guesses_over_http_are_checked_at_most_five_times() {
    let harness = start(&[]).await;
    let passwords: Vec<String> = (0..8).map(|n| format!("guess {n}")).collect();
    let guesses = passwords
        .iter()
        .map(|password| harness.sign_in_from("198.51.100.7:4000", "admin@demo.example", password));
    let mut statuses: Vec<u16> = futures::future::join_all(guesses)
        .await
        .iter()
        .map(|response| response.status().as_u16())
        .collect();
    statuses.sort();
    assert_eq!(statuses, [400, 400, 400, 400, 400, 429, 429, 429]);
}

/// An attacker's address being made to wait does not stop the admin signing in from theirs.
#[tokio::test]
async fn the_admin_signs_in_from_another_address_while_an_attacker_waits() {
    let harness = start(&[]).await;
    for _ in 0..=FAILURES_BEFORE_DELAY {
        harness
            .sign_in_from("198.51.100.7:4000", "admin@demo.example", "wrong password")
            .await;
    }
    let attacker = harness
        .sign_in_from(
            "198.51.100.7:4000",
            "admin@demo.example",
            &demo_password("admin@demo.example"),
        )
        .await;
    assert_eq!(attacker.status(), StatusCode::TOO_MANY_REQUESTS);
    harness.sign_in("admin@demo.example").await;
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

fn form(fields: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
}

/// A member changes their own password: the session that did it carries on (under a new
/// id), their other sessions end, and only the new password signs in.
#[tokio::test]
async fn a_password_change_ends_the_members_other_sessions() {
    let harness = start(&[]).await;
    let email = "operator@demo.example";
    let this = harness.sign_in(email).await;
    let other = harness.sign_in(email).await;
    let new = "operator's own passphrase";
    let body = form(&[
        ("current_password", &demo_password(email)),
        ("new_password", new),
        ("confirmation", new),
    ]);
    let response = harness
        .call("/api/auth/change-password", &body, Some(&this))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let this = session_cookie(&response).expect("the session id is renewed");
    assert_eq!(harness.current_email(&this).await.as_deref(), Some(email));
    assert_eq!(harness.current_email(&other).await, None);
    let old = harness.sign_in_response(email, &demo_password(email)).await;
    assert_eq!(old.status(), StatusCode::BAD_REQUEST);
    let again = harness.sign_in_response(email, new).await;
    assert_eq!(again.status(), StatusCode::OK);
}

/// An admin resets a member's password: the one-time password is shown once, the member's
/// sessions end, and signed in with it the member can do nothing but choose a new one.
#[tokio::test]
async fn a_reset_password_is_shown_once_and_must_be_changed_at_sign_in() {
    let harness = start(&[]).await;
    let db = harness.db().await;
    let admin = harness.sign_in("admin@demo.example").await;
    let viewer = harness.sign_in("viewer@demo.example").await;
    let viewer_id: i64 = db
        .query("SELECT id FROM staff WHERE email = 'viewer@demo.example'")
        .scalar()
        .await
        .unwrap();
    let response = harness
        .call(
            "/api/staff/reset-password",
            &format!("staff_id={viewer_id}"),
            Some(&admin),
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        text(response).await
    );
    let shown = text(
        harness
            .call("/api/staff/one-time-password", "", Some(&admin))
            .await,
    )
    .await;
    let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(shown["email"], "viewer@demo.example");
    let one_time = shown["password"].as_str().unwrap().to_owned();
    let twice = harness
        .call("/api/staff/one-time-password", "", Some(&admin))
        .await;
    assert_eq!(text(twice).await, "null", "shown once");
    assert_eq!(harness.current_email(&viewer).await, None);

    let response = harness
        .sign_in_response("viewer@demo.example", &one_time)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::LOCATION], "/account/password");
    let viewer = session_cookie(&response).unwrap();
    let page = harness.get("/sales/customers", Some(&viewer)).await;
    assert_eq!(page.status(), StatusCode::FOUND);
    assert_eq!(page.headers()[header::LOCATION], "/account/password");
    assert_eq!(
        harness
            .get("/account/password", Some(&viewer))
            .await
            .status(),
        StatusCode::OK
    );
    let list = "query[search]=&query[label]=&query[account_manager]=&query[sort]=AssociatedOn\
                &query[page][page]=1&query[page][page_size]=10";
    let refused = harness
        .call("/api/customers/list", list, Some(&viewer))
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(text(refused).await.contains("Choose a new password first"));

    let new = "the viewer's own passphrase";
    let body = form(&[
        ("current_password", &one_time),
        ("new_password", new),
        ("confirmation", new),
    ]);
    let changed = harness
        .call("/api/auth/change-password", &body, Some(&viewer))
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let viewer = session_cookie(&changed).unwrap();
    let listed = harness
        .call("/api/customers/list", list, Some(&viewer))
        .await;
    assert_eq!(listed.status(), StatusCode::OK);
}

/// Without WASM the Password page is a plain form: the post comes back to the page, which
/// says the password is changed.
#[tokio::test]
async fn the_password_page_works_as_a_plain_form() {
    let harness = start(&[]).await;
    let email = "viewer@demo.example";
    let viewer = harness.sign_in(email).await;
    let new = "the viewer's plain-form passphrase";
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/auth/change-password")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header(header::REFERER, format!("http://{HOST}/account/password"))
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, &viewer)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form(&[
            ("current_password", &demo_password(email)),
            ("new_password", new),
            ("confirmation", new),
        ])))
        .unwrap();
    let response = harness.send(request).await;
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(
        response.headers()[header::LOCATION],
        "/account/password?changed=1"
    );
    let viewer = session_cookie(&response).unwrap();
    let page = text(
        harness
            .get("/account/password?changed=1", Some(&viewer))
            .await,
    )
    .await;
    assert!(page.contains("Your password is changed."), "{page}");
}
