//! `SDK-HMAC-SHA256`: the AK/SK request signature Huawei Cloud's API gateway checks.
//!
//! [`sign`] produces the `Authorization` header value a client sends; [`verify`] is the gateway
//! side, recomputing the signature over the header list the client chose (`SignedHeaders=`), so
//! requests from every official SDK verify whatever headers they signed.
//!
//! Paths and query pairs are given *decoded*; the signer percent-encodes them itself, exactly as
//! the SDKs canonicalise `URL.Path` and `URL.Query()`.

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

/// The algorithm name that opens the `Authorization` header and the string to sign.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// The request-date header, always signed.
pub const SDK_DATE_HEADER: &str = "x-sdk-date";
/// A header that, when present, replaces the body hash (used for unsigned or streamed bodies).
pub const CONTENT_SHA256_HEADER: &str = "x-sdk-content-sha256";
/// The gateway refuses a request whose `X-Sdk-Date` is further than this from its own clock.
pub const MAX_CLOCK_SKEW_MINUTES: i64 = 15;

const SDK_DATE_FORMAT: &str = "%Y%m%dT%H%M%SZ";

/// Everything but `A-Z a-z 0-9 - _ . ~` is written as `%XX`.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

type HmacSha256 = Hmac<Sha256>;

/// The parts of an HTTP request that take part in the signature.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub method: &'a str,
    /// The decoded path, without the query.
    pub path: &'a str,
    /// Decoded query pairs, in any order; repeated keys are allowed.
    pub query: &'a [(&'a str, &'a str)],
    /// For [`sign`]: the headers to sign besides `X-Sdk-Date`. For [`verify`]: every received
    /// header (the signed ones are picked by the `SignedHeaders=` list).
    pub headers: &'a [(&'a str, &'a str)],
    pub body: &'a [u8],
}

/// Why a request's signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("the Authorization header is missing")]
    MissingAuthorization,
    #[error("the Authorization header is not an {ALGORITHM} signature")]
    MalformedAuthorization,
    #[error("x-sdk-date is not in SignedHeaders")]
    DateNotSigned,
    #[error("the access key is unknown")]
    UnknownAccessKey,
    #[error("the signed header {0} is missing")]
    MissingSignedHeader(String),
    #[error("X-Sdk-Date {0:?} is not in the YYYYMMDDTHHMMSSZ format")]
    InvalidDate(String),
    #[error("X-Sdk-Date is more than {MAX_CLOCK_SKEW_MINUTES} minutes from the server time")]
    StaleDate,
    #[error("the signature does not match")]
    SignatureMismatch,
}

/// `X-Sdk-Date` for an instant: `YYYYMMDDTHHMMSSZ`, UTC.
pub fn format_sdk_date(date: DateTime<Utc>) -> String {
    date.format(SDK_DATE_FORMAT).to_string()
}

/// Parses an `X-Sdk-Date` value.
pub fn parse_sdk_date(value: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(value, SDK_DATE_FORMAT)
        .ok()
        .map(|naive| naive.and_utc())
}

/// Signs `request` at `date` and returns the `Authorization` header value.
///
/// The caller sends `X-Sdk-Date: format_sdk_date(date)` along with the headers in
/// `request.headers`; an `X-Sdk-Date` already among them is replaced by `date`.
pub fn sign(
    request: &Request<'_>,
    access_key: &str,
    secret_key: &str,
    date: DateTime<Utc>,
) -> String {
    let sdk_date = format_sdk_date(date);
    let headers: Vec<(&str, &str)> = request
        .headers
        .iter()
        .filter(|(name, _)| !name.eq_ignore_ascii_case(SDK_DATE_HEADER))
        .copied()
        .chain([(SDK_DATE_HEADER, sdk_date.as_str())])
        .collect();
    let signed = canonical_headers(&headers);
    let canonical = canonical_request(request, &signed);
    let signature = hex::encode(
        signature_mac(secret_key, &sdk_date, &canonical)
            .finalize()
            .into_bytes(),
    );
    format!(
        "{ALGORITHM} Access={access_key}, SignedHeaders={}, Signature={signature}",
        signed_header_list(&signed)
    )
}

