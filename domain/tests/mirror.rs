//! The customer mirror against the real emulator and a real SQLite file.

mod support;

use std::time::Duration;

use bss::model::{Faults, FreezeSubCustomersRequest, FreezeType, ListSubCustomersRequest};
use domain::budget::{cents_from_amount, BudgetUsage};
use domain::customer::{
    AssociationType, CustomerQuery, CustomerRow, CustomerState, FreezeLevel, SortKey, SortOrder,
};
use domain::operation::Operation;
use domain::paging::PageRequest;
use domain::services::db::Db;
use domain::services::mirror::MirrorSyncer;
use domain::services::operations::{self, InFlight};
use domain::services::{customers, mirror};
use domain::staff::Role;

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

    let status = mirror::status(&world.db).await.unwrap();
    assert!(status.last_synced_at.is_some());
    assert_eq!(status.last_error, None);
    assert!(!status.running);
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

/// Whether `row`'s name, account name or id contains `text`, ignoring case: what a search
/// of `text` lists.
fn contains(row: &CustomerRow, text: &str) -> bool {
    [&row.customer, &row.account_name, &row.customer_id]
        .iter()
        .any(|field| field.to_lowercase().contains(&text.to_lowercase()))
}

#[tokio::test]
async fn a_search_with_like_wildcards_matches_them_literally() {
    let world = support::world(10).await;
    mirror::sync_all(&world.db, &world.bss).await.unwrap();
    let all = customers::list(&world.db, &query()).await.unwrap().rows;
    for hostile in ["%", "_", "' OR 1=1 --", "\\"] {
        let literal_matches = all.iter().filter(|row| contains(row, hostile)).count();
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

/// The partner's own customers in BSS's list order, read while nothing else runs.
async fn bss_order(world: &support::World) -> Vec<String> {
    let mut ids = Vec::new();
    loop {
        let page = world
            .bss
            .list_sub_customers(&ListSubCustomersRequest {
                offset: Some(ids.len() as u32),
                limit: Some(100),
                ..Default::default()
            })
            .await
            .unwrap()
            .body;
        let received = page.customer_infos.len();
        ids.extend(page.customer_infos.into_iter().map(|info| info.customer_id));
        if received == 0 || ids.len() as u64 >= page.count {
            return ids;
        }
    }
}

/// Checks that the mirror lists exactly `expected` as the partner's own customers, naming
/// those missing and those left over.
async fn assert_mirrors_direct(world: &support::World, expected: &[String]) {
    let mirrored: Vec<String> = world
        .db
        .query("SELECT customer_id FROM customers WHERE reseller_id = ''")
        .scalars()
        .await
        .unwrap();
    let missing: Vec<&String> = expected
        .iter()
        .filter(|id| !mirrored.contains(id))
        .collect();
    let extra: Vec<&String> = mirrored
        .iter()
        .filter(|id| !expected.contains(id))
        .collect();
    assert_eq!((missing, extra), (vec![], vec![]), "(missing, left over)");
}

/// The first customer at or after `position` in BSS's order that can be frozen: one of the
/// partner's own reseller-model customers, active in the mirror.
async fn freezable_from(world: &support::World, order: &[String], position: usize) -> CustomerRow {
    let freezable: Vec<String> = world
        .db
        .query(
            "SELECT customer_id FROM customers WHERE reseller_id = '' AND state = 'active' \
         AND association_type = 'reseller'",
        )
        .scalars()
        .await
        .unwrap();
    let id = order[position..]
        .iter()
        .find(|id| freezable.contains(id))
        .expect("a freezable customer");
    customers::by_ids(&world.db, std::slice::from_ref(id))
        .await
        .unwrap()
        .remove(0)
}

/// Runs a sync whose answer to the page listing `held` (already read) waits until `meanwhile`
/// has run.
async fn sync_while<F, Fut>(world: &support::World, held: &str, meanwhile: F)
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut hold = world.emulator.emulator().hold_listing_with(held);
    let sync = tokio::spawn({
        let (db, bss) = (world.db.clone(), world.bss.clone());
        async move { mirror::sync_all(&db, &bss).await }
    });
    tokio::time::timeout(Duration::from_secs(30), hold.reached())
        .await
        .expect("the sync reads the page");
    meanwhile().await;
    hold.release();
    sync.await.unwrap().unwrap();
}

#[tokio::test]
async fn operations_during_a_sync_keep_their_customers_listed_with_the_new_state() {
    let world = support::synced_world(300).await;
    let actor = support::staff(&world.db, Role::Operator).await;
    let order = bss_order(&world).await;
    // Pages hold 100 customers: `read` is on the first page, `in_flight` well inside the
    // second (whose answer the emulator holds, the page already read), `unread` on a later
    // page the sync asks for only after the operation.
    let read = freezable_from(&world, &order, 10).await;
    let in_flight = freezable_from(&world, &order, 130).await;
    let unread = freezable_from(&world, &order, 230).await;
    let targets = vec![read, in_flight.clone(), unread];

    let freeze = support::request(Operation::FreezeAccount, &targets, "Arrears");
    sync_while(&world, &in_flight.customer_id, || async {
        let started = operations::start(
            &world.db,
            &world.bss,
            &InFlight::new(world.db.clone()),
            &freeze,
            support::context(&actor),
        )
        .await
        .unwrap();
        let task = started.task.expect("a first submit runs its operation");
        task.await.unwrap();
    })
    .await;

    let ids: Vec<String> = targets.iter().map(|c| c.customer_id.clone()).collect();
    let listed = customers::by_ids(&world.db, &ids).await.unwrap();
    let states: Vec<_> = listed
        .iter()
        .map(|row| (row.customer_id.clone(), row.state))
        .collect();
    let frozen = CustomerState::Frozen(FreezeLevel::Account);
    assert_eq!(
        states,
        ids.iter()
            .map(|id| (id.clone(), frozen))
            .collect::<Vec<_>>()
    );

    let unfreeze = support::request(Operation::UnfreezeAccount, &listed, "Paid");
    support::run(&world, &unfreeze, &actor).await.unwrap();
    for id in &ids {
        let customer = world.emulator.emulator().customer(id, None).await.unwrap();
        assert_eq!(customer.freeze_type, None, "{id} was unfrozen");
    }
}

#[tokio::test]
async fn a_sync_against_a_list_that_grows_meanwhile_misses_nobody() {
    let world = support::synced_world(250).await;
    let order = bss_order(&world).await;
    let emulator = world.emulator.emulator();
    // Newest first: a new association shifts every later customer one place on.
    sync_while(&world, &order[150], || async {
        emulator.associate_customer(None).await.unwrap();
    })
    .await;
    let now_listed = bss_order(&world).await;
    assert_eq!(now_listed.len(), 251);
    assert_mirrors_direct(&world, &now_listed).await;
}

#[tokio::test]
async fn a_sync_against_a_list_that_shrinks_meanwhile_removes_only_the_removed() {
    let world = support::synced_world(250).await;
    let order = bss_order(&world).await;
    let emulator = world.emulator.emulator();
    // One already read, one not yet: the first shifts every later customer one place back.
    let (read, unread) = (order[10].clone(), order[230].clone());
    sync_while(&world, &order[150], || async {
        emulator.end_association(&read).await.unwrap();
        emulator.end_association(&unread).await.unwrap();
    })
    .await;
    let expected: Vec<String> = order
        .iter()
        .filter(|id| **id != read && **id != unread)
        .cloned()
        .collect();
    assert_mirrors_direct(&world, &expected).await;
}

async fn sync_runs(db: &Db) -> i64 {
    db.query("SELECT COUNT(*) FROM mirror_syncs")
        .scalar()
        .await
        .unwrap()
}

/// Polls `done` every 100 ms for up to `secs` seconds.
async fn eventually<F: std::future::Future<Output = bool>>(
    secs: u64,
    what: &str,
    mut done: impl FnMut() -> F,
) {
    for _ in 0..secs * 10 {
        if done().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} did not happen within {secs} s");
}

/// Two instances on one database (two syncers, two pools): one sync between them at start,
/// which both see running; a refresh asked for on either runs one more, on whichever.
#[tokio::test]
async fn instances_on_one_database_sync_one_at_a_time_and_serve_each_others_refreshes() {
    let world = support::world(30).await;
    let other = world.database.connect().await.unwrap();
    // Slow enough to be seen running from the other instance.
    world
        .emulator
        .emulator()
        .set_faults(Faults {
            latency_ms: 400,
            ..Faults::default()
        })
        .unwrap();
    let hour = Duration::from_secs(3600);
    let a = MirrorSyncer::spawn(world.db.clone(), world.bss.clone(), hour);
    let b = MirrorSyncer::spawn(other.clone(), world.bss.clone(), hour);
    eventually(10, "a sync to show as running on both", || async {
        mirror::status(&world.db).await.unwrap().running
            && mirror::status(&other).await.unwrap().running
    })
    .await;
    eventually(30, "the first sync to finish", || async {
        mirror::status(&other)
            .await
            .unwrap()
            .last_synced_at
            .is_some()
    })
    .await;
    // Both instances looked again (they poll every 2 s): nobody synced twice.
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(sync_runs(&world.db).await, 1);
    assert!(!mirror::status(&other).await.unwrap().running);

    for (asked, syncer) in [(2, &b), (3, &a)] {
        syncer.request().await.unwrap();
        eventually(30, "the asked-for sync to finish", || async {
            sync_runs(&world.db).await == asked && !mirror::status(&world.db).await.unwrap().running
        })
        .await;
    }
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(sync_runs(&world.db).await, 3);
}

/// The page a plain scan of the mirror gives for `query`: every row tested against the
/// search (as the list defines it) and the status, sorted, no index asked for.
async fn scanned_page(db: &Db, query: &CustomerQuery) -> Vec<String> {
    // The URL's sort keys are the column names, but for these two.
    let column = match query.sort {
        SortKey::AccountManager => "account_managers",
        SortKey::Status => "state",
        other => other.key(),
    };
    let direction = match query.effective_order() {
        SortOrder::Ascending => "ASC",
        SortOrder::Descending => "DESC",
    };
    let mut scan =
        db.query("SELECT customer_id FROM customers WHERE reseller_id = '' AND search_text LIKE ");
    scan.push_bind(format!("%{}%", query.search));
    if let Some(state) = query.state {
        scan.push(" AND state = ").push_bind(state.key());
    }
    scan.push(format_args!(
        " ORDER BY {column} {direction}, customer_id {direction} LIMIT "
    ))
    .push_bind(i64::from(query.page.page_size))
    .push(" OFFSET ")
    .push_bind(i64::try_from(query.page.offset()).unwrap());
    scan.scalars().await.unwrap()
}

#[tokio::test]
async fn every_search_lists_what_a_plain_scan_finds_in_the_same_order() {
    // Enough customers that "ltd" and "有限公司" (each in about one search text of six)
    // match more than the count's cap: their pages walk the sort indexes. "ics" and an id
    // fragment match fewer and start from the trigram index; a frozen status (rare) starts
    // from the status index. "华信", a Chinese brand, is too short for the index.
    let world = support::world(8_000).await;
    mirror::sync_all(&world.db, &world.bss).await.unwrap();
    let some_id = customers::list(&world.db, &query()).await.unwrap().rows[7]
        .customer_id
        .clone();
    for common in ["ltd", "有限公司"] {
        let common = CustomerQuery {
            search: common.to_owned(),
            ..query()
        };
        assert!(customers::list(&world.db, &common).await.unwrap().capped);
    }

    for search in ["ltd", "有限公司", "ics", "华信", &some_id[4..10]] {
        for state in [
            None,
            Some(CustomerState::Active),
            Some(CustomerState::Frozen(FreezeLevel::Account)),
        ] {
            for sort in SortKey::ALL {
                for order in [SortOrder::Ascending, SortOrder::Descending] {
                    for page in [1, 4] {
                        let view = CustomerQuery {
                            search: search.to_owned(),
                            state,
                            sort,
                            order: Some(order),
                            page: PageRequest::new(page, 20),
                            ..CustomerQuery::default()
                        };
                        let listed: Vec<String> = customers::list(&world.db, &view)
                            .await
                            .unwrap()
                            .rows
                            .into_iter()
                            .map(|row| row.customer_id)
                            .collect();
                        assert_eq!(listed, scanned_page(&world.db, &view).await, "{view:?}");
                    }
                }
            }
        }
    }
}

#[tokio::test]
async fn a_view_matching_more_than_the_cap_is_counted_to_it() {
    let extra = 50;
    let world = support::world(domain::customer::COUNT_CAP as usize + extra).await;
    mirror::sync_all(&world.db, &world.bss).await.unwrap();
    // A date filter every customer passes: counted by reading the rows, not from the
    // per-scope counts.
    let everyone = CustomerQuery {
        associated_from: Some("2000-01-01".to_owned()),
        ..query()
    };
    let page = customers::list(&world.db, &everyone).await.unwrap();
    assert!(page.capped);
    assert_eq!(page.total, domain::customer::COUNT_CAP);
    assert_eq!(page.rows.len(), 100);

    let scope = customers::list(&world.db, &query()).await.unwrap();
    assert!(!scope.capped);
    assert!(scope.total > domain::customer::COUNT_CAP);

    let few = CustomerQuery {
        search: page.rows[0].customer_id.clone(),
        ..everyone
    };
    let found = customers::list(&world.db, &few).await.unwrap();
    assert_eq!((found.total, found.capped), (1, false));
}

/// The ids a search of `text` in `scope` lists, page after page, as many as its count says.
async fn searched(db: &Db, scope: &CustomerQuery, text: &str) -> Vec<String> {
    let view = CustomerQuery {
        search: text.to_owned(),
        ..scope.clone()
    };
    let total = customers::list(db, &view).await.unwrap().total;
    let ids: Vec<String> = whole_list(db, &view)
        .await
        .into_iter()
        .map(|row| row.customer_id)
        .collect();
    assert_eq!(total as usize, ids.len(), "{text}");
    ids
}

/// The ids of `rows` that a search of `text` lists, in their order.
fn literally(rows: &[CustomerRow], text: &str) -> Vec<String> {
    rows.iter()
        .filter(|row| contains(row, text))
        .map(|row| row.customer_id.clone())
        .collect()
}

#[tokio::test]
async fn chinese_names_are_found_by_searches_of_every_length() {
    // Seed 7's 200 customers: about one in four has a Chinese name.
    let world = support::world(200).await;
    mirror::sync_all(&world.db, &world.bss).await.unwrap();
    let everyone = whole_list(&world.db, &query()).await;
    let company = everyone
        .iter()
        .find(|row| row.customer.ends_with("有限公司"))
        .expect("a Chinese-named company");
    let person = everyone
        .iter()
        .find(|row| !row.customer.is_ascii() && !row.customer.ends_with("有限公司"))
        .expect("a Chinese-named person");
    // City (two characters), brand (two), sector, 有限公司.
    let name: Vec<char> = company.customer.chars().collect();
    let part = |from: usize, to: usize| name[from..to].iter().collect::<String>();
    // One and two characters: no trigram, every row is tested; three and more: the index.
    for (text, target) in [
        (part(2, 3), company),
        (part(2, 4), company),
        (part(0, 3), company),
        (part(0, 4), company),
        (company.customer.clone(), company),
        (person.customer.clone(), person),
    ] {
        let found = searched(&world.db, &query(), &text).await;
        assert!(found.contains(&target.customer_id), "{text}");
        assert_eq!(found, literally(&everyone, &text), "{text}");
    }
    for nothing in ["龙", "龙凤", "龙凤呈祥"] {
        assert_eq!(
            searched(&world.db, &query(), nothing).await,
            Vec::<String>::new()
        );
    }

    // The seed's second reseller is Chinese-named: the mirror lists it by that name, and
    // Chinese searches in each reseller's scope find what it holds.
    let seed = bss::emulator::seed_data(7, 200, chrono::Utc::now());
    let chinese = &seed.indirect_partners[1];
    let resellers = mirror::resellers(&world.db).await.unwrap();
    let listed = (
        chinese.indirect_partner_id.clone(),
        chinese.name.clone().unwrap(),
    );
    assert!(
        !listed.1.is_ascii() && resellers.contains(&listed),
        "{resellers:?}"
    );
    let mut found_in_scopes = 0;
    for (reseller_id, _) in resellers {
        let scope = CustomerQuery {
            reseller: Some(reseller_id),
            ..query()
        };
        let its = whole_list(&world.db, &scope).await;
        for row in its.iter().filter(|row| !row.customer.is_ascii()) {
            let name: Vec<char> = row.customer.chars().collect();
            for text in [name[..2].iter().collect::<String>(), row.customer.clone()] {
                let found = searched(&world.db, &scope, &text).await;
                assert!(found.contains(&row.customer_id), "{text}");
                assert_eq!(found, literally(&its, &text), "{text}");
                found_in_scopes += 1;
            }
        }
    }
    assert!(
        found_in_scopes > 0,
        "no reseller has a Chinese-named customer"
    );
}

/// Every customer `view` lists, page after page.
async fn whole_list(db: &Db, view: &CustomerQuery) -> Vec<CustomerRow> {
    let mut rows = Vec::new();
    for page in 1.. {
        let listed = customers::list(db, &view.with_page(PageRequest::new(page, 100)))
            .await
            .unwrap()
            .rows;
        if listed.is_empty() {
            return rows;
        }
        rows.extend(listed);
    }
    unreachable!()
}

#[tokio::test]
async fn the_mirror_holds_the_budget_bss_reports_for_each_customer_and_set_budget_updates_it() {
    let world = support::synced_world(60).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let mut scopes = vec![None];
    scopes.extend(
        mirror::resellers(&world.db)
            .await
            .unwrap()
            .into_iter()
            .map(|(id, _)| Some(id)),
    );
    let mut budgets = 0;
    for reseller in scopes {
        let view = CustomerQuery {
            reseller: reseller.clone(),
            ..query()
        };
        for row in whole_list(&world.db, &view).await {
            if row.association_type == AssociationType::Referral {
                assert_eq!(row.budget, None, "{}", row.customer_id);
                continue;
            }
            let in_bss = world
                .bss
                .show_sub_customer_budget(&row.customer_id, reseller.as_deref())
                .await
                .unwrap()
                .body;
            let expected = in_bss.budget_amount.map(|amount| BudgetUsage {
                budget_cents: cents_from_amount(amount).unwrap(),
                used_cents: cents_from_amount(in_bss.used_amount.unwrap()).unwrap(),
                currency: in_bss.currency.clone().unwrap(),
            });
            budgets += usize::from(expected.is_some());
            assert_eq!(row.budget, expected, "{}", row.customer_id);
        }
    }
    assert!(budgets > 20, "only {budgets} customers have budgets");

    // Set Budget shows in the list at once, before any sync.
    let customer = support::rows(&world, CustomerState::Active, AssociationType::Reseller)
        .await
        .remove(0);
    let used = customer
        .budget
        .as_ref()
        .map_or(0, |budget| budget.used_cents);
    domain::services::budget::set_budget(
        &world.db,
        &world.bss,
        &InFlight::new(world.db.clone()),
        &support::budget_request(&customer, "1234.56", false),
        support::context(&operator),
    )
    .await
    .unwrap();
    let after = customers::by_ids(&world.db, std::slice::from_ref(&customer.customer_id))
        .await
        .unwrap()
        .remove(0);
    assert_eq!(
        after
            .budget
            .map(|budget| (budget.budget_cents, budget.used_cents)),
        Some((123_456, used))
    );
}

#[tokio::test]
async fn budget_used_lists_exactly_the_customers_that_spent_that_share() {
    let world = support::synced_world(300).await;
    let everyone = whole_list(&world.db, &query()).await;
    for percent in [0, 50, 80, 100, 101] {
        let view = CustomerQuery {
            budget_used: Some(percent),
            ..query()
        };
        let listed: Vec<String> = whole_list(&world.db, &view)
            .await
            .into_iter()
            .map(|row| row.customer_id)
            .collect();
        let expected: Vec<String> = everyone
            .iter()
            .filter(|row| {
                row.budget
                    .as_ref()
                    .is_some_and(|budget| budget.used_at_least(percent))
            })
            .map(|row| row.customer_id.clone())
            .collect();
        assert_eq!(listed, expected, "{percent} %");
        assert_eq!(
            customers::list(&world.db, &view).await.unwrap().total,
            expected.len() as u64
        );
        if percent == 80 {
            assert!(!expected.is_empty() && expected.len() < everyone.len() / 2);
        }
    }
}
