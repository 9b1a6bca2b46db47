//! Fault injection: added latency (before handling, or after it with the change made), a share
//! of 500 answers, a share of dropped connections, and customers whose freeze/unfreeze fails
//! per item. Applied after authentication, before the
//! handler, with a seeded random source so tests are reproducible.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::validate::{Valid, Validate};
use super::{ApiError, EmulatorState};
use crate::model::Faults;

/// Marks a response whose connection the server must drop instead of answering.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DropConnection;

pub(crate) struct FaultInjector {
    state: Mutex<FaultState>,
}

struct FaultState {
    faults: Faults,
    rng: ChaCha8Rng,
}

enum Verdict {
    Answer,
    Fail,
    Drop,
}

impl Validate for Faults {
    fn validate(&self) -> Result<(), ApiError> {
        for (field, rate) in [
            ("fault_rate", self.fault_rate),
            ("drop_rate", self.drop_rate),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(ApiError::invalid(format!(
                    "Invalid parameter {field}: it must be between 0 and 1."
                )));
            }
        }
        Ok(())
    }
}

impl FaultInjector {
    pub fn new(faults: Faults, seed: u64) -> Result<Self, ApiError> {
        faults.validate()?;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // A stream of its own, apart from the one the demo data is drawn from.
        rng.set_stream(1);
        Ok(Self {
            state: Mutex::new(FaultState { faults, rng }),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FaultState> {
        // The state is plain data, valid even if a holder panicked.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn get(&self) -> Faults {
        self.lock().faults.clone()
    }

    pub fn set(&self, faults: Faults) -> Result<(), ApiError> {
        faults.validate()?;
        self.lock().faults = faults;
        Ok(())
    }

    pub fn failing_customers(&self) -> HashSet<String> {
        self.lock()
            .faults
            .fail_customer_ids
            .iter()
            .cloned()
            .collect()
    }

    fn roll(&self) -> (Duration, Duration, Verdict) {
        let mut state = self.lock();
        let latency = Duration::from_millis(state.faults.latency_ms);
        let reply_delay = Duration::from_millis(state.faults.reply_delay_ms);
        let (drop_rate, fault_rate) = (state.faults.drop_rate, state.faults.fault_rate);
        let roll: f64 = state.rng.gen();
        let verdict = if roll < drop_rate {
            Verdict::Drop
        } else if roll < drop_rate + fault_rate {
            Verdict::Fail
        } else {
            Verdict::Answer
        };
        (latency, reply_delay, verdict)
    }
}

pub(crate) async fn inject(
    State(state): State<EmulatorState>,
    request: Request,
    next: Next,
) -> Response {
    let (latency, reply_delay, verdict) = state.faults.roll();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    match verdict {
        Verdict::Answer => {
            let response = next.run(request).await;
            tokio::time::sleep(reply_delay).await;
            response
        }
        Verdict::Fail => ApiError::internal("Injected fault.").into_response(),
        // The request is handled, then its answer lost: the case a client cannot tell from
        // a request that never arrived, and must read the state back to know.
        Verdict::Drop => {
            next.run(request).await;
            let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
            response.extensions_mut().insert(DropConnection);
            response
        }
    }
}

/// The control endpoints (faults, call log, freeze changes) are unauthenticated, so only
/// local callers may use them.
pub(crate) async fn loopback_only(request: Request, next: Next) -> Result<Response, ApiError> {
    match request.extensions().get::<ConnectInfo<SocketAddr>>() {
        Some(ConnectInfo(peer)) if peer.ip().is_loopback() => Ok(next.run(request).await),
        _ => Err(ApiError::access_denied(
            "The emulator's control endpoints are only served to loopback clients.",
        )),
    }
}

/// `GET /emulator/v1/faults`.
pub(crate) async fn show(State(state): State<EmulatorState>) -> Json<Faults> {
    Json(state.faults.get())
}

/// `PUT /emulator/v1/faults`: replaces the faults, missing fields meaning "none".
pub(crate) async fn replace(
    State(state): State<EmulatorState>,
    Valid(faults): Valid<Faults>,
) -> Result<Json<Faults>, ApiError> {
    state.faults.set(faults)?;
    Ok(Json(state.faults.get()))
}
