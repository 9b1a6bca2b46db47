//! What the server hands every server function and SSR render through Leptos context.

use bss::client::BssClient;
use domain::labels::LabelSet;
use domain::operation::ApiMode;
use domain::retention::RetentionSettings;
use domain::services::db::Db;
use domain::services::mail::Mailer;
use domain::services::mirror::MirrorSyncer;
use domain::services::operations::InFlight;
use leptos::prelude::use_context;

use crate::error::AppError;

#[derive(Clone)]
pub struct ServerContext {
    pub db: Db,
    pub bss: BssClient,
    /// The configured label set, used until an admin stores another in Settings.
    pub default_labels: LabelSet,
    /// The configured retention period and alert lead time, used until an admin stores others.
    pub default_retention: RetentionSettings,
    /// Which BSS API generation freezes and unfreezes.
    pub api_mode: ApiMode,
    /// True when BSS is the embedded emulator: demo accounts and the Demo Inbox exist only then.
    pub demo: bool,
    /// How verification codes reach staff: SMTP, the Demo Inbox, or nowhere (unconfigured).
    pub mailer: Mailer,
    /// Keeps the customer mirror current; pages ask it for a refresh.
    pub mirror: MirrorSyncer,
    /// The operations this process is running, which reconciliation leaves alone.
    pub in_flight: InFlight,
}

/// The context the server provided; its absence is a wiring bug, reported, not a panic.
pub fn server_context() -> Result<ServerContext, AppError> {
    use_context::<ServerContext>()
        .ok_or_else(|| AppError::service(i18n::msg!("error-server-misconfigured")))
}
