//! The audit trail read back: filters, the CSV export, customer timelines, and records an
//! interruption left pending, against the real emulator and a real SQLite file.

mod support;

use std::time::Duration;

use bss::model::Faults;
use domain::audit::{RecordEntry, RecordQuery, ResultFilter, TimelineEntry};
use domain::customer::{AssociationType, CustomerRow, CustomerState};
use domain::operation::{ItemResult, Operation};
use domain::paging::PageRequest;
use domain::services::audit::{self, csv_header};
use domain::services::budget;
use domain::services::leases::{self, Holder, LeaseName};
use domain::services::operations::InFlight;
use domain::services::reconcile;
use domain::services::records;
use domain::services::timeline;
use domain::staff::{Role, StaffMember};
use futures::StreamExt;
use i18n::Language;
use support::{budget_request, context, request, rows, run, synced_world, World};

fn today() -> String {
    chrono::Utc::now().format("%Y-%m-%d").to_string()
}

/// The English export as parsed lines (header first), and the sizes of the chunks it came in.
async fn export(world: &World, query: &RecordQuery) -> (Vec<Vec<String>>, Vec<usize>) {
    export_in(world, query, Language::En).await
}

async fn export_in(
    world: &World,
    query: &RecordQuery,
    language: Language,
) -> (Vec<Vec<String>>, Vec<usize>) {
    let mut stream = Box::pin(audit::export_csv(world.db.clone(), query.clone(), language));
    let (mut bytes, mut chunks) = (Vec::new(), Vec::new());
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        chunks.push(chunk.len());
        bytes.extend(chunk);
    }
    let text = String::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a byte order mark");
    let lines = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|line| line.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (lines, chunks)
}

fn column(name: &str) -> usize {
    csv_header(Language::En)
        .iter()
        .position(|c| c == name)
        .unwrap()
}

