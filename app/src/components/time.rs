//! Times as the console shows them. The server stores RFC 3339 UTC; pages say UTC rather
//! than guess the reader's zone, so SSR and hydration render the same text. English keeps
//! the ISO date; Chinese writes it the Chinese way (`2026年11月23日`).

use crate::language::Language;

/// `2026-11-23T14:05:07.123Z` as `2026-11-23 14:05 UTC` (`2026年11月23日 14:05 UTC`).
pub fn short_time(language: Language, rfc3339: &str) -> String {
    time_to(language, rfc3339, 16)
}

/// `2026-11-23T14:05:07.123Z` as `2026-11-23 14:05:07 UTC`, for the audit trail.
pub fn exact_time(language: Language, rfc3339: &str) -> String {
    time_to(language, rfc3339, 19)
}

fn time_to(language: Language, rfc3339: &str, end: usize) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..end)) {
        (Some(date), Some(time)) => format!("{} {time} UTC", language.date(date)),
        _ => rfc3339.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_in_each_language_and_odd_values_pass_through() {
        let at = "2026-11-03T09:05:07.123Z";
        assert_eq!(short_time(Language::En, at), "2026-11-03 09:05 UTC");
        assert_eq!(exact_time(Language::En, at), "2026-11-03 09:05:07 UTC");
        assert_eq!(short_time(Language::ZhCn, at), "2026年11月3日 09:05 UTC");
        assert_eq!(exact_time(Language::ZhCn, at), "2026年11月3日 09:05:07 UTC");
        assert_eq!(short_time(Language::ZhCn, "soon"), "soon");
    }
}
