//! Flow control, injected faults, retries and the batch helper, client against emulator.

#![cfg(all(feature = "client", feature = "emulator"))]

mod common;

use std::time::Duration;

use bss::model::{Faults, FreezeSubCustomersRequest, FreezeType, ListSubCustomersRequest};
use bss::{
    ApiVersion, BatchAction, BatchOperation, BatchProgress, BssClient, BssError, ClientConfig,
    EmulatorConfig, RetryPolicy,
};
use common::*;
use reqwest::StatusCode;

fn retrying(config: ClientConfig, max_retries: u32) -> BssClient {
    BssClient::new(ClientConfig {
        retry: RetryPolicy {
            max_retries,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(50),
        },
        ..config
    })
    .unwrap()
}

fn with_faults(faults: Faults) -> EmulatorConfig {
    EmulatorConfig {
        faults,
        ..emulator_config()
    }
}

async fn list_page(client: &BssClient) -> Result<u64, BssError> {
    let reply = client
        .list_sub_customers(&ListSubCustomersRequest::default())
        .await?;
    Ok(reply.body.count)
}

fn freeze_one(id: &str) -> FreezeSubCustomersRequest {
    FreezeSubCustomersRequest {
        customer_ids: vec![id.to_owned()],
        reason: "Arrears".to_owned(),
        indirect_partner_id: None,
        freeze_type: None,
    }
}

