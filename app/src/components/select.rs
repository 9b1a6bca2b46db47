//! Options of the filter forms' `<select>`s.

use leptos::prelude::*;

/// An `<option>` that is selected when `value` is the filter's `current` value.
pub fn choice(value: &str, text: &str, current: &str) -> impl IntoView {
    let selected = value == current;
    view! { <option value=value.to_owned() selected=selected>{text.to_owned()}</option> }
}
