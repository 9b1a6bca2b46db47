//! ListSubCustomers: `POST /v2/partners/sub-customers/query`.

use serde::{Deserialize, Serialize};

use super::codes::wire_code;

wire_code! {
    /// How a customer is associated with the partner (`"1"` / `"3"` on the wire).
    pub enum AssociationType as str {
        /// Referral model: the customer pays Huawei Cloud directly; it cannot be frozen.
        Referral = 1,
        /// Reseller model: the partner pays and may freeze the customer.
        Reseller = 3,
    }
}

wire_code! {
    /// Real-name verification state of a customer.
    pub enum VerifiedStatus as str {
        NotVerified = -1,
        UnderReview = 0,
        Rejected = 1,
        Verified = 2,
        Failed = 3,
    }
}

wire_code! {
    pub enum CustomerType as int {
        Unspecified = -1,
        Individual = 0,
        Enterprise = 1,
    }
}

/// Filters for ListSubCustomers; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListSubCustomersRequest {
    /// Fuzzy match on the account name (≤64).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_name: Option<String>,
    /// Fuzzy match on the verified name (≤64).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// Record offset, 0..=40000000.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
    /// Page size, 1..=100 (default 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Fuzzy match on the label (≤64).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub association_type: Option<AssociationType>,
    /// UTC `YYYY-MM-DDThh:mm:ssZ`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub associated_on_begin: Option<String>,
    /// UTC `YYYY-MM-DDThh:mm:ssZ`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub associated_on_end: Option<String>,
    /// Exact customer id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// Lists the customers of this reseller instead of the partner's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indirect_partner_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListSubCustomersResponse {
    /// Total number of matches (not just this page).
    pub count: u64,
    pub customer_infos: Vec<CustomerInfo>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountManager {
    pub account_name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerInfo {
    /// The verified (real) name.
    pub customer: Option<String>,
    pub account_name: Option<String>,
    pub customer_id: String,
    /// UTC `YYYY-MM-DDThh:mm:ssZ`.
    pub associated_on: Option<String>,
    pub association_type: Option<AssociationType>,
    pub label: Option<String>,
    pub telephone: Option<String>,
    pub verified_status: Option<VerifiedStatus>,
    pub country_code: Option<String>,
    pub customer_type: Option<CustomerType>,
    /// `0` / `1` on the wire.
    #[serde(with = "frozen_flag")]
    pub is_frozen: bool,
    pub account_managers: Vec<AccountManager>,
    pub xaccount_id: Option<String>,
    pub xaccount_type: Option<String>,
    /// `V0`..`V5`.
    pub customer_level: Option<String>,
    pub email: Option<String>,
}

/// `is_frozen` is `0`/`1` (a number, sometimes a string); a missing or null value is "not frozen".
mod frozen_flag {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(frozen: &bool, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(u8::from(*frozen))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
        #[derive(Deserialize)]
        struct Code(#[serde(deserialize_with = "crate::model::codes::deserialize_code")] i64);

        Ok(Option::<Code>::deserialize(deserializer)?.is_some_and(|Code(code)| code != 0))
    }
}
