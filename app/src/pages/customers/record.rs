//! The outcome of the last operation (`record=<id>` in the URL): a progress bar while it
//! runs, then the console's success message, or each customer's result with "Retry failed".
//! The record lives in the database, so closing the browser loses nothing: the same URL
//! shows it again.

use std::time::Duration;

use domain::operation::{ItemResult, OperationReport};
use domain::url::with_param;
use i18n::t;
use leptos::either::Either;
use leptos::html;
use leptos::prelude::*;

use crate::api::operations::{operation_record, operation_record_panel};
use crate::components::loaded::Loaded;
use crate::components::results::ItemsTable;
use crate::language::use_language;

/// Reloads a page without WASM while its operation runs.
const NO_SCRIPT_REFRESH: &str = r#"<meta http-equiv="refresh" content="2">"#;

/// How often a running operation's progress is read again.
const POLL: Duration = Duration::from_millis(700);

/// `view` is the list's URL the panel sits on.
#[component]
pub fn RecordPanel(record_id: i64, view: String) -> impl IntoView {
    let report = Resource::new(move || record_id, operation_record);
    let loading = t!(use_language(), "record-loading");
    view! {
        <Loaded data=report loading let:report>
            <RecordOutcome report close=view.clone() />
        </Loaded>
    }
}

#[component]
fn RecordOutcome(report: OperationReport, close: String) -> impl IntoView {
    let outcome = if report.is_finished() {
        Either::Left(view! { <ReportView report close /> })
    } else {
        let record_id = report.header.record_id;
        Either::Right(view! {
            <RecordProgress record_id close=close.clone()>
                <ReportView report close />
            </RecordProgress>
        })
    };
    view! { <FocusedOnLoad>{outcome}</FocusedOnLoad> }
}

/// Takes focus as the page loads: the keyboard (and a screen reader) is where the news
/// is.
#[island]
fn FocusedOnLoad(children: Children) -> impl IntoView {
    let panel = NodeRef::<html::Div>::new();
    Effect::new(move || {
        if let Some(panel) = panel.get() {
            let _ = panel.focus();
        }
    });
    view! {
        <div class="record-focus" tabindex="-1" node_ref=panel>
            {children()}
        </div>
    }
}

/// A running operation's outcome, kept up to date: the server renders the panel and this
/// island swaps in the server's newer rendering, so the panel's views are not compiled for
/// the browser. When the operation finishes the page loads again, for the list to show the
/// customers' new states.
#[island]
fn RecordProgress(record_id: i64, close: String, children: Children) -> impl IntoView {
    let panel = NodeRef::<html::Div>::new();
    // An effect: it runs in the browser only.
    Effect::new(move || poll(record_id, close.clone(), panel));
    view! { <div class="record-live" node_ref=panel>{children()}</div> }
}

/// Reads the panel again shortly after each answer until the operation is finished, then
/// reloads.
fn poll(record_id: i64, close: String, panel: NodeRef<html::Div>) {
    set_timeout(
        move || {
            leptos::task::spawn_local(async move {
                match operation_record_panel(record_id, close.clone()).await {
                    Ok(now) if now.finished => {
                        let _ = window().location().reload();
                    }
                    Ok(now) => {
                        if let Some(panel) = panel.get_untracked() {
                            panel.set_inner_html(&now.html);
                        }
                        poll(record_id, close, panel);
                    }
                    // Asked again: a blip of the network does not end the progress.
                    Err(_) => poll(record_id, close, panel),
                }
            });
        },
        POLL,
    );
}

/// The panel of `report` as HTML, for [`operation_record_panel`] to send to
/// [`RecordProgress`].
#[cfg(feature = "ssr")]
pub(crate) fn report_html(report: OperationReport, close: String) -> String {
    let language = use_language();
    Owner::new().with(|| {
        provide_context(language);
        view! { <ReportView report close /> }.to_html()
    })
}

#[component]
fn ReportView(report: OperationReport, close: String) -> impl IntoView {
    let language = use_language();
    let running = !report.is_finished();
    let (done, total, failed) = (report.done(), report.total(), report.failed());
    let percent = report.percent();
    let operation = report.header.operation_name();
    let heading = if running {
        t!(
            language,
            "record-running",
            operation = operation,
            done = done,
            total = total
        )
    } else if failed == 0 {
        report.success_message().render(language)
    } else {
        t!(
            language,
            "record-finished-with-failures",
            operation = operation,
            succeeded = report.succeeded(),
            failed = failed
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
        let mut href = close.clone();
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
                <a class="btn btn-link" href=close>{t!(language, "record-dismiss")}</a>
            </div>
            {(total > 1 || running)
                .then(|| {
                    // A native <progress>: its width needs no inline style, which the
                    // Content-Security-Policy (style-src 'self') would block.
                    view! {
                        <progress class="progress" max="100" value=percent aria-label=t!(language, "record-progress")>
                            {format!("{percent}%")}
                        </progress>
                    }
                })}
            {retry_href.map(|href| view! { <a class="btn btn-primary retry" href=href>{t!(language, "record-retry-failed")}</a> })}
            {show_items.then(|| view! { <ItemsTable items=report.items /> })}
        </section>
    }
}
