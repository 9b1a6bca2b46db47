//! Load: 64 connections for the load duration on the page (wrk), then on the operation
//! endpoints: zero errors, zero lost records.
//!
//! The operation endpoints need a different body per request (each operation its own
//! customer, so none is refused for being in the wrong state), which wrk and oha do not
//! do without scripting; 64 tasks over 64 keep-alive connections do it here. Each task
//! loops `run_operation` (freeze-account, one customer: answered once done) then
//! `operation_record` for the id it got. Afterwards every record must be finished with its
//! customer succeeded, the number of records written must equal the ids answered, and
//! every customer must be frozen in the emulator. Throughput is bounded by BSS's 10
//! freeze calls/s, so each request waits its turn in the client's rate limiter: latency
//! here is queueing for BSS, not server work.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;
use tokio::sync::Mutex;

use crate::batch::{self, Outcome};
use crate::page::{self, PAGE};
use crate::report::{percentile, Report};
use crate::server::Server;
use crate::wrk;

const CONNECTIONS: usize = 64;
/// Customers each task may freeze: more than it can get through at 10 calls/s.
const CUSTOMERS_PER_TASK: usize = 40;

pub fn page(server: &Server, cookie: &str, seconds: u64, report: &mut Report) -> Result<()> {
    let result = wrk::run(&server.url(PAGE), cookie, CONNECTIONS as u32, seconds)?;
    report.info(
        "load",
        &format!("Page, 64 conn for {seconds} s"),
        format!("{} requests, {}", result.requests, page::summary(&result)),
    );
    report.check(
        "load",
        "Page under load: errors",
        result.errors.to_string(),
        "0",
        result.errors == 0,
    );
    Ok(())
}

#[derive(Default)]
struct Tally {
    /// (record id, customer id) of every operation the server accepted.
    records: Vec<(i64, String)>,
    latencies_ms: Vec<f64>,
    errors: Vec<String>,
    record_reads: usize,
}

pub async fn operations(
    server: &Server,
    cookie: &str,
    seconds: u64,
    skip: usize,
    report: &mut Report,
) -> Result<()> {
    let db = server.dashboard_db().await?;
    let customers =
        batch::eligible_customers(&db, skip, CONNECTIONS * CUSTOMERS_PER_TASK, CONNECTIONS).await?;
    let before: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM operation_records")
        .fetch_one(&db)
        .await?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONNECTIONS)
        .timeout(Duration::from_secs(120))
        .build()?;
    let tally = Arc::new(Mutex::new(Tally::default()));
    let deadline = Instant::now() + Duration::from_secs(seconds);

    let started = Instant::now();
    let mut tasks = Vec::new();
    for own in customers.chunks(customers.len().div_ceil(CONNECTIONS)) {
        let own = own.to_vec();
        let (client, tally, cookie) = (client.clone(), tally.clone(), cookie.to_owned());
        let base = server.base.clone();
        tasks.push(tokio::spawn(async move {
            for customer in own {
                if Instant::now() >= deadline {
                    break;
                }
                let one_started = Instant::now();
                let result = freeze_one(&client, &base, &cookie, &customer).await;
                let ms = one_started.elapsed().as_secs_f64() * 1000.0;
                let mut tally = tally.lock().await;
                match result {
                    Ok(record_id) => {
                        tally.records.push((record_id, customer));
                        tally.latencies_ms.push(ms);
                        tally.record_reads += 1;
                    }
                    Err(error) => tally.errors.push(format!("{error:#}")),
                }
            }
        }));
    }
    for task in tasks {
        task.await?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut tally = Arc::try_unwrap(tally)
        .map_err(|_| anyhow::anyhow!("a load task is still running"))?
        .into_inner();

    // Zero lost: every answered id is a finished record with one result, no record exists
    // that was not answered, and BSS holds every succeeded customer frozen. A customer BSS
    // refused is not lost (the record says why) but counts as an error.
    let mut lost = Vec::new();
    let mut failed = Vec::new();
    for (record_id, customer) in &tally.records {
        batch::wait_finished(&db, *record_id, Duration::from_secs(60)).await?;
        let outcome = Outcome::read(&db, *record_id).await?;
        if outcome.items != 1 || outcome.pending != 0 {
            lost.push(format!("record {record_id} ({customer}): {outcome:?}"));
        } else if outcome.succeeded != 1 {
            failed.push(format!("record {record_id} ({customer}): {outcome:?}"));
        }
    }
    let written: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM operation_records WHERE id > $1")
        .bind(before)
        .fetch_one(&db)
        .await?;
    let ids: Vec<String> = tally.records.iter().map(|(_, c)| c.clone()).collect();
    let frozen = batch::frozen_in_emulator(server, &ids).await?;
    tally.latencies_ms.sort_by(f64::total_cmp);

    let answered = tally.records.len();
    report.info(
        "load",
        &format!("Operation endpoints, 64 conn for {seconds} s"),
        format!(
            "{answered} operations + {} record reads in {elapsed:.1} s ({:.1} ops/s; BSS allows 10 freeze calls/s), \
             run_operation p50 {:.0} ms, p99 {:.0} ms",
            tally.record_reads,
            answered as f64 / elapsed,
            percentile(&tally.latencies_ms, 50.0),
            percentile(&tally.latencies_ms, 99.0),
        ),
    );
    report.check(
        "load",
        "Operations under load: HTTP errors / customers failed / records lost / records written vs answered / frozen in emulator",
        format!(
            "{} / {} / {} / {written} vs {answered} / {frozen}",
            tally.errors.len(),
            failed.len(),
            lost.len()
        ),
        "0 / 0 / 0 / equal / all succeeded",
        tally.errors.is_empty()
            && failed.is_empty()
            && lost.is_empty()
            && written == i64::try_from(answered)?
            && frozen == answered - failed.len(),
    );
    for problem in tally.errors.iter().chain(&failed).chain(&lost).take(5) {
        report.error(problem.clone());
    }
    db.close().await;
    Ok(())
}

/// One operation on one customer, then its record read back as the page does.
async fn freeze_one(
    client: &reqwest::Client,
    base: &str,
    cookie: &str,
    customer: &str,
) -> Result<i64> {
    let post = |endpoint: &str, form: Vec<(&'static str, String)>| {
        client
            .post(format!("{base}{endpoint}"))
            .header("Origin", base)
            .header("Accept", "application/json")
            .header("Cookie", cookie)
            .form(&form)
            .send()
    };
    let response = post(
        "/api/operations/run",
        vec![
            ("operation", "freeze-account".to_owned()),
            ("customer_ids", customer.to_owned()),
            ("reason", "Load test of issue #7".to_owned()),
            ("back", "/sales/customers".to_owned()),
        ],
    )
    .await?;
    let status = response.status();
    let body = response.text().await?;
    if !status.is_success() {
        anyhow::bail!("run_operation answered {status}: {body}");
    }
    let record_id: i64 = body.trim().parse()?;
    let response = post(
        "/api/operations/record",
        vec![("record_id", record_id.to_string())],
    )
    .await?;
    let status = response.status();
    let body = response.text().await?;
    if !status.is_success() {
        anyhow::bail!("operation_record answered {status}: {body}");
    }
    Ok(record_id)
}
