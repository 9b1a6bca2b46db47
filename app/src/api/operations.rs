//! Freeze, unfreeze and restrict-purchase operations: the dialog's data, running an
//! operation, and its record's progress and results.

// A server function takes one argument per field of the form that posts it, and the
// client stub the macro generates for it carries no attribute of its own.
#![allow(clippy::too_many_arguments)]

use domain::customer::CustomerRow;
use domain::impact::ResourcePreview;
use domain::labels::LabelSet;
use domain::operation::{Operation, OperationReport};
use domain::outage::BssOutage;
#[cfg(feature = "ssr")]
use domain::url::with_param;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Everything an operation dialog shows before OK.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationDialog {
    pub operation: Operation,
    pub customers: Vec<CustomerRow>,
    pub labels: LabelSet,
    /// The verification code setting is on: the dialog asks for a code.
    pub code: Option<CodeEntry>,
    /// Why the API in use cannot run this operation, when it cannot.
    pub unsupported: Option<String>,
    /// Account names of selected customers the operation does not apply to.
    pub not_applicable: Vec<String>,
    /// The per-resource preview of a resource-level operation.
    pub resources: Option<ResourcePreview>,
    pub outage: Option<BssOutage>,
    /// Posted back with the form: a second submit of it runs nothing.
    pub form_token: String,
}

#[server(endpoint = "operations/dialog")]
pub async fn dialog_for_operation(
    operation: String,
    customer_ids: Vec<String>,
) -> Result<OperationDialog, AppError> {
    use domain::customer::FreezeLevel;
    use domain::services::{customers, impact, operations, settings};
    use domain::staff::Role;

    use crate::server_context::server_context;

    let staff = crate::auth::require(Role::Operator).await?;
    let context = server_context()?;
    let operation = parse_operation(&operation)?;
    let customers = customers::by_ids(&context.db, &customer_ids).await?;
    if customers.is_empty() {
        return Err(AppError::invalid(i18n::msg!("operation-no-customers")));
    }
    let managed: Vec<&str> = customers
        .iter()
        .filter(|customer| customer.managed_by_reseller)
        .map(|customer| customer.display_name())
        .collect();
    let unsupported = operation
        .unsupported_for(
            context.api_mode,
            customers
                .iter()
                .any(|customer| customer.reseller_id.is_some()),
        )
        .or_else(|| {
            (!managed.is_empty())
                .then(|| domain::operation::managed_by_reseller_sentence(&managed.join(", ")))
        })
        .map(|why| why.render(crate::language::use_language()));
    let resources = if unsupported.is_none() && operation.level() == FreezeLevel::AccountAndResource
    {
        Some(
            impact::resource_preview(
                &context.bss,
                operation,
                &customers,
                settings::retention(&context.db, context.default_retention).await?,
                chrono::Utc::now(),
                crate::language::use_language(),
            )
            .await,
        )
    } else {
        None
    };
    Ok(OperationDialog {
        operation,
        labels: settings::label_set(&context.db, context.default_labels).await?,
        code: code_entry(&context.db, &staff).await?,
        unsupported,
        // The sentence above already names those whose reseller restricts them itself.
        not_applicable: customers
            .iter()
            .filter(|customer| {
                !customer.managed_by_reseller && !operation.applies_to_customer(customer)
            })
            .map(|customer| customer.account_name.clone())
            .collect(),
        resources,
        customers,
        outage: domain::services::connection::outage(&context.bss),
        form_token: operations::new_form_token(),
    })
}

