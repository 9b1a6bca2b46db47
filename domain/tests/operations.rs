//! Freeze and unfreeze operations against the real emulator and a real SQLite file.

mod support;

use std::time::Duration;

use support::{context, request, rows, run, synced_world};

use bss::model::Faults;
use chrono::Utc;
use domain::customer::{AssociationType, CustomerRow, CustomerState, FreezeLevel};
use domain::labels::LabelSet;
use domain::operation::{
    ApiMode, CodeOperation, ItemResult, Operation, MAX_CUSTOMERS_PER_OPERATION,
};
use domain::services::mail::{self, Mailer};
use domain::services::operations::{self, InFlight, OperationContext, OperationRequest};
use domain::services::reconcile;
use domain::services::records;
use domain::services::{customers, verification};
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
        let report = records::report(&world.db, record).await.unwrap();
        assert_eq!(
            report.items[0].result,
            ItemResult::Succeeded,
            "{operation:?}"
        );
        assert!(report.is_finished());
        assert_eq!(
            report.success_message(),
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
            error.user_message().to_string().contains(expected),
            "{expected}: {error}"
        );
    }
    let records: i64 = world
        .db
        .query("SELECT COUNT(*) FROM operation_records")
        .scalar()
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
    let report = records::report(&world.db, record).await.unwrap();
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
    assert!(
        error.user_message().to_string().contains("legacy"),
        "{error}"
    );
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
        error
            .user_message()
            .to_string()
            .contains("resellers' customers"),
        "{error}"
    );
    let records: i64 = world
        .db
        .query("SELECT count(*) FROM operation_records")
        .scalar()
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
    let report = records::report(&world.db, record).await.unwrap();
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
            assert!(item
                .message()
                .unwrap()
                .to_string()
                .contains("internal error"));
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
    let report = records::report(&world.db, retried).await.unwrap();
    assert_eq!((report.total(), report.failed()), (failing.len(), 0));
    for id in &failing {
        assert_eq!(state_in_bss(&world, id).await.as_deref(), Some("ACCOUNT"));
    }
}

#[tokio::test]
async fn records_cannot_be_edited_or_deleted_and_a_finished_record_takes_no_items() {
    let world = synced_world(10).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let customer = rows(&world, CustomerState::Active, AssociationType::Reseller).await;
    let finished = run(
        &world,
        &request(Operation::FreezeAccount, &customer[..1], "Arrears"),
        &operator,
    )
    .await
    .unwrap();
    // Recorded but not run: the record is open, its customer pending.
    let open = operations::record(
        &world.db,
        &request(Operation::FreezeAccount, &customer[1..2], "Arrears"),
        context(&operator),
    )
    .await
    .unwrap()
    .record_id;
    for statement in [
        "DELETE FROM operation_records",
        "DELETE FROM operation_items",
        "UPDATE operation_records SET reason = 'edited'",
        "UPDATE operation_items SET result = 'failed'",
    ] {
        let error = world.db.query(statement).execute().await.unwrap_err();
        assert!(
            error.to_string().contains("append-only"),
            "{statement}: {error}"
        );
    }
    // Not even while the record is open.
    for edit in [
        "staff_email = 'someone@else.example'",
        "reseller_id = 'another-reseller'",
        "retry_of = 1",
        "label_set = 'classic'",
        "operation_label = 'Freeze Account'",
        "api_version = 'v1'",
        "created_at = '2020-01-01T00:00:00.000Z'",
    ] {
        let statement = format!("UPDATE operation_records SET {edit} WHERE id = {open}");
        let error = world.db.query(&statement).execute().await.unwrap_err();
        assert!(error.to_string().contains("append-only"), "{edit}: {error}");
    }
    let statement =
        format!("UPDATE operation_items SET customer_name = 'Renamed' WHERE record_id = {open}");
    let error = world.db.query(&statement).execute().await.unwrap_err();
    assert!(error.to_string().contains("append-only"), "{error}");
    let added = world.db.query(
        "INSERT INTO operation_items (record_id, position, customer_id, customer_name, result) \
         VALUES ($1, 1, 'added-later', 'Added', 'succeeded')",
    )
    .bind(finished)
    .execute()
    .await
    .unwrap_err();
    assert!(added.to_string().contains("append-only"), "{added}");
    let report = records::report(&world.db, finished).await.unwrap();
    assert_eq!(
        (report.items.len(), report.header.reason.as_str()),
        (1, "Arrears")
    );
    // What a running record may still do: finish.
    support::execute(&world, open).await.unwrap();
    assert!(records::report(&world.db, open)
        .await
        .unwrap()
        .is_finished());
}

