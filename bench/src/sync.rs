//! Item 4: the first full mirror sync of the 100,000 customers, as the server itself
//! recorded it in `mirror_syncs` (started and finished), against its lower bound: one
//! ListSubCustomers call per 100 customers per scope, at BSS's 10 requests/s.

use anyhow::{Context, Result};
use chrono::DateTime;

use crate::report::Report;
use crate::server::{Server, Startup};

/// ListSubCustomers returns at most this many customers a call.
const PAGE: i64 = 100;
/// BSS's (and the emulator's default) limit per API.
const CALLS_PER_SECOND: f64 = 10.0;

pub async fn report_first_sync(
    server: &Server,
    startup: &Startup,
    report: &mut Report,
) -> Result<()> {
    let db = server.dashboard_db().await?;
    let (started, finished, customers, error): (
        String,
        Option<String>,
        Option<i64>,
        Option<String>,
    ) = sqlx::query_as(
        "SELECT started_at, finished_at, customers, error FROM mirror_syncs ORDER BY id LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .context("no mirror sync recorded")?;
    if let Some(error) = error {
        anyhow::bail!("the first mirror sync failed: {error}");
    }
    let seconds = |text: &str| -> Result<f64> {
        Ok(DateTime::parse_from_rfc3339(text)?.timestamp_millis() as f64 / 1000.0)
    };
    let took =
        seconds(finished.as_deref().context("the sync did not finish")?)? - seconds(&started)?;
    // One call per started page of each scope (the partner's own and each reseller's).
    let calls: i64 = sqlx::query_scalar(
        "SELECT SUM((n + $1 - 1) / $1) FROM (SELECT COUNT(*) AS n FROM customers GROUP BY reseller_id)",
    )
    .bind(PAGE)
    .fetch_one(&db)
    .await?;
    let bound = calls as f64 / CALLS_PER_SECOND;
    report.info(
        "4",
        "Emulator seeding + server start (until /healthz)",
        format!("{:.1} s", startup.listening.as_secs_f64()),
    );
    report.info(
        "4",
        "Server start until /readyz (first sync finished)",
        format!("{:.1} s", startup.ready.as_secs_f64()),
    );
    report.check(
        "4",
        &format!(
            "Full mirror sync of {} customers ({calls} ListSubCustomers calls)",
            customers.unwrap_or_default()
        ),
        format!("{took:.1} s ({:.2} × bound)", took / bound),
        &format!("bound {bound:.1} s; ≤ 1.1 × bound"),
        took <= bound * 1.1,
    );
    db.close().await;
    Ok(())
}
