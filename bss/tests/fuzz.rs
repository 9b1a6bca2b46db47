//! Hostile input, generated: the signer's verification, and the client against a server that
//! answers anything. Nothing may panic or hang: every refusal is a typed error.

#![cfg(all(feature = "client", feature = "emulator"))]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bss::emulator::{DEMO_ACCESS_KEY, DEMO_SECRET_KEY};
use bss::model::{
    FreezeSubCustomersRequest, LegacyOperationRequest, ListIndirectPartnersRequest,
    ListSubCustomerBudgetRequest, ListSubCustomersRequest, UnfreezeSubCustomersRequest,
    UpdateSubCustomerBudgetRequest,
};
use bss::signer::{self, format_sdk_date, parse_sdk_date};
use bss::{BssClient, BssError, ClientConfig};
use chrono::{DateTime, Datelike, Utc};
use common::*;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use reqwest::StatusCode;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;
use url::Url;

// ---------------------------------------------------------------------------------------------
// Shared generators

/// Any characters, controls and non-ASCII included.
fn text() -> impl Strategy<Value = String> {
    "(?s).{0,16}"
}

/// Bytes `HeaderValue::from_bytes` accepts, so they reach the server: visible ASCII, space,
/// tab and the obs-text bytes 0x80..=0xFF (which make the value non-UTF-8).
fn header_bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![8 => 0x20u8..0x7f, 2 => 0x80u8..=0xff, 1 => Just(b'\t')],
        0..max,
    )
}

/// Any JSON value, with strings long enough to cross the documented limits and numbers at
/// the edges of every numeric type.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "\\PC{0,8}".prop_map(Value::from),
        (0..300usize).prop_map(|len| Value::from("é".repeat(len))),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            proptest::collection::btree_map("\\PC{0,6}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

// ---------------------------------------------------------------------------------------------
// The signer's verification, called directly

/// An `Authorization` value near the real shape: the right or an almost-right prefix, then
/// fields that may be broken, repeated, empty or huge.
fn authorization() -> impl Strategy<Value = String> {
    let signed_name = prop_oneof![
        Just("x-sdk-date".to_owned()),
        Just("host".to_owned()),
        Just(String::new()),
        "[a-zA-Z-]{1,12}",
        text(),
    ];
    let signed_headers = prop_oneof![
        proptest::collection::vec(signed_name.clone(), 0..6),
        proptest::collection::vec(signed_name, 200..2000),
    ]
    .prop_map(|names| format!("SignedHeaders={}", names.join(";")));
    let field = prop_oneof![
        prop_oneof![Just(DEMO_ACCESS_KEY.to_owned()), text()]
            .prop_map(|key| format!("Access={key}")),
        signed_headers,
        prop_oneof!["[0-9a-f]{64}", "[0-9a-fA-F]{0,70}", text()]
            .prop_map(|signature| format!("Signature={signature}")),
        "[=,; ]{0,6}",
        (text(), text()).prop_map(|(key, value)| format!("{key}={value}")),
        text(),
    ];
    (
        prop_oneof![
            Just("SDK-HMAC-SHA256 "),
            Just("SDK-HMAC-SHA256"),
            Just("  SDK-HMAC-SHA256  "),
            Just("sdk-hmac-sha256 "),
            Just(""),
        ],
        proptest::collection::vec(field, 0..8),
        prop_oneof![Just(", "), Just(","), Just(",,"), Just(" , ")],
    )
        .prop_map(|(prefix, fields, separator)| format!("{prefix}{}", fields.join(separator)))
}

/// `X-Sdk-Date` values: well-formed, out of range, with signs and long years, or anything.
fn sdk_date() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{8}T[0-9]{6}Z",
        "[+-]?[0-9]{0,12}[0-9]{4}T[0-9]{6}Z",
        "[0-9TZ+-]{0,20}",
        text(),
    ]
}

/// A server clock anywhere in chrono's range, or today.
fn now() -> impl Strategy<Value = DateTime<Utc>> {
    prop_oneof![
        Just(Utc::now()),
        (DateTime::<Utc>::MIN_UTC.timestamp()..=DateTime::<Utc>::MAX_UTC.timestamp())
            .prop_map(|seconds| DateTime::from_timestamp(seconds, 0).unwrap()),
    ]
}

/// How a generated request authenticates.
#[derive(Debug, Clone)]
enum Credentials {
    /// A real signature, then spliced: `cut` characters at `at` replaced by `insert`.
    Spliced {
        at: Index,
        cut: usize,
        insert: String,
    },
    Hostile {
        authorization: String,
        sdk_date: String,
    },
    Missing,
}

