//! The local mirror of the partner's customers (and each reseller's): a full sync that
//! pages through BSS within its rate limit, targeted refreshes after operations, and the
//! background task that keeps it current.

use std::sync::Arc;
use std::time::Duration;

use bss::model::{
    AssociationType as WireAssociation, CustomerInfo, IndirectPartner, ListIndirectPartnersRequest,
    ListSubCustomersRequest,
};
use bss::BssClient;
use chrono::{DateTime, Utc};
use tokio::sync::{Mutex, Notify};

use super::db::Db;
use super::ServiceError;
use crate::customer::{AssociationType, CustomerState, FreezeLevel, SyncStatus};

/// The largest page ListSubCustomers and ListIndirectPartners return.
const BSS_PAGE_SIZE: u32 = 100;

/// Brings the whole mirror up to date: the resellers, then the partner's own customers and
/// each reseller's. Rows BSS no longer lists are removed; freeze levels the dashboard
/// confirmed are kept while BSS still reports the customer frozen.
pub async fn sync_all(db: &Db, bss: &BssClient) -> Result<u64, ServiceError> {
    let started_at = now();
    let run_id: i64 =
        sqlx::query_scalar("INSERT INTO mirror_syncs (started_at) VALUES ($1) RETURNING id")
            .bind(&started_at)
            .fetch_one(db)
            .await?;
    let result = sync_scopes(db, bss, &started_at).await;
    let (customers, error) = match &result {
        Ok(count) => (Some(i64::try_from(*count).unwrap_or(i64::MAX)), None),
        Err(error) => (None, Some(error.user_message())),
    };
    sqlx::query(
        "UPDATE mirror_syncs SET finished_at = $1, customers = $2, error = $3 WHERE id = $4",
    )
    .bind(now())
    .bind(customers)
    .bind(error)
    .bind(run_id)
    .execute(db)
    .await?;
    result
}

async fn sync_scopes(db: &Db, bss: &BssClient, run_stamp: &str) -> Result<u64, ServiceError> {
    let resellers = fetch_resellers(bss).await?;
    let mut total = sync_scope(db, bss, None, run_stamp).await?;
    for reseller in &resellers {
        total += sync_scope(db, bss, Some(&reseller.indirect_partner_id), run_stamp).await?;
    }
    store_resellers(db, &resellers, run_stamp).await?;
    Ok(total)
}

async fn fetch_resellers(bss: &BssClient) -> Result<Vec<IndirectPartner>, ServiceError> {
    let mut resellers = Vec::new();
    loop {
        let request = ListIndirectPartnersRequest {
            offset: Some(u32::try_from(resellers.len()).unwrap_or(u32::MAX)),
            limit: Some(BSS_PAGE_SIZE),
            ..Default::default()
        };
        let page = bss.list_indirect_partners(&request).await?.body;
        let received = page.indirect_partners.len();
        resellers.extend(page.indirect_partners);
        if received == 0 || resellers.len() as u64 >= page.count {
            return Ok(resellers);
        }
    }
}

