//! Whether BSS is answering, as the client's own calls found: a call that could not reach
//! BSS, timed out or met a server error (after its retries) marks BSS unreachable until a
//! call gets an answer again. Pages show it as an outage banner.

use std::sync::Mutex;

use chrono::{DateTime, Utc};

use super::BssError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Availability {
    /// The latest call got an answer, or none has been made yet.
    Answering,
    /// No call has got an answer since `since`; `error` is the latest failure.
    Unreachable {
        since: DateTime<Utc>,
        error_code: String,
        error_msg: String,
    },
}

#[derive(Debug)]
pub(crate) struct AvailabilityTracker(Mutex<Availability>);

impl AvailabilityTracker {
    pub(crate) fn new() -> Self {
        Self(Mutex::new(Availability::Answering))
    }

    pub(crate) fn get(&self) -> Availability {
        self.lock().clone()
    }

    /// Notes the final outcome of one call (after its retries).
    pub(crate) fn record<T>(&self, outcome: &Result<T, BssError>) {
        let mut state = self.lock();
        match outcome {
            Err(error) if error.is_outage() => {
                let since = match &*state {
                    Availability::Unreachable { since, .. } => *since,
                    Availability::Answering => Utc::now(),
                };
                *state = Availability::Unreachable {
                    since,
                    error_code: error.error_code().to_owned(),
                    error_msg: error.error_msg(),
                };
            }
            // Configuration errors never reach BSS, so they say nothing about it.
            Err(BssError::InvalidConfig(_) | BssError::Unsupported(_)) => {}
            _ => *state = Availability::Answering,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Availability> {
        // The state is a plain value, always whole: a panic elsewhere cannot leave it torn.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use reqwest::StatusCode;

    use super::*;

    fn api_error(status: StatusCode) -> BssError {
        BssError::Api {
            status,
            error_code: "CBC.0999".into(),
            error_msg: "internal error".into(),
            request_id: None,
        }
    }

    #[test]
    fn failures_to_reach_bss_mark_it_unreachable_until_an_answer() {
        let tracker = AvailabilityTracker::new();
        tracker.record::<()>(&Err(BssError::Timeout));
        let Availability::Unreachable { since, .. } = tracker.get() else {
            panic!("a timeout is an outage");
        };
        tracker.record::<()>(&Err(api_error(StatusCode::INTERNAL_SERVER_ERROR)));
        let Availability::Unreachable {
            since: still,
            error_code,
            ..
        } = tracker.get()
        else {
            panic!("a server error is an outage");
        };
        assert_eq!((still, error_code.as_str()), (since, "CBC.0999"));
        tracker.record::<()>(&Err(BssError::Unsupported("legacy")));
        assert!(matches!(tracker.get(), Availability::Unreachable { .. }));
        // A refusal is an answer: BSS is up.
        tracker.record::<()>(&Err(api_error(StatusCode::BAD_REQUEST)));
        assert_eq!(tracker.get(), Availability::Answering);
    }
}