#[tokio::test]
async fn a_retry_names_a_record_of_the_same_operation_and_only_its_failed_customers() {
    let world = synced_world(30).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let active = rows(&world, CustomerState::Active, AssociationType::Reseller).await;
    let (failing, fine, other) = (&active[..1], &active[1..2], &active[2..3]);
    world
        .emulator
        .emulator()
        .set_faults(Faults {
            fail_customer_ids: vec![failing[0].customer_id.clone()],
            ..Faults::default()
        })
        .unwrap();
    let record = run(
        &world,
        &request(
            Operation::FreezeAccount,
            &[failing, fine].concat(),
            "Arrears",
        ),
        &operator,
    )
    .await
    .unwrap();
    world
        .emulator
        .emulator()
        .set_faults(Faults::default())
        .unwrap();

    let retry = |operation, customers: &[CustomerRow], retry_of| OperationRequest {
        retry_of: Some(retry_of),
        ..request(operation, customers, "Arrears")
    };
    let cases = [
        (
            retry(Operation::FreezeAccount, failing, record + 100),
            "no operation record",
        ),
        (
            retry(Operation::FreezeAccountAndResources, failing, record),
            "same operation",
        ),
        (
            retry(Operation::FreezeAccount, other, record),
            "did not fail",
        ),
        (
            retry(Operation::FreezeAccount, &[failing, other].concat(), record),
            "did not fail",
        ),
    ];
    for (request, expected) in cases {
        let error = operations::record(&world.db, &request, context(&operator))
            .await
            .unwrap_err();
        assert!(
            error.user_message().to_string().contains(expected),
            "{expected}: {error}"
        );
    }
    let records: i64 = world
        .db
        .query("SELECT COUNT(*) FROM operation_records")
        .scalar()
        .await
        .unwrap();
    assert_eq!(records, 1);
    let retried = run(
        &world,
        &retry(Operation::FreezeAccount, failing, record),
        &operator,
    )
    .await
    .unwrap();
    let report = records::report(&world.db, retried).await.unwrap();
    assert_eq!(report.retry_of, Some(record));
    assert_eq!(report.failed(), 0);
}

