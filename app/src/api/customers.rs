//! The customer list: reading the mirror, its freshness, and asking for a refresh; the
//! member's choice of columns, and revealing a customer's masked e-mail and phone.

use domain::columns::CustomerColumns;
use domain::contact::Contact;
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
    /// Whether the signed-in role may export the list (admins; the server checks again).
    pub can_export: bool,
    pub outage: Option<BssOutage>,
    /// The optional columns the signed-in member chose to show.
    pub columns: CustomerColumns,
    /// The listed reseller restricts its own customers itself (it holds the permission).
    pub reseller_restricts_itself: bool,
}

/// The list as `query` selects it. Contacts are masked, except the one of customer `reveal`
/// (the page's `reveal` parameter, the eye toggle without WASM), which is revealed like
/// [`reveal_contact`] does: operators and admins only, with its security event.
#[server(endpoint = "customers/list")]
pub async fn list_customers(
    query: CustomerQuery,
    #[server(default)] reveal: Option<String>,
) -> Result<CustomerListing, AppError> {
    use domain::services::{connection, customers, mirror, preferences, resellers, settings};
    use domain::staff::Role;

    use crate::server_context::server_context;

    let member = crate::auth::require(Role::Viewer).await?;
    let context = server_context()?;
    query.check().map_err(AppError::invalid)?;
    // The arguments may come from a hand-made request: clamp the page like a URL's.
    let query = CustomerQuery {
        page: domain::paging::PageRequest::new(query.page.page, query.page.page_size),
        ..query
    };
    let db = &context.db;
    let (label_options, manager_options) = customers::facets(db, query.reseller.as_deref()).await?;
    let mut page = customers::list(db, &query).await?;
    if let Some(customer_id) = reveal.filter(|id| !id.is_empty()) {
        let contact = customers::reveal_contact(
            db,
            &customer_id,
            crate::auth::event_source(&member)?,
            chrono::Utc::now(),
        )
        .await?;
        for row in page
            .rows
            .iter_mut()
            .filter(|row| row.customer_id == customer_id)
        {
            row.contact = contact.clone();
        }
    }
    Ok(CustomerListing {
        customers: page,
        labels: settings::label_set(db, context.default_labels).await?,
        api_mode: context.api_mode,
        sync: mirror::status(db).await?,
        resellers: mirror::resellers(db).await?,
        label_options,
        manager_options,
        can_operate: member.role.allows(Role::Operator),
        can_export: member.role.allows(Role::Admin),
        outage: connection::outage(&context.bss),
        columns: preferences::customer_columns(db, member.id).await?,
        reseller_restricts_itself: match &query.reseller {
            Some(reseller) => resellers::self_managing(db).await?.contains(reseller),
            None => false,
        },
    })
}

/// Asks for the mirror to be synced from BSS now. A plain form post returns to its page.
#[server(endpoint = "customers/refresh")]
pub async fn refresh_customers() -> Result<(), AppError> {
    crate::auth::require(domain::staff::Role::Viewer).await?;
    crate::server_context::server_context()?
        .mirror
        .request()
        .await?;
    Ok(())
}

/// Saves which optional columns the signed-in member's customer table shows (any role: it
/// is their own view). `columns` are column keys; one that names no column refuses the
/// whole choice. A plain form post returns to `back`, the view it came from.
#[server(endpoint = "customers/columns")]
pub async fn save_customer_columns(
    #[server(default)] columns: Vec<String>,
    back: String,
) -> Result<CustomerColumns, AppError> {
    use domain::staff::Role;

    let member = crate::auth::require(Role::Viewer).await?;
    let context = crate::server_context::server_context()?;
    let chosen = CustomerColumns::from_keys(columns.iter().map(String::as_str))
        .map_err(|message| AppError::Invalid(message.render(crate::language::use_language())))?;
    domain::services::preferences::set_customer_columns(
        &context.db,
        member.id,
        &chosen,
        chrono::Utc::now(),
    )
    .await?;
    if crate::auth::plain_form_page().is_some() {
        leptos_axum::redirect(crate::auth::local_path_or_home(Some(&back)));
    }
    Ok(chosen)
}

/// A customer's real e-mail and phone, for the eye toggle of its row. Operators and admins
/// only; each call records a security event, so an admin sees who looked at whose contact.
#[server(endpoint = "customers/reveal-contact")]
pub async fn reveal_contact(customer_id: String) -> Result<Contact, AppError> {
    use domain::staff::Role;

    let member = crate::auth::require(Role::Operator).await?;
    let context = crate::server_context::server_context()?;
    Ok(domain::services::customers::reveal_contact(
        &context.db,
        &customer_id,
        crate::auth::event_source(&member)?,
        chrono::Utc::now(),
    )
    .await?)
}
