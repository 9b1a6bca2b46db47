//! Item 5, second half: navigation → hydrated, clickable page in Chromium on loopback,
//! through `scripts/bench-hydration.cjs` (Playwright). Cold runs (fresh browser context,
//! empty cache: the WASM is downloaded and compiled) carry the target; warm runs (the same
//! page again in that context) are reported beside them.

use std::process::Command;

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use crate::page::PAGE;
use crate::report::{percentile, Report};
use crate::server::Server;

#[derive(Debug, Deserialize)]
struct Timings {
    cold: Vec<Load>,
    warm: Vec<Load>,
}

#[derive(Debug, Deserialize)]
struct Load {
    hydrated_ms: f64,
    response_end_ms: f64,
}

pub fn measure(server: &Server, cookie: &str, runs: usize, report: &mut Report) -> Result<()> {
    let script = server.root.join("scripts/bench-hydration.cjs");
    let output = Command::new("node")
        .arg(&script)
        .args(["--url", &server.url(PAGE), "--cookie", cookie, "--runs"])
        .arg(runs.to_string())
        .output()
        .context("cannot run node")?;
    if !output.status.success() {
        bail!(
            "the hydration script failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let timings: Timings = serde_json::from_slice(&output.stdout)?;
    let sorted = |loads: &[Load], field: fn(&Load) -> f64| {
        let mut values: Vec<f64> = loads.iter().map(field).collect();
        values.sort_by(f64::total_cmp);
        values
    };
    let cold = sorted(&timings.cold, |load| load.hydrated_ms);
    let warm = sorted(&timings.warm, |load| load.hydrated_ms);
    let html = sorted(&timings.cold, |load| load.response_end_ms);
    let median = percentile(&cold, 50.0);
    report.check(
        "5",
        &format!("Navigation → hydrated page, cold cache (median of {runs}; max)"),
        format!(
            "{median:.0} ms; {:.0} ms",
            cold.last().copied().unwrap_or(f64::NAN)
        ),
        "≤ 150 ms",
        median <= 150.0,
    );
    report.info(
        "5",
        "Of which the HTML received (median) / warm cache hydrated (median)",
        format!(
            "{:.0} ms / {:.0} ms",
            percentile(&html, 50.0),
            percentile(&warm, 50.0)
        ),
    );
    Ok(())
}
