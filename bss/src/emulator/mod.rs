//! A BSS partner API emulator: axum in front of SQLite, speaking the real wire format.
//!
//! It serves every endpoint of the partner API the product uses behind an API-gateway layer:
//! ListSubCustomers, Freeze/UnfreezeSubCustomers, the budget endpoints (Update, Show and
//! ListSubCustomerBudget, ListSubCustomerBudgetRecords), ListIndirectPartners,
//! ListCustomerOnDemandResources (pay-per-use resources), ListPayPerUseCustomerResources
//! (yearly/monthly resources, at Huawei's `/v2/orders/suscriptions/resources/query`) and the
//! legacy v1.0 `frozens`/`unfrozens`.
//!
//! - **Authentication**: an `SDK-HMAC-SHA256` signature over the headers the client chose, or a
//!   configured token in `X-Auth-Token`. A bad signature, unknown key or token, a date more than
//!   15 minutes off, or an `X-Domain-Id` other than the configured one answers 401
//!   `{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: ...",
//!   "request_id":"..."}`.
//! - **Flow control** per caller and API (default 10/s, `0` = off): 429 `APIGW.0308`.
//! - **`X-Request-Id`** (32 hex characters) on every answer.
//! - **Validation** of every field and limit: 400 `CBC.0100` naming the field; an unknown
//!   `indirect_partner_id` is 400 `CBC.99000037`.
//! - **State rules** per customer (see the `freeze` module), partial failures as HTTP 200 with
//!   `error_details`, full success as `{}`. Single-customer calls (budgets, extensions) answer
//!   an unknown customer with 400 `CBC.5002` and a referral customer's budget with 400
//!   `CBC.5024`, as do its resources. A successful budget update is 204 with no body and
//!   appends a `SETTING` budget record (operator and partner [`PARTNER_ACCOUNT_NAME`],
//!   [`PARTNER_CORP_NAME`]); records list newest first.
//! - **Resellers that restrict their own customers**: one seeded reseller (the last by
//!   account name) holds the permission (granted by its distributor in Partner Center); freeze and unfreeze refuse
//!   each of its customers with `CBC.0150` and a message saying so, UpdateSubCustomerBudget
//!   answers 400 `CBC.0150` (the real code is not published).
//! - **Freeze levels**: `ACCOUNT_AND_RESOURCE` stops the customer's pay-per-use resources and
//!   gives them a release time 15 days out; prepaid resources keep running. Unfreezing restarts
//!   the pay-per-use resources not yet released. ListCustomerOnDemandResources shows a stopped
//!   resource as status `3` (frozen), a running one as `1`; released ones are gone. Prepaid
//!   resources are `2` (in use) until their expire time, `5` (expired) after it.
//!
//! Extensions, not in the real BSS (same authentication unless noted):
//!
//! - `GET /emulator/v1/customers/{customer_id}[?indirect_partner_id=]` →
//!   [`EmulatedCustomer`](crate::model::EmulatedCustomer): the current `freeze_type`
//!   (`null`, `"ACCOUNT"`, `"ACCOUNT_AND_RESOURCE"`), which ListSubCustomers' `is_frozen` cannot
//!   tell.
//! - `GET /emulator/v1/customers/{customer_id}/resources[?indirect_partner_id=]` →
//!   [`ResourceList`](crate::model::ResourceList).
//! - `GET` / `PUT /emulator/v1/faults` with [`Faults`] JSON
//!   `{"latency_ms":0,"reply_delay_ms":0,"fault_rate":0.0,"drop_rate":0.0,"fail_customer_ids":[]}`:
//!   unauthenticated but served to loopback clients only (403 `CBC.0151` otherwise). Faults
//!   apply after authentication, around the handler.
//! - `GET /emulator/v1/calls` → [`CallLog`](crate::model::CallLog) and
//!   `GET /emulator/v1/freeze-changes` → [`FreezeChangeLog`](crate::model::FreezeChangeLog):
//!   what [`Emulator::calls`] and [`Emulator::freeze_changes`] give in process, for a test
//!   that runs the emulator as its own process; loopback clients only, as the faults.
//!
//! In-process test hooks (no route, so nothing changes on the wire):
//! [`Emulator::associate_customer`] and [`Emulator::end_association`] change the customer
//! list as a new association or a lost one would while a client pages through it, and
//! [`Emulator::hold_listing_with`] holds the answer to a page that has been read until the
//! test lets it go.
//!
//! Demo data comes from [`seed::generate`] and is inserted only into an empty database, so a
//! file-backed emulator keeps its state across restarts. The schema is applied by embedded
//! migrations (`bss/emulator-migrations/`), which lets such a file follow schema changes.

