//! View Export (admins only): the customer-list exports, newest first, each with who asked,
//! when, what it covers, its format, whether names and contacts are whole, where it stands
//! and, once done, its download. Without WASM a reload shows a running export's progress;
//! with WASM the page reloads itself while one runs.

use crate::language::use_language;
use i18n::msg;
use std::time::Duration;

use domain::customer_export::{CustomerExport, ExportState, LISTED_EXPORTS};
use domain::labels::LabelSet;
use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::customer_exports::{list_customer_exports, CustomerExportListing};
use crate::components::layout::PageHeader;
use crate::components::loaded::Loaded;
use crate::components::time::exact_time;
use crate::paths;

#[component]
pub fn CustomerExportsPage() -> impl IntoView {
    let listing = Resource::new(|| (), |_| list_customer_exports());
    view! {
        <Title text="View Export" />
        <PageHeader trail=vec![msg!("nav-sales"), msg!("nav-customers"), msg!("nav-customer-management")] title=msg!("page-view-export") />
        <p class="page-intro">
            "Exports of the customer list, newest first (the latest "
            {LISTED_EXPORTS}
            " exports). Names, e-mails and phone numbers are anonymised unless the export was asked \
             for with full values, which is recorded as a security event. "
            <a href=paths::CUSTOMERS>"Back to Customer Management"</a>
        </p>
        <Loaded data=listing loading="Loading exports…" failed="Exports could not be loaded." let:listing>
            <ExportTable listing />
        </Loaded>
    }
}

#[component]
fn ExportTable(listing: CustomerExportListing) -> impl IntoView {
    let CustomerExportListing { exports, labels } = listing;
    let unfinished = exports.iter().any(|export| !export.state.is_finished());
    let empty = exports.is_empty();
    view! {
        <div class="table-scroll">
            <table class="data-table" aria-label="Customer exports">
                <thead>
                    <tr>
                        <th scope="col">"Asked at"</th>
                        <th scope="col">"By"</th>
                        <th scope="col">"What"</th>
                        <th scope="col">"Format"</th>
                        <th scope="col">"Full values"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Rows"</th>
                        <th scope="col">"File"</th>
                    </tr>
                </thead>
                <tbody>
                    {exports.into_iter().map(|export| view! { <ExportRow export labels /> }).collect_view()}
                </tbody>
            </table>
        </div>
        {empty.then(|| view! { <p class="empty">"No exports yet. Export from Customer Management."</p> })}
        {unfinished.then(|| view! { <ReloadWhileRunning /> })}
    }
}

#[component]
fn ExportRow(export: CustomerExport, labels: LabelSet) -> impl IntoView {
    let language = use_language();
    let file = match (export.state, export.error) {
        (ExportState::Done, _) => EitherOf3::A(view! {
            <a class="btn btn-small" href=paths::customer_export_file(export.id) download="" rel="external">
                "Download"
            </a>
        }),
        (ExportState::Failed, error) => EitherOf3::B(view! {
            <span class="export-error">{error.unwrap_or_default()}</span>
        }),
        _ => EitherOf3::C(view! { <span class="muted">"Not ready yet"</span> }),
    };
    let created_at = export.created_at.clone();
    view! {
        <tr data-export-id=export.id data-state=export.state.key()>
            <td title=created_at>{exact_time(language, &export.created_at)}</td>
            <td>{export.staff_email}</td>
            <td>{export.scope.describe(labels)}</td>
            <td>{export.format.label()}</td>
            <td>{if export.full_values { "Yes" } else { "No (anonymised)" }}</td>
            <td class="export-state">{export.state.label().render(language)}</td>
            <td>{export.rows.map(|rows| rows.to_string()).unwrap_or_default()}</td>
            <td>{file}</td>
        </tr>
    }
}

/// While an export runs, reloads the page every few seconds so its state shows without a
/// manual reload (without WASM, a reload does the same).
#[island]
pub fn ReloadWhileRunning() -> impl IntoView {
    Effect::new(move || {
        set_timeout(
            || {
                let _ = window().location().reload();
            },
            Duration::from_secs(2),
        );
    });
    view! { <p class="muted" role="status">"An export is running; this page updates when it finishes."</p> }
}
