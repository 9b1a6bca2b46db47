//! How the dashboard reaches BSS: the real endpoint when one is configured, otherwise an
//! embedded emulator on its own loopback port. Both go through the same HTTP client, so
//! the demo exercises signing, errors and retries exactly as production does.

use std::sync::Arc;
use std::time::Duration;

use bss::{
    ApiVersion, Auth, BssClient, ClientConfig, Emulator, EmulatorConfig, RunningEmulator, Secret,
};
use domain::services::call_turns::SharedCallTurns;
use domain::services::db::Db;
use rand::RngCore;
use thiserror::Error;
use tokio::net::TcpListener;
use url::Url;

use crate::config::{ApiVersionArg, Config};

/// The demo partner's account id; fixed so demo data and logs read the same every run.
const DEMO_DOMAIN_ID: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

#[derive(Debug, Error)]
pub enum ConnectionError {
    #[error("BSS_DOMAIN_ID is required with BSS_ENDPOINT")]
    MissingDomainId,
    #[error("BSS_ENDPOINT needs credentials: BSS_ACCESS_KEY and BSS_SECRET_KEY, or BSS_TOKEN")]
    MissingCredentials,
    #[error("BSS_ACCESS_KEY and BSS_SECRET_KEY go together; one of them is missing")]
    HalfAkSk,
    #[error("the embedded BSS emulator could not start: {0}")]
    Emulator(String),
    #[error("invalid BSS client configuration: {0}")]
    Client(#[from] bss::BssError),
}

/// The client, and the emulator serving it in demo mode (stopped when this is dropped
/// or shut down).
pub struct BssConnection {
    pub client: BssClient,
    pub emulator: Option<RunningEmulator>,
}

impl BssConnection {
    pub fn is_demo(&self) -> bool {
        self.emulator.is_some()
    }
}

/// The client takes its turns to call BSS from `db`, shared with every other instance on it.
pub async fn connect(config: &Config, db: &Db) -> Result<BssConnection, ConnectionError> {
    let bss = &config.bss;
    let (endpoint, auth, emulator) = match &bss.endpoint {
        Some(endpoint) => (endpoint.clone(), real_auth(config)?, None),
        None => {
            let (endpoint, auth, emulator) = start_emulator(config).await?;
            (endpoint, auth, Some(emulator))
        }
    };
    let turns = SharedCallTurns::new(db.clone(), bss.rate_limit);
    let client = BssClient::with_pacer(
        ClientConfig {
            rate_limit_per_second: bss.rate_limit,
            timeout: Duration::from_secs(bss.timeout_secs),
            api_version: match bss.api_version {
                ApiVersionArg::V2 => ApiVersion::V2,
                ApiVersionArg::V1 => ApiVersion::V1Legacy,
            },
            ..ClientConfig::new(endpoint, auth)
        },
        Arc::new(turns),
    )?;
    Ok(BssConnection { client, emulator })
}

fn real_auth(config: &Config) -> Result<Auth, ConnectionError> {
    let bss = &config.bss;
    let domain_id = bss
        .domain_id
        .clone()
        .ok_or(ConnectionError::MissingDomainId)?;
    match (&bss.access_key, &bss.secret_key, &bss.token) {
        (Some(access_key), Some(secret_key), _) => Ok(Auth::AkSk {
            access_key: access_key.clone(),
            secret_key: Secret::new(secret_key.clone()),
            domain_id,
        }),
        (Some(_), None, _) | (None, Some(_), _) => Err(ConnectionError::HalfAkSk),
        (None, None, Some(token)) => Ok(Auth::Token {
            token: Secret::new(token.clone()),
            domain_id,
        }),
        (None, None, None) => Err(ConnectionError::MissingCredentials),
    }
}

/// Starts the emulator with fresh random credentials: they never leave this process, so
/// nothing else on the machine can call the demo's BSS as the dashboard.
async fn start_emulator(config: &Config) -> Result<(Url, Auth, RunningEmulator), ConnectionError> {
    let access_key = random_hex(10).to_uppercase();
    let secret_key = random_hex(20);
    let database = config.data_dir.join("bss-emulator.db");
    let emulator_config = EmulatorConfig {
        access_key: access_key.clone(),
        secret_key: Secret::new(secret_key.clone()),
        domain_id: DEMO_DOMAIN_ID.to_owned(),
        customers: config.demo.demo_customers,
        seed: config.demo.demo_seed,
        database_url: Some(format!("sqlite://{}", database.display())),
        ..EmulatorConfig::default()
    };
    let listener = TcpListener::bind(config.demo.demo_emulator_addr)
        .await
        .map_err(|e| ConnectionError::Emulator(e.to_string()))?;
    let emulator = Emulator::start(emulator_config, listener)
        .await
        .map_err(|e| ConnectionError::Emulator(e.to_string()))?;
    let endpoint = Url::parse(&format!("http://{}", emulator.local_addr()))
        .map_err(|e| ConnectionError::Emulator(e.to_string()))?;
    let auth = Auth::AkSk {
        access_key,
        secret_key: Secret::new(secret_key),
        domain_id: DEMO_DOMAIN_ID.to_owned(),
    };
    Ok((endpoint, auth, emulator))
}

fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buffer);
    hex::encode(buffer)
}