fn credentials() -> impl Strategy<Value = Credentials> {
    prop_oneof![
        (any::<Index>(), 0..4usize, text()).prop_map(|(at, cut, insert)| Credentials::Spliced {
            at,
            cut,
            insert
        }),
        (authorization(), sdk_date()).prop_map(|(authorization, sdk_date)| {
            Credentials::Hostile {
                authorization,
                sdk_date,
            }
        }),
        Just(Credentials::Missing),
    ]
}

fn splice(value: &str, at: &Index, cut: usize, insert: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let start = at.index(chars.len() + 1);
    let end = (start + cut).min(chars.len());
    chars[..start]
        .iter()
        .chain(insert.chars().collect::<Vec<_>>().iter())
        .chain(&chars[end..])
        .collect()
}

#[derive(Debug, Clone)]
struct SignedCase {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    credentials: Credentials,
}

fn signed_case() -> impl Strategy<Value = SignedCase> {
    let header_name = prop_oneof![
        Just("Authorization".to_owned()),
        Just("X-Sdk-Date".to_owned()),
        Just("x-sdk-content-sha256".to_owned()),
        Just("Host".to_owned()),
        text(),
    ];
    (
        prop_oneof![Just("POST".to_owned()), text()],
        text(),
        proptest::collection::vec((text(), text()), 0..4),
        proptest::collection::vec((header_name, text()), 0..4),
        proptest::collection::vec(any::<u8>(), 0..64),
        credentials(),
    )
        .prop_map(
            |(method, path, query, headers, body, credentials)| SignedCase {
                method,
                path,
                query,
                headers,
                body,
                credentials,
            },
        )
}

