use i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let language = crate::language::use_language();
    view! {
        <Title text=t!(language, "not-found") />
        <h1 class="page-title">{t!(language, "not-found")}</h1>
        <p>
            {t!(language, "not-found-explanation")} " "
            <a href=crate::paths::CUSTOMERS>{t!(language, "not-found-go-to-customers")}</a>
        </p>
    }
}
