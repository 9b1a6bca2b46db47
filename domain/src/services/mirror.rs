//! The local mirror of the partner's customers (and each reseller's): a full sync that
//! pages through BSS within its rate limit, targeted refreshes after operations, and the
//! background task that keeps it current, one sync at a time across instances.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use bss::model::{
    AssociationType as WireAssociation, CustomerInfo, IndirectPartner, ListIndirectPartnersRequest,
    ListSubCustomerBudgetRequest, ListSubCustomersRequest, SubCustomerBudget,
    MAX_IDS_PER_BUDGET_QUERY,
};
use bss::BssClient;
use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use tokio::sync::Notify;

use super::db::{Db, Serialized};
use super::leases::{self, Holder, LeaseName};
use super::sql::stored_time;
use super::ServiceError;
use crate::budget::cents_from_amount;
use crate::customer::{AssociationType, CustomerState, FreezeLevel, SyncStatus};

/// The largest page ListSubCustomers and ListIndirectPartners return.
const BSS_PAGE_SIZE: u32 = 100;

/// Passes over a list that keeps changing under them before a sync stops trying to prove
/// which entries are gone (and removes none this time).
const MAX_PASSES: usize = 3;

/// When BSS was asked for what a row holds: microseconds since the Unix epoch at the moment
/// the request was sent (the answer may describe BSS at any point after that), compared in
/// SQL so that a newer read wins whatever order the answers arrive in.
type ReadAt = i64;

fn read_time() -> ReadAt {
    Utc::now().timestamp_micros()
}

/// Brings the whole mirror up to date: the resellers, then the partner's own customers and
/// each reseller's. Rows BSS no longer lists are removed once a complete pass has shown it
/// (see `Pass`); a newer read of a row (an operation's, a refresh's) always wins over an
/// older one; freeze levels the dashboard confirmed are kept while BSS still reports the
/// customer frozen.
pub async fn sync_all(db: &Db, bss: &BssClient) -> Result<u64, ServiceError> {
    let started_at = now();
    let run_id: i64 = db
        .query("INSERT INTO mirror_syncs (started_at) VALUES ($1) RETURNING id")
        .bind(&started_at)
        .scalar()
        .await?;
    let result = sync_scopes(db, bss).await;
    let (customers, error) = match &result {
        Ok(count) => (Some(i64::try_from(*count).unwrap_or(i64::MAX)), None),
        // Stored for every reader, so in the log's language.
        Err(error) => (None, Some(error.user_message().to_string())),
    };
    db.query("UPDATE mirror_syncs SET finished_at = $1, customers = $2, error = $3 WHERE id = $4")
        .bind(now())
        .bind(customers)
        .bind(error)
        .bind(run_id)
        .execute()
        .await?;
    result
}

async fn sync_scopes(db: &Db, bss: &BssClient) -> Result<u64, ServiceError> {
    let (_, complete_since) = read_passes(|offset| {
        Box::pin(async move {
            let request = ListIndirectPartnersRequest {
                offset: Some(offset),
                limit: Some(BSS_PAGE_SIZE),
                ..Default::default()
            };
            let sent = read_time();
            let page = bss.list_indirect_partners(&request).await?.body;
            store_resellers(db, &page.indirect_partners, sent).await?;
            let ids = page
                .indirect_partners
                .into_iter()
                .map(|reseller| reseller.indirect_partner_id);
            Ok((page.count, ids.collect()))
        })
    })
    .await?;
    if let Some(since) = complete_since {
        db.query("DELETE FROM resellers WHERE read_at < $1")
            .bind(since)
            .execute()
            .await?;
    }
    let resellers: Vec<String> = db
        .query("SELECT reseller_id FROM resellers")
        .scalars()
        .await?;
    let mut total = sync_scope(db, bss, None).await?;
    for reseller in &resellers {
        total += sync_scope(db, bss, Some(reseller)).await?;
    }
    Ok(total)
}

/// One pass over a list BSS pages by offset, which shifts when entries are added or removed
/// while it runs: an entry removed before the offset makes the next page skip one. Each page
/// after the first therefore starts at the previous page's last entry (the anchor). The pass
/// is complete, and has seen every entry listed throughout it, only when no page shows a
/// change: the anchor where it was, the count the first page gave, no entry twice, no page
/// short before the end. (Were BSS's order not stable between calls, no pass would be
/// complete: rows would be kept, never lost.)
#[derive(Default)]
struct Pass {
    offset: u32,
    anchor: Option<String>,
    count: Option<u64>,
    seen: HashSet<String>,
    changed: bool,
    done: bool,
}

