//! The server under test: the release `partner-center` binary in demo mode, started as
//! a child process on a fresh data folder (and, for the PostgreSQL figures, a fresh
//! database), and what the other steps need from it (its address, a signed-in session, its
//! memory, its databases).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::str::FromStr;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use domain::services::db::Db;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

pub struct ServerOptions<'a> {
    pub root: &'a Path,
    pub out: &'a Path,
    pub port: u16,
    pub customers: usize,
    /// The dashboard's PostgreSQL database; `None`: its SQLite file in the data folder.
    pub database_url: Option<&'a str>,
}

pub struct Server {
    child: Child,
    /// The repository root (for `scripts/`).
    pub root: PathBuf,
    pub base: String,
    pub data_dir: PathBuf,
    /// A copy of `target/site`, so the static comparison file never lands in the build output.
    pub site_root: PathBuf,
    database_url: Option<String>,
    http: reqwest::Client,
    started: Instant,
}

/// How long start-up took, from spawning the process.
pub struct Startup {
    /// Until `/healthz` answered: mostly the emulator generating and inserting its seed.
    pub listening: Duration,
    /// Until `/readyz` said the first mirror sync finished.
    pub ready: Duration,
}

impl Server {
    pub fn start(options: ServerOptions<'_>) -> Result<Self> {
        let binary = options.root.join("target/release/partner-center");
        if !binary.exists() {
            bail!(
                "{} is missing: run `cargo leptos build --release` (or `make bench`)",
                binary.display()
            );
        }
        let data_dir = options.out.join("data");
        let site_root = options.out.join("site");
        // A fresh data folder: the emulator seeds only an empty database, and the sync
        // measured must be a full one into an empty mirror.
        for dir in [&data_dir, &site_root] {
            if dir.exists() {
                fs::remove_dir_all(dir)?;
            }
        }
        fs::create_dir_all(&data_dir)?;
        copy_dir(&options.root.join("target/site"), &site_root)?;

        let log = fs::File::create(options.out.join("server.log"))?;
        let mut command = Command::new(&binary);
        match options.database_url {
            Some(url) => command.env("DATABASE_URL", url),
            None => command.env_remove("DATABASE_URL"),
        };
        let child = command
            .arg("--data-dir")
            .arg(&data_dir)
            .arg("--listen")
            .arg(format!("127.0.0.1:{}", options.port))
            .arg("--site-root")
            .arg(&site_root)
            // Not the repository root: a developer's `.env` there could point at a real BSS.
            .current_dir(options.out)
            .env_remove("BSS_ENDPOINT")
            .env("DEMO_CUSTOMERS", options.customers.to_string())
            .env("DEMO_SEED", "7")
            .env(
                "DEMO_EMULATOR_ADDR",
                format!("127.0.0.1:{}", options.port + 1),
            )
            // One full sync at start only: a periodic one would run under the page figures.
            .env("MIRROR_SYNC_SECS", "86400")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        Ok(Self {
            child,
            root: options.root.to_path_buf(),
            base: format!("http://127.0.0.1:{}", options.port),
            data_dir,
            site_root,
            database_url: options.database_url.map(str::to_owned),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()?,
            started: Instant::now(),
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Waits for `/healthz`, then for `/readyz` (first mirror sync done).
    pub async fn wait_ready(&self, timeout: Duration) -> Result<Startup> {
        let listening = self.wait_for("/healthz", timeout).await?;
        println!(
            "    listening after {:.1} s; syncing the mirror",
            listening.as_secs_f64()
        );
        let ready = self.wait_for("/readyz", timeout).await?;
        println!("    ready after {:.1} s", ready.as_secs_f64());
        Ok(Startup { listening, ready })
    }

    async fn wait_for(&self, path: &str, timeout: Duration) -> Result<Duration> {
        loop {
            if let Ok(response) = self.http.get(self.url(path)).send().await {
                if response.status().is_success() {
                    return Ok(self.started.elapsed());
                }
            }
            if self.started.elapsed() > timeout {
                bail!("{path} did not answer 200 within {timeout:?}; see server.log");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Signs in through the sign-in server function, as the browser does, and returns the
    /// session cookie (`name=value`) to replay.
    pub async fn sign_in(&self, email: &str, password: &str) -> Result<String> {
        let response = self
            .http
            .post(self.url("/api/auth/sign-in"))
            .header("Origin", &self.base)
            .header("Accept", "application/json")
            .form(&[("email", email), ("password", password)])
            .send()
            .await?;
        let status = response.status();
        let cookie = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find(|value| value.starts_with("partner_center_session="))
            .and_then(|value| value.split(';').next())
            .map(str::to_owned);
        match cookie {
            Some(cookie) if status.is_success() => Ok(cookie),
            _ => bail!("signing in as {email} failed with {status}"),
        }
    }

    /// A server function call as the WASM client makes it: a same-origin form POST.
    pub async fn call(
        &self,
        client: &reqwest::Client,
        cookie: &str,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> Result<reqwest::Response> {
        Ok(client
            .post(self.url(endpoint))
            .header("Origin", &self.base)
            .header("Accept", "application/json")
            .header("Cookie", cookie)
            .form(form)
            .send()
            .await?)
    }

    /// VmHWM: the largest resident set since start or since [`Self::reset_peak_rss`].
    pub fn peak_rss_kib(&self) -> Result<u64> {
        status_field(self.pid(), "VmHWM")
    }

    pub fn rss_kib(&self) -> Result<u64> {
        status_field(self.pid(), "VmRSS")
    }

    /// Writing 5 to `clear_refs` resets VmHWM to the current RSS (Linux ≥ 4.0), so a peak
    /// can be taken over one step instead of the whole life of the process.
    pub fn reset_peak_rss(&self) -> Result<()> {
        fs::write(format!("/proc/{}/clear_refs", self.pid()), "5")
            .context("cannot reset the server's peak RSS")
    }

    /// The dashboard's database as its services read it: SQLite (read-only) or PostgreSQL.
    pub async fn mirror(&self) -> Result<Db> {
        Ok(match &self.database_url {
            Some(url) => Db::Postgres(PgPoolOptions::new().max_connections(2).connect(url).await?),
            None => Db::Sqlite(self.dashboard_db().await?),
        })
    }

    /// The dashboard's SQLite file (the mirror, operation records), read-only.
    pub async fn dashboard_db(&self) -> Result<SqlitePool> {
        open_read_only(&self.data_dir.join("partner-center.db")).await
    }

    /// The embedded emulator's database: what BSS holds, to check nothing was lost.
    pub async fn emulator_db(&self) -> Result<SqlitePool> {
        open_read_only(&self.data_dir.join("bss-emulator.db")).await
    }

    pub fn stop(mut self) {
        // SIGTERM lets the server shut down gracefully; kill it if it does not.
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.pid().to_string())
            .status();
        for _ in 0..100 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn open_read_only(path: &Path) -> Result<SqlitePool> {
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .read_only(true)
        .busy_timeout(Duration::from_secs(5));
    Ok(SqlitePoolOptions::new()
        .max_connections(2)
        .connect_with(options)
        .await?)
}

fn status_field(pid: u32, field: &str) -> Result<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .with_context(|| format!("no {field} in /proc/{pid}/status"))
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
