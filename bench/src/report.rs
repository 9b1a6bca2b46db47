//! The figures: printed as a table, and written as markdown (for the README) and JSON.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use crate::server::Server;
use crate::Args;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Miss,
    /// A figure reported for context, without a target.
    Info,
}

#[derive(Debug, Serialize)]
pub struct Figure {
    /// The item of issue #7 it belongs to (1 to 6, or "load").
    pub item: String,
    pub what: String,
    pub value: String,
    pub target: String,
    pub verdict: Verdict,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub machine: Machine,
    pub settings: Settings,
    pub figures: Vec<Figure>,
    pub errors: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub memory_mb: u64,
    pub kernel: String,
    pub commit: String,
}

#[derive(Debug, Serialize)]
pub struct Settings {
    pub customers: usize,
    pub page_secs: u64,
    pub load_secs: u64,
    pub batch_size: usize,
    pub hydration_runs: usize,
}

impl Report {
    pub fn new(root: &Path, args: &Args) -> Self {
        Self {
            machine: Machine::describe(root),
            settings: Settings {
                customers: args.customers,
                page_secs: args.page_secs,
                load_secs: args.load_secs,
                batch_size: args.batch_size,
                hydration_runs: args.hydration_runs,
            },
            figures: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// A figure with a target: `pass` says whether the value meets it.
    pub fn check(
        &mut self,
        item: &str,
        what: &str,
        value: String,
        target: &str,
        pass: bool,
    ) -> &mut Self {
        self.push(
            item,
            what,
            value,
            target,
            if pass { Verdict::Pass } else { Verdict::Miss },
        )
    }

    pub fn info(&mut self, item: &str, what: &str, value: String) -> &mut Self {
        self.push(item, what, value, "", Verdict::Info)
    }

    fn push(
        &mut self,
        item: &str,
        what: &str,
        value: String,
        target: &str,
        verdict: Verdict,
    ) -> &mut Self {
        println!("    {what}: {value}");
        self.figures.push(Figure {
            item: item.to_owned(),
            what: what.to_owned(),
            value,
            target: target.to_owned(),
            verdict,
        });
        self
    }

    /// The server's peak RSS since the last reset, against the 150 MB target.
    pub fn rss(&mut self, item: &str, what: &str, server: &Server) -> Result<()> {
        let peak = server.peak_rss_kib()?;
        self.check(
            item,
            what,
            format!(
                "{:.1} MB (RSS now {:.1} MB)",
                mib(peak),
                mib(server.rss_kib()?)
            ),
            "≤ 150 MB",
            mib(peak) <= 150.0,
        );
        Ok(())
    }

    pub fn error(&mut self, error: String) {
        eprintln!("error: {error}");
        self.errors.push(error);
    }

    pub fn markdown(&self) -> String {
        let m = &self.machine;
        let mut text = String::new();
        let _ = writeln!(
            text,
            "Machine: {} cores, {}, {} MB RAM, Linux {}; commit {}.\n",
            m.cores, m.cpu, m.memory_mb, m.kernel, m.commit
        );
        text.push_str("| # | measurement | value | target | |\n|---|---|---|---|---|\n");
        for figure in &self.figures {
            let verdict = match figure.verdict {
                Verdict::Pass => "pass",
                Verdict::Miss => "**miss**",
                Verdict::Info => "",
            };
            let _ = writeln!(
                text,
                "| {} | {} | {} | {} | {} |",
                figure.item, figure.what, figure.value, figure.target, verdict
            );
        }
        for error in &self.errors {
            let _ = writeln!(text, "\nError: {error}");
        }
        text
    }

    pub fn print(&self) {
        println!("\n{}", self.markdown());
    }

    pub fn write(&self, out: &Path) -> Result<()> {
        std::fs::write(out.join("report.md"), self.markdown())?;
        std::fs::write(out.join("report.json"), serde_json::to_string_pretty(self)?)?;
        println!(
            "Written to {} and report.json.",
            out.join("report.md").display()
        );
        Ok(())
    }
}

impl Machine {
    fn describe(root: &Path) -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|line| line.strip_prefix("model name")?.split_once(':'))
            .map(|(_, name)| name.trim().to_owned())
            .unwrap_or_else(|| "unknown CPU".to_owned());
        let memory_mb = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|info| {
                info.lines()
                    .find_map(|line| line.strip_prefix("MemTotal:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            })
            .map_or(0, |kib| kib / 1024);
        let command = |program: &str, args: &[&str]| {
            std::process::Command::new(program)
                .args(args)
                .current_dir(root)
                .output()
                .ok()
                .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
                .unwrap_or_default()
        };
        Self {
            cpu,
            cores: std::thread::available_parallelism().map_or(0, usize::from),
            memory_mb,
            kernel: command("uname", &["-r"]),
            commit: command("git", &["rev-parse", "--short", "HEAD"]),
        }
    }
}

pub fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// The `p`-th percentile (0..=100) of sorted samples, nearest rank.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}
