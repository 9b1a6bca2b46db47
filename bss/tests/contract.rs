//! The client against the emulator over real HTTP: every endpoint, the documented codes and
//! the state rules.

#![cfg(all(feature = "client", feature = "emulator"))]

mod common;

use bss::emulator::{DEMO_DOMAIN_ID, PARTNER_ACCOUNT_NAME, PARTNER_CORP_NAME};
use bss::model::{
    AssociationType, BillingMode, BudgetOperationType, BudgetRecord, BudgetType, CallLog,
    CancelPartnerFrozen, FreezeChange, FreezeChangeLog, FreezeSubCustomersRequest, FreezeType,
    FrozenOperateType, IndirectPartner, LegacyOperationRequest,
    ListCustomerOnDemandResourcesRequest, ListIndirectPartnersRequest,
    ListPayPerUseCustomerResourcesRequest, ListSubCustomerBudgetRecordsRequest,
    ListSubCustomerBudgetRequest, ListSubCustomersRequest, OnDemandResourceStatus,
    PrepaidResourceStatus, ResourceRole, ResourceStatus, UnfreezeSubCustomersRequest,
    UpdateSubCustomerBudgetRequest,
};
use bss::{Auth, BssClient, BssError, Secret};
use chrono::{NaiveDateTime, TimeDelta, Utc};
use common::*;
use reqwest::StatusCode;

fn owned<S: AsRef<str>>(ids: impl IntoIterator<Item = S>) -> Vec<String> {
    ids.into_iter().map(|id| id.as_ref().to_owned()).collect()
}

fn freeze_request<S: AsRef<str>>(
    ids: impl IntoIterator<Item = S>,
    level: Option<FreezeType>,
) -> FreezeSubCustomersRequest {
    FreezeSubCustomersRequest {
        customer_ids: owned(ids),
        reason: "Arrears".to_owned(),
        indirect_partner_id: None,
        freeze_type: level,
    }
}

fn unfreeze_request<S: AsRef<str>>(
    ids: impl IntoIterator<Item = S>,
    level: Option<FreezeType>,
) -> UnfreezeSubCustomersRequest {
    UnfreezeSubCustomersRequest {
        customer_ids: owned(ids),
        reason: "Paid".to_owned(),
        indirect_partner_id: None,
        unfreeze_type: level,
    }
}

