//! The controls inside the rows, run by the table's one island ([`super::selection`])
//! from the events that bubble up to its form: the Customer ID's copy button, the Contact's
//! eye toggle and the More menu's keys. One island per page instead of three per row: each
//! island is rendered with its own owner and its props serialised into the page, and
//! hydrated on its own.
//!
//! The rows are server HTML; these handlers read what they need from it (the button's
//! `value` is its customer's id) and write their results back into it.

use domain::contact::Contact;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use web_sys::{Element, Event, FocusEvent, HtmlDetailsElement, HtmlElement, KeyboardEvent};

use crate::api::customers::reveal_contact;
use crate::components::disclosure::close_when_focus_leaves;
use crate::components::dom;
use crate::components::menu;

/// The copy buttons are in the HTML hidden, as nothing can copy without WASM.
pub fn show_copy_buttons(form: &Element) {
    for button in dom::elements(form, "button.copy-id[hidden]") {
        button.set_hidden(false);
    }
}

pub fn on_click(ev: web_sys::MouseEvent) {
    if let Some(button) = closest(&ev, "button.copy-id") {
        copy_id(&button);
    } else if let Some(button) = closest(&ev, "button.reveal-toggle") {
        // With WASM the toggle swaps the values in place instead of loading the page.
        ev.prevent_default();
        toggle_contact(button);
    }
}

pub fn on_keydown(ev: KeyboardEvent) {
    if let Some(details) = more_menu(&ev) {
        menu::on_keydown(&details, &ev);
    }
}

pub fn on_focusout(ev: FocusEvent) {
    if let Some(details) = more_menu(&ev) {
        close_when_focus_leaves(&details, &ev);
    }
}

/// The element matching `selector` that the event happened in, if any.
fn closest(ev: &Event, selector: &str) -> Option<HtmlElement> {
    ev.target()?
        .dyn_into::<Element>()
        .ok()?
        .closest(selector)
        .ok()??
        .dyn_into()
        .ok()
}

fn more_menu(ev: &Event) -> Option<HtmlDetailsElement> {
    closest(ev, "details.more-menu")?.dyn_into().ok()
}

fn copy_id(button: &HtmlElement) {
    let Some(cell) = button.closest(".id-cell").ok().flatten() else {
        return;
    };
    let (Some(id), Some(status)) = (
        button.get_attribute("value"),
        dom::element(&cell, ".copy-status"),
    ) else {
        return;
    };
    let shown = dom::element(&cell, ".clip").and_then(|span| span.dyn_into().ok());
    leptos::task::spawn_local(async move {
        let copied = copy_text(&id, shown).await;
        // The words are the server's, in the reader's language (`CustomerId`).
        let words = if copied {
            "data-copied"
        } else {
            "data-not-copied"
        };
        status.set_text_content(status.get_attribute(words).as_deref());
    });
}

/// Puts `text` on the clipboard: through the Clipboard API where the page is a secure
/// context (HTTPS, localhost), else by selecting `shown` and the copy command, which a
/// partner's plain-HTTP intranet deployment still allows.
async fn copy_text(text: &str, shown: Option<web_sys::HtmlSpanElement>) -> bool {
    let window = window();
    if window.is_secure_context() {
        let written = window.navigator().clipboard().write_text(text);
        return wasm_bindgen_futures::JsFuture::from(written).await.is_ok();
    }
    let (Some(shown), Ok(Some(selection))) = (shown, window.get_selection()) else {
        return false;
    };
    selection.select_all_children(&shown).is_ok()
        && document()
            .dyn_into::<web_sys::HtmlDocument>()
            .is_ok_and(|document| document.exec_command("copy").unwrap_or(false))
}

/// Masks a revealed contact again, or asks the server for the real values (which records
/// the reveal as a security event) and shows them, or says why it could not.
fn toggle_contact(toggle: HtmlElement) {
    let Some(cell) = ContactParts::of(toggle) else {
        return;
    };
    if cell.toggle.get_attribute("aria-pressed").as_deref() == Some("true") {
        let text = |element: &HtmlElement| element.text_content().unwrap_or_default();
        return cell.show(&Contact::masked(&text(&cell.email), &text(&cell.phone)));
    }
    let Some(customer_id) = cell.toggle.get_attribute("value") else {
        return;
    };
    leptos::task::spawn_local(async move {
        match reveal_contact(customer_id).await {
            Ok(contact) => {
                cell.error.set_text_content(None);
                cell.show(&contact);
            }
            Err(failure) => cell.error.set_text_content(Some(&failure.to_string())),
        }
    });
}

/// The parts of a Contact cell (`ContactCell` in `contact.rs`) the toggle changes.
struct ContactParts {
    toggle: HtmlElement,
    email: HtmlElement,
    phone: HtmlElement,
    error: HtmlElement,
}

impl ContactParts {
    fn of(toggle: HtmlElement) -> Option<Self> {
        let cell = toggle.closest("td.contact").ok()??;
        Some(Self {
            email: dom::element(&cell, ".contact-email")?,
            phone: dom::element(&cell, ".contact-phone")?,
            error: dom::element(&cell, ".contact-error")?,
            toggle,
        })
    }

    fn show(&self, contact: &Contact) {
        self.email.set_text_content(Some(&contact.email));
        self.phone.set_text_content(Some(&contact.telephone));
        let pressed = if contact.revealed { "true" } else { "false" };
        let _ = self.toggle.set_attribute("aria-pressed", pressed);
    }
}
