//! The HTTP holes closed before any handler or around every answer: the Host allow-list
//! (DNS rebinding), forwarded headers believed only from trusted proxies, caching and HSTS
//! headers, the plain-form redirect, body encodings, the session's touch, and exports that
//! neither hold a database connection for a slow reader nor run without a cap.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, Request, Response, StatusCode};
use common::{restrictable_customer, session_cookie, set_cookie, start, text, HOST};
use domain::services::db::{Backend, Db};

const PROXY: &str = "192.0.2.10:50000";
const OUTSIDE: &str = "198.51.100.20:40000";

fn get(path: &str, host: &str) -> axum::http::request::Builder {
    Request::builder().uri(path).header(header::HOST, host)
}

fn form_post(path: &str, host: &str, body: &str) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::HOST, host)
        .header(header::ORIGIN, format!("http://{host}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

fn sign_in_body(email: &str) -> String {
    format!(
        "email={}&password={}",
        email.replace('@', "%40"),
        common::demo_password(email).replace(' ', "+")
    )
}

async fn refused_as_misdirected(response: Response<Body>, what: &str) {
    let status = response.status();
    let body = text(response).await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "{what}: {body}");
    assert!(
        body.contains("not an address of this dashboard"),
        "{what}: {body}"
    );
}

/// A DNS-rebinding page (evil.example resolving to 127.0.0.1) reaches the server with its
/// own name as Host, and its requests are same-origin to the browser: it must get nothing,
/// not the demo passwords, not a session.
#[tokio::test]
async fn a_request_for_another_host_is_refused_before_any_handler() {
    let harness = start(&[]).await;
    for host in [
        "evil.example:3000",
        "evil.example",
        "127.0.0.1:3001",
        "10.0.0.1:3000",
    ] {
        let page = harness
            .send(get("/sign-in", host).body(Body::empty()).unwrap())
            .await;
        refused_as_misdirected(page, host).await;
        let demo = harness
            .send(form_post("/api/auth/demo-accounts", host, ""))
            .await;
        refused_as_misdirected(demo, host).await;
        let sign_in = harness
            .send(form_post(
                "/api/auth/sign-in",
                host,
                &sign_in_body("admin@demo.example"),
            ))
            .await;
        assert!(set_cookie(&sign_in).is_none(), "{host} got a session");
        refused_as_misdirected(sign_in, host).await;
    }
    let no_host = harness
        .send(
            Request::builder()
                .uri("/sign-in")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    refused_as_misdirected(no_host, "no Host").await;

    // Demo mode: the loopback names at the listening port.
    for host in [
        "127.0.0.1:3000",
        "localhost:3000",
        "LOCALHOST:3000",
        "[::1]:3000",
    ] {
        let page = harness
            .send(get("/sign-in", host).body(Body::empty()).unwrap())
            .await;
        assert_eq!(page.status(), StatusCode::OK, "{host}");
    }
    // Probes address an instance by its IP; the health checks say only ok or not.
    let health = harness
        .send(
            get("/healthz", "10.0.0.1:3000")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(health.status(), StatusCode::OK);
}

#[tokio::test]
async fn configured_public_origins_are_allowed_and_nothing_else() {
    let harness = start(&[
        "--public-origin",
        "https://pc.example,https://pc2.example:8443",
        "--public-origin",
        "http://pc3.example",
    ])
    .await;
    for host in [
        "pc.example",
        "PC.example",
        "pc2.example:8443",
        "pc3.example",
        HOST,
    ] {
        let page = harness
            .send(get("/sign-in", host).body(Body::empty()).unwrap())
            .await;
        assert_eq!(page.status(), StatusCode::OK, "{host}");
    }
    for host in [
        "pc2.example",
        "pc.example:8443",
        "evil.example",
        "pc.example.evil.example",
    ] {
        let page = harness
            .send(get("/sign-in", host).body(Body::empty()).unwrap())
            .await;
        refused_as_misdirected(page, host).await;
    }
}

#[tokio::test]
async fn a_real_deployment_without_a_public_origin_does_not_start() {
    let dir = tempfile::tempdir().unwrap();
    let cli = <server::config::Cli as clap::Parser>::try_parse_from([
        "partner-center",
        "--data-dir",
        dir.path().to_str().unwrap(),
        "--bss-endpoint",
        "http://127.0.0.1:9",
        "--bss-access-key",
        "ak",
        "--bss-secret-key",
        "sk",
        "--bss-domain-id",
        "d",
    ])
    .unwrap();
    let error = server::build(&cli.config).await.err().expect("refused");
    assert!(error.to_string().contains("PUBLIC_ORIGIN"), "{error}");
    let with_path = <server::config::Cli as clap::Parser>::try_parse_from([
        "partner-center",
        "--public-origin",
        "https://pc.example/path",
    ]);
    assert!(
        with_path.is_err(),
        "an origin is a scheme, host and port only"
    );
}

/// `X-Forwarded-Proto`, `-Host` and `-For` say what a proxy saw; anyone else sending them
/// is not believed.
#[tokio::test]
async fn forwarded_headers_are_believed_only_from_trusted_proxies() {
    let harness = start(&["--trusted-proxies", "192.0.2.0/28,203.0.113.9"]).await;
    let over_https = |peer: &'static str, host: &str| {
        let mut request = form_post(
            "/api/auth/sign-in",
            host,
            &sign_in_body("viewer@demo.example"),
        );
        request
            .headers_mut()
            .insert("x-forwarded-proto", "https".parse().unwrap());
        (peer, request)
    };

    let (peer, request) = over_https(OUTSIDE, HOST);
    let response = harness.send_from(peer, request).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(!set_cookie(&response).unwrap().contains("Secure"));
    assert!(response
        .headers()
        .get(header::STRICT_TRANSPORT_SECURITY)
        .is_none());

    let (peer, request) = over_https(PROXY, HOST);
    let response = harness.send_from(peer, request).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(set_cookie(&response).unwrap().contains("; Secure"));
    let hsts = response.headers()[header::STRICT_TRANSPORT_SECURITY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(hsts.starts_with("max-age="), "{hsts}");

    // The client is the right-most address a trusted proxy did not add.
    let wrong = |forwarded: &str| {
        let mut request = form_post(
            "/api/auth/sign-in",
            HOST,
            "email=nobody%40example.com&password=wrong+password",
        );
        request
            .headers_mut()
            .insert("x-forwarded-for", forwarded.parse().unwrap());
        request
    };
    let db = harness.db().await;
    let last_client = || async {
        db.query("SELECT client FROM sign_in_attempts ORDER BY id DESC LIMIT 1")
            .scalar::<String>()
            .await
            .unwrap()
    };
    harness
        .send_from(PROXY, wrong("10.9.9.9, 198.51.100.7, 203.0.113.9"))
        .await;
    assert_eq!(last_client().await, "198.51.100.7");
    harness.send_from(OUTSIDE, wrong("198.51.100.7")).await;
    assert_eq!(last_client().await, "198.51.100.20");
    harness.send_from(PROXY, wrong("not an address")).await;
    assert_eq!(last_client().await, "192.0.2.10");

    // The Host a trusted proxy forwards is the one checked; nobody else's.
    let mut rewritten = get("/sign-in", "backend:3000")
        .header("x-forwarded-host", "127.0.0.1:3000")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        harness.send_from(PROXY, rewritten).await.status(),
        StatusCode::OK
    );
    rewritten = get("/sign-in", "evil.example")
        .header("x-forwarded-host", "127.0.0.1:3000")
        .body(Body::empty())
        .unwrap();
    refused_as_misdirected(harness.send_from(OUTSIDE, rewritten).await, "spoofed").await;
}

#[tokio::test]
async fn signed_in_pages_server_functions_and_exports_are_not_stored() {
    let harness = start(&[]).await;
    let viewer = harness.sign_in("viewer@demo.example").await;
    let no_store = |response: &Response<Body>| {
        response
            .headers()
            .get(header::CACHE_CONTROL)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.contains("no-store"))
    };
    for page in [
        "/sales/customers",
        "/sales/operation-records",
        "/exports/operation-records.csv",
    ] {
        let response = harness.get(page, Some(&viewer)).await;
        assert_eq!(response.status(), StatusCode::OK, "{page}");
        assert!(no_store(&response), "{page}");
    }
    for call in ["/api/auth/current-staff", "/api/customers/refresh"] {
        let response = harness.call(call, "", Some(&viewer)).await;
        assert!(no_store(&response), "{call}");
    }
    let over_http = harness.get("/sales/customers", Some(&viewer)).await;
    assert!(over_http
        .headers()
        .get(header::STRICT_TRANSPORT_SECURITY)
        .is_none());
}

/// Without WASM, Get Code returns to the page the Referer names; a path such as
/// `//evil.example/x` is another site to the browser.
#[tokio::test]
async fn a_plain_form_get_code_goes_back_only_to_a_page_of_this_site() {
    let harness = start(&[]).await;
    let admin = harness.sign_in("admin@demo.example").await;
    let operator = harness.sign_in("operator@demo.example").await;
    let on = harness
        .call(
            "/api/settings/verification-code",
            "enabled=true",
            Some(&admin),
        )
        .await;
    assert_eq!(on.status(), StatusCode::OK);
    let customer = restrictable_customer(&harness.db().await).await;
    let plain_form = |referer: &str, cookie: &str| {
        let mut request = form_post(
            "/api/verification/get-code",
            HOST,
            &format!("operation=freeze-account&customer_ids[0]={customer}"),
        );
        let headers = request.headers_mut();
        headers.insert(header::ACCEPT, "text/html".parse().unwrap());
        headers.insert(header::REFERER, referer.parse().unwrap());
        headers.insert(header::COOKIE, cookie.parse().unwrap());
        request
    };
    let response = harness
        .send(plain_form(
            &format!("http://{HOST}//evil.example/x?a=1"),
            &admin,
        ))
        .await;
    let location = response.headers()[header::LOCATION].to_str().unwrap();
    assert!(
        location.starts_with('/') && !location.starts_with("//"),
        "{location}"
    );
    assert!(!location.contains("evil.example"), "{location}");

    let response = harness
        .send(plain_form(
            &format!("http://{HOST}/sales/customers?dialog=freeze-account"),
            &operator,
        ))
        .await;
    assert_eq!(
        response.headers()[header::LOCATION],
        "/sales/customers?dialog=freeze-account&code_sent=1"
    );
}

/// A refused plain-form post goes back to its Referer with the error (Leptos' own answer):
/// that too must be a page of this site, whatever the Referer says.
#[tokio::test]
async fn a_refused_plain_form_goes_back_only_to_a_page_of_this_site() {
    let harness = start(&[]).await;
    let operator = harness.sign_in("operator@demo.example").await;
    let customer = restrictable_customer(&harness.db().await).await;
    for referer in [
        format!("http://{HOST}//evil.example/x?a=1"),
        "http://evil.example/x".to_owned(),
    ] {
        // Unrestricting a customer that is not restricted is refused.
        let mut request = form_post(
            "/api/verification/get-code",
            HOST,
            &format!("operation=unfreeze-account&customer_ids[0]={customer}"),
        );
        let headers = request.headers_mut();
        headers.insert(header::ACCEPT, "text/html".parse().unwrap());
        headers.insert(header::REFERER, referer.parse().unwrap());
        headers.insert(header::COOKIE, operator.parse().unwrap());
        let response = harness.send(request).await;
        assert_eq!(response.status(), StatusCode::FOUND, "{referer}");
        let location = response.headers()[header::LOCATION].to_str().unwrap();
        assert!(
            location.starts_with('/') && !location.starts_with("//"),
            "{referer} → {location}"
        );
        assert!(!location.contains("evil.example"), "{referer} → {location}");
    }
}

#[tokio::test]
async fn server_functions_read_only_form_bodies_and_check_every_one() {
    let harness = start(&[]).await;
    let admin = harness.sign_in("admin@demo.example").await;
    let db = harness.db().await;
    let customer = restrictable_customer(&db).await;
    let records = || async {
        db.query("SELECT COUNT(*) FROM operation_records")
            .scalar::<i64>()
            .await
            .unwrap()
    };
    let post = |content_type: Option<&str>, body: &str| {
        let mut request = form_post("/api/operations/run", HOST, body);
        let headers = request.headers_mut();
        headers.remove(header::CONTENT_TYPE);
        if let Some(content_type) = content_type {
            headers.insert(header::CONTENT_TYPE, content_type.parse().unwrap());
        }
        headers.insert(header::COOKIE, admin.parse().unwrap());
        headers.insert(header::ACCEPT, "application/json".parse().unwrap());
        request
    };
    let valid = format!("operation=freeze-account&customer_ids={customer}&agreed=on&back=%2F");

    // The check does not depend on how the media type is spelled.
    for spelling in [
        "Application/X-WWW-Form-Urlencoded",
        "application/x-www-form-urlencoded; charset=UTF-8",
    ] {
        let response = harness
            .send(post(Some(spelling), &format!("{valid}&reason=a%FFb")))
            .await;
        let status = response.status();
        let body = text(response).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{spelling}: {body}");
        assert!(body.contains("not valid Unicode"), "{spelling}: {body}");
    }
    assert_eq!(records().await, 0);

    let multipart =
        "--b\r\nContent-Disposition: form-data; name=\"reason\"\r\n\r\na%FFb\r\n--b--\r\n";
    for (content_type, body) in [
        (Some("multipart/form-data; boundary=b"), multipart),
        (Some("application/json"), "{\"reason\": \"x\"}"),
        (Some("text/plain"), valid.as_str()),
        (None, valid.as_str()),
    ] {
        let response = harness.send(post(content_type, body)).await;
        let status = response.status();
        let text = text(response).await;
        assert_eq!(
            status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type:?}: {text}"
        );
        assert!(text.contains("form"), "{content_type:?}: {text}");
    }
    assert_eq!(records().await, 0);
}

