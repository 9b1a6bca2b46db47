use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found" />
        <h1 class="page-title">"Page not found"</h1>
        <p>"There is no page at this address. " <a href=crate::paths::CUSTOMERS>"Go to Customer Management"</a></p>
    }
}
