//! The API gateway in front of the handlers: `X-Request-Id`, authentication (AK/SK signature
//! or token), the `X-Domain-Id` check and flow control per caller and API.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::num::NonZeroU32;
use std::sync::{Mutex, PoisonError};

use axum::body::{to_bytes, Body};
use axum::extract::{MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use chrono::{DateTime, Utc};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use percent_encoding::percent_decode_str;
use url::form_urlencoded;

use super::{ApiError, EmulatorState};
use crate::model::CallRecord;
use crate::signer::{self, VerifyError};
use crate::Secret;

/// Bodies above this are refused before authentication.
const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The id of the request being answered, sent back as `X-Request-Id`.
#[derive(Debug, Clone)]
pub(crate) struct RequestId(pub String);

/// Gives every request an id (32 hex characters, like BSS's) and every answer the header.
pub(crate) async fn assign_request_id(mut request: Request, next: Next) -> Response {
    let id = uuid::Uuid::new_v4().simple().to_string();
    request.extensions_mut().insert(RequestId(id.clone()));
    let mut response = next.run(request).await;
    response.headers_mut().insert(
        "x-request-id",
        HeaderValue::from_str(&id).expect("hex is a valid header value"),
    );
    response
}

/// Who may call, and how often.
pub(crate) struct Gateway {
    access_key: String,
    secret_key: Secret,
    domain_id: String,
    tokens: Vec<Secret>,
    rate_limit_per_second: u32,
    /// Keyed by (caller, API); `None` when flow control is off.
    limiter: Option<DefaultKeyedRateLimiter<(String, String)>>,
    /// The latest authenticated calls, oldest first, so tests can see what BSS saw.
    calls: Mutex<VecDeque<CallRecord>>,
}

/// How many calls the log keeps (the oldest go first).
const CALL_LOG_LENGTH: usize = 100_000;

#[derive(Debug, thiserror::Error)]
enum AuthFailure {
    #[error("{0}")]
    Signature(#[from] VerifyError),
    #[error("the X-Auth-Token is invalid or expired")]
    UnknownToken,
    #[error("X-Domain-Id does not match the account of the credentials")]
    DomainMismatch,
}

impl Gateway {
    pub fn new(
        access_key: String,
        secret_key: Secret,
        domain_id: String,
        tokens: Vec<Secret>,
        rate_limit_per_second: u32,
    ) -> Self {
        Self {
            access_key,
            secret_key,
            domain_id,
            tokens,
            rate_limit_per_second,
            limiter: NonZeroU32::new(rate_limit_per_second)
                .map(|rate| RateLimiter::keyed(Quota::per_second(rate))),
            calls: Mutex::new(VecDeque::new()),
        }
    }

    fn log(&self, at: DateTime<Utc>, api: String, status: StatusCode) {
        let mut calls = self.calls.lock().unwrap_or_else(PoisonError::into_inner);
        if calls.len() == CALL_LOG_LENGTH {
            calls.pop_front();
        }
        calls.push_back(CallRecord {
            at_micros: at.timestamp_micros(),
            api,
            status: status.as_u16(),
        });
    }

    /// The call log, oldest first.
    pub(crate) fn calls(&self) -> Vec<CallRecord> {
        let calls = self.calls.lock().unwrap_or_else(PoisonError::into_inner);
        calls.iter().cloned().collect()
    }

    /// The caller's identity (access key or token slot), or why it is refused. A wrong
    /// `X-Domain-Id` is refused like wrong credentials (401 `APIGW.0301`), as the gateway binds
    /// the credentials to one account.
    fn authenticate(
        &self,
        parts: &Parts,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<String, AuthFailure> {
        let caller = match parts.headers.get("x-auth-token") {
            Some(token) => {
                let token = token.to_str().unwrap_or_default();
                let slot = self
                    .tokens
                    .iter()
                    .position(|known| known.expose() == token)
                    .ok_or(AuthFailure::UnknownToken)?;
                format!("token#{slot}")
            }
            None => self.verify_signature(parts, body, now)?,
        };
        match parts.headers.get("x-domain-id") {
            Some(domain_id) if domain_id.as_bytes() == self.domain_id.as_bytes() => Ok(caller),
            _ => Err(AuthFailure::DomainMismatch),
        }
    }

    /// Verifies the signature over the request as decoded from the wire, as the SDKs signed it.
    fn verify_signature(
        &self,
        parts: &Parts,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<String, VerifyError> {
        let headers: Vec<(&str, &str)> = parts
            .headers
            .iter()
            .filter_map(|(name, value)| value.to_str().ok().map(|value| (name.as_str(), value)))
            .collect();
        let path = percent_decode_str(parts.uri.path()).decode_utf8_lossy();
        let query: Vec<(Cow<str>, Cow<str>)> =
            form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes()).collect();
        let query: Vec<(&str, &str)> = query
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_ref()))
            .collect();
        signer::verify(
            &signer::Request {
                method: parts.method.as_str(),
                path: &path,
                query: &query,
                headers: &headers,
                body,
            },
            |access_key| (access_key == self.access_key).then_some(self.secret_key.expose()),
            now,
        )
    }

    /// Whether flow control lets this caller call this API now.
    fn admit(&self, caller: String, api: String) -> bool {
        self.limiter
            .as_ref()
            .is_none_or(|limiter| limiter.check_key(&(caller, api)).is_ok())
    }
}

/// Authenticates the request and applies flow control; the body is read once here (the
/// signature covers it) and handed on unchanged.
pub(crate) async fn guard(
    State(state): State<EmulatorState>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let request_id = request
        .extensions()
        .get::<RequestId>()
        .map(|id| id.0.clone())
        .unwrap_or_default();
    let api = format!(
        "{} {}",
        request.method(),
        request
            .extensions()
            .get::<MatchedPath>()
            .map_or(request.uri().path(), MatchedPath::as_str)
    );
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| ApiError::invalid("The request body is too large."))?;

    let gateway = &state.gateway;
    let arrived = Utc::now();
    let caller = gateway
        .authenticate(&parts, &body, arrived)
        .map_err(|failure| {
            tracing::info!(%failure, %api, "refused unauthenticated request");
            ApiError::unauthenticated(failure, &request_id)
        })?;
    if !gateway.admit(caller, api.clone()) {
        gateway.log(arrived, api, StatusCode::TOO_MANY_REQUESTS);
        return Err(ApiError::throttled(
            gateway.rate_limit_per_second,
            &request_id,
        ));
    }
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    gateway.log(arrived, api, response.status());
    Ok(response)
}
