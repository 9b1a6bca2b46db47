//! Taking over records that no instance runs any more, whichever instance wrote them: a
//! dead instance's (killed, crashed), one whose run stopped short (BSS unreachable), a
//! budget change whose request was cancelled. The records are the queue: any instance
//! claims one under its lease ([`InFlight`]) and completes it. A freeze or unfreeze runs on
//! ([`operations::execute`]): what was sent is read back from BSS, never sent again, and
//! the rest is sent. A budget change is only read back. A state is read, never assumed.

use std::time::Duration;

use bss::BssClient;
use chrono::Utc;

use super::db::Db;
use super::leases::{self, LeaseName, LeaseState};
use super::operations::{self, InFlight, InFlightGuard};
use super::records::{self, Change, PendingWork};
use super::{mirror, ServiceError};
use crate::budget::{cents_from_amount, BudgetChange, BudgetType};
use crate::operation::{ItemResult, Operation};

/// How old a record no lease has ever held must be before an instance takes it over: a
/// record is leased a moment after it is written, and this covers that moment generously.
/// A record whose lease lapsed is taken over at once.
pub const TAKE_OVER_GRACE: Duration = Duration::from_secs(30);

/// Records with customers pending that no instance runs: their lease lapsed, or (older than
/// `grace`) nothing holds them. Oldest first.
pub async fn unclaimed(db: &Db, grace: Duration) -> Result<Vec<i64>, ServiceError> {
    let pending = records::pending(db).await?;
    let names: Vec<LeaseName> = pending.iter().map(|r| LeaseName::Record(r.id)).collect();
    let states = leases::states(db, &names).await?;
    let cutoff = Utc::now() - chrono::Duration::from_std(grace).unwrap_or_default();
    Ok(pending
        .into_iter()
        .filter(|record| match states.get(&LeaseName::Record(record.id)) {
            Some(LeaseState::Held) => false,
            Some(LeaseState::Lapsed) => true,
            None => record.created_at < cutoff,
        })
        .map(|record| record.id)
        .collect())
}

/// A record this instance took over, and the task completing it.
pub struct TakenOver {
    pub record_id: i64,
    pub task: tokio::task::JoinHandle<()>,
}

/// Claims each [`unclaimed`] record that no other instance claims first, and completes it
/// in a task of its own, holding its lease meanwhile.
pub async fn take_over(
    db: &Db,
    bss: &BssClient,
    in_flight: &InFlight,
    grace: Duration,
) -> Result<Vec<TakenOver>, ServiceError> {
    let mut taken = Vec::new();
    for record_id in unclaimed(db, grace).await? {
        let Some(running) = in_flight.claim(record_id).await? else {
            continue;
        };
        let (db, bss) = (db.clone(), bss.clone());
        let task = tokio::spawn(async move {
            if let Err(error) = complete(&db, &bss, &running).await {
                tracing::warn!(record_id, %error, "a taken-over record stopped short; it is taken over again later");
            }
            if let Err(error) = running.release().await {
                tracing::warn!(record_id, %error, "cannot release a taken-over record's lease");
            }
        });
        taken.push(TakenOver { record_id, task });
    }
    Ok(taken)
}

/// Runs a freeze or unfreeze record on; reads a budget change back.
async fn complete(db: &Db, bss: &BssClient, running: &InFlightGuard) -> Result<(), ServiceError> {
    let record_id = running.record_id();
    let work = records::pending_work(db, record_id).await?;
    if let Change::Freeze(_) = work.change {
        return operations::execute(db, bss, running).await;
    }
    for customer_id in work.sent.iter().chain(&work.unsent) {
        settle(db, bss, record_id, &work, customer_id, "an interruption").await?;
    }
    records::finish_unfinished(db, record_id).await
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
    match &work.change {
        Change::Freeze(operation) => {
            let seen = observe_freeze(bss, *operation, reseller, customer_id).await?;
            record_seen(db, record_id, *operation, customer_id, seen.outcome(), why).await
        }
        Change::Budget(change) => {
            let (result, observed) = observe_budget(bss, change, reseller, customer_id).await?;
            let note = format!("Checked with BSS after {why}: {observed}");
            records::settle_item(db, record_id, customer_id, result, &note).await
        }
    }
}

/// Records a freeze or unfreeze item as read back from BSS, and an applied one in the mirror.
async fn record_seen(
    db: &Db,
    record_id: i64,
    operation: Operation,
    customer_id: &str,
    (result, observed): (ItemResult, String),
    why: &str,
) -> Result<(), ServiceError> {
    let note = format!("Checked with BSS after {why}: {observed}");
    records::settle_item(db, record_id, customer_id, result, &note).await?;
    if result == ItemResult::Applied {
        let ids = [customer_id.to_owned()];
        mirror::record_state(db, &ids, operation.result_state()).await?;
    }
    Ok(())
}

/// What BSS shows of a customer a freeze or unfreeze was sent for.
enum FreezeSeen {
    /// In the state the operation aimed for.
    Changed,
    Unchanged,
    /// BSS no longer lists the customer.
    Gone,
}

impl FreezeSeen {
    fn outcome(self) -> (ItemResult, String) {
        match self {
            Self::Changed => (ItemResult::Applied, "BSS shows the change.".to_owned()),
            Self::Unchanged => (
                ItemResult::NotApplied,
                "BSS does not show the change.".to_owned(),
            ),
            Self::Gone => (
                ItemResult::NotApplied,
                "BSS no longer lists the customer.".to_owned(),
            ),
        }
    }
}

async fn observe_freeze(
    bss: &BssClient,
    operation: Operation,
    reseller: Option<&str>,
    customer_id: &str,
) -> Result<FreezeSeen, ServiceError> {
    let request = bss::model::ListSubCustomersRequest {
        customer_id: Some(customer_id.to_owned()),
        indirect_partner_id: reseller.map(str::to_owned),
        limit: Some(1),
        ..Default::default()
    };
    let found = bss.list_sub_customers(&request).await?.body.customer_infos;
    Ok(match found.first() {
        Some(info) if info.is_frozen == operation.is_freeze() => FreezeSeen::Changed,
        Some(_) => FreezeSeen::Unchanged,
        None => FreezeSeen::Gone,
    })
}

/// For a customer whose call a run that died had marked sent: whether it went out is not
/// known (the run may have died a moment before sending). When BSS shows the change, or
/// no longer lists the customer, the item is settled so; `false` when BSS shows the
/// customer unchanged, so that sending the call (again) is what completes the operation:
/// the change has not happened, and a freeze or unfreeze that BSS already refused is
/// refused again, changing nothing.
pub(super) async fn settle_if_sent(
    db: &Db,
    bss: &BssClient,
    record_id: i64,
    work: &PendingWork,
    operation: Operation,
    customer_id: &str,
) -> Result<bool, ServiceError> {
    let seen = observe_freeze(bss, operation, work.reseller.as_deref(), customer_id).await?;
    if let FreezeSeen::Unchanged = seen {
        return Ok(false);
    }
    record_seen(
        db,
        record_id,
        operation,
        customer_id,
        seen.outcome(),
        "an interruption",
    )
    .await?;
    Ok(true)
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
