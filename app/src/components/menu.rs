//! A row's More menu: a disclosure (`<details>`), so Enter, Space and a click open it
//! without WASM. With WASM, the arrow keys, Home and End move through its items, Esc
//! closes it and gives focus back to its button, and it closes when focus leaves it.

use leptos::html;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

use super::dom::{active_element, element, elements};

#[component]
pub fn MoreMenu(
    /// The button's accessible name; it starts with the visible "More".
    label: String,
    children: Children,
) -> impl IntoView {
    let menu = NodeRef::<html::Details>::new();
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let Some(details) = menu.get() else { return };
        let items = items(&details);
        let last = items.len().saturating_sub(1);
        let current = items.iter().position(is_focused);
        let next = match ev.key().as_str() {
            "ArrowDown" => current.map_or(0, |i| if i == last { 0 } else { i + 1 }),
            "ArrowUp" => current.map_or(last, |i| if i == 0 { last } else { i - 1 }),
            "Home" => 0,
            "End" => last,
            "Escape" if details.open() => {
                ev.prevent_default();
                details.set_open(false);
                if let Some(summary) = element(&details, "summary") {
                    let _ = summary.focus();
                }
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        details.set_open(true);
        if let Some(item) = items.get(next) {
            let _ = item.focus();
        }
    };
    // Tab away or a click elsewhere closes it, as a menu would.
    let on_focusout = move |ev: web_sys::FocusEvent| {
        let Some(details) = menu.get() else { return };
        let to = ev
            .related_target()
            .and_then(|target| target.dyn_into::<web_sys::Node>().ok());
        if !details.contains(to.as_ref()) {
            details.set_open(false);
        }
    };

    view! {
        <details class="more-menu" node_ref=menu on:keydown=on_keydown on:focusout=on_focusout>
            <summary class="op-link more-button" aria-label=label>
                "More"
            </summary>
            <div class="more-items">{children()}</div>
        </details>
    }
}

/// The menu's links and buttons, in order.
fn items(details: &web_sys::HtmlDetailsElement) -> Vec<web_sys::HtmlElement> {
    elements(details, ".more-items a, .more-items button")
}

fn is_focused(item: &web_sys::HtmlElement) -> bool {
    active_element().as_ref() == Some(item)
}
