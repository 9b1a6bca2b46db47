//! Finding elements for the keyboard handling of menus and dialogs, and the tab's session
//! storage (browser only).

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, Storage};

/// The elements under `root` that match `selector`, in document order.
pub fn elements(root: &Element, selector: &str) -> Vec<HtmlElement> {
    let Ok(found) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// The first element under `root` that matches `selector`.
pub fn element(root: &Element, selector: &str) -> Option<HtmlElement> {
    root.query_selector(selector).ok()??.dyn_into().ok()
}

/// The element that has focus.
pub fn active_element() -> Option<HtmlElement> {
    document().active_element()?.dyn_into().ok()
}

/// The element, or the button of the closed menu it sits in (a More item): an element in a
/// closed `<details>` is not shown and cannot take focus.
pub fn shown_for(element: HtmlElement) -> HtmlElement {
    element
        .closest("details:not([open])")
        .ok()
        .flatten()
        .and_then(|menu| self::element(&menu, "summary"))
        .unwrap_or(element)
}

/// The tab's session storage, where the browser allows it.
pub fn session_storage() -> Option<Storage> {
    window().session_storage().ok().flatten()
}
