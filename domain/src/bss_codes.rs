//! The one place where BSS error codes become sentences for partner staff.

use i18n::{msg, Message};

/// A human sentence for a BSS or API-gateway error code; `None` for codes we have no
/// better words for than BSS's own message.
pub fn sentence(code: &str) -> Option<Message> {
    Some(match code {
        "CBC.0100" => msg!("bss-cbc-0100"),
        "CBC.0150" => msg!("bss-cbc-0150"),
        "CBC.0151" => msg!("bss-cbc-0151"),
        "CBC.0154" => msg!("bss-cbc-0154"),
        "CBC.0250" => msg!("bss-cbc-0250"),
        "CBC.0999" => msg!("bss-cbc-0999"),
        "CBC.5002" => msg!("bss-cbc-5002"),
        "CBC.5004" => msg!("bss-cbc-5004"),
        "CBC.5024" => msg!("bss-cbc-5024"),
        "CBC.99000037" => msg!("bss-cbc-99000037"),
        "APIGW.0301" => msg!("bss-apigw-0301"),
        "APIGW.0308" => msg!("bss-apigw-0308"),
        // The client's own codes (`bss::BssError::error_code`) for calls without an answer.
        "CLIENT.CONNECT" => msg!("bss-client-connect"),
        "CLIENT.TIMEOUT" => msg!("bss-client-timeout"),
        "CLIENT.TRANSPORT" => msg!("bss-client-transport"),
        "CLIENT.DECODE" => msg!("bss-client-decode"),
        "CLIENT.CONFIG" => msg!("bss-client-config"),
        "CLIENT.UNSUPPORTED" => msg!("bss-client-unsupported"),
        _ => return None,
    })
}

/// The message staff see for a failure: the sentence when we have one, with BSS's own
/// text kept alongside because it often names the exact field or customer.
pub fn describe(code: &str, bss_message: &str) -> Message {
    match sentence(code) {
        Some(sentence) if bss_message.is_empty() => {
            msg!("bss-sentence-and-code", sentence = sentence, code = code)
        }
        Some(sentence) => msg!(
            "bss-sentence-code-and-message",
            sentence = sentence,
            code = code,
            message = bss_message
        ),
        None if bss_message.is_empty() => msg!("bss-code-only", code = code),
        None => msg!("bss-message-and-code", message = bss_message, code = code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_keep_the_bss_message() {
        assert_eq!(
            describe("CBC.5024", "customer is a referral customer").to_string(),
            "Only reseller-model customers can be frozen or restricted. \
             (CBC.5024: customer is a referral customer)"
        );
    }

    #[test]
    fn every_client_code_has_a_sentence() {
        for code in [
            "CLIENT.CONNECT",
            "CLIENT.TIMEOUT",
            "CLIENT.TRANSPORT",
            "CLIENT.DECODE",
            "CLIENT.CONFIG",
            "CLIENT.UNSUPPORTED",
        ] {
            assert!(sentence(code).is_some(), "{code}");
        }
    }

    #[test]
    fn unknown_codes_fall_back_to_the_bss_message() {
        assert_eq!(describe("CBC.4242", "odd").to_string(), "odd (CBC.4242)");
        assert_eq!(
            describe("CBC.4242", "").to_string(),
            "BSS answered CBC.4242."
        );
    }
}
