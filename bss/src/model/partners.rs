//! ListIndirectPartners: `POST /v2/partners/indirect-partners/query` (the partner's resellers).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListIndirectPartnersRequest {
    /// Fuzzy match on the account name (≤64).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_name: Option<String>,
    /// UTC `YYYY-MM-DDThh:mm:ssZ`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub associated_on_begin: Option<String>,
    /// UTC `YYYY-MM-DDThh:mm:ssZ`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub associated_on_end: Option<String>,
    /// Record offset, 0..=40000000.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
    /// Page size, 1..=100 (default 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Exact reseller id (≤64).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indirect_partner_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListIndirectPartnersResponse {
    pub count: u64,
    pub indirect_partners: Vec<IndirectPartner>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IndirectPartner {
    pub indirect_partner_id: String,
    pub account_name: Option<String>,
    pub name: Option<String>,
    pub mobile_phone: Option<String>,
    pub email: Option<String>,
    /// UTC `YYYY-MM-DDThh:mm:ssZ`.
    pub associated_on: Option<String>,
    pub account_manager_id: Option<String>,
    pub account_manager_name: Option<String>,
}
