//! Resellers that restrict their own customers: once recorded, their customers are offered
//! nothing and an operation or budget for them is refused before BSS is called; unrecorded,
//! BSS itself refuses each of them.

mod support;

use support::{budget_request, request, run, staff, synced_world, World};

use domain::customer::{AssociationType, CustomerQuery, CustomerRow, CustomerState};
use domain::operation::ItemResult;
use domain::operation::Operation;
use domain::paging::PageRequest;
use domain::services::operations::InFlight;
use domain::services::{budget, customers, records, resellers};
use domain::staff::Role;

const FREEZE_API: &str = "POST /v2/partners/sub-customers/freeze";

async fn customers_of(world: &World, reseller: &str) -> Vec<CustomerRow> {
    let query = CustomerQuery {
        reseller: Some(reseller.to_owned()),
        state: Some(CustomerState::Active),
        association: Some(AssociationType::Reseller),
        page: PageRequest::new(1, 100),
        ..CustomerQuery::default()
    };
    customers::list(&world.db, &query).await.unwrap().rows
}

fn freeze_calls(world: &World) -> usize {
    world
        .emulator
        .emulator()
        .calls()
        .iter()
        .filter(|call| call.api == FREEZE_API)
        .count()
}

#[tokio::test]
async fn a_recorded_self_managing_resellers_customers_are_refused_before_bss() {
    let world = synced_world(10).await;
    let operator = staff(&world.db, Role::Operator).await;
    let self_managing = world
        .emulator
        .emulator()
        .self_managing_resellers()
        .await
        .unwrap();
    resellers::seed_demo(&world.db, &self_managing, chrono::Utc::now())
        .await
        .unwrap();
    let reseller = &self_managing[0];
    let theirs = customers_of(&world, reseller).await;
    assert!(theirs.len() >= 2, "active customers of the reseller");
    for row in &theirs {
        assert!(row.managed_by_reseller);
        assert!(Operation::offered_for(row).is_empty());
    }
    let others: Vec<(String, String)> = domain::services::mirror::resellers(&world.db)
        .await
        .unwrap();
    let other = others.iter().find(|(id, _)| id != reseller).unwrap();
    assert!(customers_of(&world, &other.0)
        .await
        .iter()
        .all(|row| !row.managed_by_reseller));

    let refused = run(
        &world,
        &request(Operation::FreezeAccount, &theirs[..2], "Arrears"),
        &operator,
    )
    .await
    .unwrap_err()
    .user_message()
    .to_string();
    assert!(refused.contains("restricts purchases"), "{refused}");
    for row in &theirs[..2] {
        assert!(refused.contains(&row.account_name), "{refused}");
    }
    assert_eq!(freeze_calls(&world), 0, "BSS was not called");
    let budget_refused = budget::budget_customer(&world.db, &theirs[0].customer_id)
        .await
        .unwrap_err()
        .user_message()
        .to_string();
    assert!(
        budget_refused.contains("restricts purchases"),
        "{budget_refused}"
    );

    // A reseller that is not one of the partner's is refused, and the record stays.
    let admin = staff(&world.db, Role::Admin).await;
    assert!(resellers::set_self_managing(
        &world.db,
        &["no-such".to_owned()],
        admin.id,
        chrono::Utc::now()
    )
    .await
    .is_err());
    assert_eq!(
        resellers::self_managing(&world.db).await.unwrap(),
        self_managing
    );

    // Unrecorded, the operation goes to BSS, which refuses each customer with its reason.
    resellers::set_self_managing(&world.db, &[], admin.id, chrono::Utc::now())
        .await
        .unwrap();
    let theirs = customers_of(&world, reseller).await;
    assert!(theirs.iter().all(|row| !row.managed_by_reseller));
    let record_id = run(
        &world,
        &request(Operation::FreezeAccount, &theirs[..2], "Arrears"),
        &operator,
    )
    .await
    .unwrap();
    assert_eq!(freeze_calls(&world), 1);
    let report = records::report(&world.db, record_id).await.unwrap();
    assert_eq!(report.items.len(), 2);
    for item in &report.items {
        assert_eq!(item.result, ItemResult::Failed);
        let message = item.message().map(|m| m.to_string()).unwrap_or_default();
        assert!(message.contains("holds the permission"), "{message}");
    }
    let budget = budget::set_budget(
        &world.db,
        &world.bss,
        &InFlight::new(world.db.clone()),
        &budget_request(&theirs[0], "100", false),
        support::context(&operator),
    )
    .await;
    let message = match budget {
        Ok(record_id) => records::report(&world.db, record_id).await.unwrap().items[0]
            .message()
            .map(|m| m.to_string())
            .unwrap_or_default(),
        Err(error) => error.user_message().to_string(),
    };
    assert!(message.contains("holds the permission"), "{message}");
}
