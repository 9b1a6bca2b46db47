//! The resource preview of the resource-level dialogs, from the partner API's resource
//! queries on the real emulator.

mod support;

use std::collections::HashMap;

use support::{request, rows, run, synced_world};

use bss::model::{ListCustomerOnDemandResourcesRequest, OnDemandResourceStatus};
use chrono::{Duration, Utc};
use domain::customer::{AssociationType, CustomerRow, CustomerState};
use domain::impact::{BillingMode, ResourceEffect, ResourceListing, PREVIEW_CUSTOMERS};
use domain::operation::Operation;
use domain::retention::{RetentionSettings, DEFAULT_RETENTION_DAYS};
use domain::services::{customers, impact};
use domain::staff::Role;
use i18n::Language;

/// The effects listed for one customer, by resource id.
fn effects(listing: &ResourceListing) -> HashMap<String, (BillingMode, ResourceEffect)> {
    match listing {
        ResourceListing::Listed { resources, more } => {
            assert_eq!(*more, 0, "the test customers have few resources");
            resources
                .iter()
                .map(|r| (r.resource_id.clone(), (r.billing, r.effect.clone())))
                .collect()
        }
        ResourceListing::Failed(why) => panic!("not listed: {why}"),
    }
}

/// The first active reseller-model customer with resources of both billing modes.
async fn customer_with_both_modes(world: &support::World) -> CustomerRow {
    for customer in rows(world, CustomerState::Active, AssociationType::Reseller).await {
        let preview = impact::resource_preview(
            &world.bss,
            Operation::FreezeAccountAndResources,
            std::slice::from_ref(&customer),
            RetentionSettings::default(),
            Utc::now(),
            Language::En,
        )
        .await;
        let modes: std::collections::HashSet<BillingMode> = effects(&preview.customers[0].listing)
            .into_values()
            .map(|(billing, _)| billing)
            .collect();
        if modes.len() == 2 {
            return customer;
        }
    }
    panic!("no active customer has resources of both billing modes");
}

#[tokio::test]
async fn a_resource_freeze_stops_pay_per_use_resources_and_its_unfreeze_starts_them_again() {
    let world = synced_world(40).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let customer = customer_with_both_modes(&world).await;
    let now = Utc::now();
    let released_on = (now + Duration::days(i64::from(DEFAULT_RETENTION_DAYS)))
        .format("%Y-%m-%d")
        .to_string();

    let before = impact::resource_preview(
        &world.bss,
        Operation::FreezeAccountAndResources,
        std::slice::from_ref(&customer),
        RetentionSettings::default(),
        now,
        Language::En,
    )
    .await;
    assert_eq!(before.not_listed, 0);
    for (id, (billing, effect)) in effects(&before.customers[0].listing) {
        match billing {
            BillingMode::PayPerUse => assert_eq!(
                effect,
                ResourceEffect::Stops {
                    released_on: released_on.clone()
                },
                "{id}"
            ),
            BillingMode::YearlyMonthly => assert!(
                matches!(effect, ResourceEffect::KeepsWorking { until: Some(_) }),
                "{id}: {effect:?}"
            ),
        }
    }

    run(
        &world,
        &request(
            Operation::FreezeAccountAndResources,
            std::slice::from_ref(&customer),
            "Arrears",
        ),
        &operator,
    )
    .await
    .unwrap();
    let frozen = world
        .bss
        .list_all_customer_on_demand_resources(&ListCustomerOnDemandResourcesRequest {
            customer_id: customer.customer_id.clone(),
            ..ListCustomerOnDemandResourcesRequest::default()
        })
        .await
        .unwrap();
    assert!(!frozen.is_empty());
    assert!(frozen
        .iter()
        .all(|r| r.status == Some(OnDemandResourceStatus::Frozen)));

    let customer = customers::by_ids(&world.db, std::slice::from_ref(&customer.customer_id))
        .await
        .unwrap();
    let after = impact::resource_preview(
        &world.bss,
        Operation::UnfreezeAccountAndResources,
        &customer,
        RetentionSettings::default(),
        Utc::now(),
        Language::En,
    )
    .await;
    let after = effects(&after.customers[0].listing);
    let before = effects(&before.customers[0].listing);
    assert_eq!(
        after.keys().collect::<std::collections::BTreeSet<_>>(),
        before.keys().collect(),
        "the same resources"
    );
    for (id, (billing, effect)) in after {
        let expected = match billing {
            BillingMode::PayPerUse => ResourceEffect::StartsAgain,
            BillingMode::YearlyMonthly => before[&id].1.clone(),
        };
        assert_eq!(effect, expected, "{id}");
    }
}

#[tokio::test]
async fn a_customer_bss_lists_nothing_for_gets_a_sentence_and_the_others_their_resources() {
    let world = synced_world(40).await;
    let referral = rows(&world, CustomerState::Active, AssociationType::Referral)
        .await
        .remove(0);
    let resellers = rows(&world, CustomerState::Active, AssociationType::Reseller).await;
    let mut selected = vec![referral.clone()];
    selected.extend(resellers.into_iter().take(PREVIEW_CUSTOMERS + 1));

    let preview = impact::resource_preview(
        &world.bss,
        Operation::FreezeAccountAndResources,
        &selected,
        RetentionSettings::default(),
        Utc::now(),
        Language::En,
    )
    .await;
    assert_eq!(preview.customers.len(), PREVIEW_CUSTOMERS);
    assert_eq!(preview.not_listed, 2);
    assert_eq!(preview.customers[0].customer_id, referral.customer_id);
    match &preview.customers[0].listing {
        ResourceListing::Failed(why) => assert!(
            why.starts_with("BSS did not list this customer's resources: ") && why.len() > 50,
            "{why}"
        ),
        listed => panic!("a referral customer's resources were listed: {listed:?}"),
    }
    for customer in &preview.customers[1..] {
        effects(&customer.listing);
    }
}
