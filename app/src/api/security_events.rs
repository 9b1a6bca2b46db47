//! Security events (admins only): who changed the verification-code setting, staff
//! accounts, roles and passwords, and sign-in lockouts. Read only: events are written by the
//! changes themselves and nothing edits or deletes one.

use domain::security::{SecurityEventPage, SecurityEventQuery};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A page of events with the query as the server applied it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityEventListing {
    pub events: SecurityEventPage,
    pub query: SecurityEventQuery,
}

#[server(endpoint = "security-events/list")]
pub async fn list_security_events(
    query: SecurityEventQuery,
) -> Result<SecurityEventListing, AppError> {
    use domain::url::UrlQuery;

    crate::auth::require(domain::staff::Role::Admin).await?;
    let context = crate::server_context::server_context()?;
    query.check().map_err(AppError::invalid)?;
    let query = query.normalized();
    Ok(SecurityEventListing {
        events: domain::services::security_events::list(&context.db, &query).await?,
        query,
    })
}
