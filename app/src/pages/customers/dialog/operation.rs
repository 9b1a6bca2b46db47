//! The freeze, unfreeze and restrict-purchase dialog. It states the impact before OK, takes
//! the reason (with a live character count), the agreement where the operation needs it and
//! the verification code when that setting is on. Its form island makes OK wait for the
//! agreement and keeps what was typed when the server refuses it.

use crate::language::use_language;
use domain::customer::CustomerRow;
use domain::impact::{capabilities, ResourceImpact, ResourceListing, ResourcePreview};
use domain::labels::LabelSet;
use domain::operation::{Operation, MAX_REASON_CHARS};
use leptos::either::Either;
use leptos::html;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::code::{CodeField, GetCodeForm};
use super::{opener, DialogShell};
use crate::api::operations::{dialog_for_operation, CodeEntry, OperationDialog, RunOperation};
use crate::api::verification::GetCode;
use crate::components::hydration::hydrated;
use crate::components::modal::{Modal, ModalSetup};
use crate::components::outage::OutageBanner;
use crate::pages::customers::table::forget_selection;
use crate::paths;

/// What the dialog's URL carries besides the operation: the customers, and what a refused
/// plain form post brought back (the reason typed, the error, the record it retries).
pub struct DialogRequest {
    pub ids: Vec<String>,
    pub reason: String,
    pub error: Option<String>,
    pub retry_of: Option<i64>,
    pub code_sent: bool,
}

/// `close` is the list's view without the dialog.
#[component]
pub fn DialogFromUrl(slug: String, request: DialogRequest, close: String) -> impl IntoView {
    let ids = request.ids.clone();
    let data = Resource::new(
        move || (slug.clone(), ids.clone()),
        |(slug, ids)| dialog_for_operation(slug, ids),
    );
    let request = std::sync::Arc::new(request);
    view! {
        <DialogShell data close=close.clone() let:data>
            <OperationDialogView data request=request.clone() close=close.clone() />
        </DialogShell>
    }
}

#[component]
fn OperationDialogView(
    data: OperationDialog,
    request: std::sync::Arc<DialogRequest>,
    close: String,
) -> impl IntoView {
    let language = use_language();
    let OperationDialog {
        operation,
        customers,
        labels,
        code,
        unsupported,
        not_applicable,
        resources,
        outage,
        form_token,
    } = data;
    let title = operation.label(labels).render(language);
    let modal = ModalSetup {
        labelled_by: "op-dialog-title".to_owned(),
        described_by: "op-dialog-impact".to_owned(),
        close: close.clone(),
        opener: Some(opener(operation.slug(), &request.ids)),
        alert: false,
    };
    let form = OperationFormData {
        operation,
        customer_count: customers.len(),
        ids: request.ids.clone(),
        back: close,
        form_token,
        retry_of: request.retry_of,
        reason: request.reason.clone(),
        error: request.error.clone(),
        blocked: unsupported.is_some() || !not_applicable.is_empty(),
        code,
        code_sent: request.code_sent,
    };

    view! {
        <Modal modal>
            <h2 id="op-dialog-title">{title.clone()}</h2>
            {outage.map(|outage| view! { <OutageBanner outage /> })}
            <CustomerSummary customers />
            <section class="impact" id="op-dialog-impact">
                <h3>"Impact"</h3>
                <p>{operation.impact().render(language)}</p>
                {operation.is_freeze().then(|| view! { <CapabilityTable operation labels /> }.into_any())}
                {resources.map(|preview| view! { <ResourcePreviewView preview /> }.into_any())}
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
            <OperationForm form />
        </Modal>
    }
}

/// What the form island needs, as the server hands it over.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct OperationFormData {
    operation: Operation,
    customer_count: usize,
    ids: Vec<String>,
    /// The list's view, where the browser goes back to.
    back: String,
    form_token: String,
    retry_of: Option<i64>,
    reason: String,
    error: Option<String>,
    /// The operation cannot run as selected: OK stays off.
    blocked: bool,
    code: Option<CodeEntry>,
    code_sent: bool,
}

