//! Operations over HTTP with verification codes on: every change to a restriction needs a
//! code bound to it, a refused request keeps the code, Get Code checks its customers before
//! it sends anything, and a double submit of one dialog runs once.

mod common;

use axum::http::{header, Method, Request, StatusCode};
use common::{start, text, Harness};
use domain::services::db::Db;

struct Fixture {
    harness: Harness,
    db: Db,
    operator: String,
    customer: String,
}

/// A demo dashboard with verification codes turned on, and the operator signed in.
async fn codes_on() -> Fixture {
    let harness = start(&["--demo-customers", "12"]).await;
    harness.wait_until_ready().await;
    let db = harness.db().await;
    let admin = harness.sign_in("admin@demo.example").await;
    let response = harness
        .call(
            "/api/settings/verification-code",
            "enabled=true",
            Some(&admin),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let operator = harness.sign_in("operator@demo.example").await;
    let customer = common::restrictable_customer(&db).await;
    Fixture {
        harness,
        db,
        operator,
        customer,
    }
}

async fn mail_sent(db: &Db) -> i64 {
    db.query("SELECT COUNT(*) FROM demo_outbox")
        .scalar()
        .await
        .unwrap()
}

/// Asks for a code for `operation` on `customer` and returns it, read from the Demo Inbox.
async fn get_code(fixture: &Fixture, operation: &str, customer: &str) -> String {
    // A resend waits a minute per staff member: earlier codes go, so a test can ask for
    // several in a row.
    fixture
        .db
        .query("DELETE FROM verification_codes")
        .execute()
        .await
        .unwrap();
    let body = format!("operation={operation}&customer_ids[0]={customer}");
    let response = fixture
        .harness
        .call("/api/verification/get-code", &body, Some(&fixture.operator))
        .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        text(response).await
    );
    let mail: String = fixture
        .db
        .query("SELECT body FROM demo_outbox ORDER BY id DESC LIMIT 1")
        .scalar()
        .await
        .unwrap();
    mail.split(|c: char| !c.is_ascii_digit())
        .find(|word| word.len() == 6)
        .unwrap()
        .to_owned()
}

async fn code_verified(db: &Db, record: i64) -> bool {
    db.query("SELECT code_verified FROM operation_records WHERE id = $1")
        .bind(record)
        .scalar()
        .await
        .unwrap()
}

async fn records(db: &Db) -> i64 {
    db.query("SELECT COUNT(*) FROM operation_records")
        .scalar()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_request_refused_for_another_reason_keeps_its_correct_code() {
    let fixture = codes_on().await;
    let customer = &fixture.customer;
    let code = get_code(&fixture, "freeze-account", customer).await;
    let long = "x".repeat(257);
    for refused in [
        format!("operation=freeze-account&customer_ids={customer}&reason={long}&code={code}&back=%2F"),
        format!("operation=freeze-account&customer_ids={customer}&reason=Arrears&code={code}&retry_of=999&back=%2F"),
    ] {
        let response = fixture
            .harness
            .call("/api/operations/run", &refused, Some(&fixture.operator))
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    }
    assert_eq!(records(&fixture.db).await, 0);

    let body = format!(
        "operation=freeze-account&customer_ids={customer}&reason=Arrears&code={code}&back=%2F"
    );
    let response = fixture
        .harness
        .call("/api/operations/run", &body, Some(&fixture.operator))
        .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        text(response).await
    );
    let record: i64 = text(response).await.parse().unwrap();
    assert!(code_verified(&fixture.db, record).await);
}

#[tokio::test]
async fn get_code_sends_nothing_for_customers_the_operation_cannot_run_on() {
    let fixture = codes_on().await;
    let unknown = "0".repeat(32);
    let cases = [
        format!("operation=freeze-account&customer_ids[0]={unknown}"),
        // The customer is active: there is no restriction to lift.
        format!(
            "operation=unfreeze-account&customer_ids[0]={}",
            fixture.customer
        ),
        format!("operation=set-budget-unrestrict&customer_ids[0]={unknown}"),
        format!(
            "operation=set-budget-unrestrict&customer_ids[0]={0}&customer_ids[1]={0}x",
            fixture.customer
        ),
    ];
    for body in cases {
        let response = fixture
            .harness
            .call("/api/verification/get-code", &body, Some(&fixture.operator))
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
    }
    assert_eq!(mail_sent(&fixture.db).await, 0);
}

