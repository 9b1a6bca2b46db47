//! Freezing and unfreezing customers, one or thousands at a time: the rules a request must
//! meet, writing its record (see [`records`](super::records)) before BSS is called, running
//! it in batches, and the registry of records this process is running. A record is written
//! before BSS is called and completed after, so nothing is lost to a crash or a closed
//! browser ([`reconcile`](super::reconcile) completes what was cut short).

use i18n::msg;
use std::collections::HashSet;
use std::future::Future;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bss::model::FreezeType;
use bss::{BatchAction, BatchOperation, BssClient};
use chrono::Utc;
use rand::rngs::OsRng;
use rand::RngCore;

use super::db::Db;
use super::leases::{self, Holder, LeaseName};
use super::records::{self, Change, PendingWork};
use super::{customers, mirror, reconcile, settings, verification, ServiceError};
use crate::customer::{CustomerRow, FreezeLevel};
use crate::input::shown;
use crate::labels::LabelSet;
use crate::operation::{
    managed_by_reseller_sentence, validate_reason, ApiMode, CodeOperation, Operation,
    MAX_CUSTOMERS_PER_OPERATION,
};
use crate::record::RecordKind;
use crate::staff::{Role, StaffMember};

/// What staff asked for in an operation dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperationRequest {
    pub operation: Operation,
    pub customer_ids: Vec<String>,
    pub reason: String,
    /// The "I have read and agree to ..." checkbox.
    pub agreed: bool,
    /// The record whose failed customers this request retries.
    pub retry_of: Option<i64>,
    /// The verification code typed in the dialog; checked when codes are on.
    pub code: Option<String>,
    /// The dialog's [`new_form_token`]: a second submit of the same form runs nothing.
    pub form_token: Option<String>,
}

/// Who runs the operation and under which settings.
#[derive(Clone, Copy, Debug)]
pub struct OperationContext<'a> {
    pub actor: &'a StaffMember,
    pub labels: LabelSet,
    pub api_mode: ApiMode,
}

/// The record a submitted form stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub record_id: i64,
    /// The form had been submitted before: the record is that submit's, nothing new was
    /// written, and nothing is to be run again.
    pub resubmitted: bool,
}

/// Checks the request against every rule, then the verification code, and writes its
/// record with every customer pending. Nothing is written, and the code is kept, when any
/// rule fails. Run the record with [`execute`].
pub async fn record(
    db: &Db,
    request: &OperationRequest,
    context: OperationContext<'_>,
) -> Result<Recorded, ServiceError> {
    let operation = request.operation;
    once(
        db,
        context.actor,
        RecordKind::Freeze(operation),
        request.form_token.as_deref(),
        async {
            let (reason, customers) = validate(db, request, context).await?;
            let record = NewRecord {
                kind: RecordKind::Freeze(operation),
                reason: &reason,
                details: "{}".to_owned(),
                retry_of: request.retry_of,
                guarded: Some(CodeOperation::Operation(operation)),
                code: request.code.as_deref(),
                form_token: request.form_token.as_deref(),
            };
            insert_record(db, &record, context, &customers).await
        },
    )
    .await
}

/// A new form token for a dialog: 128 random bits, as 32 hex digits.
pub fn new_form_token() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Writes a record with `write` unless this member already submitted the form with this
/// token for this operation; then, or when a concurrent submit of it got there first (and
/// `write` failed for it: the code was spent, the customer changed state, the token was
/// taken), the answer is that submit's record.
pub(super) async fn once(
    db: &Db,
    actor: &StaffMember,
    kind: RecordKind,
    form_token: Option<&str>,
    write: impl Future<Output = Result<i64, ServiceError>>,
) -> Result<Recorded, ServiceError> {
    let Some(token) = form_token else {
        return write.await.map(Recorded::new);
    };
    if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ServiceError::Invalid(msg!("operation-form-unknown")));
    }
    let submitted = || records::submitted(db, token, actor.id, kind);
    let resubmitted = |record_id| Recorded {
        record_id,
        resubmitted: true,
    };
    if let Some(record_id) = submitted().await? {
        return Ok(resubmitted(record_id));
    }
    match write.await {
        Ok(record_id) => Ok(Recorded::new(record_id)),
        Err(error) => match submitted().await? {
            Some(record_id) => Ok(resubmitted(record_id)),
            None => Err(error),
        },
    }
}

