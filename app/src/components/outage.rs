//! The banner for BSS not answering: what it means for the list, for new operations and for
//! those already started.

use crate::language::use_language;
use domain::outage::BssOutage;
use leptos::prelude::*;

use crate::components::time::short_time;

#[component]
pub fn OutageBanner(outage: BssOutage) -> impl IntoView {
    let language = use_language();
    view! {
        <div class="banner banner-error outage" role="alert">
            <strong>{format!("Huawei Cloud BSS is not answering (since {}).", short_time(language, &outage.since))}</strong>
            " "
            {outage.problem}
            <p>
                "The list shows customers as of the last sync, and operations run now will fail. "
                "Nothing is lost: every operation already started is kept in Operation Records and is checked with BSS when it answers again."
            </p>
        </div>
    }
}
