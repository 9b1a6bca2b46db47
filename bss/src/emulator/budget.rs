//! Budgets: update (optionally lifting an account-level freeze), show, list, and the records
//! of their changes: every successful update appends a `SETTING` record naming the partner.
//! (`DELETE` records, BSS's mark of a dissociation, never show: a dissociated customer is no
//! longer the partner's to ask about.)

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;

use super::store::{BudgetUpdate, Store};
use super::validate::{budget_amount_cents, BudgetRecordsQuery, CustomerQuery, Valid};
use super::{wire_time, ApiError, EmulatorState};
use crate::model::{
    AssociationType, CancelPartnerFrozen, FreezeType, ListSubCustomerBudgetRecordsResponse,
    ListSubCustomerBudgetRequest, ListSubCustomerBudgetResponse, SubCustomerBudget,
    UpdateSubCustomerBudgetRequest,
};

/// `POST /v2/partners/sub-customers/budget`: 204 on success. With `cancel_partner_frozen`
/// `"1"` an account-level freeze is lifted too; a resource-level freeze stays (it needs an
/// explicit unfreeze of that type). Refused for a reseller that restricts its own customers.
pub(crate) async fn update(
    State(state): State<EmulatorState>,
    Valid(request): Valid<UpdateSubCustomerBudgetRequest>,
) -> Result<StatusCode, ApiError> {
    let scope = request.indirect_partner_id.as_deref();
    state.check_reseller(scope).await?;
    state.check_distributor_may_restrict(scope).await?;
    let mut tx = state.store.begin().await?;
    let customer = Store::customer(&mut *tx, scope, &request.customer_id)
        .await?
        .ok_or_else(|| ApiError::unknown_customer(&request.customer_id))?;
    if customer.association_type() != Some(AssociationType::Reseller) {
        return Err(ApiError::referral_customer(&customer.customer_id));
    }
    let update = BudgetUpdate {
        customer_id: &customer.customer_id,
        amount_cents: budget_amount_cents(request.budget_amount)?,
        budget_type: request.budget_type.unwrap_or_default(),
        frozen_operate_type: request.frozen_operate_type.map(|kind| kind.code()),
    };
    let now = Utc::now();
    Store::update_budget(&mut tx, &update).await?;
    Store::record_budget_setting(
        &mut *tx,
        update.customer_id,
        update.amount_cents,
        update.budget_type,
        &wire_time(now),
    )
    .await?;
    if request.cancel_partner_frozen == Some(CancelPartnerFrozen::Cancel)
        && customer.freeze_type() == Some(FreezeType::Account)
    {
        Store::set_freeze(
            &mut tx,
            &customer.customer_id,
            Some(FreezeType::Account),
            None,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /v2/partners/sub-customers/budget?customer_id=&indirect_partner_id=`.
pub(crate) async fn show(
    State(state): State<EmulatorState>,
    query: CustomerQuery,
) -> Result<Json<SubCustomerBudget>, ApiError> {
    let customer = state
        .customer_in_scope(
            query.indirect_partner_id.as_deref(),
            query.required_customer_id()?,
        )
        .await?;
    Ok(Json(customer.budget(false)))
}

/// `POST /v2/partners/sub-customers/budget/query`: unknown ids are left out.
pub(crate) async fn list(
    State(state): State<EmulatorState>,
    Valid(request): Valid<ListSubCustomerBudgetRequest>,
) -> Result<Json<ListSubCustomerBudgetResponse>, ApiError> {
    let scope = request.indirect_partner_id.as_deref();
    state.check_reseller(scope).await?;
    let customers = state
        .store
        .customers_by_id(scope, &request.customer_ids)
        .await?;
    Ok(Json(ListSubCustomerBudgetResponse {
        budget_infos: customers
            .iter()
            .map(|customer| customer.budget(true))
            .collect(),
    }))
}

/// `GET /v2/partners/sub-customers/budget/records?customer_id=&indirect_partner_id=&operation_type=&budget_type=&offset=&limit=`:
/// newest first, amounts in `USD` units (`measure_id` 1) like the budget itself.
pub(crate) async fn records(
    State(state): State<EmulatorState>,
    BudgetRecordsQuery(request): BudgetRecordsQuery,
) -> Result<Json<ListSubCustomerBudgetRecordsResponse>, ApiError> {
    let customer = state
        .customer_in_scope(request.indirect_partner_id.as_deref(), &request.customer_id)
        .await?;
    let (total_count, record_list) = state
        .store
        .budget_records(&customer.customer_id, &request)
        .await?;
    let budget = customer.budget(false);
    Ok(Json(ListSubCustomerBudgetRecordsResponse {
        total_count,
        measure_id: budget.measure_id,
        currency: budget.currency,
        record_list,
    }))
}
