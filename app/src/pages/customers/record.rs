//! The outcome of the last operation (`record=<id>` in the URL): a progress bar while it
//! runs, then the console's success message, or each customer's result with "Retry failed".
//! The record lives in the database, so closing the browser loses nothing: the same URL
//! shows it again.

use std::time::Duration;

use domain::customer::CustomerQuery;
use domain::operation::{ItemResult, OperationReport};
use domain::url::{with_param, without_params};
use leptos::either::Either;
use leptos::html;
use leptos::prelude::*;

use super::view_href;
use crate::api::operations::operation_record;
use crate::components::modal::when_in_page;
use crate::components::results::ItemsTable;

/// Reloads a page without WASM while its operation runs.
const NO_SCRIPT_REFRESH: &str = r#"<meta http-equiv="refresh" content="2">"#;

/// How often a running operation's progress is read again.
const POLL: Duration = Duration::from_millis(700);

#[component]
pub fn RecordPanel(
    record_id: i64,
    view: CustomerQuery,
    /// Bumped once when the operation is seen finished, for the list to reload.
    on_finished: RwSignal<u32>,
) -> impl IntoView {
    let tick = RwSignal::new(0u32);
    let report = Resource::new(
        move || (record_id, tick.get()),
        |(id, _)| operation_record(id),
    );
    let reported = StoredValue::new(false);
    // While the operation runs, read it again shortly after each answer.
    Effect::new(move || {
        if let Some(Ok(report)) = report.get() {
            if !report.is_finished() {
                set_timeout(move || tick.update(|t| *t += 1), POLL);
            } else if !reported.get_value() {
                reported.set_value(true);
                on_finished.update(|version| *version += 1);
            }
        }
    });
    // With WASM, focus moves to the outcome once it shows: the keyboard (and a screen
    // reader) is where the news is, and the link that opened the dialog goes away when
    // the list reloads.
    let panel = NodeRef::<html::Div>::new();
    let focused = StoredValue::new(false);
    Effect::new(move || {
        if report.with(Option::is_some) && !focused.get_value() {
            focused.set_value(true);
            if let Some(panel) = panel.get_untracked() {
                let panel: web_sys::HtmlElement = panel.into();
                when_in_page(panel.clone(), move || {
                    let _ = panel.focus();
                });
            }
        }
    });
    let close = view_href(&view);

    view! {
        <div class="record-focus" tabindex="-1" node_ref=panel>
            <Transition fallback=|| view! { <p class="loading">"Loading the operation…"</p> }>
                {move || {
                    let (view, close) = (view.clone(), close.clone());
                    Suspend::new(async move {
                        match report.await {
                            Ok(report) => Either::Left(view! { <ReportView report view close /> }),
                            Err(error) => {
                                Either::Right(view! {
                                    <div class="banner banner-error" role="alert">{error.to_string()}</div>
                                })
                            }
                        }
                    })
                }}
            </Transition>
        </div>
    }
}

#[component]
fn ReportView(report: OperationReport, view: CustomerQuery, close: String) -> impl IntoView {
    let running = !report.is_finished();
    let (done, total, failed) = (report.done(), report.total(), report.failed());
    let percent = report.percent();
    let heading = if running {
        format!(
            "{}: {done} of {total} customers done",
            report.header.operation_label
        )
    } else if failed == 0 {
        report.success_message.clone()
    } else {
        format!(
            "{}: {} succeeded, {failed} failed",
            report.header.operation_label,
            report.succeeded()
        )
    };
    let banner_class = match (running, failed) {
        (true, _) => "record-panel banner banner-info",
        (false, 0) => "record-panel banner banner-success",
        (false, _) => "record-panel banner banner-warning",
    };
    // "Retry failed" reopens the dialog for exactly the failed customers, with the reason
    // filled in: the operation is checked (and, when required, code-verified) again.
    let failed_ids: Vec<String> = report
        .items
        .iter()
        .filter(|item| matches!(item.result, ItemResult::Failed | ItemResult::NotApplied))
        .map(|item| item.customer_id.clone())
        .collect();
    let retry_href = (!running && !failed_ids.is_empty()).then(|| {
        let mut href = without_params(&view_href(&view), &["record"]);
        for (name, value) in [
            ("dialog", report.header.operation.slug()),
            ("ids", &failed_ids.join(",")),
            ("reason", &report.header.reason),
            ("retry_of", &report.header.record_id.to_string()),
        ] {
            href = with_param(&href, name, value);
        }
        href
    });
    let show_items = total > 1 || failed > 0;

    view! {
        <section class=banner_class role="status" aria-live="polite" data-record-id=report.header.record_id>
            // Without WASM nothing polls: the browser reloads itself while the operation runs.
            // Set as inner HTML, because a <meta> element the client inserts into <noscript>
            // would be obeyed too; as inner HTML a scripting browser keeps it inert text.
            {running.then(|| view! { <noscript inner_html=NO_SCRIPT_REFRESH></noscript> })}
            <div class="record-head">
                <strong class="record-title">{heading}</strong>
                <a class="btn btn-link" href=close>"Dismiss"</a>
            </div>
            {(total > 1 || running)
                .then(|| {
                    // A native <progress>: its width needs no inline style, which the
                    // Content-Security-Policy (style-src 'self') would block.
                    view! {
                        <progress class="progress" max="100" value=percent aria-label="Operation progress">
                            {format!("{percent}%")}
                        </progress>
                    }
                })}
            {retry_href.map(|href| view! { <a class="btn btn-primary retry" href=href>"Retry failed"</a> })}
            {show_items.then(|| view! { <ItemsTable items=report.items /> })}
        </section>
    }
}