/// Asserts an API error's status and code and returns its message.
fn api_error(error: BssError, status: StatusCode, code: &str) -> String {
    match error {
        BssError::Api {
            status: actual_status,
            error_code,
            error_msg,
            request_id,
        } => {
            assert_eq!(
                (actual_status, error_code.as_str()),
                (status, code),
                "{error_msg}"
            );
            assert_eq!(request_id.map(|id| id.len()), Some(32));
            error_msg
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

async fn freeze_type_of(client: &BssClient, id: &str) -> Option<FreezeType> {
    client
        .emulator_customer(id, None)
        .await
        .unwrap()
        .body
        .freeze_type
}

#[tokio::test]
async fn list_sub_customers_pages_in_a_stable_order_and_filters() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator);
    let data = seed();

    let all = client
        .list_sub_customers(&ListSubCustomersRequest {
            limit: Some(100),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(all.body.count, CUSTOMERS as u64);
    assert_eq!(all.request_id.as_ref().map(String::len), Some(32));
    let mut expected: Vec<_> = direct(&data, |_| true).collect();
    expected.sort_by(|a, b| {
        b.info
            .associated_on
            .cmp(&a.info.associated_on)
            .then(a.info.customer_id.cmp(&b.info.customer_id))
    });
    let listed: Vec<_> = all
        .body
        .customer_infos
        .iter()
        .map(|c| c.customer_id.clone())
        .collect();
    assert_eq!(listed, ids(expected.iter().copied()));
    // Seeded dates are relative to the seeding time; everything else is the seed's.
    for info in &all.body.customer_infos {
        let mut seeded = data
            .customers
            .iter()
            .find(|c| c.info.customer_id == info.customer_id)
            .unwrap()
            .info
            .clone();
        seeded.associated_on.clone_from(&info.associated_on);
        assert_eq!(info, &seeded);
    }

    let default_page = client
        .list_sub_customers(&ListSubCustomersRequest::default())
        .await
        .unwrap();
    assert_eq!(default_page.body.customer_infos.len(), 10);
    let second_page = client
        .list_sub_customers(&ListSubCustomersRequest {
            offset: Some(10),
            limit: Some(5),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        second_page
            .body
            .customer_infos
            .iter()
            .map(|c| c.customer_id.clone())
            .collect::<Vec<_>>(),
        listed[10..15]
    );

    let first = &all.body.customer_infos[0];
    let fragment: String = first
        .account_name
        .as_ref()
        .unwrap()
        .chars()
        .skip(2)
        .take(4)
        .collect();
    let by_name = client
        .list_sub_customers(&ListSubCustomersRequest {
            account_name: Some(fragment.to_uppercase()),
            limit: Some(100),
            ..Default::default()
        })
        .await
        .unwrap()
        .body;
    assert!(by_name.count >= 1);
    assert!(by_name.customer_infos.iter().all(|c| c
        .account_name
        .as_ref()
        .unwrap()
        .contains(&fragment)));

    let by_id = client
        .list_sub_customers(&ListSubCustomersRequest {
            customer_id: Some(first.customer_id.clone()),
            ..Default::default()
        })
        .await
        .unwrap()
        .body;
    assert_eq!(by_id.count, 1);
    assert_eq!(by_id.customer_infos[0].customer_id, first.customer_id);

    let referrals = client
        .list_sub_customers(&ListSubCustomersRequest {
            association_type: Some(AssociationType::Referral),
            limit: Some(100),
            ..Default::default()
        })
        .await
        .unwrap()
        .body;
    assert_eq!(
        referrals.count as usize,
        direct(&data, |c| !is_reseller_model(c)).count()
    );

    let (begin, end) = (listed.len() / 4, listed.len() / 2);
    let date = |index: usize| {
        all.body.customer_infos[index]
            .associated_on
            .clone()
            .unwrap()
    };
    let range = (date(end), date(begin));
    let in_range = client
        .list_sub_customers(&ListSubCustomersRequest {
            associated_on_begin: Some(range.0.clone()),
            associated_on_end: Some(range.1.clone()),
            limit: Some(100),
            ..Default::default()
        })
        .await
        .unwrap()
        .body;
    assert_eq!(in_range.customer_infos.len(), end - begin + 1);

    let label = data.customers[0..CUSTOMERS]
        .iter()
        .find_map(|c| c.info.label.clone())
        .unwrap();
    let labelled = client
        .list_sub_customers(&ListSubCustomersRequest {
            label: Some(label.clone()),
            limit: Some(100),
            ..Default::default()
        })
        .await
        .unwrap()
        .body;
    assert_eq!(
        labelled.count as usize,
        direct(&data, |c| c.info.label.as_ref() == Some(&label)).count()
    );

    let verified_name = first.customer.clone().unwrap();
    let by_customer = client
        .list_sub_customers(&ListSubCustomersRequest {
            customer: Some(verified_name.clone()),
            ..Default::default()
        })
        .await
        .unwrap()
        .body;
    assert!(by_customer
        .customer_infos
        .iter()
        .any(|c| c.customer_id == first.customer_id));
    emulator.shutdown().await;
}

#[tokio::test]
async fn list_sub_customers_rejects_each_invalid_field_by_name() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator);
    let cases = [
        (
            ListSubCustomersRequest {
                limit: Some(0),
                ..Default::default()
            },
            "limit",
        ),
        (
            ListSubCustomersRequest {
                limit: Some(101),
                ..Default::default()
            },
            "limit",
        ),
        (
            ListSubCustomersRequest {
                offset: Some(40_000_001),
                ..Default::default()
            },
            "offset",
        ),
        (
            ListSubCustomersRequest {
                account_name: Some("a".repeat(65)),
                ..Default::default()
            },
            "account_name",
        ),
        (
            ListSubCustomersRequest {
                label: Some("l".repeat(65)),
                ..Default::default()
            },
            "label",
        ),
        (
            ListSubCustomersRequest {
                associated_on_begin: Some("2024-01-01 00:00:00".to_owned()),
                ..Default::default()
            },
            "associated_on_begin",
        ),
    ];
    for (request, field) in cases {
        let message = api_error(
            client.list_sub_customers(&request).await.unwrap_err(),
            StatusCode::BAD_REQUEST,
            "CBC.0100",
        );
        assert!(message.contains(field), "{message}");
    }
    // LIKE wildcards in a filter are matched literally.
    let wildcard = ListSubCustomersRequest {
        account_name: Some("%".to_owned()),
        ..Default::default()
    };
    assert_eq!(
        client
            .list_sub_customers(&wildcard)
            .await
            .unwrap()
            .body
            .count,
        0
    );
    let within_limits = ListSubCustomersRequest {
        offset: Some(40_000_000),
        limit: Some(100),
        account_name: Some("名".repeat(64)),
        ..Default::default()
    };
    assert_eq!(
        client
            .list_sub_customers(&within_limits)
            .await
            .unwrap()
            .body
            .count,
        0
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn freeze_and_unfreeze_succeed_with_an_empty_body() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator);
    let ids = freezable(&seed())[..3].to_vec();

    let frozen = client
        .freeze_sub_customers(&freeze_request(&ids, None))
        .await
        .unwrap();
    assert!(frozen.body.error_details.is_empty());
    assert!(frozen.request_id.is_some());
    for id in &ids {
        assert_eq!(freeze_type_of(&client, id).await, Some(FreezeType::Account));
    }
    let listed = client
        .list_sub_customers(&ListSubCustomersRequest {
            customer_id: Some(ids[0].clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(listed.body.customer_infos[0].is_frozen);

    let unfrozen = client
        .unfreeze_sub_customers(&unfreeze_request(&ids, Some(FreezeType::Account)))
        .await
        .unwrap();
    assert!(unfrozen.body.error_details.is_empty());
    for id in &ids {
        assert_eq!(freeze_type_of(&client, id).await, None);
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn partial_failures_are_reported_per_customer() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator);
    let data = seed();
    let active = freezable(&data)[0].clone();
    let referral = referral(&data);
    let unknown = "ffffffffffffffffffffffffffffffff".to_owned();
    let frozen = frozen_at(&data, FreezeType::Account);

    let reply = client
        .freeze_sub_customers(&freeze_request(
            &[
                active.clone(),
                referral.clone(),
                unknown.clone(),
                frozen.clone(),
            ],
            Some(FreezeType::Account),
        ))
        .await
        .unwrap();
    let codes: Vec<(&str, &str)> = reply
        .body
        .error_details
        .iter()
        .map(|item| (item.id.as_str(), item.error_code.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            (referral.as_str(), "CBC.5024"),
            (unknown.as_str(), "CBC.5002"),
            (frozen.as_str(), "CBC.0150"),
        ]
    );
    assert!(reply.body.error_details[2]
        .error_msg
        .contains("already frozen"));
    assert_eq!(
        freeze_type_of(&client, &active).await,
        Some(FreezeType::Account)
    );

    let not_frozen = client
        .unfreeze_sub_customers(&unfreeze_request(&freezable(&data)[1..2], None))
        .await
        .unwrap();
    assert_eq!(not_frozen.body.error_details[0].error_code, "CBC.0150");
    assert!(not_frozen.body.error_details[0]
        .error_msg
        .contains("not frozen"));
    emulator.shutdown().await;
}

#[tokio::test]
async fn unfreeze_type_must_match_the_freeze_type() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator);
    let id = frozen_at(&seed(), FreezeType::AccountAndResource);

    let mismatch = client
        .unfreeze_sub_customers(&unfreeze_request([&id], None))
        .await
        .unwrap();
    let failure = &mismatch.body.error_details[0];
    assert_eq!(
        (failure.id.as_str(), failure.error_code.as_str()),
        (id.as_str(), "CBC.0150")
    );
    assert!(
        failure.error_msg.contains("ACCOUNT_AND_RESOURCE"),
        "{}",
        failure.error_msg
    );
    assert_eq!(
        freeze_type_of(&client, &id).await,
        Some(FreezeType::AccountAndResource)
    );

    let matching = client
        .unfreeze_sub_customers(&unfreeze_request(
            [&id],
            Some(FreezeType::AccountAndResource),
        ))
        .await
        .unwrap();
    assert!(matching.body.error_details.is_empty());
    assert_eq!(freeze_type_of(&client, &id).await, None);
    emulator.shutdown().await;
}

#[tokio::test]
async fn freeze_validates_ids_and_reason() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator);
    let ids = freezable(&seed());

    let too_many = api_error(
        client
            .freeze_sub_customers(&freeze_request(&ids[..11], None))
            .await
            .unwrap_err(),
        StatusCode::BAD_REQUEST,
        "CBC.0100",
    );
    assert!(too_many.contains("customer_ids"));
    let none = client
        .freeze_sub_customers(&freeze_request(Vec::<String>::new(), None))
        .await
        .unwrap_err();
    api_error(none, StatusCode::BAD_REQUEST, "CBC.0100");

    let mut long_reason = freeze_request(&ids[..1], None);
    long_reason.reason = "x".repeat(257);
    let message = api_error(
        client.freeze_sub_customers(&long_reason).await.unwrap_err(),
        StatusCode::BAD_REQUEST,
        "CBC.0100",
    );
    assert!(message.contains("reason"));
    long_reason.reason = String::new();
    api_error(
        client.freeze_sub_customers(&long_reason).await.unwrap_err(),
        StatusCode::BAD_REQUEST,
        "CBC.0100",
    );

    // 256 characters of three bytes each: the limit counts characters.
    long_reason.reason = "冻".repeat(256);
    assert!(client
        .freeze_sub_customers(&long_reason)
        .await
        .unwrap()
        .body
        .error_details
        .is_empty());
    emulator.shutdown().await;
}

#[tokio::test]
async fn resellers_customers_are_addressed_only_through_their_reseller() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator);
    let data = seed();
    let reseller_customer = data
        .customers
        .iter()
        .find(|c| c.indirect_partner_id.is_some() && c.freeze_type.is_none())
        .unwrap();
    let reseller = reseller_customer.indirect_partner_id.clone().unwrap();
    let id = reseller_customer.info.customer_id.clone();
    let own = freezable(&data)[0].clone();

    let without_reseller = client
        .freeze_sub_customers(&freeze_request([&id], None))
        .await
        .unwrap();
    assert_eq!(
        without_reseller.body.error_details[0].error_code,
        "CBC.5002"
    );

    let mut through_reseller = freeze_request(&[id.clone(), own.clone()], None);
    through_reseller.indirect_partner_id = Some(reseller.clone());
    let reply = client
        .freeze_sub_customers(&through_reseller)
        .await
        .unwrap();
    assert_eq!(reply.body.error_details.len(), 1);
    assert_eq!(
        (
            reply.body.error_details[0].id.as_str(),
            reply.body.error_details[0].error_code.as_str()
        ),
        (own.as_str(), "CBC.5002")
    );
    assert_eq!(
        client
            .emulator_customer(&id, Some(&reseller))
            .await
            .unwrap()
            .body
            .freeze_type,
        Some(FreezeType::Account)
    );

    let listed = client
        .list_sub_customers(&ListSubCustomersRequest {
            indirect_partner_id: Some(reseller.clone()),
            limit: Some(100),
            ..Default::default()
        })
        .await
        .unwrap()
        .body;
    let expected = data
        .customers
        .iter()
        .filter(|c| c.indirect_partner_id.as_deref() == Some(reseller.as_str()))
        .count();
    assert_eq!(listed.count as usize, expected);
    assert!(listed
        .customer_infos
        .iter()
        .any(|c| c.customer_id == id && c.is_frozen));

    through_reseller.indirect_partner_id = Some("0".repeat(32));
    api_error(
        client
            .freeze_sub_customers(&through_reseller)
            .await
            .unwrap_err(),
        StatusCode::BAD_REQUEST,
        "CBC.99000037",
    );
    api_error(
        client
            .list_sub_customers(&ListSubCustomersRequest {
                indirect_partner_id: Some("unknown".to_owned()),
                ..Default::default()
            })
            .await
            .unwrap_err(),
        StatusCode::BAD_REQUEST,
        "CBC.99000037",
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_reseller_holding_the_permission_is_refused_its_distributors_restrictions() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator);
    let data = seed();
    assert_eq!(data.self_managing_resellers.len(), 1);
    let reseller = data.self_managing_resellers[0].clone();
    assert_eq!(
        emulator.emulator().self_managing_resellers().await.unwrap(),
        std::slice::from_ref(&reseller)
    );
    let customers: Vec<String> = data
        .customers
        .iter()
        .filter(|c| c.indirect_partner_id.as_deref() == Some(reseller.as_str()))
        .map(|c| c.info.customer_id.clone())
        .collect();
    assert!(customers.len() >= 2);

    let mut freeze = freeze_request(&customers[..2], None);
    freeze.indirect_partner_id = Some(reseller.clone());
    let refused = client.freeze_sub_customers(&freeze).await.unwrap().body;
    assert_eq!(refused.error_details.len(), 2, "each customer refused");
    for detail in &refused.error_details {
        assert_eq!(detail.error_code, "CBC.0150");
        assert!(
            detail.error_msg.contains("holds the permission"),
            "{}",
            detail.error_msg
        );
    }
    let mut unfreeze = unfreeze_request(&customers[..1], None);
    unfreeze.indirect_partner_id = Some(reseller.clone());
    let refused = client.unfreeze_sub_customers(&unfreeze).await.unwrap().body;
    assert_eq!(refused.error_details[0].error_code, "CBC.0150");
    let message = api_error(
        client
            .update_sub_customer_budget(&UpdateSubCustomerBudgetRequest {
                customer_id: customers[0].clone(),
                indirect_partner_id: Some(reseller.clone()),
                budget_amount: 100.0,
                ..Default::default()
            })
            .await
            .unwrap_err(),
        StatusCode::BAD_REQUEST,
        "CBC.0150",
    );
    assert!(message.contains(&reseller), "{message}");
    assert!(emulator
        .emulator()
        .freeze_changes()
        .await
        .unwrap()
        .is_empty());

    // Another reseller's customers are still the distributor's to restrict.
    let other = data
        .customers
        .iter()
        .find(|c| {
            c.indirect_partner_id
                .as_deref()
                .is_some_and(|id| id != reseller)
                && c.freeze_type.is_none()
                && c.info.association_type == Some(AssociationType::Reseller)
        })
        .unwrap();
    let mut freeze = freeze_request([&other.info.customer_id], None);
    freeze.indirect_partner_id = other.indirect_partner_id.clone();
    let reply = client.freeze_sub_customers(&freeze).await.unwrap().body;
    assert!(reply.error_details.is_empty());
    emulator.shutdown().await;
}

