//! The verification code field with "Get Code", used inside the dialogs' form islands.

use leptos::prelude::*;

use crate::api::operations::CodeEntry;
use crate::api::verification::GetCode;

/// The code field and "Get Code". The button submits [`GetCodeForm`] (joined through the
/// `form` attribute), so it works as a plain post without WASM; with WASM it counts down to
/// the next allowed resend, starting from what the server said when the dialog loaded.
/// `required`: every submit of the form needs the code, rather than only some (Set Budget
/// needs one only to lift a restriction).
#[component]
pub fn CodeField(
    get_code: ServerAction<GetCode>,
    entry: CodeEntry,
    code_sent: bool,
    required: bool,
) -> impl IntoView {
    // 0 until WASM runs: a browser without it must be able to press the button.
    let wait = RwSignal::new(0i64);
    Effect::new(move || wait.set(entry.resend_after_secs));
    Effect::new(move || {
        if let Some(Ok(sent)) = get_code.value().get() {
            wait.set(sent.resend_after_secs);
        }
    });
    // Counts down once a second while a resend must wait.
    Effect::new(move || {
        if wait.get() > 0 {
            set_timeout(
                move || wait.update(|w| *w = (*w - 1).max(0)),
                std::time::Duration::from_secs(1),
            );
        }
    });
    let status = move || match get_code.value().get() {
        Some(Ok(sent)) => Some(format!(
            "A code was sent to {}. It is valid for {} minutes.",
            sent.sent_to,
            sent.valid_for_secs / 60
        )),
        Some(Err(error)) => Some(error.to_string()),
        None => code_sent.then(|| "A code was sent to your e-mail.".to_owned()),
    };

    view! {
        <div class="code-field">
            <label for="op-code" class="field-label">"Verification Code"</label>
            <div class="code-row">
                <input
                    id="op-code"
                    name="code"
                    type="text"
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    maxlength="6"
                    pattern="[0-9]{6}"
                    required=required
                />
                <button
                    type="submit"
                    form="get-code-form"
                    class="btn"
                    disabled=move || { wait.get() > 0 || get_code.pending().get() }
                >
                    {move || match wait.get() {
                        0 => "Get Code".to_owned(),
                        seconds => format!("Resend in {seconds} s"),
                    }}
                </button>
            </div>
            <p class="muted" role="status">{status}</p>
        </div>
    }
}

/// What "Get Code" posts: the operation and exactly the customers the code is bound to. A
/// form of its own, after the dialog's form: forms cannot nest.
#[component]
pub fn GetCodeForm(
    get_code: ServerAction<GetCode>,
    operation: &'static str,
    ids: Vec<String>,
) -> impl IntoView {
    view! {
        <ActionForm action=get_code attr:id="get-code-form" attr:class="hidden-form">
            <input type="hidden" name="operation" value=operation />
            {ids
                .into_iter()
                .enumerate()
                .map(|(i, id)| view! { <input type="hidden" name=format!("customer_ids[{i}]") value=id /> })
                .collect_view()}
        </ActionForm>
    }
}
