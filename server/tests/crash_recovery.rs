//! The crash the audit trail must survive: the server process is killed after BSS made a
//! change and before the record of it was completed. Restarted, the server takes the record
//! over once the dead process's lease lapses and reads the customer's real state back from
//! BSS.
//!
//! Real parts throughout: the `partner-center` binary as a child process (killed with
//! SIGKILL, so nothing of it runs on the way out), the BSS emulator over HTTP, and the
//! dashboard's SQLite file.

mod common;

use bss::model::Faults;
use common::binary::{database_with_admin, emulator, free_port, spawn, wait_until_ready};
use common::eventually;
use domain::services::db::Db;

const EMAIL: &str = "admin@crash.example";
const PASSWORD: &str = "a long crash test password";

async fn item(db: &Db, customer_id: &str) -> Option<(i64, String, Option<String>)> {
    db.query("SELECT record_id, result, error_msg FROM operation_items WHERE customer_id = $1")
        .bind(customer_id)
        .fetch_optional()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_record_interrupted_by_a_killed_server_is_reconciled_at_restart() {
    let emulator = emulator(20, 10).await;
    let data_dir = tempfile::tempdir().unwrap();
    let (database, db) = database_with_admin(EMAIL, PASSWORD).await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();

    let mut server = spawn(port, data_dir.path(), &database, &emulator.endpoint());
    wait_until_ready(&http, &base).await;
    let customer = common::restrictable_customer(&db).await;
    let cookie = common::binary::sign_in(&http, &base, EMAIL, PASSWORD).await;

    // BSS makes the change but holds its answer back, as a slow network would.
    emulator
        .emulator()
        .set_faults(Faults {
            reply_delay_ms: 60_000,
            ..Faults::default()
        })
        .unwrap();
    let operation = tokio::spawn({
        let (http, base, customer) = (http.clone(), base.clone(), customer.clone());
        async move {
            http.post(format!("{base}/api/operations/run"))
                .header("origin", &base)
                .header("cookie", cookie)
                .form(&[
                    ("operation", "freeze-account"),
                    ("customer_ids", customer.as_str()),
                    ("reason", "Arrears"),
                    ("back", "/sales/customers"),
                ])
                .send()
                .await
        }
    });
    eventually(10, "BSS to freeze the customer", || async {
        let real = emulator.emulator().customer(&customer, None).await.ok()?;
        real.freeze_type.map(|_| ())
    })
    .await;
    let (record, result, _) = item(&db, &customer).await.expect("a record");
    assert_eq!(result, "pending", "written before the call, not completed");

    server.kill().unwrap();
    server.wait().unwrap();
    operation
        .await
        .unwrap()
        .expect_err("the server died mid-call");
    emulator.emulator().set_faults(Faults::default()).unwrap();

    let mut restarted = spawn(port, data_dir.path(), &database, &emulator.endpoint());
    wait_until_ready(&http, &base).await;
    let (_, result, note) = eventually(30, "the record to be reconciled", || async {
        item(&db, &customer)
            .await
            .filter(|(_, result, _)| result != "pending")
    })
    .await;
    assert_eq!(result, "applied", "BSS froze the customer before the crash");
    assert!(note.unwrap().contains("BSS shows the change"));
    // The customer's result is written first and the record finished just after it.
    eventually(10, "the record to be complete", || async {
        db.query("SELECT finished_at FROM operation_records WHERE id = $1")
            .bind(record)
            .scalar::<Option<String>>()
            .await
            .unwrap()
    })
    .await;
    let state: String = db
        .query("SELECT state FROM customers WHERE customer_id = $1")
        .bind(&customer)
        .scalar()
        .await
        .unwrap();
    assert_eq!(state, "account", "the list shows the customer restricted");

    restarted.kill().unwrap();
    restarted.wait().unwrap();
}
