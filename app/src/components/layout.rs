//! The Partner Center console's chrome: top bar, left navigation and breadcrumb. Rendered
//! on the server only; its one island ([`PageReady`]) comes last, after the page's own.

use domain::staff::StaffMember;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::auth::SignOut;
use crate::components::hydration::PageReady;
use crate::current_staff::{provide_current_staff, use_current_staff};
use crate::paths;

/// Wraps every page. `data-hydrated` turns true once every island of the page has
/// hydrated ([`PageReady`]), which tests (and curious staff) can rely on to know the page
/// is interactive.
#[component]
pub fn ConsoleLayout(children: Children) -> impl IntoView {
    let current = provide_current_staff();
    view! {
        <div class="console" data-hydrated="false">
            <header class="topbar">
                <a class="brand" href=paths::HOME>
                    <span class="brand-logo" aria-hidden="true"></span>
                    <span class="brand-name">"HUAWEI CLOUD"</span>
                    <span class="brand-product">"Partner Center"</span>
                </a>
                <Suspense>{move || current.member().map(|member| view! { <UserMenu member /> })}</Suspense>
            </header>
            <div class="console-body">
                <SideNav />
                <main class="content">{children()}</main>
            </div>
            <PageReady />
        </div>
    }
}

/// The navigation's sections: a heading and its pages, `(path, name)`.
const SALES: [(&str, &str); 3] = [
    (paths::CUSTOMERS, "Customer Management"),
    (paths::OPERATION_RECORDS, "Operation Records"),
    (paths::RETENTION, "Retention Deadlines"),
];
const ADMINISTRATION: [(&str, &str); 3] = [
    (paths::SETTINGS, "Settings"),
    (paths::STAFF, "Staff"),
    (paths::SECURITY_EVENTS, "Security Events"),
];
const DEMO: [(&str, &str); 1] = [(paths::DEMO_INBOX, "Demo Inbox")];

#[component]
fn SideNav() -> impl IntoView {
    let staff = use_current_staff();
    let here = use_location().pathname.get_untracked();
    let links = move |pages: &'static [(&'static str, &'static str)]| {
        let here = here.clone();
        view! {
            <ul>
                {pages
                    .iter()
                    .map(|&(path, name)| {
                        let current = (here == path || here.starts_with(&format!("{path}/")))
                            .then_some("page");
                        view! { <li><a href=path aria-current=current>{name}</a></li> }
                    })
                    .collect_view()}
            </ul>
        }
    };
    let sales = links.clone()(&SALES);

    view! {
        <nav class="sidenav" aria-label="Partner Center">
            <p class="sidenav-section">"Sales"</p>
            <p class="sidenav-group">"Customers"</p>
            {sales}
            <Suspense>
                {move || {
                    staff.signed_in().map(|signed_in| {
                        let admin = signed_in.member.role.allows(domain::staff::Role::Admin);
                        view! {
                            {admin.then(|| view! { <p class="sidenav-section">"Administration"</p> {links(&ADMINISTRATION)} })}
                            {signed_in.demo.then(|| view! { <p class="sidenav-section">"Demo"</p> {links(&DEMO)} })}
                        }
                    })
                }}
            </Suspense>
        </nav>
    }
}

/// The signed-in member's name and role, and Sign out (a plain form post).
#[component]
fn UserMenu(member: StaffMember) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    view! {
        <div class="user-menu">
            <span class="user-name">{member.display_name}</span>
            <span class="user-role">{member.role.label()}</span>
            <a class="btn btn-link" href=paths::PASSWORD>"Password"</a>
            <ActionForm action=sign_out>
                <button type="submit" class="btn btn-link">"Sign out"</button>
            </ActionForm>
        </div>
    }
}

/// The page heading with its breadcrumb trail (the last crumb is the page itself).
#[component]
pub fn PageHeader(trail: &'static [&'static str], title: &'static str) -> impl IntoView {
    view! {
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <ol>
                {trail.iter().map(|crumb| view! { <li>{*crumb}</li> }).collect_view()}
                <li aria-current="page">{title}</li>
            </ol>
        </nav>
        <h1 class="page-title">{title}</h1>
    }
}
