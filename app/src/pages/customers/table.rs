//! The customer table: sortable headers, the Operation column, and row selection for
//! batch operations.
//!
//! Selection is a GET form of checkboxes whose submit opens the chosen operation's dialog
//! for the ticked customers, so it works without WASM. Its island ([`selection`]) keeps
//! the selection across pages: ids ticked on other pages ride along when it submits.

mod row_controls;
mod selection;

use std::sync::Arc;

use domain::budget::BudgetUsage;
use domain::columns::{CustomerColumn, CustomerColumns};
use domain::customer::{
    AssociationType, CustomerQuery, CustomerRow, CustomerState, SortKey, SortOrder,
};
use domain::labels::{state_explanation, LabelSet};
use domain::operation::{ApiMode, Operation};
use domain::record::RecordKind;
use i18n::t;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;

use super::contact::ContactCell;
use crate::components::hidden::HiddenFields;
use crate::components::menu::MoreMenu;
use crate::language::use_language;
use crate::paths;
pub use selection::forget_selection;
use selection::{ClearSelection, SelectedCount, SelectionForm, SelectionWords};

/// The sortable columns before Contact and Status: sort key, the class that sets the
/// column's width, and the optional column it is (`None`: the Customer column, always
/// shown), whose name heads it.
const COLUMNS: [(SortKey, &str, Option<CustomerColumn>); 7] = [
    (SortKey::Customer, "col-text", None),
    (
        SortKey::AccountName,
        "col-text",
        Some(CustomerColumn::AccountName),
    ),
    (
        SortKey::CustomerId,
        "col-id",
        Some(CustomerColumn::CustomerId),
    ),
    (
        SortKey::AssociationType,
        "col-type",
        Some(CustomerColumn::AssociationType),
    ),
    (
        SortKey::AssociatedOn,
        "col-date",
        Some(CustomerColumn::AssociatedOn),
    ),
    (SortKey::Label, "col-text", Some(CustomerColumn::Label)),
    (
        SortKey::AccountManager,
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
    /// Admins also export the ticked customers from the batch bar.
    can_export: bool,
    columns: CustomerColumns,
) -> impl IntoView {
    let language = use_language();
    let resellers_customers = query.reseller.is_some();
    let empty = rows.is_empty();
    let view_params = query.to_params();
    let view: Arc<str> = paths::customers_view(&query).into();

    view! {
        <SelectionForm label=t!(language, "list-selection-label")>
            <HiddenFields fields=view_params.into_iter().filter(|(name, _)| *name != "page").collect() />
            {can_operate.then(|| view! { <BatchBar labels api_mode resellers_customers can_export /> })}
            <div>
                <table class="data-table customers-table" aria-label=t!(language, "list-tab-customers")>
                    <thead>
                        <tr>
                            {can_operate
                                .then(|| {
                                    view! {
                                        <th scope="col" class="select-col">
                                            <input
                                                type="checkbox"
                                                data-select-all=""
                                                aria-label=t!(language, "list-select-all")
                                            />
                                        </th>
                                    }
                                })}
                            {COLUMNS
                                .iter()
                                .filter(|(_, _, column)| column.is_none_or(|column| columns.shows(column)))
                                .map(|&(key, class, column)| {
                                    let title = column.map_or_else(
                                        || t!(language, "results-customer"),
                                        |column| column.label().render(language),
                                    );
                                    view! { <SortHeader key title class query=query.clone() /> }
                                })
                                .collect_view()}
                            {columns.shows(CustomerColumn::Contact).then(|| view! { <th scope="col" class="col-contact">{t!(language, "column-contact")}</th> })}
                            {columns.shows(CustomerColumn::BudgetUsage).then(|| view! { <th scope="col" class="col-budget">{t!(language, "column-budget-usage")}</th> })}
                            <SortHeader key=SortKey::Status title=t!(language, "list-column-status") class="col-status" query=query.clone() />
                            <th scope="col" class="operations">{t!(language, "list-column-operation")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|row| view! { <Row row view=view.clone() labels api_mode can_operate columns=columns.clone() /> })
                            .collect_view()}
                    </tbody>
                </table>
                {empty.then(|| view! { <p class="empty">{t!(language, "list-empty")}</p> })}
            </div>
        </SelectionForm>
    }
}

