//! Above the table: the Customers / Resellers' Customers tabs, the mirror's freshness with
//! Refresh, and the search and filter form (a GET form, so the view lands in the URL).

use domain::budget::MAX_USED_PERCENT_FILTER;
use domain::customer::{AssociationType, CustomerQuery, CustomerState, SyncStatus};
use domain::labels::LabelSet;
use i18n::t;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::Form;

use crate::api::customers::RefreshCustomers;
use crate::components::hidden::HiddenFields;
use crate::components::select::SelectFilter;
use crate::components::time::short_time;
use crate::language::use_language;
use crate::paths;

#[component]
pub fn Tabs(query: CustomerQuery, resellers: Vec<(String, String)>) -> impl IntoView {
    let language = use_language();
    let on_resellers = query.reseller.is_some();
    let first_reseller = resellers.first().map(|(id, _)| {
        paths::customers_view(&CustomerQuery {
            reseller: Some(id.clone()),
            ..CustomerQuery::default()
        })
    });
    view! {
        <nav class="tabs" aria-label=t!(language, "list-tabs-label")>
            <a href=paths::CUSTOMERS aria-current=(!on_resellers).then_some("page")>{t!(language, "list-tab-customers")}</a>
            {match first_reseller {
                Some(href) => {
                    Either::Left(view! {
                        <a href=href aria-current=on_resellers.then_some("page")>
                            {t!(language, "list-tab-resellers-customers")}
                        </a>
                    })
                }
                None => Either::Right(view! { <span class="disabled">{t!(language, "list-tab-resellers-customers")}</span> }),
            }}
        </nav>
    }
}

/// When the list was last brought up to date from BSS, and a Refresh that asks for a sync.
#[component]
pub fn SyncBar(sync: SyncStatus) -> impl IntoView {
    let language = use_language();
    let refresh = ServerAction::<RefreshCustomers>::new();
    let synced = match (&sync.last_synced_at, sync.running) {
        (_, true) => t!(language, "list-sync-running"),
        (Some(at), false) => t!(language, "list-synced-at", at = short_time(language, at)),
        (None, false) => t!(language, "list-never-synced"),
    };
    let requested = t!(language, "list-refresh-requested");
    view! {
        <div class="sync-bar">
            <span class="sync-status" role="status">
                {move || {
                    if refresh.value().get().is_some_and(|r| r.is_ok()) {
                        requested.clone()
                    } else {
                        synced.clone()
                    }
                }}
            </span>
            {sync.last_error.map(|error| view! { <span class="sync-error">{t!(language, "list-sync-failed", error = error)}</span> })}
            <ActionForm action=refresh attr:class="inline-form">
                <button type="submit" class="btn btn-small">{t!(language, "list-refresh")}</button>
            </ActionForm>
        </div>
    }
}

#[component]
pub fn Filters(
    query: CustomerQuery,
    resellers: Vec<(String, String)>,
    labels: LabelSet,
    label_options: Vec<String>,
    manager_options: Vec<String>,
) -> impl IntoView {
    let language = use_language();
    let reset = paths::customers_view(&CustomerQuery {
        reseller: query.reseller.clone(),
        ..CustomerQuery::default()
    });
    let reseller_picker = query.reseller.clone().map(|current| {
        view! {
            <label class="field">
                {t!(language, "list-filter-reseller")}
                <select name="reseller">
                    {resellers
                        .into_iter()
                        .map(|(id, name)| {
                            let selected = id == current;
                            view! { <option value=id selected=selected>{name}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
        }
    });
    let state_key = query.state.map(CustomerState::key).unwrap_or_default();
    let association_key = query
        .association
        .map(AssociationType::key)
        .unwrap_or_default();

    view! {
        <Form method="GET" action=paths::CUSTOMERS attr:class="filters" attr:role="search">
            {reseller_picker}
            <label class="field field-wide">
                {t!(language, "list-filter-search")}
                <input
                    type="search"
                    name="q"
                    value=query.search.clone()
                    maxlength="64"
                    placeholder=t!(language, "list-filter-search-placeholder")
                />
            </label>
            <SelectFilter
                label=t!(language, "list-column-status")
                name="status"
                current=state_key
                options=CustomerState::ALL
                    .iter()
                    .map(|state| (state.key().to_owned(), labels.state_label(*state).render(language)))
                    .collect()
            />
            <SelectFilter
                label=t!(language, "column-association-type")
                name="association"
                current=association_key
                options=AssociationType::ALL
                    .iter()
                    .map(|kind| (kind.key().to_owned(), kind.label().render(language)))
                    .collect()
            />
            <SelectFilter
                label=t!(language, "column-label")
                name="label"
                current=query.label.clone()
                options=label_options.iter().map(|label| (label.clone(), label.clone())).collect()
            />
            <SelectFilter
                label=t!(language, "column-account-manager")
                name="manager"
                current=query.account_manager.clone()
                options=manager_options
                    .iter()
                    .map(|manager| (manager.clone(), manager.clone()))
                    .collect()
            />
            <label class="field">
                {t!(language, "list-filter-associated-from")}
                <input type="date" name="from" value=query.associated_from.clone().unwrap_or_default() />
            </label>
            <label class="field">
                {t!(language, "date-range-to")}
                <input type="date" name="to" value=query.associated_to.clone().unwrap_or_default() />
            </label>
            <label class="field field-narrow">
                {t!(language, "list-filter-budget-used")}
                <input
                    type="number"
                    name="budget_used"
                    min="0"
                    max=MAX_USED_PERCENT_FILTER.to_string()
                    step="1"
                    inputmode="numeric"
                    value=query.budget_used.map(|percent| percent.to_string()).unwrap_or_default()
                />
            </label>
            // Searching keeps the page size and the sort of the view.
            <HiddenFields fields=query
                .to_params()
                .into_iter()
                .filter(|(name, _)| ["page_size", "sort", "order"].contains(name))
                .collect() />
            <div class="filter-actions">
                <button type="submit" class="btn btn-primary">{t!(language, "filter-search")}</button>
                <a class="btn" href=reset>{t!(language, "filter-reset")}</a>
            </div>
        </Form>
    }
}
