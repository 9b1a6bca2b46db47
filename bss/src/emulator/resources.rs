//! A customer's resources as BSS lists them: pay-per-use (ListCustomerOnDemandResources) and
//! yearly/monthly (ListPayPerUseCustomerResources). Both read the `resources` table the freeze
//! rules change, so the wire status follows the stored one: a pay-per-use resource stopped by
//! an `ACCOUNT_AND_RESOURCE` freeze is `3` (frozen) until the unfreeze restarts it (`1`); a
//! prepaid one is `2` (in use) until its expire time, then `5` (expired).
//!
//! Only reseller-model customers' resources are the partner's to see: a referral customer
//! answers 400 `CBC.5024`, as its budget does.

use axum::extract::State;
use axum::Json;
use chrono::Utc;

use super::catalogue::{self, Service, Spec};
use super::store::{CustomerRow, ResourceRow};
use super::validate::Valid;
use super::{wire_time, ApiError, EmulatorState};
use crate::model::{
    AssociationType, CustomerOnDemandResource, ExpirePolicy, ListCustomerOnDemandResourcesRequest,
    ListCustomerOnDemandResourcesResponse, ListPayPerUseCustomerResourcesRequest,
    ListPayPerUseCustomerResourcesResponse, OnDemandResourceStatus, PrepaidResource,
    PrepaidResourceStatus, ResourceRole, ResourceStatus,
};

/// `POST /v2/partners/sub-customers/on-demand-resources/query`.
pub(crate) async fn list_on_demand(
    State(state): State<EmulatorState>,
    Valid(request): Valid<ListCustomerOnDemandResourcesRequest>,
) -> Result<Json<ListCustomerOnDemandResourcesResponse>, ApiError> {
    let customer = state
        .customer_in_scope(request.indirect_partner_id.as_deref(), &request.customer_id)
        .await?;
    let customer = reseller_model(customer)?;
    let (total_count, rows) = state
        .store
        .on_demand_resources(&customer.customer_id, &request, Utc::now())
        .await?;
    Ok(Json(ListCustomerOnDemandResourcesResponse {
        total_count,
        resources: rows.iter().map(ResourceRow::on_demand).collect(),
    }))
}

/// `POST /v2/orders/suscriptions/resources/query`. The request has no `indirect_partner_id`,
/// so a reseller's customer is found by its id alone.
pub(crate) async fn list_prepaid(
    State(state): State<EmulatorState>,
    Valid(request): Valid<ListPayPerUseCustomerResourcesRequest>,
) -> Result<Json<ListPayPerUseCustomerResourcesResponse>, ApiError> {
    let customer = state
        .store
        .find_customer_in_any_scope(&request.customer_id)
        .await?
        .ok_or_else(|| ApiError::unknown_customer(&request.customer_id))?;
    let customer = reseller_model(customer)?;
    let now = Utc::now();
    let (total_count, rows) = state
        .store
        .prepaid_resources(&customer.customer_id, &request, now)
        .await?;
    let now = wire_time(now);
    Ok(Json(ListPayPerUseCustomerResourcesResponse {
        total_count,
        data: rows.iter().map(|row| row.prepaid(&now)).collect(),
    }))
}

fn reseller_model(customer: CustomerRow) -> Result<CustomerRow, ApiError> {
    if customer.association_type() == Some(AssociationType::Reseller) {
        Ok(customer)
    } else {
        Err(ApiError::referral_customer(&customer.customer_id))
    }
}

impl ResourceRow {
    fn service(&self) -> Option<&'static Service> {
        catalogue::service(&self.service_type)
    }

    fn spec(&self) -> Option<&'static Spec> {
        self.service()
            .zip(self.spec_code.as_deref())
            .and_then(|(service, code)| service.spec(code))
    }

    fn on_demand(&self) -> CustomerOnDemandResource {
        let service = self.service();
        let spec = self.spec();
        CustomerOnDemandResource {
            customer_id: Some(self.customer_id.clone()),
            region_code: Some(self.region.clone()),
            availability_zone_code: self.availability_zone.clone(),
            service_type_code: service.map(|s| s.service_type_code.to_owned()),
            resource_type_code: service.map(|s| s.resource_type_code.to_owned()),
            service_type_name: service.map(|s| s.service_type_name.to_owned()),
            resource_type_name: service.map(|s| s.resource_type_name.to_owned()),
            resource_id: Some(self.resource_id.clone()),
            resource_name: Some(self.name.clone()),
            effective_time: self.effective_time.clone(),
            // A pay-per-use resource has no end date of its own; a stopped one's release
            // time is not a field BSS has.
            expire_time: None,
            status: Some(match self.status() {
                ResourceStatus::Stopped => OnDemandResourceStatus::Frozen,
                ResourceStatus::Running => OnDemandResourceStatus::Normal,
            }),
            resource_spec_code: self.spec_code.clone(),
            resource_info: spec.and_then(Spec::resource_info),
            product_spec_desc: spec.map(|spec| spec.description.to_owned()),
        }
    }

    /// `now` as wire time: expire times compare as text.
    fn prepaid(&self, now: &str) -> PrepaidResource {
        let service = self.service();
        let spec = self.spec();
        let expired = self
            .expire_time
            .as_deref()
            .is_some_and(|expire_time| expire_time <= now);
        PrepaidResource {
            id: Some(self.resource_id.clone()),
            resource_id: Some(self.resource_id.clone()),
            resource_name: Some(self.name.clone()),
            region_code: Some(self.region.clone()),
            service_type_code: service.map(|s| s.service_type_code.to_owned()),
            resource_type_code: service.map(|s| s.resource_type_code.to_owned()),
            resource_type_name: service.map(|s| s.resource_type_name.to_owned()),
            service_type_name: service.map(|s| s.service_type_name.to_owned()),
            resource_spec_code: self.spec_code.clone(),
            is_main_resource: Some(ResourceRole::Main),
            status: Some(if expired {
                PrepaidResourceStatus::Expired
            } else {
                PrepaidResourceStatus::InUse
            }),
            effective_time: self.effective_time.clone(),
            expire_time: self.expire_time.clone(),
            expire_policy: self.expire_policy.and_then(ExpirePolicy::from_code),
            product_spec_desc: spec.map(|spec| spec.description.to_owned()),
            // In GB; the measure id BSS would give it is not documented, so it is left out.
            spec_size: spec.and_then(|spec| spec.size_gb),
            ..PrepaidResource::default()
        }
    }
}
