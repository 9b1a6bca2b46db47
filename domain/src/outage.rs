//! BSS not answering, as the pages' banner reports it.

use i18n::Message;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BssOutage {
    /// When BSS stopped answering the dashboard's calls (RFC 3339 UTC).
    pub since: String,
    /// The code of what the latest call met, and BSS's own text with it.
    pub error_code: String,
    pub error_msg: String,
}

impl BssOutage {
    /// What the latest call met, in words.
    pub fn problem(&self) -> Message {
        crate::bss_codes::describe(&self.error_code, &self.error_msg)
    }
}
