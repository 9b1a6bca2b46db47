//! Staff (admins only): create accounts, change roles, disable and enable, reset passwords.

use crate::language::use_language;
use domain::staff::{Role, StaffAccount, MIN_PASSWORD_CHARS};
use i18n::msg;
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

    view! {
        <Title text="Staff" />
        <PageHeader trail=vec![] title=msg!("nav-staff") />
        <section class="panel" aria-labelledby="staff-list-title">
            <h2 id="staff-list-title">"Accounts"</h2>
            <FormStatus action=change_role success="The role is changed." />
            <FormStatus action=set_enabled success="The account is updated." />
            <FormStatus action=reset />
            <Suspense>
                {move || Suspend::new(async move {
                    one_time.await.ok().flatten().map(|one_time| view! {
                        <p class="banner banner-ok" role="status">
                            {format!("The password of {} is reset. Hand over this one-time password; it is shown only now, and must be changed at the next sign-in: ", one_time.email)}
                            <code class="mono">{one_time.password}</code>
                        </p>
                    })
                })}
            </Suspense>
            <Suspense fallback=|| view! { <p class="loading">"Loading staff…"</p> }>
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
            <h2 id="new-staff-title">"Add a staff member"</h2>
            <ActionForm action=create attr:class="form-grid">
                <label for="new-staff-email">"E-mail"</label>
                <input id="new-staff-email" type="email" name="email" autocomplete="off" required />
                <label for="new-staff-name">"Name"</label>
                <input id="new-staff-name" type="text" name="display_name" autocomplete="off" required />
                <label for="new-staff-role">"Role"</label>
                <RoleSelect id="new-staff-role" selected=Role::Viewer />
                <label for="new-staff-password">"Initial password"</label>
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
                    {format!("At least {MIN_PASSWORD_CHARS} characters. Hand it over in person or by phone, not by e-mail.")}
                </p>
                <FormStatus action=create success="The staff member is added." />
                <button type="submit" class="btn btn-primary">"Add"</button>
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
    view! {
        <table class="data-table" aria-label="Staff">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"E-mail"</th>
                    <th scope="col">"Role"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Action"</th>
                </tr>
            </thead>
            <tbody>
                {accounts
                    .into_iter()
                    .map(|account| {
                        let StaffAccount { member, enabled } = account;
                        let role_select_id = format!("role-{}", member.id);
                        let toggle = if enabled { "Disable" } else { "Enable" };
                        let toggle_label = format!("{toggle} {}", member.email);
                        let reset_label = format!("Reset password of {}", member.email);
                        let role_label = format!("Role of {}", member.display_name);
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
                                        <button type="submit" class="btn">"Change"</button>
                                    </ActionForm>
                                </td>
                                <td>{if enabled { "Enabled" } else { "Disabled" }}</td>
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
                                            "Reset password"
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
