//! The sign-in page: e-mail and password, and in demo mode the demo accounts to try.

use domain::staff::DemoAccount;
use i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::auth::{demo_accounts, SignIn};
use crate::components::form_status::FormStatus;
use crate::language::use_language;

#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next")).unwrap_or_default();
    let sign_in = ServerAction::<SignIn>::new();
    let demo = Resource::new(|| (), |_| demo_accounts());
    let language = use_language();

    view! {
        <Title text=t!(language, "sign-in") />
        <section class="sign-in panel" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title" class="page-title">{t!(language, "sign-in-title")}</h1>
            <ActionForm action=sign_in attr:class="form-grid">
                <input type="hidden" name="next" value=next />
                <label for="sign-in-email">{t!(language, "sign-in-email")}</label>
                <input
                    id="sign-in-email"
                    type="email"
                    name="email"
                    autocomplete="username"
                    required
                />
                <label for="sign-in-password">{t!(language, "sign-in-password")}</label>
                <input
                    id="sign-in-password"
                    type="password"
                    name="password"
                    autocomplete="current-password"
                    required
                />
                <FormStatus action=sign_in />
                <button type="submit" class="btn btn-primary" disabled=sign_in.pending()>
                    {t!(language, "sign-in")}
                </button>
            </ActionForm>
            <Suspense>
                {move || Suspend::new(async move {
                    demo.await.ok().filter(|accounts| !accounts.is_empty()).map(|accounts| view! { <DemoAccounts accounts /> })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn DemoAccounts(accounts: Vec<DemoAccount>) -> impl IntoView {
    let language = use_language();
    view! {
        <section class="demo-accounts" aria-labelledby="demo-accounts-title">
            <h2 id="demo-accounts-title">{t!(language, "sign-in-demo-accounts")}</h2>
            <p>{t!(language, "sign-in-demo-intro")}</p>
            <table class="data-table" aria-label=t!(language, "sign-in-demo-accounts")>
                <thead>
                    <tr>
                        <th scope="col">{t!(language, "sign-in-role")}</th>
                        <th scope="col">{t!(language, "sign-in-email")}</th>
                        <th scope="col">{t!(language, "sign-in-password")}</th>
                    </tr>
                </thead>
                <tbody>
                    {accounts
                        .into_iter()
                        .map(|account| {
                            view! {
                                <tr>
                                    <td>{account.role.label().render(language)}</td>
                                    <td class="mono">{account.email}</td>
                                    <td class="mono">{account.password}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}
