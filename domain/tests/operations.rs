//! Freeze and unfreeze operations against the real emulator and a real SQLite file.

mod support;

use support::{context, request, rows, run, synced_world};

use bss::model::Faults;
use domain::customer::{AssociationType, CustomerRow, CustomerState, FreezeLevel};
use domain::labels::LabelSet;
use domain::operation::{ApiMode, ItemResult, Operation};
use domain::services::customers;
use domain::services::operations::{self, InFlight, OperationContext, OperationRequest};
use domain::staff::{Role, StaffMember};

async fn state_in_bss(world: &support::World, customer_id: &str) -> Option<String> {
    world
        .bss
        .emulator_customer(customer_id, None)
        .await
        .unwrap()
        .body
        .freeze_type
        .map(|t| t.as_str().to_owned())
}

#[tokio::test]
async fn each_operation_moves_a_customer_through_the_states_in_bss_and_the_mirror() {
    let world = synced_world(20).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let customer = rows(&world, CustomerState::Active, AssociationType::Reseller)
        .await
        .remove(0);
    let id = &customer.customer_id;

    let steps = [
        (Operation::FreezeAccount, Some("ACCOUNT")),
        (Operation::UnfreezeAccount, None),
        (
            Operation::FreezeAccountAndResources,
            Some("ACCOUNT_AND_RESOURCE"),
        ),
        (Operation::UnfreezeAccountAndResources, None),
    ];
    for (operation, expected_in_bss) in steps {
        let current = customers::by_ids(&world.db, std::slice::from_ref(id))
            .await
            .unwrap();
        let record = run(&world, &request(operation, &current, "Arrears"), &operator)
            .await
            .unwrap();
        let report = operations::report(&world.db, record).await.unwrap();
        assert_eq!(
            report.items[0].result,
            ItemResult::Succeeded,
            "{operation:?}"
        );
        assert!(report.is_finished());
        assert_eq!(
            report.success_message,
            operation.success_message(LabelSet::Current)
        );
        assert!(report.items[0].request_id.is_some());
        assert_eq!(
            state_in_bss(&world, id).await.as_deref(),
            expected_in_bss,
            "{operation:?}"
        );
        let mirrored = customers::by_ids(&world.db, std::slice::from_ref(id))
            .await
            .unwrap()
            .remove(0);
        assert_eq!(mirrored.state, operation.result_state());
    }
}

#[tokio::test]
async fn refusals_change_nothing() {
    let world = synced_world(30).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let viewer = support::staff(&world.db, Role::Viewer).await;
    let active = rows(&world, CustomerState::Active, AssociationType::Reseller).await;
    let referral = rows(&world, CustomerState::Active, AssociationType::Referral).await;
    let one = &active[..1];

    let cases: Vec<(OperationRequest, &StaffMember, &str)> = vec![
        (
            request(Operation::UnfreezeAccount, one, "Paid"),
            &operator,
            "does not apply",
        ),
        (
            request(Operation::FreezeAccount, &referral[..1], "Arrears"),
            &operator,
            "does not apply",
        ),
        (
            request(Operation::FreezeAccount, one, ""),
            &operator,
            "Enter a reason",
        ),
        (
            request(Operation::FreezeAccount, one, "   "),
            &operator,
            "Enter a reason",
        ),
        (
            request(Operation::FreezeAccount, one, &"x".repeat(257)),
            &operator,
            "257 characters",
        ),
        (
            OperationRequest {
                agreed: false,
                ..request(Operation::FreezeAccountAndResources, one, "Arrears")
            },
            &operator,
            "Agreement",
        ),
        (
            request(Operation::FreezeAccount, one, "Arrears"),
            &viewer,
            "not operate",
        ),
        (
            request(Operation::FreezeAccount, &[], "Arrears"),
            &operator,
            "at least one",
        ),
        (
            OperationRequest {
                customer_ids: vec!["0".repeat(32)],
                ..request(Operation::FreezeAccount, one, "Arrears")
            },
            &operator,
            "Not in the customer list",
        ),
    ];
    for (request, actor, expected) in cases {
        let error = operations::record(&world.db, &request, context(actor))
            .await
            .unwrap_err();
        assert!(
            error.user_message().contains(expected),
            "{expected}: {error}"
        );
    }
    let records: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM operation_records")
        .fetch_one(&world.db)
        .await
        .unwrap();
    assert_eq!(records, 0);
    assert_eq!(state_in_bss(&world, &one[0].customer_id).await, None);
}