async fn store_resellers(
    db: &Db,
    resellers: &[IndirectPartner],
    run_stamp: &str,
) -> Result<(), ServiceError> {
    let mut tx = db.begin().await?;
    for reseller in resellers {
        sqlx::query(
            "INSERT INTO resellers (reseller_id, account_name, name, email, associated_on, synced_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (reseller_id) DO UPDATE SET account_name = excluded.account_name, \
             name = excluded.name, email = excluded.email, \
             associated_on = excluded.associated_on, synced_at = excluded.synced_at",
        )
        .bind(&reseller.indirect_partner_id)
        .bind(reseller.account_name.as_deref().unwrap_or_default())
        .bind(reseller.name.as_deref().unwrap_or_default())
        .bind(reseller.email.as_deref().unwrap_or_default())
        .bind(reseller.associated_on.as_deref().unwrap_or_default())
        .bind(run_stamp)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("DELETE FROM resellers WHERE synced_at <> $1")
        .bind(run_stamp)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Pages through one scope's customers, storing each page as it arrives so a long sync
/// shows progress and a failure keeps what was already fetched.
async fn sync_scope(
    db: &Db,
    bss: &BssClient,
    reseller: Option<&str>,
    run_stamp: &str,
) -> Result<u64, ServiceError> {
    let mut seen: u64 = 0;
    loop {
        let request = ListSubCustomersRequest {
            offset: Some(u32::try_from(seen).unwrap_or(u32::MAX)),
            limit: Some(BSS_PAGE_SIZE),
            indirect_partner_id: reseller.map(str::to_owned),
            ..Default::default()
        };
        let page = bss.list_sub_customers(&request).await?.body;
        let received = page.customer_infos.len() as u64;
        store_customers(db, reseller, &page.customer_infos, run_stamp).await?;
        seen += received;
        if received == 0 || seen >= page.count {
            break;
        }
    }
    sqlx::query("DELETE FROM customers WHERE reseller_id = $1 AND synced_at <> $2")
        .bind(reseller.unwrap_or_default())
        .bind(run_stamp)
        .execute(db)
        .await?;
    Ok(seen)
}

async fn store_customers(
    db: &Db,
    reseller: Option<&str>,
    customers: &[CustomerInfo],
    run_stamp: &str,
) -> Result<(), ServiceError> {
    let mut tx = db.begin().await?;
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
        sqlx::query(
            "INSERT INTO customers (customer_id, reseller_id, customer, account_name, \
             association_type, associated_on, label, account_managers, email, state, \
             level_confirmed, search_text, synced_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12) \
             ON CONFLICT (customer_id) DO UPDATE SET reseller_id = excluded.reseller_id, \
             customer = excluded.customer, account_name = excluded.account_name, \
             association_type = excluded.association_type, \
             associated_on = excluded.associated_on, label = excluded.label, \
             account_managers = excluded.account_managers, email = excluded.email, \
             state = CASE WHEN $13 AND customers.state <> 'active' AND customers.level_confirmed = 1 \
                          THEN customers.state ELSE excluded.state END, \
             level_confirmed = CASE WHEN $13 AND customers.state <> 'active' \
                                    AND customers.level_confirmed = 1 THEN 1 ELSE 0 END, \
             search_text = excluded.search_text, synced_at = excluded.synced_at",
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
        .bind(run_stamp)
        .bind(info.is_frozen)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Records the state an operation of this dashboard left customers in: the level is then
/// known, not assumed.
pub async fn record_state(
    db: &Db,
    customer_ids: &[String],
    state: CustomerState,
) -> Result<(), ServiceError> {
    let mut tx = db.begin().await?;
    for id in customer_ids {
        sqlx::query("UPDATE customers SET state = $1, level_confirmed = $2 WHERE customer_id = $3")
            .bind(state.key())
            .bind(state != CustomerState::Active)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Re-reads the given customers from BSS (one exact-id query each, within the rate
/// limit) right after an operation touched them.
pub async fn refresh(
    db: &Db,
    bss: &BssClient,
    reseller: Option<&str>,
    customer_ids: &[String],
) -> Result<(), ServiceError> {
    let stamp = now();
    for id in customer_ids {
        let request = ListSubCustomersRequest {
            customer_id: Some(id.clone()),
            indirect_partner_id: reseller.map(str::to_owned),
            limit: Some(1),
            ..Default::default()
        };
        let page = bss.list_sub_customers(&request).await?.body;
        store_customers(db, reseller, &page.customer_infos, &stamp).await?;
    }
    Ok(())
}

pub async fn status(db: &Db, running: bool) -> Result<SyncStatus, ServiceError> {
    // One statement: every page of the list shows it.
    let (last_synced_at, last_error): (Option<String>, Option<String>) = sqlx::query_as(
        "SELECT (SELECT finished_at FROM mirror_syncs WHERE error IS NULL \
                 AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1), \
                (SELECT error FROM mirror_syncs WHERE finished_at IS NOT NULL \
                 ORDER BY id DESC LIMIT 1)",
    )
    .fetch_one(db)
    .await?;
    Ok(SyncStatus {
        last_synced_at,
        running,
        last_error,
    })
}

/// The resellers for the "Resellers' Customers" tab, by account name.
pub async fn resellers(db: &Db) -> Result<Vec<(String, String)>, ServiceError> {
    Ok(sqlx::query_as(
        "SELECT reseller_id, CASE WHEN name = '' THEN account_name ELSE name END \
         FROM resellers ORDER BY account_name",
    )
    .fetch_all(db)
    .await?)
}

fn search_text(name: &str, account_name: &str, customer_id: &str) -> String {
    format!("{name}\u{1f}{account_name}\u{1f}{customer_id}").to_lowercase()
}

fn now() -> String {
    timestamp(Utc::now())
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Runs syncs one at a time in the background: at start, every `interval`, and whenever
/// staff ask for a refresh. Requests that arrive during a run coalesce into one more run.
#[derive(Clone)]
pub struct MirrorSyncer {
    wake: Arc<Notify>,
    running: Arc<Mutex<()>>,
}

impl MirrorSyncer {
    pub fn spawn(db: Db, bss: BssClient, interval: Duration) -> Self {
        let syncer = Self {
            wake: Arc::new(Notify::new()),
            running: Arc::new(Mutex::new(())),
        };
        let task = syncer.clone();
        tokio::spawn(async move {
            loop {
                {
                    let _running = task.running.lock().await;
                    match sync_all(&db, &bss).await {
                        Ok(count) => tracing::info!(customers = count, "customer mirror synced"),
                        Err(error) => tracing::warn!(%error, "customer mirror sync failed"),
                    }
                }
                tokio::select! {
                    _ = task.wake.notified() => {},
                    _ = tokio::time::sleep(interval) => {},
                }
            }
        });
        syncer
    }

    /// Asks for a sync now (or right after the one under way).
    pub fn trigger(&self) {
        self.wake.notify_one();
    }

    pub fn is_running(&self) -> bool {
        self.running.try_lock().is_err()
    }
}
