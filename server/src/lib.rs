//! The dashboard's server: configuration, database, BSS connection and HTTP routes.
//! `main.rs` is only the command line around [`serve`].

pub mod bss_connection;
pub mod config;
pub mod create_admin;
pub mod error_status;
pub mod exports;
pub mod form_encoding;
pub mod forwarded;
pub mod language;
pub mod routes;
pub mod security;
pub mod sessions;
pub mod telemetry;

use std::future::Future;
use std::net::SocketAddr;

use app::server_context::ServerContext;
use std::time::Duration;

use axum::serve::ListenerExt;
use axum::Router;
use bss::BssClient;
use domain::operation::ApiMode;
use domain::retention::RetentionSettings;
use domain::services::db::Db;
use domain::services::mail::{MailError, Mailer};
use domain::services::mirror::MirrorSyncer;
use domain::services::operations::InFlight;
use domain::services::{customer_exports, reconcile, retention};
use leptos::prelude::LeptosOptions;
use thiserror::Error;
use tokio::net::TcpListener;

use crate::bss_connection::{BssConnection, ConnectionError};
use crate::config::Config;
use crate::exports::ExportSlots;
use crate::forwarded::TrustedProxies;
use crate::routes::{AppState, HttpPolicy};
use crate::security::AllowedHosts;

#[derive(Debug, Error)]
pub enum StartupError {
    #[error("cannot create the data folder {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Database(#[from] domain::services::db::DbError),
    #[error(transparent)]
    Bss(#[from] ConnectionError),
    #[error(
        "PUBLIC_ORIGIN is not set: against a real BSS, say at which addresses staff open the \
         dashboard (for example PUBLIC_ORIGIN=https://pc.example.com); requests for any other \
         host are refused"
    )]
    NoPublicOrigin,
    #[error("cannot set up sessions: {0}")]
    Sessions(sqlx::Error),
    #[error(transparent)]
    Mail(#[from] MailError),
    #[error("cannot create the demo accounts: {0}")]
    DemoAccounts(#[from] domain::services::staff::StaffError),
    #[error(
        "this database holds demo accounts whose passwords are public ({}), and BSS_ENDPOINT \
         points at a real BSS. Start the real deployment with its own --data-dir (DATA_DIR) and \
         create its admin with `partner-center create-admin`, or disable those accounts on the \
         Staff page first.",
        .0.join(", ")
    )]
    DemoAccountsEnabled(Vec<String>),
    #[error("cannot record the demo's self-managing resellers: {0}")]
    DemoResellers(String),
    #[error("cannot check for demo accounts: {0}")]
    DemoAccountsCheck(sqlx::Error),
    #[error("RETENTION_DAYS and RETENTION_ALERT_DAYS: {0}")]
    Retention(#[from] domain::retention::RetentionSettingsError),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Serve(std::io::Error),
}

/// Everything a running dashboard holds: its routes and its BSS connection (with the
/// embedded emulator in demo mode, which must outlive the routes).
pub struct Dashboard {
    pub router: Router,
    pub bss: BssConnection,
}

/// Opens the database, connects to BSS (starting the emulator in demo mode) and builds
/// the routes, without listening: tests drive the result directly.
pub async fn build(config: &Config) -> Result<Dashboard, StartupError> {
    let policy = http_policy(config)?;
    let retention = RetentionSettings::new(config.retention_days, config.retention_alert_days)?;
    let db = open_database(config).await?;
    if config.bss.endpoint.is_some() {
        refuse_demo_accounts(&db).await?;
    }
    let bss = bss_connection::connect(config, &db).await?;
    if let Some(emulator) = &bss.emulator {
        tracing::info!("demo mode: serving an embedded BSS emulator with seeded customers");
        domain::services::staff::seed_demo_accounts(&db, chrono::Utc::now()).await?;
        let self_managing = emulator
            .emulator()
            .self_managing_resellers()
            .await
            .map_err(|error| StartupError::DemoResellers(error.to_string()))?;
        domain::services::resellers::seed_demo(&db, &self_managing, chrono::Utc::now())
            .await
            .map_err(|error| StartupError::DemoResellers(error.to_string()))?;
    }
    let sessions = sessions::layer(&db, &config.sessions)
        .await
        .map_err(StartupError::Sessions)?;
    let mailer = mailer(config, bss.is_demo())?;
    tracing::info!(delivery = %mailer.describe(), "verification codes");
    let in_flight = InFlight::new(db.clone());
    take_over_in_background(
        db.clone(),
        bss.client.clone(),
        in_flight.clone(),
        Duration::from_secs(config.reconcile_secs),
    );
    let mirror = MirrorSyncer::spawn(
        db.clone(),
        bss.client.clone(),
        Duration::from_secs(config.mirror_sync_secs),
    );
    retention::spawn_sweeper(
        db.clone(),
        bss.client.clone(),
        mailer.clone(),
        retention,
        Duration::from_secs(config.retention_sweep_secs),
    );

    let leptos_options = LeptosOptions::builder()
        .output_name("partner-center")
        .site_root(config.site_root.display().to_string())
        .site_addr(config.listen)
        .build();
    let state = AppState {
        leptos_options,
        context: ServerContext {
            db,
            bss: bss.client.clone(),
            default_labels: config.label_set,
            default_retention: retention,
            api_mode: match bss.client.config().api_version {
                bss::ApiVersion::V2 => ApiMode::V2,
                bss::ApiVersion::V1Legacy => ApiMode::V1Legacy,
            },
            demo: bss.is_demo(),
            mailer,
            mirror,
            in_flight,
        },
        export_slots: ExportSlots::default(),
    };
    Ok(Dashboard {
        router: routes::router(state, sessions, policy),
        bss,
    })
}

