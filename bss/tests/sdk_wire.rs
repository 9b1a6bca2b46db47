//! The emulator driven by hand-built HTTP/1.1 requests over a plain TCP socket, signed the
//! way each official Huawei Cloud SDK signs (its own header list and body form), not through
//! this crate's client. Documented bodies are checked byte for byte.

#![cfg(all(feature = "client", feature = "emulator"))]

mod common;

use std::net::SocketAddr;

use bss::emulator::{DEMO_ACCESS_KEY, DEMO_DOMAIN_ID, DEMO_SECRET_KEY};
use bss::model::FreezeType;
use bss::signer;
use chrono::{DateTime, TimeDelta, Utc};
use common::*;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

struct RawResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl RawResponse {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn request_id(&self) -> &str {
        let id = self
            .header("x-request-id")
            .expect("X-Request-Id on every answer");
        assert!(
            id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()),
            "{id}"
        );
        id
    }
}

/// One request as an SDK sends it. Every header in `headers` goes on the wire; those named in
/// `signed` (lower case) are signed, with `X-Sdk-Date` always added.
struct SdkRequest<'a> {
    method: &'a str,
    path: &'a str,
    query: &'a [(&'a str, &'a str)],
    headers: &'a [(&'a str, &'a str)],
    signed: &'a [&'a str],
    body: &'a [u8],
    date: DateTime<Utc>,
}

impl SdkRequest<'_> {
    fn to_bytes(&self) -> Vec<u8> {
        let signed: Vec<(&str, &str)> = self
            .headers
            .iter()
            .filter(|(name, _)| self.signed.contains(&name.to_ascii_lowercase().as_str()))
            .copied()
            .collect();
        let authorization = signer::sign(
            &signer::Request {
                method: self.method,
                path: self.path,
                query: self.query,
                headers: &signed,
                body: self.body,
            },
            DEMO_ACCESS_KEY,
            DEMO_SECRET_KEY,
            self.date,
        );
        let query: Vec<String> = self
            .query
            .iter()
            .map(|(key, value)| {
                format!(
                    "{}={}",
                    utf8_percent_encode(key, UNRESERVED),
                    utf8_percent_encode(value, UNRESERVED)
                )
            })
            .collect();
        let target = if query.is_empty() {
            self.path.to_owned()
        } else {
            format!("{}?{}", self.path, query.join("&"))
        };
        let mut head = format!("{} {target} HTTP/1.1\r\n", self.method);
        for (name, value) in self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "X-Sdk-Date: {}\r\nAuthorization: {authorization}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            signer::format_sdk_date(self.date),
            self.body.len()
        ));
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(self.body);
        bytes
    }
}

async fn send(addr: SocketAddr, request: &[u8]) -> RawResponse {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(": ").unwrap();
            (name.to_owned(), value.to_owned())
        })
        .collect();
    RawResponse {
        status,
        headers,
        body: body.to_owned(),
    }
}

fn host(addr: SocketAddr) -> String {
    addr.to_string()
}

