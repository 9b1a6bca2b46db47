//! The audit trail over HTTP: no server function changes or deletes a record, and the CSV
//! export needs a session and holds exactly the filtered records.

mod common;

use axum::http::{header, StatusCode};
use common::{server_function_table, start, text, Harness};

/// Every column of every record and item, in a form that any change would alter.
async fn snapshot(db: &sqlx::SqlitePool) -> (String, String) {
    let records: String = sqlx::query_scalar(
        "SELECT group_concat(quote(id) || quote(created_at) || quote(finished_at) \
         || quote(staff_id) || quote(staff_email) || quote(operation) || quote(label_set) \
         || quote(operation_label) || quote(reason) || quote(reseller_id) \
         || quote(code_verified) || quote(api_version) || quote(details) || quote(retry_of), ';') \
         FROM (SELECT * FROM operation_records ORDER BY id)",
    )
    .fetch_one(db)
    .await
    .unwrap();
    let items: String = sqlx::query_scalar(
        "SELECT group_concat(quote(record_id) || quote(position) || quote(customer_id) \
         || quote(customer_name) || quote(result) || quote(error_code) || quote(error_msg) \
         || quote(request_id) || quote(finished_at), ';') \
         FROM (SELECT * FROM operation_items ORDER BY record_id, position)",
    )
    .fetch_one(db)
    .await
    .unwrap();
    (records, items)
}

/// Freezes one of the partner's own reseller-model customers as the operator; returns the
/// customer id and the record id.
async fn freeze_one(harness: &Harness, db: &sqlx::SqlitePool) -> (String, i64) {
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
    let viewer_id: i64 =
        sqlx::query_scalar("SELECT id FROM staff WHERE email = 'viewer@demo.example'")
            .fetch_one(&db)
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
