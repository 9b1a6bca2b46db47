//! [`BssClient`]: one async method per BSS endpoint.
//!
//! Every call waits for its turn per endpoint (see [`CallPacer`]), is signed (AK/SK) or token-authenticated, and
//! retried with jittered exponential backoff where that is safe: reads on 429, 5xx, timeouts
//! and broken connections; writes (freeze, unfreeze, budget update) only on 429 and on
//! connection failures before anything was sent. A successful call returns the typed body
//! with BSS's `X-Request-Id`; per-customer failures are data in that body.

mod availability;
mod batch;
mod config;
mod error;
mod http;
mod pacing;
mod paging;

use std::sync::Arc;

pub use availability::Availability;
pub use batch::{
    BatchAction, BatchOperation, BatchProgress, BatchReport, CustomerOutcome, ItemFailure,
    MAX_IDS_PER_CALL,
};
pub use config::{ApiVersion, Auth, ClientConfig, RetryPolicy, INTERNATIONAL_ENDPOINT};
pub use error::BssError;
pub use http::{Endpoint, Turn};
pub use pacing::CallPacer;

use availability::AvailabilityTracker;
use pacing::Pacing;
use paging::{collect_pages, Page, PAGE_SIZE};

use crate::model::{
    BudgetOperationType, BudgetRecord, BudgetType, CustomerOnDemandResource, EmulatedCustomer,
    FreezeSubCustomersRequest, LegacyOperationRequest, LegacyOperationResponse,
    ListCustomerOnDemandResourcesRequest, ListCustomerOnDemandResourcesResponse,
    ListIndirectPartnersRequest, ListIndirectPartnersResponse,
    ListPayPerUseCustomerResourcesRequest, ListPayPerUseCustomerResourcesResponse,
    ListSubCustomerBudgetRecordsRequest, ListSubCustomerBudgetRecordsResponse,
    ListSubCustomerBudgetRequest, ListSubCustomerBudgetResponse, ListSubCustomersRequest,
    ListSubCustomersResponse, OperationResponse, PrepaidResource, ResourceList, SubCustomerBudget,
    UnfreezeSubCustomersRequest, UpdateSubCustomerBudgetRequest,
};

/// A successful answer: the typed body and the `X-Request-Id` BSS gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply<T> {
    pub body: T,
    pub request_id: Option<String>,
}

/// The BSS partner API client. Cloning is cheap and clones share the connection pool and the
/// pacing.
#[derive(Clone)]
pub struct BssClient {
    inner: Arc<Inner>,
}

struct Inner {
    config: ClientConfig,
    http: reqwest::Client,
    pacing: Pacing,
    availability: AvailabilityTracker,
}

impl std::fmt::Debug for BssClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BssClient")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

const NO_BODY: Option<&()> = None;

impl BssClient {
    /// A client that paces its calls on its own: right for one process per AK.
    pub fn new(config: ClientConfig) -> Result<Self, BssError> {
        let pacing = Pacing::local(config.rate_limit_per_second);
        Self::with_pacing(config, pacing)
    }

    /// A client that takes its turns from `pacer`, which all processes calling with the AK
    /// share. A `rate_limit_per_second` of 0 still turns pacing off.
    pub fn with_pacer(config: ClientConfig, pacer: Arc<dyn CallPacer>) -> Result<Self, BssError> {
        let pacing = if config.rate_limit_per_second == 0 {
            Pacing::Off
        } else {
            Pacing::Shared(pacer)
        };
        Self::with_pacing(config, pacing)
    }

