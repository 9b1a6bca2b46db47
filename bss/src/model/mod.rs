//! Typed requests and responses of the BSS partner API, with the exact wire names.
//!
//! Requests leave unset optional fields out of the JSON. Responses ignore unknown fields and
//! tolerate missing ones, and the numeric codes BSS documents inconsistently as strings or
//! numbers (`association_type`, `verified_status`, ...) are accepted in both forms.

mod budget;
mod codes;
mod customers;
mod emulator;
mod freeze;
mod partners;
mod resources;

pub use budget::{
    BudgetOperationType, BudgetRecord, BudgetType, CancelPartnerFrozen, FrozenOperateType,
    ListSubCustomerBudgetRecordsRequest, ListSubCustomerBudgetRecordsResponse,
    ListSubCustomerBudgetRequest, ListSubCustomerBudgetResponse, SubCustomerBudget,
    UpdateSubCustomerBudgetRequest, MAX_IDS_PER_BUDGET_QUERY,
};
pub use customers::{
    AccountManager, AssociationType, CustomerInfo, CustomerType, ListSubCustomersRequest,
    ListSubCustomersResponse, VerifiedStatus,
};
pub use emulator::{
    BillingMode, CallLog, CallRecord, EmulatedCustomer, Faults, FreezeChange, FreezeChangeLog,
    Resource, ResourceList, ResourceStatus,
};
pub use freeze::{
    FreezeSubCustomersRequest, FreezeType, LegacyOperationRequest, LegacyOperationResponse,
    OperationResponse, UnfreezeSubCustomersRequest,
};
pub use partners::{IndirectPartner, ListIndirectPartnersRequest, ListIndirectPartnersResponse};
pub use resources::{
    CustomerOnDemandResource, EnterpriseProject, ExpirePolicy,
    ListCustomerOnDemandResourcesRequest, ListCustomerOnDemandResourcesResponse,
    ListPayPerUseCustomerResourcesRequest, ListPayPerUseCustomerResourcesResponse,
    MainResourceFilter, OnDemandResourceStatus, PrepaidResource, PrepaidResourceStatus,
    ResourceRole,
};

use serde::{Deserialize, Serialize};

