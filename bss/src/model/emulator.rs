//! Bodies of the emulator's extension endpoints (`/emulator/v1/...`), which the real BSS does
//! not have: a customer's freeze level, its resources, and fault injection.

use serde::{Deserialize, Serialize};

use super::{AssociationType, FreezeType};

/// `GET /emulator/v1/customers/{customer_id}`: what ListSubCustomers' `is_frozen` cannot say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EmulatedCustomer {
    pub customer_id: String,
    pub account_name: Option<String>,
    pub association_type: Option<AssociationType>,
    /// The reseller the customer belongs to, if any.
    pub indirect_partner_id: Option<String>,
    /// `null` when the customer is not frozen.
    pub freeze_type: Option<FreezeType>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BillingMode {
    /// Pay-per-use: stops when the customer is frozen at `ACCOUNT_AND_RESOURCE` level.
    OnDemand,
    /// Yearly/monthly: keeps running until it expires.
    Prepaid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ResourceStatus {
    Running,
    /// Stopped by an `ACCOUNT_AND_RESOURCE` freeze.
    Stopped,
}

/// One cloud resource of a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    pub id: String,
    pub name: String,
    /// `ECS`, `EVS`, `OBS`, `RDS`, `ELB`, ...
    pub service_type: String,
    pub region: String,
    pub billing_mode: BillingMode,
    pub status: ResourceStatus,
    /// Prepaid resources: when the subscription ends (`YYYY-MM-DDThh:mm:ssZ`).
    pub expire_time: Option<String>,
    /// Stopped pay-per-use resources: when they are released unless the customer is unfrozen.
    pub release_time: Option<String>,
}

/// `GET /emulator/v1/customers/{customer_id}/resources`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourceList {
    pub resources: Vec<Resource>,
}

/// A change the emulator made to a customer's freeze level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreezeChange {
    pub customer_id: String,
    /// The level set; `None` when the customer was unfrozen.
    pub freeze_type: Option<FreezeType>,
}

/// One authenticated call the emulator's gateway saw, in its call log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallRecord {
    /// When it arrived, in microseconds since the Unix epoch.
    pub at_micros: i64,
    /// Method and route, e.g. `POST /v2/partners/sub-customers/freeze`.
    pub api: String,
    /// The HTTP status answered (429 when flow control refused it).
    pub status: u16,
}

/// `GET /emulator/v1/freeze-changes`: every freeze level change, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FreezeChangeLog {
    pub changes: Vec<FreezeChange>,
}

/// `GET /emulator/v1/calls`: the gateway's call log, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CallLog {
    pub calls: Vec<CallRecord>,
}

/// Fault injection, read and replaced with `GET`/`PUT /emulator/v1/faults`. Missing fields
/// mean "no fault".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// Added before every authenticated request is handled.
    pub latency_ms: u64,
    /// Added after a request is handled, before its answer is sent: the change is made but
    /// the caller waits for word of it (and may give up, or die, first).
    pub reply_delay_ms: u64,
    /// Share (0..=1) of authenticated requests answered HTTP 500 `CBC.0999`.
    pub fault_rate: f64,
    /// Share (0..=1) of authenticated requests handled (the change is made) whose answer is
    /// then lost: the connection is dropped.
    pub drop_rate: f64,
    /// These customers fail per item with `CBC.0999` on freeze and unfreeze.
    pub fail_customer_ids: Vec<String>,
}