/// Checks a received request's `Authorization` header and returns the caller's access key.
///
/// `secret_for` maps an access key to its secret key; `now` is the server clock.
pub fn verify<'s>(
    request: &Request<'_>,
    secret_for: impl FnOnce(&str) -> Option<&'s str>,
    now: DateTime<Utc>,
) -> Result<String, VerifyError> {
    let authorization =
        header_value(request.headers, "authorization").ok_or(VerifyError::MissingAuthorization)?;
    let parsed = Authorization::parse(authorization).ok_or(VerifyError::MalformedAuthorization)?;
    if !parsed.signed_headers.contains(&SDK_DATE_HEADER) {
        return Err(VerifyError::DateNotSigned);
    }
    let secret_key = secret_for(parsed.access_key).ok_or(VerifyError::UnknownAccessKey)?;

    let headers = parsed
        .signed_headers
        .iter()
        .map(|name| {
            header_value(request.headers, name)
                .map(|value| (*name, value))
                .ok_or_else(|| VerifyError::MissingSignedHeader((*name).to_owned()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let signed = canonical_headers(&headers);

    let sdk_date = signed
        .iter()
        .find(|(name, _)| name == SDK_DATE_HEADER)
        .map(|(_, value)| *value)
        .unwrap_or_default();
    let date =
        parse_sdk_date(sdk_date).ok_or_else(|| VerifyError::InvalidDate(sdk_date.to_owned()))?;
    if (now - date).abs() > TimeDelta::minutes(MAX_CLOCK_SKEW_MINUTES) {
        return Err(VerifyError::StaleDate);
    }

    let expected = hex::decode(parsed.signature).map_err(|_| VerifyError::SignatureMismatch)?;
    let canonical = canonical_request(request, &signed);
    // `verify_slice` compares in constant time.
    signature_mac(secret_key, sdk_date, &canonical)
        .verify_slice(&expected)
        .map_err(|_| VerifyError::SignatureMismatch)?;
    Ok(parsed.access_key.to_owned())
}

/// The three fields of an `Authorization: SDK-HMAC-SHA256 ...` header.
struct Authorization<'a> {
    access_key: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

impl<'a> Authorization<'a> {
    fn parse(value: &'a str) -> Option<Self> {
        let fields = value.trim().strip_prefix(ALGORITHM)?.strip_prefix(' ')?;
        let (mut access_key, mut signed_headers, mut signature) = (None, None, None);
        for field in fields.split(',') {
            let (key, value) = field.trim().split_once('=')?;
            match key {
                "Access" => access_key = Some(value),
                "SignedHeaders" => signed_headers = Some(value.split(';').collect()),
                "Signature" => signature = Some(value),
                _ => return None,
            }
        }
        Some(Self {
            access_key: access_key.filter(|key| !key.is_empty())?,
            signed_headers: signed_headers?,
            signature: signature?,
        })
    }
}

/// The first value of a header, by case-insensitive name.
fn header_value<'h>(headers: &[(&str, &'h str)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
        .map(|(_, value)| *value)
}

/// Lower-cased names with trimmed values, sorted by name.
fn canonical_headers<'h>(headers: &[(&str, &'h str)]) -> Vec<(String, &'h str)> {
    let mut signed: Vec<(String, &str)> = headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value.trim()))
        .collect();
    signed.sort_by(|a, b| a.0.cmp(&b.0));
    signed
}

fn signed_header_list(signed: &[(String, &str)]) -> String {
    signed
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(";")
}

fn canonical_request(request: &Request<'_>, signed: &[(String, &str)]) -> String {
    let headers: String = signed
        .iter()
        .map(|(name, value)| format!("{name}:{value}\n"))
        .collect();
    let payload_hash = header_value(request.headers, CONTENT_SHA256_HEADER)
        .map(str::to_owned)
        .unwrap_or_else(|| hex::encode(Sha256::digest(request.body)));
    [
        request.method,
        &canonical_uri(request.path),
        &canonical_query(request.query),
        &headers,
        &signed_header_list(signed),
        &payload_hash,
    ]
    .join("\n")
}