    fn with_pacing(config: ClientConfig, pacing: Pacing) -> Result<Self, BssError> {
        if !matches!(config.endpoint.scheme(), "http" | "https")
            || config.endpoint.host_str().is_none()
        {
            return Err(BssError::InvalidConfig(format!(
                "the endpoint {} is not an http(s) URL with a host",
                config.endpoint
            )));
        }
        if config.auth.domain_id().is_empty() {
            return Err(BssError::InvalidConfig("the domain id is empty".into()));
        }
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .build()
            .map_err(|error| BssError::InvalidConfig(error.to_string()))?;
        Ok(Self {
            inner: Arc::new(Inner {
                pacing,
                availability: AvailabilityTracker::new(),
                config,
                http,
            }),
        })
    }

    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// Whether BSS answered this client's latest call.
    pub fn availability(&self) -> Availability {
        self.inner.availability.get()
    }

    /// ListSubCustomers: `POST /v2/partners/sub-customers/query`.
    pub async fn list_sub_customers(
        &self,
        request: &ListSubCustomersRequest,
    ) -> Result<Reply<ListSubCustomersResponse>, BssError> {
        self.call(
            Endpoint::ListSubCustomers,
            &["v2", "partners", "sub-customers", "query"],
            &[],
            Some(request),
        )
        .await
    }

    /// FreezeSubCustomers: `POST /v2/partners/sub-customers/freeze`.
    pub async fn freeze_sub_customers(
        &self,
        request: &FreezeSubCustomersRequest,
    ) -> Result<Reply<OperationResponse>, BssError> {
        let turn = self.take_turn(Endpoint::FreezeSubCustomers).await;
        self.freeze_sub_customers_in(turn, request).await
    }

    pub(crate) async fn freeze_sub_customers_in(
        &self,
        turn: Turn,
        request: &FreezeSubCustomersRequest,
    ) -> Result<Reply<OperationResponse>, BssError> {
        let path = ["v2", "partners", "sub-customers", "freeze"];
        self.call_in(turn, &path, &[], Some(request)).await
    }

    /// UnfreezeSubCustomers: `POST /v2/partners/sub-customers/unfreeze`.
    pub async fn unfreeze_sub_customers(
        &self,
        request: &UnfreezeSubCustomersRequest,
    ) -> Result<Reply<OperationResponse>, BssError> {
        let turn = self.take_turn(Endpoint::UnfreezeSubCustomers).await;
        self.unfreeze_sub_customers_in(turn, request).await
    }

    pub(crate) async fn unfreeze_sub_customers_in(
        &self,
        turn: Turn,
        request: &UnfreezeSubCustomersRequest,
    ) -> Result<Reply<OperationResponse>, BssError> {
        let path = ["v2", "partners", "sub-customers", "unfreeze"];
        self.call_in(turn, &path, &[], Some(request)).await
    }

    /// UpdateSubCustomerBudget: `POST /v2/partners/sub-customers/budget`.
    pub async fn update_sub_customer_budget(
        &self,
        request: &UpdateSubCustomerBudgetRequest,
    ) -> Result<Reply<()>, BssError> {
        let reply: Reply<serde::de::IgnoredAny> = self
            .call(
                Endpoint::UpdateSubCustomerBudget,
                &["v2", "partners", "sub-customers", "budget"],
                &[],
                Some(request),
            )
            .await?;
        Ok(Reply {
            body: (),
            request_id: reply.request_id,
        })
    }

    /// ShowSubCustomerBudget: `GET /v2/partners/sub-customers/budget?customer_id=`.
    pub async fn show_sub_customer_budget(
        &self,
        customer_id: &str,
        indirect_partner_id: Option<&str>,
    ) -> Result<Reply<SubCustomerBudget>, BssError> {
        self.call(
            Endpoint::ShowSubCustomerBudget,
            &["v2", "partners", "sub-customers", "budget"],
            &present(&[
                ("customer_id", Some(customer_id)),
                ("indirect_partner_id", indirect_partner_id),
            ]),
            NO_BODY,
        )
        .await
    }

    /// ListSubCustomerBudget: `POST /v2/partners/sub-customers/budget/query`.
    pub async fn list_sub_customer_budget(
        &self,
        request: &ListSubCustomerBudgetRequest,
    ) -> Result<Reply<ListSubCustomerBudgetResponse>, BssError> {
        self.call(
            Endpoint::ListSubCustomerBudget,
            &["v2", "partners", "sub-customers", "budget", "query"],
            &[],
            Some(request),
        )
        .await
    }

