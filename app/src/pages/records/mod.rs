//! Sales > Customers > Operation Records: every freeze, unfreeze and budget change, who ran
//! it, when, why, and each customer's result. Filters live in the URL (a GET form), the CSV
//! export carries the same filters, and each record opens on a page of its own.

mod detail;

pub use detail::RecordDetailPage;

use crate::language::use_language;
use domain::audit::{operation_choices, RecordQuery, RecordSummary, ResultFilter};
use domain::url::UrlQuery;
use i18n::{msg, Message};
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

    view! {
        <Title text="Operation Records" />
        <PageHeader trail=vec![msg!("nav-sales"), msg!("nav-customers")] title=msg!("nav-operation-records") />
        <p class="page-intro">
            "Every restriction, freeze, unfreeze and budget change made from this dashboard: who made it, \
             when, why, and what BSS answered for each customer. Records are kept as written; nobody can \
             edit or delete them."
        </p>
        <Loaded data=listing loading="Loading operation records…" failed="Operation records could not be loaded." let:listing>
            <RecordList listing />
        </Loaded>
    }
}

#[component]
fn RecordList(listing: RecordListing) -> impl IntoView {
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
            holds="The export holds every customer result the filters select (all pages), one per line."
        />
        <div class="table-scroll">
            <table class="data-table records-table" aria-label="Operation records">
                <thead>
                    <tr>
                        <th scope="col">"Time"</th>
                        <th scope="col">"Operation"</th>
                        <th scope="col">"Customers"</th>
                        <th scope="col">"Result"</th>
                        <th scope="col">"Staff"</th>
                        <th scope="col">"Reason"</th>
                        <th scope="col">"Verification code"</th>
                        <th scope="col">"Record"</th>
                    </tr>
                </thead>
                <tbody>
                    {records.rows.into_iter().map(|record| view! { <RecordRow record /> }).collect_view()}
                </tbody>
            </table>
        </div>
        {empty.then(|| view! { <p class="empty">"No operation records match these filters."</p> })}
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
        n => format!("{} and {} more", record.first_customer, n - 1),
    };
    let (result, class) = outcome(&record);
    let (created_at, reason) = (
        record.header.created_at.clone(),
        record.header.reason.clone(),
    );
    view! {
        <tr data-record-id=record.header.record_id>
            <td title=created_at>{exact_time(language, &record.header.created_at)}</td>
            <td>{record.header.operation_label}</td>
            <td>{customers}</td>
            <td><span class=class>{result}</span></td>
            <td>{record.header.staff_email}</td>
            <td class="reason-cell" title=reason>{record.header.reason}</td>
            <td>{if record.header.code_verified { "Verified" } else { "Not required" }}</td>
            <td><a href=paths::record(record.header.record_id)>"Details"</a></td>
        </tr>
    }
}

/// "Succeeded", "In progress (3 of 10 done)" or "1 succeeded, 2 failed", with its class.
fn outcome(record: &RecordSummary) -> (String, &'static str) {
    let (ok, failed, pending) = (
        record.took_effect,
        record.did_not_take_effect,
        record.pending,
    );
    if pending > 0 {
        let done = record.customers - pending;
        (
            format!("In progress ({done} of {} done)", record.customers),
            "result result-pending",
        )
    } else if failed == 0 {
        ("Succeeded".to_owned(), "result result-succeeded")
    } else if ok == 0 {
        ("Failed".to_owned(), "result result-failed")
    } else {
        (
            format!("{ok} succeeded, {failed} failed"),
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
                "Customer"
                <input
                    type="search"
                    name="customer"
                    value=query.customer.clone()
                    maxlength="64"
                    placeholder="Customer ID or part of its name"
                />
            </label>
            <label class="field">
                "Staff"
                <input type="search" name="staff" value=query.staff.clone() maxlength="64" placeholder="E-mail" />
            </label>
            <SelectFilter
                label="Operation"
                name="operation"
                current=operation
                options=operations
                    .iter()
                    .map(|(slug, label)| ((*slug).to_owned(), label.render(language)))
                    .collect()
            />
            <SelectFilter
                label="Result"
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
                <button type="submit" class="btn btn-primary">"Search"</button>
                <a class="btn" href=paths::OPERATION_RECORDS>"Reset"</a>
            </div>
        </Form>
    }
}