impl Recorded {
    fn new(record_id: i64) -> Self {
        Self {
            record_id,
            resubmitted: false,
        }
    }
}

/// The parts of a record that differ between kinds of operation.
pub(super) struct NewRecord<'a> {
    pub kind: RecordKind,
    pub reason: &'a str,
    /// Operation-specific JSON.
    pub details: String,
    pub retry_of: Option<i64>,
    /// What a verification code must have been asked for, when codes are on; `None` when
    /// the change lifts or sets no restriction.
    pub guarded: Option<CodeOperation>,
    pub code: Option<&'a str>,
    pub form_token: Option<&'a str>,
}

/// Checks the verification code (when codes are on and the change needs one), then writes
/// the record and one pending item per customer and spends the code, in one transaction:
/// a record is never written without its code spent, nor a code spent without its record.
/// The customers share a scope (checked by the caller), which the record keeps. Call it
/// after every other check, so a refused request keeps its code.
pub(super) async fn insert_record(
    db: &Db,
    record: &NewRecord<'_>,
    context: OperationContext<'_>,
    customers: &[CustomerRow],
) -> Result<i64, ServiceError> {
    let guarded = match record.guarded {
        Some(guarded) if settings::verification_code_enabled(db).await? => Some(guarded),
        _ => None,
    };
    let code = match guarded {
        Some(guarded) => {
            let ids: Vec<String> = customers.iter().map(|c| c.customer_id.clone()).collect();
            let code = record
                .code
                .map(str::trim)
                .filter(|code| !code.is_empty())
                .ok_or_else(|| ServiceError::Invalid(msg!("code-missing")))?;
            let purpose = guarded.purpose(&ids);
            Some(verification::check(db, context.actor.id, &purpose, code, Utc::now()).await?)
        }
        None => None,
    };
    let mut tx = db.begin().await?;
    let record_id = records::insert(&mut tx, record, context, code.is_some(), customers).await?;
    if let Some(code) = code {
        code.spend(&mut tx, Utc::now()).await?;
    }
    tx.commit().await?;
    Ok(record_id)
}

async fn validate(
    db: &Db,
    request: &OperationRequest,
    context: OperationContext<'_>,
) -> Result<(String, Vec<CustomerRow>), ServiceError> {
    ensure_operator(context.actor)?;
    let operation = request.operation;
    let reason = validate_reason(&request.reason).map_err(ServiceError::Invalid)?;
    if operation.needs_agreement() && !request.agreed {
        return Err(ServiceError::Invalid(msg!("operation-agreement-missing")));
    }
    let customers = operable_customers(db, operation, &request.customer_ids, context).await?;
    if let Some(retry_of) = request.retry_of {
        check_retry(db, retry_of, operation, &customers, context.labels).await?;
    }
    Ok((reason, customers))
}

