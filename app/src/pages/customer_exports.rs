//! View Export (admins only): the customer-list exports, newest first, each with who asked,
//! when, what it covers, its format, whether names and contacts are whole, where it stands
//! and, once done, its download. Without WASM a reload shows a running export's progress;
//! with WASM the page reloads itself while one runs.

use std::time::Duration;

use domain::customer_export::{CustomerExport, ExportState, LISTED_EXPORTS};
use domain::labels::LabelSet;
use i18n::{msg, t};
use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::customer_exports::{list_customer_exports, CustomerExportListing};
use crate::components::layout::PageHeader;
use crate::components::loaded::Loaded;
use crate::components::time::exact_time;
use crate::language::use_language;
use crate::paths;

#[component]
pub fn CustomerExportsPage() -> impl IntoView {
    let language = use_language();
    let listing = Resource::new(|| (), |_| list_customer_exports());
    view! {
        <Title text=t!(language, "page-view-export") />
        <PageHeader trail=vec![msg!("nav-sales"), msg!("nav-customers"), msg!("nav-customer-management")] title=msg!("page-view-export") />
        <p class="page-intro">
            {t!(language, "exports-intro", listed = LISTED_EXPORTS)}
            " "
            <a href=paths::CUSTOMERS>{t!(language, "exports-back")}</a>
        </p>
        <Loaded data=listing loading=t!(language, "exports-loading") failed=t!(language, "exports-failed") let:listing>
            <ExportTable listing />
        </Loaded>
    }
}

#[component]
fn ExportTable(listing: CustomerExportListing) -> impl IntoView {
    let language = use_language();
    let CustomerExportListing { exports, labels } = listing;
    let unfinished = exports.iter().any(|export| !export.state.is_finished());
    let empty = exports.is_empty();
    view! {
        <div class="table-scroll">
            <table class="data-table" aria-label=t!(language, "exports-table")>
                <thead>
                    <tr>
                        <th scope="col">{t!(language, "exports-asked-at")}</th>
                        <th scope="col">{t!(language, "exports-by")}</th>
                        <th scope="col">{t!(language, "exports-what")}</th>
                        <th scope="col">{t!(language, "export-format")}</th>
                        <th scope="col">{t!(language, "exports-full-values")}</th>
                        <th scope="col">{t!(language, "exports-state")}</th>
                        <th scope="col">{t!(language, "exports-rows")}</th>
                        <th scope="col">{t!(language, "exports-file")}</th>
                    </tr>
                </thead>
                <tbody>
                    {exports.into_iter().map(|export| view! { <ExportRow export labels /> }).collect_view()}
                </tbody>
            </table>
        </div>
        {empty.then(|| view! { <p class="empty">{t!(language, "exports-empty")}</p> })}
        {unfinished.then(|| view! { <ReloadWhileRunning running=t!(language, "exports-running") /> })}
    }
}

#[component]
fn ExportRow(export: CustomerExport, labels: LabelSet) -> impl IntoView {
    let language = use_language();
    let file = match (export.state, export.error) {
        (ExportState::Done, _) => EitherOf3::A(view! {
            <a class="btn btn-small" href=paths::customer_export_file(export.id) download="" rel="external">
                {t!(language, "exports-download")}
            </a>
        }),
        (ExportState::Failed, error) => EitherOf3::B(view! {
            <span class="export-error">{error.unwrap_or_default()}</span>
        }),
        _ => EitherOf3::C(view! { <span class="muted">{t!(language, "exports-not-ready")}</span> }),
    };
    let created_at = export.created_at.clone();
    view! {
        <tr data-export-id=export.id data-state=export.state.key()>
            <td title=created_at>{exact_time(language, &export.created_at)}</td>
            <td>{export.staff_email}</td>
            <td>{export.scope.describe(labels, language)}</td>
            <td>{export.format.label()}</td>
            <td>{if export.full_values { t!(language, "exports-yes") } else { t!(language, "exports-anonymised") }}</td>
            <td class="export-state">{export.state.label().render(language)}</td>
            <td>{export.rows.map(|rows| rows.to_string()).unwrap_or_default()}</td>
            <td>{file}</td>
        </tr>
    }
}

/// While an export runs, reloads the page every few seconds so its state shows without a
/// manual reload (without WASM, a reload does the same). `running` says so, in the reader's
/// language.
#[island]
pub fn ReloadWhileRunning(running: String) -> impl IntoView {
    Effect::new(move || {
        set_timeout(
            || {
                let _ = window().location().reload();
            },
            Duration::from_secs(2),
        );
    });
    view! { <p class="muted" role="status">{running}</p> }
}
