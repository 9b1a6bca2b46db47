//! A page's data once loaded. Pages render on the server in one piece, which waits for the
//! data; a failure shows as one error banner, said the same way everywhere (dialogs say it
//! in a dialog of their own).

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
    #[prop(into)]
    loading: String,
    #[prop(optional, into)] failed: Option<String>,
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
{
    view! {
        <Awaited
            data
            fallback=move || view! { <p class="loading">{loading}</p> }
            loaded=children
            failed=move |error: AppError| view! { <ErrorBanner heading=failed.clone() message=error.to_string() /> }
        />
    }
}

/// `data` once loaded, rendered by `loaded`, or its error by `failed`; `fallback` shows
/// while a streaming page waits. Pages render on the server in one piece, which waits for
/// the data. [`Loaded`] and the dialogs' shell are this with their own way of failing.
#[component]
pub fn Awaited<T, V, F, E, G>(
    data: Resource<Result<T, AppError>>,
    #[prop(into)] fallback: ViewFnOnce,
    loaded: F,
    failed: G,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    E: IntoView + 'static,
    G: Fn(AppError) -> E + Send + Sync + 'static,
{
    let (loaded, failed) = (Arc::new(loaded), Arc::new(failed));
    view! {
        <Suspense fallback>
            {move || {
                let (loaded, failed) = (Arc::clone(&loaded), Arc::clone(&failed));
                Suspend::new(async move {
                    match data.await {
                        Ok(value) => Either::Left(loaded(value)),
                        Err(error) => Either::Right(failed(error)),
                    }
                })
            }}
        </Suspense>
    }
}

/// An error, announced: `heading` (when given) says what failed, `message` why.
#[component]
pub fn ErrorBanner(
    #[prop(default = None)] heading: Option<String>,
    message: String,
) -> impl IntoView {
    view! {
        <div class="banner banner-error" role="alert">
            {heading.map(|heading| view! { <strong>{format!("{heading} ")}</strong> })}
            {message}
        </div>
    }
}
