//! Operations while BSS misbehaves: server errors, dropped connections and latency. Every
//! customer's recorded result must match what BSS really did, and no record is left
//! incomplete.

mod support;

use std::time::Duration;

use bss::model::Faults;
use domain::customer::{AssociationType, CustomerQuery, CustomerState};
use domain::operation::{ItemResult, Operation};
use domain::paging::PageRequest;
use domain::services::customers;
use domain::services::operations;
use domain::services::records;
use domain::staff::Role;
use support::{context, request, synced_world};

#[tokio::test]
async fn under_server_errors_and_dropped_connections_every_result_matches_bss() {
    let world = synced_world(500).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let mut batch = Vec::new();
    for page in 1..=3 {
        let query = CustomerQuery {
            state: Some(CustomerState::Active),
            association: Some(AssociationType::Reseller),
            page: PageRequest::new(page, 100),
            ..CustomerQuery::default()
        };
        batch.extend(customers::list(&world.db, &query).await.unwrap().rows);
    }
    batch.truncate(200);
    assert_eq!(batch.len(), 200);

    world
        .emulator
        .emulator()
        .set_faults(Faults {
            latency_ms: 2,
            fault_rate: 0.2,
            drop_rate: 0.05,
            ..Faults::default()
        })
        .unwrap();
    let record = operations::record(
        &world.db,
        &request(Operation::FreezeAccount, &batch, "Arrears"),
        context(&operator),
    )
    .await
    .unwrap()
    .record_id;
    support::execute(&world, record).await.unwrap();
    world
        .emulator
        .emulator()
        .set_faults(Faults::default())
        .unwrap();
    // What BSS could not be asked about during the storm, the periodic pass settles.
    support::take_over(&world, Duration::ZERO).await;

    let report = records::report(&world.db, record).await.unwrap();
    assert!(report.is_finished());
    assert_eq!(report.total(), 200, "no customer lost");
    for item in &report.items {
        assert!(item.result.is_final(), "{item:?}");
        let real = world
            .emulator
            .emulator()
            .customer(&item.customer_id, None)
            .await
            .unwrap();
        assert_eq!(
            item.result.took_effect(),
            real.freeze_type.is_some(),
            "the record says {:?} for {}, BSS says {:?}",
            item.result,
            item.customer_id,
            real.freeze_type
        );
    }
    let not_applied = report
        .items
        .iter()
        .filter(|item| item.result == ItemResult::NotApplied)
        .count();
    assert!(not_applied > 0, "the faults hit some calls");
    assert!(report.succeeded() > 100, "most calls went through");
}
