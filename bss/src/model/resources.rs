//! A customer's resources: pay-per-use ones (ListCustomerOnDemandResources,
//! `POST /v2/partners/sub-customers/on-demand-resources/query`) and yearly/monthly ones
//! (ListPayPerUseCustomerResources, `POST /v2/orders/suscriptions/resources/query`).
//!
//! Field names, types and codes follow the official Go SDK, `huaweicloud-sdk-go-v3`
//! `services/bssintl/v2/model` at commit 1cd70eb6 (2026-03-13): `QueryCustomerOnDemandResourcesReq`,
//! `ListCustomerOnDemandResourcesResponse`, `CustomerOnDemandResource`, `QueryResourcesReq`,
//! `ListPayPerUseCustomerResourcesResponse`, `OrderInstanceV2` and `EnterpriseProject`; the
//! paths are `bssintl_meta.go`'s.

use serde::{Deserialize, Serialize};

use super::codes::wire_code;

wire_code! {
    /// The state of a pay-per-use resource (`status` of ListCustomerOnDemandResources).
    pub enum OnDemandResourceStatus as int {
        /// Provisioned and running.
        Normal = 1,
        GracePeriod = 2,
        /// Stopped, e.g. by an `ACCOUNT_AND_RESOURCE` freeze.
        Frozen = 3,
        Changing = 4,
        Closing = 5,
        Closed = 6,
    }
}

wire_code! {
    /// The state of a yearly/monthly resource (`status` and `status_list[]` of
    /// ListPayPerUseCustomerResources).
    pub enum PrepaidResourceStatus as int {
        InUse = 2,
        /// Not shown in the console.
        Closed = 3,
        Frozen = 4,
        Expired = 5,
    }
}

wire_code! {
    /// What happens to a yearly/monthly resource when it expires (`expire_policy`).
    pub enum ExpirePolicy as int {
        GracePeriod = 0,
        ToPayPerUse = 1,
        /// Deleted straight from the in-use state.
        Delete = 2,
        /// The only auto-renewing policy.
        AutoRenew = 3,
        Freeze = 4,
        /// Deleted after the retention period.
        DeleteAfterRetention = 5,
    }
}

wire_code! {
    /// `only_main_resource`: whether a query leaves out the resources attached to a main one
    /// (an ECS's disks, an EIP's bandwidth).
    pub enum MainResourceFilter as int {
        /// The default.
        WithAttached = 0,
        MainOnly = 1,
    }
}

wire_code! {
    /// `is_main_resource` of a yearly/monthly resource.
    pub enum ResourceRole as int {
        Attached = 0,
        Main = 1,
    }
}

/// ListCustomerOnDemandResources: `POST /v2/partners/sub-customers/on-demand-resources/query`.
/// An empty string or list in a filter means "no filter".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListCustomerOnDemandResourcesRequest {
    /// ≤64 characters.
    pub customer_id: String,
    /// E.g. `ap-southeast-1` (≤64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_code: Option<String>,
    /// E.g. `hws.service.type.obs` (≤64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_type_code: Option<String>,
    /// At most 50 ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_ids: Option<Vec<String>>,
    /// UTC `YYYY-MM-DDThh:mm:ssZ`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_time_begin: Option<String>,
    /// UTC `YYYY-MM-DDThh:mm:ssZ`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_time_end: Option<String>,
    /// Record offset (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
    /// Page size (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<OnDemandResourceStatus>,
    /// Needed for a reseller's customers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indirect_partner_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListCustomerOnDemandResourcesResponse {
    /// Total number of matches (not just this page).
    pub total_count: u64,
    pub resources: Vec<CustomerOnDemandResource>,
}

/// One pay-per-use resource of a customer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerOnDemandResource {
    pub customer_id: Option<String>,
    pub region_code: Option<String>,
    pub availability_zone_code: Option<String>,
    /// E.g. `hws.service.type.ec2`.
    pub service_type_code: Option<String>,
    /// E.g. `hws.resource.type.vm`.
    pub resource_type_code: Option<String>,
    pub service_type_name: Option<String>,
    pub resource_type_name: Option<String>,
    pub resource_id: Option<String>,
    pub resource_name: Option<String>,
    /// UTC `YYYY-MM-DDThh:mm:ssZ`.
    pub effective_time: Option<String>,
    /// UTC `YYYY-MM-DDThh:mm:ssZ`.
    pub expire_time: Option<String>,
    pub status: Option<OnDemandResourceStatus>,
    /// E.g. `s6.small.1.linux`.
    pub resource_spec_code: Option<String>,
    /// Capacity as a JSON text, e.g. `{"specSize":40.0}`.
    pub resource_info: Option<String>,
    /// E.g. `General computing|s6.small.1|1vCPUs|1GB|linux`.
    pub product_spec_desc: Option<String>,
}

/// ListPayPerUseCustomerResources (the SDK's `QueryResourcesReq`):
/// `POST /v2/orders/suscriptions/resources/query`, path spelled so by Huawei. Despite the
/// name it lists **yearly/monthly** resources.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPayPerUseCustomerResourcesRequest {
    /// Optional for a customer's own query, required when a partner asks about its customer
    /// (≤64), so required here.
    pub customer_id: String,
    /// At most 50 ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_main_resource: Option<MainResourceFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_list: Option<Vec<PrepaidResourceStatus>>,
    /// Record offset (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
    /// Page size (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Resources expiring in this period (UTC `YYYY-MM-DDThh:mm:ssZ`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expire_time_begin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expire_time_end: Option<String>,
    /// E.g. `hws.service.type.ebs`; unlike the other query, an empty string is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_type_code: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListPayPerUseCustomerResourcesResponse {
    /// Total number of matches (not just this page).
    pub total_count: u64,
    pub data: Vec<PrepaidResource>,
}

/// One yearly/monthly resource of a customer (the SDK's `OrderInstanceV2`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PrepaidResource {
    /// The internal id the resource was ordered under.
    pub id: Option<String>,
    pub resource_id: Option<String>,
    pub resource_name: Option<String>,
    pub region_code: Option<String>,
    pub service_type_code: Option<String>,
    pub resource_type_code: Option<String>,
    pub resource_type_name: Option<String>,
    pub service_type_name: Option<String>,
    pub resource_spec_code: Option<String>,
    pub project_id: Option<String>,
    pub product_id: Option<String>,
    pub parent_resource_id: Option<String>,
    pub is_main_resource: Option<ResourceRole>,
    pub status: Option<PrepaidResourceStatus>,
    /// UTC `YYYY-MM-DDThh:mm:ssZ`.
    pub effective_time: Option<String>,
    /// UTC `YYYY-MM-DDThh:mm:ssZ`.
    pub expire_time: Option<String>,
    pub expire_policy: Option<ExpirePolicy>,
    pub product_spec_desc: Option<String>,
    /// Linear size (a disk's GB), a decimal in the SDK.
    pub spec_size: Option<f64>,
    pub spec_size_measure_id: Option<i32>,
    /// UTC `YYYY-MM-DDThh:mm:ssZ`.
    pub update_time: Option<String>,
    pub enterprise_project: Option<EnterpriseProject>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EnterpriseProject {
    pub id: Option<String>,
    pub name: Option<String>,
}