fn canonical_uri(path: &str) -> String {
    let mut uri = path
        .split('/')
        .map(|segment| utf8_percent_encode(segment, UNRESERVED).to_string())
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

fn canonical_query(query: &[(&str, &str)]) -> String {
    let mut pairs = query.to_vec();
    // Sorting whole pairs orders keys bytewise and, within a key, its values.
    pairs.sort_unstable();
    pairs
        .iter()
        .map(|(key, value)| {
            format!(
                "{}={}",
                utf8_percent_encode(key, UNRESERVED),
                utf8_percent_encode(value, UNRESERVED)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The HMAC over the string to sign, keyed with the secret key bytes as they are.
fn signature_mac(secret_key: &str, sdk_date: &str, canonical_request: &str) -> HmacSha256 {
    let string_to_sign = format!(
        "{ALGORITHM}\n{sdk_date}\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    );
    let mut mac =
        HmacSha256::new_from_slice(secret_key.as_bytes()).expect("HMAC accepts keys of any size");
    mac.update(string_to_sign.as_bytes());
    mac
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(sdk_date: &str) -> DateTime<Utc> {
        parse_sdk_date(sdk_date).unwrap()
    }

    #[test]
    fn vector_a_get_with_query() {
        let request = Request {
            method: "GET",
            path: "/path",
            query: &[("limit", "1")],
            headers: &[],
            body: b"",
        };
        assert_eq!(
            sign(&request, "AccessKey", "SecretKey", at("20060102T150405Z")),
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, \
             Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624"
        );
    }

    #[test]
    fn vector_a_canonical_request_line_by_line() {
        let request = Request {
            method: "GET",
            path: "/path",
            query: &[("limit", "1")],
            headers: &[],
            body: b"",
        };
        let signed = canonical_headers(&[("X-Sdk-Date", "20060102T150405Z")]);
        let canonical = canonical_request(&request, &signed);
        let lines: Vec<&str> = canonical.split('\n').collect();
        assert_eq!(
            lines,
            [
                "GET",
                "/path/",
                "limit=1",
                "x-sdk-date:20060102T150405Z",
                "",
                "x-sdk-date",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ]
        );
    }

    #[test]
    fn vector_b_post_with_unsigned_content_type() {
        // Go SDK style: the body carries the encoder's trailing newline and Content-Type is sent
        // but not signed, so it is not among the headers given to the signer.
        let request = Request {
            method: "POST",
            path: "/path",
            query: &[("key", "value")],
            headers: &[],
            body: b"{\"Name\":\"test\",\"Id\":1}\n",
        };
        assert_eq!(
            sign(&request, "AccessKey", "SecretKey", at("20060102T150405Z")),
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, \
             Signature=cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59"
        );
    }

    #[test]
    fn vector_c_get_with_host() {
        let request = Request {
            method: "GET",
            path: "/resources",
            query: &[("size", "1")],
            headers: &[("Host", "service.endpoint.myhuaweicloud.com")],
            body: b"",
        };
        assert_eq!(
            sign(&request, "AccessKey", "SecretKey", at("20200608T023900Z")),
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, \
             Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842"
        );
    }

    #[test]
    fn vector_d_post_with_host() {
        let request = Request {
            method: "POST",
            path: "/resources",
            query: &[("size", "1")],
            headers: &[("Host", "service.endpoint.myhuaweicloud.com")],
            body: b"{\"name\":\"test\",\"id\":1}",
        };
        assert_eq!(
            sign(&request, "AccessKey", "SecretKey", at("20200608T023900Z")),
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, \
             Signature=436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f"
        );
    }

    #[test]
    fn vector_e_content_type_and_host() {
        let request = Request {
            method: "GET",
            path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
            query: &[
                ("limit", "2"),
                ("marker", "13551d6b-755d-4757-b956-536f674975c0"),
            ],
            headers: &[
                ("Content-Type", "application/json"),
                ("Host", "service.region.example.com"),
            ],
            body: b"",
        };
        assert_eq!(
            sign(
                &request,
                "QTWAOYTTINDUT2QVKYUC",
                "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
                at("20191115T033655Z")
            ),
            "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, \
             Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
        );
    }

    #[test]
    fn vector_f_query_canonicalisation() {
        let query = [
            ("limit", "1"),
            ("enable", "true"),
            ("test", "一 (&=?!#%.*)"),
            ("path", "/tmp/123"),
            ("multi", "3"),
            ("multi", "1"),
            ("multi", "2"),
        ];
        assert_eq!(
            canonical_query(&query),
            "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123\
             &test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29"
        );
    }

    #[test]
    fn vector_g_bss_freeze() {
        let request = Request {
            method: "POST",
            path: "/v2/partners/sub-customers/freeze",
            query: &[],
            headers: &[
                ("Content-Type", "application/json"),
                ("Host", "bss-intl.myhuaweicloud.com"),
                ("X-Domain-Id", "0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
            ],
            body: br#"{"customer_ids":["0bb8e9a1b2c3d4e5f60760f6fc010ebf"],"reason":"Arrears","freeze_type":"ACCOUNT"}"#,
        };
        assert_eq!(
            sign(
                &request,
                "EXAMPLEAK0000000000",
                "EXAMPLESK00000000000000000000000000000000",
                at("20250101T000000Z")
            ),
            "SDK-HMAC-SHA256 Access=EXAMPLEAK0000000000, \
             SignedHeaders=content-type;host;x-domain-id;x-sdk-date, \
             Signature=4c20492488d42d720ff244dd101a9db44fe80ed3bdb915d12f0a5bd4f5f04b4c"
        );
    }

    /// The headers a server receives for a request signed with `authorization` at `sdk_date`.
    fn received<'a>(
        signed: &[(&'a str, &'a str)],
        sdk_date: &'a str,
        authorization: &'a str,
    ) -> Vec<(&'a str, &'a str)> {
        let mut headers = signed.to_vec();
        headers.push(("X-Sdk-Date", sdk_date));
        headers.push(("Authorization", authorization));
        headers
    }

    #[test]
    fn verify_accepts_an_official_vector_and_reports_each_refusal() {
        let date = at("20250101T000000Z");
        let signed_headers = [("Host", "bss-intl.myhuaweicloud.com"), ("X-Domain-Id", "d")];
        let mut request = Request {
            method: "POST",
            path: "/v2/partners/sub-customers/freeze",
            query: &[],
            headers: &signed_headers,
            body: b"{}",
        };
        let authorization = sign(&request, "AK", "SK", date);
        let sdk_date = format_sdk_date(date);
        let headers = received(&signed_headers, &sdk_date, &authorization);
        request.headers = &headers;
        let secrets = |ak: &str| (ak == "AK").then_some("SK");

        assert_eq!(verify(&request, secrets, date), Ok("AK".to_owned()));
        assert_eq!(
            verify(&request, secrets, date + TimeDelta::minutes(15)),
            Ok("AK".to_owned())
        );
        assert_eq!(
            verify(&request, secrets, date + TimeDelta::minutes(16)),
            Err(VerifyError::StaleDate)
        );
        assert_eq!(
            verify(&request, secrets, date - TimeDelta::minutes(16)),
            Err(VerifyError::StaleDate)
        );
        assert_eq!(
            verify(&request, |_| Some("other"), date),
            Err(VerifyError::SignatureMismatch)
        );
        assert_eq!(
            verify(&request, |_| None, date),
            Err(VerifyError::UnknownAccessKey)
        );

        let without_host: Vec<_> = headers
            .iter()
            .copied()
            .filter(|(name, _)| *name != "Host")
            .collect();
        request.headers = &without_host;
        assert_eq!(
            verify(&request, secrets, date),
            Err(VerifyError::MissingSignedHeader("host".to_owned()))
        );

        let undated = authorization.replace(";x-sdk-date", "");
        let headers = received(&signed_headers, &sdk_date, &undated);
        request.headers = &headers;
        assert_eq!(
            verify(&request, secrets, date),
            Err(VerifyError::DateNotSigned)
        );

        request.headers = &signed_headers;
        assert_eq!(
            verify(&request, secrets, date),
            Err(VerifyError::MissingAuthorization)
        );
        let basic = [("Authorization", "Basic QUs6U0s=")];
        request.headers = &basic;
        assert_eq!(
            verify(&request, secrets, date),
            Err(VerifyError::MalformedAuthorization)
        );
    }

    fn method() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("GET".to_owned()),
            Just("POST".to_owned()),
            Just("PUT".to_owned()),
            Just("DELETE".to_owned()),
            "[A-Z]{3,7}",
        ]
    }

    /// A string with one character (at `index`, modulo its length) replaced by a different one.
    fn with_one_char_changed(value: &str, index: usize) -> String {
        let chars: Vec<char> = value.chars().collect();
        let at = index % chars.len();
        chars
            .iter()
            .enumerate()
            .map(|(i, &c)| match (i == at, c) {
                (false, c) => c,
                (true, 'x') => 'y',
                (true, _) => 'x',
            })
            .collect()
    }

    #[derive(Debug, Clone)]
    struct Case {
        method: String,
        path: String,
        query: Vec<(String, String)>,
        header_value: String,
        body: Vec<u8>,
    }

    fn case() -> impl Strategy<Value = Case> {
        (
            method(),
            proptest::collection::vec("[a-zA-Z0-9 ._~%é一-]{1,8}", 1..4),
            // A small key alphabet makes repeated keys common.
            proptest::collection::vec(("[ab一]{1,2}", "\\PC{0,6}"), 0..6),
            "[!-~]([ -~]{0,10}[!-~])?",
            proptest::collection::vec(any::<u8>(), 0..64),
        )
            .prop_map(|(method, segments, query, header_value, body)| Case {
                method,
                path: format!("/{}", segments.join("/")),
                query,
                header_value,
                body,
            })
    }

    fn verifies(case: &Case, authorization: &str, now: DateTime<Utc>) -> bool {
        let sdk_date = format_sdk_date(now);
        let query: Vec<(&str, &str)> = case
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let headers = received(
            &[("X-Custom", &case.header_value)],
            &sdk_date,
            authorization,
        );
        let request = Request {
            method: &case.method,
            path: &case.path,
            query: &query,
            headers: &headers,
            body: &case.body,
        };
        verify(&request, |_| Some("secret"), now).is_ok()
    }

    fn signed(case: &Case, now: DateTime<Utc>) -> String {
        let query: Vec<(&str, &str)> = case
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let request = Request {
            method: &case.method,
            path: &case.path,
            query: &query,
            headers: &[("X-Custom", &case.header_value)],
            body: &case.body,
        };
        sign(&request, "ak", "secret", now)
    }

    proptest! {
        #[test]
        fn sign_then_verify_round_trips(case in case(), seconds in 0i64..4_000_000_000) {
            let now = DateTime::from_timestamp(seconds, 0).unwrap();
            prop_assert!(verifies(&case, &signed(&case, now), now));
        }

        #[test]
        fn any_single_change_breaks_the_signature(
            case in case(),
            part in 0..4usize,
            index in any::<usize>(),
            flip in 1..=255u8,
        ) {
            let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
            let authorization = signed(&case, now);
            let mut tampered = case.clone();
            match part {
                0 if !tampered.body.is_empty() => {
                    let at = index % tampered.body.len();
                    tampered.body[at] ^= flip;
                }
                0 => tampered.body.push(flip),
                1 => tampered.path = with_one_char_changed(&case.path, index),
                2 if !tampered.query.is_empty() => {
                    let at = index % tampered.query.len();
                    let (key, value) = &mut tampered.query[at];
                    if value.is_empty() {
                        *key = with_one_char_changed(key, index);
                    } else {
                        *value = with_one_char_changed(value, index);
                    }
                }
                2 => tampered.query.push(("a".to_owned(), String::new())),
                _ => tampered.header_value = with_one_char_changed(&case.header_value, index),
            }
            prop_assert!(!verifies(&tampered, &authorization, now));
        }
    }
}
