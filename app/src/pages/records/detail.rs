//! One operation record: who ran what, when, why, under which settings, and each
//! customer's result with its BSS request id.

use domain::operation::OperationReport;
use i18n::{msg, t, Message};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::operations::operation_record;
use crate::components::layout::PageHeader;
use crate::components::loaded::Loaded;
use crate::components::results::ItemsTable;
use crate::components::time::exact_time;
use crate::error::AppError;
use crate::language::use_language;
use crate::paths;

#[component]
pub fn RecordDetailPage() -> impl IntoView {
    let params = use_params_map();
    let language = use_language();
    let record_id =
        Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|id| id.parse::<i64>().ok())));
    let report = Resource::new(
        move || record_id.get(),
        move |id| async move {
            match id {
                Some(id) => operation_record(id).await,
                None => Err(AppError::Invalid(t!(
                    language,
                    "record-detail-not-a-number"
                ))),
            }
        },
    );

    view! {
        <Title text=t!(language, "page-operation-record") />
        <PageHeader trail=vec![msg!("nav-sales"), msg!("nav-customers"), msg!("nav-operation-records")] title=msg!("page-operation-record") />
        <p><a href=paths::OPERATION_RECORDS>{t!(language, "record-detail-all-records")}</a></p>
        <Loaded data=report loading=t!(language, "record-loading") let:report>
            <RecordDetail report />
        </Loaded>
    }
}

#[component]
fn RecordDetail(report: OperationReport) -> impl IntoView {
    let language = use_language();
    let status = if !report.is_finished() {
        msg!(
            "record-detail-in-progress",
            done = report.done(),
            total = report.total()
        )
    } else if report.failed() == 0 {
        msg!("record-detail-succeeded", total = report.total())
    } else {
        msg!(
            "record-detail-partly",
            succeeded = report.succeeded(),
            failed = report.failed()
        )
    };
    let field = |term: Message, value: String| {
        view! {
            <dt>{term.render(language)}</dt>
            <dd>{value}</dd>
        }
    };
    let header = &report.header;
    let finished = header.finished_at.as_deref().map_or_else(
        || t!(language, "record-detail-not-finished"),
        |at| exact_time(language, at),
    );
    let customers_of = match &report.reseller_id {
        Some(id) => t!(language, "record-detail-reseller", reseller = id),
        None => t!(language, "record-detail-own-customers"),
    };
    view! {
        <section class="record-detail" data-record-id=header.record_id>
            <h2>{format!("#{} {}", header.record_id, header.operation_name().render(language))}</h2>
            <dl class="facts">
                {field(msg!("record-detail-status"), status.render(language))}
                {field(msg!("record-detail-started"), exact_time(language, &header.created_at))}
                {field(msg!("record-detail-finished"), finished)}
                {field(msg!("records-column-staff"), header.staff_email.clone())}
                {(!header.reason.is_empty()).then(|| field(msg!("records-column-reason"), header.reason.clone()))}
                {report.budget.as_ref().map(|budget| field(msg!("record-detail-budget"), budget.describe().render(language)))}
                {field(msg!("records-column-code"), header.code_check().render(language))}
                {field(msg!("record-detail-label-set"), header.label_set.label().render(language))}
                {field(msg!("record-detail-api"), report.api_version.clone())}
                {field(msg!("record-detail-customers-of"), customers_of)}
                {report.retry_of.map(|id| view! {
                    <dt>{t!(language, "record-detail-retries")}</dt>
                    <dd><a href=paths::record(id)>{t!(language, "record-number", record = id)}</a></dd>
                })}
            </dl>
            <h3>{t!(language, "results-label")}</h3>
            <ItemsTable items=report.items />
        </section>
    }
}
