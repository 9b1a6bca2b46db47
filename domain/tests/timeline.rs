//! A customer's timeline with BSS's budget records: changes made outside the dashboard (as
//! in the Huawei Cloud console) show up, marked by source, the dashboard's own changes are
//! not listed twice, and a BSS that cannot be read leaves what is stored, with a sentence.
//! Against the real emulator over HTTP and a real database file.

mod support;

use std::time::Duration;

use bss::model::{BudgetType as WireBudgetType, Faults, UpdateSubCustomerBudgetRequest};
use bss::{Auth, BssClient, RetryPolicy, Secret};
use domain::audit::{BssBudgetOperation, TimelineEntry, TimelinePage, TimelineSource};
use domain::budget::BudgetType;
use domain::customer::{AssociationType, CustomerRow, CustomerState};
use domain::paging::PageRequest;
use domain::services::budget;
use domain::services::operations::InFlight;
use domain::services::timeline;
use domain::staff::Role;
use support::{budget_request, context, rows, synced_world, World};

async fn open(world: &World, bss: &BssClient, customer: &CustomerRow) -> TimelinePage {
    timeline::open(
        &world.db,
        bss,
        &customer.customer_id,
        PageRequest::new(1, 100),
        i18n::Language::En,
    )
    .await
    .unwrap()
    .timeline
}

/// A monthly budget of `amount` set from the dashboard, as the Set Budget dialog does.
async fn set_in_dashboard(world: &World, customer: &CustomerRow, amount: &str) {
    let operator = support::staff(&world.db, Role::Operator).await;
    budget::set_budget(
        &world.db,
        &world.bss,
        &InFlight::new(world.db.clone()),
        &budget_request(customer, amount, false),
        context(&operator),
    )
    .await
    .unwrap();
}

/// A package budget set on BSS directly, as the Huawei Cloud console would. BSS's records
/// have whole seconds: waiting a second first keeps it after the previous change.
async fn set_in_console(world: &World, customer: &CustomerRow, amount: f64) {
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    world
        .bss
        .update_sub_customer_budget(&UpdateSubCustomerBudgetRequest {
            customer_id: customer.customer_id.clone(),
            budget_amount: amount,
            indirect_partner_id: customer.reseller_id.clone(),
            budget_type: Some(WireBudgetType::Package),
            ..UpdateSubCustomerBudgetRequest::default()
        })
        .await
        .unwrap();
}

async fn reseller_customer(world: &World) -> CustomerRow {
    rows(world, CustomerState::Active, AssociationType::Reseller)
        .await
        .remove(0)
}

/// The world's client with another endpoint or key, answering at once.
fn client_like(world: &World, change: impl FnOnce(&mut bss::ClientConfig)) -> BssClient {
    let mut config = world.bss.config().clone();
    config.retry = RetryPolicy {
        max_retries: 0,
        ..RetryPolicy::default()
    };
    change(&mut config);
    BssClient::new(config).unwrap()
}

