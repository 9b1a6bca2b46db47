//! Set Budget, recorded like every other operation: written before the BSS call,
//! completed after.

use bss::model::{
    BudgetType as WireBudgetType, CancelPartnerFrozen, UpdateSubCustomerBudgetRequest,
};
use bss::BssClient;
use i18n::msg;

use super::db::Db;
use super::operations::{
    ensure_operator, insert_record, once, store_call, InFlight, NewRecord, OperationContext,
};
use super::{customers, mirror, records, ServiceError};
use crate::budget::{amount_from_cents, parse_amount, BudgetChange, BudgetType, CurrentBudget};
use crate::customer::{AssociationType, CustomerRow, CustomerState};
use crate::input::shown;
use crate::operation::{managed_by_reseller_sentence, CodeOperation};
use crate::record::RecordKind;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BudgetRequest {
    pub customer_id: String,
    /// As typed: at most two decimals.
    pub amount: String,
    pub budget_type: BudgetType,
    /// Also lift the customer's purchase restriction (`cancel_partner_frozen`): with codes
    /// on, this needs a code for [`CodeOperation::BudgetUnrestrict`] on the customer.
    pub also_unfreeze: bool,
    pub code: Option<String>,
    /// The dialog's form token: a second submit of the same form sets nothing.
    pub form_token: Option<String>,
}

/// The customer a budget can be set for: it exists, is reseller-model, and its reseller
/// does not restrict it itself.
pub async fn budget_customer(db: &Db, customer_id: &str) -> Result<CustomerRow, ServiceError> {
    let customer = customers::by_ids(db, &[customer_id.to_owned()])
        .await?
        .pop()
        .ok_or_else(|| {
            ServiceError::Invalid(msg!("customer-not-listed", customer = shown(customer_id)))
        })?;
    if customer.association_type != AssociationType::Reseller {
        return Err(ServiceError::Invalid(msg!("budget-reseller-model-only")));
    }
    if customer.managed_by_reseller {
        return Err(ServiceError::Invalid(managed_by_reseller_sentence(&shown(
            customer.display_name(),
        ))));
    }
    Ok(customer)
}

/// The budget BSS holds for the customer now.
pub async fn current(
    bss: &BssClient,
    customer: &CustomerRow,
) -> Result<CurrentBudget, ServiceError> {
    let budget = bss
        .show_sub_customer_budget(&customer.customer_id, customer.reseller_id.as_deref())
        .await?
        .body;
    Ok(CurrentBudget {
        amount: budget.budget_amount,
        used: budget.used_amount,
        currency: budget.currency.unwrap_or_else(|| "USD".to_owned()),
        budget_type: budget.budget_type.map(BudgetType::from),
    })
}

/// Sets the budget and returns the record id. Bad input changes nothing and keeps the
/// verification code; a BSS failure is recorded against the customer.
pub async fn set_budget(
    db: &Db,
    bss: &BssClient,
    in_flight: &InFlight,
    request: &BudgetRequest,
    context: OperationContext<'_>,
) -> Result<i64, ServiceError> {
    ensure_operator(context.actor)?;
    let cents = parse_amount(&request.amount).map_err(ServiceError::Invalid)?;
    let customer = budget_customer(db, &request.customer_id).await?;
    let change = BudgetChange::new(cents, request.budget_type, request.also_unfreeze);
    let form_token = request.form_token.as_deref();
    let record = NewRecord {
        kind: RecordKind::SetBudget,
        reason: "",
        details: serde_json::to_string(&change)?,
        retry_of: None,
        guarded: request
            .also_unfreeze
            .then_some(CodeOperation::BudgetUnrestrict),
        code: request.code.as_deref(),
        form_token,
    };
    let write = insert_record(db, &record, context, std::slice::from_ref(&customer));
    let recorded = once(db, context.actor, RecordKind::SetBudget, form_token, write).await?;
    let record_id = recorded.record_id;
    if recorded.resubmitted {
        return Ok(record_id);
    }
    // Should this call be cancelled (the browser went away), the record stays pending and
    // the periodic reconciliation completes it.
    let _running = in_flight.hold(record_id).await?;

    let call = UpdateSubCustomerBudgetRequest {
        customer_id: customer.customer_id.clone(),
        budget_amount: amount_from_cents(cents),
        cancel_partner_frozen: Some(if request.also_unfreeze {
            CancelPartnerFrozen::Cancel
        } else {
            CancelPartnerFrozen::Keep
        }),
        indirect_partner_id: customer.reseller_id.clone(),
        budget_type: Some(request.budget_type.into()),
        frozen_operate_type: None,
    };
    let outcome = match bss.update_sub_customer_budget(&call).await {
        Ok(reply) => bss::CustomerOutcome {
            customer_id: customer.customer_id.clone(),
            result: Ok(()),
            request_id: reply.request_id,
        },
        Err(error) => bss::CustomerOutcome {
            customer_id: customer.customer_id.clone(),
            result: Err(bss::client::ItemFailure {
                error_code: error.error_code().to_owned(),
                error_msg: error.error_msg(),
                uncertain: error.may_have_applied(),
            }),
            request_id: error.request_id().map(str::to_owned),
        },
    };
    let succeeded = outcome.result.is_ok();
    let work = records::pending_work(db, record_id).await?;
    let unsettled = store_call(db, bss, record_id, &work, vec![outcome]).await?;
    // BSS lifts an account-level restriction only: read the state back rather than assume.
    // Either way the list's Budget Usage shows the new budget from BSS's own answer.
    let was_frozen = matches!(customer.state, CustomerState::Frozen(_));
    let ids = std::slice::from_ref(&customer.customer_id);
    let reseller = customer.reseller_id.as_deref();
    if succeeded && request.also_unfreeze && was_frozen {
        mirror::refresh(db, bss, reseller, ids).await?;
    } else if succeeded {
        mirror::refresh_budgets(db, bss, reseller, ids).await?;
    }
    // Left pending when BSS could not be asked about an unclear answer: reconciliation
    // finishes the record.
    if unsettled == 0 {
        records::finish(db, record_id).await?;
    }
    Ok(record_id)
}

impl From<WireBudgetType> for BudgetType {
    fn from(wire: WireBudgetType) -> Self {
        match wire {
            WireBudgetType::Monthly => Self::Monthly,
            WireBudgetType::Package => Self::Package,
        }
    }
}

impl From<BudgetType> for WireBudgetType {
    fn from(kind: BudgetType) -> Self {
        match kind {
            BudgetType::Monthly => Self::Monthly,
            BudgetType::Package => Self::Package,
        }
    }
}
