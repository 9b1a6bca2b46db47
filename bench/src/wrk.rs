//! `wrk` (Debian's package, installed by `scripts/bench-tools.sh`): runs it and reads its
//! summary. wrk keeps every connection busy back to back, so requests/s is the server's
//! throughput at that concurrency and the latency percentiles are per request.

use std::process::Command;

use anyhow::{bail, Context, Result};

#[derive(Debug, Clone, Default)]
pub struct WrkResult {
    pub requests: u64,
    pub requests_per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Non-2xx/3xx answers plus connect, read, write errors and timeouts.
    pub errors: u64,
}

pub fn run(url: &str, cookie: &str, connections: u32, seconds: u64) -> Result<WrkResult> {
    let threads = connections.clamp(1, 2);
    let output = Command::new("wrk")
        .args([
            "--latency",
            "-t",
            &threads.to_string(),
            "-c",
            &connections.to_string(),
            "-d",
            &format!("{seconds}s"),
            "--timeout",
            "10s",
            "-H",
            &format!("Cookie: {cookie}"),
            url,
        ])
        .output()
        .context("cannot run wrk: run scripts/bench-tools.sh (or `make bench`)")?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "wrk failed: {}{}",
            text,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    parse(&text).with_context(|| format!("cannot read wrk's output:\n{text}"))
}

fn parse(text: &str) -> Option<WrkResult> {
    let mut result = WrkResult::default();
    for line in text.lines().map(str::trim) {
        let mut words = line.split_whitespace();
        match words.next()? {
            "50%" => result.p50_ms = duration_ms(words.next()?)?,
            "99%" => result.p99_ms = duration_ms(words.next()?)?,
            "Requests/sec:" => result.requests_per_second = words.next()?.parse().ok()?,
            "Non-2xx" => result.errors += line.rsplit(' ').next()?.parse::<u64>().ok()?,
            "Socket" => {
                // "Socket errors: connect 0, read 0, write 0, timeout 0"
                for count in line.split(',') {
                    result.errors += count.rsplit(' ').next()?.parse::<u64>().ok()?;
                }
            }
            number if line.contains(" requests in ") => {
                result.requests = number.parse().ok()?;
            }
            _ => {}
        }
    }
    (result.requests > 0).then_some(result)
}

/// wrk prints durations as `812.00us`, `1.53ms` or `2.01s`.
fn duration_ms(text: &str) -> Option<f64> {
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('m') {
        (n, 60_000.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        return None;
    };
    Some(number.parse::<f64>().ok()? * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_wrk_summary() {
        let text = "Running 2s test @ http://127.0.0.1:3180/x
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.10ms    1.00ms  20.00ms   90.00%
    Req/Sec     3.90k   200.00     4.20k    70.00%
  Latency Distribution
     50%    1.95ms
     75%    2.40ms
     90%    3.00ms
     99%  812.00us
  15600 requests in 2.00s, 1.20GB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   7800.00
Transfer/sec:    600.00MB
";
        let result = parse(text).unwrap();
        assert_eq!(result.requests, 15_600);
        assert_eq!(result.errors, 7);
        assert!((result.p50_ms - 1.95).abs() < 1e-9);
        assert!((result.p99_ms - 0.812).abs() < 1e-9);
        assert!((result.requests_per_second - 7800.0).abs() < 1e-9);
    }
}