mod budget;
mod catalogue;
mod customers;
mod error;
mod faults;
mod freeze;
mod gateway;
mod hold;
mod inspect;
mod partners;
mod resources;
pub mod seed;
mod server;
mod store;
mod validate;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, SubsecRound, Utc};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

pub use error::{ApiError, EmulatorError};
pub use hold::ListingHold;
pub use seed::{generate as seed_data, SeedData};

use crate::model::{CallRecord, EmulatedCustomer, Faults, FreezeChange};
use crate::Secret;
use faults::FaultInjector;
use gateway::Gateway;
use hold::Holds;
use store::{CustomerRow, Store};

/// Demo credentials, used when none are configured.
pub const DEMO_ACCESS_KEY: &str = "EMULATORDEMOAK000000";
pub const DEMO_SECRET_KEY: &str = "emulator-demo-secret-key-0000000000000000";
pub const DEMO_DOMAIN_ID: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

/// The partner the emulator plays, as its budget records name it (operator and partner).
pub const PARTNER_ACCOUNT_NAME: &str = "emulator_partner";
pub const PARTNER_CORP_NAME: &str = "Emulator Partner Pte. Ltd.";

/// BSS's time format in bodies: UTC `YYYY-MM-DDThh:mm:ssZ`.
pub(crate) fn wire_time(time: DateTime<Utc>) -> String {
    time.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    pub access_key: String,
    pub secret_key: Secret,
    /// The partner's account id: requests must carry it as `X-Domain-Id`.
    pub domain_id: String,
    /// Accepted `X-Auth-Token` values.
    pub tokens: Vec<Secret>,
    /// How many of the partner's own customers to seed (resellers' customers come extra).
    pub customers: usize,
    pub seed: u64,
    /// A SQLite URL such as `sqlite://data/bss.db`; `None` keeps the state in memory.
    pub database_url: Option<String>,
    /// Flow control per caller and API; `0` turns it off.
    pub rate_limit_per_second: u32,
    /// Faults from the start; changeable at run time.
    pub faults: Faults,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            access_key: DEMO_ACCESS_KEY.to_owned(),
            secret_key: Secret::new(DEMO_SECRET_KEY),
            domain_id: DEMO_DOMAIN_ID.to_owned(),
            tokens: Vec::new(),
            customers: 120,
            seed: 42,
            database_url: None,
            rate_limit_per_second: 10,
            faults: Faults::default(),
        }
    }
}

/// What every handler shares.
pub(crate) struct Shared {
    store: Store,
    gateway: Gateway,
    faults: FaultInjector,
    holds: Holds,
}

pub(crate) type EmulatorState = Arc<Shared>;

impl Shared {
    /// Refuses an `indirect_partner_id` that is not one of the partner's resellers.
    async fn check_reseller(&self, indirect_partner_id: Option<&str>) -> Result<(), ApiError> {
        match indirect_partner_id {
            Some(id) if !self.store.indirect_partner_exists(id).await? => {
                Err(ApiError::unknown_reseller(id))
            }
            _ => Ok(()),
        }
    }

    /// Refuses a restriction or budget call for the customers of a reseller that holds the
    /// permission to restrict them itself.
    async fn check_distributor_may_restrict(&self, scope: Option<&str>) -> Result<(), ApiError> {
        match scope {
            Some(id) if self.store.manages_restrictions(id).await? => {
                Err(ApiError::reseller_manages_restrictions(id))
            }
            _ => Ok(()),
        }
    }

    /// The customer as addressed: the partner's own (`scope` None) or reseller `scope`'s.
    async fn customer_in_scope(
        &self,
        scope: Option<&str>,
        customer_id: &str,
    ) -> Result<CustomerRow, ApiError> {
        self.check_reseller(scope).await?;
        self.store
            .find_customer(scope, customer_id)
            .await?
            .ok_or_else(|| ApiError::unknown_customer(customer_id))
    }
}

