//! The customer table: sortable headers, the Operation column, and row selection for
//! batch operations.
//!
//! Selection is a GET form of checkboxes whose submit opens the chosen operation's dialog
//! for the ticked customers, so it works without WASM. With WASM the selection is also
//! kept while paging (hidden inputs carry the ids ticked on other pages).

use std::collections::BTreeSet;

use domain::budget::SET_BUDGET;
use domain::columns::{CustomerColumn, CustomerColumns};
use domain::customer::{
    AssociationType, CustomerQuery, CustomerRow, CustomerState, SortKey, SortOrder,
};
use domain::labels::{state_explanation, LabelSet};
use domain::operation::{ApiMode, Operation};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::components::Form;

use super::contact::ContactCell;
use super::{view_href, PATH};
use crate::pages::timeline::timeline_href;

/// Ticked customer ids, kept by the page across its pages.
#[derive(Clone, Copy)]
struct Selection(RwSignal<BTreeSet<String>>);

/// Called by the page once, so the selection outlives the table it re-renders per page.
pub fn provide_selection() {
    provide_context(Selection(RwSignal::new(BTreeSet::new())));
}

fn selection() -> Selection {
    expect_context::<Selection>()
}

/// The sortable columns before Contact and Status; `None` for one always shown.
const COLUMNS: [(SortKey, &str, Option<CustomerColumn>); 7] = [
    (SortKey::Customer, "Customer", None),
    (
        SortKey::AccountName,
        "Account Name",
        Some(CustomerColumn::AccountName),
    ),
    (
        SortKey::CustomerId,
        "Customer ID",
        Some(CustomerColumn::CustomerId),
    ),
    (
        SortKey::AssociationType,
        "Association Type",
        Some(CustomerColumn::AssociationType),
    ),
    (
        SortKey::AssociatedOn,
        "Associated On",
        Some(CustomerColumn::AssociatedOn),
    ),
    (SortKey::Label, "Label", Some(CustomerColumn::Label)),
    (
        SortKey::AccountManager,
        "Account Manager",
        Some(CustomerColumn::AccountManager),
    ),
];

#[component]
pub fn CustomerTable(
    rows: Vec<CustomerRow>,
    query: CustomerQuery,
    labels: LabelSet,
    api_mode: ApiMode,
    can_operate: bool,
    columns: CustomerColumns,
) -> impl IntoView {
    let selected = selection().0;
    let resellers_customers = query.reseller.is_some();
    let on_page: Vec<String> = rows.iter().map(|row| row.customer_id.clone()).collect();
    let on_page_for_hidden = on_page.clone();
    // Ids ticked on other pages ride along as hidden inputs.
    let elsewhere = move || {
        selected
            .get()
            .into_iter()
            .filter(|id| !on_page_for_hidden.contains(id))
            .map(|id| view! { <input type="hidden" name="ids" value=id /> })
            .collect_view()
    };
    let all_on_page = on_page.clone();
    let toggle_all = move |checked: bool| {
        selected.update(|set| {
            for id in &all_on_page {
                if checked {
                    set.insert(id.clone());
                } else {
                    set.remove(id);
                }
            }
        })
    };
    let page_ids = on_page.clone();
    let all_ticked = move || {
        !page_ids.is_empty() && selected.with(|set| page_ids.iter().all(|id| set.contains(id)))
    };
    let empty = rows.is_empty();
    let view_params = query.to_params();

    view! {
        <Form method="GET" action=PATH attr:class="selection-form" attr:aria-label="Selected customers">
            {view_params
                .into_iter()
                .filter(|(name, _)| *name != "page")
                .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
                .collect_view()}
            {elsewhere}
            {can_operate.then(|| view! { <BatchBar labels api_mode resellers_customers /> })}
            <div class="table-wrap">
                <table class="data-table" aria-label="Customers">
                    <thead>
                        <tr>
                            {can_operate
                                .then(|| {
                                    view! {
                                        <th scope="col" class="select-col">
                                            <input
                                                type="checkbox"
                                                aria-label="Select all customers on this page"
                                                prop:checked=all_ticked.clone()
                                                on:change=move |ev| toggle_all(event_target_checked(&ev))
                                            />
                                        </th>
                                    }
                                })}
                            {COLUMNS
                                .iter()
                                .filter(|(_, _, column)| column.is_none_or(|column| columns.shows(column)))
                                .map(|&(key, title, _)| view! { <SortHeader key title query=query.clone() /> })
                                .collect_view()}
                            {columns.shows(CustomerColumn::Contact).then(|| view! { <th scope="col">"Contact"</th> })}
                            <SortHeader key=SortKey::Status title="Status" query=query.clone() />
                            <th scope="col">"Operation"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|row| view! { <Row row query=query.clone() labels api_mode can_operate columns=columns.clone() /> })
                            .collect_view()}
                    </tbody>
                </table>
                {empty.then(|| view! { <p class="empty">"No customers match."</p> })}
            </div>
        </Form>
    }
}

