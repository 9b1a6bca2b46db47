//! Small pieces of SQL the services share.

use chrono::{DateTime, SecondsFormat, Utc};

use super::db::Query;
use crate::paging::PageRequest;

/// A moment as the services store it: RFC 3339 UTC with milliseconds, so times from any
/// table order (and compare with whole-day bounds) as text.
pub(super) fn stored_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A moment [`stored_time`] wrote; anything else is a value the database cannot hold.
pub(super) fn read_stored_time(stored: &str) -> Result<DateTime<Utc>, sqlx::Error> {
    DateTime::parse_from_rfc3339(stored)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|error| sqlx::Error::Decode(error.into()))
}

/// A LIKE pattern matching `text` anywhere, with LIKE's own wildcards taken literally
/// (use with `ESCAPE '\'`).
pub(super) fn contains_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// ` AND <column> LIKE %text%`, ignoring case; nothing when `text` is empty.
pub(super) fn push_contains(sql: &mut Query<'_>, column: &str, text: &str) {
    if !text.is_empty() {
        sql.push(format_args!(" AND LOWER({column}) LIKE "))
            .push_bind(contains_pattern(&text.to_lowercase()))
            .push(" ESCAPE '\\'");
    }
}

/// Whole days `from` to `to` (inclusive, `YYYY-MM-DD`, either open) of an RFC 3339 UTC
/// `column`: such times compare as text.
pub(super) fn push_date_range(
    sql: &mut Query<'_>,
    column: &str,
    from: Option<&str>,
    to: Option<&str>,
) {
    if let Some(from) = from {
        sql.push(format_args!(" AND {column} >= "))
            .push_bind(format!("{from}T00:00:00"));
    }
    if let Some(to) = to {
        sql.push(format_args!(" AND {column} <= "))
            .push_bind(format!("{to}T23:59:59.999Z"));
    }
}

pub(super) fn push_page(sql: &mut Query<'_>, page: PageRequest) {
    sql.push(" LIMIT ").push_bind(i64::from(page.page_size));
    sql.push(" OFFSET ")
        .push_bind(i64::try_from(page.offset()).unwrap_or(i64::MAX));
}

/// A `COUNT(*)` as the pages show it.
pub(super) fn count_value(count: i64) -> u64 {
    u64::try_from(count).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_in_search_text_are_literal() {
        assert_eq!(contains_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
