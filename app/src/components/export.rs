//! The "Export CSV" bar above a filtered list.

use i18n::t;
use leptos::prelude::*;

use crate::language::use_language;

/// A download link for the CSV of what the list's filters select, and a note saying what
/// it holds. `href` is the export's path with the filters as its query.
#[component]
pub fn ExportBar(
    href: String,
    file_name: &'static str,
    #[prop(into)] holds: String,
) -> impl IntoView {
    let language = use_language();
    view! {
        <div class="table-toolbar">
            // `download` and `rel=external` keep the client-side router off this link.
            <a class="btn" href=href download=file_name rel="external">
                {t!(language, "export-csv")}
            </a>
            <span class="muted">{holds}</span>
        </div>
    }
}
