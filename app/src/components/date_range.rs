//! The date-range fields of the audit filters: whole days in UTC, `from` and `to`.

use leptos::prelude::*;

#[component]
pub fn DateRangeFields(from: Option<String>, to: Option<String>) -> impl IntoView {
    view! {
        <label class="field">
            "From (UTC)"
            <input type="date" name="from" value=from.unwrap_or_default() />
        </label>
        <label class="field">
            "to"
            <input type="date" name="to" value=to.unwrap_or_default() />
        </label>
    }
}