/// The operation to apply to the ticked customers, submitted as the dialog to open.
#[component]
fn BatchBar(labels: LabelSet, api_mode: ApiMode, resellers_customers: bool) -> impl IntoView {
    let selected = selection().0;
    view! {
        <div class="batch-bar">
            <span class="selected-count" aria-live="polite">
                {move || match selected.with(BTreeSet::len) {
                    0 => "Tick customers to operate on several at once.".to_owned(),
                    1 => "1 customer selected".to_owned(),
                    n => format!("{n} customers selected"),
                }}
            </span>
            <label>
                "Batch operation "
                <select name="dialog">
                    {Operation::ALL
                        .iter()
                        .map(|op| {
                            let unsupported = op.unsupported_for(api_mode, resellers_customers).is_some();
                            view! {
                                <option value=op.slug() disabled=unsupported>
                                    {op.label(labels)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="submit" class="btn">"Apply to Selected"</button>
            <button
                type="button"
                class="btn btn-link"
                on:click=move |_| selected.update(BTreeSet::clear)
                disabled=move || selected.with(BTreeSet::is_empty)
            >
                "Clear selection"
            </button>
        </div>
    }
}

#[component]
fn SortHeader(key: SortKey, title: &'static str, query: CustomerQuery) -> impl IntoView {
    let sorted = (query.sort == key).then(|| query.effective_order());
    let aria_sort = match sorted {
        Some(SortOrder::Ascending) => "ascending",
        Some(SortOrder::Descending) => "descending",
        None => "none",
    };
    let arrow = match sorted {
        Some(SortOrder::Ascending) => " ▲",
        Some(SortOrder::Descending) => " ▼",
        None => "",
    };
    let href = view_href(&query.sorted_by(key));
    view! {
        <th scope="col" aria-sort=aria_sort>
            <a href=href class="sort-link">
                {title}
                <span aria-hidden="true">{arrow}</span>
            </a>
        </th>
    }
}

#[component]
fn Row(
    row: CustomerRow,
    query: CustomerQuery,
    labels: LabelSet,
    api_mode: ApiMode,
    can_operate: bool,
    columns: CustomerColumns,
) -> impl IntoView {
    let selected = selection().0;
    let status_class = match row.state {
        CustomerState::Active => "status status-normal",
        CustomerState::Frozen(_) => "status status-frozen",
    };
    let unconfirmed = matches!(row.state, CustomerState::Frozen(_)) && !row.level_confirmed;
    let explanation = if unconfirmed {
        format!(
            "{} BSS reports the customer frozen without its level; account level is assumed.",
            state_explanation(row.state)
        )
    } else {
        state_explanation(row.state).to_owned()
    };
    let operations = Operation::offered_for(&row);
    let id = row.customer_id.clone();
    let timeline = timeline_href(&id);
    let id_for_check = id.clone();
    let id_for_toggle = id.clone();
    let checkbox_label = format!("Select {}", row.account_name);
    let customer = if row.customer.is_empty() {
        "—".to_owned()
    } else {
        row.customer.clone()
    };
    let dialog_href = |slug: &str| {
        let view = view_href(&query);
        let separator = if view.contains('?') { '&' } else { '?' };
        format!("{view}{separator}dialog={slug}&ids={id}")
    };
    let operation_links = if !can_operate {
        EitherOf3::A(view! { <span class="muted">"View only"</span> })
    } else if row.association_type != AssociationType::Reseller {
        EitherOf3::B(
            view! { <span class="muted" title="Only reseller-model customers can be restricted or frozen.">"—"</span> },
        )
    } else {
        let freeze_links = operations
            .into_iter()
            .map(|op| {
                let label = op.label(labels);
                match op.unsupported_for(api_mode, row.reseller_id.is_some()) {
                    Some(why) => Either::Left(view! { <span class="op-link disabled" title=why aria-disabled="true">{label}</span> }),
                    None => Either::Right(view! { <a class="op-link" href=dialog_href(op.slug()) data-operation=op.slug()>{label}</a> }),
                }
            })
            .collect_view();
        EitherOf3::C(view! {
            {freeze_links}
            <a class="op-link" href=dialog_href(SET_BUDGET) data-operation=SET_BUDGET>"Set Budget"</a>
        })
    };

    view! {
        <tr data-customer-id=id.clone() data-state=row.state.key()>
            {can_operate
                .then(|| {
                    view! {
                        <td class="select-col">
                            <input
                                type="checkbox"
                                name="ids"
                                value=id_for_check.clone()
                                aria-label=checkbox_label
                                prop:checked=move || selected.with(|set| set.contains(&id_for_check))
                                on:change=move |ev| {
                                    let checked = event_target_checked(&ev);
                                    selected.update(|set| {
                                        if checked {
                                            set.insert(id_for_toggle.clone());
                                        } else {
                                            set.remove(&id_for_toggle);
                                        }
                                    })
                                }
                            />
                        </td>
                    }
                })}
            <td>{customer}</td>
            {columns.shows(CustomerColumn::AccountName).then(|| view! { <td>{row.account_name.clone()}</td> })}
            {columns.shows(CustomerColumn::CustomerId).then(|| view! { <td class="mono">{row.customer_id}</td> })}
            {columns.shows(CustomerColumn::AssociationType).then(|| view! { <td>{row.association_type.label()}</td> })}
            {columns.shows(CustomerColumn::AssociatedOn).then(|| view! { <td title=row.associated_on.clone()>{row.associated_on.get(..10).unwrap_or_default().to_owned()}</td> })}
            {columns.shows(CustomerColumn::Label).then(|| view! { <td>{row.label}</td> })}
            {columns.shows(CustomerColumn::AccountManager).then(|| view! { <td>{row.account_managers}</td> })}
            {columns.shows(CustomerColumn::Contact).then(|| view! { <ContactCell customer_id=id.clone() account_name=row.account_name contact=row.contact can_reveal=can_operate /> })}
            <td>
                <span class=status_class title=explanation.clone()>
                    {labels.state_label(row.state)}
                </span>
                {unconfirmed.then(|| view! { <span class="level-note" title=explanation>" (level unconfirmed)"</span> })}
            </td>
            <td class="operations">
                {operation_links}
                <a class="op-link" href=timeline data-operation="timeline">"Timeline"</a>
            </td>
        </tr>
    }
}
