//! The real `partner-center` binary as a child process, in real mode against an emulator
//! over HTTP, on a scratch database: for the tests of what happens across processes (a
//! crash, several instances).

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use bss::model::{CallLog, CallRecord, FreezeChange, FreezeChangeLog};
use bss::{Emulator, EmulatorConfig, RunningEmulator};
use domain::services::db::scratch::ScratchDb;
use domain::services::db::Db;
use domain::services::staff::{self, NewStaff};
use domain::staff::Role;
use url::Url;

/// A running instance; killed (SIGKILL) when dropped.
pub struct Instance {
    pub child: Child,
    pub base: String,
}

impl Instance {
    /// Starts an instance on a free port of 127.0.0.1 and waits until it is ready.
    pub async fn start(data_dir: &Path, database: &ScratchDb, bss: &Url) -> Self {
        Self::start_on(free_port(), data_dir, database, bss, &[]).await
    }

    /// Starts an instance on `port`, with `env` over the defaults, and waits until it is
    /// ready.
    pub async fn start_on(
        port: u16,
        data_dir: &Path,
        database: &ScratchDb,
        bss: &Url,
        env: &[(&str, &str)],
    ) -> Self {
        let instance = Self {
            child: spawn_with(port, data_dir, database, bss, env),
            base: format!("http://127.0.0.1:{port}"),
        };
        wait_until_ready(&reqwest::Client::new(), &instance.base).await;
        instance
    }

    /// Kills the process at once (SIGKILL: nothing of it runs on the way out).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.kill();
    }
}

/// An emulator of `customers` (seed 7) over HTTP on a free loopback port, limited to
/// `rate_limit_per_second` calls a second per API (0: no limit).
pub async fn emulator(customers: usize, rate_limit_per_second: u32) -> RunningEmulator {
    let config = EmulatorConfig {
        customers,
        seed: 7,
        rate_limit_per_second,
        ..EmulatorConfig::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    Emulator::start(config, listener).await.unwrap()
}

/// The `bss-emulator` binary as its own process (seed 7) on a free loopback port, limited to
/// `rate_limit_per_second` calls a second per API; killed when dropped. `make test` builds
/// the binary before the server tests; it is looked for beside `partner-center`.
pub struct StandaloneEmulator {
    child: Child,
    endpoint: Url,
    http: reqwest::Client,
}

impl StandaloneEmulator {
    pub async fn start(customers: usize, rate_limit_per_second: u32) -> Self {
        let binary = Path::new(env!("CARGO_BIN_EXE_partner-center")).with_file_name("bss-emulator");
        assert!(
            binary.exists(),
            "{} is missing: build it with `cargo build -p bss --bin bss-emulator --features emulator`",
            binary.display()
        );
        let port = free_port();
        let child = Command::new(binary)
            .arg("--addr")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--customers")
            .arg(customers.to_string())
            .arg("--seed")
            .arg("7")
            .arg("--rate-limit")
            .arg(rate_limit_per_second.to_string())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .expect("the bss-emulator binary starts");
        let emulator = Self {
            child,
            endpoint: Url::parse(&format!("http://127.0.0.1:{port}/")).unwrap(),
            http: reqwest::Client::new(),
        };
        let faults = emulator.endpoint.join("emulator/v1/faults").unwrap();
        wait_until_answered(&emulator.http, faults.as_str(), "the emulator").await;
        emulator
    }

    pub fn endpoint(&self) -> &Url {
        &self.endpoint
    }

    /// The emulator's call log, oldest first, as its process kept it.
    pub async fn calls(&self) -> Vec<CallRecord> {
        self.read::<CallLog>("emulator/v1/calls").await.calls
    }

    /// Every freeze level change the emulator made, oldest first.
    pub async fn freeze_changes(&self) -> Vec<FreezeChange> {
        self.read::<FreezeChangeLog>("emulator/v1/freeze-changes")
            .await
            .changes
    }

    async fn read<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        self.get(path).await.unwrap().json().await.unwrap()
    }

    async fn get(&self, path: &str) -> reqwest::Result<reqwest::Response> {
        self.http
            .get(self.endpoint.join(path).unwrap())
            .send()
            .await?
            .error_for_status()
    }
}

impl Drop for StandaloneEmulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A scratch database with one admin, `email` with `password`, who may sign in.
pub async fn database_with_admin(email: &str, password: &str) -> (ScratchDb, Db) {
    let database = ScratchDb::create().await.unwrap();
    let db = database.connect().await.unwrap();
    let admin = NewStaff {
        email,
        display_name: "Admin",
        role: Role::Admin,
        password,
    };
    staff::create(&db, admin, chrono::Utc::now()).await.unwrap();
    (database, db)
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The dashboard binary, in real mode against the emulator at `bss`, not yet ready.
pub fn spawn(port: u16, data_dir: &Path, database: &ScratchDb, bss: &Url) -> Child {
    spawn_with(port, data_dir, database, bss, &[])
}

/// [`spawn`], with `env` set after (and so over) the defaults.
pub fn spawn_with(
    port: u16,
    data_dir: &Path,
    database: &ScratchDb,
    bss: &Url,
    env: &[(&str, &str)],
) -> Child {
    Command::new(env!("CARGO_BIN_EXE_partner-center"))
        .arg("--listen")
        .arg(format!("127.0.0.1:{port}"))
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--database-url")
        .arg(database.url())
        .env("BSS_ENDPOINT", bss.as_str())
        .env("PUBLIC_ORIGIN", format!("http://127.0.0.1:{port}"))
        .env("BSS_ACCESS_KEY", bss::emulator::DEMO_ACCESS_KEY)
        .env("BSS_SECRET_KEY", bss::emulator::DEMO_SECRET_KEY)
        .env("BSS_DOMAIN_ID", bss::emulator::DEMO_DOMAIN_ID)
        // Records no instance runs are looked for every second: a take-over waits for the
        // dead instance's lease to lapse, not for the next look.
        .env("RECONCILE_SECS", "1")
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .spawn()
        .expect("the partner-center binary starts")
}

pub async fn wait_until_ready(http: &reqwest::Client, base: &str) {
    let what = format!("the dashboard at {base}");
    wait_until_answered(http, &format!("{base}/readyz"), &what).await;
}

/// Waits up to 30 s for `url` to answer with a success status.
async fn wait_until_answered(http: &reqwest::Client, url: &str, what: &str) {
    for _ in 0..300 {
        let answer = http.get(url).send().await;
        if answer.is_ok_and(|response| response.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} did not become ready at {url}");
}

/// Signs in at `base` and returns the session cookie (`name=value`).
pub async fn sign_in(http: &reqwest::Client, base: &str, email: &str, password: &str) -> String {
    let response = http
        .post(format!("{base}/api/auth/sign-in"))
        .header("origin", base)
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{:?}", response.status());
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}