impl Pass {
    fn next_offset(&self) -> Option<u32> {
        (!self.done).then_some(self.offset)
    }

    /// Takes in the page at `next_offset`: the ids on it, in order, and BSS's count.
    fn accept(&mut self, count: u64, ids: &[String]) {
        let fresh = match self.anchor.take() {
            Some(anchor) if ids.first() == Some(&anchor) => &ids[1..],
            Some(_) => {
                self.changed = true;
                ids
            }
            None => ids,
        };
        if *self.count.get_or_insert(count) != count {
            self.changed = true;
        }
        for id in fresh {
            if !self.seen.insert(id.clone()) {
                self.changed = true;
            }
        }
        let reached = u64::from(self.offset) + ids.len() as u64;
        if ids.len() < 2 || reached >= count {
            self.done = true;
            self.changed |= self.seen.len() as u64 != count;
        } else {
            self.changed |= ids.len() < BSS_PAGE_SIZE as usize;
            self.offset = u32::try_from(reached - 1).unwrap_or(u32::MAX);
            self.anchor = ids.last().cloned();
        }
    }

    fn is_complete(&self) -> bool {
        self.done && !self.changed
    }

    fn seen(&self) -> u64 {
        self.seen.len() as u64
    }
}

/// A page read: BSS's count of the whole list and the ids on the page, in order.
type PageRead<'a> = BoxFuture<'a, Result<(u64, Vec<String>), ServiceError>>;

/// Reads a list in passes until one is complete (at most [`MAX_PASSES`]). `read_page(offset)`
/// asks BSS for a page, stores it with the time its request was sent and says what it held.
/// Returns the last pass and, when it was complete, when it started: an entry not read since
/// then is no longer listed.
async fn read_passes<'a>(
    mut read_page: impl FnMut(u32) -> PageRead<'a>,
) -> Result<(Pass, Option<ReadAt>), ServiceError> {
    let mut passes = 0;
    loop {
        passes += 1;
        let started = read_time();
        let mut pass = Pass::default();
        while let Some(offset) = pass.next_offset() {
            let (count, ids) = read_page(offset).await?;
            pass.accept(count, &ids);
        }
        if pass.is_complete() {
            return Ok((pass, Some(started)));
        }
        if passes == MAX_PASSES {
            tracing::warn!(
                passes,
                "a BSS list kept changing while it was read; nothing is removed this time"
            );
            return Ok((pass, None));
        }
        tracing::info!("a BSS list changed while it was read; reading it again");
    }
}

