//! The banner for BSS not answering: what it means for the list, for new operations and for
//! those already started.

use domain::outage::BssOutage;
use i18n::t;
use leptos::prelude::*;

use crate::components::time::short_time;
use crate::language::use_language;

#[component]
pub fn OutageBanner(outage: BssOutage) -> impl IntoView {
    let language = use_language();
    view! {
        <div class="banner banner-error outage" role="alert">
            <strong>{t!(language, "outage-heading", since = short_time(language, &outage.since))}</strong>
            " "
            {outage.problem().render(language)}
            <p>{t!(language, "outage-explanation")}</p>
        </div>
    }
}
