//! Text that arrives in a request. A link's filters are read leniently (what cannot be
//! understood is dropped, so a hand-edited URL still shows a list); a server function's
//! arguments are checked strictly, since the pages only ever send what a link would keep.

use i18n::{msg, Message};

/// Longest search text or filter value accepted, in characters (BSS's own field limit).
pub const MAX_FILTER_CHARS: usize = 64;

/// Longest customer ID BSS accepts.
const MAX_CUSTOMER_ID_CHARS: usize = 64;

/// How much of a refused value an error message repeats.
const SHOWN_CHARS: usize = 40;

/// Unicode's format characters (general category Cf): invisible, yet they
/// reorder what is shown (bidi controls such as U+202E make `gnp.exe` read `exe.png`), join
/// or hide text (zero-width U+200B–U+200D, U+2060, U+FEFF). Free text refuses them, so a
/// reason or name reads in the record and the CSV as it was stored.
const FORMAT_CHARACTERS: [(char, char); 21] = [
    ('\u{AD}', '\u{AD}'),
    ('\u{600}', '\u{605}'),
    ('\u{61C}', '\u{61C}'),
    ('\u{6DD}', '\u{6DD}'),
    ('\u{70F}', '\u{70F}'),
    ('\u{890}', '\u{891}'),
    ('\u{8E2}', '\u{8E2}'),
    ('\u{180E}', '\u{180E}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFF9}', '\u{FFFB}'),
    ('\u{110BD}', '\u{110BD}'),
    ('\u{110CD}', '\u{110CD}'),
    ('\u{13430}', '\u{1343F}'),
    ('\u{1BCA0}', '\u{1BCA3}'),
    ('\u{1D173}', '\u{1D17A}'),
    ('\u{E0001}', '\u{E0001}'),
    ('\u{E0020}', '\u{E007F}'),
];

/// Whether `c` is an invisible format character (see [`FORMAT_CHARACTERS`]).
pub fn is_invisible_format(c: char) -> bool {
    FORMAT_CHARACTERS
        .iter()
        .any(|(first, last)| (*first..=*last).contains(&c))
}

/// Refuses free text holding an invisible format character, naming it, since it cannot be
/// seen in the field it was typed in.
pub fn check_visible(what: Message, value: &str) -> Result<(), Message> {
    match value.chars().find(|c| is_invisible_format(*c)) {
        Some(c) => Err(msg!(
            "input-invisible-character",
            what = what,
            code_point = format!("U+{:04X}", u32::from(c))
        )),
        None => Ok(()),
    }
}

/// A filter from a URL, as the list uses it: trimmed, without control or invisible format
/// characters, cut to [`MAX_FILTER_CHARS`].
pub fn filter_from_url(value: &str) -> String {
    value
        .trim()
        .chars()
        .filter(|c| !c.is_control() && !is_invisible_format(*c))
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
pub fn check_filter(name: Message, value: &str) -> Result<(), Message> {
    if value.chars().count() > MAX_FILTER_CHARS {
        return Err(msg!("input-too-long", what = name, max = MAX_FILTER_CHARS));
    }
    if value.chars().any(char::is_control) {
        return Err(msg!("input-control-characters", what = name));
    }
    check_visible(name, value)
}

/// Refuses a date that is neither empty nor `YYYY-MM-DD`.
pub fn check_date(name: Message, value: Option<&str>) -> Result<(), Message> {
    match value.map(str::trim) {
        Some(date) if !date.is_empty() && !is_date(date) => {
            Err(msg!("input-not-a-date", what = name))
        }
        _ => Ok(()),
    }
}

/// Customer IDs are letters, digits, `-` and `_`, as BSS issues them.
pub fn check_customer_id(value: &str) -> Result<(), Message> {
    let well_formed = (1..=MAX_CUSTOMER_ID_CHARS).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if well_formed {
        Ok(())
    } else {
        Err(msg!("input-not-a-customer-id"))
    }
}

/// A value from a request as an error message repeats it: short, on one line.
pub fn shown(value: &str) -> String {
    let mut shown: String = value
        .chars()
        .take(SHOWN_CHARS)
        .map(|c| {
            if c.is_control() || is_invisible_format(c) {
                ' '
            } else {
                c
            }
        })
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
        assert_eq!(filter_from_url("ac\u{200B}me\u{2067}"), "acme");
        assert_eq!(filter.chars().count(), MAX_FILTER_CHARS);
    }

    #[test]
    fn a_server_function_filter_is_refused_where_a_link_would_be_cleaned() {
        assert!(check_filter(msg!("field-search-text"), &"é".repeat(MAX_FILTER_CHARS)).is_ok());
        assert!(
            check_filter(msg!("field-search-text"), &"é".repeat(MAX_FILTER_CHARS + 1)).is_err()
        );
        assert!(check_filter(msg!("field-search-text"), "a\u{7}").is_err());
        assert!(check_filter(msg!("field-search-text"), "<script>' OR 1=1 --").is_ok());
        assert!(check_filter(msg!("field-search-text"), "acme\u{202E}").is_err());
    }

    /// The table is Unicode's general category Cf, character for character.
    #[test]
    fn invisible_format_characters_are_exactly_category_cf() {
        use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
        let differing: Vec<String> = (0..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .filter(|c| {
                is_invisible_format(*c) != (c.general_category() == GeneralCategory::Format)
            })
            .map(|c| format!("U+{:04X}", u32::from(c)))
            .collect();
        assert!(differing.is_empty(), "{differing:?}");
        for listed in [
            '\u{202A}', '\u{2069}', '\u{200E}', '\u{061C}', '\u{2060}', '\u{FEFF}',
        ] {
            assert!(is_invisible_format(listed));
        }
        assert!(
            check_visible(msg!("field-reason"), "Arrears\u{202E}gnp.exe")
                .unwrap_err()
                .to_string()
                .contains("U+202E")
        );
        assert!(check_visible(msg!("field-reason"), "冻结 — overdue 😀").is_ok());
    }

    #[test]
    fn dates_must_be_iso_or_empty() {
        assert!(check_date(msg!("field-start-date"), None).is_ok());
        assert!(check_date(msg!("field-start-date"), Some("")).is_ok());
        assert!(check_date(msg!("field-start-date"), Some("2026-02-28")).is_ok());
        assert!(check_date(msg!("field-start-date"), Some("2026-02-30")).is_err());
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
