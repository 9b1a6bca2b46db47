//! The customer list: reading the mirror, its freshness, and asking for a refresh.

use domain::customer::{CustomerPage, CustomerQuery, SyncStatus};
use domain::labels::LabelSet;
use domain::operation::ApiMode;
use domain::outage::BssOutage;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A page of the customer list with everything the page needs to show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerListing {
    pub customers: CustomerPage,
    pub labels: LabelSet,
    pub api_mode: ApiMode,
    pub sync: SyncStatus,
    /// `(reseller id, name)` for the "Resellers' Customers" tab.
    pub resellers: Vec<(String, String)>,
    /// The labels and account managers the filters offer, for the listed scope.
    pub label_options: Vec<String>,
    pub manager_options: Vec<String>,
    /// Whether the signed-in role may run operations (the server checks again on each call).
    pub can_operate: bool,
    pub outage: Option<BssOutage>,
}

#[server(endpoint = "customers/list")]
pub async fn list_customers(query: CustomerQuery) -> Result<CustomerListing, AppError> {
    use domain::services::{connection, customers, mirror, settings};
    use domain::staff::Role;

    use crate::server_context::server_context;

    let member = crate::auth::require(Role::Viewer).await?;
    let context = server_context()?;
    query.check().map_err(AppError::Invalid)?;
    // The arguments may come from a hand-made request: clamp the page like a URL's.
    let query = CustomerQuery {
        page: domain::paging::PageRequest::new(query.page.page, query.page.page_size),
        ..query
    };
    let db = &context.db;
    let (label_options, manager_options) = customers::facets(db, query.reseller.as_deref()).await?;
    Ok(CustomerListing {
        customers: customers::list(db, &query).await?,
        labels: settings::label_set(db, context.default_labels).await?,
        api_mode: context.api_mode,
        sync: mirror::status(db, context.mirror.is_running()).await?,
        resellers: mirror::resellers(db).await?,
        label_options,
        manager_options,
        can_operate: member.role.allows(Role::Operator),
        outage: connection::outage(&context.bss),
    })
}

/// Asks for the mirror to be synced from BSS now. A plain form post returns to its page.
#[server(endpoint = "customers/refresh")]
pub async fn refresh_customers() -> Result<(), AppError> {
    crate::auth::require(domain::staff::Role::Viewer).await?;
    crate::server_context::server_context()?.mirror.trigger();
    Ok(())
}
