//! Real parts for service tests: a scratch database (SQLite, or PostgreSQL when the
//! environment names a server) and the BSS emulator on a loopback port, reached through
//! the real client.

// Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use bss::{Auth, BssClient, ClientConfig, Emulator, EmulatorConfig, RunningEmulator, Secret};
use domain::budget::BudgetType;
use domain::customer::{AssociationType, CustomerQuery, CustomerRow, CustomerState};
use domain::labels::LabelSet;
use domain::operation::{ApiMode, Operation};
use domain::paging::PageRequest;
use domain::services::budget::BudgetRequest;
use domain::services::db::scratch::ScratchDb;
use domain::services::db::Db;
use domain::services::operations::{self, OperationContext, OperationRequest};
use domain::services::{customers, mirror, ServiceError};
use domain::staff::StaffMember;
use tokio::net::TcpListener;

pub struct World {
    pub db: Db,
    pub bss: BssClient,
    /// Serves for as long as the test holds the world.
    pub emulator: RunningEmulator,
    pub database: ScratchDb,
}

/// A fresh database and an emulator seeded with `customers` direct customers. Rate
/// limits are off on both sides so tests run at full speed.
pub async fn world(customers: usize) -> World {
    let database = ScratchDb::create().await.expect("a scratch database");
    let db = database.connect().await.expect("a fresh database");
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
        database,
    }
}

/// A staff member with `role`, stored so records can reference them.
pub async fn staff(db: &Db, role: domain::staff::Role) -> domain::staff::StaffMember {
    let email = format!("{}@tests.example", role.as_str());
    domain::services::staff::create(
        db,
        domain::services::staff::NewStaff {
            email: &email,
            display_name: &role.label().to_string(),
            role,
            password: "a long test password",
        },
        chrono::Utc::now(),
    )
    .await
    .expect("a staff member")
}

pub async fn synced_world(customers: usize) -> World {
    let world = world(customers).await;
    mirror::sync_all(&world.db, &world.bss).await.unwrap();
    world
}

pub async fn rows(
    world: &World,
    state: CustomerState,
    association: AssociationType,
) -> Vec<CustomerRow> {
    let query = CustomerQuery {
        state: Some(state),
        association: Some(association),
        page: PageRequest::new(1, 100),
        ..CustomerQuery::default()
    };
    customers::list(&world.db, &query).await.unwrap().rows
}

pub fn context(actor: &StaffMember) -> OperationContext<'_> {
    OperationContext {
        actor,
        labels: LabelSet::Current,
        api_mode: ApiMode::V2,
    }
}

pub fn request(operation: Operation, customers: &[CustomerRow], reason: &str) -> OperationRequest {
    OperationRequest {
        operation,
        customer_ids: customers.iter().map(|c| c.customer_id.clone()).collect(),
        reason: reason.to_owned(),
        agreed: true,
        retry_of: None,
        code: None,
        form_token: None,
    }
}

pub async fn run(
    world: &World,
    request: &OperationRequest,
    actor: &StaffMember,
) -> Result<i64, ServiceError> {
    let id = operations::record(&world.db, request, context(actor))
        .await?
        .record_id;
    execute(world, id).await?;
    Ok(id)
}

/// Runs a recorded operation as an instance does: holding its record's lease meanwhile.
pub async fn execute(world: &World, record_id: i64) -> Result<(), ServiceError> {
    let running = operations::InFlight::new(world.db.clone())
        .hold(record_id)
        .await?;
    operations::execute(&world.db, &world.bss, &running).await?;
    running.release().await
}

/// A monthly budget of `amount` for the customer.
pub fn budget_request(customer: &CustomerRow, amount: &str, also_unfreeze: bool) -> BudgetRequest {
    BudgetRequest {
        customer_id: customer.customer_id.clone(),
        amount: amount.to_owned(),
        budget_type: BudgetType::Monthly,
        also_unfreeze,
        code: None,
        form_token: None,
    }
}

/// Takes over, as a fresh instance would, every record no instance runs (written more than
/// `grace` ago, or whose lease lapsed) and waits until each is completed; how many it took.
pub async fn take_over(world: &World, grace: std::time::Duration) -> usize {
    let in_flight = operations::InFlight::new(world.db.clone());
    let taken = domain::services::reconcile::take_over(&world.db, &world.bss, &in_flight, grace)
        .await
        .unwrap();
    let count = taken.len();
    for taken in taken {
        taken.task.await.unwrap();
    }
    count
}