#[tokio::test]
async fn records_are_filtered_by_customer_staff_operation_result_and_date() {
    let world = synced_world(30).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let admin = support::staff(&world.db, Role::Admin).await;
    let active = rows(&world, CustomerState::Active, AssociationType::Reseller).await;
    let (a, b, c) = (&active[0], &active[1], &active[2]);
    world
        .emulator
        .emulator()
        .set_faults(Faults {
            fail_customer_ids: vec![b.customer_id.clone()],
            ..Faults::default()
        })
        .unwrap();
    let freeze = run(
        &world,
        &request(Operation::FreezeAccount, &active[..2], "Arrears"),
        &operator,
    )
    .await
    .unwrap();
    let set_budget = budget::set_budget(
        &world.db,
        &world.bss,
        &InFlight::new(world.db.clone()),
        &budget_request(c, "900", false),
        context(&admin),
    )
    .await
    .unwrap();

    let ids = |query: RecordQuery| {
        let db = world.db.clone();
        async move {
            let page = audit::list(&db, &query).await.unwrap();
            (
                page.total,
                page.rows
                    .iter()
                    .map(|r| r.header.record_id)
                    .collect::<Vec<_>>(),
            )
        }
    };
    let all = audit::list(&world.db, &RecordQuery::default())
        .await
        .unwrap();
    assert_eq!(all.total, 2);
    assert_eq!(all.rows[0].header.record_id, set_budget, "newest first");
    let summary = &all.rows[1];
    assert_eq!(
        (
            summary.customers,
            summary.took_effect,
            summary.did_not_take_effect,
            summary.pending
        ),
        (2, 1, 1, 0)
    );
    assert_eq!(summary.header.staff_email, "operator@tests.example");
    assert_eq!(
        summary.header.operation_name().to_string(),
        "Restrict Purchase"
    );

    let by = |customer: &str, staff: &str, operation: Option<&str>, result| RecordQuery {
        customer: customer.to_owned(),
        staff: staff.to_owned(),
        operation: operation.map(str::to_owned),
        result,
        ..RecordQuery::default()
    };
    assert_eq!(
        ids(by(&a.customer_id, "", None, None)).await,
        (1, vec![freeze])
    );
    let part_of_name = b.account_name[1..].to_uppercase();
    assert_eq!(
        ids(by(&part_of_name, "", None, None)).await,
        (1, vec![freeze])
    );
    assert_eq!(
        ids(by("", "ADMIN@", None, None)).await,
        (1, vec![set_budget])
    );
    assert_eq!(
        ids(by("", "", Some("set-budget"), None)).await,
        (1, vec![set_budget])
    );
    let failed = Some(ResultFilter::DidNotTakeEffect);
    assert_eq!(ids(by("", "", None, failed)).await, (1, vec![freeze]));
    // The customer and result filters select the same customer's result, not the record's.
    assert_eq!(ids(by(&a.customer_id, "", None, failed)).await, (0, vec![]));
    assert_eq!(
        ids(by("", "", None, Some(ResultFilter::Pending))).await.0,
        0
    );

    let dated = |from: &str, to: &str| RecordQuery {
        from: Some(from.to_owned()),
        to: Some(to.to_owned()),
        ..RecordQuery::default()
    };
    assert_eq!(ids(dated(&today(), &today())).await.0, 2);
    assert_eq!(ids(dated("2020-01-01", "2020-12-31")).await.0, 0);
    let second_page = RecordQuery {
        page: PageRequest::new(2, 10),
        ..RecordQuery::default()
    };
    assert_eq!(ids(second_page).await, (2, vec![]));

    // The export holds exactly the filtered customers' results.
    let (lines, _) = export(&world, &by("", "", None, failed)).await;
    assert_eq!(lines[0], csv_header(Language::En));
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1][column("Customer ID")], b.customer_id);
    assert_eq!(lines[1][column("Result")], "Failed");
    let (chinese, _) = export_in(&world, &by("", "", None, failed), Language::ZhCn).await;
    assert_eq!(chinese[0], csv_header(Language::ZhCn));
    assert_eq!(chinese[0][column("Customer ID")], "客户ID");
    assert_eq!(chinese[1][column("Result")], "失败");
    assert_eq!(chinese[1][column("Customer ID")], b.customer_id);
    assert_eq!(lines[1][column("BSS error code")], "CBC.0999");
    let (lines, _) = export(&world, &RecordQuery::default()).await;
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[1][column("Budget")], "900.00 (Monthly)");
}

#[tokio::test]
async fn the_csv_keeps_commas_quotes_and_newlines_and_runs_no_formula() {
    let world = synced_world(30).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let active = rows(&world, CustomerState::Active, AssociationType::Reseller).await;
    let reasons = [
        ("Overdue, see \"final\" notice\nsecond line", None),
        ("=HYPERLINK(\"http://evil.example\",\"x\")", Some('=')),
        ("+1 overdue", Some('+')),
        ("-1 overdue", Some('-')),
        ("@SUM(A1:A9)", Some('@')),
    ];
    for (customer, (reason, _)) in active.iter().zip(reasons) {
        run(
            &world,
            &request(
                Operation::FreezeAccount,
                std::slice::from_ref(customer),
                reason,
            ),
            &operator,
        )
        .await
        .unwrap();
    }
    let (lines, _) = export(&world, &RecordQuery::default()).await;
    assert_eq!(lines.len(), 1 + reasons.len());
    // Newest first: the last reason is on the first line.
    for (line, (reason, formula)) in lines[1..].iter().zip(reasons.iter().rev()) {
        let cell = &line[column("Reason")];
        match formula {
            None => assert_eq!(cell, reason),
            Some(_) => assert_eq!(cell, &format!("'{reason}")),
        }
    }
}

