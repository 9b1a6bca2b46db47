//! A form's outcome, announced to assistive technology: the error as an alert, success as
//! a status message. Without WASM the error arrives through the URL the server sends the
//! browser back to, and the same markup shows it.

use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::error::AppError;

#[component]
pub fn FormStatus<S>(
    action: ServerAction<S>,
    /// Said after success; nothing when absent.
    #[prop(optional, into)]
    success: Option<String>,
) -> impl IntoView
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    move || match action.value().get() {
        Some(Err(error)) => Some(Either::Left(
            view! { <p class="banner banner-error" role="alert">{error.to_string()}</p> },
        )),
        Some(Ok(_)) => success.clone().map(|message| {
            Either::Right(view! { <p class="banner banner-ok" role="status">{message}</p> })
        }),
        None => None,
    }
}
