//! The customer table: sortable headers, the Operation column, and row selection for
//! batch operations.
//!
//! Selection is a GET form of checkboxes whose submit opens the chosen operation's dialog
//! for the ticked customers, so it works without WASM. With WASM the selection is also
//! kept while paging (hidden inputs carry the ids ticked on other pages).

use std::collections::BTreeSet;

use domain::columns::{CustomerColumn, CustomerColumns};
use domain::customer::{
    AssociationType, CustomerQuery, CustomerRow, CustomerState, SortKey, SortOrder,
};
use domain::labels::{state_explanation, LabelSet};
use domain::operation::{ApiMode, Operation};
use domain::record::RecordKind;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::components::Form;

use super::contact::ContactCell;
use super::{view_href, PATH};
use crate::components::hidden::HiddenFields;
use crate::components::layout::use_hydrated;
use crate::components::menu::MoreMenu;
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

/// The sortable columns before Contact and Status: sort key, heading, the class that sets
/// the column's width, and the optional column it is (`None`: always shown).
const COLUMNS: [(SortKey, &str, &str, Option<CustomerColumn>); 7] = [
    (SortKey::Customer, "Customer", "col-text", None),
    (
        SortKey::AccountName,
        "Account Name",
        "col-text",
        Some(CustomerColumn::AccountName),
    ),
    (
        SortKey::CustomerId,
        "Customer ID",
        "col-id",
        Some(CustomerColumn::CustomerId),
    ),
    (
        SortKey::AssociationType,
        "Association Type",
        "col-type",
        Some(CustomerColumn::AssociationType),
    ),
    (
        SortKey::AssociatedOn,
        "Associated On",
        "col-date",
        Some(CustomerColumn::AssociatedOn),
    ),
    (
        SortKey::Label,
        "Label",
        "col-text",
        Some(CustomerColumn::Label),
    ),
    (
        SortKey::AccountManager,
        "Account Manager",
        "col-text",
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
            <HiddenFields fields=view_params.into_iter().filter(|(name, _)| *name != "page").collect() />
            {elsewhere}
            {can_operate.then(|| view! { <BatchBar labels api_mode resellers_customers /> })}
            <div>
                <table class="data-table customers-table" aria-label="Customers">
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
                                .filter(|(_, _, _, column)| column.is_none_or(|column| columns.shows(column)))
                                .map(|&(key, title, class, _)| view! { <SortHeader key title class query=query.clone() /> })
                                .collect_view()}
                            {columns.shows(CustomerColumn::Contact).then(|| view! { <th scope="col" class="col-contact">"Contact"</th> })}
                            <SortHeader key=SortKey::Status title="Status" class="col-status" query=query.clone() />
                            <th scope="col" class="operations">"Operation"</th>
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
fn SortHeader(
    key: SortKey,
    title: &'static str,
    class: &'static str,
    query: CustomerQuery,
) -> impl IntoView {
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
        <th scope="col" class=class aria-sort=aria_sort>
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
    let id = row.customer_id.clone();
    let id_for_check = id.clone();
    let id_for_toggle = id.clone();
    let checkbox_label = format!("Select {}", row.account_name);
    let customer = if row.customer.is_empty() {
        "—".to_owned()
    } else {
        row.customer.clone()
    };
    let operations = RowOperations {
        can_operate,
        reseller_model: row.association_type == AssociationType::Reseller,
        name: row.account_name.clone(),
        offered: Operation::offered_for(&row),
        resellers_customer: row.reseller_id.is_some(),
        customer_id: id.clone(),
    };
    let associated_on = row.associated_on.get(..10).unwrap_or_default().to_owned();

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
            <td class="customer-cell" data-label="Customer"><Clip text=customer /></td>
            {columns.shows(CustomerColumn::AccountName).then(|| view! { <td data-label="Account Name"><Clip text=row.account_name.clone() /></td> })}
            {columns.shows(CustomerColumn::CustomerId).then(|| view! { <td data-label="Customer ID"><CustomerId id=row.customer_id /></td> })}
            {columns.shows(CustomerColumn::AssociationType).then(|| view! { <td data-label="Association Type">{row.association_type.label()}</td> })}
            {columns.shows(CustomerColumn::AssociatedOn).then(|| view! { <td data-label="Associated On" title=row.associated_on.clone()>{associated_on}</td> })}
            {columns.shows(CustomerColumn::Label).then(|| view! { <td data-label="Label"><Clip text=row.label /></td> })}
            {columns.shows(CustomerColumn::AccountManager).then(|| view! { <td data-label="Account Manager"><Clip text=row.account_managers /></td> })}
            {columns.shows(CustomerColumn::Contact).then(|| view! { <ContactCell customer_id=id.clone() account_name=row.account_name contact=row.contact can_reveal=can_operate /> })}
            <td class="status-cell" data-label="Status">
                <span class=status_class title=explanation.clone()>
                    {labels.state_label(row.state)}
                </span>
                {unconfirmed.then(|| view! { <span class="level-note" title=explanation>" (level unconfirmed)"</span> })}
            </td>
            <td class="operations" data-label="Operation">
                // A flex box: each operation is an item of its own, not a link within text.
                <div class="op-list">
                    <OperationCell operations query labels api_mode />
                </div>
            </td>
        </tr>
    }
    // Erased, so the table's type stays within the compiler's depth limit.
    .into_any()
}

