//! The agreement partners accept before freezing a customer's resources.

use i18n::{msg, t};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::layout::PageHeader;
use crate::language::use_language;

#[component]
pub fn AgreementPage() -> impl IntoView {
    let language = use_language();
    view! {
        <Title text=t!(language, "page-agreement") />
        <PageHeader trail=vec![msg!("nav-sales"), msg!("nav-customers")] title=msg!("page-agreement") />
        <article class="panel agreement-text">
            <p>{t!(language, "agreement-consent")}</p>
            <ol>
                <li>{t!(language, "agreement-no-purchases")}</li>
                <li>{t!(language, "agreement-pay-per-use")}</li>
                <li>{t!(language, "agreement-yearly-monthly")}</li>
                <li>{t!(language, "agreement-responsibility")}</li>
            </ol>
        </article>
    }
}
