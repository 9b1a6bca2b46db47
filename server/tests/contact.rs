//! The customer page over HTTP: the HTML carries customers' e-mails and phones masked, a
//! reveal (operators and admins) shows that one row's real values and is a security event,
//! and each member's column choice holds on the server, also as a plain form.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{start, text, Harness, HOST};

const PAGE: &str = "/sales/customers";
const WITH_CONTACT: &str =
    "columns[0]=account_name&columns[1]=customer_id&columns[2]=contact&back=%2Fsales%2Fcustomers";

/// (customer id, e-mail, phone) of every mirrored customer of the partner.
async fn contacts(harness: &Harness) -> Vec<(String, String, String)> {
    let contacts: Vec<(String, String, String)> = harness
        .db()
        .await
        .query(
            "SELECT customer_id, email, telephone FROM customers WHERE reseller_id = '' \
         ORDER BY customer_id",
        )
        .fetch_all()
        .await
        .unwrap();
    assert!(contacts.len() >= 3);
    assert!(contacts
        .iter()
        .all(|(_, email, phone)| !email.is_empty() && !phone.is_empty()));
    contacts
}

async fn page(harness: &Harness, path: &str, cookie: &str) -> String {
    let response = harness.get(path, Some(cookie)).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    text(response).await
}

async fn reveal_events(harness: &Harness) -> Vec<(String, String)> {
    harness
        .db()
        .await
        .query(
            "SELECT actor_email, details FROM security_events WHERE kind = 'contact-revealed' \
         ORDER BY id",
        )
        .fetch_all()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_page_carries_masked_contacts_until_a_reveal_shows_one_row() {
    let harness = start(&[]).await;
    harness.wait_until_ready().await;
    let operator = harness.sign_in("operator@demo.example").await;
    let contacts = contacts(&harness).await;

    // Hidden by default, and never in the HTML (nor the data it hydrates from).
    let html = page(&harness, PAGE, &operator).await;
    assert!(!html.contains(">Contact</th>"));
    for (_, email, phone) in &contacts {
        assert!(!html.contains(email.as_str()), "{email} in the page");
        assert!(!html.contains(phone.as_str()), "{phone} in the page");
    }

    let saved = harness
        .call("/api/customers/columns", WITH_CONTACT, Some(&operator))
        .await;
    assert_eq!(saved.status(), StatusCode::OK, "{}", text(saved).await);
    let html = page(&harness, PAGE, &operator).await;
    assert!(html.contains(">Contact</th>"));
    for (_, email, phone) in &contacts {
        assert!(html.contains(&domain::contact::mask_email(email)));
        assert!(html.contains(&domain::contact::mask_phone(phone)));
        assert!(!html.contains(email.as_str()), "{email} in the page");
        assert!(!html.contains(phone.as_str()), "{phone} in the page");
    }
    assert!(eye_toggles(&html, "false") > 0);
    assert_eq!(eye_toggles(&html, "true"), 0);
    assert_eq!(reveal_events(&harness).await, vec![]);

    let (id, email, phone) = &contacts[0];
    let html = page(&harness, &format!("{PAGE}?reveal={id}"), &operator).await;
    assert!(html.contains(email.as_str()) && html.contains(phone.as_str()));
    assert_eq!(eye_toggles(&html, "true"), 1);
    for (_, other_email, other_phone) in &contacts[1..] {
        assert!(
            !html.contains(other_email.as_str()),
            "{other_email} in the page"
        );
        assert!(
            !html.contains(other_phone.as_str()),
            "{other_phone} in the page"
        );
    }
    let events = reveal_events(&harness).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].0, "operator@demo.example");
    assert!(events[0].1.contains(id.as_str()), "{events:?}");

    let revealed = harness
        .call(
            "/api/customers/reveal-contact",
            &format!("customer_id={id}"),
            Some(&operator),
        )
        .await;
    assert_eq!(revealed.status(), StatusCode::OK);
    let contact: serde_json::Value = serde_json::from_str(&text(revealed).await).unwrap();
    assert_eq!(contact["email"], email.as_str());
    assert_eq!(contact["telephone"], phone.as_str());
    assert_eq!(reveal_events(&harness).await.len(), 2);
}