fn freeze_body(id: &str, freeze_type: &str) -> String {
    format!(r#"{{"customer_ids":["{id}"],"reason":"Arrears","freeze_type":{freeze_type}}}"#)
}

/// The Go SDK: `SignedHeaders` without host and content-type, JSON encoder's trailing newline.
#[tokio::test]
async fn go_sdk_signature_freezes_and_answers_an_empty_object() {
    let emulator = start(emulator_config()).await;
    let addr = emulator.local_addr();
    let id = freezable(&seed())[0].clone();
    let body = format!("{}\n", freeze_body(&id, r#""ACCOUNT""#));
    let host = host(addr);
    let request = SdkRequest {
        method: "POST",
        path: "/v2/partners/sub-customers/freeze",
        query: &[],
        headers: &[
            ("Host", &host),
            ("Content-Type", "application/json"),
            ("X-Domain-Id", DEMO_DOMAIN_ID),
            ("User-Agent", "huaweicloud-usdk-go/3.0"),
        ],
        signed: &["x-domain-id"],
        body: body.as_bytes(),
        date: Utc::now(),
    };
    assert!(String::from_utf8_lossy(&request.to_bytes())
        .contains("SignedHeaders=x-domain-id;x-sdk-date,"));

    let response = send(addr, &request.to_bytes()).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(response.body, "{}");
    assert_eq!(response.header("content-type"), Some("application/json"));
    response.request_id();
    emulator.shutdown().await;
}

/// The Python SDK: content-type, host, x-domain-id and x-sdk-date signed; no trailing newline.
#[tokio::test]
async fn python_sdk_signature_with_host_is_accepted() {
    let emulator = start(emulator_config()).await;
    let addr = emulator.local_addr();
    let id = frozen_at(&seed(), FreezeType::AccountAndResource);
    let body = format!(
        r#"{{"customer_ids": ["{id}"], "reason": "Paid", "unfreeze_type": "ACCOUNT_AND_RESOURCE"}}"#
    );
    let host = host(addr);
    let request = SdkRequest {
        method: "POST",
        path: "/v2/partners/sub-customers/unfreeze",
        query: &[],
        headers: &[
            ("Host", &host),
            ("Content-Type", "application/json"),
            ("X-Domain-Id", DEMO_DOMAIN_ID),
        ],
        signed: &["content-type", "host", "x-domain-id"],
        body: body.as_bytes(),
        date: Utc::now(),
    };
    assert!(String::from_utf8_lossy(&request.to_bytes())
        .contains("SignedHeaders=content-type;host;x-domain-id;x-sdk-date,"));

    let response = send(addr, &request.to_bytes()).await;
    assert_eq!((response.status, response.body.as_str()), (200, "{}"));
    emulator.shutdown().await;
}

/// The Java SDK: a charset in Content-Type and its User-Agent among the signed headers; a GET
/// with an encoded query string.
#[tokio::test]
async fn java_sdk_signature_reads_a_budget_by_query() {
    let emulator = start(emulator_config()).await;
    let addr = emulator.local_addr();
    let id = freezable(&seed())[0].clone();
    let host = host(addr);
    let request = SdkRequest {
        method: "GET",
        path: "/v2/partners/sub-customers/budget",
        query: &[("customer_id", &id)],
        headers: &[
            ("Host", &host),
            ("Content-Type", "application/json;charset=UTF-8"),
            ("User-Agent", "huaweicloud-usdk-java/3.0"),
            ("X-Domain-Id", DEMO_DOMAIN_ID),
        ],
        signed: &["content-type", "host", "user-agent", "x-domain-id"],
        body: b"",
        date: Utc::now(),
    };
    let response = send(addr, &request.to_bytes()).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let budget: serde_json::Value = serde_json::from_str(&response.body).unwrap();
    assert_eq!(budget["measure_id"], 1);
    assert_eq!(budget["currency"], "USD");
    assert!(budget.get("budget_amount").is_some() && budget.get("used_amount").is_some());
    emulator.shutdown().await;
}

/// The Go SDK's ListCustomerOnDemandResources, with its `X-Language` header: the answer has
/// the SDK's shape, codes as numbers.
#[tokio::test]
async fn go_sdk_signature_lists_on_demand_resources() {
    let emulator = start(emulator_config()).await;
    let addr = emulator.local_addr();
    let id = freezable_with_both_billing_modes(&seed());
    let body = format!("{{\"customer_id\":\"{id}\",\"limit\":100,\"offset\":0}}\n");
    let host = host(addr);
    let request = SdkRequest {
        method: "POST",
        path: "/v2/partners/sub-customers/on-demand-resources/query",
        query: &[],
        headers: &[
            ("Host", &host),
            ("Content-Type", "application/json"),
            ("X-Domain-Id", DEMO_DOMAIN_ID),
            ("X-Language", "en_US"),
        ],
        signed: &["x-domain-id", "x-language"],
        body: body.as_bytes(),
        date: Utc::now(),
    };
    let response = send(addr, &request.to_bytes()).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.request_id();
    let listed: serde_json::Value = serde_json::from_str(&response.body).unwrap();
    let resources = listed["resources"].as_array().unwrap();
    assert_eq!(listed["total_count"], resources.len());
    assert!(!resources.is_empty());
    for resource in resources {
        assert_eq!(resource["customer_id"], id.as_str());
        assert_eq!(resource["status"], 1);
        for field in [
            "resource_id",
            "resource_name",
            "region_code",
            "service_type_code",
            "resource_type_code",
            "effective_time",
            "resource_spec_code",
        ] {
            assert!(resource[field].is_string(), "{field}: {resource}");
        }
    }
    emulator.shutdown().await;
}

/// The Python SDK's ListPayPerUseCustomerResources (yearly/monthly resources), on Huawei's
/// path spelling.
#[tokio::test]
async fn python_sdk_signature_lists_yearly_monthly_resources() {
    let emulator = start(emulator_config()).await;
    let addr = emulator.local_addr();
    let id = freezable_with_both_billing_modes(&seed());
    let body =
        format!(r#"{{"customer_id": "{id}", "status_list": [2, 5], "only_main_resource": 1}}"#);
    let host = host(addr);
    let request = SdkRequest {
        method: "POST",
        path: "/v2/orders/suscriptions/resources/query",
        query: &[],
        headers: &[
            ("Host", &host),
            ("Content-Type", "application/json"),
            ("X-Domain-Id", DEMO_DOMAIN_ID),
        ],
        signed: &["content-type", "host", "x-domain-id"],
        body: body.as_bytes(),
        date: Utc::now(),
    };
    let response = send(addr, &request.to_bytes()).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let listed: serde_json::Value = serde_json::from_str(&response.body).unwrap();
    let data = listed["data"].as_array().unwrap();
    assert_eq!(listed["total_count"], data.len());
    assert!(!data.is_empty());
    for resource in data {
        assert_eq!(resource["status"], 2);
        assert_eq!(resource["is_main_resource"], 1);
        assert!(resource["expire_policy"].is_i64(), "{resource}");
        assert!(resource["expire_time"].is_string() && resource["resource_id"].is_string());
    }
    emulator.shutdown().await;
}

/// The Java SDK's ListSubCustomerBudgetRecords: every field in the query string; a bad enum
/// value is refused by name.
#[tokio::test]
async fn java_sdk_signature_lists_budget_records() {
    let emulator = start(emulator_config()).await;
    let addr = emulator.local_addr();
    let data = seed();
    let id = ids(direct(&data, |c| {
        is_reseller_model(c) && c.budget.is_some()
    }))[0]
        .clone();
    let host = host(addr);
    let get = |query: &[(&str, &str)]| {
        let request = SdkRequest {
            method: "GET",
            path: "/v2/partners/sub-customers/budget/records",
            query,
            headers: &[
                ("Host", &host),
                ("Content-Type", "application/json;charset=UTF-8"),
                ("User-Agent", "huaweicloud-usdk-java/3.0"),
                ("X-Domain-Id", DEMO_DOMAIN_ID),
            ],
            signed: &["content-type", "host", "user-agent", "x-domain-id"],
            body: b"",
            date: Utc::now(),
        };
        let bytes = request.to_bytes();
        async move { send(addr, &bytes).await }
    };
    let response = get(&[
        ("customer_id", &id),
        ("operation_type", "SETTING"),
        ("offset", "0"),
        ("limit", "10"),
    ])
    .await;
    assert_eq!(response.status, 200, "{}", response.body);
    let listed: serde_json::Value = serde_json::from_str(&response.body).unwrap();
    assert_eq!(
        (
            listed["total_count"].as_u64(),
            listed["measure_id"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(listed["currency"], "USD");
    let record = &listed["record_list"][0];
    assert_eq!(record["operation_type"], "SETTING");
    assert!(record["budget_amount"].is_number() && record["operation_time"].is_string());
    for field in [
        "budget_type",
        "operator",
        "partner_corp_name",
        "partner_account_name",
    ] {
        assert!(record[field].is_string(), "{field}: {record}");
    }

    for (field, value) in [
        ("operation_type", "setting"),
        ("operation_type", ""),
        ("budget_type", "YEARLY"),
        ("limit", "-1"),
    ] {
        let response = get(&[("customer_id", &id), (field, value)]).await;
        assert_eq!(response.status, 400, "{}", response.body);
        let error: serde_json::Value = serde_json::from_str(&response.body).unwrap();
        assert_eq!(error["error_code"], "CBC.0100");
        assert!(
            error["error_msg"].as_str().unwrap().contains(field),
            "{error}"
        );
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn stale_dates_and_tampered_bodies_get_the_documented_401() {
    let emulator = start(emulator_config()).await;
    let addr = emulator.local_addr();
    let host = host(addr);
    let headers = [
        ("Host", host.as_str()),
        ("Content-Type", "application/json"),
        ("X-Domain-Id", DEMO_DOMAIN_ID),
    ];
    let stale = SdkRequest {
        method: "POST",
        path: "/v2/partners/sub-customers/query",
        query: &[],
        headers: &headers,
        signed: &["content-type", "host", "x-domain-id"],
        body: b"{}",
        date: Utc::now() - TimeDelta::minutes(16),
    };
    let response = send(addr, &stale.to_bytes()).await;
    assert_eq!(response.status, 401);
    assert_eq!(
        response.body,
        format!(
            r#"{{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: X-Sdk-Date is more than 15 minutes from the server time","request_id":"{}"}}"#,
            response.request_id()
        )
    );

    let fresh = SdkRequest {
        date: Utc::now(),
        ..stale
    };
    let tampered = String::from_utf8(fresh.to_bytes())
        .unwrap()
        .replace("\r\n\r\n{}", "\r\n\r\n[]");
    let response = send(addr, tampered.as_bytes()).await;
    assert_eq!(
        response.body,
        format!(
            r#"{{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: the signature does not match","request_id":"{}"}}"#,
            response.request_id()
        )
    );
    emulator.shutdown().await;
}

/// Request shapes the typed client cannot produce.
#[tokio::test]
async fn raw_bodies_are_validated_field_by_field() {
    let emulator = start(emulator_config()).await;
    let addr = emulator.local_addr();
    let host = host(addr);
    let data = seed();
    let ids = freezable(&data);
    let post = |path: &'static str, body: String| {
        let headers = [
            ("Host", host.clone()),
            ("Content-Type", "application/json".to_owned()),
            ("X-Domain-Id", DEMO_DOMAIN_ID.to_owned()),
        ];
        async move {
            let headers: Vec<(&str, &str)> = headers
                .iter()
                .map(|(name, value)| (*name, value.as_str()))
                .collect();
            let request = SdkRequest {
                method: "POST",
                path,
                query: &[],
                headers: &headers,
                signed: &["content-type", "host", "x-domain-id"],
                body: body.as_bytes(),
                date: Utc::now(),
            };
            send(addr, &request.to_bytes()).await
        }
    };
    let freeze = "/v2/partners/sub-customers/freeze";

    // null means ACCOUNT.
    let response = post(freeze, freeze_body(&ids[0], "null")).await;
    assert_eq!((response.status, response.body.as_str()), (200, "{}"));

    for (path, body, field) in [
        (freeze, freeze_body(&ids[1], r#""""#), "freeze_type"),
        (
            freeze,
            freeze_body(&ids[1], r#""ACCOUNT_ONLY""#),
            "freeze_type",
        ),
        (
            "/v2/partners/sub-customers/unfreeze",
            format!(
                r#"{{"customer_ids":["{}"],"reason":"r","unfreeze_type":"account"}}"#,
                ids[1]
            ),
            "unfreeze_type",
        ),
        (
            freeze,
            r#"{"customer_ids":"abc","reason":"r"}"#.to_owned(),
            "customer_ids",
        ),
        (freeze, r#"{"customer_ids":["abc"]}"#.to_owned(), "reason"),
        (
            "/v2/partners/sub-customers/query",
            r#"{"association_type":"2"}"#.to_owned(),
            "association_type",
        ),
        (
            "/v2/partners/sub-customers/query",
            r#"{"offset":-1}"#.to_owned(),
            "offset",
        ),
        (
            "/v2/partners/sub-customers/on-demand-resources/query",
            format!(r#"{{"customer_id":"{}","status":7}}"#, ids[1]),
            "status",
        ),
        (
            "/v2/orders/suscriptions/resources/query",
            format!(r#"{{"customer_id":"{}","status_list":[1]}}"#, ids[1]),
            "status_list",
        ),
        (
            "/v2/orders/suscriptions/resources/query",
            format!(r#"{{"customer_id":"{}","only_main_resource":2}}"#, ids[1]),
            "only_main_resource",
        ),
    ] {
        let response = post(path, body).await;
        assert_eq!(response.status, 400, "{}", response.body);
        let error: serde_json::Value = serde_json::from_str(&response.body).unwrap();
        assert_eq!(error["error_code"], "CBC.0100");
        assert!(
            error["error_msg"].as_str().unwrap().contains(field),
            "{error}"
        );
        response.request_id();
    }

    // association_type is accepted as a number as well as a string.
    let response = post(
        "/v2/partners/sub-customers/query",
        r#"{"association_type":1,"limit":100}"#.to_owned(),
    )
    .await;
    let listed: serde_json::Value = serde_json::from_str(&response.body).unwrap();
    assert!(listed["customer_infos"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["association_type"] == "1"));

    let response = post("/v2/partners/no-such-api", "{}".to_owned()).await;
    assert_eq!(response.status, 404);
    assert!(response.body.contains(r#""error_code":"APIGW.0101""#));
    emulator.shutdown().await;
}