#[tokio::test]
async fn console_budget_changes_join_the_timeline_once_marked_by_source() {
    let world = synced_world(20).await;
    let customer = reseller_customer(&world).await;
    // What BSS already lists (a seeded budget) stays below the changes made here.
    let before = open(&world, &world.bss, &customer).await;

    set_in_dashboard(&world, &customer, "1200.5").await;
    set_in_console(&world, &customer, 3400.0).await;
    let timeline = open(&world, &world.bss, &customer).await;

    assert_eq!(timeline.bss_problem, None);
    assert_eq!(timeline.total, before.total + 2, "{:#?}", timeline.entries);
    assert_eq!(timeline.entries.len() as u64, timeline.total);
    let sources: Vec<TimelineSource> = timeline.entries[..2]
        .iter()
        .map(TimelineEntry::source)
        .collect();
    assert_eq!(sources, [TimelineSource::Bss, TimelineSource::Dashboard]);
    let TimelineEntry::Bss(console) = &timeline.entries[0] else {
        unreachable!()
    };
    assert_eq!(
        (
            console.operation,
            console.budget_amount.as_str(),
            console.budget_type,
            console.made_by()
        ),
        (
            BssBudgetOperation::Setting,
            "3400.00",
            BudgetType::Package,
            bss::emulator::PARTNER_ACCOUNT_NAME
        )
    );
    let TimelineEntry::Dashboard(dashboard) = &timeline.entries[1] else {
        unreachable!()
    };
    assert_eq!(dashboard.header.operation.slug(), "set-budget");
    // BSS's record of the dashboard's change confirms that entry instead of being another.
    let confirmation = dashboard
        .confirmed_by_bss
        .as_ref()
        .expect("BSS's record of it");
    assert_eq!(
        (
            confirmation.budget_amount.as_str(),
            confirmation.budget_type
        ),
        ("1200.50", BudgetType::Monthly)
    );
    assert!(
        !timeline.entries.iter().any(|entry| matches!(
            entry,
            TimelineEntry::Bss(record) if record.budget_amount == "1200.50"
        )),
        "the dashboard's change is listed twice: {:#?}",
        timeline.entries
    );
    assert_eq!(timeline.entries[2..], before.entries[..]);
    // Newest first across both sources.
    assert!(timeline
        .entries
        .windows(2)
        .all(|pair| pair[0].time() >= pair[1].time()));

    // Opening it again reads the same records from BSS and stores none of them twice.
    let again = open(&world, &world.bss, &customer).await;
    assert_eq!(again, timeline);
}

#[tokio::test]
async fn when_bss_cannot_be_read_the_timeline_shows_what_is_stored_and_says_why() {
    let world = synced_world(20).await;
    let customer = reseller_customer(&world).await;
    set_in_dashboard(&world, &customer, "1200.5").await;
    let unreachable = client_like(&world, |config| {
        // A port nothing listens on: the emulator's, once it stopped.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        config.endpoint.set_port(Some(port)).unwrap();
    });

    // Never read from BSS: the dashboard's own record is still there.
    let timeline = open(&world, &unreachable, &customer).await;
    let [TimelineEntry::Dashboard(dashboard)] = &timeline.entries[..] else {
        panic!("{:#?}", timeline.entries)
    };
    assert_eq!(dashboard.header.operation.slug(), "set-budget");
    assert_eq!(dashboard.confirmed_by_bss, None);
    assert_eq!(timeline.total, 1);
    let problem = timeline.bss_problem.expect("a sentence");
    assert!(problem.starts_with("BSS could not be reached"), "{problem}");

    // Read once, then refused: what was stored stays listed.
    set_in_console(&world, &customer, 3400.0).await;
    let stored = open(&world, &world.bss, &customer).await;
    assert!(stored.total >= 2, "{:#?}", stored.entries);
    let refusing = client_like(&world, |config| {
        let Auth::AkSk {
            access_key,
            domain_id,
            ..
        } = config.auth.clone()
        else {
            unreachable!("the tests sign with AK/SK")
        };
        config.auth = Auth::AkSk {
            access_key,
            secret_key: Secret::new("not the secret key"),
            domain_id,
        };
    });
    set_in_console(&world, &customer, 5600.0).await;
    let timeline = open(&world, &refusing, &customer).await;
    assert_eq!(timeline.entries, stored.entries);
    assert_eq!(timeline.total, stored.total);
    let problem = timeline.bss_problem.expect("a sentence");
    assert!(
        problem.starts_with("BSS rejected the access key, secret key or request signature."),
        "{problem}"
    );
}

#[tokio::test]
async fn a_bss_that_does_not_answer_delays_the_timeline_only_so_long() {
    let world = synced_world(20).await;
    let customer = reseller_customer(&world).await;
    set_in_dashboard(&world, &customer, "1200.5").await;
    world
        .emulator
        .emulator()
        .set_faults(Faults {
            latency_ms: 60_000,
            ..Faults::default()
        })
        .unwrap();

    let started = std::time::Instant::now();
    let timeline = open(&world, &world.bss, &customer).await;
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert!(matches!(
        &timeline.entries[..],
        [TimelineEntry::Dashboard(entry)] if entry.header.operation.slug() == "set-budget"
    ));
    let problem = timeline.bss_problem.expect("a sentence");
    assert!(
        problem.starts_with("BSS did not answer in time."),
        "{problem}"
    );
}