/// What a row's Operation cell is built from.
struct RowOperations {
    /// The signed-in member may operate on customers.
    can_operate: bool,
    /// Only reseller-model customers can be restricted or frozen.
    reseller_model: bool,
    /// The customer's account name, for the More menu's accessible name.
    name: String,
    offered: Vec<Operation>,
    resellers_customer: bool,
    customer_id: String,
}

/// The Operation cell, as in Partner Center: the row's first operation as a link, the
/// rest (the resource-level operation, Set Budget, Timeline) in More. Rows that cannot
/// be operated on say why and offer their timeline.
#[component]
fn OperationCell(
    operations: RowOperations,
    query: CustomerQuery,
    labels: LabelSet,
    api_mode: ApiMode,
) -> impl IntoView {
    let RowOperations {
        can_operate,
        reseller_model,
        name,
        offered,
        resellers_customer,
        customer_id,
    } = operations;
    let timeline = timeline_href(&customer_id);
    let timeline_link = move || view! { <a class="op-link" href=timeline.clone() data-operation="timeline">"Timeline"</a> };
    if !can_operate {
        return EitherOf3::A(view! { <span class="muted">"View only"</span> {timeline_link()} });
    }
    if !reseller_model {
        return EitherOf3::B(view! {
            <span class="muted" title="Only reseller-model customers can be restricted or frozen.">"—"</span>
            {timeline_link()}
        });
    }
    let dialog_href = move |slug: &str| {
        let view = view_href(&query);
        let separator = if view.contains('?') { '&' } else { '?' };
        format!("{view}{separator}dialog={slug}&ids={customer_id}")
    };
    let set_budget = RecordKind::SetBudget.slug();
    let budget = dialog_href(set_budget);
    let link = move |op: Operation| {
        let label = op.label(labels);
        match op.unsupported_for(api_mode, resellers_customer) {
            Some(why) => Either::Left(
                view! { <span class="op-link disabled" title=why aria-disabled="true">{label}</span> },
            ),
            None => Either::Right(
                view! { <a class="op-link" href=dialog_href(op.slug()) data-operation=op.slug()>{label}</a> },
            ),
        }
    };
    let mut offered = offered.into_iter();
    let primary = offered.next().map(link.clone());
    let rest = offered.map(link).collect_view();
    EitherOf3::C(view! {
        {primary}
        <MoreMenu label=format!("More operations for {name}")>
            {rest}
            <a class="op-link" href=budget data-operation=set_budget>"Set Budget"</a>
            {timeline_link()}
        </MoreMenu>
    })
}

/// A value that may be longer than its column: cut with an ellipsis, whole on hover (the
/// title) and while the row has keyboard focus (see the style sheet).
#[component]
fn Clip(text: String) -> impl IntoView {
    let title = text.clone();
    view! { <span class="clip" title=title>{text}</span> }
}

/// The customer ID, cut to its column, and a button that copies it whole. The button
/// appears once WASM runs, as nothing could copy without it.
#[component]
fn CustomerId(id: String) -> impl IntoView {
    let hydrated = use_hydrated();
    let status = RwSignal::new(None::<&'static str>);
    let value = NodeRef::<leptos::html::Span>::new();
    let copy = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                let copied = copy_text(&id, value.get_untracked()).await;
                status.set(Some(if copied {
                    "Copied"
                } else {
                    "Could not copy: select the ID and press Ctrl+C"
                }));
            });
        }
    };
    view! {
        <span class="id-cell">
            <span class="clip mono" title=id.clone() node_ref=value>{id.clone()}</span>
            <button
                type="button"
                class="copy-id"
                hidden=move || !hydrated.get()
                aria-label=format!("Copy customer ID {id}")
                on:click=copy
            >
                <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
                    <rect x="5.5" y="5.5" width="8" height="8" rx="1" fill="none" stroke="currentColor" />
                    <path d="M3.5 10.5v-6a1 1 0 0 1 1-1h6" fill="none" stroke="currentColor" />
                </svg>
            </button>
            <span class="copy-status" role="status">{move || status.get()}</span>
        </span>
    }
}

/// Puts `text` on the clipboard: through the Clipboard API where the page is a secure
/// context (HTTPS, localhost), else by selecting `shown` and the copy command, which a
/// partner's plain-HTTP intranet deployment still allows.
async fn copy_text(text: &str, shown: Option<web_sys::HtmlSpanElement>) -> bool {
    use leptos::wasm_bindgen::JsCast;
    let window = window();
    if window.is_secure_context() {
        let written = window.navigator().clipboard().write_text(text);
        return wasm_bindgen_futures::JsFuture::from(written).await.is_ok();
    }
    let (Some(shown), Ok(Some(selection))) = (shown, window.get_selection()) else {
        return false;
    };
    selection.select_all_children(&shown).is_ok()
        && document()
            .dyn_into::<web_sys::HtmlDocument>()
            .is_ok_and(|document| document.exec_command("copy").unwrap_or(false))
}
