//! The date-range fields of the audit filters: whole days in UTC, `from` and `to`.

use i18n::t;
use leptos::prelude::*;

use crate::language::use_language;

#[component]
pub fn DateRangeFields(from: Option<String>, to: Option<String>) -> impl IntoView {
    let language = use_language();
    view! {
        <label class="field">
            {t!(language, "date-range-from")}
            <input type="date" name="from" value=from.unwrap_or_default() />
        </label>
        <label class="field">
            {t!(language, "date-range-to")}
            <input type="date" name="to" value=to.unwrap_or_default() />
        </label>
    }
}
