//! The dialogs of Customer Management, opened from the URL (`dialog=<operation>&ids=<customer
//! ids>`, or `dialog=set-budget`). Each states what it will do before OK; without WASM it is
//! a plain form that posts and comes back, and its islands add the modal behaviour
//! ([`Modal`]) and the live parts of the form.

pub mod budget;
mod code;
pub mod operation;

pub use budget::BudgetDialogFromUrl;
pub use operation::DialogFromUrl;

use i18n::t;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::components::loaded::Awaited;
use crate::components::modal::{Modal, ModalSetup};
use crate::error::AppError;
use crate::language::use_language;

/// The shell every dialog shares: the backdrop, and the dialog once its data has loaded,
/// or one that says why it cannot open.
#[component]
fn DialogShell<T, V, F>(
    data: Resource<Result<T, AppError>>,
    close: String,
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
{
    let loading = t!(use_language(), "dialog-loading");
    view! {
        <div class="modal-backdrop">
            <Awaited
                data
                fallback=move || view! { <div class="modal" role="dialog" aria-label=loading.clone() aria-busy="true">{loading.clone()}</div> }
                loaded=children
                failed=move |error: AppError| view! { <CannotOpen error=error.to_string() close=close.clone() /> }
            />
        </div>
    }
}

#[component]
fn CannotOpen(error: String, close: String) -> impl IntoView {
    let language = use_language();
    let modal = ModalSetup {
        labelled_by: "op-dialog-title".to_owned(),
        described_by: "op-dialog-error".to_owned(),
        close: close.clone(),
        opener: None,
        alert: true,
    };
    view! {
        <Modal modal>
            <h2 id="op-dialog-title">{t!(language, "dialog-cannot-open")}</h2>
            <div id="op-dialog-error" class="banner banner-error" role="alert">{error}</div>
            <div class="dialog-actions">
                <a class="btn" href=close data-close="">{t!(language, "dialog-close")}</a>
            </div>
        </Modal>
    }
}

/// The control a dialog for `ids` was opened from on the list: the row's operation link
/// for one customer, the batch bar's button for several.
fn opener(slug: &str, ids: &[String]) -> String {
    match ids {
        [id] => format!(
            "tr[data-customer-id=\"{}\"] [data-operation=\"{}\"]",
            css_string(id),
            css_string(slug)
        ),
        _ => ".batch-bar button[type=submit]".to_owned(),
    }
}

/// `value` escaped for a double-quoted CSS string.
fn css_string(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dialog_knows_the_control_it_was_opened_from() {
        assert_eq!(
            opener("freeze-account", &["c\"1".to_owned()]),
            "tr[data-customer-id=\"c\\\"1\"] [data-operation=\"freeze-account\"]"
        );
        assert_eq!(
            opener("freeze-account", &["a".to_owned(), "b".to_owned()]),
            ".batch-bar button[type=submit]"
        );
    }
}
