//! Freeze and unfreeze, v2 and legacy v1.0, with the per-customer state rules:
//! - unknown, or not in the addressed scope (partner or reseller): `CBC.5002`;
//! - a referral customer: `CBC.5024`;
//! - already frozen, not frozen, or unfrozen with another type than it was frozen with:
//!   `CBC.0150` (BSS does not publish codes for these; the message says which);
//! - a customer of a reseller that holds the permission to restrict its own customers:
//!   `CBC.0150` too, with a message saying so.
//!
//! A `fail_customer_ids` fault fails those customers with `CBC.0999`.

use axum::extract::State;
use axum::Json;
use chrono::Utc;

use super::error::reseller_manages_restrictions_message;
use super::store::{CustomerRow, Store};
use super::validate::{path_param, PathParam, Valid};
use super::{ApiError, EmulatorState, Shared};
use crate::model::{
    AssociationType, FreezeSubCustomersRequest, FreezeType, ItemError, LegacyOperationRequest,
    LegacyOperationResponse, OperationResponse, UnfreezeSubCustomersRequest,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Freeze(FreezeType),
    /// Carries the type the customer must have been frozen with.
    Unfreeze(FreezeType),
}

/// `POST /v2/partners/sub-customers/freeze`.
pub(crate) async fn freeze(
    State(state): State<EmulatorState>,
    Valid(request): Valid<FreezeSubCustomersRequest>,
) -> Result<Json<OperationResponse>, ApiError> {
    let change = Change::Freeze(request.freeze_type.unwrap_or_default());
    v2(
        &state,
        &request.customer_ids,
        request.indirect_partner_id.as_deref(),
        change,
    )
    .await
}

/// `POST /v2/partners/sub-customers/unfreeze`.
pub(crate) async fn unfreeze(
    State(state): State<EmulatorState>,
    Valid(request): Valid<UnfreezeSubCustomersRequest>,
) -> Result<Json<OperationResponse>, ApiError> {
    let change = Change::Unfreeze(request.unfreeze_type.unwrap_or_default());
    v2(
        &state,
        &request.customer_ids,
        request.indirect_partner_id.as_deref(),
        change,
    )
    .await
}

/// A v2 answer: `{}`, or the customers that failed in `error_details`.
async fn v2(
    state: &Shared,
    customer_ids: &[String],
    scope: Option<&str>,
    change: Change,
) -> Result<Json<OperationResponse>, ApiError> {
    let error_details = apply(state, scope, customer_ids, change).await?;
    Ok(Json(OperationResponse { error_details }))
}

/// `POST /v1.0/{partner_id}/partner/customer-mgr/frozens`: account level, own customers.
pub(crate) async fn legacy_freeze(
    State(state): State<EmulatorState>,
    PathParam(partner_id): PathParam,
    Valid(request): Valid<LegacyOperationRequest>,
) -> Result<Json<LegacyOperationResponse>, ApiError> {
    legacy(
        &state,
        &partner_id,
        &request,
        Change::Freeze(FreezeType::Account),
    )
    .await
}

/// `POST /v1.0/{partner_id}/partner/customer-mgr/unfrozens`: account level, so a customer
/// frozen with resources fails with a type mismatch.
pub(crate) async fn legacy_unfreeze(
    State(state): State<EmulatorState>,
    PathParam(partner_id): PathParam,
    Valid(request): Valid<LegacyOperationRequest>,
) -> Result<Json<LegacyOperationResponse>, ApiError> {
    legacy(
        &state,
        &partner_id,
        &request,
        Change::Unfreeze(FreezeType::Account),
    )
    .await
}

async fn legacy(
    state: &Shared,
    partner_id: &str,
    request: &LegacyOperationRequest,
    change: Change,
) -> Result<Json<LegacyOperationResponse>, ApiError> {
    // Like the real service, the path's partner id is checked for length only.
    path_param("partner_id", partner_id)?;
    let fail_detail = apply(state, None, &request.customer_ids, change).await?;
    let fail_num = u32::try_from(fail_detail.len()).unwrap_or(u32::MAX);
    Ok(Json(LegacyOperationResponse {
        success_num: u32::try_from(request.customer_ids.len()).unwrap_or(u32::MAX) - fail_num,
        fail_num,
        fail_detail,
    }))
}

/// Applies `change` to each customer in one transaction and returns the per-item failures.
async fn apply(
    state: &Shared,
    scope: Option<&str>,
    customer_ids: &[String],
    change: Change,
) -> Result<Vec<ItemError>, ApiError> {
    state.check_reseller(scope).await?;
    let self_managed = match scope {
        Some(id) if state.store.manages_restrictions(id).await? => Some(id),
        _ => None,
    };
    let failing = state.faults.failing_customers();
    let now = Utc::now();
    let mut tx = state.store.begin().await?;
    let mut failures = Vec::new();
    for id in customer_ids {
        let verdict = if let Some(reseller) = self_managed {
            Err(Refusal::new(
                "CBC.0150",
                reseller_manages_restrictions_message(reseller),
            ))
        } else if failing.contains(id) {
            Err(Refusal::new(
                "CBC.0999",
                "Injected failure for this customer.",
            ))
        } else {
            transition(change, Store::customer(&mut *tx, scope, id).await?.as_ref())
        };
        match verdict {
            Ok(Transition { from, to }) => Store::set_freeze(&mut tx, id, from, to, now).await?,
            Err(refusal) => failures.push(ItemError {
                error_code: refusal.code.to_owned(),
                error_msg: refusal.message,
                id: id.clone(),
            }),
        }
    }
    tx.commit().await?;
    Ok(failures)
}

/// A customer's freeze level before and after a change (`None` = not frozen).
struct Transition {
    from: Option<FreezeType>,
    to: Option<FreezeType>,
}

/// Why a change is refused for one customer.
struct Refusal {
    code: &'static str,
    message: String,
}

impl Refusal {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// The state rules for one customer.
fn transition(change: Change, customer: Option<&CustomerRow>) -> Result<Transition, Refusal> {
    let Some(customer) = customer else {
        return Err(Refusal::new(
            "CBC.5002",
            "The customer does not exist or is not your customer.",
        ));
    };
    if customer.association_type() != Some(AssociationType::Reseller) {
        return Err(Refusal::new(
            "CBC.5024",
            "Only reseller-model customers can be frozen or unfrozen.",
        ));
    }
    let current = customer.freeze_type();
    match (change, current) {
        (Change::Freeze(level), None) => Ok(Transition {
            from: None,
            to: Some(level),
        }),
        (Change::Freeze(_), Some(current)) => Err(Refusal::new(
            "CBC.0150",
            format!(
                "The customer is already frozen ({}); unfreeze it first.",
                current.as_str()
            ),
        )),
        (Change::Unfreeze(_), None) => Err(Refusal::new("CBC.0150", "The customer is not frozen.")),
        (Change::Unfreeze(level), Some(current)) if level == current => Ok(Transition {
            from: Some(current),
            to: None,
        }),
        (Change::Unfreeze(level), Some(current)) => Err(Refusal::new(
            "CBC.0150",
            format!(
                "The customer was frozen with type {}; unfreeze it with that type, not {}.",
                current.as_str(),
                level.as_str()
            ),
        )),
    }
}
