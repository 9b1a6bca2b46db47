//! Budgets: `sub-customers/budget` (update, show), `sub-customers/budget/query` (list) and
//! `sub-customers/budget/records` (ListSubCustomerBudgetRecords, whose names follow the Go SDK
//! `huaweicloud-sdk-go-v3` `services/bssintl/v2/model` at commit 1cd70eb6:
//! `ListSubCustomerBudgetRecordsRequest`, `ListSubCustomerBudgetRecordsResponse`,
//! `BudgetRecordInfo`).

use serde::{Deserialize, Serialize};

use super::codes::wire_code;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BudgetType {
    /// A budget that renews every month.
    #[default]
    Monthly,
    /// A one-off budget.
    Package,
}

impl BudgetType {
    /// The wire name (`MONTHLY` / `PACKAGE`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Monthly => "MONTHLY",
            Self::Package => "PACKAGE",
        }
    }

    pub fn from_wire(value: &str) -> Option<Self> {
        [Self::Monthly, Self::Package]
            .into_iter()
            .find(|kind| kind.as_str() == value)
    }
}

/// What a budget record says was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BudgetOperationType {
    /// The budget was set (UpdateSubCustomerBudget).
    Setting,
    /// The budget went with the customer's association.
    Delete,
}

impl BudgetOperationType {
    /// The wire name (`SETTING` / `DELETE`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Setting => "SETTING",
            Self::Delete => "DELETE",
        }
    }

    pub fn from_wire(value: &str) -> Option<Self> {
        [Self::Setting, Self::Delete]
            .into_iter()
            .find(|kind| kind.as_str() == value)
    }
}

wire_code! {
    /// `cancel_partner_frozen`: whether setting the budget also unfreezes the account.
    pub enum CancelPartnerFrozen as str {
        Keep = 0,
        Cancel = 1,
    }
}

wire_code! {
    /// What happens when the budget is used up.
    pub enum FrozenOperateType as int {
        /// The partner freezes the customer by hand.
        Manual = 0,
        /// The customer is frozen automatically.
        Automatic = 1,
    }
}

/// `POST /v2/partners/sub-customers/budget`. Success has no body fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateSubCustomerBudgetRequest {
    /// ≤64 characters.
    pub customer_id: String,
    /// In (0, 2147483647], at most two decimals.
    pub budget_amount: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_partner_frozen: Option<CancelPartnerFrozen>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indirect_partner_id: Option<String>,
    /// Absent means `MONTHLY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_type: Option<BudgetType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frozen_operate_type: Option<FrozenOperateType>,
}

/// A customer's budget: the body of ShowSubCustomerBudget (`GET .../budget?customer_id=`) and an
/// item of ListSubCustomerBudget's `budget_infos[]` (which also names the customer).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SubCustomerBudget {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    pub budget_amount: Option<f64>,
    pub used_amount: Option<f64>,
    /// `1`: amounts are in currency units (not cents).
    pub measure_id: Option<i32>,
    /// `USD` on the international site.
    pub currency: Option<String>,
    pub budget_type: Option<BudgetType>,
}

/// The most customer ids one ListSubCustomerBudget call takes.
pub const MAX_IDS_PER_BUDGET_QUERY: usize = 100;

/// `POST /v2/partners/sub-customers/budget/query`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListSubCustomerBudgetRequest {
    /// 1..=[`MAX_IDS_PER_BUDGET_QUERY`] customer ids.
    pub customer_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indirect_partner_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListSubCustomerBudgetResponse {
    pub budget_infos: Vec<SubCustomerBudget>,
}

/// ListSubCustomerBudgetRecords: `GET /v2/partners/sub-customers/budget/records`, every field a
/// query parameter. Absent filters match every record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListSubCustomerBudgetRecordsRequest {
    /// 1..=64 characters.
    pub customer_id: String,
    pub indirect_partner_id: Option<String>,
    pub operation_type: Option<BudgetOperationType>,
    pub budget_type: Option<BudgetType>,
    /// Record offset, 0..=2147483647 (default 0).
    pub offset: Option<u32>,
    /// Page size, 1..=100 (default 10).
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListSubCustomerBudgetRecordsResponse {
    /// Total number of matching records (not just this page).
    pub total_count: u64,
    /// `1`: amounts are in currency units.
    pub measure_id: Option<i32>,
    pub currency: Option<String>,
    pub record_list: Vec<BudgetRecord>,
}

/// One change of a customer's budget.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BudgetRecord {
    pub budget_amount: Option<f64>,
    pub operation_type: Option<BudgetOperationType>,
    /// UTC `YYYY-MM-DDThh:mm:ssZ`.
    pub operation_time: Option<String>,
    /// The operator's account name, or `system`.
    pub operator: Option<String>,
    pub budget_type: Option<BudgetType>,
    pub partner_corp_name: Option<String>,
    pub partner_account_name: Option<String>,
}
