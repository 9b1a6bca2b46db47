//! Each customer's result in an operation, as the operation's panel and its record show it.

use crate::language::use_language;
use domain::operation::ItemOutcome;
use leptos::prelude::*;

use crate::paths;

#[component]
pub fn ItemsTable(items: Vec<ItemOutcome>) -> impl IntoView {
    let language = use_language();
    view! {
        <table class="data-table compact" aria-label="Results per customer">
            <thead>
                <tr>
                    <th scope="col">"Customer"</th>
                    <th scope="col">"Customer ID"</th>
                    <th scope="col">"Result"</th>
                    <th scope="col">"Details"</th>
                    <th scope="col">"BSS request ID"</th>
                </tr>
            </thead>
            <tbody>
                {items
                    .into_iter()
                    .map(|item| {
                        let class = format!("result result-{}", item.result.key());
                        let timeline = paths::timeline(&item.customer_id);
                        let row_id = item.customer_id.clone();
                        view! {
                            <tr data-customer-id=row_id data-result=item.result.key()>
                                <td><a href=timeline title="The customer's timeline">{item.customer_name}</a></td>
                                <td class="mono">{item.customer_id}</td>
                                <td><span class=class>{item.result.label().render(language)}</span></td>
                                <td>{item.message.unwrap_or_default()}</td>
                                <td class="mono">{item.request_id.unwrap_or_default()}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