#[tokio::test]
async fn legacy_frozens_and_unfrozens_use_the_v1_shapes() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator);
    let data = seed();
    let ids = freezable(&data)[..2].to_vec();
    let resource_frozen = frozen_at(&data, FreezeType::AccountAndResource);

    let request = LegacyOperationRequest {
        customer_ids: vec![ids[0].clone(), ids[1].clone(), referral(&data)],
        reason: "Arrears".to_owned(),
    };
    let frozen = client
        .legacy_freeze_sub_customers(&request)
        .await
        .unwrap()
        .body;
    assert_eq!((frozen.success_num, frozen.fail_num), (2, 1));
    assert_eq!(frozen.fail_detail[0].error_code, "CBC.5024");
    assert_eq!(
        freeze_type_of(&client, &ids[0]).await,
        Some(FreezeType::Account)
    );

    let unfrozen = client
        .legacy_unfreeze_sub_customers(&LegacyOperationRequest {
            customer_ids: vec![ids[0].clone(), resource_frozen.clone()],
            reason: "Paid".to_owned(),
        })
        .await
        .unwrap()
        .body;
    assert_eq!((unfrozen.success_num, unfrozen.fail_num), (1, 1));
    assert_eq!(unfrozen.fail_detail[0].id, resource_frozen);
    assert_eq!(unfrozen.fail_detail[0].error_code, "CBC.0150");
    assert_eq!(freeze_type_of(&client, &ids[0]).await, None);

    let message = api_error(
        client
            .legacy_freeze_sub_customers(&LegacyOperationRequest {
                customer_ids: freezable(&data)[..11].to_vec(),
                reason: "Arrears".to_owned(),
            })
            .await
            .unwrap_err(),
        StatusCode::BAD_REQUEST,
        "CBC.0100",
    );
    assert!(message.contains("customerIds"));
    emulator.shutdown().await;
}

