//! The resource preview of a resource-level operation, from the partner API's two resource
//! queries: ListCustomerOnDemandResources (pay-per-use) and ListPayPerUseCustomerResources
//! (yearly/monthly, despite its name). Both are read to the last page, at the client's pace.

use bss::model::{
    CustomerOnDemandResource, ListCustomerOnDemandResourcesRequest,
    ListPayPerUseCustomerResourcesRequest, OnDemandResourceStatus, PrepaidResource,
    PrepaidResourceStatus,
};
use bss::BssClient;
use chrono::{DateTime, Utc};
use i18n::{t, Language};

use super::ServiceError;
use crate::customer::CustomerRow;
use crate::impact::{
    BillingMode, CustomerResources, ResourceEffect, ResourceImpact, ResourceListing,
    ResourcePreview, UnchangedState, LISTED_PER_CUSTOMER, PREVIEW_CUSTOMERS,
};
use crate::operation::Operation;
use crate::retention::RetentionSettings;

/// What a resource-level `operation` run at `now` does to the resources of the first
/// [`PREVIEW_CUSTOMERS`] of `customers`, their data kept for `retention`'s period. A customer BSS does not list resources for gets
/// the sentence saying why; the others are listed all the same.
pub async fn resource_preview(
    bss: &BssClient,
    operation: Operation,
    customers: &[CustomerRow],
    retention: RetentionSettings,
    now: DateTime<Utc>,
    language: Language,
) -> ResourcePreview {
    let released_on = retention.deadline(now).format("%Y-%m-%d").to_string();
    let mut previewed = Vec::new();
    for customer in customers.iter().take(PREVIEW_CUSTOMERS) {
        let listing = match resources_of(bss, customer).await {
            Ok((on_demand, prepaid)) => {
                let impacts: Vec<ResourceImpact> = on_demand
                    .into_iter()
                    .filter_map(|resource| on_demand_impact(resource, operation, &released_on))
                    .chain(prepaid.into_iter().filter_map(prepaid_impact))
                    .collect();
                let more = impacts.len().saturating_sub(LISTED_PER_CUSTOMER);
                ResourceListing::Listed {
                    resources: impacts.into_iter().take(LISTED_PER_CUSTOMER).collect(),
                    more,
                }
            }
            Err(error) => ResourceListing::Failed(t!(
                language,
                "dialog-resources-failed",
                problem = error.user_message()
            )),
        };
        previewed.push(CustomerResources {
            customer_id: customer.customer_id.clone(),
            name: customer.display_name().to_owned(),
            listing,
        });
    }
    ResourcePreview {
        not_listed: customers.len() - previewed.len(),
        customers: previewed,
    }
}

async fn resources_of(
    bss: &BssClient,
    customer: &CustomerRow,
) -> Result<(Vec<CustomerOnDemandResource>, Vec<PrepaidResource>), ServiceError> {
    let on_demand = ListCustomerOnDemandResourcesRequest {
        customer_id: customer.customer_id.clone(),
        indirect_partner_id: customer.reseller_id.clone(),
        ..ListCustomerOnDemandResourcesRequest::default()
    };
    let prepaid = ListPayPerUseCustomerResourcesRequest {
        customer_id: customer.customer_id.clone(),
        ..ListPayPerUseCustomerResourcesRequest::default()
    };
    // The two queries are paced apart, so they run side by side.
    let (on_demand, prepaid) = tokio::try_join!(
        bss.list_all_customer_on_demand_resources(&on_demand),
        bss.list_all_pay_per_use_customer_resources(&prepaid),
    )?;
    Ok((on_demand, prepaid))
}

/// Closed resources are gone; the console does not list them either.
fn on_demand_impact(
    resource: CustomerOnDemandResource,
    operation: Operation,
    released_on: &str,
) -> Option<ResourceImpact> {
    let status = resource.status?;
    let effect = match (status, operation.is_freeze()) {
        (OnDemandResourceStatus::Closed, _) => return None,
        (OnDemandResourceStatus::Closing, _) => {
            ResourceEffect::Unchanged(UnchangedState::BeingReleased)
        }
        (OnDemandResourceStatus::Frozen, true) => ResourceEffect::StaysFrozen,
        (OnDemandResourceStatus::Frozen, false) => ResourceEffect::StartsAgain,
        (_, true) => ResourceEffect::Stops {
            released_on: released_on.to_owned(),
        },
        (_, false) => ResourceEffect::KeepsRunning,
    };
    Some(described(
        BillingMode::PayPerUse,
        effect,
        Described {
            resource_id: resource.resource_id,
            name: resource.resource_name,
            service_name: resource.service_type_name,
            service_code: resource.service_type_code,
            region: resource.region_code,
        },
    ))
}

/// Neither a freeze nor an unfreeze changes a yearly/monthly resource.
fn prepaid_impact(resource: PrepaidResource) -> Option<ResourceImpact> {
    let until = resource.expire_time.as_deref().map(day_of);
    let effect = match resource.status? {
        PrepaidResourceStatus::Closed => return None,
        PrepaidResourceStatus::InUse => ResourceEffect::KeepsWorking { until },
        PrepaidResourceStatus::Frozen => ResourceEffect::Unchanged(UnchangedState::Frozen),
        PrepaidResourceStatus::Expired => {
            ResourceEffect::Unchanged(UnchangedState::Expired { on: until })
        }
    };
    Some(described(
        BillingMode::YearlyMonthly,
        effect,
        Described {
            resource_id: resource.resource_id,
            name: resource.resource_name,
            service_name: resource.service_type_name,
            service_code: resource.service_type_code,
            region: resource.region_code,
        },
    ))
}

/// What both queries say of a resource, each field optional on the wire.
struct Described {
    resource_id: Option<String>,
    name: Option<String>,
    service_name: Option<String>,
    service_code: Option<String>,
    region: Option<String>,
}

fn described(billing: BillingMode, effect: ResourceEffect, resource: Described) -> ResourceImpact {
    ResourceImpact {
        resource_id: resource.resource_id.unwrap_or_default(),
        name: resource.name.unwrap_or_default(),
        service: resource
            .service_name
            .or(resource.service_code)
            .unwrap_or_default(),
        region: resource.region.unwrap_or_default(),
        billing,
        effect,
    }
}

/// The date of a BSS UTC time (`2026-12-01T08:00:00Z`).
fn day_of(time: &str) -> String {
    time.chars().take(10).collect()
}
