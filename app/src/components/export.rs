//! The "Export CSV" bar above a filtered list.

use leptos::prelude::*;

/// A download link for the CSV of what the list's filters select, and a note saying what
/// it holds. `href` is the export's path with the filters as its query.
#[component]
pub fn ExportBar(href: String, file_name: &'static str, holds: &'static str) -> impl IntoView {
    view! {
        <div class="table-toolbar">
            // `download` and `rel=external` keep the client-side router off this link.
            <a class="btn" href=href download=file_name rel="external">
                "Export CSV"
            </a>
            <span class="muted">{holds}</span>
        </div>
    }
}
