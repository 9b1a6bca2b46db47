//! The Password page: staff change their own password, and a member signed in with a
//! one-time password chooses their own here before anything else.

use domain::staff::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
use i18n::{msg, t};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::auth::ChangePassword;
use crate::components::form_status::FormStatus;
use crate::components::layout::PageHeader;
use crate::current_staff::use_staff;
use crate::language::use_language;

#[component]
pub fn PasswordPage() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let query = use_query_map();
    // Without WASM the form comes back here with `changed` once the change is made.
    let changed_without_wasm =
        move || query.with(|q| q.get("changed").is_some()) && change.value().get().is_none();
    let staff = use_staff();
    let language = use_language();
    let changed = t!(language, "password-changed");
    let changed_banner = changed.clone();
    let must_change = move || {
        staff
            .get()
            .is_some_and(|member| member.must_change_password)
            && change.value().get().is_none_or(|result| result.is_err())
    };

    view! {
        <Title text=t!(language, "nav-password") />
        <PageHeader trail=vec![] title=msg!("nav-password") />
        <section class="panel" aria-labelledby="password-title">
            <h2 id="password-title">{t!(language, "password-title")}</h2>
            <Suspense>
                <Show when=must_change>
                    <p class="banner banner-error" role="alert">
                        {t!(language, "password-must-change")}
                    </p>
                </Show>
            </Suspense>
            <Show when=changed_without_wasm>
                <p class="banner banner-ok" role="status">{changed_banner.clone()}</p>
            </Show>
            <ActionForm action=change attr:class="form-grid">
                <label for="current-password">{t!(language, "password-current")}</label>
                <input
                    id="current-password"
                    type="password"
                    name="current_password"
                    autocomplete="current-password"
                    required
                />
                <label for="new-password">{t!(language, "password-new")}</label>
                <input
                    id="new-password"
                    type="password"
                    name="new_password"
                    autocomplete="new-password"
                    minlength=MIN_PASSWORD_CHARS.to_string()
                    maxlength=MAX_PASSWORD_CHARS.to_string()
                    aria-describedby="new-password-hint"
                    required
                />
                <p id="new-password-hint" class="hint">
                    {t!(language, "password-new-hint", min = MIN_PASSWORD_CHARS)}
                </p>
                <label for="confirm-password">{t!(language, "password-new-again")}</label>
                <input
                    id="confirm-password"
                    type="password"
                    name="confirmation"
                    autocomplete="new-password"
                    required
                />
                <FormStatus action=change success=changed />
                <button type="submit" class="btn btn-primary">{t!(language, "password-change")}</button>
            </ActionForm>
        </section>
    }
}
