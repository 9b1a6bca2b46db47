//! Who is signed in, and what they may do: the server-side guard. [`require`] opens every
//! server function: it reads the session, loads the staff member and checks the role,
//! whatever the page showed. (Pages learn who is signed in from `crate::current_staff`.)

#[cfg(feature = "ssr")]
use domain::staff::{Role, StaffMember};
#[cfg(feature = "ssr")]
use i18n::{msg, t};
#[cfg(feature = "ssr")]
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::error::AppError;

/// The session key holding the signed-in staff member's id.
#[cfg(feature = "ssr")]
pub const SESSION_STAFF_ID: &str = "staff_id";

/// The session key holding the account's session epoch at sign-in: a password change or
/// reset raises the account's, which ends every session holding an older one.
#[cfg(feature = "ssr")]
pub const SESSION_EPOCH: &str = "session_epoch";

/// Where to go after signing in: `next` when it is a path on this site, else the home page.
/// Anything else (`//evil.example`, `https://…`, `/\evil`) would make the sign-in page an
/// open redirect.
pub fn local_path_or_home(next: Option<&str>) -> &str {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.chars().any(|c| c.is_control()) =>
        {
            path
        }
        _ => "/",
    }
}

/// The client's network address, as the server's middleware derived it (the TCP peer, or
/// what a trusted proxy forwarded); read it with [`client_address`].
#[cfg(feature = "ssr")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub std::net::IpAddr);

/// The address of the client that sent the current request.
#[cfg(feature = "ssr")]
pub fn client_address() -> Result<std::net::IpAddr, AppError> {
    use_context::<http::request::Parts>()
        .and_then(|request| request.extensions.get::<ClientAddress>().copied())
        .map(|ClientAddress(address)| address)
        .ok_or_else(|| AppError::service(msg!("error-server-misconfigured")))
}

/// The member the server's page middleware looked up for this request, kept in the
/// request's extensions so that the page's layout and server functions do not read the
/// staff table again.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct MemberOfRequest(pub StaffMember);

/// The staff member a session stands for: none when nobody signed in, or when the account
/// has since been disabled or its password changed.
#[cfg(feature = "ssr")]
pub async fn signed_in_member(
    session: &tower_sessions::Session,
    db: &domain::services::db::Db,
) -> Result<Option<StaffMember>, AppError> {
    let known = use_context::<http::request::Parts>()
        .and_then(|request| request.extensions.get::<MemberOfRequest>().cloned());
    if let Some(MemberOfRequest(member)) = known {
        return Ok(Some(member));
    }
    session_member(session, db).await
}

/// The staff member `session` stands for, read from the session alone: what handlers outside
/// Leptos (the downloads) use. There the current reactive owner is not this request's, and
/// a context lookup found an earlier request's member on the same thread: an anonymous
/// download was answered as the member whose page had rendered just before.
#[cfg(feature = "ssr")]
pub async fn session_member(
    session: &tower_sessions::Session,
    db: &domain::services::db::Db,
) -> Result<Option<StaffMember>, AppError> {
    let staff_id = session
        .get::<i64>(SESSION_STAFF_ID)
        .await
        .map_err(|error| {
            tracing::error!(%error, "cannot read the session");
            AppError::service(msg!("error-session-unreadable"))
        })?;
    let Some(id) = staff_id else {
        return Ok(None);
    };
    // Sessions from before epochs existed hold none; accounts started at 0.
    let epoch = session
        .get::<i64>(SESSION_EPOCH)
        .await
        .ok()
        .flatten()
        .unwrap_or(0);
    keep_alive(session).await;
    Ok(domain::services::staff::active_member(db, id, epoch).await?)
}

/// The session key holding the minute a signed-in session was last used.
#[cfg(feature = "ssr")]
const SESSION_SEEN_MINUTE: &str = "seen_minute";

/// Moves the session's inactivity deadline, which tower-sessions does when it saves the
/// session. Saving on every request wrote the session store once per request and queued
/// pages behind those writes under load; once a minute keeps idle expiry to the minute.
#[cfg(feature = "ssr")]
async fn keep_alive(session: &tower_sessions::Session) {
    let minute = chrono::Utc::now().timestamp() / 60;
    let seen = session.get::<i64>(SESSION_SEEN_MINUTE).await.ok().flatten();
    if seen != Some(minute) {
        if let Err(error) = session.insert(SESSION_SEEN_MINUTE, minute).await {
            tracing::warn!(%error, "cannot note the session's use");
        }
    }
}