/// Turns codes on and sends `actor` one for `operation` on `customers`; returns it.
async fn code_for(
    world: &support::World,
    actor: &StaffMember,
    operation: CodeOperation,
    customers: &[CustomerRow],
) -> String {
    domain::services::settings::set_verification_code_enabled(
        &world.db,
        true,
        Default::default(),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let ids: Vec<String> = customers.iter().map(|c| c.customer_id.clone()).collect();
    let purpose = operations::code_purpose(&world.db, operation, &ids, context(actor))
        .await
        .unwrap();
    verification::send_code(
        &world.db,
        &Mailer::DemoInbox,
        actor,
        &purpose,
        i18n::Language::En,
        Utc::now(),
    )
    .await
    .unwrap();
    let mail = mail::demo_inbox(&world.db, actor.id).await.unwrap();
    mail[0]
        .body
        .split(|c: char| !c.is_ascii_digit())
        .find(|word| word.len() == 6)
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn with_codes_on_a_refused_operation_keeps_its_code_and_the_record_spends_it() {
    let world = synced_world(20).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let customer = rows(&world, CustomerState::Active, AssociationType::Reseller).await;
    let one = &customer[..1];
    let operation = Operation::FreezeAccount;
    let code = code_for(&world, &operator, CodeOperation::Operation(operation), one).await;
    let with_code = |request: OperationRequest| OperationRequest {
        code: Some(code.clone()),
        ..request
    };
    let refused = [
        with_code(request(operation, one, &"x".repeat(257))),
        with_code(OperationRequest {
            retry_of: Some(1),
            ..request(operation, one, "Arrears")
        }),
        request(operation, one, "Arrears"),
        // The code is bound to exactly its customers.
        with_code(request(operation, &customer[..2], "Arrears")),
    ];
    for refused in refused {
        operations::record(&world.db, &refused, context(&operator))
            .await
            .unwrap_err();
    }
    let recorded = operations::record(
        &world.db,
        &with_code(request(operation, one, "Arrears")),
        context(&operator),
    )
    .await
    .unwrap();
    let report = records::report(&world.db, recorded.record_id)
        .await
        .unwrap();
    assert!(report.header.code_verified);
    let again = operations::record(
        &world.db,
        &with_code(request(operation, one, "Arrears")),
        context(&operator),
    )
    .await
    .unwrap_err();
    assert!(
        again
            .user_message()
            .to_string()
            .contains("no verification code"),
        "{again}"
    );
}

#[tokio::test]
async fn a_code_is_sent_only_for_customers_the_operation_can_run_on() {
    let world = synced_world(20).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let viewer = support::staff(&world.db, Role::Viewer).await;
    let active = rows(&world, CustomerState::Active, AssociationType::Reseller).await;
    let id = active[0].customer_id.clone();
    let freeze = CodeOperation::Operation(Operation::FreezeAccount);
    let unfreeze = CodeOperation::Operation(Operation::UnfreezeAccount);
    let too_many: Vec<String> = (0..=MAX_CUSTOMERS_PER_OPERATION)
        .map(|n| format!("c{n}"))
        .collect();
    let unknown = vec!["0".repeat(32)];
    let cases: [(CodeOperation, &[String], &StaffMember, &str); 6] = [
        (freeze, &too_many, &operator, "at most"),
        (freeze, &unknown, &operator, "Not in the customer list"),
        (
            unfreeze,
            std::slice::from_ref(&id),
            &operator,
            "does not apply",
        ),
        (freeze, std::slice::from_ref(&id), &viewer, "not operate"),
        (
            CodeOperation::BudgetUnrestrict,
            &unknown,
            &operator,
            "not in the customer list",
        ),
        (
            CodeOperation::BudgetUnrestrict,
            &[id.clone(), active[1].customer_id.clone()],
            &operator,
            "one customer",
        ),
    ];
    for (operation, ids, actor, expected) in cases {
        let error = operations::code_purpose(&world.db, operation, ids, context(actor))
            .await
            .unwrap_err();
        assert!(
            error.user_message().to_string().contains(expected),
            "{expected}: {error}"
        );
    }
    let purpose = operations::code_purpose(
        &world.db,
        CodeOperation::BudgetUnrestrict,
        std::slice::from_ref(&id),
        context(&operator),
    )
    .await
    .unwrap();
    assert_ne!(purpose, freeze.purpose(std::slice::from_ref(&id)));
}

#[tokio::test]
async fn a_form_submitted_twice_records_once() {
    let world = synced_world(10).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let admin = support::staff(&world.db, Role::Admin).await;
    let customer = rows(&world, CustomerState::Active, AssociationType::Reseller).await;
    let token = operations::new_form_token();
    let submit = OperationRequest {
        form_token: Some(token.clone()),
        ..request(Operation::FreezeAccount, &customer[..1], "Arrears")
    };
    let first = run(&world, &submit, &operator).await.unwrap();
    // The customer is frozen now, so the operation would no longer apply: the form's
    // record answers all the same.
    let second = operations::record(&world.db, &submit, context(&operator))
        .await
        .unwrap();
    assert_eq!((second.record_id, second.resubmitted), (first, true));
    for (request, actor) in [
        (&submit, &admin),
        (
            &OperationRequest {
                form_token: Some("not a token".into()),
                ..submit.clone()
            },
            &operator,
        ),
    ] {
        let unfreeze = OperationRequest {
            operation: Operation::UnfreezeAccount,
            ..request.clone()
        };
        let error = operations::record(&world.db, &unfreeze, context(actor))
            .await
            .unwrap_err();
        assert!(
            error.user_message().to_string().contains("dialog"),
            "{error}"
        );
    }
    let records: i64 = world
        .db
        .query("SELECT COUNT(*) FROM operation_records")
        .scalar()
        .await
        .unwrap();
    assert_eq!(records, 1);
}

/// An instance dies in the middle of a record: its first call reached BSS (which applied
/// it, but the answer never came back), its second was never sent. The instance taking the
/// record over reads the first call's customers back and sends the second call: every
/// customer is changed once, and none is lost.
#[tokio::test]
async fn a_record_taken_over_reads_back_what_was_sent_and_runs_the_rest() {
    let world = synced_world(80).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let active = rows(&world, CustomerState::Active, AssociationType::Reseller).await;
    assert!(active.len() > 10, "two calls' worth of customers");
    let customers = &active[..11];
    let record = operations::record(
        &world.db,
        &request(Operation::FreezeAccount, customers, "Arrears"),
        context(&operator),
    )
    .await
    .unwrap()
    .record_id;
    let emulator = world.emulator.emulator();
    emulator
        .set_faults(Faults {
            reply_delay_ms: 1_000,
            ..Faults::default()
        })
        .unwrap();
    let in_flight = InFlight::new(world.db.clone());
    let running = in_flight.hold(record).await.unwrap();
    let run = operations::execute(&world.db, &world.bss, &running);
    assert!(
        tokio::time::timeout(Duration::from_millis(500), run)
            .await
            .is_err(),
        "the run dies waiting for its first answer"
    );
    // Its lease goes with it (as when it lapses).
    running.release().await.unwrap();
    emulator.set_faults(Faults::default()).unwrap();
    // Let the emulator finish the call the run gave up on.
    tokio::time::sleep(Duration::from_millis(1_000)).await;

    assert_eq!(support::take_over(&world, Duration::ZERO).await, 1);
    let report = records::report(&world.db, record).await.unwrap();
    assert!(report.is_finished());
    for item in &report.items[..10] {
        assert_eq!(item.result, ItemResult::Applied, "{item:?}");
        let note = item.message().map(|m| m.to_string()).unwrap_or_default();
        assert!(note.contains("BSS shows the change"), "{note}");
    }
    assert_eq!(report.items[10].result, ItemResult::Succeeded);
    let changes = emulator.freeze_changes().await.unwrap();
    for customer in customers {
        let changed = changes
            .iter()
            .filter(|change| change.customer_id == customer.customer_id)
            .count();
        assert_eq!(changed, 1, "{} changed once", customer.customer_id);
    }
    assert_eq!(changes.len(), customers.len());
    let mirrored = customers::by_ids(&world.db, &[customers[0].customer_id.clone()])
        .await
        .unwrap();
    assert_eq!(
        mirrored[0].state,
        CustomerState::Frozen(FreezeLevel::Account)
    );
    assert!(reconcile::unclaimed(&world.db, Duration::ZERO)
        .await
        .unwrap()
        .is_empty());
}

mod set_budget {
    use super::*;
    use domain::budget::BudgetType;
    use domain::services::budget::{self, BudgetRequest};
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
            &InFlight::new(world.db.clone()),
            &budget_request(&customer, "1500.50", false),
            context(&operator),
        )
        .await
        .unwrap();
        let report = records::report(&world.db, record).await.unwrap();
        assert_eq!(report.items[0].result, ItemResult::Succeeded);
        assert_eq!(report.success_message().to_string(), "The budget is set.");
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
            &InFlight::new(world.db.clone()),
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
    async fn lifting_a_restriction_with_a_budget_needs_a_code_when_codes_are_on() {
        let world = synced_world(20).await;
        let operator = support::staff(&world.db, Role::Operator).await;
        let customer = rows(&world, CustomerState::Active, AssociationType::Reseller).await;
        run(
            &world,
            &request(Operation::FreezeAccount, &customer[..1], "Arrears"),
            &operator,
        )
        .await
        .unwrap();
        let frozen = customers::by_ids(&world.db, &[customer[0].customer_id.clone()])
            .await
            .unwrap()
            .remove(0);
        domain::services::settings::set_verification_code_enabled(
            &world.db,
            true,
            Default::default(),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        let error = budget::set_budget(
            &world.db,
            &world.bss,
            &InFlight::new(world.db.clone()),
            &budget_request(&frozen, "200", true),
            context(&operator),
        )
        .await
        .unwrap_err();
        assert!(
            error
                .user_message()
                .to_string()
                .contains("verification code"),
            "{error}"
        );
        assert_eq!(
            state_in_bss(&world, &frozen.customer_id).await.as_deref(),
            Some("ACCOUNT")
        );
        let records: i64 = world
            .db
            .query("SELECT COUNT(*) FROM operation_records")
            .scalar()
            .await
            .unwrap();
        assert_eq!(records, 1, "only the freeze is recorded");
    }

    #[tokio::test]
    async fn a_code_for_lifting_the_restriction_is_spent_with_the_budget_record() {
        let world = synced_world(20).await;
        let operator = support::staff(&world.db, Role::Operator).await;
        let customer = rows(&world, CustomerState::Active, AssociationType::Reseller).await;
        let one = &customer[..1];
        let code = code_for(&world, &operator, CodeOperation::BudgetUnrestrict, one).await;
        let with_code = |amount: &str| BudgetRequest {
            code: Some(code.clone()),
            ..budget_request(&one[0], amount, true)
        };
        let set = |request: BudgetRequest| {
            let world = &world;
            let operator = &operator;
            async move {
                budget::set_budget(
                    &world.db,
                    &world.bss,
                    &InFlight::new(world.db.clone()),
                    &request,
                    context(operator),
                )
                .await
            }
        };
        set(with_code("12.345")).await.unwrap_err();
        let record = set(with_code("200")).await.unwrap();
        let report = records::report(&world.db, record).await.unwrap();
        assert!(report.header.code_verified);
        assert!(set(with_code("300")).await.is_err(), "the code is used up");
        // A budget alone lifts nothing and needs no code.
        let record = set(budget_request(&one[0], "400", false)).await.unwrap();
        let report = records::report(&world.db, record).await.unwrap();
        assert!(!report.header.code_verified);
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
                &InFlight::new(world.db.clone()),
                &request,
                context(actor),
            )
            .await
            .unwrap_err();
            assert!(
                error.user_message().to_string().contains(expected),
                "{expected}: {error}"
            );
        }
        let records: i64 = world
            .db
            .query("SELECT COUNT(*) FROM operation_records")
            .scalar()
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
        let report = records::report(&world.db, record).await.unwrap();
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

/// A batch larger than one INSERT's worth of items keeps every customer, in the order
/// selected.
#[tokio::test]
async fn a_batch_of_thousands_is_recorded_whole_and_in_order() {
    let world = synced_world(6_000).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let ids: Vec<String> = world
        .db
        .query(
            "SELECT customer_id FROM customers WHERE association_type = 'reseller' \
             AND state = 'active' AND reseller_id = '' ORDER BY customer_id DESC LIMIT 2500",
        )
        .scalars()
        .await
        .unwrap();
    assert_eq!(ids.len(), 2_500, "enough restrictable customers");
    let mut active = customers::by_ids(&world.db, &ids).await.unwrap();
    // Not the mirror's order, so the record's order is the request's.
    active.reverse();
    let record = operations::record(
        &world.db,
        &request(Operation::FreezeAccount, &active, "Arrears"),
        context(&operator),
    )
    .await
    .unwrap()
    .record_id;
    let report = records::report(&world.db, record).await.unwrap();
    let recorded: Vec<&str> = report
        .items
        .iter()
        .map(|item| item.customer_id.as_str())
        .collect();
    let asked: Vec<&str> = active.iter().map(|c| c.customer_id.as_str()).collect();
    assert_eq!(recorded, asked);
    assert!(report
        .items
        .iter()
        .all(|item| item.result == ItemResult::Pending));
}

/// A run that loses its record's lease (another instance took the record over after its
/// renewals failed) sends nothing more: the rest is the new holder's.
#[tokio::test]
async fn a_run_that_loses_its_lease_sends_nothing_more() {
    let world = synced_world(80).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let active = rows(&world, CustomerState::Active, AssociationType::Reseller).await;
    assert!(active.len() >= 30, "three calls' worth of customers");
    let customers = &active[..30];
    let record = operations::record(
        &world.db,
        &request(Operation::FreezeAccount, customers, "Arrears"),
        context(&operator),
    )
    .await
    .unwrap()
    .record_id;
    let emulator = world.emulator.emulator();
    emulator
        .set_faults(Faults {
            latency_ms: 150,
            ..Faults::default()
        })
        .unwrap();
    let in_flight = InFlight::with_lease(world.db.clone(), Duration::from_millis(300));
    let running = in_flight.hold(record).await.unwrap();
    // Another instance holds the record from now on.
    world
        .db
        .query("UPDATE leases SET holder = 'another instance', expires_at = $1")
        .bind(i64::MAX)
        .execute()
        .await
        .unwrap();
    operations::execute(&world.db, &world.bss, &running)
        .await
        .unwrap();

    let changed = emulator.freeze_changes().await.unwrap().len();
    assert!(
        changed < customers.len(),
        "{changed} changed: the run went on"
    );
    let report = records::report(&world.db, record).await.unwrap();
    assert!(!report.is_finished(), "the new holder finishes it");
    let pending = report
        .items
        .iter()
        .filter(|item| item.result == ItemResult::Pending)
        .count();
    assert_eq!(pending, customers.len() - changed);
}
