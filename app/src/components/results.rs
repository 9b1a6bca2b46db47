//! Each customer's result in an operation, as the operation's panel and its record show it.

use domain::operation::ItemOutcome;
use i18n::t;
use leptos::prelude::*;

use crate::language::use_language;
use crate::paths;

#[component]
pub fn ItemsTable(items: Vec<ItemOutcome>) -> impl IntoView {
    let language = use_language();
    view! {
        <table class="data-table compact" aria-label=t!(language, "results-label")>
            <thead>
                <tr>
                    <th scope="col">{t!(language, "results-customer")}</th>
                    <th scope="col">{t!(language, "column-customer-id")}</th>
                    <th scope="col">{t!(language, "results-result")}</th>
                    <th scope="col">{t!(language, "results-details")}</th>
                    <th scope="col">{t!(language, "results-request-id")}</th>
                </tr>
            </thead>
            <tbody>
                {items
                    .into_iter()
                    .map(|item| {
                        let class = format!("result result-{}", item.result.key());
                        let timeline = paths::timeline(&item.customer_id);
                        let row_id = item.customer_id.clone();
                        let message = item.message().map(|message| message.render(language));
                        view! {
                            <tr data-customer-id=row_id data-result=item.result.key()>
                                <td><a href=timeline title=t!(language, "results-timeline-link")>{item.customer_name}</a></td>
                                <td class="mono">{item.customer_id}</td>
                                <td><span class=class>{item.result.label().render(language)}</span></td>
                                <td>{message}</td>
                                <td class="mono">{item.request_id.unwrap_or_default()}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
