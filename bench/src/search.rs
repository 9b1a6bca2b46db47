//! Item 2: search + status filter + sort over the 100,000 mirrored customers.
//!
//! Each query is the one the list page runs (`domain::services::customers::list`: the
//! count and the page of 20), timed against the server's own database (its SQLite file,
//! or its PostgreSQL database) while the server runs. Every query combines a search text, a status and a sort; the search texts range
//! from very common (a company-name word in one name of 22) to one exact account name and
//! one matching nothing. The same queries are then fetched as whole pages over HTTP, for
//! what a user waits (rendering, session and the page's other reads included).

use std::collections::HashMap;
use std::time::Instant;

use anyhow::Result;
use domain::customer::CustomerQuery;
use domain::services::customers;
use domain::services::db::Db;

use crate::report::{percentile, Report};
use crate::server::Server;

const STATUSES: [&str; 3] = ["active", "account", "account_and_resource"];
const SORTS: [&str; 4] = ["customer", "account_name", "associated_on", "label"];
/// Rounds over the whole set; the first one also warms SQLite's page cache.
const ROUNDS: usize = 3;

/// Reports under `item` ("2", or "2 PG" for the server on PostgreSQL).
pub async fn measure(server: &Server, cookie: &str, item: &str, report: &mut Report) -> Result<()> {
    let mirror = server.mirror().await?;
    let terms = search_terms(&mirror).await?;
    let queries: Vec<Vec<(&str, String)>> = terms
        .iter()
        .flat_map(|term| {
            STATUSES.iter().flat_map(move |status| {
                SORTS.iter().map(move |sort| {
                    vec![
                        ("q", term.clone()),
                        ("status", (*status).to_owned()),
                        ("sort", (*sort).to_owned()),
                        ("page_size", "20".to_owned()),
                    ]
                })
            })
        })
        .collect();

    let mut samples = Vec::new();
    let mut slowest = (0.0, String::new());
    for _ in 0..ROUNDS {
        for params in &queries {
            let map: HashMap<&str, &str> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let query = CustomerQuery::from_params(|name| map.get(name).copied());
            let started = Instant::now();
            customers::list(&mirror, &query).await?;
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            if ms > slowest.0 {
                slowest = (ms, describe(params));
            }
            samples.push(ms);
        }
    }
    samples.sort_by(f64::total_cmp);
    let p95 = percentile(&samples, 95.0);
    report.check(
        item,
        &format!(
            "Search + status + sort, per query ({} queries × {ROUNDS}): p50 / p95",
            queries.len()
        ),
        format!("{:.2} ms / {p95:.2} ms", percentile(&samples, 50.0)),
        "p95 ≤ 10 ms",
        p95 <= 10.0,
    );
    report.info(
        item,
        "Slowest query",
        format!("{:.2} ms: {}", slowest.0, slowest.1),
    );

    // The same queries as whole pages over HTTP, one after another.
    let client = reqwest::Client::new();
    let mut pages = Vec::new();
    for params in &queries {
        let started = Instant::now();
        let response = client
            .get(server.url(super::page::PAGE.split('?').next().unwrap_or_default()))
            .query(params)
            .header("Cookie", cookie)
            .send()
            .await?;
        let ok = response.status().is_success();
        response.bytes().await?;
        if !ok {
            anyhow::bail!("the page answered an error for {}", describe(params));
        }
        pages.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    pages.sort_by(f64::total_cmp);
    report.info(
        item,
        "Same queries as whole pages over HTTP: p50 / p95",
        format!(
            "{:.2} ms / {:.2} ms",
            percentile(&pages, 50.0),
            percentile(&pages, 95.0)
        ),
    );
    mirror.close().await;
    Ok(())
}

/// Search texts from the data itself, from common to selective.
async fn search_terms(db: &Db) -> Result<Vec<String>> {
    // A mid-list customer, so the terms exist whatever the seed.
    let (account_name, customer_id): (String, String) = db
        .query(
            "SELECT account_name, customer_id FROM customers WHERE reseller_id = '' \
             ORDER BY customer_id LIMIT 1 \
             OFFSET (SELECT COUNT(*) / 2 FROM customers WHERE reseller_id = '')",
        )
        .fetch_one()
        .await?;
    Ok(vec![
        // A company-name word: about one name in 22.
        "northwind".to_owned(),
        // A sector and a suffix word, shared by many.
        "logistics".to_owned(),
        "gmbh".to_owned(),
        // Three letters in many names (Tan, Tanawat, Santos, ...).
        "tan".to_owned(),
        // A Chinese brand, in about one name in 70: two characters have no trigram, so every
        // customer of the scope is tested. With its city, the trigram index serves it.
        "华信".to_owned(),
        "成都华信".to_owned(),
        // A fragment of an id, and one exact account name.
        customer_id[10..16].to_owned(),
        account_name,
        // Nothing matches.
        "no-such-customer".to_owned(),
    ])
}

fn describe(params: &[(&str, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}