/// Runs an operation from its dialog. `back` is the list view to return to; the browser is
/// sent there with `record=<id>`, where the record's progress and results show. Up to ten
/// customers are done before this returns; larger batches go on in the background. A
/// second submit with the same `form_token` runs nothing and answers with the first's
/// record.
#[server(endpoint = "operations/run")]
pub async fn run_operation(
    operation: String,
    customer_ids: String,
    reason: String,
    agreed: Option<String>,
    code: Option<String>,
    back: String,
    retry_of: Option<i64>,
    form_token: Option<String>,
) -> Result<i64, AppError> {
    use domain::services::operations::{self, OperationContext, OperationRequest};
    use domain::staff::Role;

    let staff = crate::auth::require(Role::Operator).await?;
    let back = crate::auth::local_path_or_home(Some(&back)).to_owned();
    let ids: Vec<String> = customer_ids
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect();
    let result: Result<i64, AppError> = async {
        let context = crate::server_context::server_context()?;
        let operation = parse_operation(&operation)?;
        let request = OperationRequest {
            operation,
            customer_ids: ids.clone(),
            reason: reason.clone(),
            agreed: agreed.is_some(),
            retry_of,
            code,
            form_token: form_token.filter(|token| !token.is_empty()),
        };
        let labels =
            domain::services::settings::label_set(&context.db, context.default_labels).await?;
        let started = operations::start(
            &context.db,
            &context.bss,
            &context.in_flight,
            &request,
            OperationContext {
                actor: &staff,
                labels,
                api_mode: context.api_mode,
            },
        )
        .await?;
        if let Some(task) = started
            .task
            .filter(|_| ids.len() <= bss::client::MAX_IDS_PER_CALL)
        {
            task.await
                .map_err(|_| AppError::service(i18n::msg!("operation-interrupted")))?;
        }
        Ok(started.record_id)
    }
    .await;

    let retry = retry_of.map(|id| id.to_string()).unwrap_or_default();
    let mut typed = vec![("reason", reason.as_str())];
    if retry_of.is_some() {
        typed.push(("retry_of", retry.as_str()));
    }
    return_to(&back, &result, &operation, &ids, &typed);
    result
}

#[server(endpoint = "operations/record")]
pub async fn operation_record(record_id: i64) -> Result<OperationReport, AppError> {
    crate::auth::require(domain::staff::Role::Viewer).await?;
    let context = crate::server_context::server_context()?;
    Ok(domain::services::records::report(&context.db, record_id).await?)
}

/// A running operation's panel as the customer page renders it, for the page to show
/// progress without compiling the panel for the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordPanelUpdate {
    pub finished: bool,
    pub html: String,
}

/// Longer than any list view's URL (its filters are bounded): refused rather than echoed.
#[cfg(feature = "ssr")]
const MAX_VIEW_HREF: usize = 2_048;

/// `close` is the list view the panel sits on (its Dismiss link): a path of this site.
#[server(endpoint = "operations/record-panel")]
pub async fn operation_record_panel(
    record_id: i64,
    close: String,
) -> Result<RecordPanelUpdate, AppError> {
    crate::auth::require(domain::staff::Role::Viewer).await?;
    let context = crate::server_context::server_context()?;
    if crate::auth::local_path_or_home(Some(&close)) != close || close.len() > MAX_VIEW_HREF {
        return Err(AppError::invalid(i18n::msg!("error-not-a-page")));
    }
    let report = domain::services::records::report(&context.db, record_id).await?;
    Ok(RecordPanelUpdate {
        finished: report.is_finished(),
        html: crate::pages::customers::record::report_html(report, close),
    })
}

#[cfg(feature = "ssr")]
pub(crate) fn parse_operation(slug: &str) -> Result<Operation, AppError> {
    Operation::from_slug(slug)
        .ok_or_else(|| AppError::invalid(i18n::msg!("error-not-an-operation")))
}

/// What the Set Budget dialog shows: the customer and its budget now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetDialog {
    pub customer: CustomerRow,
    pub labels: LabelSet,
    /// `None` when BSS could not say; the dialog still works.
    pub current: Option<domain::budget::CurrentBudget>,
    /// Verification codes are on: lifting the restriction with the budget needs one.
    pub code: Option<CodeEntry>,
    pub form_token: String,
}

