//! Security Events (admins only): changes to the verification-code setting, staff accounts,
//! roles and passwords, and sign-in lockouts, newest first. Filters live in the URL (a GET
//! form) and the CSV export carries the same filters.

use crate::language::use_language;
use domain::security::{SecurityEvent, SecurityEventKind, SecurityEventQuery};
use domain::url::UrlQuery;
use i18n::{msg, t};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::security_events::{list_security_events, SecurityEventListing};
use crate::components::date_range::DateRangeFields;
use crate::components::export::ExportBar;
use crate::components::layout::PageHeader;
use crate::components::loaded::Loaded;
use crate::components::pagination::Pagination;
use crate::components::select::SelectFilter;
use crate::components::time::exact_time;
use crate::paths;

#[component]
pub fn SecurityEventsPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| {
        params.with(|p| SecurityEventQuery::from_params(|name| p.get_str(name)))
    });
    let listing = Resource::new(move || query.get(), list_security_events);
    let language = use_language();

    view! {
        <Title text=t!(language, "nav-security-events") />
        <PageHeader trail=vec![] title=msg!("nav-security-events") />
        <p class="page-intro">{t!(language, "security-events-intro")}</p>
        <Loaded
            data=listing
            loading=t!(language, "security-events-loading")
            failed=t!(language, "security-events-failed")
            let:listing
        >
            <EventList listing />
        </Loaded>
    }
}

#[component]
fn EventList(listing: SecurityEventListing) -> impl IntoView {
    let SecurityEventListing { events, query } = listing;
    let export = format!(
        "{}{}",
        paths::SECURITY_EVENTS_CSV,
        query.filter_query_string()
    );
    let page_query = query.clone();
    let keep = query.filter_params();
    let empty = events.rows.is_empty();
    let language = use_language();

    view! {
        <EventFilters query />
        <ExportBar
            href=export
            file_name="security-events.csv"
            holds=t!(language, "security-events-export-holds")
        />
        <div class="table-scroll">
            <table class="data-table" aria-label=t!(language, "security-events-table")>
                <thead>
                    <tr>
                        <th scope="col">{t!(language, "security-events-time")}</th>
                        <th scope="col">{t!(language, "security-csv-event")}</th>
                        <th scope="col">{t!(language, "security-csv-by")}</th>
                        <th scope="col">{t!(language, "security-csv-staff-member")}</th>
                        <th scope="col">{t!(language, "security-csv-details")}</th>
                        <th scope="col">{t!(language, "security-csv-client-address")}</th>
                    </tr>
                </thead>
                <tbody>
                    {events.rows.into_iter().map(|event| view! { <EventRow event /> }).collect_view()}
                </tbody>
            </table>
        </div>
        {empty.then(|| view! { <p class="empty">{t!(language, "security-events-empty")}</p> })}
        <Pagination
            page=events.page
            total=events.total
            href=move |page| paths::security_events_view(&page_query.with_page(page))
            action=paths::SECURITY_EVENTS
            keep=keep
        />
    }
}

#[component]
fn EventRow(event: SecurityEvent) -> impl IntoView {
    let language = use_language();
    let created_at = event.created_at.clone();
    view! {
        <tr data-event-id=event.id data-kind=event.kind.key()>
            <td title=created_at>{exact_time(language, &event.created_at)}</td>
            <td>{event.kind.label().render(language)}</td>
            <td>{event.actor_email.unwrap_or_else(|| "—".to_owned())}</td>
            <td>{event.subject_email.unwrap_or_default()}</td>
            <td>{event.details}</td>
            <td class="mono">{event.client.unwrap_or_default()}</td>
        </tr>
    }
}

#[component]
fn EventFilters(query: SecurityEventQuery) -> impl IntoView {
    let language = use_language();
    let kind = query.kind.map(SecurityEventKind::key).unwrap_or_default();
    let page_size = query.page.page_size.to_string();

    view! {
        <Form method="GET" action=paths::SECURITY_EVENTS attr:class="filters" attr:role="search">
            <SelectFilter
                label=t!(language, "security-csv-event")
                name="kind"
                current=kind
                options=SecurityEventKind::ALL
                    .iter()
                    .map(|kind| (kind.key().to_owned(), kind.label().render(language)))
                    .collect()
            />
            <label class="field">
                {t!(language, "security-csv-by")}
                <input type="search" name="actor" value=query.actor maxlength="64" placeholder=t!(language, "staff-email") />
            </label>
            <label class="field">
                {t!(language, "security-csv-staff-member")}
                <input type="search" name="subject" value=query.subject maxlength="64" placeholder=t!(language, "staff-email") />
            </label>
            <DateRangeFields from=query.from to=query.to />
            <input type="hidden" name="page_size" value=page_size />
            <div class="filter-actions">
                <button type="submit" class="btn btn-primary">{t!(language, "filter-search")}</button>
                <a class="btn" href=paths::SECURITY_EVENTS>{t!(language, "filter-reset")}</a>
            </div>
        </Form>
    }
}
