//! A modal dialog, labelled by its title and described by what it says before OK. Dialogs
//! open from the URL, so the server renders one as part of its page.
//!
//! Without WASM the page behind it is inert, `autofocus` puts the keyboard in its form, and
//! Tab follows the markup. The island adds: Tab and Shift+Tab wrap around inside it, Esc
//! closes it, and closing it (Esc, or a link marked `data-close`) gives focus back to the
//! control that opened it once the page behind has loaded again.

use leptos::html;
use leptos::prelude::*;
use web_sys::{HtmlElement, KeyboardEvent, MouseEvent};

use super::dom;
use super::hydration::return_focus_to;

/// What Tab can reach inside a dialog.
const FOCUSABLE: &str =
    "a[href], button:not([disabled]), input:not([disabled]):not([type=\"hidden\"]), \
     select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex=\"-1\"])";

/// What a [`Modal`] is, and where closing it goes.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ModalSetup {
    /// The id of the dialog's title.
    pub labelled_by: String,
    /// The ids (space-separated) of what the dialog says before OK: its impact, its explanation.
    pub described_by: String,
    /// Where Esc goes: the page without the dialog.
    pub close: String,
    /// A CSS selector of the control that opened the dialog on the page `close` loads.
    pub opener: Option<String>,
    /// `alertdialog` for one that only reports why it cannot open.
    pub alert: bool,
}

#[island]
pub fn Modal(modal: ModalSetup, children: Children) -> impl IntoView {
    let ModalSetup {
        labelled_by,
        described_by,
        close,
        opener,
        alert,
    } = modal;
    let node = NodeRef::<html::Div>::new();
    // Focus moves in, unless the keyboard is already inside (the page's autofocus field, or
    // wherever the person went before WASM ran).
    Effect::new(move || {
        if let Some(modal) = node.get() {
            let element: HtmlElement = modal.into();
            let inside =
                dom::active_element().is_some_and(|active| element.contains(Some(&active)));
            if !inside {
                let first = dom::element(&element, "[autofocus]")
                    .or_else(|| focusable_in(&element).into_iter().next());
                if let Some(first) = first {
                    let _ = first.focus();
                }
            }
        }
    });
    let remember_opener = {
        let opener = opener.clone();
        move || {
            if let Some(opener) = &opener {
                return_focus_to(opener);
            }
        }
    };
    let on_keydown = {
        let remember_opener = remember_opener.clone();
        move |ev: KeyboardEvent| match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                remember_opener();
                let _ = window().location().assign(&close);
            }
            "Tab" => {
                if let Some(modal) = node.get_untracked() {
                    keep_tab_inside(&modal, &ev);
                }
            }
            _ => {}
        }
    };
    let on_click = move |ev: MouseEvent| {
        let closing = ev
            .target()
            .and_then(|target| {
                leptos::wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(target).ok()
            })
            .and_then(|target| target.closest("[data-close]").ok().flatten())
            .is_some();
        if closing {
            remember_opener();
        }
    };

    view! {
        <div
            class="modal"
            role=if alert { "alertdialog" } else { "dialog" }
            aria-modal="true"
            aria-labelledby=labelled_by
            aria-describedby=described_by
            node_ref=node
            on:keydown=on_keydown
            on:click=on_click
        >
            {children()}
        </div>
    }
}

/// Tab from the last control goes to the first, Shift+Tab from the first to the last; from
/// anything else in the dialog that Tab does not reach (the dialog itself, after a click),
/// to the first or last.
fn keep_tab_inside(modal: &HtmlElement, ev: &KeyboardEvent) {
    let focusable = focusable_in(modal);
    let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else {
        return;
    };
    let active = dom::active_element();
    let is_active = |element: &HtmlElement| active.as_ref() == Some(element);
    let reachable = focusable.iter().any(is_active);
    let next = if ev.shift_key() {
        (is_active(first) || !reachable).then_some(last)
    } else {
        (is_active(last) || !reachable).then_some(first)
    };
    if let Some(next) = next {
        ev.prevent_default();
        let _ = next.focus();
    }
}

/// The dialog's controls in Tab order that are shown (a hidden form's are not).
fn focusable_in(modal: &HtmlElement) -> Vec<HtmlElement> {
    dom::elements(modal, FOCUSABLE)
        .into_iter()
        .filter(|element| element.offset_parent().is_some())
        .collect()
}
