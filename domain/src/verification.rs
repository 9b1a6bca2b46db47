//! The verification code that guards critical operations (product.md section 3): its rules,
//! shared by the dialogs that count down and the service that enforces them.

use i18n::{msg, Message};
use serde::{Deserialize, Serialize};

/// Digits in a code.
pub const CODE_DIGITS: usize = 6;
/// How long a code stays valid after it was sent.
pub const CODE_VALID_SECS: i64 = 5 * 60;
/// How long "Get Code" waits before it may send another code.
pub const RESEND_AFTER_SECS: i64 = 60;
pub const MAX_CODES_PER_HOUR: i64 = 15;
pub const MAX_CODES_PER_DAY: i64 = 60;
/// Wrong entries a code survives; the next entry fails even if it is right.
pub const MAX_WRONG_ENTRIES: i64 = 5;

/// What "Get Code" tells the dialog after a code went out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentCode {
    /// Where it went, partly hidden (`a•••@example.com`).
    pub sent_to: String,
    /// Seconds the code stays valid from now: a count, not a time, so the browser's copy of
    /// this needs no date parser.
    pub valid_for_secs: i64,
    /// Seconds before "Get Code" may be pressed again.
    pub resend_after_secs: i64,
}

/// Hides most of the local part of an address, as consoles do when they say where a code went.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}•••@{domain}")
        }
        None => "•••".to_owned(),
    }
}

/// Checks the shape of a code as typed (surrounding spaces allowed) and returns its digits.
pub fn parse_code(code: &str) -> Result<&str, Message> {
    let code = code.trim();
    if code.len() == CODE_DIGITS && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code)
    } else {
        Err(msg!("code-malformed", digits = CODE_DIGITS))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_addresses_keep_the_domain_only() {
        assert_eq!(mask_email("operator@demo.example"), "o•••@demo.example");
    }

    #[test]
    fn codes_must_be_six_digits() {
        assert_eq!(parse_code(" 012345 ").unwrap(), "012345");
        for bad in ["", "12345", "1234567", "12345a", "１２３４５６"] {
            assert!(parse_code(bad).is_err(), "{bad}");
        }
    }
}
