//! Sales > Customers > Customer Management.
//!
//! Everything the page shows lives in its URL: the view (search, filters, sort, page), an
//! open dialog (`dialog`, `ids`) and the record of the last operation (`record`). So the
//! page works without WASM (links, GET forms, form posts that redirect back), a view can
//! be shared, and with WASM the same URLs simply change without a reload.

mod columns;
mod contact;
mod dialog;
mod filters;
mod record;
mod table;

use domain::customer::CustomerQuery;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::customers::{list_customers, CustomerListing};
use crate::components::layout::{use_hydrated, PageHeader};
use crate::components::outage::OutageBanner;
use crate::components::pagination::Pagination;

pub(crate) const PATH: &str = "/sales/customers";

/// The URL of a view of the list.
pub(crate) fn view_href(query: &CustomerQuery) -> String {
    format!("{PATH}{}", query.to_query_string())
}

/// The selected customer ids a URL names, as `ids=a,b` or as repeated `ids` (a GET form).
pub(crate) fn ids_param(params: &leptos_router::params::ParamsMap) -> Vec<String> {
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
    table::provide_selection();
    let params = use_query_map();
    // A memo, so opening a dialog or a record (other parameters) does not reload the list.
    let query =
        Memo::new(move |_| params.with(|p| CustomerQuery::from_params(|name| p.get_str(name))));
    // Bumped when an operation finishes, so the list shows the customers' new states.
    let list_version = RwSignal::new(0u32);
    // The row whose contact the page shows unmasked without WASM (see `contact`).
    let reveal = Memo::new(move |_| params.with(|p| p.get("reveal")));
    let listing = Resource::new(
        move || (query.get(), reveal.get(), list_version.get()),
        |(query, reveal, _)| list_customers(query, reveal),
    );
    let record_id = Memo::new(move |_| {
        params.with(|p| p.get_str("record").and_then(|r| r.parse::<i64>().ok()))
    });
    let dialog = Memo::new(move |_| params.with(|p| p.get("dialog")));

    // Without WASM a dialog is part of the page, so the list behind it is inert and Tab
    // stays in the dialog. With WASM the dialog keeps Tab inside itself and gives focus
    // back to the list when it closes, which an inert list would refuse.
    let hydrated = use_hydrated();
    let behind_dialog = move || !hydrated.get() && dialog.with(Option::is_some);

    view! {
        <Title text="Customer Management" />
        <div inert=behind_dialog>
            <PageHeader trail=&["Sales", "Customers"] title="Customer Management" />
            {move || record_id.get().map(|id| view! { <record::RecordPanel record_id=id view=query.get() on_finished=list_version /> })}
            <Suspense fallback=|| view! { <p class="loading">"Loading customers…"</p> }>
                {move || Suspend::new(async move {
                    match listing.await {
                        Ok(listing) => Either::Left(view! { <CustomerList listing query=query.get_untracked() reload=list_version /> }),
                        Err(error) => {
                            Either::Right(view! {
                                <div class="banner banner-error" role="alert">
                                    <strong>"Customers could not be loaded. "</strong>
                                    {error.to_string()}
                                </div>
                            })
                        }
                    }
                })}
            </Suspense>
        </div>
        {move || {
            dialog
                .get()
                .map(|slug| {
                    if slug == domain::record::RecordKind::SetBudget.slug() {
                        Either::Left(view! { <dialog::BudgetDialogFromUrl view=query.get() /> })
                    } else {
                        Either::Right(view! { <dialog::DialogFromUrl slug view=query.get() /> })
                    }
                })
        }}
    }
}

#[component]
fn CustomerList(
    listing: CustomerListing,
    query: CustomerQuery,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let CustomerListing {
        customers,
        labels,
        api_mode,
        sync,
        resellers,
        label_options,
        manager_options,
        can_operate,
        outage,
        columns,
    } = listing;
    let page_query = query.clone();
    let href = move |page| view_href(&page_query.with_page(page));
    // Said once above the table; each operation link also carries it as its title.
    let cannot_operate = query
        .reseller
        .is_some()
        .then(|| api_mode.resellers_customers_unsupported())
        .flatten()
        .filter(|_| can_operate);
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
            <filters::Filters query=query.clone() resellers labels label_options manager_options />
            <columns::ColumnChooser columns=columns.clone() back=view_href(&query) saved=reload />
            <contact::RevealForm query=query.clone() />
            <table::CustomerTable
                rows=customers.rows.clone()
                query=query.clone()
                labels
                api_mode
                can_operate
                columns
            />
            <Pagination page=customers.page total=customers.total href action=PATH keep />
        </section>
    }
}
