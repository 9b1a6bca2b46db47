//! Staff (admins only): create accounts, change roles, disable and enable, reset passwords.

use crate::language::use_language;
use domain::staff::{Role, StaffAccount, MIN_PASSWORD_CHARS};
use i18n::{msg, t};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::staff::{
    list_staff, take_one_time_password, ChangeRole, CreateStaff, ResetPassword, SetStaffEnabled,
};
use crate::components::form_status::FormStatus;
use crate::components::layout::PageHeader;

#[component]
pub fn StaffPage() -> impl IntoView {
    let create = ServerAction::<CreateStaff>::new();
    let change_role = ServerAction::<ChangeRole>::new();
    let set_enabled = ServerAction::<SetStaffEnabled>::new();
    let reset = ServerAction::<ResetPassword>::new();
    // The page renders on the server only and every form posts and comes back, so each is
    // loaded once per page. The one-time password is taken from the session: it shows once.
    let one_time = Resource::new(|| (), |_| take_one_time_password());
    let staff = Resource::new(|| (), |_| list_staff());
    let language = use_language();

    view! {
        <Title text=t!(language, "nav-staff") />
        <PageHeader trail=vec![] title=msg!("nav-staff") />
        <section class="panel" aria-labelledby="staff-list-title">
            <h2 id="staff-list-title">{t!(language, "staff-accounts")}</h2>
            <FormStatus action=change_role success=t!(language, "staff-role-changed") />
            <FormStatus action=set_enabled success=t!(language, "staff-account-updated") />
            <FormStatus action=reset />
            <Suspense>
                {move || Suspend::new(async move {
                    one_time.await.ok().flatten().map(|one_time| view! {
                        <p class="banner banner-ok" role="status">
                            {t!(language, "staff-one-time-password", email = one_time.email)}
                            " "
                            <code class="mono">{one_time.password}</code>
                        </p>
                    })
                })}
            </Suspense>
            <Suspense fallback=move || view! { <p class="loading">{t!(language, "staff-loading")}</p> }>
                {move || Suspend::new(async move {
                    match staff.await {
                        Ok(accounts) => Either::Left(view! { <StaffTable accounts change_role set_enabled reset /> }),
                        Err(error) => Either::Right(view! {
                            <p class="banner banner-error" role="alert">{error.to_string()}</p>
                        }),
                    }
                })}
            </Suspense>
        </section>
        <section class="panel" aria-labelledby="new-staff-title">
            <h2 id="new-staff-title">{t!(language, "staff-add-title")}</h2>
            <ActionForm action=create attr:class="form-grid">
                <label for="new-staff-email">{t!(language, "staff-email")}</label>
                <input id="new-staff-email" type="email" name="email" autocomplete="off" required />
                <label for="new-staff-name">{t!(language, "staff-name")}</label>
                <input id="new-staff-name" type="text" name="display_name" autocomplete="off" required />
                <label for="new-staff-role">{t!(language, "staff-role")}</label>
                <RoleSelect id="new-staff-role" selected=Role::Viewer />
                <label for="new-staff-password">{t!(language, "staff-initial-password")}</label>
                <input
                    id="new-staff-password"
                    type="password"
                    name="password"
                    autocomplete="new-password"
                    minlength=MIN_PASSWORD_CHARS.to_string()
                    aria-describedby="new-staff-password-hint"
                    required
                />
                <p id="new-staff-password-hint" class="hint">
                    {t!(language, "staff-initial-password-hint", min = MIN_PASSWORD_CHARS)}
                </p>
                <FormStatus action=create success=t!(language, "staff-added") />
                <button type="submit" class="btn btn-primary">{t!(language, "staff-add")}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn StaffTable(
    accounts: Vec<StaffAccount>,
    change_role: ServerAction<ChangeRole>,
    set_enabled: ServerAction<SetStaffEnabled>,
    reset: ServerAction<ResetPassword>,
) -> impl IntoView {
    let language = use_language();
    view! {
        <table class="data-table" aria-label=t!(language, "nav-staff")>
            <thead>
                <tr>
                    <th scope="col">{t!(language, "staff-name")}</th>
                    <th scope="col">{t!(language, "staff-email")}</th>
                    <th scope="col">{t!(language, "staff-role")}</th>
                    <th scope="col">{t!(language, "staff-status")}</th>
                    <th scope="col">{t!(language, "staff-action")}</th>
                </tr>
            </thead>
            <tbody>
                {accounts
                    .into_iter()
                    .map(|account| {
                        let StaffAccount { member, enabled } = account;
                        let role_select_id = format!("role-{}", member.id);
                        let (status, toggle, toggle_label) = if enabled {
                            (
                                t!(language, "staff-enabled"),
                                t!(language, "staff-disable"),
                                t!(language, "staff-disable-label", email = &member.email),
                            )
                        } else {
                            (
                                t!(language, "staff-disabled"),
                                t!(language, "staff-enable"),
                                t!(language, "staff-enable-label", email = &member.email),
                            )
                        };
                        let reset_label = t!(language, "staff-reset-password-label", email = &member.email);
                        let role_label = t!(language, "staff-role-of", name = &member.display_name);
                        let row_email = member.email.clone();
                        view! {
                            <tr data-staff-email=row_email>
                                <td>{member.display_name}</td>
                                <td class="mono">{member.email}</td>
                                <td>
                                    <ActionForm action=change_role attr:class="inline-form">
                                        <input type="hidden" name="staff_id" value=member.id />
                                        <label class="visually-hidden" for=role_select_id.clone()>
                                            {role_label}
                                        </label>
                                        <RoleSelect id=role_select_id selected=member.role />
                                        <button type="submit" class="btn">{t!(language, "staff-change-role")}</button>
                                    </ActionForm>
                                </td>
                                <td>{status}</td>
                                <td>
                                    <ActionForm action=set_enabled attr:class="inline-form">
                                        <input type="hidden" name="staff_id" value=member.id />
                                        <input type="hidden" name="enabled" value=(!enabled).to_string() />
                                        <button type="submit" class="btn" aria-label=toggle_label>
                                            {toggle}
                                        </button>
                                    </ActionForm>
                                    <ActionForm action=reset attr:class="inline-form">
                                        <input type="hidden" name="staff_id" value=member.id />
                                        <button type="submit" class="btn" aria-label=reset_label>
                                            {t!(language, "staff-reset-password")}
                                        </button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn RoleSelect(#[prop(into)] id: String, selected: Role) -> impl IntoView {
    let language = use_language();
    view! {
        <select id=id name="role">
            {Role::ALL
                .into_iter()
                .map(|role| view! { <option value=role.as_str() selected=role == selected>{role.label().render(language)}</option> })
                .collect_view()}
        </select>
    }
}