/// The session is touched once a minute; when that save fails, an operation BSS already
/// applied must still be answered as done.
#[tokio::test]
async fn a_failed_session_touch_does_not_turn_an_applied_operation_into_an_error() {
    let harness = start(&[]).await;
    let operator = harness.sign_in("operator@demo.example").await;
    let db = harness.db().await;
    let customer = restrictable_customer(&db).await;
    let refuse_session_updates: &[&str] = match db.backend() {
        Backend::Sqlite => &[
            "CREATE TRIGGER sessions_unwritable BEFORE UPDATE ON tower_sessions \
             BEGIN SELECT RAISE(ABORT, 'disk full'); END",
        ],
        Backend::Postgres => &[
            "CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql \
             AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$",
            "CREATE TRIGGER sessions_unwritable BEFORE UPDATE ON tower_sessions.session \
             FOR EACH ROW EXECUTE FUNCTION disk_full()",
        ],
    };
    for statement in refuse_session_updates {
        db.query(*statement).execute().await.unwrap();
    }
    let response = harness
        .call(
            "/api/operations/run",
            &format!(
                "operation=freeze-account&customer_ids={customer}&reason=Arrears&agreed=on&back=%2F"
            ),
            Some(&operator),
        )
        .await;
    let status = response.status();
    let body = text(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let record: i64 = body.parse().unwrap();
    let result: String = db
        .query("SELECT result FROM operation_items WHERE record_id = $1")
        .bind(record)
        .scalar()
        .await
        .unwrap();
    assert_eq!(result, "succeeded");
}

/// Rows for exports: one record of `customers` customers, written directly.
async fn a_record_of(db: &Db, customers: i64) {
    let staff: i64 = db
        .query("SELECT id FROM staff LIMIT 1")
        .scalar()
        .await
        .unwrap();
    let mut tx = db.begin().await.unwrap();
    tx.query(
        "INSERT INTO operation_records (id, created_at, staff_id, staff_email, operation, \
         label_set, operation_label, reason, reseller_id, code_verified, api_version, details) \
         VALUES (1, '2026-01-01T00:00:00.000Z', $1, 'operator@demo.example', 'freeze-account', \
         'current', 'Restrict Purchase', 'Arrears, long overdue', '', FALSE, 'v2', '{}')",
    )
    .bind(staff)
    .execute()
    .await
    .unwrap();
    for position in 0..customers {
        tx.query(
            "INSERT INTO operation_items (record_id, position, customer_id, customer_name, \
             result, request_id) VALUES (1, $1, $2, 'A customer with a long enough name', \
             'succeeded', 'a-request-id-of-some-length')",
        )
        .bind(position)
        .bind(format!("customer-{position}"))
        .execute()
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

/// Exports nobody reads (a slow or stalled download) hold no database connection, and
/// past the cap an export is refused with a sentence: sign-in and the list stay quick
/// however many downloads are open (the pool has 8 connections).
#[tokio::test]
async fn stalled_exports_cannot_stall_sign_in_or_the_list() {
    let harness = start(&[]).await;
    harness.wait_until_ready().await;
    a_record_of(&harness.db().await, 20_000).await;
    let viewer = harness.sign_in("viewer@demo.example").await;

    let mut open = Vec::new();
    let mut refused = 0;
    for _ in 0..8 {
        let response = harness
            .get("/exports/operation-records.csv", Some(&viewer))
            .await;
        match response.status() {
            StatusCode::OK => open.push(response),
            StatusCode::SERVICE_UNAVAILABLE => {
                assert!(response.headers().contains_key(header::RETRY_AFTER));
                assert!(text(response).await.contains("exports are running"));
                refused += 1;
            }
            other => panic!("export answered {other}"),
        }
    }
    // Let every open export fill what it may write ahead and wait for its reader.
    tokio::time::sleep(Duration::from_millis(1500)).await;

    let quickly = async {
        let operator = harness.sign_in("operator@demo.example").await;
        let list = harness.get("/sales/customers", Some(&operator)).await;
        assert_eq!(list.status(), StatusCode::OK);
        session_cookie(&list)
    };
    tokio::time::timeout(Duration::from_secs(5), quickly)
        .await
        .expect("signing in and the list waited for the stalled exports");
    assert!(
        !open.is_empty() && refused > 0,
        "{} open, {refused} refused",
        open.len()
    );

    // Once read, an open export is complete.
    let csv = text(open.remove(0)).await;
    assert_eq!(csv.lines().count(), 1 + 20_000);
    drop(open);
    let again = harness
        .get("/exports/operation-records.csv", Some(&viewer))
        .await;
    assert_eq!(again.status(), StatusCode::OK, "a slot is free again");
}
