//! The HTTP surface: Leptos pages and server functions, static files, `/healthz` and
//! `/readyz`.

use std::sync::{Arc, OnceLock};

use app::paths;
use app::server_context::ServerContext;
use app::{shell, App};
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use leptos::prelude::{provide_context, LeptosOptions};
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use serde_json::json;
use tower_http::trace::TraceLayer;
use tower_sessions::SessionManagerLayer;

use crate::config::CookieSecure;
use crate::exports::ExportSlots;
use crate::forwarded::TrustedProxies;
use crate::security::AllowedHosts;
use crate::sessions::SessionStore;
use crate::{error_status, exports, form_encoding, forwarded, language, security, sessions};

/// Answered whatever the Host (see [`security::allowed_hosts`]).
pub const HEALTH_CHECKS: [&str; 2] = ["/healthz", "/readyz"];

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub context: ServerContext,
    pub export_slots: ExportSlots,
}

/// Who may reach the dashboard, and through which proxies.
pub struct HttpPolicy {
    pub allowed_hosts: AllowedHosts,
    pub trusted_proxies: TrustedProxies,
    pub cookie_secure: CookieSecure,
}

/// The app's pages, generated once per process. Generating them suppresses resource loads
/// process-wide while it runs (leptos#4773), and a page whose resource first polled in that
/// window never finished: it hung the integration tests, which build many routers at once.
pub fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(
    state: AppState,
    sessions: SessionManagerLayer<SessionStore>,
    policy: HttpPolicy,
) -> Router {
    let routes = route_list();
    let context = state.context.clone();
    // Every page, the not-found page included: without the nonce, the browser's CSP
    // refuses the page's hydration script.
    let page_context = move || {
        provide_context(context.clone());
        security::provide_csp_nonce();
        language::provide();
    };
    let leptos_options = state.leptos_options.clone();
    Router::new()
        .leptos_routes_with_context(&state, routes, page_context.clone(), move || {
            shell(leptos_options.clone())
        })
        // Pages and server functions only (not /healthz, static files or the 404 fallback).
        .route_layer(from_fn_with_state(
            state.context.clone(),
            sessions::redirect_signed_out,
        ))
        .route_layer(from_fn(security::no_store))
        .route(paths::RECORDS_CSV, get(exports::operation_records_csv))
        .route(
            paths::SECURITY_EVENTS_CSV,
            get(exports::security_events_csv),
        )
        .route(
            paths::CUSTOMER_EXPORT_FILE,
            get(exports::customer_export_file),
        )
        .route(HEALTH_CHECKS[0], get(healthz))
        .route(HEALTH_CHECKS[1], get(readyz))
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(page_context, shell))
        .layer(from_fn(language::negotiate))
        .layer(sessions)
        .layer(from_fn_with_state(
            policy.cookie_secure,
            sessions::secure_cookie_over_https,
        ))
        .layer(from_fn(form_encoding::check_bodies))
        .layer(from_fn(error_status::by_error_kind))
        .layer(from_fn(security::local_redirects))
        .layer(from_fn(security::refuse_cross_site))
        .layer(from_fn_with_state(
            Arc::new(policy.allowed_hosts),
            security::allowed_hosts,
        ))
        .layer(from_fn(security::security_headers))
        .layer(from_fn_with_state(
            Arc::new(policy.trusted_proxies),
            forwarded::read,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Readiness: the customer mirror has been synced from BSS at least once (or the first
/// attempt failed, which the page then reports), so the list has something to show.
async fn readyz(State(context): State<ServerContext>) -> impl IntoResponse {
    match domain::services::mirror::status(&context.db).await {
        Ok(status) if status.last_synced_at.is_some() || status.last_error.is_some() => {
            (StatusCode::OK, Json(json!({ "status": "ready" })))
        }
        Ok(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "syncing customers from BSS" })),
        ),
        Err(error) => {
            tracing::error!(%error, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable" })),
            )
        }
    }
}

/// Liveness: the process answers and its database does.
async fn healthz(State(context): State<ServerContext>) -> impl IntoResponse {
    match context.db.query("SELECT 1").execute().await {
        Ok(_) => (StatusCode::OK, Json(json!({ "status": "ok" }))),
        Err(error) => {
            tracing::error!(%error, "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": "unreachable" })),
            )
        }
    }
}
