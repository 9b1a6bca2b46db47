//! `bss-emulator`: the BSS partner API emulator as a standalone server.

use std::net::SocketAddr;
use std::process::ExitCode;

use bss::emulator::{DEMO_ACCESS_KEY, DEMO_DOMAIN_ID, DEMO_SECRET_KEY};
use bss::model::Faults;
use bss::{Emulator, EmulatorConfig, Secret};
use clap::Parser;
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

/// Serves the Huawei Cloud BSS partner API (v2 sub-customer, budget and indirect-partner
/// endpoints, legacy v1.0 frozens/unfrozens) from seeded demo data in SQLite, with AK/SK or
/// token authentication, flow control and fault injection.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Address to listen on.
    #[arg(long, env = "BSS_EMULATOR_ADDR", default_value = "127.0.0.1:9180")]
    addr: SocketAddr,

    /// Access key (AK) clients sign with.
    #[arg(long, env = "BSS_EMULATOR_ACCESS_KEY", default_value = DEMO_ACCESS_KEY)]
    access_key: String,

    /// Secret key (SK) clients sign with. Never logged.
    #[arg(
        long,
        env = "BSS_EMULATOR_SECRET_KEY",
        default_value = DEMO_SECRET_KEY,
        hide_default_value = true,
        hide_env_values = true
    )]
    secret_key: String,

    /// The partner's account id; requests must send it as X-Domain-Id.
    #[arg(long, env = "BSS_EMULATOR_DOMAIN_ID", default_value = DEMO_DOMAIN_ID)]
    domain_id: String,

    /// An accepted X-Auth-Token (repeatable; comma-separated in the environment variable).
    #[arg(
        long = "token",
        env = "BSS_EMULATOR_TOKENS",
        value_delimiter = ',',
        hide_env_values = true
    )]
    tokens: Vec<String>,

    /// How many of the partner's own customers to seed; resellers' customers come extra.
    #[arg(long, env = "BSS_EMULATOR_CUSTOMERS", default_value_t = 120)]
    customers: usize,

    /// Seed of the deterministic demo data and of fault injection.
    #[arg(long, env = "BSS_EMULATOR_SEED", default_value_t = 42)]
    seed: u64,

    /// SQLite database URL, e.g. sqlite://data/bss-emulator.db; in memory when not given. A
    /// database that already has data is not seeded again.
    #[arg(long, env = "BSS_EMULATOR_DATABASE")]
    database: Option<String>,

    /// Requests per second per caller and API before HTTP 429; 0 turns flow control off.
    #[arg(long, env = "BSS_EMULATOR_RATE_LIMIT", default_value_t = 10)]
    rate_limit: u32,

    /// Latency added to every authenticated request, in milliseconds.
    #[arg(long, env = "BSS_EMULATOR_LATENCY_MS", default_value_t = 0)]
    latency_ms: u64,

    /// Share of authenticated requests answered HTTP 500 CBC.0999 (0 to 1).
    #[arg(long, env = "BSS_EMULATOR_FAULT_RATE", default_value_t = 0.0, value_parser = rate)]
    fault_rate: f64,

    /// Share of authenticated requests handled but whose answer is lost: the connection is
    /// dropped (0 to 1).
    #[arg(long, env = "BSS_EMULATOR_DROP_RATE", default_value_t = 0.0, value_parser = rate)]
    drop_rate: f64,
}

fn rate(value: &str) -> Result<f64, String> {
    let rate: f64 = value
        .parse()
        .map_err(|_| format!("{value:?} is not a number"))?;
    if (0.0..=1.0).contains(&rate) {
        Ok(rate)
    } else {
        Err(format!("{rate} is not between 0 and 1"))
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "bss-emulator failed");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let config = EmulatorConfig {
        access_key: args.access_key,
        secret_key: Secret::new(args.secret_key),
        domain_id: args.domain_id,
        tokens: args.tokens.into_iter().map(Secret::new).collect(),
        customers: args.customers,
        seed: args.seed,
        database_url: args.database,
        rate_limit_per_second: args.rate_limit,
        faults: Faults {
            latency_ms: args.latency_ms,
            fault_rate: args.fault_rate,
            drop_rate: args.drop_rate,
            ..Faults::default()
        },
    };
    // The config's Debug redacts the secret key and the tokens.
    tracing::info!(?config, "starting");
    let listener = TcpListener::bind(args.addr).await?;
    let running = Emulator::start(config, listener).await?;
    tokio::signal::ctrl_c().await?;
    tracing::info!("shutting down");
    running.shutdown().await;
    Ok(())
}
