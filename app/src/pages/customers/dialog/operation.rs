//! The operation dialog, opened from the URL (`dialog=<operation>&ids=<customer ids>`).
//!
//! It states the impact before OK, takes the reason (with a live character count), the
//! agreement where the operation needs it and the verification code when that setting is
//! on. Without WASM it is a plain form that posts and comes back; with WASM it is a modal
//! ([`Modal`]: focus inside, Esc closes), OK waits for the agreement, and a failure keeps
//! what was typed.

use domain::budget::BudgetType;
use domain::customer::{CustomerQuery, CustomerRow};
use domain::impact::ResourceImpact;
use domain::labels::LabelSet;
use domain::operation::{CodeOperation, MAX_REASON_CHARS};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{ids_param, view_href};
use crate::api::operations::{
    dialog_for_budget, dialog_for_operation, BudgetDialog, OperationDialog, RunOperation, SetBudget,
};
use crate::api::verification::{GetCode, CODE_SENT_PARAM};
use crate::components::layout::use_hydrated;
use crate::components::modal::Modal;
use crate::components::outage::OutageBanner;

/// The path of the agreement the resource-level freeze asks partners to accept.
pub const AGREEMENT_PATH: &str = "/agreements/partner-budget-management";

#[component]
pub fn DialogFromUrl(slug: String, view: CustomerQuery) -> impl IntoView {
    let params = use_query_map();
    let (ids, reason, error, retry_of, code_sent) = params.with_untracked(|p| {
        (
            ids_param(p),
            p.get("reason").unwrap_or_default(),
            p.get("error"),
            p.get_str("retry_of").and_then(|r| r.parse::<i64>().ok()),
            p.get_str(CODE_SENT_PARAM).is_some(),
        )
    });
    let close = view_href(&view);
    let data = Resource::new(
        {
            let ids = ids.clone();
            move || (slug.clone(), ids.clone())
        },
        |(slug, ids)| dialog_for_operation(slug, ids),
    );

    view! {
        <div class="modal-backdrop">
            <Suspense fallback=|| view! { <div class="modal" role="dialog" aria-label="Loading" aria-busy="true">"Loading…"</div> }>
                {move || {
                    let (ids, reason, error, close) = (ids.clone(), reason.clone(), error.clone(), close.clone());
                    Suspend::new(async move {
                        match data.await {
                            Ok(data) => {
                                Either::Left(view! {
                                    <OperationDialogView data ids reason url_error=error retry_of code_sent close />
                                })
                            }
                            Err(error) => Either::Right(view! { <CannotOpen error=error.to_string() close /> }),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
fn OperationDialogView(
    data: OperationDialog,
    ids: Vec<String>,
    reason: String,
    url_error: Option<String>,
    retry_of: Option<i64>,
    code_sent: bool,
    close: String,
) -> impl IntoView {
    let OperationDialog {
        operation,
        customers,
        labels,
        code_required,
        unsupported,
        not_applicable,
        resources,
        outage,
        form_token,
    } = data;
    let run = ServerAction::<RunOperation>::new();
    let reason_text = RwSignal::new(reason.clone());
    let agreed = RwSignal::new(false);
    // Only once WASM runs may OK wait for the agreement: a browser without WASM could
    // never enable it again.
    let hydrated = use_hydrated();

    let error = move || match run.value().get() {
        Some(Err(error)) => Some(error.to_string()),
        Some(Ok(_)) => None,
        None => url_error.clone(),
    };
    let count = move || reason_text.with(|r| r.trim().chars().count());
    let needs_agreement = operation.needs_agreement();
    let blocked = unsupported.is_some() || !not_applicable.is_empty();
    let ok_disabled = move || {
        blocked || run.pending().get() || (hydrated.get() && needs_agreement && !agreed.get())
    };
    let title = operation.label(labels);
    let customer_count = customers.len();
    let ids_value = ids.join(",");
    let back = close.clone();
    let escape = close.clone();
    let get_code = ServerAction::<GetCode>::new();
    let code_field =
        code_required.then(|| view! { <CodeField get_code code_sent required=true /> });
    // A form of its own, after the dialog's form: forms cannot nest.
    let get_code_form = code_required
        .then(|| view! { <GetCodeForm get_code operation=operation.slug() ids=ids.clone() /> });

    view! {
        <Modal labelled_by="op-dialog-title" described_by="op-dialog-impact" close=escape>
            <h2 id="op-dialog-title">{title}</h2>
            {outage.map(|outage| view! { <OutageBanner outage /> })}
            <CustomerSummary customers />
            <section class="impact" id="op-dialog-impact">
                <h3>"Impact"</h3>
                <p>{operation.impact()}</p>
                {resources.map(|resources| view! { <ResourceTable resources /> })}
            </section>
            {unsupported.map(|why| view! { <div class="banner banner-error" role="alert">{why}</div> })}
            {(!not_applicable.is_empty())
                .then(|| {
                    view! {
                        <div class="banner banner-error" role="alert">
                            {format!(
                                "{title} does not apply to: {}. Go back and select only reseller-model customers in the matching state.",
                                not_applicable.join(", "),
                            )}
                        </div>
                    }
                })}
            <ActionForm action=run attr:class="dialog-form" attr:id="operation-form">
                <input type="hidden" name="operation" value=operation.slug() />
                <input type="hidden" name="customer_ids" value=ids_value />
                <input type="hidden" name="back" value=back />
                <input type="hidden" name="form_token" value=form_token />
                {retry_of.map(|id| view! { <input type="hidden" name="retry_of" value=id.to_string() /> })}
                <label for="op-reason" class="field-label">
                    "Reason" <span class="required" aria-hidden="true">"*"</span>
                </label>
                <textarea
                    id="op-reason"
                    name="reason"
                    rows="4"
                    required
                    autofocus
                    aria-describedby="op-reason-count"
                    on:input=move |ev| reason_text.set(event_target_value(&ev))
                    prop:value=move || reason_text.get()
                >
                    {reason}
                </textarea>
                <p
                    id="op-reason-count"
                    class=move || counter_class(count())
                >
                    {move || {
                        if hydrated.get() {
                            format!("{}/{MAX_REASON_CHARS}", count())
                        } else {
                            format!("At most {MAX_REASON_CHARS} characters.")
                        }
                    }}
                </p>
                {needs_agreement
                    .then(|| {
                        view! {
                            <label class="agreement">
                                <input
                                    type="checkbox"
                                    name="agreed"
                                    value="yes"
                                    on:change=move |ev| agreed.set(event_target_checked(&ev))
                                />
                                " I have read and agree to "
                                <a href=AGREEMENT_PATH target="_blank" rel="noopener">
                                    "Agreement for Partners to Manage Customer Budgets"
                                </a>
                            </label>
                        }
                    })}
                {code_field}
                {move || error().map(|error| view! { <div class="banner banner-error" role="alert">{error}</div> })}
                <div class="dialog-actions">
                    <button type="submit" class="btn btn-primary" disabled=ok_disabled>
                        {move || if run.pending().get() { "Working…" } else { "OK" }}
                    </button>
                    <a class="btn" href=close>"Cancel"</a>
                </div>
                <p class="muted">
                    {format!("{customer_count} customer(s). Batches run in calls of at most 10 customers.")}
                </p>
            </ActionForm>
            {get_code_form}
        </Modal>
    }
}

#[component]
fn CustomerSummary(customers: Vec<CustomerRow>) -> impl IntoView {
    const SHOWN: usize = 8;
    let more = customers.len().saturating_sub(SHOWN);
    view! {
        <div class="dialog-customers">
            <p>{format!("Customers ({}):", customers.len())}</p>
            <ul>
                {customers
                    .into_iter()
                    .take(SHOWN)
                    .map(|c| {
                        let name = if c.customer.is_empty() { c.account_name.clone() } else { c.customer.clone() };
                        view! {
                            <li>
                                {name} " " <span class="mono muted">{c.customer_id}</span>
                            </li>
                        }
                    })
                    .collect_view()}
                {(more > 0).then(|| view! { <li class="muted">{format!("and {more} more")}</li> })}
            </ul>
        </div>
    }
}

#[component]
fn ResourceTable(resources: Vec<ResourceImpact>) -> impl IntoView {
    if resources.is_empty() {
        return Either::Left(view! { <p class="muted">"The customer has no cloud resources."</p> });
    }
    Either::Right(view! {
        <table class="data-table compact" aria-label="Resources affected">
            <thead>
                <tr>
                    <th scope="col">"Resource"</th>
                    <th scope="col">"Service"</th>
                    <th scope="col">"Region"</th>
                    <th scope="col">"Billing"</th>
                    <th scope="col">"What happens"</th>
                </tr>
            </thead>
            <tbody>
                {resources
                    .into_iter()
                    .map(|r| {
                        view! {
                            <tr>
                                <td>{r.name}</td>
                                <td>{r.service_type}</td>
                                <td>{r.region}</td>
                                <td>{if r.pay_per_use { "Pay-per-use" } else { "Yearly/Monthly" }}</td>
                                <td>{r.effect}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    })
}

/// The verification code field with "Get Code". The button submits [`GetCodeForm`]
/// (joined through the `form` attribute), so it works as a plain post without WASM; with
/// WASM it counts down to the next allowed resend. `required`: every submit of the form
/// needs the code, rather than only some (Set Budget needs one only to lift a restriction).
#[component]
fn CodeField(get_code: ServerAction<GetCode>, code_sent: bool, required: bool) -> impl IntoView {
    let wait = RwSignal::new(0i64);
    Effect::new(move || {
        if let Some(Ok(sent)) = get_code.value().get() {
            wait.set(sent.resend_after_secs);
        }
    });
    // Counts down once a second while a resend must wait (browser only, like all effects).
    Effect::new(move || {
        if wait.get() > 0 {
            set_timeout(
                move || wait.update(|w| *w = (*w - 1).max(0)),
                std::time::Duration::from_secs(1),
            );
        }
    });
    let status = move || match get_code.value().get() {
        Some(Ok(sent)) => Some(format!("A code was sent to {}.", sent.sent_to)),
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

/// What "Get Code" posts: the operation and exactly the customers the code is bound to.
#[component]
fn GetCodeForm(
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

fn counter_class(count: usize) -> &'static str {
    if count > MAX_REASON_CHARS {
        "counter over"
    } else {
        "counter"
    }
}

/// The Set Budget dialog (`dialog=set-budget&ids=<customer id>`).
#[component]
pub fn BudgetDialogFromUrl(view: CustomerQuery) -> impl IntoView {
    let params = use_query_map();
    let (customer_id, amount, budget_type, error, code_sent) = params.with_untracked(|p| {
        (
            ids_param(p).into_iter().next().unwrap_or_default(),
            p.get("amount").unwrap_or_default(),
            p.get("budget_type"),
            p.get("error"),
            p.get_str(CODE_SENT_PARAM).is_some(),
        )
    });
    let close = view_href(&view);
    let data = Resource::new(move || customer_id.clone(), dialog_for_budget);

    view! {
        <div class="modal-backdrop">
            <Suspense fallback=|| view! { <div class="modal" role="dialog" aria-label="Loading" aria-busy="true">"Loading…"</div> }>
                {move || {
                    let (amount, budget_type, error, close) = (amount.clone(), budget_type.clone(), error.clone(), close.clone());
                    Suspend::new(async move {
                        match data.await {
                            Ok(data) => Either::Left(view! { <BudgetDialogView data amount budget_type url_error=error code_sent close /> }),
                            Err(error) => Either::Right(view! { <CannotOpen error=error.to_string() close /> }),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
fn BudgetDialogView(
    data: BudgetDialog,
    amount: String,
    budget_type: Option<String>,
    url_error: Option<String>,
    code_sent: bool,
    close: String,
) -> impl IntoView {
    let BudgetDialog {
        customer,
        labels,
        current,
        code_required,
        form_token,
    } = data;
    let set = ServerAction::<SetBudget>::new();
    let error = move || match set.value().get() {
        Some(Err(error)) => Some(error.to_string()),
        Some(Ok(_)) => None,
        None => url_error.clone(),
    };
    let chosen = budget_type
        .as_deref()
        .and_then(BudgetType::from_key)
        .or(current.as_ref().and_then(|c| c.budget_type))
        .unwrap_or_default();
    let also_label = match labels {
        LabelSet::Current => "Also unrestrict purchase",
        LabelSet::Classic => "Also unfreeze the account",
    };
    let now = current.map(|c| {
        let money = |value: Option<f64>| {
            value.map_or("—".to_owned(), |v| format!("{v:.2} {}", c.currency))
        };
        format!(
            "Current budget: {} ({}), used: {}.",
            money(c.amount),
            c.budget_type.map_or("type unknown", BudgetType::label),
            money(c.used)
        )
    });
    let name = if customer.customer.is_empty() {
        customer.account_name.clone()
    } else {
        customer.customer.clone()
    };
    let frozen = matches!(customer.state, domain::customer::CustomerState::Frozen(_));
    let get_code = ServerAction::<GetCode>::new();
    let code_field = code_required.then(|| {
        view! {
            <p class="muted">{format!("The verification code is needed only to {}.", also_label.to_lowercase())}</p>
            <CodeField get_code code_sent required=false />
        }
    });
    let get_code_form = code_required.then(|| {
        let operation = CodeOperation::BudgetUnrestrict.slug();
        view! { <GetCodeForm get_code operation ids=vec![customer.customer_id.clone()] /> }
    });

    view! {
        <Modal labelled_by="op-dialog-title" described_by="budget-now budget-note" close=close.clone()>
            <h2 id="op-dialog-title">"Set Budget"</h2>
            <p>{name} " " <span class="mono muted">{customer.customer_id.clone()}</span></p>
            <p id="budget-now" class="muted">{now.unwrap_or_else(|| "The current budget could not be read from BSS.".to_owned())}</p>
            <ActionForm action=set attr:class="dialog-form">
                <input type="hidden" name="customer_id" value=customer.customer_id />
                <input type="hidden" name="back" value=close.clone() />
                <input type="hidden" name="form_token" value=form_token />
                <label for="budget-amount" class="field-label">"Budget (USD)"</label>
                <input id="budget-amount" name="amount" type="text" inputmode="decimal" required autofocus value=amount />
                <label for="budget-type" class="field-label">"Budget type"</label>
                <select id="budget-type" name="budget_type">
                    {BudgetType::ALL
                        .iter()
                        .map(|kind| view! { <option value=kind.key() selected=*kind == chosen>{kind.label()}</option> })
                        .collect_view()}
                </select>
                <label class="agreement">
                    <input type="checkbox" name="also_unfreeze" value="yes" checked=frozen />
                    {format!(" {also_label}")}
                </label>
                <p id="budget-note" class="muted">
                    "BSS lifts an account-level restriction only; resources frozen with the account stay frozen."
                </p>
                {code_field}
                {move || error().map(|error| view! { <div class="banner banner-error" role="alert">{error}</div> })}
                <div class="dialog-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || set.pending().get()>"OK"</button>
                    <a class="btn" href=close>"Cancel"</a>
                </div>
            </ActionForm>
            {get_code_form}
        </Modal>
    }
}

#[component]
fn CannotOpen(error: String, close: String) -> impl IntoView {
    view! {
        <Modal labelled_by="op-dialog-title" described_by="op-dialog-error" close=close.clone() role="alertdialog">
            <h2 id="op-dialog-title">"The operation cannot be opened"</h2>
            <div id="op-dialog-error" class="banner banner-error" role="alert">{error}</div>
            <div class="dialog-actions">
                <a class="btn" href=close>"Close"</a>
            </div>
        </Modal>
    }
}
