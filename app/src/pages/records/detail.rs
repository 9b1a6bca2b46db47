//! One operation record: who ran what, when, why, under which settings, and each
//! customer's result with its BSS request id.

use crate::language::use_language;
use domain::operation::OperationReport;
use i18n::msg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::operations::operation_record;
use crate::components::layout::PageHeader;
use crate::components::loaded::Loaded;
use crate::components::results::ItemsTable;
use crate::components::time::exact_time;
use crate::error::AppError;
use crate::paths;

#[component]
pub fn RecordDetailPage() -> impl IntoView {
    let params = use_params_map();
    let record_id =
        Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|id| id.parse::<i64>().ok())));
    let report = Resource::new(
        move || record_id.get(),
        |id| async move {
            match id {
                Some(id) => operation_record(id).await,
                None => Err(AppError::Invalid(
                    "That is not an operation record number.".to_owned(),
                )),
            }
        },
    );

    view! {
        <Title text="Operation Record" />
        <PageHeader trail=vec![msg!("nav-sales"), msg!("nav-customers"), msg!("nav-operation-records")] title=msg!("page-operation-record") />
        <p><a href=paths::OPERATION_RECORDS>"← All operation records"</a></p>
        <Loaded data=report loading="Loading the record…" let:report>
            <RecordDetail report />
        </Loaded>
    }
}

#[component]
fn RecordDetail(report: OperationReport) -> impl IntoView {
    let language = use_language();
    let status = if !report.is_finished() {
        format!(
            "In progress: {} of {} customers done",
            report.done(),
            report.total()
        )
    } else if report.failed() == 0 {
        format!("Succeeded for all {} customers", report.total())
    } else {
        format!(
            "{} succeeded, {} did not",
            report.succeeded(),
            report.failed()
        )
    };
    let field = |term: &'static str, value: String| {
        view! {
            <dt>{term}</dt>
            <dd>{value}</dd>
        }
    };
    let labels = report.labels;
    view! {
        <section class="record-detail" data-record-id=report.header.record_id>
            <h2>{format!("#{} {}", report.header.record_id, report.header.operation_label)}</h2>
            <dl class="facts">
                {field("Status", status)}
                {field("Started", exact_time(language, &report.header.created_at))}
                {field("Finished", report.header.finished_at.as_deref().map_or_else(|| "Not yet".to_owned(), |at| exact_time(language, at)))}
                {field("Staff", report.header.staff_email.clone())}
                {(!report.header.reason.is_empty()).then(|| field("Reason", report.header.reason.clone()))}
                {report.budget.as_ref().map(|budget| field("Budget", budget.describe()))}
                {field("Verification code", if report.header.code_verified { "Verified" } else { "Not required" }.to_owned())}
                {field("Label set", labels.as_str().to_owned())}
                {field("BSS API", report.api_version.clone())}
                {field("Customers of", report.reseller_id.clone().map_or_else(|| "The partner (own customers)".to_owned(), |id| format!("Reseller {id}")))}
                {report.retry_of.map(|id| view! {
                    <dt>"Retries"</dt>
                    <dd><a href=paths::record(id)>{format!("Record #{id}")}</a></dd>
                })}
            </dl>
            <h3>"Results per customer"</h3>
            <ItemsTable items=report.items />
        </section>
    }
}
