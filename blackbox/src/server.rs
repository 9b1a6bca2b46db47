//! The server under test: the `partner-center` binary cargo built, started in demo mode on
//! a free port and a fresh temporary data folder, and killed when dropped.

use std::net::{Ipv4Addr, TcpListener};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};

/// Few customers: the probes need a handful, and the first sync must be quick.
const DEMO_CUSTOMERS: &str = "40";
const READY_WITHIN: Duration = Duration::from_secs(120);

pub struct Server {
    pub port: u16,
    child: Child,
    // Kept for its Drop: the data folder goes with the server.
    _data_dir: tempfile::TempDir,
}

/// `PARTNER_CENTER_BIN`, or the debug build beside this crate.
fn binary() -> PathBuf {
    std::env::var_os("PARTNER_CENTER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/debug/partner-center")
        })
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

impl Server {
    /// Starts the server and waits until `/readyz` says its first mirror sync is done.
    pub async fn start() -> Result<Self, String> {
        let binary = binary();
        let data_dir = tempfile::tempdir().map_err(|error| error.to_string())?;
        let port = free_port().map_err(|error| error.to_string())?;
        let site_root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/site");
        let child = Command::new(&binary)
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--data-dir")
            .arg(data_dir.path())
            .arg("--site-root")
            .arg(site_root)
            .env("DEMO_CUSTOMERS", DEMO_CUSTOMERS)
            .env("DEMO_EMULATOR_ADDR", "127.0.0.1:0")
            // The probes connect from 127.0.0.1 (a trusted proxy) and from 127.0.0.2 (not).
            .env("TRUSTED_PROXIES", "127.0.0.1")
            .env("RUST_LOG", "error")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|error| format!("cannot start {}: {error}", binary.display()))?;
        let mut server = Server {
            port,
            child,
            _data_dir: data_dir,
        };
        server.wait_until_ready().await?;
        Ok(server)
    }

    async fn wait_until_ready(&mut self) -> Result<(), String> {
        let url = format!("http://127.0.0.1:{}/readyz", self.port);
        let started = Instant::now();
        while started.elapsed() < READY_WITHIN {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("the server exited before it was ready: {status}"));
            }
            if let Ok(response) = reqwest::get(&url).await {
                if response.status().is_success() {
                    return Ok(());
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Err(format!(
            "/readyz did not answer 200 within {READY_WITHIN:?}"
        ))
    }

    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}
