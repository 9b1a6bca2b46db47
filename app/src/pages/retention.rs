//! Retention Deadlines: every frozen pay-per-use resource of a customer frozen at resource
//! level, with the day BSS deletes its data, soonest first, and the unfreeze operation at
//! hand. Server-rendered only: links and a GET form, no island.

use crate::language::use_language;
use chrono::SecondsFormat;
use domain::customer::CustomerQuery;
use domain::labels::LabelSet;
use domain::operation::Operation;
use domain::paging::PageRequest;
use domain::retention::{days_left, RetentionEntry};
use i18n::{msg, t};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::retention::{retention_deadlines, RetentionListing};
use crate::components::layout::PageHeader;
use crate::components::loaded::Loaded;
use crate::components::pagination::Pagination;
use crate::components::time::short_time;
use crate::paths;

#[component]
pub fn RetentionPage() -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| {
        query.with(|q| PageRequest::from_params(q.get_str("page"), q.get_str("page_size")))
    });
    let listing = Resource::new(move || page.get(), retention_deadlines);
    let language = use_language();
    view! {
        <Title text=t!(language, "nav-retention-deadlines") />
        <PageHeader trail=vec![msg!("nav-sales"), msg!("nav-customers")] title=msg!("nav-retention-deadlines") />
        <Loaded
            data=listing
            loading=t!(language, "retention-loading")
            failed=t!(language, "retention-failed")
            let:listing
        >
            <Board listing />
        </Loaded>
    }
}

#[component]
fn Board(listing: RetentionListing) -> impl IntoView {
    let RetentionListing {
        board,
        labels,
        can_operate,
    } = listing;
    let language = use_language();
    let intro = t!(
        language,
        "retention-intro",
        days = board.settings.retention_days()
    );
    let unread = (board.unread > 0).then(|| {
        view! {
            <p class="banner banner-info" role="status">
                {t!(language, "retention-unread", count = board.unread)}
            </p>
        }
    });
    let failures = (!board.failed_reads.is_empty()).then(|| {
        let items = board
            .failed_reads
            .into_iter()
            .map(|(customer_id, sentence)| {
                view! {
                    <li>
                        <a href=paths::timeline(&customer_id)>{customer_id.clone()}</a>
                        ": "
                        {sentence}
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="banner banner-error" role="alert">
                <p>{t!(language, "retention-failed-reads")}</p>
                <ul>{items}</ul>
            </div>
        }
    });
    let now = board.now;
    let empty = board.entries.is_empty();
    let rows = board
        .entries
        .into_iter()
        .map(|entry| view! { <EntryRow entry now labels can_operate /> })
        .collect_view();
    view! {
        <p class="page-intro">{intro}</p>
        {unread}
        {failures}
        <div class="table-scroll">
            <table class="data-table" aria-label=t!(language, "retention-table")>
                <thead>
                    <tr>
                        <th scope="col">{t!(language, "retention-data-deleted")}</th>
                        <th scope="col">{t!(language, "retention-customer")}</th>
                        <th scope="col">{t!(language, "retention-resource")}</th>
                        <th scope="col">{t!(language, "retention-type")}</th>
                        <th scope="col">{t!(language, "retention-region")}</th>
                        <th scope="col">{t!(language, "retention-frozen-since")}</th>
                        <th scope="col">{t!(language, "retention-operation")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {empty.then(|| view! {
            <p class="empty">{t!(language, "retention-empty")}</p>
        })}
        <Pagination
            page=board.page
            total=board.total
            href=|page: PageRequest| {
                format!("{}{}", paths::RETENTION, domain::url::query_string(&page.to_params()))
            }
            action=paths::RETENTION
        />
    }
}

#[component]
fn EntryRow(
    entry: RetentionEntry,
    now: chrono::DateTime<chrono::Utc>,
    labels: LabelSet,
    can_operate: bool,
) -> impl IntoView {
    let language = use_language();
    let days = entry.days_left(now);
    let exact = entry.frozen_since.is_exact();
    let deadline = short_time(language, &entry.deadline.to_rfc3339());
    let left = if exact {
        days_left(days).render(language)
    } else {
        t!(language, "retention-at-the-latest", left = days_left(days))
    };
    let frozen_since = short_time(language, &entry.frozen_since.at().to_rfc3339());
    let first_seen = (!exact)
        .then(|| view! { <span class="cell-sub">{t!(language, "retention-first-seen")}</span> });
    // Frozen resources show the freeze is at resource level, even when the mirror could not
    // confirm it: that unfreeze first.
    let unfreeze = can_operate
        .then(|| {
            let offered = Operation::offered_for(&entry.customer);
            [
                Operation::UnfreezeAccountAndResources,
                Operation::UnfreezeAccount,
            ]
            .into_iter()
            .find(|operation| offered.contains(operation))
        })
        .flatten()
        .map(|operation| {
            let view_href = paths::customers_view(&CustomerQuery {
                reseller: entry.customer.reseller_id.clone(),
                search: entry.customer.customer_id.clone(),
                ..CustomerQuery::default()
            });
            let href = paths::customer_dialog(
                &view_href,
                operation.slug(),
                std::slice::from_ref(&entry.customer.customer_id),
            );
            view! { <a class="op-link" data-operation=operation.slug() href=href>{operation.label(labels).render(language)}</a> }
        });
    // Nothing to offer, and why, for a customer whose reseller restricts it itself.
    let managed = (can_operate && entry.customer.managed_by_reseller).then(|| {
        view! {
            <span class="muted" title=t!(language, "retention-managed-explanation")>
                {t!(language, "list-managed-by-reseller")}
            </span>
        }
    });
    let resource = entry.resource;
    let kind = [resource.service_type_name, resource.resource_type_name]
        .into_iter()
        .filter(|name| !name.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let urgency = match days {
        ..=2 => "deadline deadline-soon",
        _ => "deadline",
    };
    let resource_id = resource.resource_id.clone();
    view! {
        <tr
            data-customer-id=entry.customer.customer_id.clone()
            data-resource-id=resource_id
            data-deadline=entry.deadline.to_rfc3339_opts(SecondsFormat::Secs, true)
        >
            <td class=urgency>
                <span class="deadline-date">{deadline}</span>
                <span class="deadline-left">{left}</span>
            </td>
            <td>
                <a href=paths::timeline(&entry.customer.customer_id)>{entry.customer.display_name().to_owned()}</a>
                <span class="cell-sub mono">{entry.customer.customer_id.clone()}</span>
            </td>
            <td>
                {resource.name}
                <span class="cell-sub mono">{resource.resource_id}</span>
            </td>
            <td>{kind}</td>
            <td class="region">{resource.region_code}</td>
            <td>{frozen_since} {first_seen}</td>
            <td>{unfreeze} {managed}</td>
        </tr>
    }
}