#[tokio::test]
async fn budgets_update_show_list_and_cancel_an_account_freeze() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator);
    let data = seed();
    let frozen = frozen_at(&data, FreezeType::Account);
    let active = freezable(&data)[0].clone();

    let update = UpdateSubCustomerBudgetRequest {
        customer_id: frozen.clone(),
        budget_amount: 1234.56,
        cancel_partner_frozen: Some(CancelPartnerFrozen::Cancel),
        indirect_partner_id: None,
        budget_type: Some(BudgetType::Package),
        frozen_operate_type: Some(FrozenOperateType::Automatic),
    };
    let reply = client.update_sub_customer_budget(&update).await.unwrap();
    assert!(reply.request_id.is_some());
    assert_eq!(freeze_type_of(&client, &frozen).await, None);

    let shown = client
        .show_sub_customer_budget(&frozen, None)
        .await
        .unwrap()
        .body;
    assert_eq!(shown.budget_amount, Some(1234.56));
    assert_eq!(shown.budget_type, Some(BudgetType::Package));
    assert_eq!(
        (shown.measure_id, shown.currency.as_deref()),
        (Some(1), Some("USD"))
    );
    assert_eq!(shown.customer_id, None);

    let keep_frozen = UpdateSubCustomerBudgetRequest {
        customer_id: active.clone(),
        budget_amount: 500.0,
        cancel_partner_frozen: None,
        ..update.clone()
    };
    client
        .freeze_sub_customers(&freeze_request([&active], None))
        .await
        .unwrap();
    client
        .update_sub_customer_budget(&keep_frozen)
        .await
        .unwrap();
    assert_eq!(
        freeze_type_of(&client, &active).await,
        Some(FreezeType::Account)
    );

    let listed = client
        .list_sub_customer_budget(&ListSubCustomerBudgetRequest {
            customer_ids: vec![active.clone(), "unknown".to_owned(), frozen.clone()],
            indirect_partner_id: None,
        })
        .await
        .unwrap()
        .body;
    let amounts: Vec<_> = listed
        .budget_infos
        .iter()
        .map(|b| (b.customer_id.clone().unwrap(), b.budget_amount))
        .collect();
    assert_eq!(
        amounts,
        [
            (active.clone(), Some(500.0)),
            (frozen.clone(), Some(1234.56))
        ]
    );

    for amount in [0.0, -1.0, 0.001, 2_147_483_648.0] {
        let message = api_error(
            client
                .update_sub_customer_budget(&UpdateSubCustomerBudgetRequest {
                    budget_amount: amount,
                    ..update.clone()
                })
                .await
                .unwrap_err(),
            StatusCode::BAD_REQUEST,
            "CBC.0100",
        );
        assert!(message.contains("budget_amount"));
    }
    client
        .update_sub_customer_budget(&UpdateSubCustomerBudgetRequest {
            budget_amount: 2_147_483_647.0,
            ..update.clone()
        })
        .await
        .unwrap();
    api_error(
        client
            .update_sub_customer_budget(&UpdateSubCustomerBudgetRequest {
                customer_id: referral(&data),
                ..update.clone()
            })
            .await
            .unwrap_err(),
        StatusCode::BAD_REQUEST,
        "CBC.5024",
    );
    api_error(
        client
            .show_sub_customer_budget("unknown", None)
            .await
            .unwrap_err(),
        StatusCode::BAD_REQUEST,
        "CBC.5002",
    );
    api_error(
        client
            .list_sub_customer_budget(&ListSubCustomerBudgetRequest {
                customer_ids: (0..101).map(|i| i.to_string()).collect(),
                indirect_partner_id: None,
            })
            .await
            .unwrap_err(),
        StatusCode::BAD_REQUEST,
        "CBC.0100",
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn list_indirect_partners_filters() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator);
    let data = seed();

    let all = client
        .list_indirect_partners(&ListIndirectPartnersRequest::default())
        .await
        .unwrap()
        .body;
    assert_eq!(all.count as usize, data.indirect_partners.len());
    // Seeded dates are relative to the seeding time; everything else is the seed's.
    let undated = |partners: &[IndirectPartner]| -> Vec<IndirectPartner> {
        partners
            .iter()
            .map(|p| IndirectPartner {
                associated_on: None,
                ..p.clone()
            })
            .collect()
    };
    let mut expected = data.indirect_partners.clone();
    expected.sort_by(|a, b| b.associated_on.cmp(&a.associated_on));
    assert_eq!(undated(&all.indirect_partners), undated(&expected));

    let one = &data.indirect_partners[1];
    let by_id = client
        .list_indirect_partners(&ListIndirectPartnersRequest {
            indirect_partner_id: Some(one.indirect_partner_id.clone()),
            ..Default::default()
        })
        .await
        .unwrap()
        .body;
    assert_eq!(
        undated(&by_id.indirect_partners),
        undated(std::slice::from_ref(one))
    );
    let by_name = client
        .list_indirect_partners(&ListIndirectPartnersRequest {
            account_name: one.account_name.clone(),
            limit: Some(1),
            ..Default::default()
        })
        .await
        .unwrap()
        .body;
    assert_eq!(
        by_name.indirect_partners[0].indirect_partner_id,
        one.indirect_partner_id
    );
    api_error(
        client
            .list_indirect_partners(&ListIndirectPartnersRequest {
                limit: Some(101),
                ..Default::default()
            })
            .await
            .unwrap_err(),
        StatusCode::BAD_REQUEST,
        "CBC.0100",
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn resource_freeze_stops_pay_per_use_resources_for_15_days() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator);
    let id = freezable_with_both_billing_modes(&seed());

    let before = client
        .emulator_resources(&id, None)
        .await
        .unwrap()
        .body
        .resources;
    assert!(before
        .iter()
        .all(|r| r.status == ResourceStatus::Running && r.release_time.is_none()));

    let frozen_at = Utc::now();
    client
        .freeze_sub_customers(&freeze_request([&id], Some(FreezeType::AccountAndResource)))
        .await
        .unwrap();
    assert_eq!(
        client
            .emulator_customer(&id, None)
            .await
            .unwrap()
            .body
            .freeze_type,
        Some(FreezeType::AccountAndResource)
    );
    let during = client
        .emulator_resources(&id, None)
        .await
        .unwrap()
        .body
        .resources;
    assert_eq!(during.len(), before.len());
    for resource in &during {
        match resource.billing_mode {
            BillingMode::OnDemand => {
                assert_eq!(resource.status, ResourceStatus::Stopped);
                let release = NaiveDateTime::parse_from_str(
                    resource.release_time.as_deref().unwrap(),
                    "%Y-%m-%dT%H:%M:%SZ",
                )
                .unwrap()
                .and_utc();
                let expected = frozen_at + TimeDelta::days(15);
                assert!(
                    (release - expected).abs() < TimeDelta::seconds(5),
                    "{release}"
                );
            }
            BillingMode::Prepaid => {
                assert_eq!(resource.status, ResourceStatus::Running);
                assert!(resource.expire_time.is_some());
                assert_eq!(resource.release_time, None);
            }
        }
    }

    client
        .unfreeze_sub_customers(&unfreeze_request(
            [&id],
            Some(FreezeType::AccountAndResource),
        ))
        .await
        .unwrap();
    assert_eq!(
        client
            .emulator_resources(&id, None)
            .await
            .unwrap()
            .body
            .resources,
        before
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn token_auth_works_and_bad_credentials_get_apigw_0301() {
    let emulator = start(emulator_config()).await;
    let request = ListSubCustomersRequest::default();
    let with = |auth: Auth| BssClient::new(plain_config(&emulator, auth)).unwrap();

    let token = with(Auth::Token {
        token: Secret::new(TOKEN),
        domain_id: DEMO_DOMAIN_ID.to_owned(),
    });
    assert_eq!(
        token.list_sub_customers(&request).await.unwrap().body.count,
        CUSTOMERS as u64
    );

    let refused = [
        Auth::Token {
            token: Secret::new("wrong-token"),
            domain_id: DEMO_DOMAIN_ID.to_owned(),
        },
        Auth::AkSk {
            access_key: bss::emulator::DEMO_ACCESS_KEY.to_owned(),
            secret_key: Secret::new("wrong-secret"),
            domain_id: DEMO_DOMAIN_ID.to_owned(),
        },
        Auth::AkSk {
            access_key: "UNKNOWNACCESSKEY0000".to_owned(),
            secret_key: Secret::new(bss::emulator::DEMO_SECRET_KEY),
            domain_id: DEMO_DOMAIN_ID.to_owned(),
        },
        Auth::AkSk {
            access_key: bss::emulator::DEMO_ACCESS_KEY.to_owned(),
            secret_key: Secret::new(bss::emulator::DEMO_SECRET_KEY),
            domain_id: "another-domain".to_owned(),
        },
    ];
    for auth in refused {
        let message = api_error(
            with(auth).list_sub_customers(&request).await.unwrap_err(),
            StatusCode::UNAUTHORIZED,
            "APIGW.0301",
        );
        assert!(message.starts_with("Incorrect IAM authentication information: "));
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output() {
    let auth = Auth::AkSk {
        access_key: "AK".to_owned(),
        secret_key: Secret::new("very-secret-key"),
        domain_id: "d".to_owned(),
    };
    let client = BssClient::new(bss::ClientConfig::new(
        "https://bss-intl.myhuaweicloud.com".parse().unwrap(),
        auth,
    ))
    .unwrap();
    let config = common::emulator_config();
    for debug in [format!("{client:?}"), format!("{config:?}")] {
        assert!(
            !debug.contains("very-secret-key") && !debug.contains(TOKEN),
            "{debug}"
        );
        assert!(!debug.contains(bss::emulator::DEMO_SECRET_KEY), "{debug}");
    }
}

#[tokio::test]
async fn a_file_database_is_seeded_once_and_keeps_its_state() {
    let directory = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", directory.path().join("bss.db").display());
    let config = || bss::EmulatorConfig {
        database_url: Some(url.clone()),
        ..emulator_config()
    };
    let id = freezable(&seed())[0].clone();

    let first = start(config()).await;
    client(&first)
        .freeze_sub_customers(&freeze_request([&id], None))
        .await
        .unwrap();
    first.shutdown().await;

    let second = start(config()).await;
    let client = client(&second);
    assert_eq!(
        freeze_type_of(&client, &id).await,
        Some(FreezeType::Account)
    );
    let listed = client
        .list_sub_customers(&ListSubCustomersRequest::default())
        .await
        .unwrap();
    assert_eq!(listed.body.count, CUSTOMERS as u64);
    second.shutdown().await;
}

#[tokio::test]
async fn fault_settings_are_read_and_replaced_over_http() {
    let emulator = start(emulator_config()).await;
    let url = emulator.endpoint().join("emulator/v1/faults").unwrap();
    let http = reqwest::Client::new();

    let initial: serde_json::Value = http
        .get(url.clone())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        initial,
        serde_json::json!({"latency_ms": 0, "reply_delay_ms": 0, "fault_rate": 0.0, "drop_rate": 0.0, "fail_customer_ids": []})
    );
    let wanted = serde_json::json!({"latency_ms": 5, "reply_delay_ms": 10, "fault_rate": 0.25, "drop_rate": 0.0, "fail_customer_ids": ["abc"]});
    let replaced = http.put(url.clone()).json(&wanted).send().await.unwrap();
    assert_eq!(replaced.status(), StatusCode::OK);
    assert_eq!(emulator.emulator().faults().fail_customer_ids, ["abc"]);
    let read: serde_json::Value = http
        .get(url.clone())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(read, wanted);

    let invalid = http
        .put(url)
        .json(&serde_json::json!({"drop_rate": 1.5}))
        .send()
        .await
        .unwrap();
    assert_eq!(invalid.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = invalid.json().await.unwrap();
    assert_eq!(body["error_code"], "CBC.0100");
    assert!(body["error_msg"].as_str().unwrap().contains("drop_rate"));
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_call_log_and_freeze_changes_are_read_over_http() {
    let emulator = start(emulator_config()).await;
    let id = freezable(&seed())[0].clone();
    client(&emulator)
        .freeze_sub_customers(&freeze_request([&id], None))
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let get = |path: &str| {
        let url = emulator.endpoint().join(path).unwrap();
        let http = http.clone();
        async move { http.get(url).send().await.unwrap() }
    };

    let log: CallLog = get("emulator/v1/calls").await.json().await.unwrap();
    assert_eq!(log.calls, emulator.emulator().calls());
    let freeze = log
        .calls
        .iter()
        .find(|call| call.api == "POST /v2/partners/sub-customers/freeze")
        .expect("the freeze call is in the log");
    assert_eq!(freeze.status, 200);

    let changes: FreezeChangeLog = get("emulator/v1/freeze-changes")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        changes.changes,
        [FreezeChange {
            customer_id: id,
            freeze_type: Some(FreezeType::Account),
        }]
    );
    emulator.shutdown().await;
}

/// The freezable customer with the most resources billed `mode`, and how many it has.
fn freezable_with_most(data: &bss::emulator::seed::SeedData, mode: BillingMode) -> (String, usize) {
    freezable(data)
        .into_iter()
        .map(|id| {
            let count = data
                .resources
                .iter()
                .filter(|r| r.customer_id == id && r.resource.billing_mode == mode)
                .count();
            (id, count)
        })
        .max_by_key(|(_, count)| *count)
        .unwrap()
}

fn on_demand_request(customer_id: &str) -> ListCustomerOnDemandResourcesRequest {
    ListCustomerOnDemandResourcesRequest {
        customer_id: customer_id.to_owned(),
        limit: Some(100),
        ..Default::default()
    }
}

fn prepaid_request(customer_id: &str) -> ListPayPerUseCustomerResourcesRequest {
    ListPayPerUseCustomerResourcesRequest {
        customer_id: customer_id.to_owned(),
        limit: Some(100),
        ..Default::default()
    }
}

async fn on_demand_statuses(client: &BssClient, id: &str) -> Vec<Option<OnDemandResourceStatus>> {
    client
        .list_customer_on_demand_resources(&on_demand_request(id))
        .await
        .unwrap()
        .body
        .resources
        .iter()
        .map(|resource| resource.status)
        .collect()
}

#[tokio::test]
async fn on_demand_resources_are_the_customers_pay_per_use_ones_paged_newest_first() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator);
    let (id, count) = freezable_with_most(&seed(), BillingMode::OnDemand);
    assert!(count >= 3, "the seed has a customer with several");

    let reply = client
        .list_customer_on_demand_resources(&on_demand_request(&id))
        .await
        .unwrap();
    assert_eq!(reply.request_id.as_ref().map(String::len), Some(32));
    let listed = reply.body;
    assert_eq!(listed.total_count as usize, count);
    // The same resources as the emulator's own view, with BSS's names for their fields.
    let mut known: Vec<_> = client
        .emulator_resources(&id, None)
        .await
        .unwrap()
        .body
        .resources
        .into_iter()
        .filter(|r| r.billing_mode == BillingMode::OnDemand)
        .collect();
    known.sort_by(|a, b| a.id.cmp(&b.id));
    let mut resources = listed.resources.clone();
    resources.sort_by(|a, b| a.resource_id.cmp(&b.resource_id));
    assert_eq!(resources.len(), known.len());
    for (resource, known) in resources.iter().zip(&known) {
        assert_eq!(resource.resource_id.as_ref(), Some(&known.id));
        assert_eq!(resource.resource_name.as_ref(), Some(&known.name));
        assert_eq!(resource.region_code.as_ref(), Some(&known.region));
        assert_eq!(resource.customer_id.as_ref(), Some(&id));
        assert_eq!(resource.status, Some(OnDemandResourceStatus::Normal));
        assert!(resource
            .service_type_code
            .as_deref()
            .is_some_and(|code| code.starts_with("hws.service.type.")));
        assert!(resource
            .resource_type_code
            .as_deref()
            .is_some_and(|code| code.starts_with("hws.resource.type.")));
        assert!(resource.service_type_name.is_some() && resource.resource_type_name.is_some());
        assert!(resource.resource_spec_code.is_some() && resource.product_spec_desc.is_some());
        let effective = NaiveDateTime::parse_from_str(
            resource.effective_time.as_deref().unwrap(),
            "%Y-%m-%dT%H:%M:%SZ",
        )
        .unwrap()
        .and_utc();
        assert!(effective <= Utc::now());
    }
    let effective: Vec<_> = listed
        .resources
        .iter()
        .map(|r| r.effective_time.clone())
        .collect();
    assert!(
        effective.windows(2).all(|pair| pair[0] >= pair[1]),
        "newest first"
    );

    // Pages of one in the same order, each with the full count.
    let mut paged = Vec::new();
    for offset in 0..=count as u32 {
        let page = client
            .list_customer_on_demand_resources(&ListCustomerOnDemandResourcesRequest {
                offset: Some(offset),
                limit: Some(1),
                ..on_demand_request(&id)
            })
            .await
            .unwrap()
            .body;
        assert_eq!(page.total_count as usize, count);
        paged.extend(page.resources);
    }
    assert_eq!(paged, listed.resources);
    assert_eq!(
        client
            .list_all_customer_on_demand_resources(&on_demand_request(&id))
            .await
            .unwrap(),
        listed.resources
    );
    let default_page = client
        .list_customer_on_demand_resources(&ListCustomerOnDemandResourcesRequest {
            customer_id: id.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .body;
    assert_eq!(default_page.resources.len(), count.min(10));

    // Filters: resource ids, region, service type, effective time, and empty strings as none.
    let first = &listed.resources[0];
    let filtered = |request: ListCustomerOnDemandResourcesRequest| {
        let client = client.clone();
        async move {
            client
                .list_customer_on_demand_resources(&request)
                .await
                .unwrap()
                .body
        }
    };
    let by_id = filtered(ListCustomerOnDemandResourcesRequest {
        resource_ids: Some(vec![first.resource_id.clone().unwrap()]),
        ..on_demand_request(&id)
    })
    .await;
    assert_eq!(by_id.resources, std::slice::from_ref(first));
    let by_region = filtered(ListCustomerOnDemandResourcesRequest {
        region_code: first.region_code.clone(),
        ..on_demand_request(&id)
    })
    .await;
    assert!(by_region.total_count >= 1);
    assert!(by_region
        .resources
        .iter()
        .all(|r| r.region_code == first.region_code));
    let by_service = filtered(ListCustomerOnDemandResourcesRequest {
        service_type_code: first.service_type_code.clone(),
        ..on_demand_request(&id)
    })
    .await;
    assert!(by_service
        .resources
        .iter()
        .all(|r| r.service_type_code == first.service_type_code));
    assert!(by_service.resources.contains(first));
    let unknown_service = filtered(ListCustomerOnDemandResourcesRequest {
        service_type_code: Some("hws.service.type.none".to_owned()),
        ..on_demand_request(&id)
    })
    .await;
    assert_eq!(unknown_service.total_count, 0);
    let since_newest = filtered(ListCustomerOnDemandResourcesRequest {
        effective_time_begin: first.effective_time.clone(),
        ..on_demand_request(&id)
    })
    .await;
    assert!(since_newest.resources.contains(first));
    assert!(
        since_newest.total_count < count as u64 || effective.iter().all(|e| e == &effective[0])
    );
    let empty_filters = filtered(ListCustomerOnDemandResourcesRequest {
        region_code: Some(String::new()),
        service_type_code: Some(String::new()),
        resource_ids: Some(Vec::new()),
        effective_time_begin: Some(String::new()),
        ..on_demand_request(&id)
    })
    .await;
    assert_eq!(empty_filters.total_count as usize, count);
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_resource_freeze_shows_pay_per_use_resources_frozen_until_the_unfreeze() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator);
    let id = freezable_with_both_billing_modes(&seed());
    let normal = on_demand_statuses(&client, &id).await;
    assert!(!normal.is_empty());
    assert!(normal
        .iter()
        .all(|status| *status == Some(OnDemandResourceStatus::Normal)));

    // An account-level freeze leaves the resources running.
    client
        .freeze_sub_customers(&freeze_request([&id], Some(FreezeType::Account)))
        .await
        .unwrap();
    assert_eq!(on_demand_statuses(&client, &id).await, normal);
    client
        .unfreeze_sub_customers(&unfreeze_request([&id], Some(FreezeType::Account)))
        .await
        .unwrap();

    client
        .freeze_sub_customers(&freeze_request([&id], Some(FreezeType::AccountAndResource)))
        .await
        .unwrap();
    let frozen = on_demand_statuses(&client, &id).await;
    assert_eq!(frozen.len(), normal.len());
    assert!(frozen
        .iter()
        .all(|status| *status == Some(OnDemandResourceStatus::Frozen)));
    let by_status = |status| {
        let client = client.clone();
        let id = id.clone();
        async move {
            client
                .list_customer_on_demand_resources(&ListCustomerOnDemandResourcesRequest {
                    status: Some(status),
                    ..on_demand_request(&id)
                })
                .await
                .unwrap()
                .body
                .total_count
        }
    };
    assert_eq!(
        by_status(OnDemandResourceStatus::Frozen).await as usize,
        normal.len()
    );
    assert_eq!(by_status(OnDemandResourceStatus::Normal).await, 0);
    // Prepaid resources keep running through a resource-level freeze.
    let prepaid = client
        .list_pay_per_use_customer_resources(&prepaid_request(&id))
        .await
        .unwrap()
        .body;
    assert!(prepaid.total_count >= 1);
    assert!(prepaid
        .data
        .iter()
        .all(|r| r.status == Some(PrepaidResourceStatus::InUse)));

    client
        .unfreeze_sub_customers(&unfreeze_request(
            [&id],
            Some(FreezeType::AccountAndResource),
        ))
        .await
        .unwrap();
    assert_eq!(on_demand_statuses(&client, &id).await, normal);
    assert_eq!(by_status(OnDemandResourceStatus::Frozen).await, 0);
    emulator.shutdown().await;
}

#[tokio::test]
async fn prepaid_resources_are_listed_with_their_expire_time_soonest_first() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator);
    let data = seed();
    let (id, count) = freezable_with_most(&data, BillingMode::Prepaid);
    assert!(count >= 2, "the seed has a customer with several");

    let listed = client
        .list_pay_per_use_customer_resources(&prepaid_request(&id))
        .await
        .unwrap()
        .body;
    assert_eq!(listed.total_count as usize, count);
    let known: Vec<_> = client
        .emulator_resources(&id, None)
        .await
        .unwrap()
        .body
        .resources
        .into_iter()
        .filter(|r| r.billing_mode == BillingMode::Prepaid)
        .collect();
    for resource in &listed.data {
        let known = known
            .iter()
            .find(|k| Some(&k.id) == resource.resource_id.as_ref())
            .expect("only the customer's prepaid resources");
        assert!(known.expire_time.is_some());
        assert_eq!(resource.expire_time, known.expire_time);
        assert_eq!(resource.resource_name.as_ref(), Some(&known.name));
        assert_eq!(resource.status, Some(PrepaidResourceStatus::InUse));
        assert_eq!(resource.is_main_resource, Some(ResourceRole::Main));
        assert!(resource.expire_policy.is_some());
        assert!(resource.effective_time.is_some() && resource.service_type_code.is_some());
    }
    let expiries: Vec<_> = listed.data.iter().map(|r| r.expire_time.clone()).collect();
    assert!(
        expiries.windows(2).all(|pair| pair[0] <= pair[1]),
        "soonest first"
    );

    let second_page = client
        .list_pay_per_use_customer_resources(&ListPayPerUseCustomerResourcesRequest {
            offset: Some(1),
            limit: Some(1),
            ..prepaid_request(&id)
        })
        .await
        .unwrap()
        .body;
    assert_eq!(second_page.total_count as usize, count);
    assert_eq!(second_page.data, listed.data[1..2]);
    assert_eq!(
        client
            .list_all_pay_per_use_customer_resources(&prepaid_request(&id))
            .await
            .unwrap(),
        listed.data
    );

    let filtered = |request: ListPayPerUseCustomerResourcesRequest| {
        let client = client.clone();
        async move {
            client
                .list_pay_per_use_customer_resources(&request)
                .await
                .unwrap()
                .body
                .total_count
        }
    };
    let with_statuses =
        |statuses: Vec<PrepaidResourceStatus>| ListPayPerUseCustomerResourcesRequest {
            status_list: Some(statuses),
            ..prepaid_request(&id)
        };
    assert_eq!(
        filtered(with_statuses(vec![PrepaidResourceStatus::Expired])).await,
        0
    );
    assert_eq!(
        filtered(with_statuses(vec![
            PrepaidResourceStatus::Frozen,
            PrepaidResourceStatus::InUse
        ]))
        .await as usize,
        count
    );
    let soonest = expiries[0].clone();
    let expiring_first = filtered(ListPayPerUseCustomerResourcesRequest {
        expire_time_end: soonest.clone(),
        ..prepaid_request(&id)
    })
    .await;
    assert_eq!(
        expiring_first as usize,
        expiries.iter().filter(|e| **e == soonest).count()
    );
    assert_eq!(
        filtered(ListPayPerUseCustomerResourcesRequest {
            order_id: Some("CS0000000000".to_owned()),
            ..prepaid_request(&id)
        })
        .await,
        0
    );

    // The query has no reseller field: a reseller's customer is found by its id.
    let reseller_customer = data
        .customers
        .iter()
        .find(|c| c.indirect_partner_id.is_some())
        .unwrap();
    client
        .list_pay_per_use_customer_resources(&prepaid_request(&reseller_customer.info.customer_id))
        .await
        .unwrap();
    emulator.shutdown().await;
}

