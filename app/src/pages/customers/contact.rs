//! The Contact column: a customer's e-mail and phone, masked as the HTML carries them, and
//! an eye toggle that asks the server for the real values (operators and admins; each
//! reveal is a security event).
//!
//! Without WASM the toggle submits [`RevealForm`], which shows the same view with
//! `reveal=<customer id>`: the server reveals that one row. With WASM the table's island
//! calls `reveal_contact` instead and swaps the values in place, and back to masked.

use domain::contact::Contact;
use domain::customer::CustomerQuery;
use i18n::t;
use leptos::prelude::*;

use crate::components::hidden::HiddenFields;
use crate::language::use_language;
use crate::paths;

/// The id of the form the toggles submit; it sits outside the table's own selection form.
const REVEAL_FORM: &str = "reveal-contact";

/// The current view as a GET form, which a toggle submits with or without `reveal`.
#[component]
pub fn RevealForm(query: CustomerQuery) -> impl IntoView {
    view! {
        <form id=REVEAL_FORM method="GET" action=paths::CUSTOMERS hidden>
            <HiddenFields fields=query.to_params() />
        </form>
    }
}

/// The masked (or, for `reveal`, revealed) values and their toggle. With WASM the table's
/// island handles the toggle (`table/row_controls.rs`): it swaps the values in place and
/// writes a failure into the cell's alert.
#[component]
pub fn ContactCell(
    customer_id: String,
    account_name: String,
    contact: Contact,
    /// Operators and admins; a viewer sees the masked values only.
    can_reveal: bool,
) -> impl IntoView {
    // Without WASM the masked row's toggle asks for `reveal=<id>`, the revealed row's for
    // the view without it (a button without a name sends nothing).
    let language = use_language();
    let reveal_name = (!contact.revealed).then_some("reveal");
    let pressed = if contact.revealed { "true" } else { "false" };
    let toggle = can_reveal.then(|| {
        view! {
            <button
                type="submit"
                class="btn btn-link reveal-toggle"
                form=REVEAL_FORM
                name=reveal_name
                value=customer_id
                aria-pressed=pressed
                aria-label=t!(language, "list-contact-show", account = account_name)
            >
                <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
                    <path d="M1 8s2.5-5 7-5 7 5 7 5-2.5 5-7 5-7-5-7-5z" fill="none" stroke="currentColor" />
                    <circle cx="8" cy="8" r="2.2" fill="none" stroke="currentColor" />
                </svg>
            </button>
        }
    });
    view! {
        <td class="contact" data-label=t!(language, "column-contact")>
            <span class="contact-cell">
                <span class="contact-values">
                    <span class="clip contact-email">{contact.email}</span>
                    <span class="clip contact-phone">{contact.telephone}</span>
                </span>
                {toggle}
            </span>
            {can_reveal.then(|| view! { <span class="field-error contact-error" role="alert"></span> })}
        </td>
    }
    // Erased: inlined, the cell's type makes the table's too deep for the compiler.
    .into_any()
}
