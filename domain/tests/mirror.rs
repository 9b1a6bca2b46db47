//! The customer mirror against the real emulator and a real SQLite file.

mod support;

use bss::model::{FreezeSubCustomersRequest, FreezeType, ListSubCustomersRequest};
use domain::customer::{
    AssociationType, CustomerQuery, CustomerState, FreezeLevel, SortKey, SortOrder,
};
use domain::paging::PageRequest;
use domain::services::{customers, mirror};

fn query() -> CustomerQuery {
    CustomerQuery {
        page: PageRequest::new(1, 100),
        ..CustomerQuery::default()
    }
}

#[tokio::test]
async fn a_sync_mirrors_every_scope_bss_lists() {
    let world = support::world(30).await;
    let synced = mirror::sync_all(&world.db, &world.bss).await.unwrap();

    let direct = world
        .bss
        .list_sub_customers(&ListSubCustomersRequest::default())
        .await
        .unwrap()
        .body
        .count;
    let listed = customers::list(&world.db, &query()).await.unwrap();
    assert_eq!(listed.total, direct);
    assert_eq!(direct, 30);

    let resellers = mirror::resellers(&world.db).await.unwrap();
    assert!(!resellers.is_empty());
    let mut reseller_total = 0;
    for (reseller_id, _) in &resellers {
        let scoped = CustomerQuery {
            reseller: Some(reseller_id.clone()),
            ..query()
        };
        let page = customers::list(&world.db, &scoped).await.unwrap();
        assert!(page
            .rows
            .iter()
            .all(|row| row.reseller_id.as_ref() == Some(reseller_id)));
        reseller_total += page.total;
    }
    assert_eq!(synced, direct + reseller_total);

    let status = mirror::status(&world.db, false).await.unwrap();
    assert!(status.last_synced_at.is_some());
    assert_eq!(status.last_error, None);
}

#[tokio::test]
async fn filters_sort_and_paging_run_over_the_mirror() {
    let world = support::world(40).await;
    mirror::sync_all(&world.db, &world.bss).await.unwrap();
    let all = customers::list(&world.db, &query()).await.unwrap().rows;

    let by_name = customers::list(
        &world.db,
        &CustomerQuery {
            sort: SortKey::AccountName,
            order: Some(SortOrder::Ascending),
            ..query()
        },
    )
    .await
    .unwrap();
    let names: Vec<_> = by_name
        .rows
        .iter()
        .map(|r| r.account_name.clone())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);

    let target = &all[7];
    let search = CustomerQuery {
        search: target.customer_id[4..14].to_uppercase(),
        ..query()
    };
    let found = customers::list(&world.db, &search).await.unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.rows[0].customer_id, target.customer_id);

    let frozen = CustomerQuery {
        state: Some(CustomerState::Frozen(FreezeLevel::Account)),
        ..query()
    };
    let frozen_rows = customers::list(&world.db, &frozen).await.unwrap();
    let expected = all
        .iter()
        .filter(|r| r.state == frozen.state.unwrap())
        .count();
    assert_eq!(frozen_rows.total as usize, expected);

    let referral = CustomerQuery {
        association: Some(AssociationType::Referral),
        ..query()
    };
    let referral_rows = customers::list(&world.db, &referral).await.unwrap().rows;
    assert!(referral_rows
        .iter()
        .all(|r| r.association_type == AssociationType::Referral));

    let second_page = customers::list(
        &world.db,
        &CustomerQuery {
            page: PageRequest::new(2, 10),
            ..query()
        },
    )
    .await
    .unwrap();
    assert_eq!(second_page.rows, all[10..20].to_vec());
}

#[tokio::test]
async fn a_search_with_like_wildcards_matches_them_literally() {
    let world = support::world(10).await;
    mirror::sync_all(&world.db, &world.bss).await.unwrap();
    let all = customers::list(&world.db, &query()).await.unwrap().rows;
    for hostile in ["%", "_", "' OR 1=1 --", "\\"] {
        let literal_matches = all
            .iter()
            .filter(|row| {
                [&row.customer, &row.account_name, &row.customer_id]
                    .iter()
                    .any(|field| field.to_lowercase().contains(hostile))
            })
            .count();
        let page = customers::list(
            &world.db,
            &CustomerQuery {
                search: hostile.to_owned(),
                ..query()
            },
        )
        .await
        .unwrap();
        assert_eq!(page.total as usize, literal_matches, "{hostile}");
        assert!(
            page.total < all.len() as u64,
            "{hostile} matched everything"
        );
    }
}

#[tokio::test]
async fn a_confirmed_level_survives_later_syncs_until_bss_reports_the_customer_unfrozen() {
    let world = support::world(20).await;
    mirror::sync_all(&world.db, &world.bss).await.unwrap();
    let active = customers::list(
        &world.db,
        &CustomerQuery {
            state: Some(CustomerState::Active),
            association: Some(AssociationType::Reseller),
            ..query()
        },
    )
    .await
    .unwrap()
    .rows
    .remove(0);
    let ids = vec![active.customer_id.clone()];

    world
        .bss
        .freeze_sub_customers(&FreezeSubCustomersRequest {
            customer_ids: ids.clone(),
            reason: "Arrears".into(),
            freeze_type: Some(FreezeType::AccountAndResource),
            ..Default::default()
        })
        .await
        .unwrap();
    let resource_frozen = CustomerState::Frozen(FreezeLevel::AccountAndResource);
    mirror::record_state(&world.db, &ids, resource_frozen)
        .await
        .unwrap();

    mirror::sync_all(&world.db, &world.bss).await.unwrap();
    let row = customers::by_ids(&world.db, &ids).await.unwrap().remove(0);
    assert_eq!((row.state, row.level_confirmed), (resource_frozen, true));

    world
        .bss
        .unfreeze_sub_customers(&bss::model::UnfreezeSubCustomersRequest {
            customer_ids: ids.clone(),
            reason: "Paid".into(),
            unfreeze_type: Some(FreezeType::AccountAndResource),
            ..Default::default()
        })
        .await
        .unwrap();
    mirror::refresh(&world.db, &world.bss, None, &ids)
        .await
        .unwrap();
    let row = customers::by_ids(&world.db, &ids).await.unwrap().remove(0);
    assert_eq!(
        (row.state, row.level_confirmed),
        (CustomerState::Active, false)
    );
}