    /// ListIndirectPartners: `POST /v2/partners/indirect-partners/query`.
    pub async fn list_indirect_partners(
        &self,
        request: &ListIndirectPartnersRequest,
    ) -> Result<Reply<ListIndirectPartnersResponse>, BssError> {
        self.call(
            Endpoint::ListIndirectPartners,
            &["v2", "partners", "indirect-partners", "query"],
            &[],
            Some(request),
        )
        .await
    }

    /// ListSubCustomerBudgetRecords: `GET /v2/partners/sub-customers/budget/records`, the
    /// changes of a customer's budget.
    pub async fn list_sub_customer_budget_records(
        &self,
        request: &ListSubCustomerBudgetRecordsRequest,
    ) -> Result<Reply<ListSubCustomerBudgetRecordsResponse>, BssError> {
        let offset = request.offset.map(|offset| offset.to_string());
        let limit = request.limit.map(|limit| limit.to_string());
        self.call(
            Endpoint::ListSubCustomerBudgetRecords,
            &["v2", "partners", "sub-customers", "budget", "records"],
            &present(&[
                ("customer_id", Some(request.customer_id.as_str())),
                (
                    "indirect_partner_id",
                    request.indirect_partner_id.as_deref(),
                ),
                (
                    "operation_type",
                    request.operation_type.map(BudgetOperationType::as_str),
                ),
                ("budget_type", request.budget_type.map(BudgetType::as_str)),
                ("offset", offset.as_deref()),
                ("limit", limit.as_deref()),
            ]),
            NO_BODY,
        )
        .await
    }

    /// Every budget record of the customer matching `filter` (whose offset and limit are
    /// ignored), newest first, read 100 at a time; at most 100,000.
    pub async fn list_all_sub_customer_budget_records(
        &self,
        filter: &ListSubCustomerBudgetRecordsRequest,
    ) -> Result<Vec<BudgetRecord>, BssError> {
        collect_pages(|offset| async move {
            let request = ListSubCustomerBudgetRecordsRequest {
                offset: Some(offset),
                limit: Some(PAGE_SIZE),
                ..filter.clone()
            };
            let page = self.list_sub_customer_budget_records(&request).await?.body;
            Ok(Page {
                total_count: page.total_count,
                items: page.record_list,
            })
        })
        .await
    }

    /// ListCustomerOnDemandResources: `POST /v2/partners/sub-customers/on-demand-resources/query`,
    /// a customer's pay-per-use resources.
    pub async fn list_customer_on_demand_resources(
        &self,
        request: &ListCustomerOnDemandResourcesRequest,
    ) -> Result<Reply<ListCustomerOnDemandResourcesResponse>, BssError> {
        self.call(
            Endpoint::ListCustomerOnDemandResources,
            &[
                "v2",
                "partners",
                "sub-customers",
                "on-demand-resources",
                "query",
            ],
            &[],
            Some(request),
        )
        .await
    }

    /// Every pay-per-use resource matching `filter` (whose offset and limit are ignored),
    /// read 100 at a time; at most 100,000.
    pub async fn list_all_customer_on_demand_resources(
        &self,
        filter: &ListCustomerOnDemandResourcesRequest,
    ) -> Result<Vec<CustomerOnDemandResource>, BssError> {
        collect_pages(|offset| async move {
            let request = ListCustomerOnDemandResourcesRequest {
                offset: Some(offset),
                limit: Some(PAGE_SIZE),
                ..filter.clone()
            };
            let page = self.list_customer_on_demand_resources(&request).await?.body;
            Ok(Page {
                total_count: page.total_count,
                items: page.resources,
            })
        })
        .await
    }