fn pairs(owned: &[(String, String)]) -> Vec<(&str, &str)> {
    owned
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

impl SignedCase {
    /// The headers a server receives: the generated ones, then the credentials (so a generated
    /// `Authorization` or `X-Sdk-Date` comes first and wins).
    fn received_headers(&self, now: DateTime<Utc>) -> Vec<(String, String)> {
        let mut headers = self.headers.clone();
        let (authorization, sdk_date) = match &self.credentials {
            Credentials::Spliced { at, cut, insert } => {
                let request = signer::Request {
                    method: &self.method,
                    path: &self.path,
                    query: &pairs(&self.query),
                    headers: &pairs(&self.headers),
                    body: &self.body,
                };
                let valid = signer::sign(&request, DEMO_ACCESS_KEY, DEMO_SECRET_KEY, now);
                (splice(&valid, at, *cut, insert), format_sdk_date(now))
            }
            Credentials::Hostile {
                authorization,
                sdk_date,
            } => (authorization.clone(), sdk_date.clone()),
            Credentials::Missing => return headers,
        };
        headers.push(("X-Sdk-Date".to_owned(), sdk_date));
        headers.push(("Authorization".to_owned(), authorization));
        headers
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn verification_answers_any_request_without_panicking(case in signed_case(), now in now()) {
        let headers = case.received_headers(now);
        let request = signer::Request {
            method: &case.method,
            path: &case.path,
            query: &pairs(&case.query),
            headers: &pairs(&headers),
            body: &case.body,
        };
        let secret_for = |key: &str| (key == DEMO_ACCESS_KEY).then_some(DEMO_SECRET_KEY);
        if let Ok(access_key) = signer::verify(&request, secret_for, now) {
            prop_assert_eq!(access_key, DEMO_ACCESS_KEY);
        }
    }

    #[test]
    fn sdk_dates_parse_or_are_refused_without_panicking(value in sdk_date()) {
        if let Some(date) = parse_sdk_date(&value) {
            // Four-digit years are the format's own; others need not round-trip.
            if (0..=9999).contains(&date.year()) {
                prop_assert_eq!(parse_sdk_date(&format_sdk_date(date)), Some(date));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The client against a server that answers anything

/// How the answer's body is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Framing {
    ContentLength,
    /// By closing the connection.
    Close,
    Chunked,
    /// A `Content-Length` past the end of the body, then the connection closes.
    Truncated,
    /// A chunk size that is not hex.
    BrokenChunks,
}

/// One answer, written byte by byte so that it can break HTTP in any way.
#[derive(Debug, Clone)]
struct RawAnswer {
    /// `None`: a status line that is not HTTP.
    status: Option<u16>,
    garbage_status_line: Vec<u8>,
    request_id: Option<Vec<u8>>,
    framing: Framing,
    body: Vec<u8>,
}

fn raw_answer() -> impl Strategy<Value = RawAnswer> {
    let body = prop_oneof![
        json_value().prop_map(|value| serde_json::to_vec(&value).unwrap()),
        (json_value(), any::<Index>()).prop_map(|(value, cut)| {
            let bytes = serde_json::to_vec(&value).unwrap();
            bytes[..cut.index(bytes.len() + 1)].to_vec()
        }),
        proptest::collection::vec(any::<u8>(), 0..64),
        Just(
            b"{\"count\":1e400,\"successNum\":-1,\"budget_amount\":99999999999999999999999}"
                .to_vec()
        ),
        Just(Vec::new()),
    ];
    (
        prop_oneof![
            4 => proptest::sample::select(&[200u16, 204, 400, 401, 429, 500, 503][..]).prop_map(Some),
            4 => (100u16..1000).prop_map(Some),
            1 => Just(None),
        ],
        header_bytes(16),
        proptest::option::of(header_bytes(40)),
        prop_oneof![
            4 => Just(Framing::ContentLength),
            1 => Just(Framing::Close),
            1 => Just(Framing::Chunked),
            1 => Just(Framing::Truncated),
            1 => Just(Framing::BrokenChunks),
        ],
        body,
    )
        .prop_map(|(status, garbage_status_line, request_id, framing, body)| RawAnswer {
            status,
            garbage_status_line,
            request_id,
            framing,
            body,
        })
}

impl RawAnswer {
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = match self.status {
            Some(code) => format!("HTTP/1.1 {code} Whatever\r\n").into_bytes(),
            None => [&self.garbage_status_line[..], b"\r\n"].concat(),
        };
        if let Some(id) = &self.request_id {
            out.extend_from_slice(b"X-Request-Id: ");
            out.extend_from_slice(id);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"Content-Type: application/json\r\nConnection: close\r\n");
        let length = self.body.len();
        let framing = match self.framing {
            Framing::ContentLength => format!("Content-Length: {length}\r\n\r\n"),
            Framing::Close => "\r\n".to_owned(),
            Framing::Truncated => format!("Content-Length: {}\r\n\r\n", length + 10),
            Framing::Chunked => format!("Transfer-Encoding: chunked\r\n\r\n{length:x}\r\n"),
            Framing::BrokenChunks => "Transfer-Encoding: chunked\r\n\r\nzz\r\n".to_owned(),
        };
        out.extend_from_slice(framing.as_bytes());
        out.extend_from_slice(&self.body);
        if self.framing == Framing::Chunked {
            out.extend_from_slice(if length == 0 {
                b"\r\n"
            } else {
                b"\r\n0\r\n\r\n"
            });
        }
        out
    }

    /// Whether this is a complete HTTP answer with a final status, which the client must turn
    /// into a reply, an API error or a decode error, not a transport error.
    fn is_sound(&self) -> bool {
        self.status.is_some_and(|code| code >= 200)
            && matches!(
                self.framing,
                Framing::ContentLength | Framing::Close | Framing::Chunked
            )
    }
}

/// Reads one request (head and `Content-Length` body) so that closing the connection after
/// answering cannot reset it under the client.
async fn read_request(stream: &mut TcpStream) {
    let mut received = Vec::new();
    let mut buffer = [0; 4096];
    loop {
        let read = stream.read(&mut buffer).await.unwrap_or(0);
        if read == 0 {
            return;
        }
        received.extend_from_slice(&buffer[..read]);
        let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&received[..end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .map_or(0, |value| value.trim().parse().unwrap());
        if received.len() >= end + 4 + length {
            return;
        }
    }
}

/// Answers every connection with the current answer, then closes it.
async fn answer_forever(listener: TcpListener, answer: Arc<Mutex<Vec<u8>>>) {
    loop {
        let (mut stream, _) = listener.accept().await.unwrap();
        let answer = answer.lock().unwrap().clone();
        tokio::spawn(async move {
            read_request(&mut stream).await;
            // The client may have given up on a broken answer already.
            let _ = stream.write_all(&answer).await;
        });
    }
}

/// Every client call, by name, each answered by the server once.
async fn every_call(client: &BssClient) -> Vec<(&'static str, Result<(), BssError>)> {
    let ids = vec!["c".to_owned()];
    let reason = "r".to_owned();
    let legacy = LegacyOperationRequest {
        customer_ids: ids.clone(),
        reason: reason.clone(),
    };
    vec![
        (
            "list_sub_customers",
            client
                .list_sub_customers(&ListSubCustomersRequest::default())
                .await
                .map(drop),
        ),
        (
            "freeze_sub_customers",
            client
                .freeze_sub_customers(&FreezeSubCustomersRequest {
                    customer_ids: ids.clone(),
                    reason: reason.clone(),
                    indirect_partner_id: None,
                    freeze_type: None,
                })
                .await
                .map(drop),
        ),
        (
            "unfreeze_sub_customers",
            client
                .unfreeze_sub_customers(&UnfreezeSubCustomersRequest {
                    customer_ids: ids.clone(),
                    reason,
                    indirect_partner_id: None,
                    unfreeze_type: None,
                })
                .await
                .map(drop),
        ),
        (
            "update_sub_customer_budget",
            client
                .update_sub_customer_budget(&UpdateSubCustomerBudgetRequest {
                    customer_id: "c".to_owned(),
                    budget_amount: 1.0,
                    ..Default::default()
                })
                .await
                .map(drop),
        ),
        (
            "show_sub_customer_budget",
            client
                .show_sub_customer_budget("c", Some("p"))
                .await
                .map(drop),
        ),
        (
            "list_sub_customer_budget",
            client
                .list_sub_customer_budget(&ListSubCustomerBudgetRequest {
                    customer_ids: ids,
                    indirect_partner_id: None,
                })
                .await
                .map(drop),
        ),
        (
            "list_indirect_partners",
            client
                .list_indirect_partners(&ListIndirectPartnersRequest::default())
                .await
                .map(drop),
        ),
        (
            "legacy_freeze_sub_customers",
            client.legacy_freeze_sub_customers(&legacy).await.map(drop),
        ),
        (
            "legacy_unfreeze_sub_customers",
            client
                .legacy_unfreeze_sub_customers(&legacy)
                .await
                .map(drop),
        ),
        (
            "emulator_customer",
            client.emulator_customer("c", None).await.map(drop),
        ),
        (
            "emulator_resources",
            client.emulator_resources("c", None).await.map(drop),
        ),
    ]
}

/// A sound answer ends in a reply, an API error with its status, or a decode error for a
/// success; any answer ends in some typed error rather than a hang.
fn answered(answer: &RawAnswer, result: &Result<(), BssError>) -> Result<(), TestCaseError> {
    prop_assert!(!matches!(result, Err(BssError::Timeout)), "the client hung");
    if !answer.is_sound() {
        return Ok(());
    }
    let status = answer.status.map(StatusCode::from_u16).unwrap().unwrap();
    match result {
        Ok(()) | Err(BssError::Decode { .. }) => prop_assert!(status.is_success()),
        Err(BssError::Api {
            status: actual,
            request_id,
            ..
        }) => {
            prop_assert_eq!(*actual, status);
            // A request id that is not visible ASCII is dropped, not an error.
            let sent = answer
                .request_id
                .as_deref()
                .and_then(|id| std::str::from_utf8(id).ok())
                .filter(|id| {
                    id.bytes()
                        .all(|byte| (b' '..=b'~').contains(&byte) || byte == b'\t')
                })
                .map(|id| id.trim_matches([' ', '\t']));
            prop_assert_eq!(request_id.as_deref(), sent);
        }
        Err(other) => prop_assert!(false, "HTTP {status} gave {other:?}"),
    }
    Ok(())
}

#[test]
fn every_client_call_turns_any_answer_into_a_reply_or_a_typed_error() {
    let runtime = Runtime::new().unwrap();
    let answer = Arc::new(Mutex::new(Vec::new()));
    let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
    let endpoint = Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
    runtime.spawn(answer_forever(listener, answer.clone()));
    let client = BssClient::new(ClientConfig {
        // Every answer is complete when written, so waiting longer than this is a hang.
        timeout: Duration::from_secs(2),
        ..plain_config_at(endpoint, demo_auth())
    })
    .unwrap();
    proptest!(ProptestConfig::with_cases(48), |(raw in raw_answer())| {
        *answer.lock().unwrap() = raw.to_bytes();
        for (name, result) in runtime.block_on(every_call(&client)) {
            answered(&raw, &result).map_err(|error| {
                TestCaseError::fail(format!("{name}: {error}: {result:?}"))
            })?;
        }
    });
}
