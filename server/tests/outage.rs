//! BSS answering nothing but server errors: the pages say so in a banner, an operation run
//! meanwhile keeps its record, and once BSS is back the banner goes and the record ends in
//! the state BSS really holds.

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use bss::model::Faults;
use common::{start, text, Harness};

async fn listing(harness: &Harness, cookie: &str) -> serde_json::Value {
    let body = "query[search]=&query[label]=&query[account_manager]=&query[sort]=AssociatedOn\
                &query[page][page]=1&query[page][page_size]=10";
    let response = harness
        .call("/api/customers/list", body, Some(cookie))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    serde_json::from_str(&text(response).await).unwrap()
}

#[tokio::test]
async fn an_outage_shows_a_banner_and_loses_nothing() {
    let harness = start(&["--demo-customers", "12", "--reconcile-secs", "5"]).await;
    harness.wait_until_ready().await;
    let db = harness.db().await;
    let operator = harness.sign_in("operator@demo.example").await;
    assert!(listing(&harness, &operator).await["outage"].is_null());
    let customer = common::restrictable_customer(&db).await;

    harness
        .emulator()
        .set_faults(Faults {
            fault_rate: 1.0,
            ..Faults::default()
        })
        .unwrap();
    let body = format!(
        "operation=freeze-account&customer_ids={customer}&reason=Kept+during+the+outage&back=%2F"
    );
    let response = harness
        .call("/api/operations/run", &body, Some(&operator))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let record: i64 = text(response).await.parse().unwrap();

    let outage = listing(&harness, &operator).await["outage"].clone();
    assert_eq!(outage["error_code"], "CBC.0999", "{outage}");
    let page = text(harness.get("/sales/customers", Some(&operator)).await).await;
    assert!(
        page.contains("Huawei Cloud BSS is not answering"),
        "no banner"
    );
    assert!(
        page.contains("BSS had an internal error; try again later. (CBC.0999"),
        "the banner names what BSS answered"
    );
    let reason: String = db
        .query("SELECT reason FROM operation_records WHERE id = $1")
        .bind(record)
        .scalar()
        .await
        .unwrap();
    assert_eq!(reason, "Kept during the outage");

    harness.emulator().set_faults(Faults::default()).unwrap();
    harness
        .call("/api/customers/refresh", "", Some(&operator))
        .await;
    // The reconciler leaves a record alone for its first 30 s (its task may still run).
    let mut settled = None;
    for _ in 0..600 {
        let result: Option<String> = db.query(
            "SELECT i.result FROM operation_items i JOIN operation_records r ON r.id = i.record_id \
             WHERE r.id = $1 AND r.finished_at IS NOT NULL AND i.result <> 'pending'",
        )
        .bind(record)
        .optional_scalar()
        .await
        .unwrap();
        if result.is_some() && listing(&harness, &operator).await["outage"].is_null() {
            settled = result;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let items: Vec<(String, Option<String>)> = db
        .query("SELECT result, error_msg FROM operation_items WHERE record_id = $1")
        .bind(record)
        .fetch_all()
        .await
        .unwrap();
    let outage = listing(&harness, &operator).await["outage"].clone();
    let result = settled.unwrap_or_else(|| panic!("not settled: items {items:?}, outage {outage}"));
    let frozen = harness
        .emulator()
        .customer(&customer, None)
        .await
        .unwrap()
        .freeze_type
        .is_some();
    assert_eq!(
        result == "succeeded",
        frozen,
        "recorded {result}, BSS frozen: {frozen}"
    );
    let page = text(harness.get("/sales/customers", Some(&operator)).await).await;
    assert!(!page.contains("Huawei Cloud BSS is not answering"));
}
