//! Exporting the customer list (admins only): starting an export task, which runs in the
//! background, and the View Export page's list of tasks. The finished file is a plain GET
//! download beside the other exports (`server::exports`).

use domain::customer_export::CustomerExport;
use domain::labels::LabelSet;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Starts an export of the customer list and returns its id; a plain form post goes on to
/// View Export. `scope` is `selected` (the customers `ids`, comma-separated) or `all` (every
/// customer `view`, the list's query string, matches); both are checked whenever given.
/// `format` is `csv` or `xlsx`; `full_values` (any value) writes names, e-mails and phones
/// whole, which is recorded as a security event.
#[server(endpoint = "customers/export")]
pub async fn start_customer_export(
    scope: String,
    format: String,
    #[server(default)] ids: String,
    #[server(default)] view: String,
    #[server(default)] full_values: Option<String>,
) -> Result<i64, AppError> {
    use domain::customer::CustomerQuery;
    use domain::customer_export::{CustomerIds, ExportFormat, ExportScope, ExportScopeKind};
    use domain::services::customer_exports::{self, ExportRequest};
    use domain::staff::Role;

    let member = crate::auth::require(Role::Admin).await?;
    let context = crate::server_context::server_context()?;
    let kind = ExportScopeKind::from_key(&scope)
        .ok_or_else(|| AppError::invalid(i18n::msg!("export-choose-scope")))?;
    let format = ExportFormat::from_key(&format)
        .ok_or_else(|| AppError::invalid(i18n::msg!("export-choose-format")))?;
    let query = CustomerQuery::from_view(&view).map_err(AppError::invalid)?;
    let selected = (!ids.is_empty() || kind == ExportScopeKind::Selected)
        .then(|| CustomerIds::parse(&ids))
        .transpose()
        .map_err(AppError::invalid)?;
    let scope = match (kind, selected) {
        (ExportScopeKind::Selected, Some(ids)) => ExportScope::Selected(ids),
        (ExportScopeKind::All, None) => ExportScope::AllMatching(query),
        _ => return Err(AppError::invalid(i18n::msg!("export-all-takes-no-ids"))),
    };
    let request = ExportRequest {
        scope,
        format,
        full_values: full_values.is_some(),
        labels: domain::services::settings::label_set(&context.db, context.default_labels).await?,
        language: crate::language::use_language(),
    };
    let started = customer_exports::start(
        &context.db,
        &request,
        crate::auth::event_source(&member)?,
        chrono::Utc::now(),
    )
    .await?;
    if crate::auth::plain_form_page().is_some() {
        leptos_axum::redirect(crate::paths::CUSTOMER_EXPORTS);
    }
    Ok(started.export_id)
}

/// The View Export page's tasks, newest first, with the label set their "what" is said in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerExportListing {
    pub exports: Vec<CustomerExport>,
    pub labels: LabelSet,
}

#[server(endpoint = "customers/exports")]
pub async fn list_customer_exports() -> Result<CustomerExportListing, AppError> {
    use domain::services::{customer_exports, settings};

    let member = crate::auth::require(domain::staff::Role::Admin).await?;
    let context = crate::server_context::server_context()?;
    Ok(CustomerExportListing {
        exports: customer_exports::list(&context.db, &member).await?,
        labels: settings::label_set(&context.db, context.default_labels).await?,
    })
}