#[island]
fn OperationForm(form: OperationFormData) -> impl IntoView {
    let OperationFormData {
        operation,
        customer_count,
        ids,
        back,
        form_token,
        retry_of,
        reason,
        error: url_error,
        blocked,
        code,
        code_sent,
    } = form;
    let run = ServerAction::<RunOperation>::new();
    let reason_text = RwSignal::new(reason.clone());
    let agreed = RwSignal::new(false);
    // Only once WASM runs may OK wait for the agreement: a browser without WASM could
    // never enable it again.
    let hydrated = hydrated();
    // What was typed or ticked before WASM ran counts.
    let reason_field = NodeRef::<html::Textarea>::new();
    let agreement = NodeRef::<html::Input>::new();
    Effect::new(move || {
        if let Some(field) = reason_field.get() {
            reason_text.set(field.value());
        }
        if let Some(agreement) = agreement.get() {
            agreed.set(agreement.checked());
        }
    });
    Effect::new(move || {
        if matches!(run.value().get(), Some(Ok(_))) {
            forget_selection();
        }
    });

    let error = move || match run.value().get() {
        Some(Err(error)) => Some(error.to_string()),
        Some(Ok(_)) => None,
        None => url_error.clone(),
    };
    let count = move || reason_text.with(|r| r.trim().chars().count());
    let needs_agreement = operation.needs_agreement();
    let ok_disabled = move || {
        blocked || run.pending().get() || (hydrated.get() && needs_agreement && !agreed.get())
    };
    let get_code = ServerAction::<GetCode>::new();
    let code_field =
        code.map(|entry| view! { <CodeField get_code entry code_sent required=true /> });
    let get_code_form =
        code.map(|_| view! { <GetCodeForm get_code operation=operation.slug() ids=ids.clone() /> });

    view! {
        <ActionForm action=run attr:class="dialog-form" attr:id="operation-form">
            <input type="hidden" name="operation" value=operation.slug() />
            <input type="hidden" name="customer_ids" value=ids.join(",") />
            <input type="hidden" name="back" value=back.clone() />
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
                node_ref=reason_field
                on:input=move |ev| reason_text.set(event_target_value(&ev))
            >
                {reason}
            </textarea>
            <p id="op-reason-count" class=move || counter_class(count())>
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
                                node_ref=agreement
                                on:change=move |ev| agreed.set(event_target_checked(&ev))
                            />
                            " I have read and agree to "
                            <a href=paths::AGREEMENT target="_blank" rel="noopener">
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
                <a class="btn" href=back data-close="">"Cancel"</a>
            </div>
            <p class="muted">
                {format!("{customer_count} customer(s). Batches run in calls of at most 10 customers.")}
            </p>
        </ActionForm>
        {get_code_form}
    }
}

fn counter_class(count: usize) -> &'static str {
    if count > MAX_REASON_CHARS {
        "counter over"
    } else {
        "counter"
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
                        view! {
                            <li>
                                {c.display_name().to_owned()} " " <span class="mono muted">{c.customer_id}</span>
                            </li>
                        }
                    })
                    .collect_view()}
                {(more > 0).then(|| view! { <li class="muted">{format!("and {more} more")}</li> })}
            </ul>
        </div>
    }
}

/// Huawei's table of what the customer can still do with each billing mode once frozen.
#[component]
fn CapabilityTable(operation: Operation, labels: LabelSet) -> impl IntoView {
    let language = use_language();
    let list = |items: &'static [&'static str]| {
        view! { <ul>{items.iter().map(|item| view! { <li>{*item}</li> }).collect_view()}</ul> }
    };
    view! {
        <table class="data-table compact capabilities">
            <caption>{format!("What the customer can still do after {}", operation.label(labels))}</caption>
            <thead>
                <tr>
                    <th scope="col">"Resources"</th>
                    <th scope="col">"Still possible"</th>
                    <th scope="col">"Not possible"</th>
                </tr>
            </thead>
            <tbody>
                {capabilities(operation.level())
                    .into_iter()
                    .map(|mode| {
                        view! {
                            <tr>
                                <th scope="row">{mode.billing.label().render(language)}</th>
                                <td>{list(mode.possible)}</td>
                                <td>{list(mode.not_possible)} <p class="muted">{mode.note}</p></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// Each previewed customer's resources, or why BSS did not list them.
#[component]
fn ResourcePreviewView(preview: ResourcePreview) -> impl IntoView {
    let ResourcePreview {
        customers,
        not_listed,
    } = preview;
    let several = customers.len() > 1;
    // It scrolls on its own so OK stays near, and takes focus so the keyboard can scroll it.
    view! {
        <div class="resource-preview" tabindex="0" role="region" aria-label="Resources of the selected customers">
            {customers
                .into_iter()
                .map(|customer| {
                    let heading = several
                        .then(|| view! { <h4>{format!("{} ({})", customer.name, customer.customer_id)}</h4> });
                    let body = match customer.listing {
                        ResourceListing::Listed { resources, more } => {
                            Either::Left(view! { <ResourceTable resources more /> })
                        }
                        ResourceListing::Failed(why) => {
                            Either::Right(view! { <p class="banner banner-error" role="alert">{why}</p> })
                        }
                    };
                    view! { {heading} {body} }.into_any()
                })
                .collect_view()}
            {(not_listed > 0)
                .then(|| {
                    view! {
                        <p class="muted">
                            {format!(
                                "Resources of {not_listed} more selected customer(s) are not listed; the same applies to them.",
                            )}
                        </p>
                    }
                })}
        </div>
    }
}

#[component]
fn ResourceTable(resources: Vec<ResourceImpact>, more: usize) -> impl IntoView {
    let language = use_language();
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
                                <td title=r.resource_id>{r.name}</td>
                                <td>{r.service}</td>
                                <td>{r.region}</td>
                                <td>{r.billing.label().render(language)}</td>
                                <td>{r.effect.sentence()}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        {(more > 0).then(|| view! { <p class="muted">{format!("and {more} more resource(s)")}</p> })}
    })
}
