//! Sales > Customers > Operation Records: every freeze, unfreeze and budget change, who ran
//! it, when, why, and each customer's result. Filters live in the URL (a GET form), the CSV
//! export carries the same filters, and each record opens on a page of its own.

mod detail;

pub use detail::RecordDetailPage;

use crate::language::use_language;
use domain::audit::{operation_choices, RecordQuery, RecordSummary, ResultFilter};
use domain::url::UrlQuery;
use i18n::{msg, t, Message};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::audit::{list_records, RecordListing};
use crate::components::date_range::DateRangeFields;
use crate::components::export::ExportBar;
use crate::components::layout::PageHeader;
use crate::components::loaded::Loaded;
use crate::components::pagination::Pagination;
use crate::components::select::SelectFilter;
use crate::components::time::exact_time;
use crate::paths;

#[component]
pub fn OperationRecordsPage() -> impl IntoView {
    let params = use_query_map();
    let query =
        Memo::new(move |_| params.with(|p| RecordQuery::from_params(|name| p.get_str(name))));
    let listing = Resource::new(move || query.get(), list_records);
    let language = use_language();

    view! {
        <Title text=t!(language, "nav-operation-records") />
        <PageHeader trail=vec![msg!("nav-sales"), msg!("nav-customers")] title=msg!("nav-operation-records") />
        <p class="page-intro">{t!(language, "records-intro")}</p>
        <Loaded data=listing loading=t!(language, "records-loading") failed=t!(language, "records-load-failed") let:listing>
            <RecordList listing />
        </Loaded>
    }
}

#[component]
fn RecordList(listing: RecordListing) -> impl IntoView {
    let language = use_language();
    let RecordListing {
        records,
        query,
        labels,
    } = listing;
    let export = format!("{}{}", paths::RECORDS_CSV, query.filter_query_string());
    let page_query = query.clone();
    let keep = query.filter_params();
    let empty = records.rows.is_empty();

    view! {
        <RecordFilters query=query.clone() operations=operation_choices(labels) />
        <ExportBar
            href=export
            file_name="operation-records.csv"
            holds=t!(language, "records-export-holds")
        />
        <div class="table-scroll">
            <table class="data-table records-table" aria-label=t!(language, "records-table")>
                <thead>
                    <tr>
                        <th scope="col">{t!(language, "records-column-time")}</th>
                        <th scope="col">{t!(language, "records-column-operation")}</th>
                        <th scope="col">{t!(language, "records-column-customers")}</th>
                        <th scope="col">{t!(language, "records-column-result")}</th>
                        <th scope="col">{t!(language, "records-column-staff")}</th>
                        <th scope="col">{t!(language, "records-column-reason")}</th>
                        <th scope="col">{t!(language, "records-column-code")}</th>
                        <th scope="col">{t!(language, "records-column-record")}</th>
                    </tr>
                </thead>
                <tbody>
                    {records.rows.into_iter().map(|record| view! { <RecordRow record /> }).collect_view()}
                </tbody>
            </table>
        </div>
        {empty.then(|| view! { <p class="empty">{t!(language, "records-empty")}</p> })}
        <Pagination
            page=records.page
            total=records.total
            href=move |page| paths::records_view(&page_query.with_page(page))
            action=paths::OPERATION_RECORDS
            keep=keep
        />
    }
}

#[component]
fn RecordRow(record: RecordSummary) -> impl IntoView {
    let language = use_language();
    let customers = match record.customers {
        0 | 1 => record.first_customer.clone(),
        n => t!(
            language,
            "records-customers-and-more",
            first = record.first_customer.as_str(),
            more = n - 1
        ),
    };
    let (result, class) = outcome(&record);
    let result = result.render(language);
    let (operation, code_check) = (
        record.header.operation_name().render(language),
        record.header.code_check().render(language),
    );
    let (created_at, reason) = (
        record.header.created_at.clone(),
        record.header.reason.clone(),
    );
    view! {
        <tr data-record-id=record.header.record_id>
            <td title=created_at>{exact_time(language, &record.header.created_at)}</td>
            <td>{operation}</td>
            <td>{customers}</td>
            <td><span class=class>{result}</span></td>
            <td>{record.header.staff_email}</td>
            <td class="reason-cell" title=reason>{record.header.reason}</td>
            <td>{code_check}</td>
            <td><a href=paths::record(record.header.record_id)>{t!(language, "records-details")}</a></td>
        </tr>
    }
}

/// "Succeeded", "In progress (3 of 10 done)" or "1 succeeded, 2 failed", with its class.
fn outcome(record: &RecordSummary) -> (Message, &'static str) {
    let (ok, failed, pending) = (
        record.took_effect,
        record.did_not_take_effect,
        record.pending,
    );
    if pending > 0 {
        let done = record.customers - pending;
        (
            msg!("records-in-progress", done = done, total = record.customers),
            "result result-pending",
        )
    } else if failed == 0 {
        (msg!("result-succeeded"), "result result-succeeded")
    } else if ok == 0 {
        (msg!("result-failed"), "result result-failed")
    } else {
        (
            msg!("records-partly", succeeded = ok, failed = failed),
            "result result-failed",
        )
    }
}

#[component]
fn RecordFilters(query: RecordQuery, operations: Vec<(&'static str, Message)>) -> impl IntoView {
    let language = use_language();
    let operation = query.operation.clone().unwrap_or_default();
    let result = query.result.map(ResultFilter::key).unwrap_or_default();
    let page_size = query.page.page_size.to_string();

    view! {
        <Form method="GET" action=paths::OPERATION_RECORDS attr:class="filters" attr:role="search">
            <label class="field field-wide">
                {t!(language, "records-filter-customer")}
                <input
                    type="search"
                    name="customer"
                    value=query.customer.clone()
                    maxlength="64"
                    placeholder=t!(language, "records-filter-customer-placeholder")
                />
            </label>
            <label class="field">
                {t!(language, "records-column-staff")}
                <input type="search" name="staff" value=query.staff.clone() maxlength="64" placeholder=t!(language, "records-filter-staff-placeholder") />
            </label>
            <SelectFilter
                label=t!(language, "records-column-operation")
                name="operation"
                current=operation
                options=operations
                    .iter()
                    .map(|(slug, label)| ((*slug).to_owned(), label.render(language)))
                    .collect()
            />
            <SelectFilter
                label=t!(language, "records-column-result")
                name="result"
                current=result
                options=ResultFilter::ALL
                    .iter()
                    .map(|filter| (filter.key().to_owned(), filter.label().render(language)))
                    .collect()
            />
            <DateRangeFields from=query.from.clone() to=query.to.clone() />
            <input type="hidden" name="page_size" value=page_size />
            <div class="filter-actions">
                <button type="submit" class="btn btn-primary">{t!(language, "filter-search")}</button>
                <a class="btn" href=paths::OPERATION_RECORDS>{t!(language, "filter-reset")}</a>
            </div>
        </Form>
    }
}
