//! Settings (admins only): verification code, label set, retention deadlines, resellers
//! that restrict their own customers, and the BSS connection.

use domain::labels::LabelSet;
use domain::retention::{RetentionSettings, MAX_ALERT_DAYS, MAX_RETENTION_DAYS};
use i18n::msg;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::settings::{
    load_settings, test_connection, AlertCandidate, ConnectionInfo, ResellerPermission,
    SetLabelSet, SetRetention, SetSelfManagingResellers, SetVerificationCode, Settings,
};
use crate::components::form_status::FormStatus;
use crate::components::layout::PageHeader;
use crate::components::loaded::Loaded;
use crate::paths;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let settings = Resource::new(|| (), |_| load_settings());
    view! {
        <Title text="Settings" />
        <PageHeader trail=vec![] title=msg!("nav-settings") />
        <Loaded data=settings loading="Loading settings…" let:settings>
            <SettingsForms settings />
        </Loaded>
    }
}

#[component]
fn SettingsForms(settings: Settings) -> impl IntoView {
    let Settings {
        verification_code,
        labels,
        retention,
        alert_staff,
        resellers,
        connection,
    } = settings;
    view! {
        <section class="panel settings-section" aria-labelledby="verification-title">
            <h2 id="verification-title">"Verification code"</h2>
            <p>
                "When on, every freeze, unfreeze and purchase restriction asks for a 6-digit code \
                 e-mailed to the staff member, valid for 5 minutes."
            </p>
            <VerificationCodeForm on=verification_code />
        </section>
        <section class="panel settings-section" aria-labelledby="labels-title">
            <h2 id="labels-title">"Labels"</h2>
            <LabelSetForm current=labels />
        </section>
        <section class="panel settings-section" aria-labelledby="retention-title">
            <h2 id="retention-title">"Retention deadlines"</h2>
            <p>
                "A frozen customer's pay-per-use resources keep their data for the retention \
                 period after the freeze (Huawei's is 15 days); the "
                <a href=paths::RETENTION>"Retention Deadlines"</a>
                " page counts each deadline from it. The staff chosen below get at most one \
                 e-mail a day listing the resources whose deadline is within the alert days, \
                 each resource once per deadline."
            </p>
            <RetentionForm retention staff=alert_staff />
        </section>
        <section class="panel settings-section" aria-labelledby="resellers-title">
            <h2 id="resellers-title">"Resellers that restrict their own customers"</h2>
            <p>
                "Tick the resellers you granted, in Partner Center, the permission to restrict \
                 purchases and freeze resources for their own customers. BSS then refuses you \
                 those operations and budgets for their customers; BSS does not list who holds \
                 the permission, so the dashboard keeps it here and offers their customers no \
                 operation."
            </p>
            <SelfManagingResellersForm resellers />
        </section>
        <BssConnection connection />
    }
}

