//! Text that arrives in a request. A link's filters are read leniently (what cannot be
//! understood is dropped, so a hand-edited URL still shows a list); a server function's
//! arguments are checked strictly, since the pages only ever send what a link would keep.

/// Longest search text or filter value accepted, in characters (BSS's own field limit).
pub const MAX_FILTER_CHARS: usize = 64;

/// Longest customer ID BSS accepts.
const MAX_CUSTOMER_ID_CHARS: usize = 64;

/// How much of a refused value an error message repeats.
const SHOWN_CHARS: usize = 40;

/// A filter from a URL, as the list uses it: trimmed, without control characters, cut to
/// [`MAX_FILTER_CHARS`].
pub fn filter_from_url(value: &str) -> String {
    value
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_FILTER_CHARS)
        .collect()
}

/// A date from a URL, kept only when it is `YYYY-MM-DD`.
pub fn date_from_url(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|d| is_date(d))
        .map(str::to_owned)
}

/// Refuses a filter sent to a server function that a link would have shortened or cleaned.
pub fn check_filter(name: &str, value: &str) -> Result<(), String> {
    if value.chars().count() > MAX_FILTER_CHARS {
        return Err(format!(
            "The {name} is too long: use at most {MAX_FILTER_CHARS} characters."
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(format!("The {name} contains control characters."));
    }
    Ok(())
}

/// Refuses a date that is neither empty nor `YYYY-MM-DD`.
pub fn check_date(name: &str, value: Option<&str>) -> Result<(), String> {
    match value.map(str::trim) {
        Some(date) if !date.is_empty() && !is_date(date) => {
            Err(format!("The {name} is not a date: write it as YYYY-MM-DD."))
        }
        _ => Ok(()),
    }
}

/// Customer IDs are letters, digits, `-` and `_`, as BSS issues them.
pub fn check_customer_id(value: &str) -> Result<(), String> {
    let well_formed = (1..=MAX_CUSTOMER_ID_CHARS).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if well_formed {
        Ok(())
    } else {
        Err("That is not a customer ID.".to_owned())
    }
}

/// A value from a request as an error message repeats it: short, on one line.
pub fn shown(value: &str) -> String {
    let mut shown: String = value
        .chars()
        .take(SHOWN_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if value.chars().nth(SHOWN_CHARS).is_some() {
        shown.push('…');
    }
    shown
}

fn is_date(value: &str) -> bool {
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_filter_is_trimmed_cleaned_and_cut() {
        let long = format!(" a\u{0}b{} ", "x".repeat(100));
        let filter = filter_from_url(&long);
        assert!(filter.starts_with("abx"));
        assert_eq!(filter.chars().count(), MAX_FILTER_CHARS);
    }

    #[test]
    fn a_server_function_filter_is_refused_where_a_link_would_be_cleaned() {
        assert!(check_filter("search text", &"é".repeat(MAX_FILTER_CHARS)).is_ok());
        assert!(check_filter("search text", &"é".repeat(MAX_FILTER_CHARS + 1)).is_err());
        assert!(check_filter("search text", "a\u{7}").is_err());
        assert!(check_filter("search text", "<script>' OR 1=1 --").is_ok());
    }

    #[test]
    fn dates_must_be_iso_or_empty() {
        assert!(check_date("start date", None).is_ok());
        assert!(check_date("start date", Some("")).is_ok());
        assert!(check_date("start date", Some("2026-02-28")).is_ok());
        assert!(check_date("start date", Some("2026-02-30")).is_err());
        assert_eq!(
            date_from_url(Some(" 2026-02-28 ")).as_deref(),
            Some("2026-02-28")
        );
        assert_eq!(date_from_url(Some("28.02.2026")), None);
    }

    #[test]
    fn customer_ids_are_bss_shaped() {
        assert!(check_customer_id("0b6229f9ba73a745f1b99c1f6e518d02").is_ok());
        assert!(check_customer_id("cust-1_a").is_ok());
        for bad in ["", "a b", "<script>", "x' OR '1'='1", &"a".repeat(65), "é"] {
            assert!(check_customer_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn shown_values_are_short_and_on_one_line() {
        assert_eq!(shown("a\nb"), "a b");
        assert_eq!(
            shown(&"x".repeat(100)),
            format!("{}…", "x".repeat(SHOWN_CHARS))
        );
        assert_eq!(shown(&"x".repeat(SHOWN_CHARS)), "x".repeat(SHOWN_CHARS));
    }
}
