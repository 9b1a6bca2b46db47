//! A page's data once loaded. Pages render on the server in one piece, which waits for the
//! data; a failure shows as one error banner, said the same way everywhere.

use std::sync::Arc;

use leptos::either::Either;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::AppError;

/// `children` renders the data; `failed` heads the banner when it could not be loaded.
#[component]
pub fn Loaded<T, V, F>(
    data: Resource<Result<T, AppError>>,
    /// Said while loading, when a page streams.
    loading: &'static str,
    #[prop(default = None)] failed: Option<&'static str>,
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
{
    let children = Arc::new(children);
    view! {
        <Suspense fallback=move || view! { <p class="loading">{loading}</p> }>
            {move || {
                let children = Arc::clone(&children);
                Suspend::new(async move {
                    match data.await {
                        Ok(value) => Either::Left(children(value)),
                        Err(error) => Either::Right(view! { <ErrorBanner heading=failed message=error.to_string() /> }),
                    }
                })
            }}
        </Suspense>
    }
}

/// An error, announced: `heading` (when given) says what failed, `message` why.
#[component]
pub fn ErrorBanner(
    #[prop(default = None)] heading: Option<&'static str>,
    message: String,
) -> impl IntoView {
    view! {
        <div class="banner banner-error" role="alert">
            {heading.map(|heading| view! { <strong>{format!("{heading} ")}</strong> })}
            {message}
        </div>
    }
}