async fn store_resellers(
    db: &Db,
    resellers: &[IndirectPartner],
    read_at: ReadAt,
) -> Result<(), ServiceError> {
    let mut tx = db.begin_serialized(Serialized::MirrorWrites).await?;
    for reseller in resellers {
        tx.query(
            "INSERT INTO resellers (reseller_id, account_name, name, email, associated_on, read_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (reseller_id) DO UPDATE SET account_name = excluded.account_name, \
             name = excluded.name, email = excluded.email, \
             associated_on = excluded.associated_on, read_at = excluded.read_at \
             WHERE excluded.read_at > resellers.read_at",
        )
        .bind(&reseller.indirect_partner_id)
        .bind(reseller.account_name.as_deref().unwrap_or_default())
        .bind(reseller.name.as_deref().unwrap_or_default())
        .bind(reseller.email.as_deref().unwrap_or_default())
        .bind(reseller.associated_on.as_deref().unwrap_or_default())
        .bind(read_at)
        .execute()
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Pages through one scope's customers, storing each page as it arrives so a long sync
/// shows progress and a failure keeps what was already fetched. A customer is removed only
/// when a complete pass that started after its last read did not list it; a failed or
/// changing pass removes nothing. Returns how many customers the last pass listed.
async fn sync_scope(db: &Db, bss: &BssClient, reseller: Option<&str>) -> Result<u64, ServiceError> {
    // Each page's budgets are read beside the next pages, at ListSubCustomerBudget's own
    // pace, so the sync takes as long as ListSubCustomers alone.
    let (budgets_to_read, mut pages_read) = tokio::sync::mpsc::unbounded_channel::<Vec<String>>();
    let budgets = async {
        while let Some(ids) = pages_read.recv().await {
            refresh_budgets(db, bss, reseller, &ids).await?;
        }
        Ok::<_, ServiceError>(())
    };
    let customers = async move {
        let (pass, complete_since) = read_passes(move |offset| {
            let budgets_to_read = budgets_to_read.clone();
            Box::pin(async move {
                let request = ListSubCustomersRequest {
                    offset: Some(offset),
                    limit: Some(BSS_PAGE_SIZE),
                    indirect_partner_id: reseller.map(str::to_owned),
                    ..Default::default()
                };
                let sent = read_time();
                let page = bss.list_sub_customers(&request).await?.body;
                store_customers(db, reseller, &page.customer_infos, sent).await?;
                // Closed only when the budget reader stopped on an error, which the join
                // below reports.
                let _ = budgets_to_read.send(with_budgets(&page.customer_infos));
                let ids = page.customer_infos.into_iter().map(|info| info.customer_id);
                Ok((page.count, ids.collect()))
            })
        })
        .await?;
        if let Some(since) = complete_since {
            db.query("DELETE FROM customers WHERE reseller_id = $1 AND read_at < $2")
                .bind(reseller.unwrap_or_default())
                .bind(since)
                .execute()
                .await?;
        }
        Ok(pass.seen())
    };
    let (seen, budgets) = tokio::join!(customers, budgets);
    budgets?;
    seen
}

/// Stores what BSS listed at `read_at`; a row read later (by a later page, a refresh or an
/// operation) keeps what it holds.
async fn store_customers(
    db: &Db,
    reseller: Option<&str>,
    customers: &[CustomerInfo],
    read_at: ReadAt,
) -> Result<(), ServiceError> {
    let mut tx = db.begin_serialized(Serialized::MirrorWrites).await?;
    for info in customers {
        let association = match info.association_type {
            Some(WireAssociation::Reseller) => AssociationType::Reseller,
            _ => AssociationType::Referral,
        };
        let name = info.customer.as_deref().unwrap_or_default();
        let account_name = info.account_name.as_deref().unwrap_or_default();
        let managers: Vec<&str> = info
            .account_managers
            .iter()
            .map(|manager| manager.account_name.as_str())
            .collect();
        // An unfrozen customer is active. A frozen one keeps a level this dashboard
        // confirmed; otherwise it is assumed to be at account level (see the migration).
        let assumed = if info.is_frozen {
            CustomerState::Frozen(FreezeLevel::Account)
        } else {
            CustomerState::Active
        };
        tx.query(
            "INSERT INTO customers (customer_id, reseller_id, customer, account_name, \
             association_type, associated_on, label, account_managers, email, telephone, state, \
             level_confirmed, search_text, read_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $14, $10, FALSE, $11, $12) \
             ON CONFLICT (customer_id) DO UPDATE SET reseller_id = excluded.reseller_id, \
             customer = excluded.customer, account_name = excluded.account_name, \
             association_type = excluded.association_type, \
             associated_on = excluded.associated_on, label = excluded.label, \
             account_managers = excluded.account_managers, email = excluded.email, \
             telephone = excluded.telephone, \
             state = CASE WHEN $13 AND customers.state <> 'active' AND customers.level_confirmed \
                          THEN customers.state ELSE excluded.state END, \
             level_confirmed = ($13 AND customers.state <> 'active' \
                                AND customers.level_confirmed), \
             resources_frozen_at = CASE WHEN $13 THEN customers.resources_frozen_at END, \
             search_text = excluded.search_text, read_at = excluded.read_at \
             WHERE excluded.read_at > customers.read_at",
        )
        .bind(&info.customer_id)
        .bind(reseller.unwrap_or_default())
        .bind(name)
        .bind(account_name)
        .bind(association.key())
        .bind(info.associated_on.as_deref().unwrap_or_default())
        .bind(info.label.as_deref().unwrap_or_default())
        .bind(managers.join(", "))
        .bind(info.email.as_deref().unwrap_or_default())
        .bind(assumed.key())
        .bind(search_text(name, account_name, &info.customer_id))
        .bind(read_at)
        .bind(info.is_frozen)
        .bind(info.telephone.as_deref().unwrap_or_default())
        .execute()
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The customers of a page that BSS keeps budgets for: the reseller-model ones.
fn with_budgets(customers: &[CustomerInfo]) -> Vec<String> {
    customers
        .iter()
        .filter(|info| info.association_type == Some(WireAssociation::Reseller))
        .map(|info| info.customer_id.clone())
        .collect()
}

/// Reads the budgets of `customer_ids`, reseller-model customers of one scope, at most
/// [`MAX_IDS_PER_BUDGET_QUERY`] a call (ListSubCustomerBudget), and stores them. A read BSS
/// refuses leaves the budgets stored before: the Budget Usage column shows the last ones it
/// knows, and the customers themselves are still synced.
pub async fn refresh_budgets(
    db: &Db,
    bss: &BssClient,
    reseller: Option<&str>,
    customer_ids: &[String],
) -> Result<(), ServiceError> {
    for ids in customer_ids.chunks(MAX_IDS_PER_BUDGET_QUERY) {
        let request = ListSubCustomerBudgetRequest {
            customer_ids: ids.to_vec(),
            indirect_partner_id: reseller.map(str::to_owned),
        };
        let sent = read_time();
        match bss.list_sub_customer_budget(&request).await {
            Ok(reply) => store_budgets(db, &reply.body.budget_infos, sent).await?,
            Err(error) => tracing::warn!(%error, customers = ids.len(), "budgets not read"),
        }
    }
    Ok(())
}

/// Stores budgets BSS reported at `read_at`, unless a later read stored one already.
async fn store_budgets(
    db: &Db,
    budgets: &[SubCustomerBudget],
    read_at: ReadAt,
) -> Result<(), ServiceError> {
    let cents = |amount: Option<f64>| {
        amount
            .and_then(cents_from_amount)
            .map(|cents| i64::try_from(cents).unwrap_or(i64::MAX))
    };
    let mut tx = db.begin_serialized(Serialized::MirrorWrites).await?;
    for budget in budgets {
        let Some(customer_id) = &budget.customer_id else {
            continue;
        };
        tx.query(
            "UPDATE customers SET budget_cents = $1, budget_used_cents = $2, \
             budget_currency = $3, budget_read_at = $4 \
             WHERE customer_id = $5 AND budget_read_at < $4",
        )
        .bind(cents(budget.budget_amount))
        .bind(cents(budget.used_amount))
        .bind(budget.currency.clone().unwrap_or_default())
        .bind(read_at)
        .bind(customer_id)
        .execute()
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Records the state an operation of this dashboard left customers in: the level is then
/// known, not assumed. BSS answered before this call, so the state holds from now: it
/// replaces what any read sent earlier holds (such a read may predate the change, even if
/// its answer arrives later) and gives way to any read sent after. A resource-level freeze
/// also records when it began, which the retention deadline counts from.
pub async fn record_state(
    db: &Db,
    customer_ids: &[String],
    state: CustomerState,
) -> Result<(), ServiceError> {
    let known_at = read_time();
    let resources_frozen = CustomerState::Frozen(FreezeLevel::AccountAndResource);
    let frozen_at = (state == resources_frozen).then(|| stored_time(Utc::now()));
    let mut tx = db.begin_serialized(Serialized::MirrorWrites).await?;
    for id in customer_ids {
        tx.query(
            "UPDATE customers SET state = $1, level_confirmed = $2, read_at = $3, \
             resources_frozen_at = CASE WHEN state = $1 THEN resources_frozen_at ELSE $5 END \
             WHERE customer_id = $4 AND read_at < $3",
        )
        .bind(state.key())
        .bind(state != CustomerState::Active)
        .bind(known_at)
        .bind(id)
        .bind(frozen_at.clone())
        .execute()
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Re-reads the given customers from BSS (one exact-id query each, within the rate
/// limit), and their budgets, right after an operation touched them.
pub async fn refresh(
    db: &Db,
    bss: &BssClient,
    reseller: Option<&str>,
    customer_ids: &[String],
) -> Result<(), ServiceError> {
    let mut with_budget = Vec::new();
    for id in customer_ids {
        let request = ListSubCustomersRequest {
            customer_id: Some(id.clone()),
            indirect_partner_id: reseller.map(str::to_owned),
            limit: Some(1),
            ..Default::default()
        };
        let sent = read_time();
        let page = bss.list_sub_customers(&request).await?.body;
        store_customers(db, reseller, &page.customer_infos, sent).await?;
        with_budget.extend(with_budgets(&page.customer_infos));
    }
    // One call for all of them rather than one each.
    refresh_budgets(db, bss, reseller, &with_budget).await
}

/// The sync as every instance sees it: when it last succeeded, its last error, and whether
/// one runs now (on any instance).
pub async fn status(db: &Db) -> Result<SyncStatus, ServiceError> {
    // One statement: every page of the list shows it.
    let (last_synced_at, last_error): (Option<String>, Option<String>) = db
        .query(
            "SELECT (SELECT finished_at FROM mirror_syncs WHERE error IS NULL \
                 AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1), \
                (SELECT error FROM mirror_syncs WHERE finished_at IS NOT NULL \
                 ORDER BY id DESC LIMIT 1)",
        )
        .fetch_one()
        .await?;
    Ok(SyncStatus {
        last_synced_at,
        running: leases::is_held(db, LeaseName::MirrorSync).await?,
        last_error,
    })
}

/// The resellers for the "Resellers' Customers" tab, by account name.
pub async fn resellers(db: &Db) -> Result<Vec<(String, String)>, ServiceError> {
    Ok(db
        .query(
            "SELECT reseller_id, CASE WHEN name = '' THEN account_name ELSE name END \
         FROM resellers ORDER BY account_name",
        )
        .fetch_all()
        .await?)
}

fn search_text(name: &str, account_name: &str, customer_id: &str) -> String {
    format!("{name}\u{1f}{account_name}\u{1f}{customer_id}").to_lowercase()
}

fn now() -> String {
    stored_time(Utc::now())
}

/// How long the sync lease lasts unrenewed: an instance that dies mid-sync holds the next
/// sync up for at most this long.
const SYNC_LEASE: Duration = Duration::from_secs(30);

/// How often each instance looks whether a sync is due (asked for on another instance, or
/// its interval passed).
const SYNC_POLL: Duration = Duration::from_secs(2);

/// Runs syncs in the background, one at a time across every instance on the database: at
/// start, every `interval`, and whenever staff on any instance ask for a refresh. Whichever
/// instance finds a sync due first takes the sync lease and runs it; refreshes asked for
/// during a run get one more run after it.
#[derive(Clone)]
pub struct MirrorSyncer {
    db: Db,
    wake: Arc<Notify>,
}

impl MirrorSyncer {
    pub fn spawn(db: Db, bss: BssClient, interval: Duration) -> Self {
        let syncer = Self {
            db: db.clone(),
            wake: Arc::new(Notify::new()),
        };
        let wake = Arc::clone(&syncer.wake);
        let holder = Holder::new_random();
        tokio::spawn(async move {
            loop {
                match sync_if_due(&db, &bss, &holder, interval).await {
                    // Refreshes may have been asked for during the run.
                    Ok(true) => continue,
                    Ok(false) => {}
                    Err(error) => tracing::warn!(%error, "cannot tell whether a sync is due"),
                }
                tokio::select! {
                    _ = wake.notified() => {},
                    _ = tokio::time::sleep(SYNC_POLL) => {},
                }
            }
        });
        syncer
    }

    /// Asks for a sync now (or right after the one under way, on whichever instance).
    pub async fn request(&self) -> Result<(), ServiceError> {
        self.db
            .query("INSERT INTO mirror_sync_requests (requested_at) VALUES ($1)")
            .bind(now())
            .execute()
            .await?;
        self.wake.notify_one();
        Ok(())
    }
}

/// Runs a sync if one is due and no instance runs one; whether it ran. Due is checked again
/// once the lease is held: another instance may have just finished the sync that was due.
async fn sync_if_due(
    db: &Db,
    bss: &BssClient,
    holder: &Holder,
    interval: Duration,
) -> Result<bool, ServiceError> {
    if due(db, interval).await?.is_none()
        || !leases::take(db, LeaseName::MirrorSync, holder, SYNC_LEASE).await?
    {
        return Ok(false);
    }
    let Some(served) = due(db, interval).await? else {
        leases::release(db, LeaseName::MirrorSync, holder).await?;
        return Ok(false);
    };
    // Should renewing fail and another instance start a sync too, the mirror stays right
    // (a newer read of a row always wins); the lease saves BSS calls, not correctness.
    let renew = async {
        loop {
            tokio::time::sleep(SYNC_LEASE / 3).await;
            if let Err(error) = leases::take(db, LeaseName::MirrorSync, holder, SYNC_LEASE).await {
                tracing::warn!(%error, "cannot renew the sync lease");
            }
        }
    };
    let synced = tokio::select! {
        synced = sync_all(db, bss) => synced,
        never = renew => never,
    };
    match synced {
        Ok(count) => tracing::info!(customers = count, "customer mirror synced"),
        Err(error) => tracing::warn!(%error, "customer mirror sync failed"),
    }
    // Served whether it succeeded or not: the page reports a failure, and staff may ask
    // again; retrying by itself would call a failing BSS without end.
    db.query("DELETE FROM mirror_sync_requests WHERE id <= $1")
        .bind(served)
        .execute()
        .await?;
    leases::release(db, LeaseName::MirrorSync, holder).await?;
    Ok(true)
}

/// When a sync is due (a refresh was asked for, the last sync started `interval` ago, or
/// there has been none), the newest request it serves (0 for none).
async fn due(db: &Db, interval: Duration) -> Result<Option<i64>, ServiceError> {
    let (requested, last_started): (Option<i64>, Option<String>) = db
        .query(
            "SELECT (SELECT MAX(id) FROM mirror_sync_requests), \
                    (SELECT started_at FROM mirror_syncs ORDER BY id DESC LIMIT 1)",
        )
        .fetch_one()
        .await?;
    let interval_passed = last_started.is_none_or(|started| {
        DateTime::parse_from_rfc3339(&started).map_or(true, |started| {
            Utc::now() - started.with_timezone(&Utc)
                >= chrono::Duration::from_std(interval).unwrap_or(chrono::Duration::MAX)
        })
    });
    Ok((requested.is_some() || interval_passed).then_some(requested.unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::{Pass, BSS_PAGE_SIZE};

    fn ids(range: std::ops::Range<usize>) -> Vec<String> {
        range.map(|n| format!("c{n:04}")).collect()
    }

    /// Feeds `list` (as it stands at each page) to a pass the way BSS would page it.
    fn run(lists: impl Fn(usize) -> Vec<String>) -> Pass {
        let mut pass = Pass::default();
        let mut page = 0;
        while let Some(offset) = pass.next_offset() {
            let list = lists(page);
            let start = (offset as usize).min(list.len());
            let end = (start + BSS_PAGE_SIZE as usize).min(list.len());
            pass.accept(list.len() as u64, &list[start..end]);
            page += 1;
        }
        pass
    }

    #[test]
    fn a_list_that_holds_still_is_read_completely_with_overlapping_pages() {
        for size in [0, 1, 99, 100, 101, 250] {
            let pass = run(|_| ids(0..size));
            assert!(pass.is_complete(), "{size}");
            assert_eq!(pass.seen(), size as u64);
        }
    }

    #[test]
    fn an_entry_removed_or_added_before_the_offset_makes_the_pass_incomplete() {
        let removed = run(|page| {
            let mut list = ids(0..250);
            if page > 0 {
                list.remove(10);
            }
            list
        });
        assert!(!removed.is_complete());
        let added = run(|page| {
            let mut list = ids(0..250);
            if page > 0 {
                list.insert(0, "new".into());
            }
            list
        });
        assert!(!added.is_complete());
    }

    #[test]
    fn a_count_that_moves_or_a_short_page_makes_the_pass_incomplete() {
        let grown_at_the_end = run(|page| ids(0..250 + page));
        assert!(!grown_at_the_end.is_complete());
        // A page cut short in the middle of the list: BSS skipped entries or lost some.
        let mut short = Pass::default();
        for page in [0..100, 99..150, 149..249, 248..250] {
            assert!(short.next_offset().is_some());
            short.accept(250, &ids(page));
        }
        assert_eq!((short.next_offset(), short.seen()), (None, 250));
        assert!(!short.is_complete());
    }
}
