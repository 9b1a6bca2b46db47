//! `bench`: the benchmark of issue #7, in one run, against the real parts: the release
//! `partner-center` binary in demo mode (its embedded BSS emulator over HTTP at the default
//! 10 requests/s), `wrk` as the load generator, and Debian's Chromium through Playwright.
//!
//! The run, in order (each step is a module):
//!
//! 1. [`wasm`]: release WASM size, raw and gzip -9 (needs no server).
//! 2. [`server`]: a fresh data folder, the server seeding 100,000 customers into its
//!    emulator and mirroring them ([`sync`] reads how long the first full sync took).
//! 3. [`page`]: the signed-in list page against a static file of the same size, at 1, 16
//!    and 64 connections, with the server's peak RSS over that step.
//! 4. [`search`]: search + status filter + sort over the mirror, per query.
//! 5. [`batch`]: one operation on 1,000 customers, with peak RSS over that step.
//! 6. [`hydration`]: navigation to hydrated page in Chromium.
//! 7. [`load`]: 64 connections for the load duration on the page and on the operation
//!    endpoints; zero errors, zero lost records.
//!
//! 8. With `--postgres`: a second server on a PostgreSQL database, for 1 and 2 again
//!    ("1 PG", "2 PG").
//!
//! Figures go to stdout as a table and to `target/bench/report.{md,json}`.

mod batch;
mod hydration;
mod load;
mod page;
mod report;
mod search;
mod server;
mod sync;
mod wasm;
mod wrk;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Parser;
use domain::services::db::scratch::{ScratchDb, POSTGRES_URL_VARIABLE};

use report::Report;
use server::{Server, ServerOptions};

#[derive(Debug, Parser)]
#[command(about = "Measures the figures of issue #7 against the release server.")]
pub struct Args {
    /// Repository root (where `target/` and `scripts/` are).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,

    /// The partner's own customers the emulator seeds (resellers' customers come extra).
    #[arg(long, default_value_t = 100_000)]
    pub customers: usize,

    /// Seconds of each wrk run of the page/static comparison.
    #[arg(long, default_value_t = 10)]
    pub page_secs: u64,

    /// Seconds of each 64-connection load test.
    #[arg(long, default_value_t = 60)]
    pub load_secs: u64,

    /// Customers in the batch operation.
    #[arg(long, default_value_t = 1_000)]
    pub batch_size: usize,

    /// Chromium page loads to time (each in a fresh browser context: cold cache).
    #[arg(long, default_value_t = 7)]
    pub hydration_runs: usize,

    /// Port of the dashboard; the embedded emulator listens on the next one.
    #[arg(long, default_value_t = 3180)]
    pub port: u16,

    /// Where the data folder, logs and reports go, under the root.
    #[arg(long, default_value = "target/bench")]
    pub out: PathBuf,

    /// Then run the page and search figures again with the server on PostgreSQL, in a new
    /// database on the server `TEST_POSTGRES_URL` names (`make bench` starts a throw-away
    /// one with `scripts/with-postgres.sh`).
    #[arg(long)]
    pub postgres: bool,
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let root = args
        .root
        .canonicalize()
        .context("the repository root does not exist")?;
    let out = root.join(&args.out);
    std::fs::create_dir_all(&out)?;
    let mut report = Report::new(&root, &args);

    println!("==> release WASM size");
    wasm::measure(&root, &mut report)?;

    println!(
        "==> starting the release server with {} customers (seeding, then the first full sync)",
        args.customers
    );
    let server = Server::start(ServerOptions {
        root: &root,
        out: &out,
        port: args.port,
        customers: args.customers,
        database_url: None,
    })?;
    let mut result = run_with_server(&args, &server, &mut report).await;
    let lifetime_peak = server.peak_rss_kib().ok();
    server.stop();
    if let Some(kib) = lifetime_peak {
        report.info(
            "6",
            "Server peak RSS over the whole run (includes seeding 100k customers)",
            format!("{:.1} MB", report::mib(kib)),
        );
    }
    if result.is_ok() && args.postgres {
        result = run_on_postgres(&args, &root, &out, &mut report).await;
    }
    if let Err(error) = &result {
        report.error(format!("the run stopped early: {error:#}"));
    }
    report.print();
    report.write(&out)?;
    result
}

async fn run_with_server(args: &Args, server: &Server, report: &mut Report) -> Result<()> {
    let startup = server
        .wait_ready(Duration::from_secs(1800))
        .await
        .context("the server did not become ready")?;
    sync::report_first_sync(server, &startup, report).await?;

    let operator = server
        .sign_in("operator@demo.example", "demo-operator-password")
        .await?;

    println!("==> page vs static file at 1, 16 and 64 connections");
    server.reset_peak_rss()?;
    page::measure(server, &operator, args.page_secs, "1", report).await?;
    report.rss("6", "Server peak RSS during the page runs (1)", server)?;

    println!("==> search + status filter + sort");
    search::measure(server, &operator, "2", report).await?;

    println!("==> batch operation on {} customers", args.batch_size);
    server.reset_peak_rss()?;
    batch::measure(server, &operator, args.batch_size, report).await?;
    report.rss("6", "Server peak RSS during the batch (3)", server)?;

    println!("==> hydration in Chromium");
    hydration::measure(server, &operator, args.hydration_runs, report)?;

    println!(
        "==> load: 64 connections for {} s on the page, then on the operation endpoints",
        args.load_secs
    );
    load::page(server, &operator, args.load_secs, report)?;
    load::operations(server, &operator, args.load_secs, args.batch_size, report).await?;
    Ok(())
}

/// Items 1 and 2 (and the memory of 1) with the dashboard on PostgreSQL: a fresh demo
/// server, its mirror synced into a new database.
async fn run_on_postgres(args: &Args, root: &Path, out: &Path, report: &mut Report) -> Result<()> {
    if std::env::var_os(POSTGRES_URL_VARIABLE).is_none() {
        anyhow::bail!("--postgres needs {POSTGRES_URL_VARIABLE} (see scripts/with-postgres.sh)");
    }
    let database = ScratchDb::create().await?;
    println!("==> the page and search figures on PostgreSQL: starting the server again");
    let server = Server::start(ServerOptions {
        root,
        out,
        port: args.port,
        customers: args.customers,
        database_url: Some(database.url()),
    })?;
    let result = async {
        server
            .wait_ready(Duration::from_secs(1800))
            .await
            .context("the server on PostgreSQL did not become ready")?;
        let operator = server
            .sign_in("operator@demo.example", "demo-operator-password")
            .await?;
        server.reset_peak_rss()?;
        page::measure(&server, &operator, args.page_secs, "1 PG", report).await?;
        report.rss(
            "6 PG",
            "Server peak RSS during the page runs (1 PG)",
            &server,
        )?;
        search::measure(&server, &operator, "2 PG", report).await
    }
    .await;
    server.stop();
    result
}
