//! Above the table: the Customers / Resellers' Customers tabs, the mirror's freshness with
//! Refresh, and the search and filter form (a GET form, so the view lands in the URL).

use crate::language::use_language;
use domain::budget::MAX_USED_PERCENT_FILTER;
use domain::customer::{AssociationType, CustomerQuery, CustomerState, SyncStatus};
use domain::labels::LabelSet;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::Form;

use crate::api::customers::RefreshCustomers;
use crate::components::hidden::HiddenFields;
use crate::components::select::SelectFilter;
use crate::components::time::short_time;
use crate::paths;

#[component]
pub fn Tabs(query: CustomerQuery, resellers: Vec<(String, String)>) -> impl IntoView {
    let on_resellers = query.reseller.is_some();
    let first_reseller = resellers.first().map(|(id, _)| {
        paths::customers_view(&CustomerQuery {
            reseller: Some(id.clone()),
            ..CustomerQuery::default()
        })
    });
    view! {
        <nav class="tabs" aria-label="Customer lists">
            <a href=paths::CUSTOMERS aria-current=(!on_resellers).then_some("page")>"Customers"</a>
            {match first_reseller {
                Some(href) => {
                    Either::Left(view! {
                        <a href=href aria-current=on_resellers.then_some("page")>
                            "Resellers' Customers"
                        </a>
                    })
                }
                None => Either::Right(view! { <span class="disabled">"Resellers' Customers"</span> }),
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
        (_, true) => "Syncing with BSS…".to_owned(),
        (Some(at), false) => format!("Synced with BSS {}", short_time(language, at)),
        (None, false) => "Not synced with BSS yet".to_owned(),
    };
    view! {
        <div class="sync-bar">
            <span class="sync-status" role="status">
                {move || {
                    if refresh.value().get().is_some_and(|r| r.is_ok()) {
                        "Refresh requested; the list updates when the sync finishes.".to_owned()
                    } else {
                        synced.clone()
                    }
                }}
            </span>
            {sync.last_error.map(|error| view! { <span class="sync-error">"Last sync failed: " {error}</span> })}
            <ActionForm action=refresh attr:class="inline-form">
                <button type="submit" class="btn btn-small">"Refresh"</button>
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
                "Reseller"
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
                "Search"
                <input
                    type="search"
                    name="q"
                    value=query.search.clone()
                    maxlength="64"
                    placeholder="Customer name, account name or customer ID"
                />
            </label>
            <SelectFilter
                label="Status"
                name="status"
                current=state_key
                options=CustomerState::ALL
                    .iter()
                    .map(|state| (state.key().to_owned(), labels.state_label(*state).render(language)))
                    .collect()
            />
            <SelectFilter
                label="Association Type"
                name="association"
                current=association_key
                options=AssociationType::ALL
                    .iter()
                    .map(|kind| (kind.key().to_owned(), kind.label().render(language)))
                    .collect()
            />
            <SelectFilter
                label="Label"
                name="label"
                current=query.label.clone()
                options=label_options.iter().map(|label| (label.clone(), label.clone())).collect()
            />
            <SelectFilter
                label="Account Manager"
                name="manager"
                current=query.account_manager.clone()
                options=manager_options
                    .iter()
                    .map(|manager| (manager.clone(), manager.clone()))
                    .collect()
            />
            <label class="field">
                "Associated from"
                <input type="date" name="from" value=query.associated_from.clone().unwrap_or_default() />
            </label>
            <label class="field">
                "to"
                <input type="date" name="to" value=query.associated_to.clone().unwrap_or_default() />
            </label>
            <label class="field field-narrow">
                "Budget used ≥ %"
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
                <button type="submit" class="btn btn-primary">"Search"</button>
                <a class="btn" href=reset>"Reset"</a>
            </div>
        </Form>
    }
}
