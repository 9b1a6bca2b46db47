//! The one place where BSS error codes become sentences for partner staff.

/// A human sentence for a BSS or API-gateway error code; `None` for codes we have no
/// better words for than BSS's own message.
pub fn sentence(code: &str) -> Option<&'static str> {
    Some(match code {
        "CBC.0100" => "A value sent to BSS was not accepted.",
        "CBC.0150" => "BSS refused this operation for the customer in its current state.",
        "CBC.0151" => "This partner account may not perform the operation.",
        "CBC.0154" => "The BSS credentials are invalid or have expired.",
        "CBC.0250" => "BSS is limiting the request rate; try again in a moment.",
        "CBC.0999" => "BSS had an internal error; try again later.",
        "CBC.5002" => "The customer does not exist or is not this partner's customer.",
        "CBC.5004" => "This partner has no permission to operate on the customer.",
        "CBC.5024" => "Only reseller-model customers can be frozen or restricted.",
        "CBC.99000037" => "This partner has no permission on the selected reseller.",
        "APIGW.0301" => "BSS rejected the access key, secret key or request signature.",
        "APIGW.0308" => "The BSS gateway is limiting the request rate; try again in a moment.",
        // The client's own codes (`bss::BssError::error_code`) for calls without an answer.
        "CLIENT.CONNECT" => "BSS could not be reached; nothing was sent, so retrying is safe.",
        "CLIENT.TIMEOUT" => "BSS did not answer in time.",
        "CLIENT.TRANSPORT" => "The connection to BSS broke before its answer arrived.",
        "CLIENT.DECODE" => "BSS's answer could not be read.",
        "CLIENT.CONFIG" => "The dashboard's BSS settings are invalid; ask an admin.",
        "CLIENT.UNSUPPORTED" => "The configured BSS API version cannot do this.",
        _ => return None,
    })
}

/// The message staff see for a failure: the sentence when we have one, with BSS's own
/// text kept alongside because it often names the exact field or customer.
pub fn describe(code: &str, bss_message: &str) -> String {
    match sentence(code) {
        Some(sentence) if bss_message.is_empty() => format!("{sentence} ({code})"),
        Some(sentence) => format!("{sentence} ({code}: {bss_message})"),
        None if bss_message.is_empty() => format!("BSS answered {code}."),
        None => format!("{bss_message} ({code})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_keep_the_bss_message() {
        assert_eq!(
            describe("CBC.5024", "customer is a referral customer"),
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
        assert_eq!(describe("CBC.4242", "odd"), "odd (CBC.4242)");
        assert_eq!(describe("CBC.4242", ""), "BSS answered CBC.4242.");
    }
}
