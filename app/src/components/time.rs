//! Times as the console shows them. The server stores RFC 3339 UTC; pages say UTC rather
//! than guess the reader's zone, so SSR and hydration render the same text.

/// `2026-11-23T14:05:07.123Z` as `2026-11-23 14:05 UTC`.
pub fn short_time(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(date), Some(time)) => format!("{date} {time} UTC"),
        _ => rfc3339.to_owned(),
    }
}

/// `2026-11-23T14:05:07.123Z` as `2026-11-23 14:05:07 UTC`, for the audit trail.
pub fn exact_time(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..19)) {
        (Some(date), Some(time)) => format!("{date} {time} UTC"),
        _ => rfc3339.to_owned(),
    }
}
