//! The Demo Inbox: in demo mode, the mail that would have gone to the signed-in staff
//! member, such as verification codes.

use domain::mail::DemoMail;
use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::verification::demo_inbox;
use crate::components::layout::PageHeader;

pub const PATH: &str = "/demo/inbox";

#[component]
pub fn DemoInboxPage() -> impl IntoView {
    let mail = Resource::new(|| (), |_| demo_inbox());

    view! {
        <Title text="Demo Inbox" />
        <PageHeader trail=&["Demo"] title="Demo Inbox" />
        <p class="banner banner-info">
            "In demo mode, mail to you (verification codes) lands here instead of going out by e-mail. "
            <a href=PATH>"Refresh"</a>
        </p>
        <Suspense fallback=|| view! { <p class="loading">"Loading mail…"</p> }>
            {move || Suspend::new(async move {
                match mail.await {
                    Ok(mail) if mail.is_empty() => EitherOf3::A(view! { <p class="empty">"No mail yet."</p> }),
                    Ok(mail) => EitherOf3::B(view! {
                        <ol class="inbox" aria-label="Mail, newest first">
                            {mail.into_iter().map(|mail| view! { <MailItem mail /> }).collect_view()}
                        </ol>
                    }),
                    Err(error) => EitherOf3::C(view! {
                        <p class="banner banner-error" role="alert">{error.to_string()}</p>
                    }),
                }
            })}
        </Suspense>
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
