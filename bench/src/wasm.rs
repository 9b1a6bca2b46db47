//! Item 5, first half: the size of the release WASM bundle the browser downloads, raw and
//! as `gzip -9` (what a compressing proxy would send), with the JS glue and CSS for context.

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::report::Report;

/// A debug bundle is several MB; a release one far less. Above this the build is not release.
const NOT_RELEASE_BYTES: u64 = 5 * 1024 * 1024;

pub fn measure(root: &Path, report: &mut Report) -> Result<()> {
    let pkg = root.join("target/site/pkg");
    let wasm = pkg.join("partner-center.wasm");
    let raw = std::fs::metadata(&wasm)
        .with_context(|| {
            format!(
                "{} is missing: build with `cargo leptos build --release`",
                wasm.display()
            )
        })?
        .len();
    if raw > NOT_RELEASE_BYTES {
        bail!(
            "{} is {} bytes: a debug build; run `cargo leptos build --release`",
            wasm.display(),
            raw
        );
    }
    let gzipped = gzip_size(&wasm)?;
    report.info("5", "WASM raw (release)", kb(raw));
    report.check(
        "5",
        "WASM gzip -9",
        kb(gzipped),
        "≤ 150 KB",
        gzipped <= 150 * 1024,
    );
    for file in ["partner-center.js", "partner-center.css"] {
        let path = pkg.join(file);
        if path.exists() {
            report.info(
                "5",
                &format!("{file} raw / gzip -9"),
                format!(
                    "{} / {}",
                    kb(std::fs::metadata(&path)?.len()),
                    kb(gzip_size(&path)?)
                ),
            );
        }
    }
    Ok(())
}

fn gzip_size(path: &Path) -> Result<u64> {
    let output = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .stderr(Stdio::inherit())
        .output()
        .context("cannot run gzip")?;
    if !output.status.success() {
        bail!("gzip failed on {}", path.display());
    }
    Ok(output.stdout.len() as u64)
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}
