//! Demo data never reaches a real deployment: the real `partner-center` binary, first in
//! demo mode on a data folder, then pointed at a BSS (the emulator standing in for the real
//! one) on the same folder, refuses to start while the demo accounts can sign in.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use bss::{Emulator, EmulatorConfig, RunningEmulator};
use domain::services::db::scratch::ScratchDb;
use domain::services::staff::{self, NewStaff};
use domain::staff::Role;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn server(
    port: u16,
    data_dir: &Path,
    database: &ScratchDb,
    bss: Option<&RunningEmulator>,
) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_partner-center"));
    command
        .arg("--listen")
        .arg(format!("127.0.0.1:{port}"))
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--database-url")
        .arg(database.url())
        .arg("--demo-customers")
        .arg("3")
        .env_remove("BSS_ENDPOINT")
        .env("RUST_LOG", "warn");
    if let Some(emulator) = bss {
        command
            .env("BSS_ENDPOINT", emulator.endpoint().as_str())
            .env("BSS_ACCESS_KEY", bss::emulator::DEMO_ACCESS_KEY)
            .env("BSS_SECRET_KEY", bss::emulator::DEMO_SECRET_KEY)
            .env("BSS_DOMAIN_ID", bss::emulator::DEMO_DOMAIN_ID)
            .env("PUBLIC_ORIGIN", format!("http://127.0.0.1:{port}"));
    }
    command
}

async fn wait_until_ready(port: u16) {
    let http = reqwest::Client::new();
    for _ in 0..300 {
        let ready = http
            .get(format!("http://127.0.0.1:{port}/readyz"))
            .send()
            .await;
        if ready.is_ok_and(|response| response.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the dashboard did not become ready");
}

async fn serve_until_ready(mut command: Command, port: u16) -> Child {
    let child = command
        .stdout(Stdio::null())
        .spawn()
        .expect("the partner-center binary starts");
    wait_until_ready(port).await;
    child
}

fn stop(mut child: Child) {
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Runs `command` to its end and returns what it printed; a server still running after
/// 60 s is stopped and the test fails.
async fn run_to_exit(mut command: Command) -> Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the partner-center binary starts");
    for _ in 0..600 {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop(child);
    panic!("the server started serving instead of refusing");
}

#[tokio::test]
async fn a_real_deployment_refuses_a_data_folder_with_enabled_demo_accounts() {
    let data_dir = tempfile::tempdir().unwrap();
    let database = ScratchDb::create().await.unwrap();
    let port = free_port();
    stop(serve_until_ready(server(port, data_dir.path(), &database, None), port).await);

    let emulator = Emulator::start(
        EmulatorConfig {
            customers: 3,
            seed: 7,
            ..EmulatorConfig::default()
        },
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
    )
    .await
    .unwrap();
    let refused = run_to_exit(server(port, data_dir.path(), &database, Some(&emulator))).await;
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&refused.stdout),
        String::from_utf8_lossy(&refused.stderr)
    );
    assert!(!refused.status.success(), "{said}");
    for expected in [
        "demo accounts whose passwords are public (admin@demo.example, operator@demo.example, viewer@demo.example)",
        "its own --data-dir",
        "disable those accounts",
    ] {
        assert!(said.contains(expected), "{expected}: {said}");
    }

    // With a real admin and the demo accounts disabled, the same folder serves the real BSS.
    let db = database.connect().await.unwrap();
    let now = chrono::Utc::now();
    staff::create(
        &db,
        NewStaff {
            email: "ops@example.com",
            display_name: "Ops",
            role: Role::Admin,
            password: "a long real admin password",
        },
        now,
    )
    .await
    .unwrap();
    for account in staff::list(&db).await.unwrap() {
        if account.member.email.ends_with("@demo.example") {
            staff::set_enabled(&db, account.member.id, false, Default::default(), now)
                .await
                .unwrap();
        }
    }
    db.close().await;
    let port = free_port();
    stop(
        serve_until_ready(
            server(port, data_dir.path(), &database, Some(&emulator)),
            port,
        )
        .await,
    );
}
