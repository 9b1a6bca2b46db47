//! The Set Budget dialog (`dialog=set-budget&ids=<customer id>`): the budget now, the new
//! amount and type, and lifting a purchase restriction with it.

use crate::language::{use_language, Language};
use domain::budget::BudgetType;
use domain::customer::CustomerState;
use domain::labels::LabelSet;
use domain::operation::CodeOperation;
use domain::record::RecordKind;
use i18n::{msg, t};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::code::{CodeField, CodeWords, GetCodeForm};
use super::{opener, DialogShell};
use crate::api::operations::{dialog_for_budget, BudgetDialog, CodeEntry, SetBudget};
use crate::api::verification::GetCode;
use crate::components::modal::{Modal, ModalSetup};

/// What the dialog's URL carries: the customer, and what a refused plain form post brought
/// back.
pub struct BudgetRequest {
    pub customer_id: String,
    pub amount: String,
    pub budget_type: Option<String>,
    pub error: Option<String>,
    pub code_sent: bool,
}

#[component]
pub fn BudgetDialogFromUrl(request: BudgetRequest, close: String) -> impl IntoView {
    let customer_id = request.customer_id.clone();
    let data = Resource::new(move || customer_id.clone(), dialog_for_budget);
    let request = std::sync::Arc::new(request);
    view! {
        <DialogShell data close=close.clone() let:data>
            <BudgetDialogView data request=request.clone() close=close.clone() />
        </DialogShell>
    }
}

#[component]
fn BudgetDialogView(
    data: BudgetDialog,
    request: std::sync::Arc<BudgetRequest>,
    close: String,
) -> impl IntoView {
    let language = use_language();
    let BudgetDialog {
        customer,
        labels,
        current,
        code,
        form_token,
    } = data;
    let chosen = request
        .budget_type
        .as_deref()
        .and_then(BudgetType::from_key)
        .or(current.as_ref().and_then(|c| c.budget_type))
        .unwrap_or_default();
    let now = current.map(|c| {
        let money = |value: Option<f64>| {
            value.map_or("—".to_owned(), |v| format!("{v:.2} {}", c.currency))
        };
        let kind = c
            .budget_type
            .map_or(msg!("budget-type-unknown"), BudgetType::label);
        t!(
            language,
            "budget-now",
            amount = money(c.amount),
            type = kind,
            used = money(c.used)
        )
    });
    let name = customer.display_name().to_owned();
    let ids = [customer.customer_id.clone()];
    let modal = ModalSetup {
        labelled_by: "op-dialog-title".to_owned(),
        described_by: "budget-now budget-note".to_owned(),
        close: close.clone(),
        opener: Some(opener(RecordKind::SetBudget.slug(), &ids)),
        alert: false,
    };
    let form = BudgetFormData {
        customer_id: customer.customer_id.clone(),
        back: close,
        form_token,
        amount: request.amount.clone(),
        chosen,
        frozen: matches!(customer.state, CustomerState::Frozen(_)),
        error: request.error.clone(),
        code,
        code_sent: request.code_sent,
        words: BudgetFormWords::new(language, labels),
    };

    view! {
        <Modal modal>
            <h2 id="op-dialog-title">{t!(language, "budget-title")}</h2>
            <p>{name} " " <span class="mono muted">{customer.customer_id}</span></p>
            <p id="budget-now" class="muted">{now.unwrap_or_else(|| t!(language, "budget-unreadable"))}</p>
            <BudgetForm form />
        </Modal>
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct BudgetFormData {
    customer_id: String,
    back: String,
    form_token: String,
    amount: String,
    chosen: BudgetType,
    /// The customer is restricted now: lifting it is ticked.
    frozen: bool,
    error: Option<String>,
    code: Option<CodeEntry>,
    code_sent: bool,
    words: BudgetFormWords,
}

/// The form's words in the reader's language: the island has no catalogue of its own.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct BudgetFormWords {
    amount: String,
    budget_type: String,
    /// Each budget type's label, in [`BudgetType::ALL`]'s order.
    type_labels: Vec<String>,
    also_unfreeze: String,
    code_needed_for: String,
    note: String,
    ok: String,
    cancel: String,
    code: CodeWords,
}

impl BudgetFormWords {
    fn new(language: Language, labels: LabelSet) -> Self {
        let (also_unfreeze, code_needed_for) = match labels {
            LabelSet::Current => (
                t!(language, "budget-also-unrestrict"),
                t!(language, "budget-code-for-unrestrict"),
            ),
            LabelSet::Classic => (
                t!(language, "budget-also-unfreeze"),
                t!(language, "budget-code-for-unfreeze"),
            ),
        };
        Self {
            amount: t!(language, "budget-amount"),
            budget_type: t!(language, "budget-type"),
            type_labels: BudgetType::ALL
                .iter()
                .map(|kind| kind.label().render(language))
                .collect(),
            also_unfreeze,
            code_needed_for,
            note: t!(language, "budget-note"),
            ok: t!(language, "dialog-ok"),
            cancel: t!(language, "dialog-cancel"),
            code: CodeWords::new(language),
        }
    }
}

#[island]
fn BudgetForm(form: BudgetFormData) -> impl IntoView {
    let BudgetFormData {
        customer_id,
        back,
        form_token,
        amount,
        chosen,
        frozen,
        error: url_error,
        code,
        code_sent,
        words,
    } = form;
    let set = ServerAction::<SetBudget>::new();
    let error = move || match set.value().get() {
        Some(Err(error)) => Some(error.to_string()),
        Some(Ok(_)) => None,
        None => url_error.clone(),
    };
    let get_code = ServerAction::<GetCode>::new();
    let code_words = words.code.clone();
    let code_needed_for = words.code_needed_for.clone();
    let code_field = code.map(|entry| {
        view! {
            <p class="muted">{code_needed_for}</p>
            <CodeField get_code entry code_sent required=false words=code_words />
        }
    });
    let get_code_form = code.map(|_| {
        let operation = CodeOperation::BudgetUnrestrict.slug();
        view! { <GetCodeForm get_code operation ids=vec![customer_id.clone()] /> }
    });

    view! {
        <ActionForm action=set attr:class="dialog-form">
            <input type="hidden" name="customer_id" value=customer_id.clone() />
            <input type="hidden" name="back" value=back.clone() />
            <input type="hidden" name="form_token" value=form_token />
            <label for="budget-amount" class="field-label">{words.amount}</label>
            <input id="budget-amount" name="amount" type="text" inputmode="decimal" required autofocus value=amount />
            <label for="budget-type" class="field-label">{words.budget_type}</label>
            <select id="budget-type" name="budget_type">
                {BudgetType::ALL
                    .iter()
                    .zip(words.type_labels)
                    .map(|(kind, label)| view! { <option value=kind.key() selected=*kind == chosen>{label}</option> })
                    .collect_view()}
            </select>
            <label class="agreement">
                <input type="checkbox" name="also_unfreeze" value="yes" checked=frozen />
                " " {words.also_unfreeze}
            </label>
            <p id="budget-note" class="muted">{words.note}</p>
            {code_field}
            {move || error().map(|error| view! { <div class="banner banner-error" role="alert">{error}</div> })}
            <div class="dialog-actions">
                <button type="submit" class="btn btn-primary" disabled=move || set.pending().get()>{words.ok}</button>
                <a class="btn" href=back data-close="">{words.cancel}</a>
            </div>
        </ActionForm>
        {get_code_form}
    }
}
