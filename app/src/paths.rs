//! Every address of the dashboard, in one place. Pages and server functions link to each
//! other through these instead of importing each other's modules; query strings are built
//! by `domain::url` only. The route table (`crate::App`) matches the same paths.

use domain::audit::RecordQuery;
use domain::customer::CustomerQuery;
use domain::security::SecurityEventQuery;
use domain::url::{encode_component, with_param, UrlQuery};

pub const HOME: &str = "/";
pub const CUSTOMERS: &str = "/sales/customers";
/// View Export: the customer-list exports and their downloads (admins only).
pub const CUSTOMER_EXPORTS: &str = "/sales/customers/exports";
pub const OPERATION_RECORDS: &str = "/sales/operation-records";
pub const RETENTION: &str = "/sales/retention";
/// The agreement the resource-level freeze asks partners to accept.
pub const AGREEMENT: &str = "/agreements/partner-budget-management";
/// Where staff are sent when signed out.
pub const SIGN_IN: &str = "/sign-in";
/// Where staff change their own password: the only page a member signed in with a
/// one-time password may use.
pub const PASSWORD: &str = "/account/password";
pub const SETTINGS: &str = "/settings";
pub const STAFF: &str = "/staff";
pub const SECURITY_EVENTS: &str = "/security-events";
pub const DEMO_INBOX: &str = "/demo/inbox";
/// The CSV export of the records a `RecordQuery` selects (its filters as URL parameters).
/// A plain GET, not a server function: the file is streamed from the database and saved by
/// the browser, with or without WASM.
pub const RECORDS_CSV: &str = "/exports/operation-records.csv";
/// The CSV export of the events a `SecurityEventQuery` selects, like the records'.
pub const SECURITY_EVENTS_CSV: &str = "/exports/security-events.csv";
/// The route of a finished customer-list export's file (see [`customer_export_file`]).
pub const CUSTOMER_EXPORT_FILE: &str = "/exports/customer-exports/{id}";

/// A finished customer-list export's file: a plain GET download, like the CSVs above.
pub fn customer_export_file(export_id: i64) -> String {
    CUSTOMER_EXPORT_FILE.replace("{id}", &export_id.to_string())
}

/// A view of the customer list.
pub fn customers_view(query: &CustomerQuery) -> String {
    format!("{CUSTOMERS}{}", query.to_query_string())
}

/// The dialog of `slug` (an operation or Set Budget) for `ids`, over `view_href`, a view of
/// the list as [`customers_view`] writes it (which names no dialog or ids): a table linking
/// several dialogs per row encodes its view once, not once per link.
pub fn customer_dialog(view_href: &str, slug: &str, ids: &[String]) -> String {
    let joiner = if view_href.contains('?') { '&' } else { '?' };
    format!(
        "{view_href}{joiner}dialog={}&ids={}",
        encode_component(slug),
        encode_component(&ids.join(","))
    )
}

/// A customer's timeline.
pub fn timeline(customer_id: &str) -> String {
    format!("{CUSTOMERS}/{}/timeline", encode_component(customer_id))
}

/// One operation record.
pub fn record(record_id: i64) -> String {
    format!("{OPERATION_RECORDS}/{record_id}")
}

/// A view of the operation records.
pub fn records_view(query: &RecordQuery) -> String {
    format!("{OPERATION_RECORDS}{}", query.to_query_string())
}

/// The operation records of one customer.
pub fn records_of_customer(customer_id: &str) -> String {
    with_param(OPERATION_RECORDS, "customer", customer_id)
}

/// A view of the security events.
pub fn security_events_view(query: &SecurityEventQuery) -> String {
    format!("{SECURITY_EVENTS}{}", query.to_query_string())
}

/// The sign-in page's address that returns to `path_and_query` afterwards.
pub fn sign_in_then(path_and_query: &str) -> String {
    if path_and_query == HOME || path_and_query.starts_with(SIGN_IN) {
        return SIGN_IN.to_owned();
    }
    let next: String = path_and_query
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("{SIGN_IN}?next={next}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_links_carry_the_page_to_return_to() {
        assert_eq!(sign_in_then("/settings"), "/sign-in?next=/settings");
        assert_eq!(
            sign_in_then("/sales/customers?page=2&page_size=20"),
            "/sign-in?next=/sales/customers%3Fpage%3D2%26page_size%3D20"
        );
        assert_eq!(sign_in_then("/"), "/sign-in");
        assert_eq!(sign_in_then("/sign-in?next=/x"), "/sign-in");
    }

    #[test]
    fn dialogs_open_over_the_view_they_came_from() {
        let view = CustomerQuery {
            search: "acme".to_owned(),
            ..CustomerQuery::default()
        };
        assert_eq!(
            customer_dialog(
                &customers_view(&view),
                "freeze-account",
                &["a".to_owned(), "b".to_owned()]
            ),
            "/sales/customers?q=acme&dialog=freeze-account&ids=a%2Cb"
        );
        assert_eq!(
            customer_dialog(
                &customers_view(&CustomerQuery::default()),
                "set-budget",
                &["a".to_owned()]
            ),
            "/sales/customers?dialog=set-budget&ids=a"
        );
        assert_eq!(timeline("c/1"), "/sales/customers/c%2F1/timeline");
        assert_eq!(
            records_of_customer("a b"),
            "/sales/operation-records?customer=a%20b"
        );
    }
}