#[tokio::test]
async fn a_reason_of_256_multibyte_characters_is_accepted_and_sent_whole() {
    let world = synced_world(10).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let customer = rows(&world, CustomerState::Active, AssociationType::Reseller).await;
    let reason = "欠".repeat(256);
    let record = run(
        &world,
        &request(Operation::FreezeAccount, &customer[..1], &reason),
        &operator,
    )
    .await
    .unwrap();
    let report = operations::report(&world.db, record).await.unwrap();
    assert_eq!(report.header.reason, reason);
    assert_eq!(report.items[0].result, ItemResult::Succeeded);
}

#[tokio::test]
async fn the_legacy_api_refuses_resource_level_operations() {
    let world = synced_world(10).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let customer = rows(&world, CustomerState::Active, AssociationType::Reseller).await;
    let legacy = OperationContext {
        api_mode: ApiMode::V1Legacy,
        ..context(&operator)
    };
    let error = operations::record(
        &world.db,
        &request(
            Operation::FreezeAccountAndResources,
            &customer[..1],
            "Arrears",
        ),
        legacy,
    )
    .await
    .unwrap_err();
    assert!(error.user_message().contains("legacy"), "{error}");
}

/// The v1.0 calls have no `indirect_partner_id`: a reseller's customer is refused with the
/// reason before anything is recorded, rather than recorded as failed for each customer.
#[tokio::test]
async fn the_legacy_api_refuses_resellers_customers_before_recording() {
    let world = synced_world(10).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let (reseller_id, _) = domain::services::mirror::resellers(&world.db)
        .await
        .unwrap()
        .remove(0);
    let query = domain::customer::CustomerQuery {
        reseller: Some(reseller_id),
        state: Some(CustomerState::Active),
        association: Some(AssociationType::Reseller),
        page: domain::paging::PageRequest::new(1, 10),
        ..domain::customer::CustomerQuery::default()
    };
    let theirs = customers::list(&world.db, &query).await.unwrap().rows;
    let legacy = OperationContext {
        api_mode: ApiMode::V1Legacy,
        ..context(&operator)
    };
    let error = operations::record(
        &world.db,
        &request(Operation::FreezeAccount, &theirs[..1], "Arrears"),
        legacy,
    )
    .await
    .unwrap_err();
    assert!(
        error.user_message().contains("resellers' customers"),
        "{error}"
    );
    let records: i64 = sqlx::query_scalar("SELECT count(*) FROM operation_records")
        .fetch_one(&world.db)
        .await
        .unwrap();
    assert_eq!(records, 0);
}

#[tokio::test]
async fn a_batch_records_each_customer_and_a_retry_completes_the_failed_ones() {
    let world = synced_world(120).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let active = rows(&world, CustomerState::Active, AssociationType::Reseller).await;
    assert!(
        active.len() >= 35,
        "the seed has {} active reseller customers",
        active.len()
    );
    let batch = &active[..35];
    let failing: Vec<String> = batch
        .iter()
        .step_by(6)
        .map(|c| c.customer_id.clone())
        .collect();
    world
        .emulator
        .emulator()
        .set_faults(Faults {
            fail_customer_ids: failing.clone(),
            ..Faults::default()
        })
        .unwrap();

    let record = run(
        &world,
        &request(Operation::FreezeAccount, batch, "Arrears"),
        &operator,
    )
    .await
    .unwrap();
    let report = operations::report(&world.db, record).await.unwrap();
    assert_eq!(report.total(), 35);
    assert_eq!(report.failed(), failing.len());
    for item in &report.items {
        let should_fail = failing.contains(&item.customer_id);
        assert_eq!(
            item.result == ItemResult::Failed,
            should_fail,
            "{}",
            item.customer_id
        );
        assert_eq!(
            state_in_bss(&world, &item.customer_id).await.is_some(),
            !should_fail
        );
        if should_fail {
            assert_eq!(item.error_code.as_deref(), Some("CBC.0999"));
            assert!(item.message.as_deref().unwrap().contains("internal error"));
        }
    }

    world
        .emulator
        .emulator()
        .set_faults(Faults::default())
        .unwrap();
    let retry = operations::retry_request(&world.db, record).await.unwrap();
    assert_eq!(retry.customer_ids, failing);
    assert_eq!(retry.retry_of, Some(record));
    let retried = run(&world, &retry, &operator).await.unwrap();
    let report = operations::report(&world.db, retried).await.unwrap();
    assert_eq!((report.total(), report.failed()), (failing.len(), 0));
    for id in &failing {
        assert_eq!(state_in_bss(&world, id).await.as_deref(), Some("ACCOUNT"));
    }
}

