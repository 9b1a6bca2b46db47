//! "Columns": which optional columns of the customer table the signed-in member sees. A
//! form of checkboxes, so it works without WASM (the post comes back to the same view); the
//! choice is kept on the server, per member, so it holds in every browser they use.

use domain::columns::{CustomerColumn, CustomerColumns};
use leptos::html;
use leptos::prelude::*;

use crate::api::customers::SaveCustomerColumns;
use crate::components::disclosure::{close_on_escape, close_when_focus_leaves};
use crate::components::form_status::FormStatus;

/// `back` is the view the form returns to without WASM; with WASM, a save bumps `saved`,
/// which reloads the list with the new columns.
#[component]
pub fn ColumnChooser(
    columns: CustomerColumns,
    back: String,
    saved: RwSignal<u32>,
) -> impl IntoView {
    let save = ServerAction::<SaveCustomerColumns>::new();
    Effect::new(move |_| {
        if save.value().with(|result| matches!(result, Some(Ok(_)))) {
            saved.update(|version| *version += 1);
        }
    });
    let chooser = NodeRef::<html::Details>::new();
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if let Some(details) = chooser.get() {
            close_on_escape(&details, &ev);
        }
    };
    let on_focusout = move |ev: web_sys::FocusEvent| {
        if let Some(details) = chooser.get() {
            close_when_focus_leaves(&details, &ev);
        }
    };
    view! {
        <details
            class="column-chooser"
            node_ref=chooser
            on:keydown=on_keydown
            on:focusout=on_focusout
        >
            <summary>"Columns"</summary>
            <ActionForm action=save attr:class="column-form">
                <input type="hidden" name="back" value=back />
                <fieldset>
                    <legend>"Optional columns to show"</legend>
                    {CustomerColumn::ALL
                        .into_iter()
                        .map(|column| {
                            view! {
                                <label>
                                    <input
                                        type="checkbox"
                                        name="columns[]"
                                        value=column.key()
                                        checked=columns.shows(column)
                                    />
                                    " "
                                    {column.label()}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <button type="submit" class="btn btn-small">"Save"</button>
            </ActionForm>
        </details>
        <FormStatus action=save />
    }
}
