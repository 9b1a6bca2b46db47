//! The retention-deadline board and its alert, over the real emulator: a resource freeze
//! made here is listed with its exact deadline, one made elsewhere with the day it was first
//! seen, and the alert goes once per resource and deadline.

mod support;

use std::collections::BTreeSet;

use support::{request, rows, run, staff, synced_world, World};

use bss::model::{ListCustomerOnDemandResourcesRequest, OnDemandResourceStatus};
use chrono::{DateTime, Duration, Utc};
use domain::customer::{AssociationType, CustomerRow, CustomerState, FreezeLevel};
use domain::operation::Operation;
use domain::paging::PageRequest;
use domain::retention::{FrozenSince, RetentionBoard, RetentionSettings};
use domain::services::mail::{self, Mailer};
use domain::services::preferences;
use domain::services::retention::{self, AlertOutcome};
use domain::staff::Role;
use i18n::Language;

/// An active reseller-model customer with pay-per-use resources, and their ids.
async fn customer_with_resources(world: &World) -> (CustomerRow, BTreeSet<String>) {
    for customer in rows(world, CustomerState::Active, AssociationType::Reseller).await {
        let ids = on_demand_ids(world, &customer, None).await;
        if !ids.is_empty() {
            return (customer, ids);
        }
    }
    panic!("no active customer has pay-per-use resources");
}

async fn on_demand_ids(
    world: &World,
    customer: &CustomerRow,
    status: Option<OnDemandResourceStatus>,
) -> BTreeSet<String> {
    let request = ListCustomerOnDemandResourcesRequest {
        customer_id: customer.customer_id.clone(),
        status,
        ..ListCustomerOnDemandResourcesRequest::default()
    };
    world
        .bss
        .list_all_customer_on_demand_resources(&request)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|resource| resource.resource_id)
        .collect()
}

async fn whole_board(world: &World, settings: RetentionSettings) -> RetentionBoard {
    retention::board(&world.db, settings, PageRequest::new(1, 100), Utc::now())
        .await
        .unwrap()
}

/// Freezes the customer's resources from this dashboard; the moments just before and after.
async fn freeze(world: &World, customer: &CustomerRow) -> (DateTime<Utc>, DateTime<Utc>) {
    let operator = staff(&world.db, Role::Operator).await;
    let before = Utc::now();
    run(
        world,
        &request(
            Operation::FreezeAccountAndResources,
            std::slice::from_ref(customer),
            "Arrears",
        ),
        &operator,
    )
    .await
    .unwrap();
    (before, Utc::now())
}

#[tokio::test]
async fn a_resource_freeze_lists_the_customers_resources_with_its_deadline_until_unfrozen() {
    let world = synced_world(60).await;
    let (customer, resource_ids) = customer_with_resources(&world).await;
    let settings = RetentionSettings::new(15, 3).unwrap();
    let (before, after) = freeze(&world, &customer).await;

    let swept = retention::sweep(&world.db, &world.bss, Utc::now())
        .await
        .unwrap();
    assert_eq!((swept.failed, swept.more), (0, false));
    let board = whole_board(&world, settings).await;
    assert_eq!(board.unread, 0, "every frozen customer was read");
    let listed: Vec<_> = board
        .entries
        .iter()
        .filter(|entry| entry.customer.customer_id == customer.customer_id)
        .collect();
    let listed_ids: BTreeSet<String> = listed
        .iter()
        .map(|entry| entry.resource.resource_id.clone())
        .collect();
    assert_eq!(
        listed_ids, resource_ids,
        "every pay-per-use resource, frozen"
    );
    for entry in &listed {
        let FrozenSince::Exact(at) = entry.frozen_since else {
            panic!("the dashboard's own freeze has its time: {entry:?}");
        };
        assert!(before <= at && at <= after, "{at} not within the freeze");
        assert_eq!(entry.deadline, at + Duration::days(15));
    }
    // The seed's customers frozen at resource level were frozen before the dashboard saw them.
    let elsewhere: Vec<_> = board
        .entries
        .iter()
        .filter(|entry| entry.customer.customer_id != customer.customer_id)
        .collect();
    assert!(!elsewhere.is_empty(), "the seed freezes some resources");
    assert!(elsewhere
        .iter()
        .all(|entry| matches!(entry.frozen_since, FrozenSince::FirstSeen(_))));
    let deadlines: Vec<_> = board.entries.iter().map(|entry| entry.deadline).collect();
    assert!(deadlines.is_sorted(), "soonest first");
    assert_eq!(board.total, board.entries.len() as u64);

    // A second sweep within the re-read period asks BSS for nothing.
    let again = retention::sweep(&world.db, &world.bss, Utc::now())
        .await
        .unwrap();
    assert_eq!((again.read, again.failed), (0, 0));

    let operator = staff(&world.db, Role::Admin).await;
    let frozen = support::rows(
        &world,
        CustomerState::Frozen(FreezeLevel::AccountAndResource),
        AssociationType::Reseller,
    )
    .await;
    let row = frozen
        .into_iter()
        .find(|row| row.customer_id == customer.customer_id)
        .expect("the mirror knows the freeze's level");
    run(
        &world,
        &request(
            Operation::UnfreezeAccountAndResources,
            std::slice::from_ref(&row),
            "Paid",
        ),
        &operator,
    )
    .await
    .unwrap();
    retention::sweep(&world.db, &world.bss, Utc::now())
        .await
        .unwrap();
    let board = whole_board(&world, settings).await;
    assert!(board
        .entries
        .iter()
        .all(|entry| entry.customer.customer_id != customer.customer_id));
}

