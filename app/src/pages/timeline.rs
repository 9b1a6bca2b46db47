//! A customer's timeline, opened from its row in Customer Management: every operation and
//! budget change this dashboard made for the customer, each linked to its record, and the
//! budget changes Huawei BSS lists that were made elsewhere (the Huawei Cloud console),
//! newest first, each marked with its source.

use crate::language::use_language;
use domain::audit::{BssBudgetRecord, RecordEntry, TimelineEntry, TimelineSource};
use domain::customer::CustomerQuery;
use domain::labels::state_explanation;
use domain::paging::PageRequest;
use i18n::msg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::audit::{customer_timeline, TimelineListing};
use crate::components::layout::PageHeader;
use crate::components::loaded::Loaded;
use crate::components::pagination::Pagination;
use crate::components::time::exact_time;
use crate::paths;

#[component]
pub fn CustomerTimelinePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let customer_id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let page = Memo::new(move |_| {
        query.with(|q| PageRequest::from_params(q.get_str("page"), q.get_str("page_size")))
    });
    let timeline = Resource::new(
        move || (customer_id.get(), page.get()),
        |(id, page)| customer_timeline(id, page),
    );

    view! {
        <Title text="Customer Timeline" />
        <PageHeader trail=vec![msg!("nav-sales"), msg!("nav-customers"), msg!("nav-customer-management")] title=msg!("page-customer-timeline") />
        <p><a href=paths::CUSTOMERS>"← Customer Management"</a></p>
        <Loaded data=timeline loading="Loading the timeline…" let:timeline>
            <Timeline timeline />
        </Loaded>
    }
}

#[component]
fn Timeline(timeline: TimelineListing) -> impl IntoView {
    let language = use_language();
    let TimelineListing {
        customer_id,
        customer,
        timeline,
    } = timeline;
    let heading = match &customer {
        Some(row) if !row.customer.is_empty() => format!("{} ({})", row.customer, row.account_name),
        Some(row) => row.account_name.clone(),
        None => customer_id.clone(),
    };
    let about = match &customer {
        Some(row) => format!(
            "Customer ID {} · {} · {}",
            row.customer_id,
            row.association_type.label().render(language),
            state_explanation(row.state).render(language)
        ),
        None => format!(
            "Customer ID {customer_id} · BSS does not list this customer now; its records remain."
        ),
    };
    let records_href = paths::records_of_customer(&customer_id);
    let page_href = {
        let base = paths::timeline(&customer_id);
        move |page: PageRequest| format!("{base}{}", domain::url::query_string(&page.to_params()))
    };
    let action = paths::timeline(&customer_id);
    let empty = timeline.entries.is_empty();
    // The customer list searched for this customer, to get back to its row.
    let row_href = paths::customers_view(&CustomerQuery {
        reseller: customer.as_ref().and_then(|row| row.reseller_id.clone()),
        search: customer_id.clone(),
        ..CustomerQuery::default()
    });

    view! {
        <section class="timeline-head" data-customer-id=customer_id.clone()>
            <h2>{heading}</h2>
            <p class="muted">{about}</p>
            <p>
                <a href=row_href>"Show in Customer Management"</a>
                " · "
                <a href=records_href>"Operation records of this customer"</a>
            </p>
        </section>
        {timeline.bss_problem.map(|problem| view! {
            <div class="banner banner-warning timeline-bss-problem" role="status">
                <p>"Huawei BSS's budget records could not be read just now, so changes made outside this dashboard since the last visit may be missing. " {problem}</p>
            </div>
        })}
        {empty.then(|| view! { <p class="empty">"No operation or budget change is recorded for this customer."</p> })}
        <ol class="timeline" aria-label="Operations and budget changes, newest first">
            {timeline.entries.into_iter().map(|entry| view! { <Entry entry /> }).collect_view()}
        </ol>
        <Pagination page=timeline.page total=timeline.total href=page_href action=action />
    }
}

#[component]
fn Entry(entry: TimelineEntry) -> impl IntoView {
    match entry {
        TimelineEntry::Dashboard(entry) => {
            let entry = *entry;
            view! { <RecordItem entry /> }.into_any()
        }
        TimelineEntry::Bss(record) => view! { <BssItem record /> }.into_any(),
    }
}

/// The entry's source, as a label staff can scan for.
fn source_label(source: TimelineSource) -> impl IntoView {
    let language = use_language();
    view! { <span class=format!("timeline-source source-{}", source.key())>{source.label().render(language)}</span> }
}

#[component]
fn RecordItem(entry: RecordEntry) -> impl IntoView {
    let language = use_language();
    let class = format!("result result-{}", entry.result.key());
    let source = TimelineSource::Dashboard;
    view! {
        <li class="timeline-entry" data-source=source.key() data-record-id=entry.header.record_id data-operation=entry.header.operation.slug()>
            <div class="timeline-when" title=entry.header.created_at.clone()>{exact_time(language, &entry.header.created_at)} " " {source_label(source)}</div>
            <div class="timeline-what">
                <strong>{entry.header.operation_label}</strong>
                {entry.budget.map(|budget| view! { <span>": " {budget.describe()}</span> })}
                " "
                <span class=class>{entry.result.label().render(language)}</span>
            </div>
            <div class="timeline-who">
                "By " {entry.header.staff_email}
                {entry.header.code_verified.then_some(" · verification code checked")}
            </div>
            {(!entry.header.reason.is_empty()).then(|| view! { <div class="timeline-reason">"Reason: " {entry.header.reason}</div> })}
            {entry.message.map(|message| view! { <div class="timeline-message">{message}</div> })}
            {entry.confirmed_by_bss.map(|record| view! {
                <div class="timeline-confirmed">
                    {format!("Huawei BSS's budget records confirm this change ({}, by {}).", exact_time(language, &record.operation_time), record.made_by())}
                </div>
            })}
            <div class="timeline-links">
                <a href=paths::record(entry.header.record_id)>{format!("Record #{}", entry.header.record_id)}</a>
                {entry.request_id.map(|id| view! { <span class="mono muted">" · BSS request " {id}</span> })}
            </div>
        </li>
    }
}

/// A budget change BSS lists that no record of this dashboard made.
#[component]
fn BssItem(record: BssBudgetRecord) -> impl IntoView {
    let language = use_language();
    let source = TimelineSource::Bss;
    let partner = match (
        record.partner_account_name.is_empty(),
        record.partner_corp_name.is_empty(),
    ) {
        (false, false) => format!(
            " · partner {} ({})",
            record.partner_account_name, record.partner_corp_name
        ),
        (false, true) => format!(" · partner {}", record.partner_account_name),
        (true, false) => format!(" · partner {}", record.partner_corp_name),
        (true, true) => String::new(),
    };
    view! {
        <li class="timeline-entry timeline-entry-bss" data-source=source.key() data-operation=record.operation.key()>
            <div class="timeline-when" title=record.operation_time.clone()>{exact_time(language, &record.operation_time)} " " {source_label(source)}</div>
            <div class="timeline-what">
                <strong>{record.operation.label().render(language)}</strong>
                <span>": " {record.describe()}</span>
            </div>
            <div class="timeline-who">"By " {record.made_by().to_owned()} {partner}</div>
            <div class="timeline-links muted">"Made outside this dashboard (for example in the Huawei Cloud console): there is no operation record."</div>
        </li>
    }
}
