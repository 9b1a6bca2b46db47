//! A customer's timeline, opened from its row in Customer Management: every operation and
//! budget change this dashboard made for the customer, each linked to its record, and the
//! budget changes Huawei BSS lists that were made elsewhere (the Huawei Cloud console),
//! newest first, each marked with its source.

use crate::language::use_language;
use domain::audit::{BssBudgetRecord, RecordEntry, TimelineEntry, TimelineSource};
use domain::customer::CustomerQuery;
use domain::labels::state_explanation;
use domain::paging::PageRequest;
use i18n::{msg, t};
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
    let language = use_language();

    view! {
        <Title text=t!(language, "page-customer-timeline") />
        <PageHeader trail=vec![msg!("nav-sales"), msg!("nav-customers"), msg!("nav-customer-management")] title=msg!("page-customer-timeline") />
        <p><a href=paths::CUSTOMERS>{t!(language, "timeline-back")}</a></p>
        <Loaded data=timeline loading=t!(language, "timeline-loading") let:timeline>
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
        Some(row) => t!(
            language,
            "timeline-about",
            customer = row.customer_id.as_str(),
            association = row.association_type.label(),
            state = state_explanation(row.state)
        ),
        None => t!(
            language,
            "timeline-about-unlisted",
            customer = customer_id.as_str()
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
                <a href=row_href>{t!(language, "timeline-show-in-list")}</a>
                " · "
                <a href=records_href>{t!(language, "timeline-records-of-customer")}</a>
            </p>
        </section>
        {timeline.bss_problem.map(|problem| view! {
            <div class="banner banner-warning timeline-bss-problem" role="status">
                <p>{t!(language, "timeline-bss-unreadable")} " " {problem}</p>
            </div>
        })}
        {empty.then(|| view! { <p class="empty">{t!(language, "timeline-empty")}</p> })}
        <ol class="timeline" aria-label=t!(language, "timeline-list")>
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
    let message = entry.message().map(|message| message.render(language));
    let source = TimelineSource::Dashboard;
    view! {
        <li class="timeline-entry" data-source=source.key() data-record-id=entry.header.record_id data-operation=entry.header.operation.slug()>
            <div class="timeline-when" title=entry.header.created_at.clone()>{exact_time(language, &entry.header.created_at)} " " {source_label(source)}</div>
            <div class="timeline-what">
                <strong>{entry.header.operation_name().render(language)}</strong>
                {entry.budget.map(|budget| view! { <span>{t!(language, "timeline-budget", budget = budget.describe())}</span> })}
                " "
                <span class=class>{entry.result.label().render(language)}</span>
            </div>
            <div class="timeline-who">
                {if entry.header.code_verified {
                    t!(language, "timeline-by-verified", staff = entry.header.staff_email)
                } else {
                    t!(language, "timeline-by", staff = entry.header.staff_email)
                }}
            </div>
            {(!entry.header.reason.is_empty()).then(|| view! { <div class="timeline-reason">{t!(language, "timeline-reason", reason = entry.header.reason)}</div> })}
            {message.map(|message| view! { <div class="timeline-message">{message}</div> })}
            {entry.confirmed_by_bss.map(|record| view! {
                <div class="timeline-confirmed">
                    {t!(language, "timeline-confirmed", time = exact_time(language, &record.operation_time), by = record.made_by())}
                </div>
            })}
            <div class="timeline-links">
                <a href=paths::record(entry.header.record_id)>{t!(language, "record-number", record = entry.header.record_id)}</a>
                {entry.request_id.map(|id| view! { <span class="mono muted">{t!(language, "timeline-request", request = id)}</span> })}
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
        record.partner_account_name.as_str(),
        record.partner_corp_name.as_str(),
    ) {
        ("", "") => None,
        (name, "") | ("", name) => Some(msg!("timeline-partner", partner = name)),
        (account, corp) => Some(msg!(
            "timeline-partner-of-corp",
            partner = account,
            corp = corp
        )),
    };
    let made_by = match partner {
        Some(partner) => t!(
            language,
            "timeline-by-with-partner",
            staff = record.made_by(),
            partner = partner
        ),
        None => t!(language, "timeline-by", staff = record.made_by()),
    };
    view! {
        <li class="timeline-entry timeline-entry-bss" data-source=source.key() data-operation=record.operation.key()>
            <div class="timeline-when" title=record.operation_time.clone()>{exact_time(language, &record.operation_time)} " " {source_label(source)}</div>
            <div class="timeline-what">
                <strong>{record.operation.label().render(language)}</strong>
                <span>{t!(language, "timeline-budget", budget = record.describe())}</span>
            </div>
            <div class="timeline-who">{made_by}</div>
            <div class="timeline-links muted">{t!(language, "timeline-made-elsewhere")}</div>
        </li>
    }
}
