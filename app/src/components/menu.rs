//! A row's More menu: a disclosure (`<details>`), so Enter, Space and a click open it
//! without WASM. The island adds: the arrow keys, Home and End move through its items, and
//! it closes as every disclosure popover does (`disclosure`).

use leptos::html;
use leptos::prelude::*;

use super::disclosure::{close_on_escape, close_when_focus_leaves};
use super::dom::{active_element, elements};

#[island]
pub fn MoreMenu(
    /// The button's accessible name; it starts with the visible "More".
    label: String,
    /// The menu's links (server HTML).
    children: Children,
) -> impl IntoView {
    let menu = NodeRef::<html::Details>::new();
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let Some(details) = menu.get() else { return };
        if close_on_escape(&details, &ev) {
            return;
        }
        let items = items(&details);
        let last = items.len().saturating_sub(1);
        let current = items.iter().position(is_focused);
        let next = match ev.key().as_str() {
            "ArrowDown" => current.map_or(0, |i| if i == last { 0 } else { i + 1 }),
            "ArrowUp" => current.map_or(last, |i| if i == 0 { last } else { i - 1 }),
            "Home" => 0,
            "End" => last,
            _ => return,
        };
        ev.prevent_default();
        details.set_open(true);
        if let Some(item) = items.get(next) {
            let _ = item.focus();
        }
    };
    let on_focusout = move |ev: web_sys::FocusEvent| {
        if let Some(details) = menu.get() {
            close_when_focus_leaves(&details, &ev);
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
