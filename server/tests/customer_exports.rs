//! Customer-list exports over HTTP through the real router: an admin starts one (by a
//! server function call or a plain form post), the background task finishes it, and the
//! download serves the file; operators see no Export control and are refused everywhere.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{eventually, start, text, Harness, HOST};
use http_body_util::BodyExt;

/// Starts an export as `cookie` with the form `body`; its id.
async fn start_export(harness: &Harness, cookie: &str, body: &str) -> i64 {
    let response = harness
        .call("/api/customers/export", body, Some(cookie))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    text(response).await.parse().unwrap()
}

/// The export's download once its task is done: (content type, disposition, bytes).
async fn download(harness: &Harness, cookie: &str, export_id: i64) -> (String, String, Vec<u8>) {
    let path = format!("/exports/customer-exports/{export_id}");
    let response = eventually(30, "the export to finish", || async {
        let response = harness.get(&path, Some(cookie)).await;
        (response.status() == StatusCode::OK).then_some(response)
    })
    .await;
    let header = |name| response.headers()[name].to_str().unwrap().to_owned();
    let (content_type, disposition) = (
        header(header::CONTENT_TYPE),
        header(header::CONTENT_DISPOSITION),
    );
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let bytes = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (content_type, disposition, bytes)
}

#[tokio::test]
async fn an_admin_exports_the_list_and_downloads_it() {
    let harness = start(&["--demo-customers", "12"]).await;
    harness.wait_until_ready().await;
    let db = harness.db().await;
    let admin = harness.sign_in("admin@demo.example").await;
    let page = text(harness.get("/sales/customers", Some(&admin)).await).await;
    assert!(page.contains("Export All") && page.contains("Export Selected"));

    let all = start_export(&harness, &admin, "scope=all&format=csv&view=").await;
    let (content_type, disposition, bytes) = download(&harness, &admin, all).await;
    assert_eq!(content_type, "text/csv; charset=utf-8");
    assert!(
        disposition.starts_with(&format!("attachment; filename=\"customers-{all}-"))
            && disposition.ends_with(".csv\""),
        "{disposition}"
    );
    let csv = String::from_utf8(bytes).unwrap();
    assert!(csv.starts_with('\u{feff}'), "a byte order mark");
    let customers: i64 = db
        .query("SELECT COUNT(*) FROM customers WHERE reseller_id = ''")
        .scalar()
        .await
        .unwrap();
    assert_eq!(csv.lines().count() as i64, customers + 1, "{csv}");

    let resellers: Vec<String> = db
        .query(
            "SELECT customer_id FROM customers WHERE reseller_id = '' \
             AND association_type = 'reseller' ORDER BY customer_id",
        )
        .scalars()
        .await
        .unwrap();
    let filtered = start_export(
        &harness,
        &admin,
        "scope=all&format=xlsx&view=association%3Dreseller",
    )
    .await;
    let (content_type, disposition, bytes) = download(&harness, &admin, filtered).await;
    assert_eq!(
        content_type,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(disposition.ends_with(".xlsx\""), "{disposition}");
    assert!(bytes.starts_with(b"PK"), "a zip archive");

    let selected = start_export(
        &harness,
        &admin,
        &format!(
            "scope=selected&format=csv&ids={}",
            resellers[..2].join("%2C")
        ),
    )
    .await;
    let (_, _, bytes) = download(&harness, &admin, selected).await;
    let csv = String::from_utf8(bytes).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.contains(&resellers[0]) && csv.contains(&resellers[1]));

    // View Export lists them newest first, each done with its download.
    let page = text(harness.get("/sales/customers/exports", Some(&admin)).await).await;
    for id in [all, filtered, selected] {
        assert!(
            page.contains(&format!("href=\"/exports/customer-exports/{id}\"")),
            "{page}"
        );
    }
    assert!(page.contains("All customers") && page.contains("All matching: association Reseller"));
    assert!(page.contains("Selected: 2 customers"));
    assert!(
        page.find(&format!("data-export-id=\"{selected}\""))
            < page.find(&format!("data-export-id=\"{all}\""))
    );
}

/// Without WASM the Export form posts and the browser goes on to View Export.
#[tokio::test]
async fn a_plain_form_post_goes_on_to_view_export() {
    let harness = start(&[]).await;
    harness.wait_until_ready().await;
    let admin = harness.sign_in("admin@demo.example").await;
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/customers/export")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header(
            header::REFERER,
            format!("http://{HOST}/sales/customers?status=active"),
        )
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, &admin)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(
            "scope=all&view=status%3Dactive&format=csv&full_values=on",
        ))
        .unwrap();
    let response = harness.send(request).await;
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(
        response.headers()[header::LOCATION],
        "/sales/customers/exports"
    );
    // Full values: the export's security event, once its task has written the file.
    eventually(30, "the full-values export's security event", || async {
        let page = harness
            .get("/security-events?kind=customers-exported", Some(&admin))
            .await;
        let page = text(page).await;
        page.contains("All matching: status Normal").then_some(())
    })
    .await;
}

#[tokio::test]
async fn an_operator_sees_no_export_and_is_refused_it() {
    let harness = start(&[]).await;
    harness.wait_until_ready().await;
    let admin = harness.sign_in("admin@demo.example").await;
    let operator = harness.sign_in("operator@demo.example").await;
    let export_id = start_export(&harness, &admin, "scope=all&format=csv&view=").await;
    download(&harness, &admin, export_id).await;

    let page = text(harness.get("/sales/customers", Some(&operator)).await).await;
    assert!(!page.contains("Export All") && !page.contains("Export Selected"));
    let refused = harness
        .call(
            "/api/customers/export",
            "scope=all&format=csv&view=",
            Some(&operator),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let file = harness
        .get(
            &format!("/exports/customer-exports/{export_id}"),
            Some(&operator),
        )
        .await;
    assert_eq!(file.status(), StatusCode::FORBIDDEN);
    assert!(text(file).await.contains("does not allow"));
    let listing = harness
        .get("/sales/customers/exports", Some(&operator))
        .await;
    assert_eq!(listing.status(), StatusCode::FORBIDDEN);
    // Right after the operator's page rendered: a signed-out download is no one's.
    for path in [
        format!("/exports/customer-exports/{export_id}"),
        "/exports/security-events.csv".to_owned(),
        "/sales/customers/exports".to_owned(),
    ] {
        let signed_out = harness.get(&path, None).await;
        assert_eq!(
            signed_out.status(),
            StatusCode::FOUND,
            "{path}: sent to sign in"
        );
    }
}