/// A ready emulator: database opened and seeded. Serve it with [`Emulator::serve`], or embed
/// [`Emulator::router`] in another axum app (there, dropped-connection faults answer 500 and
/// the fault endpoints refuse every caller, as the peer address is unknown).
#[derive(Clone)]
pub struct Emulator {
    state: EmulatorState,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator").finish_non_exhaustive()
    }
}

impl Emulator {
    /// Opens the database, applies the schema and seeds it if it is empty.
    pub async fn new(config: EmulatorConfig) -> Result<Self, EmulatorError> {
        if config.access_key.is_empty() || config.domain_id.is_empty() {
            return Err(EmulatorError::InvalidConfig(
                "the access key and the domain id must not be empty".into(),
            ));
        }
        let faults = FaultInjector::new(config.faults, config.seed)
            .map_err(|error| EmulatorError::InvalidConfig(error.body.error_msg))?;
        let store = Store::open(config.database_url.as_deref()).await?;
        if store.is_empty().await? {
            let now = Utc::now().trunc_subsecs(0);
            let customers = store
                .insert_seed(seed::chunks(config.seed, config.customers, now))
                .await?;
            tracing::info!(
                customers,
                resellers = seed::RESELLERS,
                seed = config.seed,
                "seeded the emulator database"
            );
        }
        let gateway = Gateway::new(
            config.access_key,
            config.secret_key,
            config.domain_id,
            config.tokens,
            config.rate_limit_per_second,
        );
        Ok(Self {
            state: Arc::new(Shared {
                store,
                gateway,
                faults,
                holds: Holds::default(),
            }),
        })
    }

    /// Builds the emulator and serves it on `listener` (e.g. bound to `127.0.0.1:0`).
    pub async fn start(
        config: EmulatorConfig,
        listener: TcpListener,
    ) -> Result<RunningEmulator, EmulatorError> {
        Self::new(config).await?.serve(listener)
    }

    /// Serves the emulator on `listener` in a background task.
    pub fn serve(self, listener: TcpListener) -> Result<RunningEmulator, EmulatorError> {
        let local_addr = listener.local_addr()?;
        let (shutdown, shutdown_signal) = oneshot::channel();
        let task = tokio::spawn(server::serve(listener, self.router(), shutdown_signal));
        tracing::info!(%local_addr, "BSS emulator listening");
        Ok(RunningEmulator {
            emulator: self,
            local_addr,
            shutdown,
            task,
        })
    }

    /// The emulator's routes, gateway and fault layers included.
    pub fn router(&self) -> Router {
        let state = self.state.clone();
        let api = Router::new()
            .route("/v2/partners/sub-customers/query", post(customers::list))
            .route("/v2/partners/sub-customers/freeze", post(freeze::freeze))
            .route(
                "/v2/partners/sub-customers/unfreeze",
                post(freeze::unfreeze),
            )
            .route(
                "/v2/partners/sub-customers/budget",
                post(budget::update).get(budget::show),
            )
            .route(
                "/v2/partners/sub-customers/budget/query",
                post(budget::list),
            )
            .route(
                "/v2/partners/sub-customers/budget/records",
                get(budget::records),
            )
            .route("/v2/partners/indirect-partners/query", post(partners::list))
            .route(
                "/v2/partners/sub-customers/on-demand-resources/query",
                post(resources::list_on_demand),
            )
            .route(
                "/v2/orders/suscriptions/resources/query",
                post(resources::list_prepaid),
            )
            .route(
                "/v1.0/{partner_id}/partner/customer-mgr/frozens",
                post(freeze::legacy_freeze),
            )
            .route(
                "/v1.0/{partner_id}/partner/customer-mgr/unfrozens",
                post(freeze::legacy_unfreeze),
            )
            .route("/emulator/v1/customers/{customer_id}", get(customers::show))
            .route(
                "/emulator/v1/customers/{customer_id}/resources",
                get(customers::resources),
            )
            // The last layer added runs first: authenticate, then inject faults.
            .route_layer(from_fn_with_state(state.clone(), faults::inject))
            .route_layer(from_fn_with_state(state.clone(), gateway::guard));
        let control = Router::new()
            .route(
                "/emulator/v1/faults",
                get(faults::show).put(faults::replace),
            )
            .route("/emulator/v1/calls", get(inspect::calls))
            .route("/emulator/v1/freeze-changes", get(inspect::freeze_changes))
            .route_layer(from_fn(faults::loopback_only));
        // The gateway knows an API by method and path, so a known path with another method is
        // no API either.
        api.merge(control)
            .method_not_allowed_fallback(|| async { ApiError::no_such_api() })
            .fallback(|| async { ApiError::no_such_api() })
            .layer(from_fn(gateway::assign_request_id))
            .with_state(state)
    }