#[tokio::test]
async fn lifting_a_restriction_with_set_budget_needs_a_code_for_exactly_that() {
    let fixture = codes_on().await;
    let customer = &fixture.customer;
    let code = get_code(&fixture, "freeze-account", customer).await;
    let body = format!(
        "operation=freeze-account&customer_ids={customer}&reason=Arrears&code={code}&back=%2F"
    );
    let response = fixture
        .harness
        .call("/api/operations/run", &body, Some(&fixture.operator))
        .await;
    assert_eq!(response.status(), StatusCode::OK);

    let budget = |code: &str| {
        format!(
            "customer_id={customer}&amount=200&budget_type=monthly&also_unfreeze=yes&code={code}&back=%2F"
        )
    };
    let response = fixture
        .harness
        .call(
            "/api/operations/set-budget",
            &budget(""),
            Some(&fixture.operator),
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(text(response).await.contains("verification code"));
    // A code for another operation on the same customer does not do.
    let unfreeze = get_code(&fixture, "unfreeze-account", customer).await;
    let response = fixture
        .harness
        .call(
            "/api/operations/set-budget",
            &budget(&unfreeze),
            Some(&fixture.operator),
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(records(&fixture.db).await, 1);

    let code = get_code(&fixture, "set-budget-unrestrict", customer).await;
    let response = fixture
        .harness
        .call(
            "/api/operations/set-budget",
            &budget(&code),
            Some(&fixture.operator),
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        text(response).await
    );
    let record: i64 = text(response).await.parse().unwrap();
    assert!(code_verified(&fixture.db, record).await);
    let state: String = fixture
        .db
        .query("SELECT state FROM customers WHERE customer_id = $1")
        .bind(customer)
        .scalar()
        .await
        .unwrap();
    assert_eq!(state, "active");

    // A budget alone changes no restriction: no code.
    let body = format!("customer_id={customer}&amount=300&budget_type=monthly&back=%2F");
    let response = fixture
        .harness
        .call("/api/operations/set-budget", &body, Some(&fixture.operator))
        .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        text(response).await
    );
    let record: i64 = text(response).await.parse().unwrap();
    assert!(!code_verified(&fixture.db, record).await);
}

/// A plain HTML form post, as a browser without WASM sends it.
fn plain_form(path: &str, body: String, cookie: &str) -> Request<axum::body::Body> {
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::HOST, common::HOST)
        .header(header::ORIGIN, format!("http://{}", common::HOST))
        .header(
            header::REFERER,
            format!("http://{}/sales/customers", common::HOST),
        )
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, cookie)
        .body(axum::body::Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn a_double_submit_of_one_dialog_runs_once_and_both_answers_name_its_record() {
    let fixture = codes_on().await;
    let customer = &fixture.customer;
    let code = get_code(&fixture, "freeze-account", customer).await;
    let token = "3f1c2a9b8e7d6c5b4a39281706f5e4d3";
    let body = format!(
        "operation=freeze-account&customer_ids={customer}&reason=Arrears&code={code}\
         &form_token={token}&back=%2Fsales%2Fcustomers"
    );
    // Sent together, as a double click sends them.
    let (first, second) = tokio::join!(
        fixture
            .harness
            .call("/api/operations/run", &body, Some(&fixture.operator)),
        fixture
            .harness
            .call("/api/operations/run", &body, Some(&fixture.operator)),
    );
    assert_eq!(first.status(), StatusCode::OK, "{}", text(first).await);
    assert_eq!(second.status(), StatusCode::OK, "{}", text(second).await);
    let record = text(first).await;
    assert_eq!(text(second).await, record);
    // Later, as a plain form: the browser is sent to the same record.
    let response = fixture
        .harness
        .send(plain_form("/api/operations/run", body, &fixture.operator))
        .await;
    let location = response.headers()[header::LOCATION].to_str().unwrap();
    assert!(location.contains(&format!("record={record}")), "{location}");
    assert_eq!(records(&fixture.db).await, 1);

    let budget = format!(
        "customer_id={customer}&amount=250&budget_type=monthly&form_token={}&back=%2F",
        token.replace('3', "4")
    );
    let (first, second) = tokio::join!(
        fixture.harness.call(
            "/api/operations/set-budget",
            &budget,
            Some(&fixture.operator)
        ),
        fixture.harness.call(
            "/api/operations/set-budget",
            &budget,
            Some(&fixture.operator)
        ),
    );
    assert_eq!(first.status(), StatusCode::OK, "{}", text(first).await);
    assert_eq!(text(first).await, text(second).await);
    assert_eq!(records(&fixture.db).await, 2);
}
