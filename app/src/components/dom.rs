//! Finding elements for the keyboard handling of menus and dialogs (browser only).

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

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
