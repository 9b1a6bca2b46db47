//! Item 3: one "Restrict Purchase" (freeze-account) operation on 1,000 customers, started
//! through the `run_operation` server function as the dialog does, against the embedded
//! emulator at its default 10 requests/s. BSS takes 10 ids per call, so 100 calls make
//! the lower bound 10 s; the target is 11 s, with no customer failed for throttling and
//! none lost: every customer has a result in the record and is frozen in the emulator.

use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use sqlx::SqlitePool;

use crate::report::Report;
use crate::server::Server;

/// The error code of BSS's API gateway flow control (HTTP 429).
pub const THROTTLED: &str = "APIGW.0308";

/// Up to `count` active reseller-model customers of the partner itself (one scope, as one
/// operation requires), skipping `skip` of them so later steps get customers of their own.
/// Fewer than `at_least` is an error.
pub async fn eligible_customers(
    db: &SqlitePool,
    skip: usize,
    count: usize,
    at_least: usize,
) -> Result<Vec<String>> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT customer_id FROM customers WHERE reseller_id = '' \
         AND association_type = 'reseller' AND state = 'active' \
         ORDER BY customer_id LIMIT $1 OFFSET $2",
    )
    .bind(i64::try_from(count)?)
    .bind(i64::try_from(skip)?)
    .fetch_all(db)
    .await?;
    if ids.len() < at_least {
        bail!("only {} eligible customers, {at_least} needed", ids.len());
    }
    Ok(ids)
}

pub async fn measure(
    server: &Server,
    cookie: &str,
    size: usize,
    report: &mut Report,
) -> Result<()> {
    let db = server.dashboard_db().await?;
    let mut ids = eligible_customers(&db, 0, size + 1, size + 1).await?;
    let single = ids.split_off(size);
    let client = reqwest::Client::new();

    let started = Instant::now();
    let record_id = start_operation(server, &client, cookie, &ids).await?;
    let accepted = started.elapsed();
    // Fairness: one customer frozen while the batch runs waits behind at most one of the
    // batch's calls, not behind the whole batch.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let asked = Instant::now();
    let single_record = start_operation(server, &client, cookie, &single).await?;
    wait_finished(&db, single_record, Duration::from_secs(600)).await?;
    let single_took = asked.elapsed().as_secs_f64();
    wait_finished(&db, record_id, Duration::from_secs(600)).await?;
    let took = started.elapsed().as_secs_f64();

    let outcome = Outcome::read(&db, record_id).await?;
    let frozen = frozen_in_emulator(server, &ids).await?;
    let bound = (size as f64 / 10.0).ceil() / 10.0;
    report.info(
        "3",
        "run_operation answered (record written, batch continues in the background)",
        format!("{:.0} ms", accepted.as_secs_f64() * 1000.0),
    );
    report.check(
        "3",
        &format!("Batch of {size} customers, request to record finished"),
        format!("{took:.2} s (lower bound {bound:.0} s, one more call for the single freeze)"),
        "≤ 11 s",
        took <= bound * 1.1,
    );
    report.check(
        "3",
        "A single freeze started 2 s into the batch, request to record finished",
        format!("{single_took:.2} s"),
        "≤ 2 s",
        single_took <= 2.0,
    );
    report.check(
        "3",
        "Customers: succeeded / failed (throttled) / pending / frozen in the emulator",
        format!(
            "{} / {} ({}) / {} / {frozen}",
            outcome.succeeded, outcome.failed, outcome.throttled, outcome.pending
        ),
        "all succeeded, 0 throttled, 0 lost",
        outcome.succeeded == size && outcome.throttled == 0 && frozen == size,
    );
    db.close().await;
    Ok(())
}

/// Starts freeze-account on `ids` and returns the record id.
pub async fn start_operation(
    server: &Server,
    client: &reqwest::Client,
    cookie: &str,
    ids: &[String],
) -> Result<i64> {
    let joined = ids.join(",");
    let response = server
        .call(
            client,
            cookie,
            "/api/operations/run",
            &[
                ("operation", "freeze-account"),
                ("customer_ids", &joined),
                ("reason", "Benchmark of issue #7"),
                ("back", "/sales/customers"),
            ],
        )
        .await?;
    let status = response.status();
    let body = response.text().await?;
    if !status.is_success() {
        bail!("run_operation answered {status}: {body}");
    }
    body.trim()
        .parse()
        .with_context(|| format!("run_operation answered `{body}`, not a record id"))
}

pub async fn wait_finished(db: &SqlitePool, record_id: i64, timeout: Duration) -> Result<()> {
    let started = Instant::now();
    loop {
        let finished: Option<String> =
            sqlx::query_scalar("SELECT finished_at FROM operation_records WHERE id = $1")
                .bind(record_id)
                .fetch_one(db)
                .await?;
        if finished.is_some() {
            return Ok(());
        }
        if started.elapsed() > timeout {
            bail!("record {record_id} did not finish within {timeout:?}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// What a record says about its customers.
#[derive(Debug, Default)]
pub struct Outcome {
    pub items: usize,
    pub succeeded: usize,
    pub failed: usize,
    pub throttled: usize,
    pub pending: usize,
}

impl Outcome {
    pub async fn read(db: &SqlitePool, record_id: i64) -> Result<Self> {
        let rows: Vec<(String, Option<String>, i64)> = sqlx::query_as(
            "SELECT result, error_code, COUNT(*) FROM operation_items WHERE record_id = $1 \
             GROUP BY result, error_code",
        )
        .bind(record_id)
        .fetch_all(db)
        .await?;
        let mut outcome = Self::default();
        for (result, code, count) in rows {
            let count = usize::try_from(count)?;
            outcome.items += count;
            match result.as_str() {
                "succeeded" => outcome.succeeded += count,
                "pending" => outcome.pending += count,
                _ => {
                    outcome.failed += count;
                    if code.as_deref() == Some(THROTTLED) {
                        outcome.throttled += count;
                    }
                }
            }
        }
        Ok(outcome)
    }
}

/// How many of `ids` the emulator (BSS) holds frozen at account level.
pub async fn frozen_in_emulator(server: &Server, ids: &[String]) -> Result<usize> {
    let emulator = server.emulator_db().await?;
    let mut frozen = 0;
    for chunk in ids.chunks(500) {
        let placeholders = vec!["?"; chunk.len()].join(",");
        let sql = format!(
            "SELECT COUNT(*) FROM customers WHERE freeze_type = 'ACCOUNT' AND customer_id IN ({placeholders})"
        );
        let mut query = sqlx::query_scalar::<_, i64>(&sql);
        for id in chunk {
            query = query.bind(id);
        }
        frozen += usize::try_from(query.fetch_one(&emulator).await?)?;
    }
    emulator.close().await;
    Ok(frozen)
}
