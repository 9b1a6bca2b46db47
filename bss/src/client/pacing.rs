//! When the client may send its next call. BSS allows each AK so many calls a second per
//! API and throttles the rest; every process calling with the AK must share that budget.
//! By default the client paces itself alone ([`Pacing::local`]); a [`CallPacer`] lets
//! several processes take their turns from one shared place (the dashboard keeps it in its
//! database).

use std::num::NonZeroU32;
use std::sync::Arc;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

use super::http::Endpoint;

/// Hands out turns to call each endpoint, `per_second` of them a second, evenly spaced.
#[async_trait::async_trait]
pub trait CallPacer: Send + Sync {
    /// Returns when a call to `endpoint` may be sent. A turn taken and not used is lost,
    /// which only slows the caller down.
    async fn wait_turn(&self, endpoint: Endpoint);
}

/// How this client waits before each call.
pub(crate) enum Pacing {
    /// No client-side limit (tests against an emulator without one).
    Off,
    /// One limiter per [`Endpoint`] in this process.
    Local(Vec<DefaultDirectRateLimiter>),
    Shared(Arc<dyn CallPacer>),
}

impl Pacing {
    pub(crate) fn local(per_second: u32) -> Self {
        // A burst of one spaces requests evenly, so they also conform to the server's own
        // limiter when network jitter bunches them up a little.
        match NonZeroU32::new(per_second) {
            Some(rate) => Self::Local(
                (0..Endpoint::COUNT)
                    .map(|_| {
                        RateLimiter::direct(Quota::per_second(rate).allow_burst(NonZeroU32::MIN))
                    })
                    .collect(),
            ),
            None => Self::Off,
        }
    }

    pub(crate) async fn wait_turn(&self, endpoint: Endpoint) {
        match self {
            Self::Off => {}
            Self::Local(limiters) => limiters[endpoint as usize].until_ready().await,
            Self::Shared(pacer) => pacer.wait_turn(endpoint).await,
        }
    }
}
