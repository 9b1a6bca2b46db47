//! The freeze, unfreeze and restrict-purchase dialog. It states the impact before OK, takes
//! the reason (with a live character count), the agreement where the operation needs it and
//! the verification code when that setting is on. Its form island makes OK wait for the
//! agreement and keeps what was typed when the server refuses it.

use crate::language::{use_language, Language};
use domain::customer::CustomerRow;
use domain::impact::{capabilities, Capability, ResourceImpact, ResourceListing, ResourcePreview};
use domain::labels::LabelSet;
use domain::operation::{Operation, MAX_REASON_CHARS};
use i18n::t;
use leptos::either::Either;
use leptos::html;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::code::{CodeField, CodeWords, GetCodeForm};
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
        ids: request.ids.clone(),
        back: close,
        form_token,
        retry_of: request.retry_of,
        reason: request.reason.clone(),
        error: request.error.clone(),
        blocked: unsupported.is_some() || !not_applicable.is_empty(),
        code,
        code_sent: request.code_sent,
        words: OperationFormWords::new(language, operation, customers.len()),
    };

    view! {
        <Modal modal>
            <h2 id="op-dialog-title">{title.clone()}</h2>
            {outage.map(|outage| view! { <OutageBanner outage /> })}
            <CustomerSummary customers />
            <section class="impact" id="op-dialog-impact">
                <h3>{t!(language, "dialog-impact")}</h3>
                <p>{operation.impact().render(language)}</p>
                {operation.is_freeze().then(|| view! { <CapabilityTable operation labels /> }.into_any())}
                {resources.map(|preview| view! { <ResourcePreviewView preview /> }.into_any())}
            </section>
            {unsupported.map(|why| view! { <div class="banner banner-error" role="alert">{why}</div> })}
            {(!not_applicable.is_empty())
                .then(|| {
                    view! {
                        <div class="banner banner-error" role="alert">
                            {t!(
                                language,
                                "dialog-not-applicable",
                                operation = title.as_str(),
                                customers = not_applicable.join(", "),
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
    words: OperationFormWords,
}

/// The form's words in the reader's language: the island has no catalogue of its own.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct OperationFormWords {
    reason: String,
    reason_limit: String,
    agreement_intro: String,
    agreement: String,
    ok: String,
    working: String,
    cancel: String,
    batch_note: String,
    code: CodeWords,
}

impl OperationFormWords {
    fn new(language: Language, operation: Operation, customers: usize) -> Self {
        Self {
            reason: if operation.is_freeze() {
                t!(language, "dialog-reason-freeze")
            } else {
                t!(language, "dialog-reason-unfreeze")
            },
            reason_limit: t!(language, "dialog-reason-limit", max = MAX_REASON_CHARS),
            agreement_intro: t!(language, "dialog-agreement-intro"),
            agreement: t!(language, "dialog-agreement"),
            ok: t!(language, "dialog-ok"),
            working: t!(language, "dialog-working"),
            cancel: t!(language, "dialog-cancel"),
            batch_note: t!(language, "dialog-batch-note", count = customers),
            code: CodeWords::new(language),
        }
    }
}

#[island]
fn OperationForm(form: OperationFormData) -> impl IntoView {
    let OperationFormData {
        operation,
        ids,
        back,
        form_token,
        retry_of,
        reason,
        error: url_error,
        blocked,
        code,
        code_sent,
        words,
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
    let code_words = words.code.clone();
    let code_field = code.map(|entry| {
        view! { <CodeField get_code entry code_sent required=true words=code_words /> }
    });
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
                {words.reason} <span class="required" aria-hidden="true">"*"</span>
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
                        words.reason_limit.clone()
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
                            " " {words.agreement_intro} " "
                            <a href=paths::AGREEMENT target="_blank" rel="noopener">
                                {words.agreement}
                            </a>
                        </label>
                    }
                })}
            {code_field}
            {move || error().map(|error| view! { <div class="banner banner-error" role="alert">{error}</div> })}
            <div class="dialog-actions">
                <button type="submit" class="btn btn-primary" disabled=ok_disabled>
                    {move || if run.pending().get() { words.working.clone() } else { words.ok.clone() }}
                </button>
                <a class="btn" href=back data-close="">{words.cancel}</a>
            </div>
            <p class="muted">{words.batch_note}</p>
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
    let language = use_language();
    let more = customers.len().saturating_sub(SHOWN);
    view! {
        <div class="dialog-customers">
            <p>{t!(language, "dialog-customers", count = customers.len())}</p>
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
                {(more > 0).then(|| view! { <li class="muted">{t!(language, "dialog-customers-more", count = more)}</li> })}
            </ul>
        </div>
    }
}

/// Huawei's table of what the customer can still do with each billing mode once frozen.
#[component]
fn CapabilityTable(operation: Operation, labels: LabelSet) -> impl IntoView {
    let language = use_language();
    let list = |items: &'static [Capability]| {
        view! { <ul>{items.iter().map(|item| view! { <li>{item.label().render(language)}</li> }).collect_view()}</ul> }
    };
    view! {
        <table class="data-table compact capabilities">
            <caption>
                {t!(language, "dialog-capabilities-caption", operation = operation.label(labels))}
            </caption>
            <thead>
                <tr>
                    <th scope="col">{t!(language, "dialog-capabilities-resources")}</th>
                    <th scope="col">{t!(language, "dialog-capabilities-possible")}</th>
                    <th scope="col">{t!(language, "dialog-capabilities-not-possible")}</th>
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
                                <td>{list(mode.not_possible)} <p class="muted">{mode.note.sentence().render(language)}</p></td>
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
    let language = use_language();
    let ResourcePreview {
        customers,
        not_listed,
    } = preview;
    let several = customers.len() > 1;
    // It scrolls on its own so OK stays near, and takes focus so the keyboard can scroll it.
    view! {
        <div class="resource-preview" tabindex="0" role="region" aria-label=t!(language, "dialog-resources-region")>
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
                            {t!(language, "dialog-resources-not-listed", count = not_listed)}
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
        return Either::Left(
            view! { <p class="muted">{t!(language, "dialog-resources-none")}</p> },
        );
    }
    Either::Right(view! {
        <table class="data-table compact" aria-label=t!(language, "dialog-resources-label")>
            <thead>
                <tr>
                    <th scope="col">{t!(language, "dialog-resource")}</th>
                    <th scope="col">{t!(language, "dialog-resource-service")}</th>
                    <th scope="col">{t!(language, "dialog-resource-region")}</th>
                    <th scope="col">{t!(language, "dialog-resource-billing")}</th>
                    <th scope="col">{t!(language, "dialog-resource-effect")}</th>
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
                                <td>{r.effect.sentence().render(language)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        {(more > 0).then(|| view! { <p class="muted">{t!(language, "dialog-resources-more", count = more)}</p> })}
    })
}