#[tokio::test]
async fn the_rows_are_in_the_page_once_as_html_not_again_as_data() {
    let harness = start(&[]).await;
    harness.wait_until_ready().await;
    let operator = harness.sign_in("operator@demo.example").await;
    let html = page(&harness, PAGE, &operator).await;
    assert!(html.contains("data-customer-id="));
    // Outside islands nothing hydrates, so no resource's value is written for the browser.
    assert!(html.contains("__RESOLVED_RESOURCES=[]"), "{html}");
    assert!(!html.contains("__RESOLVED_RESOURCES["));
}

#[tokio::test]
async fn a_viewer_sees_masked_contacts_only_and_cannot_reveal() {
    let harness = start(&[]).await;
    harness.wait_until_ready().await;
    let viewer = harness.sign_in("viewer@demo.example").await;
    let contacts = contacts(&harness).await;
    let (id, email, _) = &contacts[0];
    harness
        .call("/api/customers/columns", WITH_CONTACT, Some(&viewer))
        .await;

    let html = page(&harness, PAGE, &viewer).await;
    assert!(html.contains(&domain::contact::mask_email(email)));
    assert_eq!(
        eye_toggles(&html, "false") + eye_toggles(&html, "true"),
        0,
        "a viewer gets no eye toggle"
    );

    let refused = harness
        .call(
            "/api/customers/reveal-contact",
            &format!("customer_id={id}"),
            Some(&viewer),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let html = page(&harness, &format!("{PAGE}?reveal={id}"), &viewer).await;
    assert!(!html.contains(email.as_str()));
    assert!(html.contains("Only operators and admins"));
    assert_eq!(reveal_events(&harness).await, vec![]);
}

/// How many contact eye toggles in `html` are in the `pressed` state. The language
/// switch carries `aria-pressed` too, so the attribute alone says nothing.
fn eye_toggles(html: &str, pressed: &str) -> usize {
    html.split("<button")
        .skip(1)
        .map(|rest| &rest[..rest.find('>').unwrap_or(rest.len())])
        .filter(|tag| {
            tag.contains("reveal-toggle") && tag.contains(&format!("aria-pressed=\"{pressed}\""))
        })
        .count()
}

/// The post of a browser without WASM: an HTML form, from the page it is on.
fn plain_form(body: &str, referer: &str, cookie: &str) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri("/api/customers/columns")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header(header::REFERER, format!("http://{HOST}{referer}"))
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn columns_are_kept_per_member_and_a_plain_form_returns_to_its_view() {
    let harness = start(&[]).await;
    harness.wait_until_ready().await;
    let operator = harness.sign_in("operator@demo.example").await;
    let admin = harness.sign_in("admin@demo.example").await;
    let view = "/sales/customers?q=a&sort=customer_id";
    let body = format!("columns%5B%5D=label&back={}", urlencoding(view));

    let response = harness.send(plain_form(&body, view, &operator)).await;
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(response.headers()[header::LOCATION], view);

    let html = page(&harness, PAGE, &operator).await;
    assert!(sorted_by(&html, "Label"));
    assert!(!sorted_by(&html, "Account Name"));
    assert!(!sorted_by(&html, "Customer ID"));
    // Another member's table is theirs.
    let html = page(&harness, PAGE, &admin).await;
    assert!(!sorted_by(&html, "Label"));
    assert!(sorted_by(&html, "Account Name"));
    // A second sign-in (another browser) finds the choice.
    let again = harness.sign_in("operator@demo.example").await;
    let html = page(&harness, PAGE, &again).await;
    assert!(!sorted_by(&html, "Account Name"));

    // An unknown column refuses the whole choice with a sentence; nothing changes.
    let refused = harness
        .call(
            "/api/customers/columns",
            "columns[0]=account_name&columns[1]=password_hash&back=%2F",
            Some(&operator),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert!(text(refused).await.contains("not a column"));
    let html = page(&harness, PAGE, &operator).await;
    assert!(!sorted_by(&html, "Account Name"));
}

/// Whether the table has the sortable column `title`.
fn sorted_by(html: &str, title: &str) -> bool {
    html.contains(&format!("class=\"sort-link\">{title}"))
}

fn urlencoding(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
