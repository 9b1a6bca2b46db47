//! One call to BSS: waiting for its turn, signing, sending, decoding and the retry decision.

use chrono::Utc;
use percent_encoding::percent_decode_str;
use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, HOST};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::borrow::Cow;
use url::Url;

use super::{Auth, BssClient, BssError, Reply};
use crate::model::ErrorBody;
use crate::signer;

/// The endpoints the client calls; each has its own turns (see [`super::CallPacer`]), as
/// BSS throttles per API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    ListSubCustomers,
    FreezeSubCustomers,
    UnfreezeSubCustomers,
    UpdateSubCustomerBudget,
    ShowSubCustomerBudget,
    ListSubCustomerBudget,
    ListIndirectPartners,
    // bss-api.md documents no flow control of their own for these three queries, so they
    // get the default per API (10/s), as the other queries do.
    ListCustomerOnDemandResources,
    ListPayPerUseCustomerResources,
    ListSubCustomerBudgetRecords,
    LegacyFreeze,
    LegacyUnfreeze,
    EmulatorCustomer,
    EmulatorResources,
}

impl Endpoint {
    /// `EmulatorResources` is the last variant.
    pub(crate) const COUNT: usize = Self::EmulatorResources as usize + 1;

    /// A stable name, for keeping turns outside the process.
    pub fn key(self) -> &'static str {
        match self {
            Self::ListSubCustomers => "list-sub-customers",
            Self::FreezeSubCustomers => "freeze-sub-customers",
            Self::UnfreezeSubCustomers => "unfreeze-sub-customers",
            Self::UpdateSubCustomerBudget => "update-sub-customer-budget",
            Self::ShowSubCustomerBudget => "show-sub-customer-budget",
            Self::ListSubCustomerBudget => "list-sub-customer-budget",
            Self::ListIndirectPartners => "list-indirect-partners",
            Self::ListCustomerOnDemandResources => "list-customer-on-demand-resources",
            Self::ListPayPerUseCustomerResources => "list-pay-per-use-customer-resources",
            Self::ListSubCustomerBudgetRecords => "list-sub-customer-budget-records",
            Self::LegacyFreeze => "legacy-freeze",
            Self::LegacyUnfreeze => "legacy-unfreeze",
            Self::EmulatorCustomer => "emulator-customer",
            Self::EmulatorResources => "emulator-resources",
        }
    }

    fn method(self) -> Method {
        match self {
            Self::ShowSubCustomerBudget
            | Self::ListSubCustomerBudgetRecords
            | Self::EmulatorCustomer
            | Self::EmulatorResources => Method::GET,
            _ => Method::POST,
        }
    }

    /// Whether the call changes state, which limits retrying to failures that provably
    /// happened before BSS processed anything.
    fn is_write(self) -> bool {
        matches!(
            self,
            Self::FreezeSubCustomers
                | Self::UnfreezeSubCustomers
                | Self::UpdateSubCustomerBudget
                | Self::LegacyFreeze
                | Self::LegacyUnfreeze
        )
    }

    /// Whether `error` may be retried for this endpoint.
    ///
    /// Reads are retried on throttling, server errors, timeouts and broken connections.
    /// Writes are retried only when the request cannot have been applied: a connect error
    /// means no byte of the request was sent, and a 429 comes from flow control, which
    /// rejects a request before it reaches the business logic. A 5xx or a timeout after
    /// sending may follow an applied freeze; retrying it would turn a success into an
    /// "already frozen" item failure, so those are reported instead.
    fn retries(self, error: &BssError) -> bool {
        match error {
            BssError::Connect(_) => true,
            BssError::Api { status, .. } if *status == StatusCode::TOO_MANY_REQUESTS => true,
            BssError::Api { status, .. } => status.is_server_error() && !self.is_write(),
            BssError::Transport(_) | BssError::Timeout => !self.is_write(),
            BssError::Decode { .. } | BssError::InvalidConfig(_) | BssError::Unsupported(_) => {
                false
            }
        }
    }
}

/// A turn to call one endpoint, taken from the client's pacing: the call made in it is sent
/// without waiting again. It is a slot in time, so use it at once; see
/// [`BssClient::batch_turn`].
#[must_use = "a turn taken and not used is lost"]
#[derive(Debug)]
pub struct Turn(pub(crate) Endpoint);

