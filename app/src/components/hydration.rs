//! What the islands share about running in the browser.

use leptos::prelude::*;

use super::dom;

/// False while the server renders and until the calling island has hydrated, then true:
/// controls that cannot work without WASM wait for it.
pub fn hydrated() -> ReadSignal<bool> {
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move || set_hydrated.set(true));
    hydrated
}

/// The session-storage key of the control to focus when the next page has hydrated.
const RETURN_FOCUS: &str = "return-focus";

/// Notes the control (a CSS selector) that gets focus back on the page the browser is
/// about to load: a dialog closing returns focus to what opened it, across the page load.
pub fn return_focus_to(selector: &str) {
    if let Some(storage) = dom::session_storage() {
        let _ = storage.set_item(RETURN_FOCUS, selector);
    }
}

/// The page's last island. Islands hydrate in document order, so when this one runs every
/// other island of the page has: it marks the page interactive and gives focus back to the
/// control noted by [`return_focus_to`], if this page has it.
#[island]
pub fn PageReady() -> impl IntoView {
    Effect::new(move || {
        let document = document();
        if let Some(console) = document.query_selector(".console").ok().flatten() {
            let _ = console.set_attribute("data-hydrated", "true");
        }
        let Some(storage) = dom::session_storage() else {
            return;
        };
        if let Ok(Some(selector)) = storage.get_item(RETURN_FOCUS) {
            let _ = storage.remove_item(RETURN_FOCUS);
            if let Some(control) = document
                .document_element()
                .and_then(|root| dom::element(&root, &selector))
            {
                let _ = dom::shown_for(control).focus();
            }
        }
    });
}