#[tokio::test]
async fn the_alert_goes_to_the_chosen_staff_once_per_resource_and_deadline() {
    let world = synced_world(60).await;
    let (customer, resource_ids) = customer_with_resources(&world).await;
    let (_, frozen_at) = freeze(&world, &customer).await;
    retention::sweep(&world.db, &world.bss, Utc::now())
        .await
        .unwrap();
    let admin = staff(&world.db, Role::Admin).await;
    // A member who chose Chinese reads the alert in Chinese; the admin never chose: English.
    let reads_chinese = staff(&world.db, Role::Viewer).await;
    preferences::set_language(&world.db, reads_chinese.id, Language::ZhCn, Utc::now())
        .await
        .unwrap();
    let settings = RetentionSettings::new(15, 3).unwrap();
    let inbox = || mail::demo_inbox(&world.db, admin.id);

    let due = frozen_at + Duration::days(12) + Duration::minutes(1);
    assert_eq!(
        retention::send_due_alerts(&world.db, &Mailer::DemoInbox, settings, due)
            .await
            .unwrap(),
        AlertOutcome::NoRecipients
    );
    assert!(
        retention::set_alert_recipients(&world.db, &[admin.id, 999_999])
            .await
            .is_err()
    );
    assert!(retention::alert_recipient_ids(&world.db)
        .await
        .unwrap()
        .is_empty());
    retention::set_alert_recipients(&world.db, &[admin.id, reads_chinese.id])
        .await
        .unwrap();

    let early = frozen_at + Duration::days(11);
    assert_eq!(
        retention::send_due_alerts(&world.db, &Mailer::DemoInbox, settings, early)
            .await
            .unwrap(),
        AlertOutcome::NothingDue
    );
    // Mail that cannot leave leaves the resources to the next pass.
    assert!(
        retention::send_due_alerts(&world.db, &Mailer::Unconfigured, settings, due)
            .await
            .is_err()
    );
    let AlertOutcome::Sent {
        resources,
        recipients,
    } = retention::send_due_alerts(&world.db, &Mailer::DemoInbox, settings, due)
        .await
        .unwrap()
    else {
        panic!("the alert is due");
    };
    assert!(resources >= resource_ids.len());
    assert_eq!(recipients, 2);
    let mails = inbox().await.unwrap();
    assert_eq!(mails.len(), 1);
    for id in &resource_ids {
        assert!(
            mails[0].body.contains(id.as_str()),
            "{id} in {}",
            mails[0].body
        );
    }
    let deadline = (frozen_at + Duration::days(15)).date_naive().to_string();
    assert!(mails[0].body.contains(&deadline), "{}", mails[0].body);
    assert!(mails[0].subject.starts_with("Partner Center: "));
    assert!(mails[0].body.contains("(in 2 days)"), "{}", mails[0].body);
    let chinese = mail::demo_inbox(&world.db, reads_chinese.id).await.unwrap();
    assert_eq!(chinese.len(), 1);
    assert!(chinese[0].subject.starts_with("伙伴中心："));
    assert!(
        chinese[0].body.contains(&Language::ZhCn.date(&deadline)),
        "{}",
        chinese[0].body
    );
    assert!(
        chinese[0].body.contains("（2 天后）"),
        "{}",
        chinese[0].body
    );
    for id in &resource_ids {
        assert!(
            chinese[0].body.contains(id.as_str()),
            "{id} in {}",
            chinese[0].body
        );
    }

    assert_eq!(
        retention::send_due_alerts(&world.db, &Mailer::DemoInbox, settings, due)
            .await
            .unwrap(),
        AlertOutcome::SentToday
    );
    assert_eq!(
        retention::send_due_alerts(
            &world.db,
            &Mailer::DemoInbox,
            settings,
            due + Duration::days(1)
        )
        .await
        .unwrap(),
        AlertOutcome::NothingDue,
        "each resource and deadline once"
    );
    // A longer retention period is a new deadline, alerted once more.
    let longer = RetentionSettings::new(20, 3).unwrap();
    let due_again = frozen_at + Duration::days(17) + Duration::minutes(1);
    assert!(matches!(
        retention::send_due_alerts(&world.db, &Mailer::DemoInbox, longer, due_again)
            .await
            .unwrap(),
        AlertOutcome::Sent { .. }
    ));
    assert_eq!(inbox().await.unwrap().len(), 2);
}
