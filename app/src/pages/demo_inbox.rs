//! The Demo Inbox: in demo mode, the mail that would have gone to the signed-in staff
//! member, such as verification codes.

use domain::mail::DemoMail;
use i18n::msg;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::verification::demo_inbox;
use crate::components::layout::PageHeader;
use crate::components::loaded::Loaded;
use crate::paths;

#[component]
pub fn DemoInboxPage() -> impl IntoView {
    let mail = Resource::new(|| (), |_| demo_inbox());

    view! {
        <Title text="Demo Inbox" />
        <PageHeader trail=vec![msg!("nav-demo")] title=msg!("nav-demo-inbox") />
        <p class="banner banner-info">
            "In demo mode, mail to you (verification codes) lands here instead of going out by e-mail. "
            <a href=paths::DEMO_INBOX>"Refresh"</a>
        </p>
        <Loaded data=mail loading="Loading mail…" let:mail>
            {if mail.is_empty() {
                Either::Left(view! { <p class="empty">"No mail yet."</p> })
            } else {
                Either::Right(view! {
                    <ol class="inbox" aria-label="Mail, newest first">
                        {mail.into_iter().map(|mail| view! { <MailItem mail /> }).collect_view()}
                    </ol>
                })
            }}
        </Loaded>
    }
}

#[component]
fn MailItem(mail: DemoMail) -> impl IntoView {
    view! {
        <li class="panel mail">
            <p class="mail-meta">
                <strong class="mail-subject">{mail.subject}</strong>
                " to " {mail.recipient} " · "
                <time datetime=mail.sent_at.to_rfc3339()>
                    {mail.sent_at.format("%Y-%m-%d %H:%M:%S UTC").to_string()}
                </time>
            </p>
            <pre class="mail-body">{mail.body}</pre>
        </li>
    }
}
