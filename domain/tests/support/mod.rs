//! Real parts for service tests: a SQLite file in a temporary folder and the BSS emulator
//! on a loopback port, reached through the real client.

// Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use bss::{Auth, BssClient, ClientConfig, Emulator, EmulatorConfig, RunningEmulator, Secret};
use domain::services::db::{self, Db};
use tokio::net::TcpListener;

pub struct World {
    pub db: Db,
    pub bss: BssClient,
    /// Serves for as long as the test holds the world.
    pub emulator: RunningEmulator,
    _dir: tempfile::TempDir,
}

/// A fresh database and an emulator seeded with `customers` direct customers. Rate
/// limits are off on both sides so tests run at full speed.
pub async fn world(customers: usize) -> World {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = db::connect(&format!(
        "sqlite://{}",
        dir.path().join("dashboard.db").display()
    ))
    .await
    .expect("a fresh database");
    let config = EmulatorConfig {
        customers,
        seed: 7,
        rate_limit_per_second: 0,
        ..EmulatorConfig::default()
    };
    let auth = Auth::AkSk {
        access_key: config.access_key.clone(),
        secret_key: Secret::new(config.secret_key.expose()),
        domain_id: config.domain_id.clone(),
    };
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let emulator = Emulator::start(config, listener)
        .await
        .expect("the emulator");
    let bss = BssClient::new(ClientConfig {
        rate_limit_per_second: 0,
        ..ClientConfig::new(emulator.endpoint(), auth)
    })
    .expect("a client");
    World {
        db,
        bss,
        emulator,
        _dir: dir,
    }
}

/// A staff member with `role`, stored so records can reference them.
pub async fn staff(db: &Db, role: domain::staff::Role) -> domain::staff::StaffMember {
    let email = format!("{}@tests.example", role.as_str());
    domain::services::staff::create(
        db,
        domain::services::staff::NewStaff {
            email: &email,
            display_name: role.label(),
            role,
            password: "a long test password",
        },
        chrono::Utc::now(),
    )
    .await
    .expect("a staff member")
}
