//! Mail the dashboard sends, as the Demo Inbox shows it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A message delivered to the Demo Inbox instead of by SMTP (demo mode only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoMail {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub sent_at: DateTime<Utc>,
}