impl BssClient {
    pub(crate) async fn take_turn(&self, endpoint: Endpoint) -> Turn {
        self.inner.pacing.wait_turn(endpoint).await;
        Turn(endpoint)
    }

    /// Calls `endpoint` at the path made of `segments` when its turn comes, retrying as
    /// [`Endpoint::retries`] allows.
    pub(crate) async fn call<T: DeserializeOwned>(
        &self,
        endpoint: Endpoint,
        segments: &[&str],
        query: &[(&str, &str)],
        body: Option<&impl Serialize>,
    ) -> Result<Reply<T>, BssError> {
        let turn = self.take_turn(endpoint).await;
        self.call_in(turn, segments, query, body).await
    }

    /// [`Self::call`] in a turn already taken: the first attempt is sent at once, each
    /// retry waits for a turn of its own.
    pub(crate) async fn call_in<T: DeserializeOwned>(
        &self,
        turn: Turn,
        segments: &[&str],
        query: &[(&str, &str)],
        body: Option<&impl Serialize>,
    ) -> Result<Reply<T>, BssError> {
        let Turn(endpoint) = turn;
        let url = self.url(segments, query);
        // Serialising the crate's own request types cannot fail: they have no maps and no
        // fallible Serialize impls.
        let body = body.map(|body| serde_json::to_vec(body).expect("request types serialise"));
        let retry = self.inner.config.retry;
        let mut attempt = 0;
        loop {
            match self.send(endpoint, &url, body.as_deref()).await {
                Err(error) if attempt < retry.max_retries && endpoint.retries(&error) => {
                    attempt += 1;
                    let backoff = retry.backoff(attempt);
                    tracing::warn!(?endpoint, %error, attempt, ?backoff, "retrying BSS call");
                    tokio::time::sleep(backoff).await;
                    self.inner.pacing.wait_turn(endpoint).await;
                }
                result => {
                    self.inner.availability.record(&result);
                    return result;
                }
            }
        }
    }

    fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> Url {
        let mut url = self.inner.config.endpoint.clone();
        url.path_segments_mut()
            .expect("the endpoint was checked to be an http(s) URL")
            .pop_if_empty()
            .extend(segments);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    async fn send<T: DeserializeOwned>(
        &self,
        endpoint: Endpoint,
        url: &Url,
        body: Option<&[u8]>,
    ) -> Result<Reply<T>, BssError> {
        let config = &self.inner.config;
        let mut request = self
            .inner
            .http
            .request(endpoint.method(), url.clone())
            .header("X-Domain-Id", config.auth.domain_id());
        if let Some(body) = body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(body.to_vec());
        }
        request = match &config.auth {
            Auth::AkSk {
                access_key,
                secret_key,
                domain_id,
            } => {
                let host = host_header(url);
                let now = Utc::now();
                let mut signed_headers = vec![("Host", host.as_str()), ("X-Domain-Id", domain_id)];
                if body.is_some() {
                    signed_headers.push(("Content-Type", "application/json"));
                }
                // Sign exactly what the server will decode from the URL as sent.
                let path = percent_decode_str(url.path()).decode_utf8_lossy();
                let query: Vec<(Cow<str>, Cow<str>)> = url.query_pairs().collect();
                let query: Vec<(&str, &str)> = query
                    .iter()
                    .map(|(k, v)| (k.as_ref(), v.as_ref()))
                    .collect();
                let authorization = signer::sign(
                    &signer::Request {
                        method: endpoint.method().as_str(),
                        path: &path,
                        query: &query,
                        headers: &signed_headers,
                        body: body.unwrap_or_default(),
                    },
                    access_key,
                    secret_key.expose(),
                    now,
                );
                request
                    .header(HOST, host)
                    .header("X-Sdk-Date", signer::format_sdk_date(now))
                    .header(AUTHORIZATION, authorization)
            }
            Auth::Token { token, .. } => {
                let mut value = HeaderValue::from_str(token.expose()).map_err(|_| {
                    BssError::InvalidConfig("the token is not a valid header value".into())
                })?;
                value.set_sensitive(true);
                request.header("X-Auth-Token", value)
            }
        };

        let response = request.send().await.map_err(classify)?;
        let status = response.status();
        let request_id = response
            .headers()
            .get("x-request-id")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let bytes = response.bytes().await.map_err(classify)?;
        tracing::debug!(?endpoint, %status, request_id, "BSS answered");
        decode(status, request_id, &bytes)
    }
}