#[tokio::test]
async fn records_cannot_be_edited_or_deleted() {
    let world = synced_world(10).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let customer = rows(&world, CustomerState::Active, AssociationType::Reseller).await;
    let record = run(
        &world,
        &request(Operation::FreezeAccount, &customer[..1], "Arrears"),
        &operator,
    )
    .await
    .unwrap();
    for statement in [
        "DELETE FROM operation_records",
        "DELETE FROM operation_items",
        "UPDATE operation_records SET reason = 'edited'",
        "UPDATE operation_items SET result = 'failed'",
    ] {
        let error = sqlx::query(statement).execute(&world.db).await.unwrap_err();
        assert!(
            error.to_string().contains("append-only"),
            "{statement}: {error}"
        );
    }
    assert_eq!(
        operations::report(&world.db, record)
            .await
            .unwrap()
            .header
            .reason,
        "Arrears"
    );
}

#[tokio::test]
async fn a_record_left_pending_by_a_crash_is_reconciled_against_bss() {
    let world = synced_world(10).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let customer = rows(&world, CustomerState::Active, AssociationType::Reseller).await;
    let (applied, not_applied) = (&customer[..1], &customer[1..2]);
    let ids: Vec<CustomerRow> = [applied, not_applied].concat();

    // The record is written, then the process "dies": BSS applied the first freeze only.
    let record = operations::record(
        &world.db,
        &request(Operation::FreezeAccount, &ids, "Arrears"),
        context(&operator),
    )
    .await
    .unwrap();
    world
        .bss
        .freeze_sub_customers(&bss::model::FreezeSubCustomersRequest {
            customer_ids: vec![applied[0].customer_id.clone()],
            reason: "Arrears".into(),
            ..Default::default()
        })
        .await
        .unwrap();

    let interrupted = operations::interrupted_records(&world.db).await.unwrap();
    assert_eq!(interrupted, [record]);
    assert_eq!(
        operations::reconcile(&world.db, &world.bss, &interrupted)
            .await
            .unwrap(),
        2
    );
    let report = operations::report(&world.db, record).await.unwrap();
    assert!(report.is_finished());
    assert_eq!(report.items[0].result, ItemResult::Applied);
    assert_eq!(report.items[1].result, ItemResult::NotApplied);
    let mirrored = customers::by_ids(&world.db, &[applied[0].customer_id.clone()])
        .await
        .unwrap();
    assert_eq!(
        mirrored[0].state,
        CustomerState::Frozen(FreezeLevel::Account)
    );
    assert!(operations::interrupted_records(&world.db)
        .await
        .unwrap()
        .is_empty());
}

mod set_budget {
    use super::*;
    use domain::budget::BudgetType;
    use domain::services::budget;
    use support::budget_request;

    #[tokio::test]
    async fn a_budget_is_set_in_bss_and_recorded() {
        let world = synced_world(20).await;
        let operator = support::staff(&world.db, Role::Operator).await;
        let customer = rows(&world, CustomerState::Active, AssociationType::Reseller)
            .await
            .remove(0);
        let record = budget::set_budget(
            &world.db,
            &world.bss,
            &InFlight::default(),
            &budget_request(&customer, "1500.50", false),
            context(&operator),
        )
        .await
        .unwrap();
        let report = operations::report(&world.db, record).await.unwrap();
        assert_eq!(report.items[0].result, ItemResult::Succeeded);
        assert_eq!(report.success_message, "The budget is set.");
        let current = budget::current(&world.bss, &customer).await.unwrap();
        assert_eq!(current.amount, Some(1500.5));
        assert_eq!(current.budget_type, Some(BudgetType::Monthly));
    }

    #[tokio::test]
    async fn also_unfreeze_lifts_a_purchase_restriction() {
        let world = synced_world(20).await;
        let operator = support::staff(&world.db, Role::Operator).await;
        let customer = rows(&world, CustomerState::Active, AssociationType::Reseller).await;
        let frozen = run(
            &world,
            &request(Operation::FreezeAccount, &customer[..1], "Arrears"),
            &operator,
        )
        .await;
        frozen.unwrap();
        let id = &customer[0].customer_id;
        let row = customers::by_ids(&world.db, std::slice::from_ref(id))
            .await
            .unwrap()
            .remove(0);
        assert_eq!(row.state, CustomerState::Frozen(FreezeLevel::Account));

        budget::set_budget(
            &world.db,
            &world.bss,
            &InFlight::default(),
            &budget_request(&row, "200", true),
            context(&operator),
        )
        .await
        .unwrap();
        assert_eq!(state_in_bss(&world, id).await, None);
        let row = customers::by_ids(&world.db, std::slice::from_ref(id))
            .await
            .unwrap()
            .remove(0);
        assert_eq!(row.state, CustomerState::Active);
    }