    pub fn faults(&self) -> Faults {
        self.state.faults.get()
    }

    /// A customer as the emulator holds it now, read in process (so without faults): the
    /// real state that tests check a client's view against.
    pub async fn customer(
        &self,
        customer_id: &str,
        indirect_partner_id: Option<&str>,
    ) -> Result<EmulatedCustomer, ApiError> {
        let customer = self
            .state
            .customer_in_scope(indirect_partner_id, customer_id)
            .await?;
        Ok(customer.emulated())
    }

    /// Associates one more customer with the partner (or reseller `indirect_partner_id`),
    /// associated now, so it is listed first.
    pub async fn associate_customer(
        &self,
        indirect_partner_id: Option<&str>,
    ) -> Result<EmulatedCustomer, ApiError> {
        self.state.check_reseller(indirect_partner_id).await?;
        let data = seed::associated_customer(
            rand::random(),
            indirect_partner_id,
            Utc::now().trunc_subsecs(0),
        );
        let customer_id = data.customers[0].info.customer_id.clone();
        self.state.store.insert_seed(std::iter::once(data)).await?;
        self.customer(&customer_id, indirect_partner_id).await
    }

    /// Ends a customer's association: BSS no longer lists it, in any scope.
    pub async fn end_association(&self, customer_id: &str) -> Result<(), ApiError> {
        if self.state.store.remove_customer(customer_id).await? {
            Ok(())
        } else {
            Err(ApiError::unknown_customer(customer_id))
        }
    }

    /// Holds the answer to the next listing (a ListSubCustomers without `customer_id`) that
    /// contains `customer_id`, after it has been read, until the returned hold is released.
    pub fn hold_listing_with(&self, customer_id: &str) -> ListingHold {
        self.state.holds.arm(customer_id)
    }

    /// Replaces the faults; rates must be within 0..=1.
    pub fn set_faults(&self, faults: Faults) -> Result<(), ApiError> {
        self.state.faults.set(faults)
    }

    /// The resellers that hold the permission to restrict their own customers' purchases
    /// and freeze their resources (their distributor's calls for them are refused).
    pub async fn self_managing_resellers(&self) -> Result<Vec<String>, ApiError> {
        Ok(self.state.store.self_managing_resellers().await?)
    }

    /// Every change of a customer's freeze level, oldest first.
    pub async fn freeze_changes(&self) -> Result<Vec<FreezeChange>, ApiError> {
        Ok(self.state.store.freeze_changes().await?)
    }

    /// The latest authenticated calls (up to 100,000), oldest first: what BSS saw and how it
    /// answered, throttled calls included.
    pub fn calls(&self) -> Vec<CallRecord> {
        self.state.gateway.calls()
    }
}

/// An emulator serving in the background. Dropping it leaves it running until the runtime
/// ends; call [`RunningEmulator::shutdown`] to stop it gracefully.
#[derive(Debug)]
pub struct RunningEmulator {
    emulator: Emulator,
    local_addr: SocketAddr,
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl RunningEmulator {
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The base URL to give a [`BssClient`](crate::BssClient), e.g. `http://127.0.0.1:40123/`.
    pub fn endpoint(&self) -> Url {
        Url::parse(&format!("http://{}/", self.local_addr)).expect("a socket address is a host")
    }

    pub fn emulator(&self) -> &Emulator {
        &self.emulator
    }

    /// Stops accepting connections, lets requests in flight finish (up to a few seconds) and
    /// closes the database.
    pub async fn shutdown(self) {
        // The server task may already have ended; then there is nothing to signal.
        let _ = self.shutdown.send(());
        if let Err(error) = self.task.await {
            tracing::error!(%error, "emulator server task failed");
        }
        self.emulator.state.store.close().await;
    }
}
