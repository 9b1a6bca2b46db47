//! The verification code field with "Get Code", used inside the dialogs' form islands.

use i18n::t;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::operations::CodeEntry;
use crate::api::verification::GetCode;
use crate::language::Language;

/// The code field's words in the reader's language, `{…}` marking what only the browser
/// knows: the address the code went to, its minutes, the seconds left.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CodeWords {
    label: String,
    get_code: String,
    resend_in: String,
    sent_to: String,
    sent: String,
}

const SECONDS: &str = "{seconds}";
const TO: &str = "{to}";
const MINUTES: &str = "{minutes}";

impl CodeWords {
    pub fn new(language: Language) -> Self {
        Self {
            label: t!(language, "code-label"),
            get_code: t!(language, "code-get"),
            resend_in: t!(language, "code-resend-in", seconds = SECONDS),
            sent_to: t!(language, "code-sent-to", to = TO, minutes = MINUTES),
            sent: t!(language, "code-sent"),
        }
    }
}

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
    words: CodeWords,
) -> impl IntoView {
    let CodeWords {
        label,
        get_code: get_code_label,
        resend_in,
        sent_to,
        sent,
    } = words;
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
        Some(Ok(code)) => Some(
            sent_to
                .replace(TO, &code.sent_to)
                .replace(MINUTES, &(code.valid_for_secs / 60).to_string()),
        ),
        Some(Err(error)) => Some(error.to_string()),
        None => code_sent.then(|| sent.clone()),
    };

    view! {
        <div class="code-field">
            <label for="op-code" class="field-label">{label}</label>
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
                        0 => get_code_label.clone(),
                        seconds => resend_in.replace(SECONDS, &seconds.to_string()),
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
