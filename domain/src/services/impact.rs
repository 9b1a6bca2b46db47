//! The per-resource impact preview. Only the emulator can list a customer's resources (an
//! extension the real BSS partner API does not have), so against the real service the
//! dialog shows the general impact text alone.

use bss::model::{BillingMode, ResourceStatus};
use bss::BssClient;
use chrono::{Duration, Utc};

use super::ServiceError;
use crate::customer::CustomerRow;
use crate::impact::ResourceImpact;
use crate::operation::Operation;

/// How long BSS keeps the stopped pay-per-use resources of a frozen customer.
const RETENTION_DAYS: i64 = 15;

/// The resources of `customers` that a resource-level `operation` changes or leaves running.
pub async fn resource_impact(
    bss: &BssClient,
    operation: Operation,
    customers: &[CustomerRow],
) -> Result<Vec<ResourceImpact>, ServiceError> {
    let release_on = (Utc::now() + Duration::days(RETENTION_DAYS)).format("%Y-%m-%d");
    let mut impact = Vec::new();
    for customer in customers {
        let resources = bss
            .emulator_resources(&customer.customer_id, customer.reseller_id.as_deref())
            .await?
            .body
            .resources;
        for resource in resources {
            let pay_per_use = resource.billing_mode == BillingMode::OnDemand;
            let date = |value: &Option<String>| {
                value
                    .as_deref()
                    .map_or(String::new(), |v| v.chars().take(10).collect())
            };
            let effect = match (operation.is_freeze(), pay_per_use, resource.status) {
                (true, true, _) => {
                    format!("Stops and stops billing; released on {release_on} unless unfrozen")
                }
                (false, true, ResourceStatus::Stopped) => format!(
                    "Starts again and resumes billing (release on {} is cancelled)",
                    date(&resource.release_time)
                ),
                (false, true, ResourceStatus::Running) => "Keeps running".to_owned(),
                (_, false, _) => format!(
                    "Keeps working until it expires on {}",
                    date(&resource.expire_time)
                ),
            };
            impact.push(ResourceImpact {
                customer_id: customer.customer_id.clone(),
                name: resource.name,
                service_type: resource.service_type,
                region: resource.region,
                pay_per_use,
                effect,
            });
        }
    }
    Ok(impact)
}