#[tokio::test]
async fn the_emulator_throttles_bursts_with_apigw_0308() {
    let emulator = start(EmulatorConfig {
        rate_limit_per_second: 10,
        ..emulator_config()
    })
    .await;
    let client = client(&emulator);
    // Thirty at once arrive well within one second, whatever the machine's load.
    let results = futures::future::join_all((0..30).map(|_| list_page(&client))).await;
    let throttled: Vec<BssError> = results.into_iter().filter_map(Result::err).collect();
    assert!(throttled.len() >= 10, "{} throttled", throttled.len());
    for error in throttled {
        assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
        assert_eq!(error.error_code(), "APIGW.0308");
        assert!(error.request_id().is_some());
    }
    // Flow control is per API: another endpoint still answers.
    assert!(client
        .show_sub_customer_budget(&freezable(&seed())[0], None)
        .await
        .is_ok());
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_client_rate_limiter_keeps_a_burst_of_30_under_the_limit() {
    let emulator = start(EmulatorConfig {
        rate_limit_per_second: 10,
        ..emulator_config()
    })
    .await;
    // No retries: a single 429 would fail a call.
    let client = BssClient::new(ClientConfig {
        rate_limit_per_second: 10,
        ..plain_config(&emulator, demo_auth())
    })
    .unwrap();
    let calls = (0..30).map(|_| list_page(&client));
    let results = futures::future::join_all(calls).await;
    assert_eq!(results.len(), 30);
    for result in results {
        assert_eq!(result.unwrap(), CUSTOMERS as u64);
    }
    emulator.shutdown().await;
}

/// Under `faults`, single attempts at a read fail (each failure passing `check`), while a
/// retrying client gets every read through.
async fn assert_reads_recover(faults: Faults, check: impl Fn(&BssError)) {
    let emulator = start(with_faults(faults)).await;
    let config = plain_config(&emulator, demo_auth());

    let once = retrying(config.clone(), 0);
    let mut failures = 0;
    for _ in 0..20 {
        if let Err(error) = list_page(&once).await {
            check(&error);
            failures += 1;
        }
    }
    assert!(failures > 0, "the faults should fail some single attempts");

    let persistent = retrying(config, 12);
    for _ in 0..20 {
        assert_eq!(list_page(&persistent).await.unwrap(), CUSTOMERS as u64);
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn reads_are_retried_through_server_errors() {
    let faults = Faults {
        fault_rate: 0.5,
        ..Faults::default()
    };
    assert_reads_recover(faults, |error| {
        assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
        assert_eq!(error.error_code(), "CBC.0999");
    })
    .await;
}

#[tokio::test]
async fn reads_are_retried_through_dropped_connections() {
    let faults = Faults {
        drop_rate: 0.5,
        ..Faults::default()
    };
    assert_reads_recover(faults, |error| {
        assert!(matches!(error, BssError::Transport(_)), "{error:?}");
    })
    .await;
}

#[tokio::test]
async fn writes_are_not_retried_on_server_errors() {
    let emulator = start(with_faults(Faults {
        fault_rate: 0.5,
        ..Faults::default()
    }))
    .await;
    // Retrying would get every freeze through eventually; a write must report the 500.
    let client = retrying(plain_config(&emulator, demo_auth()), 12);
    let ids = freezable(&seed());
    let mut failed = 0;
    for id in &ids[..12] {
        match client.freeze_sub_customers(&freeze_one(id)).await {
            Ok(reply) => assert!(reply.body.error_details.is_empty()),
            Err(error) => {
                assert_eq!(error.error_code(), "CBC.0999");
                failed += 1;
            }
        }
    }
    assert!(failed > 0);
    emulator.shutdown().await;
}

#[tokio::test]
async fn writes_are_retried_when_throttled_and_apply_once() {
    let emulator = start(EmulatorConfig {
        rate_limit_per_second: 2,
        ..emulator_config()
    })
    .await;
    let client = BssClient::new(ClientConfig {
        retry: RetryPolicy {
            max_retries: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(800),
        },
        ..plain_config(&emulator, demo_auth())
    })
    .unwrap();
    for id in &freezable(&seed())[..5] {
        let reply = client.freeze_sub_customers(&freeze_one(id)).await.unwrap();
        assert!(reply.body.error_details.is_empty(), "{:?}", reply.body);
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn connection_refused_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}/", listener.local_addr().unwrap());
    drop(listener);
    let client = retrying(ClientConfig::new(endpoint.parse().unwrap(), demo_auth()), 2);
    let error = client
        .freeze_sub_customers(&freeze_one("x"))
        .await
        .unwrap_err();
    assert!(matches!(error, BssError::Connect(_)), "{error:?}");
    assert_eq!(error.error_code(), "CLIENT.CONNECT");
}

#[tokio::test]
async fn a_batch_of_35_gives_one_result_per_customer_in_input_order() {
    let emulator = start(emulator_config()).await;
    let data = seed();
    let mut ids = freezable(&data)[..33].to_vec();
    let failing = vec![ids[3].clone(), ids[17].clone()];
    let referral = referral(&data);
    let unknown = "0123456789abcdef0123456789abcdef".to_owned();
    ids.insert(20, referral.clone());
    ids.push(unknown.clone());
    assert_eq!(ids.len(), 35);
    // A repeated id is sent once.
    let mut input = ids.clone();
    input.insert(5, ids[0].clone());
    emulator
        .emulator()
        .set_faults(Faults {
            fail_customer_ids: failing.clone(),
            ..Faults::default()
        })
        .unwrap();
    let client = BssClient::new(ClientConfig {
        rate_limit_per_second: 10,
        ..plain_config(&emulator, demo_auth())
    })
    .unwrap();
    let operation = BatchOperation {
        action: BatchAction::Freeze,
        freeze_type: FreezeType::AccountAndResource,
        reason: "Overdue invoices".to_owned(),
        indirect_partner_id: None,
    };

    let mut progress = Vec::new();
    let report = client
        .run_batch(&input, &operation, |step| progress.push(step))
        .await
        .unwrap();

    assert_eq!(
        progress,
        [10, 20, 30, 35].map(|done| BatchProgress { done, total: 35 })
    );
    assert_eq!(report.request_ids.len(), 4);
    let outcome_ids: Vec<_> = report
        .outcomes
        .iter()
        .map(|o| o.customer_id.clone())
        .collect();
    assert_eq!(outcome_ids, ids);
    for outcome in &report.outcomes {
        let expected_code = if failing.contains(&outcome.customer_id) {
            Some("CBC.0999")
        } else if outcome.customer_id == referral {
            Some("CBC.5024")
        } else if outcome.customer_id == unknown {
            Some("CBC.5002")
        } else {
            None
        };
        assert_eq!(
            outcome.result.as_ref().err().map(|f| f.error_code.as_str()),
            expected_code,
            "{outcome:?}"
        );
        assert!(report
            .request_ids
            .contains(outcome.request_id.as_ref().unwrap()));
    }
    let frozen = client
        .emulator_customer(&ids[0], None)
        .await
        .unwrap()
        .body
        .freeze_type;
    assert_eq!(frozen, Some(FreezeType::AccountAndResource));

    // "Retry failed" once the fault is cleared: the injected failures now succeed.
    emulator.emulator().set_faults(Faults::default()).unwrap();
    let retry = client
        .run_batch(&failing, &operation, |_| {})
        .await
        .unwrap();
    assert!(retry.failures().next().is_none(), "{retry:?}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_failed_call_fails_each_customer_of_its_chunk() {
    let emulator = start(with_faults(Faults {
        fault_rate: 1.0,
        ..Faults::default()
    }))
    .await;
    let client = client(&emulator);
    let ids = freezable(&seed())[..12].to_vec();
    let operation = BatchOperation {
        action: BatchAction::Unfreeze,
        freeze_type: FreezeType::Account,
        reason: "Paid".to_owned(),
        indirect_partner_id: None,
    };
    let report = client.run_batch(&ids, &operation, |_| {}).await.unwrap();
    assert_eq!(report.outcomes.len(), 12);
    assert_eq!(report.request_ids.len(), 2);
    for outcome in &report.outcomes {
        let failure = outcome.result.as_ref().unwrap_err();
        assert_eq!(failure.error_code, "CBC.0999");
        assert_eq!(failure.error_msg, "Injected fault.");
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn legacy_batches_freeze_accounts_and_refuse_resource_level() {
    let emulator = start(emulator_config()).await;
    let client = BssClient::new(ClientConfig {
        api_version: ApiVersion::V1Legacy,
        ..plain_config(&emulator, demo_auth())
    })
    .unwrap();
    let data = seed();
    let ids = freezable(&data)[..12].to_vec();
    let mut operation = BatchOperation {
        action: BatchAction::Freeze,
        freeze_type: FreezeType::Account,
        reason: "Arrears".to_owned(),
        indirect_partner_id: None,
    };
    let report = client.run_batch(&ids, &operation, |_| {}).await.unwrap();
    assert!(report.failures().next().is_none());
    assert_eq!(
        client
            .emulator_customer(&ids[11], None)
            .await
            .unwrap()
            .body
            .freeze_type,
        Some(FreezeType::Account)
    );

    operation.freeze_type = FreezeType::AccountAndResource;
    let refused = client
        .run_batch(&ids, &operation, |_| {})
        .await
        .unwrap_err();
    assert!(matches!(refused, BssError::Unsupported(_)));
    emulator.shutdown().await;
}