/// BSS's answer as the typed body, or as the error it stands for.
pub(crate) fn decode<T: DeserializeOwned>(
    status: StatusCode,
    request_id: Option<String>,
    bytes: &[u8],
) -> Result<Reply<T>, BssError> {
    if !status.is_success() {
        let ErrorBody {
            error_code,
            error_msg,
            ..
        } = serde_json::from_slice(bytes).unwrap_or_else(|_| ErrorBody {
            error_msg: String::from_utf8_lossy(bytes).into_owned(),
            ..ErrorBody::default()
        });
        return Err(BssError::Api {
            status,
            error_code,
            error_msg,
            request_id,
        });
    }
    // BSS answers some successes with no body at all: that means `{}`.
    let body: &[u8] = if bytes.trim_ascii().is_empty() {
        b"{}"
    } else {
        bytes
    };
    match serde_json::from_slice(body) {
        Ok(body) => Ok(Reply { body, request_id }),
        Err(source) => Err(BssError::Decode {
            status,
            request_id,
            source,
        }),
    }
}

/// The `Host` header hyper would send, computed up front so that it can be signed.
fn host_header(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

fn classify(error: reqwest::Error) -> BssError {
    if error.is_connect() {
        BssError::Connect(error)
    } else if error.is_timeout() {
        BssError::Timeout
    } else {
        BssError::Transport(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        EmulatedCustomer, LegacyOperationResponse, ListCustomerOnDemandResourcesResponse,
        ListIndirectPartnersResponse, ListPayPerUseCustomerResourcesResponse,
        ListSubCustomerBudgetRecordsResponse, ListSubCustomerBudgetResponse,
        ListSubCustomersResponse, OperationResponse, ResourceList, SubCustomerBudget,
    };
    use proptest::prelude::*;
    use proptest::test_runner::TestCaseError;

    /// Field names and enum values of the response types, so that generated objects come close
    /// to the documented shapes and reach the custom deserialisers.
    const NAMES: &[&str] = &[
        "count",
        "customer_infos",
        "customer_id",
        "association_type",
        "verified_status",
        "customer_type",
        "is_frozen",
        "account_managers",
        "account_name",
        "error_details",
        "error_code",
        "error_msg",
        "id",
        "successNum",
        "failNum",
        "failDetail",
        "budget_infos",
        "budget_amount",
        "used_amount",
        "measure_id",
        "budget_type",
        "indirect_partners",
        "indirect_partner_id",
        "freeze_type",
        "resources",
        "total_count",
        "data",
        "record_list",
        "operation_type",
        "expire_policy",
        "is_main_resource",
        "enterprise_project",
        "SETTING",
        "billing_mode",
        "status",
        "MONTHLY",
        "ACCOUNT_AND_RESOURCE",
        "ON_DEMAND",
        "RUNNING",
        "3",
        "-1",
    ];

    fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => proptest::sample::select(NAMES).prop_map(str::to_owned),
            1 => "\\PC{0,8}",
        ]
    }

    /// JSON text (not a `serde_json::Value`, so that it can hold numbers no Rust type holds and
    /// repeated keys).
    fn json() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just("null".to_owned()),
            any::<bool>().prop_map(|b| b.to_string()),
            any::<i64>().prop_map(|n| n.to_string()),
            any::<u64>().prop_map(|n| n.to_string()),
            any::<f64>().prop_map(|n| n.to_string()),
            "-?[0-9]{1,40}(\\.[0-9]{1,20})?([eE][+-]?[0-9]{1,4})?",
            name().prop_map(|s| serde_json::to_string(&s).unwrap()),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6)
                    .prop_map(|items| format!("[{}]", items.join(","))),
                proptest::collection::vec((name(), inner), 0..6).prop_map(|fields| {
                    let fields: Vec<String> = fields
                        .iter()
                        .map(|(key, value)| {
                            format!("{}:{value}", serde_json::to_string(key).unwrap())
                        })
                        .collect();
                    format!("{{{}}}", fields.join(","))
                }),
            ]
        })
    }

    fn body() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            json().prop_map(String::into_bytes),
            // Cut anywhere, also inside a multi-byte character.
            (json(), any::<prop::sample::Index>()).prop_map(|(json, cut)| {
                let bytes = json.into_bytes();
                bytes[..cut.index(bytes.len() + 1)].to_vec()
            }),
            proptest::collection::vec(any::<u8>(), 0..128),
            "[ \t\r\n]{0,4}".prop_map(String::into_bytes),
            (1..2000usize).prop_map(
                |depth| format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes()
            ),
        ]
    }

    fn status() -> impl Strategy<Value = StatusCode> {
        prop_oneof![
            proptest::sample::select(&[200u16, 204, 400, 401, 403, 404, 429, 500, 503][..]),
            100u16..1000,
        ]
        .prop_map(|code| StatusCode::from_u16(code).unwrap())
    }

    /// Decoding as `T` gives the body on a success status, an API error on any other, and a
    /// decode error only for a non-empty success body.
    fn decodes<T: DeserializeOwned>(
        status: StatusCode,
        request_id: &Option<String>,
        bytes: &[u8],
    ) -> Result<(), TestCaseError> {
        match decode::<T>(status, request_id.clone(), bytes) {
            Ok(reply) => {
                prop_assert!(status.is_success());
                prop_assert_eq!(&reply.request_id, request_id);
            }
            Err(BssError::Api {
                status: actual,
                request_id: actual_id,
                ..
            }) => {
                prop_assert!(!status.is_success());
                prop_assert_eq!(actual, status);
                prop_assert_eq!(&actual_id, request_id);
            }
            Err(BssError::Decode {
                status: actual,
                request_id: actual_id,
                ..
            }) => {
                prop_assert!(status.is_success() && !bytes.trim_ascii().is_empty());
                prop_assert_eq!(actual, status);
                prop_assert_eq!(&actual_id, request_id);
            }
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
        }
        Ok(())
    }

    fn decodes_as_every_response(
        status: StatusCode,
        request_id: &Option<String>,
        bytes: &[u8],
    ) -> Result<(), TestCaseError> {
        decodes::<ListSubCustomersResponse>(status, request_id, bytes)?;
        decodes::<OperationResponse>(status, request_id, bytes)?;
        decodes::<LegacyOperationResponse>(status, request_id, bytes)?;
        decodes::<serde::de::IgnoredAny>(status, request_id, bytes)?;
        decodes::<SubCustomerBudget>(status, request_id, bytes)?;
        decodes::<ListSubCustomerBudgetResponse>(status, request_id, bytes)?;
        decodes::<ListIndirectPartnersResponse>(status, request_id, bytes)?;
        decodes::<ListCustomerOnDemandResourcesResponse>(status, request_id, bytes)?;
        decodes::<ListPayPerUseCustomerResourcesResponse>(status, request_id, bytes)?;
        decodes::<ListSubCustomerBudgetRecordsResponse>(status, request_id, bytes)?;
        decodes::<EmulatedCustomer>(status, request_id, bytes)?;
        decodes::<ResourceList>(status, request_id, bytes)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_answer_decodes_to_a_reply_or_a_typed_error(
            status in status(),
            request_id in proptest::option::of("\\PC{0,40}"),
            bytes in body(),
        ) {
            decodes_as_every_response(status, &request_id, &bytes)?;
        }

        #[test]
        fn an_empty_success_is_an_empty_reply(
            status in (200u16..300).prop_map(|code| StatusCode::from_u16(code).unwrap()),
            blank in "[ \t\r\n]{0,4}",
        ) {
            // `decodes` allows no decode error for a blank body.
            decodes_as_every_response(status, &None, blank.as_bytes())?;
        }

        #[test]
        fn an_error_body_keeps_its_code_and_message(
            status in (300u16..1000).prop_map(|code| StatusCode::from_u16(code).unwrap()),
            error_code in "\\PC{0,20}",
            error_msg in "\\PC{0,60}",
        ) {
            let body = serde_json::to_vec(&ErrorBody {
                error_code: error_code.clone(),
                error_msg: error_msg.clone(),
                request_id: None,
            })
            .unwrap();
            match decode::<OperationResponse>(status, None, &body) {
                Err(BssError::Api { error_code: code, error_msg: msg, .. }) => {
                    prop_assert_eq!((code, msg), (error_code, error_msg));
                }
                other => prop_assert!(false, "unexpected {other:?}"),
            }
        }
    }
}