#[tokio::test]
async fn resource_queries_refuse_other_customers_and_invalid_fields() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator);
    let data = seed();
    let id = freezable(&data)[0].clone();
    let reseller_customer = data
        .customers
        .iter()
        .find(|c| c.indirect_partner_id.is_some())
        .unwrap();
    let reseller_customer_id = reseller_customer.info.customer_id.clone();

    for customer_id in [
        "ffffffffffffffffffffffffffffffff",
        reseller_customer_id.as_str(),
    ] {
        api_error(
            client
                .list_customer_on_demand_resources(&on_demand_request(customer_id))
                .await
                .unwrap_err(),
            StatusCode::BAD_REQUEST,
            "CBC.5002",
        );
    }
    client
        .list_customer_on_demand_resources(&ListCustomerOnDemandResourcesRequest {
            indirect_partner_id: reseller_customer.indirect_partner_id.clone(),
            ..on_demand_request(&reseller_customer_id)
        })
        .await
        .unwrap();
    api_error(
        client
            .list_customer_on_demand_resources(&ListCustomerOnDemandResourcesRequest {
                indirect_partner_id: Some("0".repeat(32)),
                ..on_demand_request(&id)
            })
            .await
            .unwrap_err(),
        StatusCode::BAD_REQUEST,
        "CBC.99000037",
    );
    api_error(
        client
            .list_pay_per_use_customer_resources(&prepaid_request(
                "ffffffffffffffffffffffffffffffff",
            ))
            .await
            .unwrap_err(),
        StatusCode::BAD_REQUEST,
        "CBC.5002",
    );
    let referral = referral(&data);
    api_error(
        client
            .list_customer_on_demand_resources(&on_demand_request(&referral))
            .await
            .unwrap_err(),
        StatusCode::BAD_REQUEST,
        "CBC.5024",
    );
    api_error(
        client
            .list_pay_per_use_customer_resources(&prepaid_request(&referral))
            .await
            .unwrap_err(),
        StatusCode::BAD_REQUEST,
        "CBC.5024",
    );

    let too_many_ids: Vec<String> = (0..51).map(|i| i.to_string()).collect();
    let on_demand_cases = [
        (on_demand_request(""), "customer_id"),
        (
            ListCustomerOnDemandResourcesRequest {
                limit: Some(0),
                ..on_demand_request(&id)
            },
            "limit",
        ),
        (
            ListCustomerOnDemandResourcesRequest {
                limit: Some(101),
                ..on_demand_request(&id)
            },
            "limit",
        ),
        (
            ListCustomerOnDemandResourcesRequest {
                offset: Some(u32::MAX),
                ..on_demand_request(&id)
            },
            "offset",
        ),
        (
            ListCustomerOnDemandResourcesRequest {
                resource_ids: Some(too_many_ids.clone()),
                ..on_demand_request(&id)
            },
            "resource_ids",
        ),
        (
            ListCustomerOnDemandResourcesRequest {
                effective_time_end: Some("2024-01-01".to_owned()),
                ..on_demand_request(&id)
            },
            "effective_time_end",
        ),
        (
            ListCustomerOnDemandResourcesRequest {
                region_code: Some("r".repeat(65)),
                ..on_demand_request(&id)
            },
            "region_code",
        ),
    ];
    for (request, field) in on_demand_cases {
        let message = api_error(
            client
                .list_customer_on_demand_resources(&request)
                .await
                .unwrap_err(),
            StatusCode::BAD_REQUEST,
            "CBC.0100",
        );
        assert!(message.contains(field), "{message}");
    }
    let prepaid_cases = [
        (prepaid_request(""), "customer_id"),
        (
            ListPayPerUseCustomerResourcesRequest {
                service_type_code: Some(String::new()),
                ..prepaid_request(&id)
            },
            "service_type_code",
        ),
        (
            ListPayPerUseCustomerResourcesRequest {
                resource_ids: Some(too_many_ids),
                ..prepaid_request(&id)
            },
            "resource_ids",
        ),
        (
            ListPayPerUseCustomerResourcesRequest {
                limit: Some(101),
                ..prepaid_request(&id)
            },
            "limit",
        ),
        (
            ListPayPerUseCustomerResourcesRequest {
                expire_time_begin: Some("tomorrow".to_owned()),
                ..prepaid_request(&id)
            },
            "expire_time_begin",
        ),
    ];
    for (request, field) in prepaid_cases {
        let message = api_error(
            client
                .list_pay_per_use_customer_resources(&request)
                .await
                .unwrap_err(),
            StatusCode::BAD_REQUEST,
            "CBC.0100",
        );
        assert!(message.contains(field), "{message}");
    }
    // The documented bounds themselves are accepted.
    client
        .list_customer_on_demand_resources(&ListCustomerOnDemandResourcesRequest {
            offset: Some(i32::MAX as u32),
            resource_ids: Some((0..50).map(|i| i.to_string()).collect()),
            ..on_demand_request(&id)
        })
        .await
        .unwrap();
    emulator.shutdown().await;
}

