//! Staff sessions: tower-sessions over the dashboard's database (so a session signed in on
//! one instance works on every other), and the redirect of signed-out browsers to the
//! sign-in page.

use app::auth::{session_member, MemberOfRequest};
use app::paths;
use app::server_context::ServerContext;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::services::db::Db;
use sqlx::postgres::PgAdvisoryLock;
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion};
use tower_sessions::{Expiry, Session, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use crate::config::{CookieSecure, SessionConfig};
use crate::forwarded::Forwarded;

pub const COOKIE_NAME: &str = "partner_center_session";

/// How often ended sessions are deleted from the database.
const CLEAN_UP_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// The session store of the dashboard's backend, with saves of an existing session made
/// best-effort.
///
/// The session layer saves a changed session after the handler ran, and answers an empty
/// 500 in place of the handler's response when that save fails. Changes to an existing
/// session are `app::auth`'s once-a-minute touch, which moves the idle deadline, and the
/// one-time password a reset hands to the admin's Staff page (and its removal once shown):
/// losing one is harmless (the admin sees no password and resets again), but turning an
/// operation BSS has already applied into an error answer is not. So saving an existing
/// session logs a failure and succeeds. Creating one (signing in and changing a password
/// renew the id, so their session is always created) still fails loudly, as do loading and
/// deleting (signing out).
#[derive(Clone, Debug)]
pub enum SessionStore {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

/// Runs `$call` with `$inner` bound to whichever store `$store` holds.
macro_rules! on_store {
    ($store:expr, |$inner:ident| $call:expr) => {
        match $store {
            SessionStore::Sqlite($inner) => $call,
            SessionStore::Postgres($inner) => $call,
        }
    };
}

#[async_trait::async_trait]
impl session_store::SessionStore for SessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        on_store!(self, |store| store.create(record).await)
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        if let Err(error) = on_store!(self, |store| store.save(record).await) {
            tracing::warn!(%error, "cannot note the session's use; answering regardless");
        }
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        on_store!(self, |store| store.load(id).await)
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        on_store!(self, |store| store.delete(id).await)
    }
}

#[async_trait::async_trait]
impl ExpiredDeletion for SessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        on_store!(self, |store| store.delete_expired().await)
    }
}

impl SessionStore {
    /// The store on `db`, its table created when missing.
    async fn open(db: &Db) -> Result<Self, sqlx::Error> {
        Ok(match db {
            Db::Sqlite(pool) => {
                let store = SqliteStore::new(pool.clone());
                store.migrate().await?;
                Self::Sqlite(store)
            }
            Db::Postgres(pool) => {
                let store = PostgresStore::new(pool.clone());
                // Instances starting at once race to create the store's schema, and the
                // loser's `migrate` then returns early without creating the table: one at a
                // time.
                let lock = PgAdvisoryLock::new("partner-center session store");
                let guard = lock.acquire(pool.acquire().await?).await?;
                let migrated = store.migrate().await;
                guard.release_now().await?;
                migrated?;
                Self::Postgres(store)
            }
        })
    }
}

/// The session layer, with its table created and a background task deleting ended sessions.
pub async fn layer(
    db: &Db,
    config: &SessionConfig,
) -> Result<SessionManagerLayer<SessionStore>, sqlx::Error> {
    let store = SessionStore::open(db).await?;
    let cleaner = store.clone();
    tokio::spawn(async move {
        if let Err(error) = cleaner.continuously_delete_expired(CLEAN_UP_EVERY).await {
            tracing::error!(%error, "deleting ended sessions stopped");
        }
    });
    let idle = time::Duration::minutes(config.session_idle_minutes.into());
    Ok(SessionManagerLayer::new(store)
        .with_name(COOKIE_NAME)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.cookie_secure == CookieSecure::Always)
        // The deadline moves when the session is saved: `app::auth` marks a signed-in
        // session used once a minute, rather than saving on every request.
        .with_expiry(Expiry::OnInactivity(idle)))
}

/// `--cookie-secure auto`: marks the session cookie Secure when the request reached the
/// trusted proxy in front of the dashboard over HTTPS (the dashboard serves plain HTTP).
pub async fn secure_cookie_over_https(
    State(mode): State<CookieSecure>,
    request: Request,
    next: Next,
) -> Response {
    let https = mode == CookieSecure::Auto
        && request
            .extensions()
            .get::<Forwarded>()
            .is_some_and(|forwarded| forwarded.https);
    let mut response = next.run(request).await;
    if https {
        let headers = response.headers_mut();
        let cookies: Vec<HeaderValue> = headers
            .get_all(header::SET_COOKIE)
            .iter()
            .cloned()
            .collect();
        headers.remove(header::SET_COOKIE);
        for cookie in cookies {
            headers.append(header::SET_COOKIE, with_secure(cookie));
        }
    }
    response
}

fn with_secure(cookie: HeaderValue) -> HeaderValue {
    match cookie.to_str() {
        Ok(text) if text.starts_with(&format!("{COOKIE_NAME}=")) && !text.contains("; Secure") => {
            HeaderValue::from_str(&format!("{text}; Secure")).unwrap_or(cookie)
        }
        _ => cookie,
    }
}

/// Sends a signed-out browser asking for a page to the sign-in page, with the page to come
/// back to. It answers 302 before any rendering, so it works without WASM.
pub async fn redirect_signed_out(
    State(context): State<ServerContext>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let page_request = matches!(*request.method(), Method::GET | Method::HEAD)
        && path != paths::SIGN_IN
        && !path.starts_with("/api/");
    if page_request {
        // From the session alone: this is where the request's member is first looked up.
        match session_member(&session, &context.db).await {
            // A one-time password allows nothing but choosing a new one.
            Ok(Some(member)) if member.must_change_password && path != paths::PASSWORD => {
                return (StatusCode::FOUND, [(header::LOCATION, paths::PASSWORD)]).into_response();
            }
            Ok(Some(member)) => {
                // The member's saved language wins over what the browser asks for.
                match domain::services::preferences::language(&context.db, member.id).await {
                    Ok(Some(language)) => {
                        request.extensions_mut().insert(language);
                    }
                    Ok(None) => {}
                    Err(error) => tracing::warn!(%error, "cannot read the member's language"),
                }
                request.extensions_mut().insert(MemberOfRequest(member));
            }
            Ok(None) => return to_sign_in(request.uri()),
            Err(error) => {
                return (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response()
            }
        }
    }
    next.run(request).await
}

/// 302 to the sign-in page, which returns to `uri` after signing in.
pub fn to_sign_in(uri: &axum::http::Uri) -> Response {
    let back = uri.path_and_query().map_or("/", |path| path.as_str());
    (
        StatusCode::FOUND,
        [(header::LOCATION, paths::sign_in_then(back))],
    )
        .into_response()
}
