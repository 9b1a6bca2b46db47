//! The turns to call BSS, shared by every instance on one database. Each call takes the
//! next turn of its endpoint from `bss_call_turns` in one atomic statement: turns are one
//! spacing (1/rate of a second) apart, so however many instances call, BSS sees at most its
//! rate, evenly spread; and turns go in the order they were asked for, so the calls of
//! concurrent operations interleave (a single freeze waits behind at most one call of each
//! running batch, on whichever instance it runs). Turns are read off each instance's own
//! clock, so the instances' clocks must agree (NTP) to well within one spacing.

use std::time::Duration;

use bss::{CallPacer, Endpoint};
use chrono::Utc;

use super::db::Db;

/// How late after its turn a call may still go: one that wakes later (a stalled process)
/// would land close behind the calls after it, so it takes a new turn instead, at most
/// [`MAX_LATE_RETAKES`] times.
const LATE_MICROS: i64 = 5_000;
const MAX_LATE_RETAKES: usize = 3;

pub struct SharedCallTurns {
    db: Db,
    spacing_micros: i64,
}

impl SharedCallTurns {
    /// Turns for `per_second` calls a second per endpoint (at least one). Turns are 4 %
    /// further apart than the rate: ten spacings keep 40 ms to spare, for a call that goes
    /// a little late (up to [`LATE_MICROS`]) and for the network, so calls still never
    /// arrive more than `per_second` in any second.
    pub fn new(db: Db, per_second: u32) -> Self {
        let spacing = 1_000_000 / i64::from(per_second.max(1));
        Self {
            db,
            spacing_micros: spacing + spacing * 4 / 100,
        }
    }

    /// Takes the next turn of `endpoint` at `now`: when it begins, in microseconds since the
    /// epoch.
    pub async fn take_turn(&self, endpoint: Endpoint, now: i64) -> Result<i64, sqlx::Error> {
        let next: i64 = self
            .db
            .query(
                "INSERT INTO bss_call_turns (endpoint, next_turn_at) VALUES ($1, $2 + $3) \
                 ON CONFLICT (endpoint) DO UPDATE SET next_turn_at = \
                 CASE WHEN bss_call_turns.next_turn_at > $2 \
                 THEN bss_call_turns.next_turn_at + $3 ELSE $2 + $3 END \
                 RETURNING next_turn_at",
            )
            .bind(endpoint.key())
            .bind(now)
            .bind(self.spacing_micros)
            .scalar()
            .await?;
        Ok(next - self.spacing_micros)
    }
}

#[async_trait::async_trait]
impl CallPacer for SharedCallTurns {
    async fn wait_turn(&self, endpoint: Endpoint) {
        for _ in 0..=MAX_LATE_RETAKES {
            let turn = match self
                .take_turn(endpoint, Utc::now().timestamp_micros())
                .await
            {
                Ok(turn) => turn,
                // Without the database the call cannot know the others' turns; one spacing
                // keeps this instance within the rate, and the operation goes on.
                Err(error) => {
                    tracing::warn!(%error, ?endpoint, "cannot take a shared BSS turn; waiting one spacing");
                    tokio::time::sleep(Duration::from_micros(self.spacing_micros.unsigned_abs()))
                        .await;
                    return;
                }
            };
            if let Ok(wait) = u64::try_from(turn - Utc::now().timestamp_micros()) {
                tokio::time::sleep(Duration::from_micros(wait)).await;
            }
            if Utc::now().timestamp_micros() - turn <= LATE_MICROS {
                return;
            }
            tracing::debug!(?endpoint, "woke too late for a BSS turn; taking another");
        }
    }
}
