//! The audit trail over HTTP: no server function changes or deletes a record, the CSV
//! export needs a session and holds exactly the filtered records, and a customer's timeline
//! page shows BSS's budget records next to the dashboard's.

mod common;

use axum::http::{header, StatusCode};
use bss::model::{Faults, UpdateSubCustomerBudgetRequest};
use common::{server_function_table, start, text, Harness};
use domain::services::db::Db;

/// Every column of every record and item, in a form that any change would alter.
async fn snapshot(db: &Db) -> (String, String) {
    let quote = common::quote_function(db);
    let quoted = |columns: &[&str]| {
        columns
            .iter()
            .map(|column| format!("{quote}({column})"))
            .collect::<Vec<_>>()
            .join(" || ")
    };
    let records = quoted(&[
        "id",
        "created_at",
        "finished_at",
        "staff_id",
        "staff_email",
        "operation",
        "label_set",
        "operation_label",
        "reason",
        "reseller_id",
        "code_verified",
        "api_version",
        "details",
        "retry_of",
    ]);
    let items = quoted(&[
        "record_id",
        "position",
        "customer_id",
        "customer_name",
        "result",
        "error_code",
        "error_msg",
        "request_id",
        "finished_at",
    ]);
    let records: String = db
        .query(format!(
            "SELECT string_agg({records}, ';' ORDER BY id) FROM operation_records"
        ))
        .scalar()
        .await
        .unwrap();
    let items: String = db
        .query(format!(
            "SELECT string_agg({items}, ';' ORDER BY record_id, position) FROM operation_items"
        ))
        .scalar()
        .await
        .unwrap();
    (records, items)
}

/// Freezes one of the partner's own reseller-model customers as the operator; returns the
/// customer id and the record id.
async fn freeze_one(harness: &Harness, db: &Db) -> (String, i64) {
    let customer = common::restrictable_customer(db).await;
    let operator = harness.sign_in("operator@demo.example").await;
    let body = format!(
        "operation=freeze-account&customer_ids={customer}&reason=Arrears%2C+%3Dmonth+3&back=%2F"
    );
    let response = harness
        .call("/api/operations/run", &body, Some(&operator))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let record: i64 = text(response).await.parse().unwrap();
    (customer, record)
}

#[tokio::test]
async fn no_server_function_changes_or_deletes_a_record() {
    let harness = start(&["--demo-customers", "12"]).await;
    harness.wait_until_ready().await;
    let db = harness.db().await;
    let (_, record) = freeze_one(&harness, &db).await;
    let before = snapshot(&db).await;
    assert!(before.1.contains("'succeeded'"), "{before:?}");

    // Staff changes aim at the viewer, so the admin making the calls stays enabled.
    let viewer_id: i64 = db
        .query("SELECT id FROM staff WHERE email = 'viewer@demo.example'")
        .scalar()
        .await
        .unwrap();
    for (path, (body, _)) in server_function_table() {
        let body = body
            .replace("record_id=1", &format!("record_id={record}"))
            .replace("staff_id=1", &format!("staff_id={viewer_id}"));
        let admin = harness.sign_in("admin@demo.example").await;
        let response = harness.call(path, &body, Some(&admin)).await;
        assert_ne!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_ne!(response.status(), StatusCode::FORBIDDEN, "{path}");
        assert_eq!(snapshot(&db).await, before, "{path} changed a record");
    }
}

#[tokio::test]
async fn the_csv_export_needs_a_session_and_holds_the_filtered_records() {
    let harness = start(&["--demo-customers", "12"]).await;
    harness.wait_until_ready().await;
    let db = harness.db().await;
    let (customer, record) = freeze_one(&harness, &db).await;
    let path = format!("/exports/operation-records.csv?customer={customer}");

    let anonymous = harness.get(&path, None).await;
    assert_eq!(anonymous.status(), StatusCode::FOUND);
    assert_eq!(
        anonymous.headers()[header::LOCATION],
        format!("/sign-in?next=/exports/operation-records.csv%3Fcustomer%3D{customer}")
    );

    let viewer = harness.sign_in("viewer@demo.example").await;
    let response = harness.get(&path, Some(&viewer)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    assert!(response.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"operation-records-"));
    let csv = text(response).await;
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[0].starts_with("\u{feff}Record ID,"));
    assert!(lines[1].starts_with(&format!("{record},")), "{csv}");
    // A spreadsheet splitting at the comma would see ` =month 3`: neutralised too.
    assert!(lines[1].contains("\"Arrears,' =month 3\""), "{csv}");

    let nobody = harness
        .get(
            "/exports/operation-records.csv?customer=no-such-customer",
            Some(&viewer),
        )
        .await;
    assert_eq!(text(nobody).await.trim_end().split("\r\n").count(), 1);
}

#[tokio::test]
async fn the_timeline_page_shows_console_budget_changes_marked_by_source() {
    let harness = start(&["--demo-customers", "12"]).await;
    harness.wait_until_ready().await;
    let db = harness.db().await;
    let (customer, record) = freeze_one(&harness, &db).await;
    harness
        .bss()
        .update_sub_customer_budget(&UpdateSubCustomerBudgetRequest {
            customer_id: customer.clone(),
            budget_amount: 4321.0,
            ..UpdateSubCustomerBudgetRequest::default()
        })
        .await
        .unwrap();
    let viewer = harness.sign_in("viewer@demo.example").await;
    let path = format!("/sales/customers/{customer}/timeline");

    let page = text(harness.get(&path, Some(&viewer)).await).await;
    assert!(
        page.contains(&format!(
            r#"data-source="dashboard" data-record-id="{record}""#
        )),
        "{page}"
    );
    assert!(
        page.contains(r#"data-source="bss" data-operation="SETTING""#),
        "{page}"
    );
    assert!(page.contains("4321.00 (Monthly)"), "{page}");
    assert!(page.contains("Huawei BSS"), "{page}");
    assert!(page.contains(bss::emulator::PARTNER_ACCOUNT_NAME), "{page}");
    assert!(!page.contains("timeline-bss-problem"), "{page}");

    // BSS failing: what was stored is still shown, and the page says why it may be old.
    harness
        .emulator()
        .set_faults(Faults {
            fault_rate: 1.0,
            ..Faults::default()
        })
        .unwrap();
    let page = text(harness.get(&path, Some(&viewer)).await).await;
    assert!(page.contains("timeline-bss-problem"), "{page}");
    assert!(page.contains("CBC.0999"), "{page}");
    assert!(
        page.contains(&format!(r#"data-record-id="{record}""#)),
        "{page}"
    );
    assert!(page.contains("4321.00 (Monthly)"), "{page}");
}
