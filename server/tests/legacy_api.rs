//! A dashboard in the legacy v1.0 API mode (`--bss-api-version v1`), over HTTP: account-level
//! operations run through the v1.0 calls, resource-level ones are offered disabled with the
//! reason, and the Resellers' Customers tab says why its customers cannot be operated on.

mod common;

use axum::http::StatusCode;
use common::{restrictable_customer, start, text};

const NO_RESELLERS: &str = "cannot restrict or freeze resellers";

#[tokio::test]
async fn v1_runs_account_level_operations_and_says_what_it_cannot_do() {
    let harness = start(&["--bss-api-version", "v1", "--demo-customers", "20"]).await;
    harness.wait_until_ready().await;
    let operator = harness.sign_in("operator@demo.example").await;
    let db = harness.db().await;

    let own = text(harness.get("/sales/customers", Some(&operator)).await).await;
    assert!(
        own.contains("data-operation=\"freeze-account\""),
        "account level is offered"
    );
    assert!(
        own.contains("The legacy v1.0 API freezes and unfreezes accounts only"),
        "resource level is disabled with the reason"
    );
    assert!(!own.contains("data-operation=\"freeze-account-and-resources\""));
    assert!(
        !own.contains(NO_RESELLERS),
        "the partner's own customers can be operated"
    );

    let customer = restrictable_customer(&db).await;
    let body = format!(
        "operation=freeze-account&customer_ids={customer}&reason=Arrears&agreed=on&back=%2F"
    );
    let ran = harness
        .call("/api/operations/run", &body, Some(&operator))
        .await;
    assert_eq!(ran.status(), StatusCode::OK, "{}", text(ran).await);
    let (state, api): (String, String) = db
        .query(
            "SELECT c.state, r.api_version FROM customers c, operation_records r \
         WHERE c.customer_id = $1 ORDER BY r.id DESC LIMIT 1",
        )
        .bind(&customer)
        .fetch_one()
        .await
        .unwrap();
    assert_eq!(api, "v1");
    assert_ne!(state, "active", "frozen through the v1.0 call");

    let (reseller, theirs): (String, String) = db
        .query(
            "SELECT reseller_id, customer_id FROM customers WHERE reseller_id <> '' \
         AND association_type = 'reseller' AND state = 'active' ORDER BY customer_id LIMIT 1",
        )
        .fetch_one()
        .await
        .unwrap();
    let tab = text(
        harness
            .get(
                &format!("/sales/customers?reseller={reseller}"),
                Some(&operator),
            )
            .await,
    )
    .await;
    assert!(tab.contains(NO_RESELLERS), "the tab says why");
    assert!(
        !tab.contains("data-operation=\"freeze-account\""),
        "no operation link that could only fail"
    );

    let body =
        format!("operation=freeze-account&customer_ids={theirs}&reason=Arrears&agreed=on&back=%2F");
    let refused = harness
        .call("/api/operations/run", &body, Some(&operator))
        .await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert!(text(refused).await.contains(NO_RESELLERS));
}
