//! The filter forms' drop-down lists: "All" first, then the filter's values.

use i18n::t;
use leptos::prelude::*;

use crate::language::use_language;

/// A labelled `<select>` named `name`, offering "All" (the empty value) and `options` as
/// `(value, text)`, with `current` selected.
#[component]
pub fn SelectFilter(
    #[prop(into)] label: String,
    name: &'static str,
    #[prop(into)] current: String,
    options: Vec<(String, String)>,
) -> impl IntoView {
    let language = use_language();
    let choice = |value: &str, text: &str| {
        let selected = value == current;
        view! { <option value=value.to_owned() selected=selected>{text.to_owned()}</option> }
    };
    view! {
        <label class="field">
            {label}
            <select name=name>
                {choice("", &t!(language, "filter-all"))}
                {options.iter().map(|(value, text)| choice(value, text)).collect_view()}
            </select>
        </label>
    }
}
