//! What a resource-level operation does to each of the customer's resources, shown in the
//! dialog before OK.

use serde::{Deserialize, Serialize};

/// One resource and what the operation will do to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceImpact {
    pub customer_id: String,
    pub name: String,
    pub service_type: String,
    pub region: String,
    /// Pay-per-use (stopped by a resource freeze) or yearly/monthly (keeps running).
    pub pay_per_use: bool,
    /// What happens to it, e.g. "Stops; released on 2026-12-08 unless unfrozen".
    pub effect: String,
}
