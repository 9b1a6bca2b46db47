//! ListIndirectPartners: the partner's resellers.

use axum::extract::State;
use axum::Json;

use super::validate::Valid;
use super::{ApiError, EmulatorState};
use crate::model::{ListIndirectPartnersRequest, ListIndirectPartnersResponse};

/// `POST /v2/partners/indirect-partners/query`.
pub(crate) async fn list(
    State(state): State<EmulatorState>,
    Valid(request): Valid<ListIndirectPartnersRequest>,
) -> Result<Json<ListIndirectPartnersResponse>, ApiError> {
    let (count, indirect_partners) = state.store.list_indirect_partners(&request).await?;
    Ok(Json(ListIndirectPartnersResponse {
        count,
        indirect_partners,
    }))
}