/// The customers `operation` can run on now, by the API in use: each known in the mirror,
/// of one scope, and in a state the operation applies to; at most a batch of them.
async fn operable_customers(
    db: &Db,
    operation: Operation,
    customer_ids: &[String],
    context: OperationContext<'_>,
) -> Result<Vec<CustomerRow>, ServiceError> {
    if let Some(why) = operation.unsupported_by(context.api_mode) {
        return Err(ServiceError::Invalid(why));
    }
    let mut seen = HashSet::new();
    let ids: Vec<String> = customer_ids
        .iter()
        .map(|id| id.trim().to_owned())
        .filter(|id| seen.insert(id.clone()))
        .collect();
    if ids.is_empty() {
        return Err(ServiceError::Invalid(msg!("operation-no-customers")));
    }
    if ids.len() > MAX_CUSTOMERS_PER_OPERATION {
        return Err(ServiceError::Invalid(msg!(
            "operation-too-many-customers",
            count = ids.len(),
            max = MAX_CUSTOMERS_PER_OPERATION
        )));
    }

    let customers = customers::by_ids(db, &ids).await?;
    if customers.len() != ids.len() {
        let known: HashSet<&str> = customers.iter().map(|c| c.customer_id.as_str()).collect();
        let unknown: Vec<&str> = ids
            .iter()
            .map(String::as_str)
            .filter(|id| !known.contains(id))
            .collect();
        return Err(ServiceError::Invalid(msg!(
            "operation-customers-not-listed",
            customers = summarize(&unknown)
        )));
    }
    let scope = &customers[0].reseller_id;
    if customers.iter().any(|c| &c.reseller_id != scope) {
        return Err(ServiceError::Invalid(msg!("operation-one-reseller")));
    }
    if let Some(why) = operation.unsupported_for(context.api_mode, scope.is_some()) {
        return Err(ServiceError::Invalid(why));
    }
    let managed: Vec<&str> = customers
        .iter()
        .filter(|c| c.managed_by_reseller)
        .map(|c| c.account_name.as_str())
        .collect();
    if !managed.is_empty() {
        return Err(ServiceError::Invalid(managed_by_reseller_sentence(
            &summarize(&managed),
        )));
    }
    let not_applicable: Vec<&str> = customers
        .iter()
        .filter(|c| !operation.applies_to_customer(c))
        .map(|c| c.account_name.as_str())
        .collect();
    if !not_applicable.is_empty() {
        return Err(ServiceError::Invalid(msg!(
            "operation-does-not-apply",
            operation = operation.label(context.labels),
            customers = summarize(&not_applicable)
        )));
    }
    Ok(customers)
}

/// What a verification code for `operation` on `customer_ids` is bound to, once this
/// member may run it on them now: Get Code sends nothing for an operation that would be
/// refused anyway.
pub async fn code_purpose(
    db: &Db,
    operation: CodeOperation,
    customer_ids: &[String],
    context: OperationContext<'_>,
) -> Result<String, ServiceError> {
    ensure_operator(context.actor)?;
    let customers = match operation {
        CodeOperation::Operation(operation) => {
            operable_customers(db, operation, customer_ids, context).await?
        }
        CodeOperation::BudgetUnrestrict => match customer_ids {
            [id] => vec![super::budget::budget_customer(db, id.trim()).await?],
            _ => return Err(ServiceError::Invalid(msg!("budget-one-customer"))),
        },
    };
    let ids: Vec<String> = customers.into_iter().map(|c| c.customer_id).collect();
    Ok(operation.purpose(&ids))
}

/// A retry repeats a finished record's operation for customers that failed in it.
async fn check_retry(
    db: &Db,
    record_id: i64,
    operation: Operation,
    customers: &[CustomerRow],
    labels: LabelSet,
) -> Result<(), ServiceError> {
    let retried = records::retried(db, record_id).await?;
    if retried.kind != RecordKind::Freeze(operation) {
        return Err(ServiceError::Invalid(msg!(
            "retry-other-operation",
            record = record_id,
            operation = operation.label(labels)
        )));
    }
    let not_failed: Vec<&str> = customers
        .iter()
        .map(|c| c.customer_id.as_str())
        .filter(|id| !retried.failed.iter().any(|failed| failed == id))
        .collect();
    if !not_failed.is_empty() {
        return Err(ServiceError::Invalid(msg!(
            "retry-not-failed",
            customers = summarize(&not_failed),
            record = record_id
        )));
    }
    Ok(())
}

/// Every operation on customers, budgets included, needs at least the operator role; the
/// server functions check it too, and this keeps the services safe on their own.
pub(super) fn ensure_operator(actor: &StaffMember) -> Result<(), ServiceError> {
    if actor.role.allows(Role::Operator) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(msg!("operation-viewers-cannot")))
    }
}

