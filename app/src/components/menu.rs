//! A row's More menu: a disclosure (`<details>`), so Enter, Space and a click open it
//! without WASM. With WASM, the island the menus sit in passes their keys to [`on_keydown`]:
//! the arrow keys, Home and End move through the items, and Esc closes it as every
//! disclosure popover does (`disclosure`).

use i18n::t;
use leptos::prelude::*;
use web_sys::{HtmlDetailsElement, HtmlElement, KeyboardEvent};

use super::disclosure::close_on_escape;
use super::dom::{active_element, elements};
use crate::language::use_language;

#[component]
pub fn MoreMenu(
    /// The button's accessible name; it starts with the visible "More".
    label: String,
    /// The menu's links (server HTML).
    children: Children,
) -> impl IntoView {
    let language = use_language();
    view! {
        <details class="more-menu">
            <summary class="op-link more-button" aria-label=label>
                {t!(language, "menu-more")}
            </summary>
            <div class="more-items">{children()}</div>
        </details>
    }
}

/// A key pressed in the menu `details`.
pub fn on_keydown(details: &HtmlDetailsElement, ev: &KeyboardEvent) {
    if close_on_escape(details, ev) {
        return;
    }
    let items = items(details);
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
}

/// The menu's links and buttons, in order.
fn items(details: &HtmlDetailsElement) -> Vec<HtmlElement> {
    elements(details, ".more-items a, .more-items button")
}

fn is_focused(item: &HtmlElement) -> bool {
    active_element().as_ref() == Some(item)
}
