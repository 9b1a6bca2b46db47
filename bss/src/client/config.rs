//! How a [`BssClient`](super::BssClient) reaches BSS and authenticates.

use std::time::Duration;

use url::Url;

use crate::Secret;

/// The international site, the default endpoint.
pub const INTERNATIONAL_ENDPOINT: &str = "https://bss-intl.myhuaweicloud.com";

#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Scheme, host and port of BSS (or of an emulator); a path prefix is kept.
    pub endpoint: Url,
    pub auth: Auth,
    /// Which freeze/unfreeze API the batch helper uses.
    pub api_version: ApiVersion,
    /// Whole-request timeout, per attempt.
    pub timeout: Duration,
    /// Client-side limit per endpoint; `0` turns it off. BSS throttles at 10/s per API.
    pub rate_limit_per_second: u32,
    pub retry: RetryPolicy,
}

impl ClientConfig {
    /// A configuration with the defaults: v2 API, 30 s timeout, 10 requests/s per endpoint,
    /// [`RetryPolicy::default`].
    pub fn new(endpoint: Url, auth: Auth) -> Self {
        Self {
            endpoint,
            auth,
            api_version: ApiVersion::V2,
            timeout: Duration::from_secs(30),
            rate_limit_per_second: 10,
            retry: RetryPolicy::default(),
        }
    }
}

/// Credentials. Both forms send `X-Domain-Id`, the partner's account id.
#[derive(Debug, Clone)]
pub enum Auth {
    /// AK/SK: every request is signed with `SDK-HMAC-SHA256`.
    AkSk {
        access_key: String,
        secret_key: Secret,
        domain_id: String,
    },
    /// An IAM token sent as `X-Auth-Token`.
    Token { token: Secret, domain_id: String },
}

impl Auth {
    /// The partner's account id, sent as `X-Domain-Id` and used as the legacy `{partner_id}`.
    pub fn domain_id(&self) -> &str {
        match self {
            Self::AkSk { domain_id, .. } | Self::Token { domain_id, .. } => domain_id,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ApiVersion {
    /// `/v2/partners/sub-customers/freeze|unfreeze`, both freeze levels.
    #[default]
    V2,
    /// `/v1.0/{partner_id}/partner/customer-mgr/frozens|unfrozens`, account level only.
    V1Legacy,
}

/// Jittered exponential backoff. Which failures are retried depends on the endpoint: see
/// [`BssClient`](super::BssClient).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; `0` disables retrying.
    pub max_retries: u32,
    /// The backoff ceiling before the first retry; it doubles for each further retry.
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// The pause before retry number `retry` (1-based): uniform in [0, ceiling] ("full
    /// jitter"), so clients throttled together do not retry in lockstep.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        use rand::Rng;

        let ceiling = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)))
            .min(self.max_backoff);
        ceiling.mul_f64(rand::thread_rng().gen::<f64>())
    }
}
