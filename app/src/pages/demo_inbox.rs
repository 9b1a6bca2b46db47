//! The Demo Inbox: in demo mode, the mail that would have gone to the signed-in staff
//! member, such as verification codes.

use domain::mail::DemoMail;
use i18n::{msg, t};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::verification::demo_inbox;
use crate::components::layout::PageHeader;
use crate::components::loaded::Loaded;
use crate::components::time::exact_time;
use crate::language::use_language;
use crate::paths;

#[component]
pub fn DemoInboxPage() -> impl IntoView {
    let mail = Resource::new(|| (), |_| demo_inbox());
    let language = use_language();

    view! {
        <Title text=t!(language, "nav-demo-inbox") />
        <PageHeader trail=vec![msg!("nav-demo")] title=msg!("nav-demo-inbox") />
        <p class="banner banner-info">
            {t!(language, "inbox-intro")} " "
            <a href=paths::DEMO_INBOX>{t!(language, "inbox-refresh")}</a>
        </p>
        <Loaded data=mail loading=t!(language, "inbox-loading") let:mail>
            {if mail.is_empty() {
                Either::Left(view! { <p class="empty">{t!(language, "inbox-empty")}</p> })
            } else {
                Either::Right(view! {
                    <ol class="inbox" aria-label=t!(language, "inbox-list")>
                        {mail.into_iter().map(|mail| view! { <MailItem mail /> }).collect_view()}
                    </ol>
                })
            }}
        </Loaded>
    }
}

#[component]
fn MailItem(mail: DemoMail) -> impl IntoView {
    let language = use_language();
    let sent_at = mail.sent_at.to_rfc3339();
    view! {
        <li class="panel mail">
            <p class="mail-meta">
                <strong class="mail-subject">{mail.subject}</strong>
                " " {t!(language, "inbox-to", recipient = mail.recipient)} " · "
                <time datetime=sent_at.clone()>{exact_time(language, &sent_at)}</time>
            </p>
            <pre class="mail-body">{mail.body}</pre>
        </li>
    }
}
