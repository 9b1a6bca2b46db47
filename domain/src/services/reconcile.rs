//! Completing records that nothing is running any more: at start-up, those a crash
//! interrupted; periodically, those an operation task or a cancelled request abandoned.
//! Each pending customer's state is read back from BSS, never assumed.

use std::time::Duration;

use bss::BssClient;
use chrono::Utc;

use super::db::Db;
use super::leases::{self, LeaseName};
use super::records::{self, Change, PendingWork};
use super::{mirror, ServiceError};
use crate::budget::{cents_from_amount, BudgetChange, BudgetType};
use crate::operation::{ItemResult, Operation};

/// How old a pending record must be before a periodic pass may reconcile it: a record is
/// leased a moment after it is written, and this covers that moment generously.
pub const RECONCILE_GRACE: Duration = Duration::from_secs(30);

/// Records with customers still pending. Read at start-up, before this instance starts any
/// operation, these are the records a crash interrupted and those other instances run
/// (which [`unheld`] tells apart).
pub async fn interrupted_records(db: &Db) -> Result<Vec<i64>, ServiceError> {
    records::with_pending_items(db).await
}

/// Of `record_ids`, those no instance runs now: no live lease holds them (see
/// [`InFlight`](super::operations::InFlight)).
pub async fn unheld(db: &Db, record_ids: &[i64]) -> Result<Vec<i64>, ServiceError> {
    let mut unheld = Vec::new();
    for &id in record_ids {
        if !leases::is_held(db, LeaseName::Record(id)).await? {
            unheld.push(id);
        }
    }
    Ok(unheld)
}

/// Reconciles records left pending that no instance runs: an operation task or a process
/// that died, a budget change whose request was cancelled. Records some instance runs, and
/// any younger than `grace` (a record is leased a moment after it is written), are left
/// alone.
pub async fn reconcile_abandoned(
    db: &Db,
    bss: &BssClient,
    grace: Duration,
) -> Result<usize, ServiceError> {
    let cutoff = Utc::now() - chrono::Duration::from_std(grace).unwrap_or_default();
    let pending = records::with_pending_items_before(db, cutoff).await?;
    let abandoned = unheld(db, &pending).await?;
    reconcile(db, bss, &abandoned).await
}

/// Completes records a crash interrupted: each pending customer's state is read from BSS
/// and the item is marked applied or not applied, never dropped. Returns how many
/// customers were reconciled.
pub async fn reconcile(
    db: &Db,
    bss: &BssClient,
    record_ids: &[i64],
) -> Result<usize, ServiceError> {
    let mut reconciled = 0;
    for &record_id in record_ids {
        let work = records::pending_work(db, record_id).await?;
        for customer_id in &work.customers {
            settle(db, bss, record_id, &work, customer_id, "an interruption").await?;
            reconciled += 1;
        }
        records::finish_unfinished(db, record_id).await?;
    }
    Ok(reconciled)
}

/// Records a pending customer's result from what BSS shows now, noting `why` it had to be
/// read back.
pub(super) async fn settle(
    db: &Db,
    bss: &BssClient,
    record_id: i64,
    work: &PendingWork,
    customer_id: &str,
    why: &str,
) -> Result<(), ServiceError> {
    let reseller = work.reseller.as_deref();
    let (result, observed) = match &work.change {
        Change::Freeze(operation) => observe_freeze(bss, *operation, reseller, customer_id).await?,
        Change::Budget(change) => observe_budget(bss, change, reseller, customer_id).await?,
    };
    let note = format!("Checked with BSS after {why}: {observed}");
    records::settle_item(db, record_id, customer_id, result, &note).await?;
    if let (ItemResult::Applied, Change::Freeze(operation)) = (result, &work.change) {
        let ids = [customer_id.to_owned()];
        mirror::record_state(db, &ids, operation.result_state()).await?;
    }
    Ok(())
}

/// Whether BSS shows the customer in the state a freeze or unfreeze aimed for.
async fn observe_freeze(
    bss: &BssClient,
    operation: Operation,
    reseller: Option<&str>,
    customer_id: &str,
) -> Result<(ItemResult, String), ServiceError> {
    let request = bss::model::ListSubCustomersRequest {
        customer_id: Some(customer_id.to_owned()),
        indirect_partner_id: reseller.map(str::to_owned),
        limit: Some(1),
        ..Default::default()
    };
    let found = bss.list_sub_customers(&request).await?.body.customer_infos;
    Ok(match found.first() {
        Some(info) if info.is_frozen == operation.is_freeze() => {
            (ItemResult::Applied, "BSS shows the change.".to_owned())
        }
        Some(_) => (
            ItemResult::NotApplied,
            "BSS does not show the change.".to_owned(),
        ),
        None => (
            ItemResult::NotApplied,
            "BSS no longer lists the customer.".to_owned(),
        ),
    })
}

/// Whether BSS holds the budget the record set. A definite refusal from BSS (the customer
/// is gone, say) settles it as not applied; an unreachable BSS is tried again later.
async fn observe_budget(
    bss: &BssClient,
    change: &BudgetChange,
    reseller: Option<&str>,
    customer_id: &str,
) -> Result<(ItemResult, String), ServiceError> {
    let budget = match bss.show_sub_customer_budget(customer_id, reseller).await {
        Ok(reply) => reply.body,
        Err(error @ bss::BssError::Api { .. }) => {
            return Ok((
                ItemResult::NotApplied,
                format!(
                    "BSS cannot show the customer's budget: {}",
                    error.error_msg()
                ),
            ))
        }
        Err(error) => return Err(error.into()),
    };
    let same_amount = budget.budget_amount.and_then(cents_from_amount) == change.cents();
    let same_type = budget
        .budget_type
        .is_none_or(|kind| BudgetType::from(kind) == change.budget_type);
    Ok(if same_amount && same_type {
        (
            ItemResult::Applied,
            format!("BSS holds the budget {}.", change.budget_amount),
        )
    } else {
        (
            ItemResult::NotApplied,
            format!(
                "BSS holds a budget of {} rather than {}.",
                budget
                    .budget_amount
                    .map_or_else(|| "nothing".to_owned(), |amount| format!("{amount:.2}")),
                change.budget_amount
            ),
        )
    })
}
