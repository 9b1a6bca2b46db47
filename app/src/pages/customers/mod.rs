//! Sales > Customers > Customer Management.
//!
//! Everything the page shows lives in its URL: the view (search, filters, sort, page), an
//! open dialog (`dialog`, `ids`) and the record of the last operation (`record`). So the
//! page works without WASM (links, GET forms, form posts that redirect back) and a view can
//! be shared; it renders on the server only, and its islands add what needs the browser.

mod columns;
mod contact;
mod dialog;
mod export;
mod filters;
pub(crate) mod record;
mod table;

use domain::customer::CustomerQuery;
use domain::record::RecordKind;
use i18n::{msg, t};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::api::customers::{list_customers, CustomerListing};
use crate::api::verification::CODE_SENT_PARAM;
use crate::components::layout::PageHeader;
use crate::components::loaded::Loaded;
use crate::components::outage::OutageBanner;
use crate::components::pagination::Pagination;
use crate::language::use_language;
use crate::paths;
use dialog::{budget::BudgetRequest, operation::DialogRequest};

/// The selected customer ids a URL names, as `ids=a,b` or as repeated `ids` (a GET form).
fn ids_param(params: &ParamsMap) -> Vec<String> {
    params
        .get_all("ids")
        .unwrap_or_default()
        .iter()
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect()
}

#[component]
pub fn CustomerManagement() -> impl IntoView {
    let language = use_language();
    let params = use_query_map().get_untracked();
    let query = CustomerQuery::from_params(|name| params.get_str(name));
    // The row whose contact the page shows unmasked without WASM (see `contact`).
    let reveal = params.get("reveal");
    let listing = Resource::new(
        {
            let query = query.clone();
            move || (query.clone(), reveal.clone())
        },
        |(query, reveal)| list_customers(query, reveal),
    );
    let record_id = params.get_str("record").and_then(|r| r.parse::<i64>().ok());
    // Export Selected shares the batch bar's form, which also sends its operation.
    let export_selected = params.get_str(export::EXPORT_PARAM) == Some("selected");
    let dialog = params.get("dialog").filter(|_| !export_selected);
    let close = paths::customers_view(&query);

    view! {
        <Title text=t!(language, "nav-customer-management") />
        // Without WASM a dialog is part of the page: the list behind it is inert, so Tab
        // stays in the dialog (with WASM the dialog keeps it there itself).
        <div inert=dialog.is_some() || export_selected>
            <PageHeader trail=vec![msg!("nav-sales"), msg!("nav-customers")] title=msg!("nav-customer-management") />
            {record_id.map(|id| view! { <record::RecordPanel record_id=id view=close.clone() /> })}
            <Loaded data=listing loading=t!(language, "list-loading") failed=t!(language, "list-failed") let:listing>
                <CustomerList listing query=query.clone() />
            </Loaded>
        </div>
        {export_selected.then(|| view! { <export::ExportSelectedDialog ids=ids_param(&params) close=close.clone() /> })}
        {dialog.map(|slug| dialog_from_url(slug, &params, close))}
    }
}

/// The dialog the URL opens, with what it carries.
fn dialog_from_url(slug: String, params: &ParamsMap, close: String) -> impl IntoView {
    let ids = ids_param(params);
    let error = params.get("error");
    let code_sent = params.get_str(CODE_SENT_PARAM).is_some();
    if slug == RecordKind::SetBudget.slug() {
        let request = BudgetRequest {
            customer_id: ids.into_iter().next().unwrap_or_default(),
            amount: params.get("amount").unwrap_or_default(),
            budget_type: params.get("budget_type"),
            error,
            code_sent,
        };
        Either::Left(view! { <dialog::BudgetDialogFromUrl request close /> })
    } else {
        let request = DialogRequest {
            ids,
            reason: params.get("reason").unwrap_or_default(),
            error,
            retry_of: params
                .get_str("retry_of")
                .and_then(|r| r.parse::<i64>().ok()),
            code_sent,
        };
        Either::Right(view! { <dialog::DialogFromUrl slug request close /> })
    }
}

#[component]
fn CustomerList(listing: CustomerListing, query: CustomerQuery) -> impl IntoView {
    let CustomerListing {
        customers,
        labels,
        api_mode,
        sync,
        resellers,
        label_options,
        manager_options,
        can_operate,
        can_export,
        outage,
        columns,
        reseller_restricts_itself,
    } = listing;
    let language = use_language();
    let page_query = query.clone();
    let href = move |page| paths::customers_view(&page_query.with_page(page));
    // Said once above the table; each operation link also carries it as its title.
    let cannot_operate = query
        .reseller
        .is_some()
        .then(|| api_mode.resellers_customers_unsupported())
        .flatten()
        .filter(|_| can_operate)
        .map(|why| why.render(language));
    let keep: Vec<_> = query
        .to_params()
        .into_iter()
        .filter(|(name, _)| !["page", "page_size"].contains(name))
        .collect();

    view! {
        {outage.map(|outage| view! { <OutageBanner outage /> })}
        <filters::Tabs query=query.clone() resellers=resellers.clone() />
        <section class="panel">
            <filters::SyncBar sync />
            {cannot_operate.map(|why| view! { <div class="banner banner-info" role="note">{why}</div> })}
            {reseller_restricts_itself.then(|| view! {
                <div class="banner banner-info" role="note">{t!(language, "list-reseller-restricts-itself")}</div>
            })}
            <filters::Filters query=query.clone() resellers labels label_options manager_options />
            <columns::ColumnChooser columns=columns.clone() back=paths::customers_view(&query) />
            {can_export.then(|| view! { <export::ExportChooser query=query.clone() /> })}
            <contact::RevealForm query=query.clone() />
            <table::CustomerTable
                rows=customers.rows
                query=query.clone()
                labels
                api_mode
                can_operate
                can_export
                columns
            />
            <Pagination page=customers.page total=customers.total capped=customers.capped href action=paths::CUSTOMERS keep />
        </section>
    }
}
