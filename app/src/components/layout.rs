//! The Partner Center console's chrome: top bar, left navigation and breadcrumb.

use domain::staff::{Role, StaffMember};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api::auth::SignOut;
use crate::auth::{
    provide_current_staff, sign_in_href, use_current_staff, CurrentStaff, SIGN_IN_PATH,
};

/// Whether WASM has taken over the page: false while the server renders and until
/// hydration, then true. Controls that cannot work without WASM wait for it.
#[derive(Clone, Copy)]
struct Hydrated(ReadSignal<bool>);

/// The page's [`Hydrated`] signal, set once by [`ConsoleLayout`].
pub fn use_hydrated() -> ReadSignal<bool> {
    expect_context::<Hydrated>().0
}

/// Wraps every page. `data-hydrated` turns true once WASM has taken over the page, which
/// tests (and curious staff) can rely on to know the page is interactive.
#[component]
pub fn ConsoleLayout(children: Children) -> impl IntoView {
    let hydrated = RwSignal::new(false);
    Effect::new(move || hydrated.set(true));
    provide_context(Hydrated(hydrated.read_only()));
    let current = provide_current_staff();
    send_signed_out_to_sign_in(current);

    view! {
        <div class="console" data-hydrated=move || hydrated.get().to_string()>
            <header class="topbar">
                <a class="brand" href="/">
                    <span class="brand-logo" aria-hidden="true"></span>
                    <span class="brand-name">"HUAWEI CLOUD"</span>
                    <span class="brand-product">"Partner Center"</span>
                </a>
                <Transition>{move || current.member().map(|member| view! { <UserMenu member /> })}</Transition>
            </header>
            <div class="console-body">
                <SideNav />
                <main class="content">{children()}</main>
            </div>
        </div>
    }
}

#[component]
fn SideNav() -> impl IntoView {
    let staff = use_current_staff();
    let location = use_location();
    let current = move |prefix: &'static str| {
        let path = location.pathname.get();
        (path == prefix || path.starts_with(&format!("{prefix}/"))).then_some("page")
    };

    view! {
        <nav class="sidenav" aria-label="Partner Center">
            <p class="sidenav-section">"Sales"</p>
            <p class="sidenav-group">"Customers"</p>
            <ul>
                <li>
                    <a href="/sales/customers" aria-current=move || current("/sales/customers")>
                        "Customer Management"
                    </a>
                </li>
                <li>
                    <a
                        href="/sales/operation-records"
                        aria-current=move || current("/sales/operation-records")
                    >
                        "Operation Records"
                    </a>
                </li>
            </ul>
            <Transition>
                {move || {
                    staff.signed_in().map(|signed_in| {
                        let admin = signed_in.member.role.allows(Role::Admin);
                        view! {
                            {admin.then(|| view! {
                                <p class="sidenav-section">"Administration"</p>
                                <ul>
                                    <li><a href="/settings" aria-current=move || current("/settings")>"Settings"</a></li>
                                    <li><a href="/staff" aria-current=move || current("/staff")>"Staff"</a></li>
                                    <li>
                                        <a href="/security-events" aria-current=move || current("/security-events")>
                                            "Security Events"
                                        </a>
                                    </li>
                                </ul>
                            })}
                            {signed_in.demo.then(|| view! {
                                <p class="sidenav-section">"Demo"</p>
                                <ul>
                                    <li><a href="/demo/inbox" aria-current=move || current("/demo/inbox")>"Demo Inbox"</a></li>
                                </ul>
                            })}
                        }
                    })
                }}
            </Transition>
        </nav>
    }
}

/// The signed-in member's name and role, and Sign out (a form: it works without WASM).
#[component]
fn UserMenu(member: StaffMember) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    view! {
        <div class="user-menu">
            <span class="user-name">{member.display_name}</span>
            <span class="user-role">{member.role.label()}</span>
            <a class="btn btn-link" href=crate::auth::PASSWORD_PATH>"Password"</a>
            <ActionForm action=sign_out>
                <button type="submit" class="btn btn-link">"Sign out"</button>
            </ActionForm>
        </div>
    }
}

/// In the browser, a page reached by client-side navigation while signed out goes to the
/// sign-in page (the server redirects full page loads itself). It reacts to the answer
/// about the session only, not to the navigation: until the new answer arrives, the
/// previous one (signed out, just before signing in) is stale.
fn send_signed_out_to_sign_in(current: CurrentStaff) {
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move || {
        let path = location.pathname.get_untracked();
        if current.is_signed_out() && path != SIGN_IN_PATH {
            let search = location.search.get_untracked();
            let here = if search.is_empty() {
                path
            } else {
                format!("{path}?{search}")
            };
            navigate(&sign_in_href(&here), Default::default());
        }
    });
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
