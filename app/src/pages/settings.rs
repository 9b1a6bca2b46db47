//! Settings (admins only): verification code, label set, retention deadlines, resellers
//! that restrict their own customers, and the BSS connection.

use domain::labels::LabelSet;
use domain::retention::{RetentionSettings, MAX_ALERT_DAYS, MAX_RETENTION_DAYS};
use i18n::{msg, t};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::api::settings::{
    load_settings, test_connection, AlertCandidate, ConnectionInfo, ResellerPermission,
    SetLabelSet, SetRetention, SetSelfManagingResellers, SetVerificationCode, Settings,
};
use crate::components::form_status::FormStatus;
use crate::components::layout::PageHeader;
use crate::components::loaded::Loaded;
use crate::language::{use_language, Language};
use crate::paths;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let settings = Resource::new(|| (), |_| load_settings());
    let language = use_language();
    view! {
        <Title text=t!(language, "nav-settings") />
        <PageHeader trail=vec![] title=msg!("nav-settings") />
        <Loaded data=settings loading=t!(language, "settings-loading") let:settings>
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
    let language = use_language();
    view! {
        <section class="panel settings-section" aria-labelledby="verification-title">
            <h2 id="verification-title">{t!(language, "settings-verification-title")}</h2>
            <p>{t!(language, "settings-verification-intro")}</p>
            <VerificationCodeForm on=verification_code words=ChoiceWords::verification_code(language) />
        </section>
        <section class="panel settings-section" aria-labelledby="labels-title">
            <h2 id="labels-title">{t!(language, "settings-labels-title")}</h2>
            <LabelSetForm current=labels words=ChoiceWords::label_set(language) />
        </section>
        <section class="panel settings-section" aria-labelledby="retention-title">
            <h2 id="retention-title">{t!(language, "settings-retention-title")}</h2>
            // The link sits inside the sentence, so the sentence comes in two parts around it.
            <p>
                {t!(language, "settings-retention-intro-before")}
                <a href=paths::RETENTION>{t!(language, "nav-retention-deadlines")}</a>
                {t!(language, "settings-retention-intro-after")}
            </p>
            <RetentionForm retention staff=alert_staff words=RetentionWords::new(language) />
        </section>
        <section class="panel settings-section" aria-labelledby="resellers-title">
            <h2 id="resellers-title">{t!(language, "settings-resellers-title")}</h2>
            <p>{t!(language, "settings-resellers-intro")}</p>
            <SelfManagingResellersForm resellers words=ResellersWords::new(language) />
        </section>
        <BssConnection connection />
    }
}

/// What every settings form island says when it saves, in the reader's language: the
/// islands have no catalogue of their own.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct SaveWords {
    save: String,
    saved: String,
}

impl SaveWords {
    fn new(language: Language, saved: String) -> Self {
        Self {
            save: t!(language, "settings-save"),
            saved,
        }
    }
}

/// The resellers form's words.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct ResellersWords {
    legend: String,
    none: String,
    save: SaveWords,
}

impl ResellersWords {
    fn new(language: Language) -> Self {
        Self {
            legend: t!(language, "settings-resellers-legend"),
            none: t!(language, "settings-resellers-none"),
            save: SaveWords::new(language, t!(language, "settings-resellers-saved")),
        }
    }
}

/// The resellers holding the permission; with WASM it saves in place and says so.
#[island]
fn SelfManagingResellersForm(
    resellers: Vec<ResellerPermission>,
    words: ResellersWords,
) -> impl IntoView {
    let ResellersWords {
        legend,
        none,
        save: SaveWords {
            save: save_label,
            saved,
        },
    } = words;
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
                <legend>{legend}</legend>
                {choices}
                {empty.then(|| view! { <p class="muted">{none}</p> })}
            </fieldset>
            <FormStatus action=save success=saved />
            <button type="submit" class="btn btn-primary">{save_label}</button>
        </ActionForm>
    }
}

/// A two-choice form's words: its legend and its choices' names.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct ChoiceWords {
    legend: String,
    first: String,
    second: String,
    save: SaveWords,
}

impl ChoiceWords {
    fn verification_code(language: Language) -> Self {
        Self {
            legend: t!(language, "settings-verification-legend"),
            first: t!(language, "settings-verification-on"),
            second: t!(language, "settings-verification-off"),
            save: SaveWords::new(language, t!(language, "settings-verification-saved")),
        }
    }

    fn label_set(language: Language) -> Self {
        Self {
            legend: t!(language, "settings-labels-legend"),
            first: LabelSet::Current.label().render(language),
            second: LabelSet::Classic.label().render(language),
            save: SaveWords::new(language, t!(language, "settings-labels-saved")),
        }
    }
}

/// The verification code setting; with WASM it saves in place and says so.
#[island]
fn VerificationCodeForm(on: bool, words: ChoiceWords) -> impl IntoView {
    let ChoiceWords {
        legend,
        first: on_label,
        second: off_label,
        save: SaveWords {
            save: save_label,
            saved,
        },
    } = words;
    let save = ServerAction::<SetVerificationCode>::new();
    view! {
        <ActionForm action=save>
            <fieldset>
                <legend>{legend}</legend>
                <label>
                    <input type="radio" name="enabled" value="true" checked=on />
                    {format!(" {on_label}")}
                </label>
                <label>
                    <input type="radio" name="enabled" value="false" checked=!on />
                    {format!(" {off_label}")}
                </label>
            </fieldset>
            <FormStatus action=save success=saved />
            <button type="submit" class="btn btn-primary">{save_label}</button>
        </ActionForm>
    }
}