/// The resellers holding the permission; with WASM it saves in place and says so.
#[island]
fn SelfManagingResellersForm(resellers: Vec<ResellerPermission>) -> impl IntoView {
    let save = ServerAction::<SetSelfManagingResellers>::new();
    let empty = resellers.is_empty();
    let choices = resellers
        .into_iter()
        .map(|reseller| {
            view! {
                <label>
                    <input
                        type="checkbox"
                        name="resellers[]"
                        value=reseller.reseller_id
                        checked=reseller.restricts_itself
                    />
                    {format!(" {}", reseller.name)}
                </label>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=save>
            <input type="hidden" name="back" value=paths::SETTINGS />
            <fieldset>
                <legend>"Restrict their own customers"</legend>
                {choices}
                {empty.then(|| view! { <p class="muted">"No resellers are synced yet."</p> })}
            </fieldset>
            <FormStatus action=save success="The resellers are saved." />
            <button type="submit" class="btn btn-primary">"Save"</button>
        </ActionForm>
    }
}

/// The verification code setting; with WASM it saves in place and says so.
#[island]
fn VerificationCodeForm(on: bool) -> impl IntoView {
    let save = ServerAction::<SetVerificationCode>::new();
    view! {
        <ActionForm action=save>
            <fieldset>
                <legend>"Verification code for critical operations"</legend>
                <label>
                    <input type="radio" name="enabled" value="true" checked=on />
                    " On"
                </label>
                <label>
                    <input type="radio" name="enabled" value="false" checked=!on />
                    " Off"
                </label>
            </fieldset>
            <FormStatus action=save success="The verification code setting is saved." />
            <button type="submit" class="btn btn-primary">"Save"</button>
        </ActionForm>
    }
}

/// The label set; with WASM it saves in place and says so.
#[island]
fn LabelSetForm(current: LabelSet) -> impl IntoView {
    let save = ServerAction::<SetLabelSet>::new();
    view! {
        <ActionForm action=save>
            <fieldset>
                <legend>"Wording of statuses and operations"</legend>
                <label>
                    <input type="radio" name="label_set" value="current" checked=current == LabelSet::Current />
                    " Current (Restrict Purchase)"
                </label>
                <label>
                    <input type="radio" name="label_set" value="classic" checked=current == LabelSet::Classic />
                    " Classic (Freeze Account)"
                </label>
            </fieldset>
            <FormStatus action=save success="The label set is saved." />
            <button type="submit" class="btn btn-primary">"Save"</button>
        </ActionForm>
    }
}

/// The retention period, the alert's lead time and its recipients; with WASM it saves in
/// place and says so.
#[island]
fn RetentionForm(retention: RetentionSettings, staff: Vec<AlertCandidate>) -> impl IntoView {
    let save = ServerAction::<SetRetention>::new();
    let recipients = staff
        .into_iter()
        .map(|member| {
            view! {
                <label>
                    <input
                        type="checkbox"
                        name="recipients[]"
                        value=member.staff_id.to_string()
                        checked=member.chosen
                    />
                    {format!(
                        " {} ({}){}",
                        member.name,
                        member.email,
                        if member.enabled { "" } else { ", disabled: no alert meanwhile" }
                    )}
                </label>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=save>
            <div class="retention-days">
                <DaysField
                    label="Retention period (days)"
                    name="retention_days"
                    max=MAX_RETENTION_DAYS
                    value=retention.retention_days()
                />
                <DaysField
                    label="Alert days before a deadline"
                    name="alert_days"
                    max=MAX_ALERT_DAYS
                    value=retention.alert_days()
                />
            </div>
            <fieldset>
                <legend>"Send the alert to"</legend>
                {recipients}
            </fieldset>
            <FormStatus action=save success="The retention settings are saved." />
            <button type="submit" class="btn btn-primary">"Save"</button>
        </ActionForm>
    }
}

/// A whole number of days, from 1 to `max`.
#[component]
fn DaysField(label: &'static str, name: &'static str, max: u16, value: u16) -> impl IntoView {
    view! {
        <label class="field field-narrow">
            {label}
            <input
                name=name
                type="number"
                min="1"
                max=max.to_string()
                required
                value=value.to_string()
            />
        </label>
    }
}

/// The connection, read-only, and "Test connection": a GET form, so the result shows
/// without WASM too (the test only reads).
#[component]
fn BssConnection(connection: ConnectionInfo) -> impl IntoView {
    let query = use_query_map();
    let requested = move || query.with(|q| q.get("test").is_some());
    let test = Resource::new(requested, |requested| async move {
        match requested {
            true => Some(test_connection().await),
            false => None,
        }
    });
    let mode = if connection.emulator {
        "Embedded BSS emulator (demo)"
    } else {
        "Real BSS"
    };

    view! {
        <section class="panel settings-section" aria-labelledby="bss-title">
            <h2 id="bss-title">"BSS connection"</h2>
            <dl class="facts">
                <dt>"Mode"</dt>
                <dd>{mode}</dd>
                <dt>"Endpoint"</dt>
                <dd class="mono">{connection.endpoint}</dd>
                <dt>"API version"</dt>
                <dd>{connection.api_version}</dd>
                <dt>"Domain ID"</dt>
                <dd class="mono">{connection.domain_id}</dd>
                <dt>"Credential"</dt>
                <dd>{connection.credential} " (never shown)"</dd>
                <dt>"Verification codes delivered by"</dt>
                <dd>{connection.mail_delivery}</dd>
            </dl>
            <Form method="GET" action=paths::SETTINGS>
                <input type="hidden" name="test" value="1" />
                <button type="submit" class="btn">"Test connection"</button>
            </Form>
            <Suspense fallback=|| view! { <p class="loading" role="status">"Testing…"</p> }>
                {move || Suspend::new(async move {
                    match test.await {
                        Some(Ok(result)) => Some(Either::Left(view! {
                            <p class="banner banner-ok" role="status">
                                {format!(
                                    "Connected. BSS lists {} customers{}.",
                                    result.customers,
                                    result.request_id.map(|id| format!(" (request id {id})")).unwrap_or_default()
                                )}
                            </p>
                        })),
                        Some(Err(error)) => Some(Either::Right(view! {
                            <p class="banner banner-error" role="alert">
                                "The connection test failed: " {error.to_string()}
                            </p>
                        })),
                        None => None,
                    }
                })}
            </Suspense>
        </section>
    }
}
