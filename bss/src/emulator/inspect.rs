//! What the emulator saw, for a test that runs it as its own process: the gateway's call log
//! and the freeze level changes, the same lists `Emulator::calls` and
//! `Emulator::freeze_changes` give in process.

use axum::extract::State;
use axum::Json;

use super::error::ApiError;
use super::EmulatorState;
use crate::model::{CallLog, FreezeChangeLog};

/// `GET /emulator/v1/calls`.
pub(crate) async fn calls(State(state): State<EmulatorState>) -> Json<CallLog> {
    Json(CallLog {
        calls: state.gateway.calls(),
    })
}

/// `GET /emulator/v1/freeze-changes`.
pub(crate) async fn freeze_changes(
    State(state): State<EmulatorState>,
) -> Result<Json<FreezeChangeLog>, ApiError> {
    Ok(Json(FreezeChangeLog {
        changes: state.store.freeze_changes().await?,
    }))
}
