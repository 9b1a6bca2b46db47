//! Freezing or unfreezing any number of customers: calls of at most ten ids each, paced by
//! the client's rate limiter, merged into one result per customer.

use std::collections::HashSet;

use super::{ApiVersion, BssClient, BssError, Endpoint, Turn};
use crate::model::{
    FreezeSubCustomersRequest, FreezeType, ItemError, LegacyOperationRequest,
    UnfreezeSubCustomersRequest,
};

/// BSS accepts at most this many customer ids per freeze/unfreeze call (v2 and v1.0 alike).
pub const MAX_IDS_PER_CALL: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BatchAction {
    Freeze,
    Unfreeze,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchOperation {
    pub action: BatchAction,
    /// The level to freeze at, or the level the customers were frozen with (unfreeze).
    pub freeze_type: FreezeType,
    pub reason: String,
    /// Addresses a reseller's customers (v2 only).
    pub indirect_partner_id: Option<String>,
}

/// Reported after each call: how many of the `total` customers have a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchProgress {
    pub done: usize,
    pub total: usize,
}

/// Why the operation failed for one customer: BSS's per-item failure, or, when the whole call
/// carrying the customer failed, that call's error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemFailure {
    pub error_code: String,
    pub error_msg: String,
    /// The call carrying the customer got no clear answer, so BSS may have applied it
    /// anyway (see [`BssError::may_have_applied`]); read the customer back to know.
    pub uncertain: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerOutcome {
    pub customer_id: String,
    pub result: Result<(), ItemFailure>,
    /// The `X-Request-Id` of the call that carried this customer, when BSS sent one.
    pub request_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchReport {
    /// One outcome per distinct input id, in input order.
    pub outcomes: Vec<CustomerOutcome>,
    /// The request ids of all calls, in call order.
    pub request_ids: Vec<String>,
}

impl BatchReport {
    pub fn failures(&self) -> impl Iterator<Item = &CustomerOutcome> {
        self.outcomes
            .iter()
            .filter(|outcome| outcome.result.is_err())
    }
}

/// Per-item failures of one call and its request id.
type ChunkReply = (Vec<ItemError>, Option<String>);

impl BssClient {
    /// Applies `operation` to every customer in `customer_ids` (duplicates are dropped) with
    /// the configured API version, reporting progress after each call.
    ///
    /// Only a request the configured API cannot express is an error; every other failure is
    /// recorded against the customers it concerns.
    pub async fn run_batch(
        &self,
        customer_ids: &[String],
        operation: &BatchOperation,
        mut progress: impl FnMut(BatchProgress),
    ) -> Result<BatchReport, BssError> {
        let mut seen = HashSet::new();
        let ids: Vec<String> = customer_ids
            .iter()
            .filter(|id| seen.insert(id.as_str()))
            .cloned()
            .collect();
        let mut report = BatchReport::default();
        for chunk in ids.chunks(MAX_IDS_PER_CALL) {
            let turn = self.batch_turn(operation).await?;
            let call = self.run_batch_call(turn, chunk, operation).await;
            report.outcomes.extend(call.outcomes);
            report.request_ids.extend(call.request_ids);
            progress(BatchProgress {
                done: report.outcomes.len(),
                total: ids.len(),
            });
        }
        Ok(report)
    }

    /// Waits for a turn to send one call of `operation`, for [`Self::run_batch_call`]. A
    /// caller that must note what it is about to send (so that, should it die, nobody sends
    /// it again) notes it between the two, when the call will go out at once.
    ///
    /// Fails, without waiting, for an operation the configured API cannot express.
    pub async fn batch_turn(&self, operation: &BatchOperation) -> Result<Turn, BssError> {
        let endpoint = self.batch_endpoint(operation)?;
        Ok(self.take_turn(endpoint).await)
    }

    /// Sends one call of `operation` for `customer_ids` (at most [`MAX_IDS_PER_CALL`],
    /// distinct) in `turn`, taken with [`Self::batch_turn`] for the same operation. Every
    /// failure, of the call or of a customer, is recorded against the customers it concerns.
    pub async fn run_batch_call(
        &self,
        turn: Turn,
        customer_ids: &[String],
        operation: &BatchOperation,
    ) -> BatchReport {
        assert!(
            customer_ids.len() <= MAX_IDS_PER_CALL,
            "one call carries at most {MAX_IDS_PER_CALL} customers"
        );
        // A failed call fails each of its customers with the call's own error.
        let (failures, request_id, uncertain) =
            match self.run_chunk(turn, customer_ids, operation).await {
                Ok((failures, request_id)) => (failures, request_id, false),
                Err(error) => {
                    tracing::warn!(%error, customers = customer_ids.len(), "batch call failed");
                    let failures = customer_ids
                        .iter()
                        .map(|id| ItemError {
                            error_code: error.error_code().to_owned(),
                            error_msg: error.error_msg(),
                            id: id.clone(),
                        })
                        .collect();
                    let request_id = error.request_id().map(str::to_owned);
                    (failures, request_id, error.may_have_applied())
                }
            };
        let outcomes = customer_ids
            .iter()
            .map(|id| CustomerOutcome {
                customer_id: id.clone(),
                result: failures.iter().find(|failure| &failure.id == id).map_or(
                    Ok(()),
                    |failure| {
                        Err(ItemFailure {
                            error_code: failure.error_code.clone(),
                            error_msg: failure.error_msg.clone(),
                            uncertain,
                        })
                    },
                ),
                request_id: request_id.clone(),
            })
            .collect();
        BatchReport {
            outcomes,
            request_ids: request_id.into_iter().collect(),
        }
    }

    /// The endpoint that carries `operation` in the configured API version.
    fn batch_endpoint(&self, operation: &BatchOperation) -> Result<Endpoint, BssError> {
        let legacy = self.inner.config.api_version == ApiVersion::V1Legacy;
        if legacy && operation.freeze_type != FreezeType::Account {
            return Err(BssError::Unsupported(
                "the v1.0 API freezes and unfreezes at account level only",
            ));
        }
        if legacy && operation.indirect_partner_id.is_some() {
            return Err(BssError::Unsupported(
                "the v1.0 API cannot address a reseller's customers",
            ));
        }
        Ok(match (legacy, operation.action) {
            (false, BatchAction::Freeze) => Endpoint::FreezeSubCustomers,
            (false, BatchAction::Unfreeze) => Endpoint::UnfreezeSubCustomers,
            (true, BatchAction::Freeze) => Endpoint::LegacyFreeze,
            (true, BatchAction::Unfreeze) => Endpoint::LegacyUnfreeze,
        })
    }

    async fn run_chunk(
        &self,
        turn: Turn,
        chunk: &[String],
        operation: &BatchOperation,
    ) -> Result<ChunkReply, BssError> {
        let customer_ids = chunk.to_vec();
        let reason = operation.reason.clone();
        let indirect_partner_id = operation.indirect_partner_id.clone();
        let level = Some(operation.freeze_type);
        match (self.inner.config.api_version, operation.action) {
            (ApiVersion::V2, BatchAction::Freeze) => {
                let reply = self
                    .freeze_sub_customers_in(
                        turn,
                        &FreezeSubCustomersRequest {
                            customer_ids,
                            reason,
                            indirect_partner_id,
                            freeze_type: level,
                        },
                    )
                    .await?;
                Ok((reply.body.error_details, reply.request_id))
            }
            (ApiVersion::V2, BatchAction::Unfreeze) => {
                let reply = self
                    .unfreeze_sub_customers_in(
                        turn,
                        &UnfreezeSubCustomersRequest {
                            customer_ids,
                            reason,
                            indirect_partner_id,
                            unfreeze_type: level,
                        },
                    )
                    .await?;
                Ok((reply.body.error_details, reply.request_id))
            }
            (ApiVersion::V1Legacy, action) => {
                let request = LegacyOperationRequest {
                    customer_ids,
                    reason,
                };
                let reply = match action {
                    BatchAction::Freeze => self.legacy_call(turn, "frozens", &request).await?,
                    BatchAction::Unfreeze => self.legacy_call(turn, "unfrozens", &request).await?,
                };
                Ok((reply.body.fail_detail, reply.request_id))
            }
        }
    }
}
