//! The retention-deadline board: every signed-in member sees it; operators and admins get
//! the unfreeze operation beside each customer.

use domain::labels::LabelSet;
use domain::paging::PageRequest;
use domain::retention::RetentionBoard;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A page of the board, with what its links need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionListing {
    pub board: RetentionBoard,
    pub labels: LabelSet,
    /// Whether the member may run operations (operators and admins).
    pub can_operate: bool,
}

#[server(endpoint = "retention/deadlines")]
pub async fn retention_deadlines(page: PageRequest) -> Result<RetentionListing, AppError> {
    use domain::services::{retention, settings};
    use domain::staff::Role;

    let member = crate::auth::require(Role::Viewer).await?;
    let context = crate::server_context::server_context()?;
    let settings = settings::retention(&context.db, context.default_retention).await?;
    let page = PageRequest::new(page.page, page.page_size);
    Ok(RetentionListing {
        board: retention::board(&context.db, settings, page, chrono::Utc::now()).await?,
        labels: settings::label_set(&context.db, context.default_labels).await?,
        can_operate: member.role.allows(Role::Operator),
    })
}