#[tokio::test]
async fn every_budget_change_is_recorded_newest_first() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator);
    let data = seed();
    let seeded = direct(&data, |c| is_reseller_model(c) && c.budget.is_some())
        .next()
        .unwrap();
    let id = seeded.info.customer_id.clone();
    let records = |request: ListSubCustomerBudgetRecordsRequest| {
        let client = client.clone();
        async move {
            client
                .list_sub_customer_budget_records(&request)
                .await
                .unwrap()
                .body
        }
    };
    let all = || ListSubCustomerBudgetRecordsRequest {
        customer_id: id.clone(),
        ..Default::default()
    };

    // A seeded budget was set when the customer was associated.
    let before = records(all()).await;
    let associated_on = client
        .list_sub_customers(&ListSubCustomersRequest {
            customer_id: Some(id.clone()),
            ..Default::default()
        })
        .await
        .unwrap()
        .body
        .customer_infos[0]
        .associated_on
        .clone();
    let budget = seeded.budget.unwrap();
    assert_eq!(before.total_count, 1);
    assert_eq!(
        before.record_list,
        [BudgetRecord {
            budget_amount: Some(budget.amount_cents as f64 / 100.0),
            operation_type: Some(BudgetOperationType::Setting),
            operation_time: associated_on,
            operator: Some(PARTNER_ACCOUNT_NAME.to_owned()),
            budget_type: Some(budget.budget_type),
            partner_corp_name: Some(PARTNER_CORP_NAME.to_owned()),
            partner_account_name: Some(PARTNER_ACCOUNT_NAME.to_owned()),
        }]
    );

    for (amount, budget_type) in [(100.0, BudgetType::Monthly), (250.5, BudgetType::Package)] {
        client
            .update_sub_customer_budget(&UpdateSubCustomerBudgetRequest {
                customer_id: id.clone(),
                budget_amount: amount,
                budget_type: Some(budget_type),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    // A refused change leaves no record.
    api_error(
        client
            .update_sub_customer_budget(&UpdateSubCustomerBudgetRequest {
                customer_id: id.clone(),
                budget_amount: 0.001,
                ..Default::default()
            })
            .await
            .unwrap_err(),
        StatusCode::BAD_REQUEST,
        "CBC.0100",
    );

    let after = records(all()).await;
    assert_eq!(after.total_count, 3);
    assert_eq!(
        (after.measure_id, after.currency.as_deref()),
        (Some(1), Some("USD"))
    );
    let changes: Vec<_> = after
        .record_list
        .iter()
        .map(|r| (r.budget_amount, r.budget_type, r.operation_type))
        .collect();
    let setting = Some(BudgetOperationType::Setting);
    assert_eq!(
        changes[..2],
        [
            (Some(250.5), Some(BudgetType::Package), setting),
            (Some(100.0), Some(BudgetType::Monthly), setting),
        ]
    );
    assert_eq!(after.record_list[2], before.record_list[0]);
    let newest = NaiveDateTime::parse_from_str(
        after.record_list[0].operation_time.as_deref().unwrap(),
        "%Y-%m-%dT%H:%M:%SZ",
    )
    .unwrap()
    .and_utc();
    assert!((Utc::now() - newest).abs() < TimeDelta::seconds(5));
    assert!(after.record_list.iter().all(|r| {
        r.operator.as_deref() == Some(PARTNER_ACCOUNT_NAME)
            && r.partner_corp_name.as_deref() == Some(PARTNER_CORP_NAME)
    }));

    let page = records(ListSubCustomerBudgetRecordsRequest {
        offset: Some(1),
        limit: Some(1),
        ..all()
    })
    .await;
    assert_eq!(page.total_count, 3);
    assert_eq!(page.record_list, after.record_list[1..2]);
    // The paging helper reads them all, in the same order, whatever offset and limit say.
    assert_eq!(
        client
            .list_all_sub_customer_budget_records(&ListSubCustomerBudgetRecordsRequest {
                offset: Some(2),
                limit: Some(1),
                ..all()
            })
            .await
            .unwrap(),
        after.record_list
    );
    let packages = records(ListSubCustomerBudgetRecordsRequest {
        budget_type: Some(BudgetType::Package),
        ..all()
    })
    .await;
    assert_eq!(
        packages.record_list,
        after
            .record_list
            .iter()
            .filter(|r| r.budget_type == Some(BudgetType::Package))
            .cloned()
            .collect::<Vec<_>>()
    );
    assert_eq!(packages.total_count as usize, packages.record_list.len());
    let of_type = |operation_type| ListSubCustomerBudgetRecordsRequest {
        operation_type: Some(operation_type),
        ..all()
    };
    assert_eq!(
        records(of_type(BudgetOperationType::Setting))
            .await
            .total_count,
        3
    );
    assert_eq!(
        records(of_type(BudgetOperationType::Delete))
            .await
            .total_count,
        0
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn budget_records_refuse_other_customers_and_invalid_parameters() {
    let emulator = start(emulator_config()).await;
    let client = client(&emulator);
    let data = seed();
    let reseller_customer = data
        .customers
        .iter()
        .find(|c| c.indirect_partner_id.is_some() && c.budget.is_some())
        .unwrap();
    let request = |customer_id: &str| ListSubCustomerBudgetRecordsRequest {
        customer_id: customer_id.to_owned(),
        ..Default::default()
    };
    let id = &reseller_customer.info.customer_id;
    for customer_id in [id.as_str(), "ffffffffffffffffffffffffffffffff"] {
        api_error(
            client
                .list_sub_customer_budget_records(&request(customer_id))
                .await
                .unwrap_err(),
            StatusCode::BAD_REQUEST,
            "CBC.5002",
        );
    }
    let through_reseller = ListSubCustomerBudgetRecordsRequest {
        indirect_partner_id: reseller_customer.indirect_partner_id.clone(),
        ..request(id)
    };
    assert_eq!(
        client
            .list_sub_customer_budget_records(&through_reseller)
            .await
            .unwrap()
            .body
            .total_count,
        1
    );
    api_error(
        client
            .list_sub_customer_budget_records(&ListSubCustomerBudgetRecordsRequest {
                indirect_partner_id: Some("0".repeat(32)),
                ..request(id)
            })
            .await
            .unwrap_err(),
        StatusCode::BAD_REQUEST,
        "CBC.99000037",
    );
    for (invalid, field) in [
        (request(""), "customer_id"),
        (request(&"c".repeat(65)), "customer_id"),
        (
            ListSubCustomerBudgetRecordsRequest {
                limit: Some(0),
                ..through_reseller.clone()
            },
            "limit",
        ),
        (
            ListSubCustomerBudgetRecordsRequest {
                limit: Some(101),
                ..through_reseller.clone()
            },
            "limit",
        ),
        (
            ListSubCustomerBudgetRecordsRequest {
                offset: Some(i32::MAX as u32 + 1),
                ..through_reseller.clone()
            },
            "offset",
        ),
    ] {
        let message = api_error(
            client
                .list_sub_customer_budget_records(&invalid)
                .await
                .unwrap_err(),
            StatusCode::BAD_REQUEST,
            "CBC.0100",
        );
        assert!(message.contains(field), "{message}");
    }
    emulator.shutdown().await;
}
