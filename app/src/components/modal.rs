//! A modal dialog, labelled by its title and described by what it says before OK.
//!
//! With WASM, focus moves into it when it opens (to the `autofocus` field, else the first
//! control), Tab and Shift+Tab wrap around inside it, Esc closes it, and focus goes back to
//! the control that opened it. Without WASM it is part of an ordinary page: `autofocus`
//! puts the keyboard in its form when the page loads, and Tab follows the markup.

use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use send_wrapper::SendWrapper;
use web_sys::{HtmlElement, KeyboardEvent};

use super::dom;

/// What Tab can reach inside a dialog.
const FOCUSABLE: &str =
    "a[href], button:not([disabled]), input:not([disabled]):not([type=\"hidden\"]), \
     select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex=\"-1\"])";

#[component]
pub fn Modal(
    /// The id of the dialog's title.
    labelled_by: &'static str,
    /// The ids (space-separated) of what the dialog says before OK: its impact, its explanation.
    described_by: &'static str,
    /// Where Esc goes: the page without the dialog.
    close: String,
    /// `alertdialog` for one that only reports why it cannot open.
    #[prop(default = "dialog")]
    role: &'static str,
    children: Children,
) -> impl IntoView {
    let modal = NodeRef::<html::Div>::new();
    let opener = StoredValue::new(None::<SendWrapper<HtmlElement>>);
    let opened = StoredValue::new(false);
    // Runs only in the browser. A Suspense builds the dialog before it puts it in the page,
    // and focus can only move once it is there.
    Effect::new(move || {
        if let Some(modal) = modal.get() {
            let element: HtmlElement = modal.into();
            when_in_page(element.clone(), move || {
                // Not again, nor after the dialog has gone.
                if opened.try_get_value() != Some(false) {
                    return;
                }
                opened.set_value(true);
                // Loaded with the page, the dialog's own autofocus field is active: no opener.
                let active = dom::active_element().filter(|active| !element.contains(Some(active)));
                opener.set_value(active.map(SendWrapper::new));
                let first = dom::element(&element, "[autofocus]")
                    .or_else(|| focusable_in(&element).into_iter().next());
                if let Some(first) = first {
                    let _ = first.focus();
                }
            });
        }
    });
    on_cleanup(move || {
        let opener = opener.try_update_value(Option::take).flatten();
        if let Some(opener) = opener
            .map(SendWrapper::take)
            .filter(|opener| opener.is_connected())
        {
            let _ = shown_for(opener).focus();
        }
    });
    let navigate = use_navigate();
    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            navigate(&close, NavigateOptions::default());
        }
        "Tab" => {
            if let Some(modal) = modal.get_untracked() {
                keep_tab_inside(&modal, &ev);
            }
        }
        _ => {}
    };

    view! {
        <div
            class="modal"
            role=role
            aria-modal="true"
            aria-labelledby=labelled_by
            aria-describedby=described_by
            node_ref=modal
            on:keydown=on_keydown
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

/// Runs `f` once `element` is in the page, checking at each of the next few frames.
pub fn when_in_page(element: HtmlElement, f: impl FnOnce() + 'static) {
    fn check(element: HtmlElement, f: impl FnOnce() + 'static, frames_left: u8) {
        if element.is_connected() {
            f();
        } else if frames_left > 0 {
            request_animation_frame(move || check(element, f, frames_left - 1));
        }
    }
    check(element, f, 10);
}

/// The opener, or the button of the closed menu it sits in (a More item): an element in a
/// closed `<details>` is not shown and cannot take focus.
fn shown_for(opener: HtmlElement) -> HtmlElement {
    opener
        .closest("details:not([open])")
        .ok()
        .flatten()
        .and_then(|menu| dom::element(&menu, "summary"))
        .unwrap_or(opener)
}