/// Runs the record's pending customers. Those whose call an earlier run marked sent (and
/// then died) are read back from BSS first: what BSS shows changed is recorded applied and
/// never sent again (see [`reconcile::settle_if_sent`]). The rest are called, at most ten
/// per call within the shared rate limit. Each call is marked sent just before it goes out
/// and its results are written before the next, so the record always says how far the
/// operation got. A customer BSS cannot be asked about now stays pending, for the next
/// take-over (see [`reconcile`]).
pub async fn execute(
    db: &Db,
    bss: &BssClient,
    running: &InFlightGuard,
) -> Result<(), ServiceError> {
    let record_id = running.record_id();
    let work = records::pending_work(db, record_id).await?;
    let Change::Freeze(operation) = work.change else {
        return Err(ServiceError::Invalid(msg!(
            "record-not-a-freeze",
            record = record_id
        )));
    };
    let batch = BatchOperation {
        action: if operation.is_freeze() {
            BatchAction::Freeze
        } else {
            BatchAction::Unfreeze
        },
        freeze_type: freeze_type(operation.level()),
        reason: work.reason.clone(),
        indirect_partner_id: work.reseller.clone(),
    };
    let mut unsettled = 0;
    let mut to_send = Vec::new();
    for customer_id in &work.sent {
        match reconcile::settle_if_sent(db, bss, record_id, &work, operation, customer_id).await {
            Ok(true) => {}
            Ok(false) => to_send.push(customer_id.clone()),
            Err(error) => {
                tracing::warn!(record_id, %error, "cannot read an interrupted call back from BSS yet");
                unsettled += 1;
            }
        }
    }
    to_send.extend(work.unsent.iter().cloned());
    for chunk in to_send.chunks(bss::client::MAX_IDS_PER_CALL) {
        let report = match bss.batch_turn(&batch).await {
            // Whoever holds the record now runs the rest.
            Ok(_) if !running.still_held() => {
                tracing::warn!(
                    record_id,
                    "stopped running a record this instance no longer holds"
                );
                return Ok(());
            }
            Ok(turn) => {
                records::mark_sent(db, record_id, chunk).await?;
                bss.run_batch_call(turn, chunk, &batch).await
            }
            // Only an operation the configured API cannot express fails as a whole; record
            // it against each customer so the record is complete.
            Err(error) => {
                let failure = bss::client::ItemFailure {
                    error_code: error.error_code().to_owned(),
                    error_msg: error.error_msg(),
                    uncertain: false,
                };
                bss::BatchReport {
                    outcomes: chunk
                        .iter()
                        .map(|id| bss::CustomerOutcome {
                            customer_id: id.clone(),
                            result: Err(failure.clone()),
                            request_id: None,
                        })
                        .collect(),
                    request_ids: Vec::new(),
                }
            }
        };
        unsettled += store_call(db, bss, record_id, &work, report.outcomes).await?;
    }
    if unsettled == 0 {
        records::finish(db, record_id).await?;
    }
    Ok(())
}

/// Stores the outcomes of one BSS call. Answered customers are recorded as BSS answered; a
/// call that got no clear answer may have been applied all the same, so its customers are
/// read back from BSS and recorded as applied or not. Returns how many customers stay
/// pending because BSS cannot be asked now either (reconciliation settles them later).
pub(super) async fn store_call(
    db: &Db,
    bss: &BssClient,
    record_id: i64,
    work: &PendingWork,
    outcomes: Vec<bss::CustomerOutcome>,
) -> Result<usize, ServiceError> {
    let (unclear, answered): (Vec<_>, Vec<_>) = outcomes
        .into_iter()
        .partition(|outcome| matches!(&outcome.result, Err(failure) if failure.uncertain));
    records::store_outcomes(db, record_id, &answered).await?;
    if let Change::Freeze(operation) = work.change {
        let succeeded: Vec<String> = answered
            .iter()
            .filter(|outcome| outcome.result.is_ok())
            .map(|outcome| outcome.customer_id.clone())
            .collect();
        mirror::record_state(db, &succeeded, operation.result_state()).await?;
    }
    let mut unsettled = 0;
    for outcome in unclear {
        let code = outcome
            .result
            .as_ref()
            .err()
            .map_or("", |failure| failure.error_code.as_str());
        let why = format!("an unclear answer ({code})");
        let settled = reconcile::settle(db, bss, record_id, work, &outcome.customer_id, &why);
        if let Err(error) = settled.await {
            tracing::warn!(record_id, %error, "cannot check an unclear answer with BSS yet");
            unsettled += 1;
        }
    }
    Ok(unsettled)
}