#[tokio::test]
async fn a_hundred_thousand_rows_stream_in_small_chunks() {
    let world = synced_world(3).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    // Written directly: 100,000 customers are more than the emulator needs to hold.
    let mut tx = world.db.begin().await.unwrap();
    for record in 1..=20_i64 {
        tx.query(
            "INSERT INTO operation_records (id, created_at, staff_id, staff_email, operation, \
             label_set, operation_label, reason, reseller_id, code_verified, api_version, \
             details) VALUES ($1, '2026-01-01T00:00:00.000Z', $2, 'operator@tests.example', \
             'freeze-account', 'current', 'Restrict Purchase', 'Arrears, \"long\" overdue', \
             '', FALSE, 'v2', '{}')",
        )
        .bind(record)
        .bind(operator.id)
        .execute()
        .await
        .unwrap();
        for position in 0..5_000_i64 {
            tx.query(
                "INSERT INTO operation_items (record_id, position, customer_id, customer_name, \
                 result, request_id) VALUES ($1, $2, $3, 'Customer', 'succeeded', 'req')",
            )
            .bind(record)
            .bind(position)
            .bind(format!("c{record}-{position}"))
            .execute()
            .await
            .unwrap();
        }
    }
    tx.commit().await.unwrap();

    let (lines, chunks) = export(&world, &RecordQuery::default()).await;
    assert_eq!(lines.len(), 1 + 100_000);
    assert_eq!(lines[1][column("Customer ID")], "c20-0");
    assert!(chunks.len() > 100, "{} chunks", chunks.len());
    let largest = chunks.iter().max().unwrap();
    assert!(*largest < 80 * 1024, "a chunk of {largest} bytes");
}

#[tokio::test]
async fn a_customers_timeline_lists_its_operations_and_budget_changes_newest_first() {
    let world = synced_world(20).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let customer = rows(&world, CustomerState::Active, AssociationType::Reseller)
        .await
        .remove(0);
    let id = std::slice::from_ref(&customer.customer_id);
    run(
        &world,
        &request(
            Operation::FreezeAccount,
            std::slice::from_ref(&customer),
            "Arrears",
        ),
        &operator,
    )
    .await
    .unwrap();
    let frozen = domain::services::customers::by_ids(&world.db, id)
        .await
        .unwrap();
    run(
        &world,
        &request(Operation::UnfreezeAccount, &frozen, "Paid"),
        &operator,
    )
    .await
    .unwrap();
    budget::set_budget(
        &world.db,
        &world.bss,
        &InFlight::new(world.db.clone()),
        &budget_request(&customer, "1200.5", false),
        context(&operator),
    )
    .await
    .unwrap();

    let timeline = timeline::stored(&world.db, &customer.customer_id, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(timeline.total, 3);
    let entries: Vec<&RecordEntry> = timeline
        .entries
        .iter()
        .map(|entry| match entry {
            TimelineEntry::Dashboard(entry) => &**entry,
            TimelineEntry::Bss(record) => panic!("BSS was not read: {record:?}"),
        })
        .collect();
    let operations: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e.header.operation.slug(), e.header.reason.as_str()))
        .collect();
    assert_eq!(
        operations,
        [
            ("set-budget", ""),
            ("unfreeze-account", "Paid"),
            ("freeze-account", "Arrears")
        ]
    );
    let budget = entries[0].budget.as_ref().unwrap();
    assert_eq!(budget.budget_amount, "1200.50");
    assert!(entries
        .iter()
        .all(|e| e.result == ItemResult::Succeeded && e.request_id.is_some()));

    let other = timeline::stored(&world.db, "no-such-customer", PageRequest::default())
        .await
        .unwrap();
    assert_eq!(other.total, 0);
}

/// Starts a budget change and abandons it once BSS has (or has not) made it, as a crash or
/// a closed connection would: the record stays pending.
async fn abandoned_budget_change(
    world: &World,
    operator: &StaffMember,
    customer: &CustomerRow,
    faults: Faults,
) -> i64 {
    world.emulator.emulator().set_faults(faults).unwrap();
    let in_flight = InFlight::new(world.db.clone());
    let request = budget_request(customer, "777", false);
    let change = budget::set_budget(
        &world.db,
        &world.bss,
        &in_flight,
        &request,
        context(operator),
    );
    assert!(tokio::time::timeout(Duration::from_millis(500), change)
        .await
        .is_err());
    world
        .emulator
        .emulator()
        .set_faults(Faults::default())
        .unwrap();
    // Let the emulator finish the request the client gave up on.
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    reconcile::unclaimed(&world.db, Duration::ZERO)
        .await
        .unwrap()[0]
}