    /// ListPayPerUseCustomerResources: `POST /v2/orders/suscriptions/resources/query` (sic), a
    /// customer's **yearly/monthly** resources, whatever the operation's name says.
    pub async fn list_pay_per_use_customer_resources(
        &self,
        request: &ListPayPerUseCustomerResourcesRequest,
    ) -> Result<Reply<ListPayPerUseCustomerResourcesResponse>, BssError> {
        self.call(
            Endpoint::ListPayPerUseCustomerResources,
            &["v2", "orders", "suscriptions", "resources", "query"],
            &[],
            Some(request),
        )
        .await
    }

    /// Every yearly/monthly resource matching `filter` (whose offset and limit are ignored),
    /// read 100 at a time; at most 100,000.
    pub async fn list_all_pay_per_use_customer_resources(
        &self,
        filter: &ListPayPerUseCustomerResourcesRequest,
    ) -> Result<Vec<PrepaidResource>, BssError> {
        collect_pages(|offset| async move {
            let request = ListPayPerUseCustomerResourcesRequest {
                offset: Some(offset),
                limit: Some(PAGE_SIZE),
                ..filter.clone()
            };
            let page = self
                .list_pay_per_use_customer_resources(&request)
                .await?
                .body;
            Ok(Page {
                total_count: page.total_count,
                items: page.data,
            })
        })
        .await
    }

    /// Legacy freeze (account level): `POST /v1.0/{partner_id}/partner/customer-mgr/frozens`,
    /// with the domain id as `partner_id`.
    pub async fn legacy_freeze_sub_customers(
        &self,
        request: &LegacyOperationRequest,
    ) -> Result<Reply<LegacyOperationResponse>, BssError> {
        let turn = self.take_turn(Endpoint::LegacyFreeze).await;
        self.legacy_call(turn, "frozens", request).await
    }

    /// Legacy unfreeze (account level): `POST /v1.0/{partner_id}/partner/customer-mgr/unfrozens`.
    pub async fn legacy_unfreeze_sub_customers(
        &self,
        request: &LegacyOperationRequest,
    ) -> Result<Reply<LegacyOperationResponse>, BssError> {
        let turn = self.take_turn(Endpoint::LegacyUnfreeze).await;
        self.legacy_call(turn, "unfrozens", request).await
    }

    pub(crate) async fn legacy_call(
        &self,
        turn: Turn,
        action: &str,
        request: &LegacyOperationRequest,
    ) -> Result<Reply<LegacyOperationResponse>, BssError> {
        let partner_id = self.inner.config.auth.domain_id();
        let path = ["v1.0", partner_id, "partner", "customer-mgr", action];
        self.call_in(turn, &path, &[], Some(request)).await
    }

    /// Emulator extension (not in the real BSS): the customer's current freeze level.
    pub async fn emulator_customer(
        &self,
        customer_id: &str,
        indirect_partner_id: Option<&str>,
    ) -> Result<Reply<EmulatedCustomer>, BssError> {
        self.call(
            Endpoint::EmulatorCustomer,
            &["emulator", "v1", "customers", customer_id],
            &present(&[("indirect_partner_id", indirect_partner_id)]),
            NO_BODY,
        )
        .await
    }

    /// Emulator extension (not in the real BSS): the customer's resources.
    pub async fn emulator_resources(
        &self,
        customer_id: &str,
        indirect_partner_id: Option<&str>,
    ) -> Result<Reply<ResourceList>, BssError> {
        self.call(
            Endpoint::EmulatorResources,
            &["emulator", "v1", "customers", customer_id, "resources"],
            &present(&[("indirect_partner_id", indirect_partner_id)]),
            NO_BODY,
        )
        .await
    }
}

/// The query pairs of the parameters that are set.
fn present<'a>(parameters: &[(&'a str, Option<&'a str>)]) -> Vec<(&'a str, &'a str)> {
    parameters
        .iter()
        .filter_map(|(name, value)| value.map(|value| (*name, value)))
        .collect()
}