/// The same operation, reason and settings for the customers that failed, as a new request
/// (which is checked and recorded like any other, pointing back at this one).
pub async fn retry_request(db: &Db, record_id: i64) -> Result<OperationRequest, ServiceError> {
    let retried = records::retried(db, record_id).await?;
    let RecordKind::Freeze(operation) = retried.kind else {
        return Err(ServiceError::Invalid(msg!("retry-freezes-only")));
    };
    if retried.failed.is_empty() {
        return Err(ServiceError::Invalid(msg!("retry-nothing-failed")));
    }
    Ok(OperationRequest {
        operation,
        customer_ids: retried.failed,
        reason: retried.reason,
        // The agreement was given for the original operation, and the retry repeats it.
        agreed: true,
        retry_of: Some(record_id),
        code: None,
        form_token: None,
    })
}

/// How long the lease on a running record lasts unrenewed: a record whose instance died is
/// reconciled by another at most this long after its last renewal.
pub const RUN_LEASE: Duration = Duration::from_secs(15);

/// The records this process runs. Each is held under a lease in the database, renewed while
/// it runs, so no instance's reconciliation takes its pending customers for abandoned; a
/// process that dies stops renewing, and its records are reconciled once their leases lapse.
#[derive(Clone, Debug)]
pub struct InFlight {
    db: Db,
    holder: Holder,
    lease: Duration,
}

impl InFlight {
    pub fn new(db: Db) -> Self {
        Self::with_lease(db, RUN_LEASE)
    }

    /// Leases of `lease` each, renewed every third of it.
    pub fn with_lease(db: Db, lease: Duration) -> Self {
        Self {
            db,
            holder: Holder::new_random(),
            lease,
        }
    }

    /// Holds the record as running until the guard is dropped: when the operation ends,
    /// fails, panics or is cancelled. Fails when another instance runs it.
    pub async fn hold(&self, record_id: i64) -> Result<InFlightGuard, ServiceError> {
        self.claim(record_id).await?.ok_or_else(|| {
            ServiceError::Record(format!(
                "record {record_id} is already run by another instance"
            ))
        })
    }

    /// [`Self::hold`], or `None` when another instance runs the record.
    pub async fn claim(&self, record_id: i64) -> Result<Option<InFlightGuard>, ServiceError> {
        let name = LeaseName::Record(record_id);
        let lease = self.lease;
        if !leases::take(&self.db, name, &self.holder, lease).await? {
            return Ok(None);
        }
        let held_until = Arc::new(AtomicI64::new(lease_end(lease)));
        let (db, holder, until) = (self.db.clone(), self.holder.clone(), held_until.clone());
        let renewing = tokio::spawn(async move {
            loop {
                tokio::time::sleep(lease / 3).await;
                let end = lease_end(lease);
                match leases::take(&db, name, &holder, lease).await {
                    Ok(true) => until.store(end, Ordering::Relaxed),
                    Ok(false) => {
                        tracing::warn!(record_id, "another instance took over a running record");
                        until.store(0, Ordering::Relaxed);
                        return;
                    }
                    Err(error) => {
                        tracing::warn!(record_id, %error, "cannot renew the lease of a running record");
                    }
                }
            }
        });
        Ok(Some(InFlightGuard {
            in_flight: self.clone(),
            name,
            record_id,
            held_until,
            renewing,
            released: false,
        }))
    }
}

/// When a lease of `lease` taken now ends, in microseconds since the Unix epoch.
fn lease_end(lease: Duration) -> i64 {
    let lease = i64::try_from(lease.as_micros()).unwrap_or(i64::MAX / 2);
    Utc::now().timestamp_micros().saturating_add(lease)
}

/// A record this instance holds as running; see [`InFlight::hold`].
pub struct InFlightGuard {
    in_flight: InFlight,
    name: LeaseName,
    record_id: i64,
    /// The end of the lease as last renewed (0 once another instance took it).
    held_until: Arc<AtomicI64>,
    renewing: tokio::task::JoinHandle<()>,
    released: bool,
}

