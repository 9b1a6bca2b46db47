//! A customer's e-mail and phone as the list shows them: masked as the Huawei console
//! masks them, unless a staff member asked to see them (which the server records).

use serde::{Deserialize, Serialize};

/// The contact values of one row: masked, or the real ones after a reveal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub email: String,
    pub telephone: String,
    /// True when these are the real values a reveal returned.
    pub revealed: bool,
}

impl Contact {
    /// The values with both masked: what every listing carries.
    pub fn masked(email: &str, telephone: &str) -> Self {
        Self {
            email: mask_email(email),
            telephone: mask_phone(telephone),
            revealed: false,
        }
    }

    /// The real values, for the staff member who asked to see them.
    pub fn revealed(email: &str, telephone: &str) -> Self {
        Self {
            email: email.to_owned(),
            telephone: telephone.to_owned(),
            revealed: true,
        }
    }
}

const MASK: &str = "****";

/// `ab****@example.com`: the first two characters of the local part (one when it has two
/// or fewer, so a masked address never shows a whole local part) and the domain.
pub fn mask_email(email: &str) -> String {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return mask_text(email);
    };
    let kept = if local.chars().count() > 2 { 2 } else { 1 };
    let start: String = local.chars().take(kept).collect();
    format!("{start}{MASK}@{domain}")
}

/// `+65-****1234`: the country prefix (up to the first `-` or space; else the first three
/// characters) and the last four digits.
pub fn mask_phone(phone: &str) -> String {
    let phone = phone.trim();
    if phone.is_empty() {
        return String::new();
    }
    let prefix_end = phone.find(['-', ' ']).map(|at| at + 1).unwrap_or_else(|| {
        phone
            .char_indices()
            .nth(3)
            .map_or(phone.len(), |(at, _)| at)
    });
    let (prefix, rest) = phone.split_at(prefix_end);
    let digits: Vec<char> = rest.chars().filter(char::is_ascii_digit).collect();
    // Fewer than eight digits after the prefix would show half the number or more.
    let last: String = if digits.len() >= 8 {
        digits[digits.len() - 4..].iter().collect()
    } else {
        String::new()
    };
    format!("{prefix}{MASK}{last}")
}

/// A name as an anonymised export writes it: its first character and `****` (none of a
/// name's length shows), empty when there is none.
pub fn mask_name(name: &str) -> String {
    mask_text(name.trim())
}

/// A value that is no e-mail address: only its first character stays.
fn mask_text(value: &str) -> String {
    match value.chars().next() {
        Some(first) => format!("{first}{MASK}"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_keeps_two_characters_of_the_local_part_and_the_domain() {
        assert_eq!(mask_email("ana.li@example.com"), "an****@example.com");
        assert_eq!(
            mask_email("billing@acme.example.com"),
            "bi****@acme.example.com"
        );
    }

    #[test]
    fn a_short_local_part_keeps_one_character() {
        assert_eq!(mask_email("ab@example.com"), "a****@example.com");
        assert_eq!(mask_email("a@example.com"), "a****@example.com");
        assert_eq!(mask_email("@example.com"), "****@example.com");
    }

    #[test]
    fn what_is_not_an_email_shows_only_its_first_character() {
        assert_eq!(mask_email("nobody"), "n****");
        assert_eq!(mask_email(""), "");
    }

    #[test]
    fn a_name_keeps_only_its_first_character() {
        assert_eq!(mask_name("Northwind Traders"), "N****");
        assert_eq!(mask_name(" 华为云 "), "华****");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn a_phone_keeps_its_country_prefix_and_last_four_digits() {
        assert_eq!(mask_phone("+65-61234567"), "+65-****4567");
        assert_eq!(mask_phone("+971 501234567"), "+971 ****4567");
        assert_eq!(mask_phone("13812345678"), "138****5678");
    }

    #[test]
    fn a_short_phone_shows_no_digits_after_the_prefix() {
        assert_eq!(mask_phone("+65-1234"), "+65-****");
        assert_eq!(mask_phone("12"), "12****");
        assert_eq!(mask_phone("  "), "");
    }

    #[test]
    fn masked_values_never_hold_the_real_ones() {
        let contact = Contact::masked("ana.li@example.com", "+65-61234567");
        assert!(!contact.revealed);
        assert!(!contact.email.contains("ana.li"));
        assert!(!contact.telephone.contains("61234567"));
    }
}