#[server(endpoint = "operations/budget-dialog")]
pub async fn dialog_for_budget(customer_id: String) -> Result<BudgetDialog, AppError> {
    use domain::services::{budget, operations, settings};

    let staff = crate::auth::require(domain::staff::Role::Operator).await?;
    let context = crate::server_context::server_context()?;
    let customer = budget::budget_customer(&context.db, &customer_id).await?;
    let current = budget::current(&context.bss, &customer)
        .await
        .inspect_err(|error| tracing::warn!(%error, "cannot read the customer's budget"))
        .ok();
    Ok(BudgetDialog {
        labels: settings::label_set(&context.db, context.default_labels).await?,
        customer,
        current,
        code: code_entry(&context.db, &staff).await?,
        form_token: operations::new_form_token(),
    })
}

/// The verification code a dialog asks for while the setting is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeEntry {
    /// Seconds until "Get Code" may be pressed again (0: now): the dialog counts down from
    /// what the server knows, so a reload does not reset the wait.
    pub resend_after_secs: i64,
}

#[cfg(feature = "ssr")]
async fn code_entry(
    db: &domain::services::db::Db,
    staff: &domain::staff::StaffMember,
) -> Result<Option<CodeEntry>, AppError> {
    use domain::services::{settings, verification};

    if !settings::verification_code_enabled(db).await? {
        return Ok(None);
    }
    let resend_after_secs = verification::resend_wait(db, staff.id, chrono::Utc::now()).await?;
    Ok(Some(CodeEntry { resend_after_secs }))
}

/// Sets a customer's budget from the Set Budget dialog; returns like [`run_operation`].
/// Lifting the restriction too (`also_unfreeze`) needs a verification code when codes are on.
#[server(endpoint = "operations/set-budget")]
pub async fn set_budget(
    customer_id: String,
    amount: String,
    budget_type: String,
    also_unfreeze: Option<String>,
    code: Option<String>,
    back: String,
    form_token: Option<String>,
) -> Result<i64, AppError> {
    use domain::budget::BudgetType;
    use domain::record::RecordKind;
    use domain::services::budget::{self, BudgetRequest};
    use domain::services::operations::OperationContext;
    use domain::staff::Role;

    let staff = crate::auth::require(Role::Operator).await?;
    let back = crate::auth::local_path_or_home(Some(&back)).to_owned();
    let result: Result<i64, AppError> = async {
        let context = crate::server_context::server_context()?;
        let budget_type = BudgetType::from_key(&budget_type)
            .ok_or_else(|| AppError::invalid(i18n::msg!("budget-type-unknown-kind")))?;
        let request = BudgetRequest {
            customer_id: customer_id.clone(),
            amount: amount.clone(),
            budget_type,
            also_unfreeze: also_unfreeze.is_some(),
            code,
            form_token: form_token.filter(|token| !token.is_empty()),
        };
        let labels =
            domain::services::settings::label_set(&context.db, context.default_labels).await?;
        let operation = OperationContext {
            actor: &staff,
            labels,
            api_mode: context.api_mode,
        };
        Ok(budget::set_budget(
            &context.db,
            &context.bss,
            &context.in_flight,
            &request,
            operation,
        )
        .await?)
    }
    .await;
    let typed = [
        ("amount", amount.as_str()),
        ("budget_type", budget_type.as_str()),
    ];
    return_to(
        &back,
        &result,
        RecordKind::SetBudget.slug(),
        std::slice::from_ref(&customer_id),
        &typed,
    );
    result
}

/// Sends the browser back to the list with the record, or, after a refused plain form
/// post (no WASM), to the dialog again with what was typed and the error, so nothing the
/// user did is lost.
#[cfg(feature = "ssr")]
fn return_to(
    back: &str,
    result: &Result<i64, AppError>,
    dialog: &str,
    ids: &[String],
    typed: &[(&str, &str)],
) {
    match result {
        Ok(record_id) => leptos_axum::redirect(&with_param(back, "record", &record_id.to_string())),
        Err(error) if crate::auth::plain_form_page().is_some() => {
            let mut url = with_param(back, "dialog", dialog);
            url = with_param(&url, "ids", &ids.join(","));
            for (name, value) in typed {
                url = with_param(&url, name, value);
            }
            leptos_axum::redirect(&with_param(&url, "error", &error.to_string()));
        }
        Err(_) => {}
    }
}
