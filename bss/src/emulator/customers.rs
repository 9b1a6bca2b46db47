//! ListSubCustomers, and the extensions that show one customer's freeze level and resources.

use axum::extract::State;
use axum::Json;
use chrono::Utc;

use super::validate::{CustomerQuery, PathParam, Valid};
use super::{ApiError, EmulatorState};
use crate::model::{
    EmulatedCustomer, ListSubCustomersRequest, ListSubCustomersResponse, ResourceList,
};

/// `POST /v2/partners/sub-customers/query`.
pub(crate) async fn list(
    State(state): State<EmulatorState>,
    Valid(request): Valid<ListSubCustomersRequest>,
) -> Result<Json<ListSubCustomersResponse>, ApiError> {
    state
        .check_reseller(request.indirect_partner_id.as_deref())
        .await?;
    let (count, rows) = state.store.list_customers(&request).await?;
    if request.customer_id.is_none() {
        state
            .holds
            .hold_if_listed(rows.iter().map(|row| row.customer_id.as_str()))
            .await;
    }
    Ok(Json(ListSubCustomersResponse {
        count,
        customer_infos: rows.iter().map(|row| row.info()).collect(),
    }))
}

/// `GET /emulator/v1/customers/{customer_id}?indirect_partner_id=`.
pub(crate) async fn show(
    State(state): State<EmulatorState>,
    PathParam(customer_id): PathParam,
    query: CustomerQuery,
) -> Result<Json<EmulatedCustomer>, ApiError> {
    let customer = state
        .customer_in_scope(query.indirect_partner_id.as_deref(), &customer_id)
        .await?;
    Ok(Json(customer.emulated()))
}

/// `GET /emulator/v1/customers/{customer_id}/resources?indirect_partner_id=`.
pub(crate) async fn resources(
    State(state): State<EmulatorState>,
    PathParam(customer_id): PathParam,
    query: CustomerQuery,
) -> Result<Json<ResourceList>, ApiError> {
    let customer = state
        .customer_in_scope(query.indirect_partner_id.as_deref(), &customer_id)
        .await?;
    let resources = state
        .store
        .resources(&customer.customer_id, Utc::now())
        .await?;
    Ok(Json(ResourceList { resources }))
}