/// The operation to apply to the ticked customers, submitted as the dialog to open.
#[component]
fn BatchBar(
    labels: LabelSet,
    api_mode: ApiMode,
    resellers_customers: bool,
    can_export: bool,
) -> impl IntoView {
    let language = use_language();
    view! {
        <div class="batch-bar">
            <SelectedCount words=SelectionWords::new(language) />
            <label>
                {t!(language, "list-batch-operation")}
                " "
                <select name="dialog">
                    {Operation::ALL
                        .iter()
                        .map(|op| {
                            let unsupported = op.unsupported_for(api_mode, resellers_customers).is_some();
                            view! {
                                <option value=op.slug() disabled=unsupported>
                                    {op.label(labels).render(language)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="submit" class="btn">{t!(language, "list-batch-apply")}</button>
            // Opens the Export Selected dialog (`export=selected`) for the ticked customers.
            {can_export.then(|| view! { <button type="submit" class="btn" name="export" value="selected">{t!(language, "list-export-selected")}</button> })}
            <ClearSelection label=t!(language, "list-clear-selection") />
        </div>
    }
}

#[component]
fn SortHeader(
    key: SortKey,
    title: String,
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
    let href = paths::customers_view(&query.sorted_by(key));
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
    /// The list's view, as its operation links return to it.
    view: Arc<str>,
    labels: LabelSet,
    api_mode: ApiMode,
    can_operate: bool,
    columns: CustomerColumns,
) -> impl IntoView {
    let language = use_language();
    let status_class = match row.state {
        CustomerState::Active => "status status-normal",
        CustomerState::Frozen(_) => "status status-frozen",
    };
    let unconfirmed = matches!(row.state, CustomerState::Frozen(_)) && !row.level_confirmed;
    let explanation = if unconfirmed {
        t!(
            language,
            "list-level-unconfirmed-explanation",
            explanation = state_explanation(row.state)
        )
    } else {
        state_explanation(row.state).render(language)
    };
    let id = row.customer_id.clone();
    let checkbox_label = t!(
        language,
        "list-select-customer",
        account = &row.account_name
    );
    let customer = if row.customer.is_empty() {
        "—".to_owned()
    } else {
        row.customer.clone()
    };
    let operations = RowOperations {
        can_operate,
        reseller_model: row.association_type == AssociationType::Reseller,
        managed_by_reseller: row.managed_by_reseller,
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
                            <input type="checkbox" name="ids" value=id.clone() aria-label=checkbox_label />
                        </td>
                    }
                })}
            <td class="customer-cell" data-label=t!(language, "results-customer")><Clip text=customer /></td>
            {columns.shows(CustomerColumn::AccountName).then(|| view! { <td data-label=t!(language, "column-account-name")><Clip text=row.account_name.clone() /></td> })}
            {columns.shows(CustomerColumn::CustomerId).then(|| view! { <td data-label=t!(language, "column-customer-id")><CustomerId id=row.customer_id /></td> }.into_any())}
            {columns.shows(CustomerColumn::AssociationType).then(|| view! { <td data-label=t!(language, "column-association-type")>{row.association_type.label().render(language)}</td> })}
            {columns.shows(CustomerColumn::AssociatedOn).then(|| view! { <td data-label=t!(language, "column-associated-on") title=row.associated_on.clone()>{associated_on}</td> })}
            {columns.shows(CustomerColumn::Label).then(|| view! { <td data-label=t!(language, "column-label")><Clip text=row.label /></td> })}
            {columns.shows(CustomerColumn::AccountManager).then(|| view! { <td data-label=t!(language, "column-account-manager")><Clip text=row.account_managers /></td> })}
            {columns.shows(CustomerColumn::Contact).then(|| view! { <ContactCell customer_id=id.clone() account_name=row.account_name contact=row.contact can_reveal=can_operate /> })}
            {columns.shows(CustomerColumn::BudgetUsage).then(|| view! { <BudgetCell budget=row.budget /> }.into_any())}
            <td class="status-cell" data-label=t!(language, "list-column-status")>
                <span class=status_class title=explanation.clone()>
                    {labels.state_label(row.state).render(language)}
                </span>
                {unconfirmed.then(|| view! { <span class="level-note" title=explanation>{t!(language, "list-level-unconfirmed")}</span> })}
            </td>
            <td class="operations" data-label=t!(language, "list-column-operation")>
                // A flex box: each operation is an item of its own, not a link within text.
                <div class="op-list">
                    {view! { <OperationCell operations view labels api_mode /> }.into_any()}
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
    /// Its reseller restricts it itself, and BSS refuses this partner.
    managed_by_reseller: bool,
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
    view: Arc<str>,
    labels: LabelSet,
    api_mode: ApiMode,
) -> impl IntoView {
    let language = use_language();
    let RowOperations {
        can_operate,
        reseller_model,
        managed_by_reseller,
        name,
        offered,
        resellers_customer,
        customer_id,
    } = operations;
    let timeline = paths::timeline(&customer_id);
    let timeline_text = t!(language, "list-operation-timeline");
    let timeline_link = move || view! { <a class="op-link" href=timeline.clone() data-operation="timeline">{timeline_text.clone()}</a> };
    if !can_operate {
        return EitherOf3::A(
            view! { <span class="muted">{t!(language, "list-view-only")}</span> {timeline_link()} },
        );
    }
    let none_because = if !reseller_model {
        Some(("—".to_owned(), t!(language, "list-only-reseller-model")))
    } else if managed_by_reseller {
        Some((
            t!(language, "list-managed-by-reseller"),
            t!(language, "list-managed-by-reseller-why"),
        ))
    } else {
        None
    };
    if let Some((text, why)) = none_because {
        return EitherOf3::B(view! {
            <span class="muted" title=why>{text}</span>
            {timeline_link()}
        });
    }
    let ids = [customer_id];
    let dialog_href = move |slug: &str| paths::customer_dialog(&view, slug, &ids);
    let set_budget = RecordKind::SetBudget.slug();
    let budget = dialog_href(set_budget);
    let link = move |op: Operation| {
        let label = op.label(labels).render(language);
        match op.unsupported_for(api_mode, resellers_customer) {
            Some(why) => Either::Left(
                view! { <span class="op-link disabled" title=why.render(language) aria-disabled="true">{label}</span> },
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
        <MoreMenu label=t!(language, "list-more-operations", account = name)>
            {rest}
            <a class="op-link" href=budget data-operation=set_budget>{t!(language, "operation-set-budget")}</a>
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

/// The customer ID, cut to its column, and a button that copies it whole. The button is
/// hidden until WASM runs (`table/row_controls.rs`), as nothing could copy without it.
#[component]
fn CustomerId(id: String) -> impl IntoView {
    let language = use_language();
    view! {
        <span class="id-cell">
            <span class="clip mono" title=id.clone()>{id.clone()}</span>
            <button
                type="button"
                class="copy-id"
                value=id.clone()
                hidden=true
                aria-label=t!(language, "list-copy-id", id = &id)
            >
                <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
                    <rect x="5.5" y="5.5" width="8" height="8" rx="1" fill="none" stroke="currentColor" />
                    <path d="M3.5 10.5v-6a1 1 0 0 1 1-1h6" fill="none" stroke="currentColor" />
                </svg>
            </button>
            // The words the row's controls show after copying (`row_controls`).
            <span
                class="copy-status"
                role="status"
                data-copied=t!(language, "list-copied")
                data-not-copied=t!(language, "list-not-copied")
            ></span>
        </span>
    }
}

/// Used / budget with a bar; a dash for a customer BSS holds no budget for.
#[component]
fn BudgetCell(budget: Option<BudgetUsage>) -> impl IntoView {
    let language = use_language();
    let heading = t!(language, "column-budget-usage");
    let Some(budget) = budget else {
        return Either::Left(view! { <td class="budget-cell muted" data-label=heading>"—"</td> });
    };
    let percent = budget.percent_used();
    let spent = t!(
        language,
        "list-budget-spent",
        amounts = budget.amounts(),
        currency = &budget.currency
    );
    Either::Right(view! {
        <td class="budget-cell" data-label=heading title=spent>
            // Chromium colours the bar by these bounds: green to 80 %, amber to 99 %, then red.
            <meter
                min="0"
                max="100"
                low="80"
                high="99"
                optimum="0"
                value=percent.min(100).to_string()
                aria-label=t!(language, "list-budget-used", percent = percent.to_string())
            ></meter>
            " " <span class="budget-percent">{format!("{percent} %")}</span>
            <span class="budget-amounts">{budget.amounts()}</span>
        </td>
    })
}