/// The request's session; the session layer always provides one.
#[cfg(feature = "ssr")]
pub async fn session() -> Result<tower_sessions::Session, AppError> {
    leptos_axum::extract().await.map_err(|error| {
        tracing::error!(%error, "no session layer");
        AppError::service(msg!("error-server-misconfigured"))
    })
}

/// Opens every server function: the signed-in staff member if their role allows `role`;
/// otherwise HTTP 401 (nobody signed in) or 403 (role too low) with a sentence saying so.
/// A member who signed in with a one-time password is refused (403) until they change it.
#[cfg(feature = "ssr")]
pub async fn require(role: Role) -> Result<StaffMember, AppError> {
    let member = require_signed_in().await?;
    if member.must_change_password {
        match plain_form_page() {
            Some(_) => leptos_axum::redirect(crate::paths::PASSWORD),
            None => refuse(http::StatusCode::FORBIDDEN),
        }
        return Err(AppError::forbidden(msg!("error-password-change-first")));
    }
    if !member.role.allows(role) {
        refuse(http::StatusCode::FORBIDDEN);
        return Err(AppError::forbidden(msg!(
            "error-role-not-allowed",
            role = member.role.label(),
            needed = role.label()
        )));
    }
    Ok(member)
}

/// The signed-in member whatever their role, even one who must change their password:
/// what the Password page needs. HTTP 401 when nobody is signed in.
#[cfg(feature = "ssr")]
pub async fn require_signed_in() -> Result<StaffMember, AppError> {
    let context = crate::server_context::server_context()?;
    match signed_in_member(&session().await?, &context.db).await? {
        Some(member) => Ok(member),
        None => {
            refuse(http::StatusCode::UNAUTHORIZED);
            Err(AppError::Unauthenticated(t!(
                crate::language::use_language(),
                "error-not-signed-in"
            )))
        }
    }
}

/// Sets the refusal's status. A plain HTML form post (no WASM) is instead sent back to its
/// page, which shows the error, or, when signed out, to the sign-in page.
#[cfg(feature = "ssr")]
fn refuse(status: http::StatusCode) {
    match plain_form_page() {
        None => {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(status);
            }
        }
        Some(page) if status == http::StatusCode::UNAUTHORIZED => {
            leptos_axum::redirect(&crate::paths::sign_in_then(&page));
        }
        Some(_) => {}
    }
}

/// For a server function posted by a plain HTML form (a browser without WASM), the page
/// the form is on (path and query); the browser is sent back there afterwards. The
/// Referer's path is checked like `next` ([`local_path_or_home`]): a page such as
/// `//evil.example/x` would send the browser to another site.
#[cfg(feature = "ssr")]
pub fn plain_form_page() -> Option<String> {
    let request = use_context::<http::request::Parts>()?;
    let accepts_html = request
        .headers
        .get(http::header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    let referer: http::Uri = request
        .headers
        .get(http::header::REFERER)?
        .to_str()
        .ok()?
        .parse()
        .ok()?;
    let page = referer.path_and_query().map(|page| page.as_str());
    accepts_html.then(|| local_path_or_home(page).to_owned())
}

/// Who is making this request and from where, for the security event of a change.
#[cfg(feature = "ssr")]
pub fn event_source(
    member: &StaffMember,
) -> Result<domain::services::security_events::Source<'_>, AppError> {
    Ok(domain::services::security_events::Source {
        actor: Some(member),
        client: Some(client_address()?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_signing_in() {
        assert_eq!(
            local_path_or_home(Some("/sales/customers?page=2")),
            "/sales/customers?page=2"
        );
        for hostile in [
            "//evil.example",
            "https://evil.example/",
            "/\\evil.example",
            "evil",
            "/a\nb",
        ] {
            assert_eq!(local_path_or_home(Some(hostile)), "/", "{hostile}");
        }
        assert_eq!(local_path_or_home(None), "/");
    }
}
