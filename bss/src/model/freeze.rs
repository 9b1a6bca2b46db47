//! Freeze / unfreeze: v2 `sub-customers/freeze|unfreeze` and the legacy v1.0 `frozens|unfrozens`.

use serde::{Deserialize, Serialize};

use super::ItemError;

/// Freeze level. `ACCOUNT` restricts purchases; `ACCOUNT_AND_RESOURCE` also stops pay-per-use
/// resources (released after a 15-day retention period).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FreezeType {
    #[default]
    Account,
    AccountAndResource,
}

impl FreezeType {
    /// The wire name (`ACCOUNT` / `ACCOUNT_AND_RESOURCE`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Account => "ACCOUNT",
            Self::AccountAndResource => "ACCOUNT_AND_RESOURCE",
        }
    }

    pub fn from_wire(value: &str) -> Option<Self> {
        [Self::Account, Self::AccountAndResource]
            .into_iter()
            .find(|kind| kind.as_str() == value)
    }
}

/// `POST /v2/partners/sub-customers/freeze`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreezeSubCustomersRequest {
    /// 1..=10 customer ids.
    pub customer_ids: Vec<String>,
    /// 1..=256 characters.
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indirect_partner_id: Option<String>,
    /// Absent or null means `ACCOUNT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freeze_type: Option<FreezeType>,
}

/// `POST /v2/partners/sub-customers/unfreeze`. The type must equal the one the customer was
/// frozen with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnfreezeSubCustomersRequest {
    /// 1..=10 customer ids.
    pub customer_ids: Vec<String>,
    /// 1..=256 characters.
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indirect_partner_id: Option<String>,
    /// Absent or null means `ACCOUNT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unfreeze_type: Option<FreezeType>,
}

/// The answer to a v2 freeze or unfreeze: `{}` when every customer succeeded, otherwise the
/// customers that failed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OperationResponse {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub error_details: Vec<ItemError>,
}

/// Legacy `POST /v1.0/{partner_id}/partner/customer-mgr/frozens` and `.../unfrozens`
/// (account level only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyOperationRequest {
    /// At most 10 customer ids.
    #[serde(rename = "customerIds")]
    pub customer_ids: Vec<String>,
    /// At most 256 characters.
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LegacyOperationResponse {
    #[serde(rename = "successNum")]
    pub success_num: u32,
    #[serde(rename = "failNum")]
    pub fail_num: u32,
    #[serde(rename = "failDetail")]
    pub fail_detail: Vec<ItemError>,
}
