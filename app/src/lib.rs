//! The Partner Center dashboard's pages, components and server functions.
//!
//! Every page renders on the server only (links and forms work without WASM), and
//! navigation is an ordinary page load. The parts that need the browser are islands
//! (`#[island]`): only they are compiled to WASM, and they hydrate on their own.

pub mod api;
pub mod auth;
mod components;
mod current_staff;
pub mod error;
pub mod language;
mod pages;
pub mod paths;
#[cfg(feature = "ssr")]
pub mod server_context;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Redirect, Route, Router, Routes},
    path, SsrMode,
};

use crate::components::island_loader::IslandLoader;
use crate::components::layout::ConsoleLayout;
use crate::pages::{
    agreement::AgreementPage,
    customer_exports::CustomerExportsPage,
    customers::CustomerManagement,
    demo_inbox::DemoInboxPage,
    not_found::NotFound,
    password::PasswordPage,
    records::{OperationRecordsPage, RecordDetailPage},
    retention::RetentionPage,
    security_events::SecurityEventsPage,
    settings::SettingsPage,
    sign_in::SignInPage,
    staff::StaffPage,
    timeline::CustomerTimelinePage,
};

/// The HTML document around the app, rendered only on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let language = language::use_language();
    view! {
        <!DOCTYPE html>
        <html lang=language.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <AutoReload options=options.clone() />
                <IslandLoader options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Hydrates the page's islands (the browser entry point calls it; linking this crate is what
/// brings the islands' entry points into the WASM).
#[cfg(feature = "hydrate")]
pub fn hydrate_islands() {
    leptos::mount::hydrate_islands();
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let language = language::use_language();

    view! {
        <Stylesheet id="leptos" href="/pkg/partner-center.css" />
        <Title formatter=move |page: String| i18n::t!(language, "document-title", page = page) />
        <Router>
            <ConsoleLayout>
                <Routes fallback=NotFound>
                    <Route path=path!("") view=|| view! { <Redirect path=paths::CUSTOMERS /> } />
                    // Async: a browser without WASM must receive the rows in the first response.
                    <Route
                        path=path!("/sales/customers")
                        view=CustomerManagement
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/sales/customers/exports")
                        view=CustomerExportsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/sales/customers/:id/timeline")
                        view=CustomerTimelinePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/sales/operation-records")
                        view=OperationRecordsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/sales/operation-records/:id")
                        view=RecordDetailPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/sales/retention") view=RetentionPage ssr=SsrMode::Async />
                    <Route path=path!("/agreements/partner-budget-management") view=AgreementPage />
                    <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/settings") view=SettingsPage ssr=SsrMode::Async />
                    <Route path=path!("/staff") view=StaffPage ssr=SsrMode::Async />
                    <Route path=path!("/account/password") view=PasswordPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/security-events")
                        view=SecurityEventsPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/demo/inbox") view=DemoInboxPage ssr=SsrMode::Async />
                </Routes>
            </ConsoleLayout>
        </Router>
    }
}