/// The label set; with WASM it saves in place and says so.
#[island]
fn LabelSetForm(current: LabelSet, words: ChoiceWords) -> impl IntoView {
    let ChoiceWords {
        legend,
        first: current_label,
        second: classic_label,
        save: SaveWords {
            save: save_label,
            saved,
        },
    } = words;
    let save = ServerAction::<SetLabelSet>::new();
    view! {
        <ActionForm action=save>
            <fieldset>
                <legend>{legend}</legend>
                <label>
                    <input type="radio" name="label_set" value="current" checked=current == LabelSet::Current />
                    {format!(" {current_label}")}
                </label>
                <label>
                    <input type="radio" name="label_set" value="classic" checked=current == LabelSet::Classic />
                    {format!(" {classic_label}")}
                </label>
            </fieldset>
            <FormStatus action=save success=saved />
            <button type="submit" class="btn btn-primary">{save_label}</button>
        </ActionForm>
    }
}

/// The retention form's words.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct RetentionWords {
    retention_days: String,
    alert_days: String,
    send_to: String,
    /// Follows a disabled member's name and address.
    disabled: String,
    save: SaveWords,
}

impl RetentionWords {
    fn new(language: Language) -> Self {
        Self {
            retention_days: t!(language, "settings-retention-days"),
            alert_days: t!(language, "settings-alert-days"),
            send_to: t!(language, "settings-alert-send-to"),
            disabled: t!(language, "settings-alert-disabled"),
            save: SaveWords::new(language, t!(language, "settings-retention-saved")),
        }
    }
}

/// The retention period, the alert's lead time and its recipients; with WASM it saves in
/// place and says so.
#[island]
fn RetentionForm(
    retention: RetentionSettings,
    staff: Vec<AlertCandidate>,
    words: RetentionWords,
) -> impl IntoView {
    let RetentionWords {
        retention_days,
        alert_days,
        send_to,
        disabled,
        save: SaveWords {
            save: save_label,
            saved,
        },
    } = words;
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
                        if member.enabled { "" } else { disabled.as_str() }
                    )}
                </label>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=save>
            <div class="retention-days">
                <DaysField
                    label=retention_days
                    name="retention_days"
                    max=MAX_RETENTION_DAYS
                    value=retention.retention_days()
                />
                <DaysField
                    label=alert_days
                    name="alert_days"
                    max=MAX_ALERT_DAYS
                    value=retention.alert_days()
                />
            </div>
            <fieldset>
                <legend>{send_to}</legend>
                {recipients}
            </fieldset>
            <FormStatus action=save success=saved />
            <button type="submit" class="btn btn-primary">{save_label}</button>
        </ActionForm>
    }
}

/// A whole number of days, from 1 to `max`.
#[component]
fn DaysField(label: String, name: &'static str, max: u16, value: u16) -> impl IntoView {
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
    let language = use_language();
    let mode = if connection.emulator {
        t!(language, "settings-bss-emulator")
    } else {
        t!(language, "settings-bss-real")
    };

    view! {
        <section class="panel settings-section" aria-labelledby="bss-title">
            <h2 id="bss-title">{t!(language, "settings-bss-title")}</h2>
            <dl class="facts">
                <dt>{t!(language, "settings-bss-mode")}</dt>
                <dd>{mode}</dd>
                <dt>{t!(language, "settings-bss-endpoint")}</dt>
                <dd class="mono">{connection.endpoint}</dd>
                <dt>{t!(language, "settings-bss-api-version")}</dt>
                <dd>{connection.api_version}</dd>
                <dt>{t!(language, "settings-bss-domain-id")}</dt>
                <dd class="mono">{connection.domain_id}</dd>
                <dt>{t!(language, "settings-bss-credential")}</dt>
                <dd>{t!(language, "settings-bss-credential-never-shown", credential = connection.credential)}</dd>
                <dt>{t!(language, "settings-bss-mail-delivery")}</dt>
                <dd>{connection.mail_delivery}</dd>
            </dl>
            <Form method="GET" action=paths::SETTINGS>
                <input type="hidden" name="test" value="1" />
                <button type="submit" class="btn">{t!(language, "settings-bss-test")}</button>
            </Form>
            <Suspense fallback=move || view! { <p class="loading" role="status">{t!(language, "settings-bss-testing")}</p> }>
                {move || Suspend::new(async move {
                    match test.await {
                        Some(Ok(result)) => Some(Either::Left(view! {
                            <p class="banner banner-ok" role="status">
                                {match result.request_id {
                                    Some(id) => t!(language, "settings-bss-connected-request", customers = result.customers, request_id = id),
                                    None => t!(language, "settings-bss-connected", customers = result.customers),
                                }}
                            </p>
                        })),
                        Some(Err(error)) => Some(Either::Right(view! {
                            <p class="banner banner-error" role="alert">
                                {t!(language, "settings-bss-test-failed", error = error.to_string())}
                            </p>
                        })),
                        None => None,
                    }
                })}
            </Suspense>
        </section>
    }
}
