//! The filter forms' drop-down lists: "All" first, then the filter's values.

use leptos::prelude::*;

/// A labelled `<select>` named `name`, offering "All" (the empty value) and `options` as
/// `(value, text)`, with `current` selected.
#[component]
pub fn SelectFilter(
    label: &'static str,
    name: &'static str,
    #[prop(into)] current: String,
    options: Vec<(String, String)>,
) -> impl IntoView {
    let choice = |value: &str, text: &str| {
        let selected = value == current;
        view! { <option value=value.to_owned() selected=selected>{text.to_owned()}</option> }
    };
    view! {
        <label class="field">
            {label}
            <select name=name>
                {choice("", "All")}
                {options.iter().map(|(value, text)| choice(value, text)).collect_view()}
            </select>
        </label>
    }
}
