//! A `<details>` disclosure used as a popover (the More menu, the Columns chooser). Without
//! WASM it is the browser's own disclosure; with WASM, Esc closes it and gives focus back
//! to its summary, and it closes when focus leaves it (Tab away or a click elsewhere).

use leptos::html;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use web_sys::{FocusEvent, HtmlDetailsElement, KeyboardEvent, Node};

use super::dom::element;

/// A disclosure popover of class `class` whose summary says `summary`; its content is
/// server HTML.
#[island]
pub fn Popover(class: String, summary: String, children: Children) -> impl IntoView {
    let popover = NodeRef::<html::Details>::new();
    let on_keydown = move |ev: KeyboardEvent| {
        if let Some(details) = popover.get() {
            close_on_escape(&details, &ev);
        }
    };
    let on_focusout = move |ev: FocusEvent| {
        if let Some(details) = popover.get() {
            close_when_focus_leaves(&details, &ev);
        }
    };
    view! {
        <details class=class node_ref=popover on:keydown=on_keydown on:focusout=on_focusout>
            <summary>{summary}</summary>
            {children()}
        </details>
    }
}

/// Closes an open disclosure on Esc; says whether it did, so a caller handles other keys.
pub fn close_on_escape(details: &HtmlDetailsElement, ev: &KeyboardEvent) -> bool {
    if ev.key() != "Escape" || !details.open() {
        return false;
    }
    ev.prevent_default();
    details.set_open(false);
    if let Some(summary) = element(details, "summary") {
        let _ = summary.focus();
    }
    true
}

/// Closes the disclosure when focus moves to anything outside it.
pub fn close_when_focus_leaves(details: &HtmlDetailsElement, ev: &FocusEvent) {
    let to = ev
        .related_target()
        .and_then(|target| target.dyn_into::<Node>().ok());
    if !details.contains(to.as_ref()) {
        details.set_open(false);
    }
}