/// A data folder used for the demo and then pointed at the real BSS would let anyone sign
/// in with the passwords the demo's sign-in page shows.
async fn refuse_demo_accounts(db: &Db) -> Result<(), StartupError> {
    let enabled = domain::services::staff::enabled_demo_accounts(db)
        .await
        .map_err(StartupError::DemoAccountsCheck)?;
    if enabled.is_empty() {
        Ok(())
    } else {
        Err(StartupError::DemoAccountsEnabled(enabled))
    }
}

/// The hosts the dashboard answers to and the proxies it believes. A real deployment must
/// name its public origins: without them any host name pointed at it would be served.
fn http_policy(config: &Config) -> Result<HttpPolicy, StartupError> {
    let http = &config.http;
    let demo = config.bss.endpoint.is_none();
    if http.public_origins.is_empty() && !demo {
        return Err(StartupError::NoPublicOrigin);
    }
    let port = config.listen.port();
    // Only a page loaded from the machine itself uses these names.
    let loopback = ["127.0.0.1", "localhost", "[::1]"]
        .into_iter()
        .filter(|_| demo)
        .map(|host| format!("{host}:{port}"));
    let hosts = http
        .public_origins
        .iter()
        .map(|origin| origin.host.clone())
        .chain(loopback)
        .collect();
    Ok(HttpPolicy {
        allowed_hosts: AllowedHosts(hosts),
        trusted_proxies: TrustedProxies(http.trusted_proxies.clone()),
        cookie_secure: config.sessions.cookie_secure,
    })
}

/// Every `period`, from start-up on, takes over the records no instance runs: those of a
/// process that died (this one's predecessor, or another instance), and runs that stopped
/// short. BSS being unreachable only postpones a record: it is never left pending for good.
/// Customer exports such a process left queued or running are failed with a sentence
/// instead (their files are quick to ask for again, and only the admin knows if still wanted).
fn take_over_in_background(db: Db, bss: BssClient, in_flight: InFlight, period: Duration) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let grace = reconcile::TAKE_OVER_GRACE;
            match reconcile::take_over(&db, &bss, &in_flight, grace).await {
                Ok(taken) if taken.is_empty() => {}
                Ok(taken) => {
                    let records: Vec<i64> = taken.iter().map(|t| t.record_id).collect();
                    tracing::warn!(?records, "took over operations no instance was running");
                }
                Err(error) => tracing::warn!(%error, "cannot look for operations to take over yet"),
            }
            match customer_exports::fail_abandoned(&db, customer_exports::ABANDONED_GRACE).await {
                Ok(failed) if failed.is_empty() => {}
                Ok(failed) => {
                    tracing::warn!(?failed, "failed customer exports no instance was running")
                }
                Err(error) => {
                    tracing::warn!(%error, "cannot look for abandoned customer exports yet")
                }
            }
        }
    });
}

/// Opens the dashboard's database (creating the data folder and schema when missing).
pub async fn open_database(config: &Config) -> Result<domain::services::db::Db, StartupError> {
    std::fs::create_dir_all(&config.data_dir).map_err(|source| StartupError::DataDir {
        path: config.data_dir.display().to_string(),
        source,
    })?;
    Ok(domain::services::db::connect(&config.database_url()).await?)
}

/// SMTP when configured (in demo mode too), else the Demo Inbox in demo mode.
fn mailer(config: &Config, demo: bool) -> Result<Mailer, StartupError> {
    let mail = &config.mail;
    match (&mail.smtp_url, &mail.smtp_from) {
        (Some(url), Some(from)) => Ok(Mailer::smtp(url, from)?),
        (Some(_), None) => {
            Err(MailError::Config("SMTP_FROM is required with SMTP_URL".to_owned()).into())
        }
        (None, _) if demo => Ok(Mailer::DemoInbox),
        (None, _) => {
            tracing::warn!("SMTP_URL is not set: verification codes cannot be sent");
            Ok(Mailer::Unconfigured)
        }
    }
}

/// Serves the dashboard on the configured address until `shutdown` completes.
pub async fn serve(
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartupError> {
    let dashboard = build(&config).await?;
    let listener =
        TcpListener::bind(config.listen)
            .await
            .map_err(|source| StartupError::Listen {
                addr: config.listen,
                source,
            })?;
    tracing::info!("listening on http://{}", config.listen);
    // Without TCP_NODELAY small responses waited on delayed ACKs (~40 ms per static file at
    // one connection in the benchmark).
    let listener = listener.tap_io(|tcp| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::warn!(%error, "cannot set TCP_NODELAY");
        }
    });
    // The peer address is the client's, or a trusted proxy's (see `forwarded`).
    let app = dashboard
        .router
        .into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(StartupError::Serve)?;
    if let Some(emulator) = dashboard.bss.emulator {
        emulator.shutdown().await;
    }
    Ok(())
}
