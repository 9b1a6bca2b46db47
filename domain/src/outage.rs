//! BSS not answering, as the pages' banner reports it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BssOutage {
    /// When BSS stopped answering the dashboard's calls (RFC 3339 UTC).
    pub since: String,
    /// What the latest call met, in words (see [`crate::bss_codes::describe`]).
    pub problem: String,
}