    #[tokio::test]
    async fn bad_budgets_are_refused_and_change_nothing() {
        let world = synced_world(30).await;
        let operator = support::staff(&world.db, Role::Operator).await;
        let viewer = support::staff(&world.db, Role::Viewer).await;
        let reseller = rows(&world, CustomerState::Active, AssociationType::Reseller)
            .await
            .remove(0);
        let referral = rows(&world, CustomerState::Active, AssociationType::Referral)
            .await
            .remove(0);
        let cases = [
            (
                budget_request(&reseller, "0", false),
                &operator,
                "more than 0",
            ),
            (
                budget_request(&reseller, "12.345", false),
                &operator,
                "two decimals",
            ),
            (
                budget_request(&reseller, "1e9", false),
                &operator,
                "amount like",
            ),
            (
                budget_request(&reseller, "2147483648", false),
                &operator,
                "at most",
            ),
            (
                budget_request(&referral, "100", false),
                &operator,
                "reseller-model",
            ),
            (
                budget_request(&reseller, "100", false),
                &viewer,
                "not operate",
            ),
        ];
        for (request, actor, expected) in cases {
            let error = budget::set_budget(
                &world.db,
                &world.bss,
                &InFlight::default(),
                &request,
                context(actor),
            )
            .await
            .unwrap_err();
            assert!(
                error.user_message().contains(expected),
                "{expected}: {error}"
            );
        }
        let records: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM operation_records")
            .fetch_one(&world.db)
            .await
            .unwrap();
        assert_eq!(records, 0);
    }
}

/// A reseller's customer (the "Resellers' Customers" tab) is operated with its reseller's
/// `indirect_partner_id`: BSS changes the customer under that reseller, the record names the
/// reseller, and the mirror shows the new state in the reseller's scope.
#[tokio::test]
async fn a_resellers_customer_is_frozen_and_unfrozen_under_its_reseller() {
    let world = synced_world(10).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let (reseller_id, _) = domain::services::mirror::resellers(&world.db)
        .await
        .unwrap()
        .remove(0);
    let query = domain::customer::CustomerQuery {
        reseller: Some(reseller_id.clone()),
        state: Some(CustomerState::Active),
        association: Some(AssociationType::Reseller),
        page: domain::paging::PageRequest::new(1, 10),
        ..domain::customer::CustomerQuery::default()
    };
    let customer = customers::list(&world.db, &query)
        .await
        .unwrap()
        .rows
        .remove(0);
    let id = customer.customer_id.clone();
    let in_bss = |id: String, reseller: String| {
        let bss = world.bss.clone();
        async move {
            bss.emulator_customer(&id, Some(&reseller))
                .await
                .unwrap()
                .body
                .freeze_type
                .map(|t| t.as_str().to_owned())
        }
    };

    for (operation, expected_in_bss) in [
        (Operation::FreezeAccount, Some("ACCOUNT")),
        (Operation::UnfreezeAccount, None),
    ] {
        let current = customers::by_ids(&world.db, std::slice::from_ref(&id))
            .await
            .unwrap();
        let record = run(&world, &request(operation, &current, "Arrears"), &operator)
            .await
            .unwrap();
        let report = operations::report(&world.db, record).await.unwrap();
        assert_eq!(report.reseller_id.as_deref(), Some(reseller_id.as_str()));
        assert_eq!(
            report.items[0].result,
            ItemResult::Succeeded,
            "{operation:?}: {:?}",
            report.items[0]
        );
        assert_eq!(
            in_bss(id.clone(), reseller_id.clone()).await.as_deref(),
            expected_in_bss,
            "{operation:?}"
        );
        let listed = customers::list(
            &world.db,
            &domain::customer::CustomerQuery {
                state: None,
                association: None,
                search: id.clone(),
                ..query.clone()
            },
        )
        .await
        .unwrap()
        .rows;
        assert_eq!(listed.len(), 1, "still listed under its reseller");
        assert_eq!(listed[0].state, operation.result_state(), "{operation:?}");
    }
}
