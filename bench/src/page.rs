//! Item 1: the signed-in Customer Management page (20 rows out of the 100,000 mirrored
//! customers) against the same server sending a static file of the same size, at 1, 16
//! and 64 connections. The ratio of the two throughputs says what rendering the page costs
//! over what serving those bytes costs anyway (HTTP, middleware, session, TCP).

use anyhow::{bail, Result};

use crate::report::Report;
use crate::server::Server;
use crate::wrk::{self, WrkResult};

pub const PAGE: &str = "/sales/customers?page_size=20";
const STATIC: &str = "/bench-static.html";
const CONNECTIONS: [u32; 3] = [1, 16, 64];
pub const ROWS: usize = 20;

/// Reports under `item` ("1", or "1 PG" for the server on PostgreSQL).
pub async fn measure(
    server: &Server,
    cookie: &str,
    seconds: u64,
    item: &str,
    report: &mut Report,
) -> Result<()> {
    let html = fetch_page(server, cookie).await?;
    // The comparison file is the page itself, so sizes (and compressibility) are equal.
    std::fs::write(server.site_root.join(STATIC.trim_start_matches('/')), &html)?;
    report.info(
        item,
        "Page size (20 rows, HTML as served)",
        format!("{:.1} KB", html.len() as f64 / 1024.0),
    );

    for connections in CONNECTIONS {
        let page = wrk::run(&server.url(PAGE), cookie, connections, seconds)?;
        let file = wrk::run(&server.url(STATIC), cookie, connections, seconds)?;
        let ratio = page.requests_per_second / file.requests_per_second;
        let errors = page.errors + file.errors;
        report.info(
            item,
            &format!("Page at {connections} conn: req/s, p50, p99"),
            summary(&page),
        );
        report.info(
            item,
            &format!("Static file at {connections} conn: req/s, p50, p99"),
            summary(&file),
        );
        report.check(
            item,
            &format!("Page/static throughput ratio at {connections} conn"),
            format!("{ratio:.3}"),
            "≥ 0.35",
            ratio >= 0.35 && errors == 0,
        );
        if connections == 64 {
            report.check(
                item,
                "Page p99 at 64 conn",
                format!("{:.1} ms", page.p99_ms),
                "≤ 20 ms",
                page.p99_ms <= 20.0,
            );
        }
        if errors > 0 {
            report.error(format!(
                "{errors} failed requests at {connections} connections"
            ));
        }
    }
    Ok(())
}

/// The page as wrk will get it, checked to be the signed-in list with 20 rows.
pub async fn fetch_page(server: &Server, cookie: &str) -> Result<String> {
    let response = reqwest::Client::new()
        .get(server.url(PAGE))
        .header("Cookie", cookie)
        .send()
        .await?;
    if !response.status().is_success() {
        bail!("{PAGE} answered {}", response.status());
    }
    let html = response.text().await?;
    let rows = html.matches("<tr data-customer-id=").count();
    if rows != ROWS {
        bail!(
            "{PAGE} shows {rows} rows, not {ROWS}: is the session signed in and the mirror full?"
        );
    }
    Ok(html)
}

pub fn summary(result: &WrkResult) -> String {
    format!(
        "{:.0} req/s, p50 {:.2} ms, p99 {:.2} ms",
        result.requests_per_second, result.p50_ms, result.p99_ms
    )
}