/// The body of a whole-request failure: `{error_code, error_msg}`, plus `request_id` on the
/// API gateway's own answers (401, 429).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorBody {
    pub error_code: String,
    pub error_msg: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// A per-customer failure inside a 200 answer (`error_details[]`, `failDetail[]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemError {
    pub error_code: String,
    pub error_msg: String,
    /// The customer id.
    pub id: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{from_str, json, to_value};

    #[test]
    fn requests_leave_out_unset_fields_and_use_the_wire_names() {
        let list = ListSubCustomersRequest {
            association_type: Some(AssociationType::Reseller),
            limit: Some(5),
            ..Default::default()
        };
        assert_eq!(
            to_value(&list).unwrap(),
            json!({"limit": 5, "association_type": "3"})
        );

        let freeze = FreezeSubCustomersRequest {
            customer_ids: vec!["a".into()],
            reason: "r".into(),
            indirect_partner_id: None,
            freeze_type: Some(FreezeType::AccountAndResource),
        };
        assert_eq!(
            to_value(&freeze).unwrap(),
            json!({"customer_ids": ["a"], "reason": "r", "freeze_type": "ACCOUNT_AND_RESOURCE"})
        );
        let legacy = LegacyOperationRequest {
            customer_ids: vec!["a".into()],
            reason: "r".into(),
        };
        assert_eq!(
            to_value(&legacy).unwrap(),
            json!({"customerIds": ["a"], "reason": "r"})
        );
        let budget = UpdateSubCustomerBudgetRequest {
            customer_id: "c".into(),
            budget_amount: 10.5,
            cancel_partner_frozen: Some(CancelPartnerFrozen::Cancel),
            frozen_operate_type: Some(FrozenOperateType::Automatic),
            ..Default::default()
        };
        assert_eq!(
            to_value(&budget).unwrap(),
            json!({"customer_id": "c", "budget_amount": 10.5, "cancel_partner_frozen": "1",
                   "frozen_operate_type": 1})
        );
    }

    #[test]
    fn responses_accept_codes_as_strings_or_numbers_and_ignore_unknown_fields() {
        let response: ListSubCustomersResponse = from_str(
            r#"{"count": 2, "customer_infos": [
                {"customer_id": "a", "association_type": 3, "verified_status": "2",
                 "customer_type": "1", "is_frozen": 1, "something_new": true},
                {"customer_id": "b", "association_type": "1", "verified_status": -1,
                 "customer_type": 0, "is_frozen": "0"}
            ], "extra": {}}"#,
        )
        .unwrap();
        let [a, b] = &response.customer_infos[..] else {
            panic!("two customers expected");
        };
        assert_eq!(a.association_type, Some(AssociationType::Reseller));
        assert_eq!(a.verified_status, Some(VerifiedStatus::Verified));
        assert_eq!(a.customer_type, Some(CustomerType::Enterprise));
        assert!(a.is_frozen);
        assert_eq!(b.association_type, Some(AssociationType::Referral));
        assert_eq!(b.verified_status, Some(VerifiedStatus::NotVerified));
        assert!(!b.is_frozen);

        let sparse: CustomerInfo = from_str(r#"{"customer_id": "c", "is_frozen": null}"#).unwrap();
        assert_eq!(sparse.association_type, None);
        assert!(!sparse.is_frozen && sparse.account_managers.is_empty());

        assert!(from_str::<CustomerInfo>(r#"{"association_type": "2"}"#).is_err());
    }

    #[test]
    fn resource_and_record_codes_travel_as_the_sdk_defines_them() {
        let on_demand = ListCustomerOnDemandResourcesRequest {
            customer_id: "c".into(),
            status: Some(OnDemandResourceStatus::Frozen),
            limit: Some(100),
            ..Default::default()
        };
        assert_eq!(
            to_value(&on_demand).unwrap(),
            json!({"customer_id": "c", "limit": 100, "status": 3})
        );
        let prepaid = ListPayPerUseCustomerResourcesRequest {
            customer_id: "c".into(),
            only_main_resource: Some(MainResourceFilter::MainOnly),
            status_list: Some(vec![
                PrepaidResourceStatus::InUse,
                PrepaidResourceStatus::Expired,
            ]),
            ..Default::default()
        };
        assert_eq!(
            to_value(&prepaid).unwrap(),
            json!({"customer_id": "c", "only_main_resource": 1, "status_list": [2, 5]})
        );

        let resources: ListPayPerUseCustomerResourcesResponse = from_str(
            r#"{"total_count": 1, "data": [{"resource_id": "r", "status": "4",
                "expire_policy": 3, "is_main_resource": 1, "spec_size": 40.5,
                "enterprise_project": {"id": "0", "name": "default"}}]}"#,
        )
        .unwrap();
        let resource = &resources.data[0];
        assert_eq!(resource.status, Some(PrepaidResourceStatus::Frozen));
        assert_eq!(resource.expire_policy, Some(ExpirePolicy::AutoRenew));
        assert_eq!(resource.is_main_resource, Some(ResourceRole::Main));
        assert_eq!(resource.spec_size, Some(40.5));
        assert!(from_str::<CustomerOnDemandResource>(r#"{"status": 7}"#).is_err());

        let records: ListSubCustomerBudgetRecordsResponse = from_str(
            r#"{"total_count": 2, "measure_id": 1, "currency": "USD", "record_list": [
                {"budget_amount": 12.34, "operation_type": "SETTING", "budget_type": "PACKAGE",
                 "operator": "p", "operation_time": "2025-06-01T00:00:00Z"},
                {"operation_type": "DELETE"}]}"#,
        )
        .unwrap();
        assert_eq!(
            records
                .record_list
                .iter()
                .map(|record| record.operation_type)
                .collect::<Vec<_>>(),
            [
                Some(BudgetOperationType::Setting),
                Some(BudgetOperationType::Delete)
            ]
        );
        assert_eq!(
            records.record_list[0].budget_type,
            Some(BudgetType::Package)
        );
        assert!(from_str::<BudgetRecord>(r#"{"operation_type": "setting"}"#).is_err());
    }

    #[test]
    fn operation_responses_default_to_success() {
        let empty: OperationResponse = from_str("{}").unwrap();
        assert!(empty.error_details.is_empty());
        assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");

        let partial: OperationResponse = from_str(
            r#"{"error_details": [{"error_code": "CBC.5002", "error_msg": "m", "id": "x"}]}"#,
        )
        .unwrap();
        assert_eq!(
            partial.error_details,
            [ItemError {
                error_code: "CBC.5002".into(),
                error_msg: "m".into(),
                id: "x".into()
            }]
        );
        let legacy: LegacyOperationResponse =
            from_str(r#"{"successNum": 1, "failNum": 1, "failDetail": [{"id": "y"}]}"#).unwrap();
        assert_eq!((legacy.success_num, legacy.fail_num), (1, 1));
        assert_eq!(legacy.fail_detail[0].id, "y");
    }
}
