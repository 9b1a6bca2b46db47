//! The Partner Center console's chrome: top bar, left navigation and breadcrumb. Rendered
//! on the server only; its one island ([`PageReady`]) comes last, after the page's own.

use domain::staff::StaffMember;
use i18n::{t, Message};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::auth::SignOut;
use crate::api::language::ChooseLanguage;
use crate::components::hydration::PageReady;
use crate::current_staff::{provide_current_staff, use_current_staff};
use crate::language::{use_language, Language};
use crate::paths;

/// Wraps every page. `data-hydrated` turns true once every island of the page has
/// hydrated ([`PageReady`]), which tests (and curious staff) can rely on to know the page
/// is interactive.
#[component]
pub fn ConsoleLayout(children: Children) -> impl IntoView {
    let current = provide_current_staff();
    let language = use_language();
    view! {
        <div class="console" data-hydrated="false">
            <header class="topbar">
                <a class="brand" href=paths::HOME>
                    <span class="brand-logo" aria-hidden="true"></span>
                    <span class="brand-name">"HUAWEI CLOUD"</span>
                    <span class="brand-product">{t!(language, "brand-product")}</span>
                </a>
                <LanguageSwitch />
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
fn sales_pages() -> [(&'static str, Message); 3] {
    [
        (paths::CUSTOMERS, i18n::msg!("nav-customer-management")),
        (
            paths::OPERATION_RECORDS,
            i18n::msg!("nav-operation-records"),
        ),
        (paths::RETENTION, i18n::msg!("nav-retention-deadlines")),
    ]
}

fn administration_pages() -> [(&'static str, Message); 3] {
    [
        (paths::SETTINGS, i18n::msg!("nav-settings")),
        (paths::STAFF, i18n::msg!("nav-staff")),
        (paths::SECURITY_EVENTS, i18n::msg!("nav-security-events")),
    ]
}

fn demo_pages() -> [(&'static str, Message); 1] {
    [(paths::DEMO_INBOX, i18n::msg!("nav-demo-inbox"))]
}

#[component]
fn SideNav() -> impl IntoView {
    let staff = use_current_staff();
    let language = use_language();
    let here = use_location().pathname.get_untracked();
    let links = move |pages: &[(&'static str, Message)]| {
        let items = pages
            .iter()
            .map(|(path, name)| {
                let current =
                    (here == *path || here.starts_with(&format!("{path}/"))).then_some("page");
                view! { <li><a href=*path aria-current=current>{name.render(language)}</a></li> }
            })
            .collect_view();
        view! { <ul>{items}</ul> }
    };
    let sales = links(&sales_pages());
    let administration = links(&administration_pages());
    let demo = links(&demo_pages());

    view! {
        <nav class="sidenav" aria-label=t!(language, "brand-product")>
            <p class="sidenav-section">{t!(language, "nav-sales")}</p>
            <p class="sidenav-group">{t!(language, "nav-customers")}</p>
            {sales}
            <Suspense>
                {move || {
                    staff.signed_in().map(|signed_in| {
                        let admin = signed_in.member.role.allows(domain::staff::Role::Admin);
                        let administration = administration.clone();
                        let demo = demo.clone();
                        view! {
                            {admin.then(|| view! { <p class="sidenav-section">{t!(language, "nav-administration")}</p> {administration} })}
                            {signed_in.demo.then(|| view! { <p class="sidenav-section">{t!(language, "nav-demo")}</p> {demo} })}
                        }
                    })
                }}
            </Suspense>
        </nav>
    }
}

/// The switch to the other language: a plain form post that returns to this page, so it
/// works without JavaScript. Each language is named in itself.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let language = use_language();
    let location = use_location();
    let back = {
        let path = location.pathname.get_untracked();
        let query = location.search.get_untracked();
        if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        }
    };
    let choose = ServerAction::<ChooseLanguage>::new();
    let choices = Language::ALL
        .into_iter()
        .map(|choice| {
            let current = choice == language;
            view! {
                <button
                    type="submit"
                    class="btn btn-link"
                    name="language"
                    value=choice.code()
                    lang=choice.code()
                    aria-pressed=if current { "true" } else { "false" }
                    disabled=current
                >
                    {choice.native_name()}
                </button>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=choose attr:class="language-switch" attr:aria-label=t!(language, "language-switch-label")>
            <input type="hidden" name="back" value=back />
            {choices}
        </ActionForm>
    }
}

/// The signed-in member's name and role, and Sign out (a plain form post).
#[component]
fn UserMenu(member: StaffMember) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    let language = use_language();
    view! {
        <div class="user-menu">
            <span class="user-name">{member.display_name}</span>
            <span class="user-role">{member.role.label().render(language)}</span>
            <a class="btn btn-link" href=paths::PASSWORD>{t!(language, "nav-password")}</a>
            <ActionForm action=sign_out>
                <button type="submit" class="btn btn-link">{t!(language, "nav-sign-out")}</button>
            </ActionForm>
        </div>
    }
}

/// The page heading with its breadcrumb trail (the last crumb is the page itself).
#[component]
pub fn PageHeader(trail: Vec<Message>, title: Message) -> impl IntoView {
    let language = use_language();
    let title = title.render(language);
    view! {
        <nav class="breadcrumb" aria-label=t!(language, "breadcrumb-label")>
            <ol>
                {trail.iter().map(|crumb| view! { <li>{crumb.render(language)}</li> }).collect_view()}
                <li aria-current="page">{title.clone()}</li>
            </ol>
        </nav>
        <h1 class="page-title">{title}</h1>
    }
}
