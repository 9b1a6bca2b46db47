//! Building the dashboard's own URLs: views and dialogs live in the query string.

use crate::paging::PageRequest;

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

/// Reads back a value [`encode_component`] wrote (`+` too, as forms write a space);
/// `None` when it is not percent-encoded UTF-8.
pub fn decode_component(value: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(value.len());
    let mut rest = value.bytes();
    while let Some(byte) = rest.next() {
        bytes.push(match byte {
            b'+' => b' ',
            b'%' => {
                let high = char::from(rest.next()?).to_digit(16)?;
                let low = char::from(rest.next()?).to_digit(16)?;
                u8::try_from(high * 16 + low).ok()?
            }
            byte => byte,
        });
    }
    String::from_utf8(bytes).ok()
}

/// The name/value pairs of a query string (without its `?`), decoded; `None` when a part
/// is not percent-encoded UTF-8.
pub fn parse_query(query: &str) -> Option<Vec<(String, String)>> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Some((decode_component(name)?, decode_component(value)?))
        })
        .collect()
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

/// A list's view that lives in its URL (filters and a page), so it can be shared, reloaded
/// and paged without WASM. The provided methods build every list's links the same way.
pub trait UrlQuery: Sized {
    /// Reads the URL's query parameters; values that cannot be understood are dropped, so a
    /// hand-edited link still shows a sensible list.
    fn from_params<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Self;

    /// The filters as URL parameters, without the page, leaving out what is unset.
    fn filter_params(&self) -> Vec<(&'static str, String)>;

    fn page(&self) -> PageRequest;

    fn with_page(&self, page: PageRequest) -> Self;

    /// The same query held to what a URL may carry, for one that arrives from a hand-made
    /// request instead: text cut to length, unknown choices and bad dates dropped.
    fn normalized(&self) -> Self {
        let mut params = self.filter_params();
        params.push(("page", self.page().page.to_string()));
        params.push(("page_size", self.page().page_size.to_string()));
        Self::from_params(lookup(&params))
    }

    /// `?a=b&c=d` with the filters and the page (defaults left out), or empty.
    fn to_query_string(&self) -> String {
        let mut params = self.filter_params();
        params.extend(self.page().to_params());
        query_string(&params)
    }

    /// The filters alone, for a CSV export (which has no pages).
    fn filter_query_string(&self) -> String {
        query_string(&self.filter_params())
    }
}

/// The pairs whose value is set, for [`UrlQuery::filter_params`].
pub fn set_params<'a>(
    pairs: impl IntoIterator<Item = (&'static str, &'a str)>,
) -> Vec<(&'static str, String)> {
    pairs
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| (name, value.to_owned()))
        .collect()
}

/// Reads parameters built by [`UrlQuery::filter_params`] the way `from_params` reads a URL's.
pub fn lookup<'a>(params: &'a [(&'a str, String)]) -> impl Fn(&str) -> Option<&'a str> + 'a {
    move |name| {
        params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
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
    fn a_query_string_reads_back_what_was_encoded() {
        let params = [
            ("q", "a b&c冻+=".to_owned()),
            ("status", "active".to_owned()),
        ];
        let written = query_string(&params);
        let read = parse_query(written.trim_start_matches('?')).unwrap();
        assert_eq!(
            read,
            [
                ("q".to_owned(), "a b&c冻+=".to_owned()),
                ("status".to_owned(), "active".to_owned())
            ]
        );
        assert_eq!(decode_component("a+b%2B"), Some("a b+".to_owned()));
        for broken in ["%FF", "%4", "%zz", "%E5%86"] {
            assert_eq!(decode_component(broken), None, "{broken}");
        }
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
