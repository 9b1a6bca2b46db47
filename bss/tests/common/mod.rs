//! Shared set-up for the integration tests: an emulator on 127.0.0.1:0, clients for it, and
//! the seed data the emulator was filled with.

// Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

use bss::emulator::seed::{SeedCustomer, SeedData};
use bss::emulator::{seed_data, DEMO_ACCESS_KEY, DEMO_DOMAIN_ID, DEMO_SECRET_KEY};
use bss::model::{AssociationType, BillingMode, FreezeType};
use bss::{
    Auth, BssClient, ClientConfig, Emulator, EmulatorConfig, RetryPolicy, RunningEmulator, Secret,
};
use chrono::Utc;
use std::time::Duration;
use tokio::net::TcpListener;
use url::Url;

pub const SEED: u64 = 7;
pub const CUSTOMERS: usize = 80;
pub const TOKEN: &str = "test-token-0123456789";

/// An emulator with the test seed, a token, and flow control off unless a test turns it on.
pub fn emulator_config() -> EmulatorConfig {
    EmulatorConfig {
        customers: CUSTOMERS,
        seed: SEED,
        tokens: vec![Secret::new(TOKEN)],
        rate_limit_per_second: 0,
        ..EmulatorConfig::default()
    }
}

pub async fn start(config: EmulatorConfig) -> RunningEmulator {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    Emulator::start(config, listener).await.unwrap()
}

pub fn demo_auth() -> Auth {
    Auth::AkSk {
        access_key: DEMO_ACCESS_KEY.to_owned(),
        secret_key: Secret::new(DEMO_SECRET_KEY),
        domain_id: DEMO_DOMAIN_ID.to_owned(),
    }
}

/// A client without rate limiting or retries, so each call is exactly one request.
pub fn plain_config(emulator: &RunningEmulator, auth: Auth) -> ClientConfig {
    plain_config_at(emulator.endpoint(), auth)
}

/// [`plain_config`] for a server other than the emulator.
pub fn plain_config_at(endpoint: Url, auth: Auth) -> ClientConfig {
    ClientConfig {
        rate_limit_per_second: 0,
        retry: RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        },
        timeout: Duration::from_secs(10),
        ..ClientConfig::new(endpoint, auth)
    }
}

pub fn client(emulator: &RunningEmulator) -> BssClient {
    BssClient::new(plain_config(emulator, demo_auth())).unwrap()
}

/// The data the test emulator was seeded with (ids do not depend on the clock).
pub fn seed() -> SeedData {
    seed_data(SEED, CUSTOMERS, Utc::now())
}

pub fn ids<'a>(customers: impl IntoIterator<Item = &'a SeedCustomer>) -> Vec<String> {
    customers
        .into_iter()
        .map(|customer| customer.info.customer_id.clone())
        .collect()
}

/// The partner's own customers matching `predicate`.
pub fn direct<'a>(
    data: &'a SeedData,
    predicate: impl Fn(&SeedCustomer) -> bool + 'a,
) -> impl Iterator<Item = &'a SeedCustomer> + 'a {
    data.customers
        .iter()
        .filter(move |customer| customer.indirect_partner_id.is_none() && predicate(customer))
}

pub fn is_reseller_model(customer: &SeedCustomer) -> bool {
    customer.info.association_type == Some(AssociationType::Reseller)
}

/// Direct reseller-model customers that are not frozen: the ones a freeze succeeds for.
pub fn freezable(data: &SeedData) -> Vec<String> {
    ids(direct(data, |c| {
        is_reseller_model(c) && c.freeze_type.is_none()
    }))
}

pub fn referral(data: &SeedData) -> String {
    ids(direct(data, |c| !is_reseller_model(c)))[0].clone()
}

pub fn frozen_at(data: &SeedData, level: FreezeType) -> String {
    ids(direct(data, |c| c.freeze_type == Some(level)))[0].clone()
}

/// A freezable customer with both pay-per-use and prepaid resources.
pub fn freezable_with_both_billing_modes(data: &SeedData) -> String {
    let has = |customer: &SeedCustomer, mode: BillingMode| {
        data.resources.iter().any(|resource| {
            resource.customer_id == customer.info.customer_id
                && resource.resource.billing_mode == mode
        })
    };
    ids(direct(data, |c| {
        is_reseller_model(c)
            && c.freeze_type.is_none()
            && has(c, BillingMode::OnDemand)
            && has(c, BillingMode::Prepaid)
    }))[0]
        .clone()
}
