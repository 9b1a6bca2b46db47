//! Which language pages and server functions answer in, over HTTP against the real router:
//! the member's saved choice, then the browser's cookie, then `Accept-Language`, then
//! English; the header's switch is a plain form post that sets the cookie, saves a signed-in
//! member's choice and returns to the page it was on.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, Response, StatusCode};
use common::{start, text, Harness, HOST};

const CHINESE: &str = "partner_center_language=zh-CN";
const ENGLISH: &str = "partner_center_language=en";

/// A page as a browser without JavaScript asks for it.
async fn page(harness: &Harness, path: &str, cookie: &str, accept_language: &str) -> String {
    let request = Request::builder()
        .uri(path)
        .header(header::HOST, HOST)
        .header(header::COOKIE, cookie)
        .header(header::ACCEPT_LANGUAGE, accept_language)
        .body(Body::empty())
        .unwrap();
    let response = harness.send(request).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    text(response).await
}

/// The switch's form post, as a browser without JavaScript sends it.
async fn switch(harness: &Harness, language: &str, back: &str, cookie: &str) -> Response<Body> {
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/language")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, cookie)
        .body(Body::from(format!("language={language}&back={back}")))
        .unwrap();
    harness.send(request).await
}

fn language_cookie(response: &Response<Body>) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("partner_center_language="))
        .map(|value| value.split(';').next().unwrap().to_owned())
}

fn in_chinese(html: &str) -> bool {
    html.contains(r#"<html lang="zh-CN""#) && html.contains("伙伴中心")
}

fn in_english(html: &str) -> bool {
    html.contains(r#"<html lang="en""#) && html.contains("Partner Center")
}

#[tokio::test]
async fn the_sign_in_page_follows_the_cookie_then_accept_language_then_english() {
    let harness = start(&[]).await;
    assert!(in_chinese(
        &page(&harness, "/sign-in", "", "zh-CN,zh;q=0.9,en;q=0.8").await
    ));
    assert!(in_english(
        &page(&harness, "/sign-in", "", "fr-FR,de").await
    ));
    assert!(in_english(
        &page(&harness, "/sign-in", ENGLISH, "zh-CN").await
    ));
    assert!(in_chinese(
        &page(&harness, "/sign-in", CHINESE, "en-US").await
    ));
    // A cookie naming no language of the dashboard is passed over.
    let odd = "partner_center_language=xx";
    assert!(in_chinese(&page(&harness, "/sign-in", odd, "zh").await));
}

#[tokio::test]
async fn the_switch_sets_the_cookie_and_returns_to_the_page_it_was_on() {
    let harness = start(&[]).await;
    let response = switch(&harness, "zh-CN", "%2Fsign-in%3Fnext%3D%252Fstaff", "").await;
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(
        response.headers()[header::LOCATION],
        "/sign-in?next=%2Fstaff"
    );
    assert_eq!(language_cookie(&response).as_deref(), Some(CHINESE));

    // Only this site's pages are returned to.
    let response = switch(&harness, "en", "https%3A%2F%2Fevil.example%2F", "").await;
    assert_eq!(response.headers()[header::LOCATION], "/");
    assert_eq!(language_cookie(&response).as_deref(), Some(ENGLISH));

    // A language the dashboard does not have changes nothing (here as a script's call).
    let response = harness
        .call("/api/language", "language=klingon&back=%2F", None)
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(language_cookie(&response), None);
}

#[tokio::test]
async fn a_members_saved_choice_wins_in_every_browser_they_sign_in_from() {
    let harness = start(&[]).await;
    harness.wait_until_ready().await;
    let session = harness.sign_in("operator@demo.example").await;
    let response = switch(&harness, "zh-CN", "%2Fsales%2Fcustomers", &session).await;
    assert!(response.status().is_redirection());
    assert!(in_chinese(
        &page(&harness, "/sales/customers", &session, "en").await
    ));

    // Another browser, asking for English with its own cookie: the saved choice wins on
    // its pages, and signing in sets that browser's cookie to it.
    let response = harness
        .sign_in_response(
            "operator@demo.example",
            &common::demo_password("operator@demo.example"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(language_cookie(&response).as_deref(), Some(CHINESE));
    let other = common::session_cookie(&response).unwrap();
    let both = format!("{other}; {ENGLISH}");
    assert!(in_chinese(
        &page(&harness, "/sales/customers", &both, "en-US").await
    ));

    // Another member, who never chose, keeps their browser's language.
    let viewer = harness.sign_in("viewer@demo.example").await;
    assert!(in_english(
        &page(&harness, "/sales/customers", &viewer, "en-US").await
    ));
    let viewer_in_chinese = format!("{viewer}; {CHINESE}");
    assert!(in_chinese(
        &page(&harness, "/sales/customers", &viewer_in_chinese, "en").await
    ));
}
