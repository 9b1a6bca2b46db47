//! Several instances on one database: two `partner-center` processes (real binaries, each
//! its own data folder and port) on one scratch database (PostgreSQL when the environment
//! names one, else one SQLite file both open), and one emulator limited, as BSS is, to 10
//! calls a second per API.

mod common;

use std::time::{Duration, Instant};

use bss::{Emulator, EmulatorConfig};
use common::binary::{sign_in, Instance};
use common::eventually;
use domain::services::db::scratch::ScratchDb;
use domain::services::db::Db;
use domain::services::staff::{self, NewStaff};
use domain::staff::Role;

const EMAIL: &str = "admin@instances.example";
const PASSWORD: &str = "a long instances test password";
const BATCH: usize = 500;
const FREEZE_API: &str = "POST /v2/partners/sub-customers/freeze";

/// Starts `operation` on `customers` at `instance`; the record's id.
async fn run(
    http: &reqwest::Client,
    instance: &Instance,
    cookie: &str,
    customers: &[String],
) -> i64 {
    let response = http
        .post(format!("{}/api/operations/run", instance.base))
        .header("origin", &instance.base)
        .header("cookie", cookie)
        .header("accept", "application/json")
        .form(&[
            ("operation", "freeze-account"),
            ("customer_ids", customers.join(",").as_str()),
            ("reason", "Arrears"),
            ("back", "/sales/customers"),
        ])
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body = response.text().await.unwrap();
    assert!(status.is_success(), "{status}: {body}");
    body.trim()
        .parse()
        .unwrap_or_else(|_| panic!("a record id: {body}"))
}

async fn finished(db: &Db, record: i64) -> bool {
    db.query("SELECT finished_at FROM operation_records WHERE id = $1")
        .bind(record)
        .scalar::<Option<String>>()
        .await
        .unwrap()
        .is_some()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_one_bss_budget_and_interleave_their_operations() {
    let emulator = Emulator::start(
        EmulatorConfig {
            customers: 2_500,
            seed: 7,
            rate_limit_per_second: 10,
            ..EmulatorConfig::default()
        },
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
    )
    .await
    .unwrap();
    let database = ScratchDb::create().await.unwrap();
    let db = database.connect().await.unwrap();
    let new = NewStaff {
        email: EMAIL,
        display_name: "Admin",
        role: Role::Admin,
        password: PASSWORD,
    };
    staff::create(&db, new, chrono::Utc::now()).await.unwrap();
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, b) = tokio::join!(
        Instance::start(dir_a.path(), &database, &emulator),
        Instance::start(dir_b.path(), &database, &emulator),
    );
    let syncs: i64 = db
        .query("SELECT COUNT(*) FROM mirror_syncs")
        .scalar()
        .await
        .unwrap();
    assert_eq!(syncs, 1, "both started, one synced the mirror");

    // Signed in on A, the session works on B.
    let http = reqwest::Client::new();
    let cookie = sign_in(&http, &a.base, EMAIL, PASSWORD).await;
    let on_b: serde_json::Value = http
        .post(format!("{}/api/auth/current-staff", b.base))
        .header("origin", &b.base)
        .header("cookie", &cookie)
        .header("accept", "application/json")
        .form(&[("", "")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(on_b["member"]["email"], EMAIL, "{on_b}");

    let customers: Vec<String> = db
        .query(
            "SELECT customer_id FROM customers WHERE association_type = 'reseller' \
             AND state = 'active' AND reseller_id = '' ORDER BY customer_id LIMIT $1",
        )
        .bind(i64::try_from(2 * BATCH + 1).unwrap())
        .scalars()
        .await
        .unwrap();
    assert_eq!(
        customers.len(),
        2 * BATCH + 1,
        "enough restrictable customers"
    );
    let (first, rest) = customers.split_at(BATCH);
    let (second, single) = rest.split_at(BATCH);

    // A batch on each instance at the same moment: 100 calls of 10 customers, 10 s at BSS's
    // rate whoever runs them.
    let started = Instant::now();
    let (on_a, on_b) = tokio::join!(
        run(&http, &a, &cookie, first),
        run(&http, &b, &cookie, second)
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    let asked = Instant::now();
    let alone = run(&http, &b, &cookie, single).await;
    eventually(5, "the single freeze to finish", || async {
        finished(&db, alone).await.then_some(())
    })
    .await;
    let single_took = asked.elapsed();
    eventually(30, "both batches to finish", || async {
        (finished(&db, on_a).await && finished(&db, on_b).await).then_some(())
    })
    .await;
    let batches_took = started.elapsed();

    let unsucceeded: i64 = db
        .query("SELECT COUNT(*) FROM operation_items WHERE result <> 'succeeded'")
        .scalar()
        .await
        .unwrap();
    assert_eq!(unsucceeded, 0, "every customer frozen");
    let calls = emulator.emulator().calls();
    let throttled = calls.iter().filter(|call| call.status == 429).count();
    assert_eq!(throttled, 0, "BSS throttled none of the dashboard's calls");
    let freezes: Vec<i64> = calls
        .iter()
        .filter(|call| call.api == FREEZE_API)
        .map(|call| call.at_micros)
        .collect();
    assert_eq!(freezes.len(), 2 * BATCH / 10 + 1);
    let busiest = freezes
        .windows(11)
        .map(|eleven| eleven[10] - eleven[0])
        .min()
        .unwrap();
    eprintln!(
        "single freeze {single_took:?}, two batches {batches_took:?}, \
         busiest 11 freeze calls {busiest} µs apart, freeze calls from {} to {} µs",
        freezes[0],
        freezes[freezes.len() - 1]
    );
    assert!(
        busiest >= 1_000_000,
        "11 freeze calls arrived within {busiest} µs: more than 10 in one second"
    );
    assert!(
        single_took <= Duration::from_secs(2),
        "the single freeze took {single_took:?} beside two batches"
    );
    assert!(
        batches_took <= Duration::from_secs(11),
        "two batches of {BATCH} took {batches_took:?}"
    );
}
