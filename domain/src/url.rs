//! Building the dashboard's own URLs: views and dialogs live in the query string.

/// Percent-encodes a query value: unreserved characters stay, everything else is `%XX`.
pub fn encode_component(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                encoded.push(char::from(byte))
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

/// `?a=b&c=d` from name/value pairs (values percent-encoded), or empty when there are none.
pub fn query_string(params: &[(&str, String)]) -> String {
    if params.is_empty() {
        return String::new();
    }
    let pairs: Vec<String> = params
        .iter()
        .map(|(name, value)| format!("{name}={}", encode_component(value)))
        .collect();
    format!("?{}", pairs.join("&"))
}

/// `url` with `name=value` set, replacing an earlier value of `name`.
pub fn with_param(url: &str, name: &str, value: &str) -> String {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some(name))
        .map(str::to_owned)
        .collect();
    pairs.push(format!("{name}={}", encode_component(value)));
    format!("{path}?{}", pairs.join("&"))
}

/// `url` without the parameters named in `names`.
pub fn without_params(url: &str, names: &[&str]) -> String {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let pairs: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            !pair.is_empty() && !names.contains(&pair.split('=').next().unwrap_or_default())
        })
        .collect();
    if pairs.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", pairs.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_param_replaces_and_encodes() {
        assert_eq!(
            with_param("/sales/customers?page=2&record=4", "record", "5"),
            "/sales/customers?page=2&record=5"
        );
        assert_eq!(
            with_param("/x", "reason", "a b&c冻"),
            "/x?reason=a%20b%26c%E5%86%BB"
        );
    }

    #[test]
    fn without_params_keeps_the_rest() {
        assert_eq!(
            without_params("/c?page=2&dialog=x&ids=a,b&q=n", &["dialog", "ids"]),
            "/c?page=2&q=n"
        );
        assert_eq!(without_params("/c?dialog=x", &["dialog"]), "/c");
    }
}
