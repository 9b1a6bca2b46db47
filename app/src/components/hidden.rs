//! A GET form's hidden fields: the parts of a view the form keeps while it changes others.

use leptos::prelude::*;

#[component]
pub fn HiddenFields(fields: Vec<(&'static str, String)>) -> impl IntoView {
    fields
        .into_iter()
        .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
        .collect_view()
}
