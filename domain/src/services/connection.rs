//! The connection to BSS: the Settings page's "Test connection" (one cheap, read-only
//! call) and the outage the client's latest calls found.

use bss::client::Availability;
use bss::model::ListSubCustomersRequest;
use bss::BssClient;
use chrono::SecondsFormat;

use super::ServiceError;
use crate::outage::BssOutage;

/// What a successful test learned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionCheck {
    /// The partner's direct customers, as BSS counts them.
    pub customers: u64,
    /// BSS's id of the test request, to quote to Huawei support.
    pub request_id: Option<String>,
}

/// Calls ListSubCustomers for a single row, through the same client (signing, retries) as
/// every other call.
pub async fn test(bss: &BssClient) -> Result<ConnectionCheck, ServiceError> {
    let request = ListSubCustomersRequest {
        limit: Some(1),
        ..Default::default()
    };
    let reply = bss.list_sub_customers(&request).await?;
    Ok(ConnectionCheck {
        customers: reply.body.count,
        request_id: reply.request_id,
    })
}

/// BSS's outage, if its latest call found one: no answer, a timeout or a server error.
pub fn outage(bss: &BssClient) -> Option<BssOutage> {
    match bss.availability() {
        Availability::Answering => None,
        Availability::Unreachable {
            since,
            error_code,
            error_msg,
        } => Some(BssOutage {
            since: since.to_rfc3339_opts(SecondsFormat::Millis, true),
            error_code,
            error_msg,
        }),
    }
}

#[cfg(test)]
mod tests {
    use bss::{Auth, ClientConfig, Emulator, EmulatorConfig, RunningEmulator, Secret};
    use tokio::net::TcpListener;

    use super::*;

    fn client(emulator: &RunningEmulator, secret_key: &str) -> BssClient {
        let auth = Auth::AkSk {
            access_key: bss::emulator::DEMO_ACCESS_KEY.to_owned(),
            secret_key: Secret::new(secret_key),
            domain_id: bss::emulator::DEMO_DOMAIN_ID.to_owned(),
        };
        BssClient::new(ClientConfig::new(emulator.endpoint(), auth)).unwrap()
    }

    #[tokio::test]
    async fn the_emulator_answers_with_its_customer_count_and_wrong_keys_are_reported() {
        let config = EmulatorConfig {
            customers: 7,
            ..EmulatorConfig::default()
        };
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
        let emulator = Emulator::start(config, listener).await.unwrap();

        let check = test(&client(&emulator, bss::emulator::DEMO_SECRET_KEY))
            .await
            .unwrap();
        assert!(check.customers >= 7, "{check:?}");

        let error = test(&client(&emulator, "a wrong secret key"))
            .await
            .unwrap_err();
        assert!(matches!(error, ServiceError::Bss(_)), "{error}");
        emulator.shutdown().await;
    }
}
