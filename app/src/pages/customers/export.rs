//! Export (admins only), as in Partner Center: "Export All" exports every customer the view
//! matches (all pages), "Export Selected" the ticked ones (a dialog the batch bar opens,
//! `export=selected&ids=…` in the URL). Both are plain forms that post and go on to View
//! Export, where the task shows its state and, when done, its download.

use domain::customer::CustomerQuery;
use domain::customer_export::{ExportFormat, ExportScopeKind};
use domain::paging::PageRequest;
use i18n::t;
use leptos::either::Either;
use leptos::prelude::*;

use crate::api::customer_exports::StartCustomerExport;
use crate::components::disclosure::Popover;
use crate::components::modal::{Modal, ModalSetup};
use crate::language::use_language;
use crate::paths;

/// The URL parameter (`export=selected`) that opens the Export Selected dialog.
pub const EXPORT_PARAM: &str = "export";

/// The Export popover beside Columns: Export All of `query`'s view, and View Export.
#[component]
pub fn ExportChooser(query: CustomerQuery) -> impl IntoView {
    let language = use_language();
    let start = ServerAction::<StartCustomerExport>::new();
    // Every page: the view without its page.
    let view = query.with_page(PageRequest::default()).to_query_string();
    let view = view.trim_start_matches('?').to_owned();
    view! {
        <Popover class="export-chooser".to_owned() summary=t!(language, "export-button")>
            <div class="export-panel">
            <ActionForm action=start attr:class="export-form">
                <input type="hidden" name="scope" value=ExportScopeKind::All.key() />
                <input type="hidden" name="view" value=view />
                <p class="muted">{t!(language, "export-all-explanation")}</p>
                <ExportFields />
                <button type="submit" class="btn btn-small btn-primary">{t!(language, "export-all")}</button>
            </ActionForm>
            <a href=paths::CUSTOMER_EXPORTS>{t!(language, "page-view-export")}</a>
            </div>
        </Popover>
    }
}

/// The format and "full values" choices both exports share.
#[component]
fn ExportFields() -> impl IntoView {
    let language = use_language();
    view! {
        <fieldset>
            <legend>{t!(language, "export-format")}</legend>
            {ExportFormat::ALL
                .into_iter()
                .map(|format| {
                    view! {
                        <label>
                            <input
                                type="radio"
                                name="format"
                                value=format.key()
                                checked=format == ExportFormat::default()
                            />
                            " "
                            {format.label()}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
        <label>
            <input type="checkbox" name="full_values" value="on" />
            " "
            {t!(language, "export-full-values")}
        </label>
    }
}

/// Export Selected for `ids`, over the list view `close` (where Cancel goes).
#[component]
pub fn ExportSelectedDialog(ids: Vec<String>, close: String) -> impl IntoView {
    let language = use_language();
    let start = ServerAction::<StartCustomerExport>::new();
    let modal = ModalSetup {
        labelled_by: "export-dialog-title".to_owned(),
        described_by: "export-dialog-what".to_owned(),
        close: close.clone(),
        opener: Some(".batch-bar button[name=export]".to_owned()),
        alert: ids.is_empty(),
    };
    let what = match ids.len() {
        0 => t!(language, "export-none-selected"),
        count => t!(language, "export-selected-count", count = count),
    };
    let actions = if ids.is_empty() {
        Either::Left(view! {
            <div class="dialog-actions">
                <a class="btn" href=close data-close="" autofocus>{t!(language, "export-close")}</a>
            </div>
        })
    } else {
        Either::Right(view! {
            <ActionForm action=start attr:class="export-form">
                <input type="hidden" name="scope" value=ExportScopeKind::Selected.key() />
                <input type="hidden" name="ids" value=ids.join(",") />
                <ExportFields />
                <div class="dialog-actions">
                    <button type="submit" class="btn btn-primary" autofocus>{t!(language, "export-button")}</button>
                    <a class="btn" href=close data-close="">{t!(language, "export-cancel")}</a>
                </div>
            </ActionForm>
        })
    };
    view! {
        <div class="modal-backdrop">
            <Modal modal>
                <h2 id="export-dialog-title">{t!(language, "list-export-selected")}</h2>
                <p id="export-dialog-what">{what}</p>
                {actions}
            </Modal>
        </div>
    }
}