/// Several instances on one database: a record another instance runs (its lease renewed
/// past its length) is left alone whatever its age; the record of an instance that died is
/// reconciled by any other once the dead one's lease lapses.
#[tokio::test]
async fn a_record_another_instance_runs_is_left_alone_until_its_lease_lapses() {
    let world = synced_world(20).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let active = rows(&world, CustomerState::Active, AssociationType::Reseller).await;
    let made = abandoned_budget_change(
        &world,
        &operator,
        &active[0],
        Faults {
            reply_delay_ms: 1_000,
            ..Faults::default()
        },
    )
    .await;
    let lease = Duration::from_millis(600);
    let other = InFlight::with_lease(world.database.connect().await.unwrap(), lease);
    let running = other.hold(made).await.unwrap();
    tokio::time::sleep(lease * 2).await;
    let reconciled = support::take_over(&world, Duration::ZERO).await;
    assert_eq!(
        reconciled, 0,
        "renewed, the other instance's lease still holds"
    );
    running.release().await.unwrap();

    // An instance that took the lease and died: nobody renews it.
    let died = Holder::new_random();
    assert!(
        leases::take(&world.db, LeaseName::Record(made), &died, lease)
            .await
            .unwrap()
    );
    let reconciled = support::take_over(&world, Duration::ZERO).await;
    assert_eq!(reconciled, 0);
    tokio::time::sleep(lease + Duration::from_millis(200)).await;
    let reconciled = support::take_over(&world, Duration::ZERO).await;
    assert_eq!(reconciled, 1);
    let report = records::report(&world.db, made).await.unwrap();
    assert_eq!(report.items[0].result, ItemResult::Applied);
}

#[tokio::test]
async fn an_abandoned_budget_change_is_reconciled_to_what_bss_holds() {
    let world = synced_world(20).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let active = rows(&world, CustomerState::Active, AssociationType::Reseller).await;

    // BSS made the change; the answer never arrived.
    let made = abandoned_budget_change(
        &world,
        &operator,
        &active[0],
        Faults {
            reply_delay_ms: 1_000,
            ..Faults::default()
        },
    )
    .await;
    // In flight, a record is left alone whatever its age.
    let in_flight = InFlight::new(world.db.clone());
    let running = in_flight.hold(made).await.unwrap();
    let reconciled = support::take_over(&world, Duration::ZERO).await;
    assert_eq!(reconciled, 0);
    running.release().await.unwrap();
    // Younger than the grace period, it may still be starting.
    let reconciled = support::take_over(&world, Duration::from_secs(3600)).await;
    assert_eq!(reconciled, 0);
    let reconciled = support::take_over(&world, Duration::ZERO).await;
    assert_eq!(reconciled, 1);
    let report = records::report(&world.db, made).await.unwrap();
    assert!(report.is_finished());
    assert_eq!(report.items[0].result, ItemResult::Applied);
    assert!(report.items[0]
        .message()
        .unwrap()
        .to_string()
        .contains("BSS holds the budget 777.00"));

    // The request never reached the handler before the client gave up.
    let not_made = abandoned_budget_change(
        &world,
        &operator,
        &active[1],
        Faults {
            latency_ms: 1_000,
            ..Faults::default()
        },
    )
    .await;
    support::take_over(&world, Duration::ZERO).await;
    let report = records::report(&world.db, not_made).await.unwrap();
    assert_eq!(report.items[0].result, ItemResult::NotApplied);
    assert!(reconcile::unclaimed(&world.db, Duration::ZERO)
        .await
        .unwrap()
        .is_empty());
}