impl InFlightGuard {
    pub fn record_id(&self) -> i64 {
        self.record_id
    }

    /// Whether the lease still holds, with a renewal period to spare: once it may lapse
    /// (renewals failed, or another instance took the record over), the run must send
    /// nothing more.
    pub fn still_held(&self) -> bool {
        let spare = i64::try_from((self.in_flight.lease / 3).as_micros()).unwrap_or(i64::MAX);
        Utc::now().timestamp_micros().saturating_add(spare)
            < self.held_until.load(Ordering::Relaxed)
    }

    /// Gives the record up now; dropping the guard does it in the background.
    pub async fn release(mut self) -> Result<(), ServiceError> {
        self.released = true;
        self.renewing.abort();
        let InFlight { db, holder, .. } = &self.in_flight;
        leases::release(db, self.name, holder).await?;
        Ok(())
    }
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        if self.released {
            return;
        }
        self.renewing.abort();
        // Released in the background; should that fail, the lease lapses by itself.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let InFlight { db, holder, .. } = self.in_flight.clone();
            let name = self.name;
            runtime.spawn(async move { leases::release(&db, name, &holder).await });
        }
    }
}

/// Records and runs an operation in a task of its own, so it completes even when the
/// browser that asked for it goes away. Await the returned task to wait for the result.
pub async fn start(
    db: &Db,
    bss: &BssClient,
    in_flight: &InFlight,
    request: &OperationRequest,
    context: OperationContext<'_>,
) -> Result<StartedOperation, ServiceError> {
    let recorded = record(db, request, context).await?;
    let record_id = recorded.record_id;
    if recorded.resubmitted {
        return Ok(StartedOperation {
            record_id,
            task: None,
        });
    }
    // Another instance's take-over may claim a record in the moment before this one does;
    // then that instance runs it.
    let Some(running) = in_flight.claim(record_id).await? else {
        return Ok(StartedOperation {
            record_id,
            task: None,
        });
    };
    let (db, bss) = (db.clone(), bss.clone());
    // A handful of customers are re-read from BSS at once, so the list shows BSS's own
    // word; larger batches wait for the next sync rather than spend the rate limit.
    let refresh: Vec<String> = Some(request.customer_ids.clone())
        .filter(|ids| ids.len() <= bss::client::MAX_IDS_PER_CALL)
        .unwrap_or_default();
    let task = tokio::spawn(async move {
        if let Err(error) = execute(&db, &bss, &running).await {
            tracing::error!(record_id, %error, "operation stopped before completing");
            return;
        }
        if let Err(error) = running.release().await {
            tracing::warn!(record_id, %error, "cannot release a finished record's lease");
        }
        let scope = customers::by_ids(&db, &refresh)
            .await
            .ok()
            .and_then(|rows| rows.first().map(|r| r.reseller_id.clone()));
        if let Some(reseller) = scope {
            if let Err(error) = mirror::refresh(&db, &bss, reseller.as_deref(), &refresh).await {
                tracing::warn!(record_id, %error, "could not re-read the customers after an operation");
            }
        }
    });
    Ok(StartedOperation {
        record_id,
        task: Some(task),
    })
}

pub struct StartedOperation {
    pub record_id: i64,
    /// `None` when another run has the record: the form had been submitted before, or
    /// another instance took the record over.
    pub task: Option<tokio::task::JoinHandle<()>>,
}

fn freeze_type(level: FreezeLevel) -> FreezeType {
    match level {
        FreezeLevel::Account => FreezeType::Account,
        FreezeLevel::AccountAndResource => FreezeType::AccountAndResource,
    }
}

/// At most three names, then "and N more", so a message about a large batch stays short.
/// Names or IDs for a message, which may have come from the request: three at most.
fn summarize(names: &[&str]) -> String {
    let first: Vec<String> = names.iter().take(3).map(|name| shown(name)).collect();
    match names.len() {
        0..=3 => first.join(", "),
        n => format!("{} and {} more", first.join(", "), n - 3),
    }
}
