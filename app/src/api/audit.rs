//! The audit trail: the Operation Records list and a customer's timeline. Read only: no
//! server function edits or deletes a record. A record's detail is
//! [`operation_record`](super::operations::operation_record).

use domain::audit::{RecordPage, RecordQuery, TimelinePage};
use domain::customer::CustomerRow;
use domain::labels::LabelSet;
use domain::paging::PageRequest;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A page of records with what the page needs to show its filters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordListing {
    pub records: RecordPage,
    /// The query as the server applied it.
    pub query: RecordQuery,
    pub labels: LabelSet,
}

#[server(endpoint = "audit/records")]
pub async fn list_records(query: RecordQuery) -> Result<RecordListing, AppError> {
    use domain::services::{audit, settings};
    use domain::url::UrlQuery;

    crate::auth::require(domain::staff::Role::Viewer).await?;
    let context = crate::server_context::server_context()?;
    query.check().map_err(AppError::invalid)?;
    let query = query.normalized();
    Ok(RecordListing {
        records: audit::list(&context.db, &query).await?,
        labels: settings::label_set(&context.db, context.default_labels).await?,
        query,
    })
}

/// A customer's timeline with the customer as the mirror knows it (`None` when BSS no
/// longer lists it: its records remain).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineListing {
    pub customer_id: String,
    pub customer: Option<CustomerRow>,
    pub timeline: TimelinePage,
}

#[server(endpoint = "audit/timeline")]
pub async fn customer_timeline(
    customer_id: String,
    page: PageRequest,
) -> Result<TimelineListing, AppError> {
    use domain::services::timeline;

    crate::auth::require(domain::staff::Role::Viewer).await?;
    let context = crate::server_context::server_context()?;
    let customer_id = customer_id.trim().to_owned();
    domain::input::check_customer_id(&customer_id).map_err(AppError::invalid)?;
    let page = PageRequest::new(page.page, page.page_size);
    let language = crate::language::use_language();
    let opened = timeline::open(&context.db, &context.bss, &customer_id, page, language).await?;
    Ok(TimelineListing {
        customer: opened.customer,
        timeline: opened.timeline,
        customer_id,
    })
}
