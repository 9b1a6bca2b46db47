//! Customers as the dashboard shows them: association model, freeze state, and the list
//! query (search, filters, sort, page) that lives in the page's URL.

use i18n::{msg, Message};
use serde::{Deserialize, Serialize};

use crate::budget::{BudgetUsage, MAX_USED_PERCENT_FILTER};
use crate::input::{check_date, check_filter, date_from_url, filter_from_url};
use crate::paging::PageRequest;

/// How a customer is tied to the partner; only reseller-model customers can be frozen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AssociationType {
    Referral,
    Reseller,
}

impl AssociationType {
    pub const ALL: [Self; 2] = [Self::Reseller, Self::Referral];

    pub fn label(self) -> Message {
        match self {
            Self::Referral => msg!("association-referral"),
            Self::Reseller => msg!("association-reseller"),
        }
    }

    /// The name used in URLs and in the database.
    pub fn key(self) -> &'static str {
        match self {
            Self::Referral => "referral",
            Self::Reseller => "reseller",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.key() == key)
    }
}

/// The two freeze levels of BSS `freeze_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FreezeLevel {
    /// `ACCOUNT`: no purchases, renewals or changes; running resources keep running and billing.
    Account,
    /// `ACCOUNT_AND_RESOURCE`: also stops pay-per-use resources, which are released after 15 days.
    AccountAndResource,
}

/// A customer's state, which decides the operations its row offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CustomerState {
    Active,
    Frozen(FreezeLevel),
}

impl CustomerState {
    pub const ALL: [Self; 3] = [
        Self::Active,
        Self::Frozen(FreezeLevel::Account),
        Self::Frozen(FreezeLevel::AccountAndResource),
    ];

    /// The name used in URLs and in the database.
    pub fn key(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Frozen(FreezeLevel::Account) => "account",
            Self::Frozen(FreezeLevel::AccountAndResource) => "account_and_resource",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.key() == key)
    }
}

/// One row of the Customer Management list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRow {
    pub customer_id: String,
    /// The reseller (BSS `indirect_partner_id`) whose customer this is; `None` for the
    /// partner's own customers.
    pub reseller_id: Option<String>,
    /// The verified customer name; empty when the customer has not verified its identity.
    pub customer: String,
    pub account_name: String,
    pub association_type: AssociationType,
    /// When the customer was associated with the partner, as BSS reports it (UTC).
    pub associated_on: String,
    pub label: String,
    pub account_managers: String,
    pub state: CustomerState,
    /// False when BSS said "frozen" without a level and the dashboard assumed `ACCOUNT`,
    /// the level BSS applies when a reseller-model customer is associated.
    pub level_confirmed: bool,
    /// E-mail and phone, masked unless this row was revealed to the staff member.
    pub contact: crate::contact::Contact,
    /// `None` when BSS holds no budget for the customer (or has not been asked yet).
    pub budget: Option<BudgetUsage>,
    /// The customer's reseller holds the permission to restrict its own customers: BSS
    /// refuses this partner every restriction, freeze and budget for it.
    pub managed_by_reseller: bool,
}

impl CustomerRow {
    /// The verified name, or the account name of a customer that has not verified one.
    pub fn display_name(&self) -> &str {
        if self.customer.is_empty() {
            &self.account_name
        } else {
            &self.customer
        }
    }
}

/// Columns the list sorts by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SortKey {
    Customer,
    AccountName,
    CustomerId,
    AssociationType,
    #[default]
    AssociatedOn,
    Label,
    AccountManager,
    Status,
}

impl SortKey {
    pub const ALL: [Self; 8] = [
        Self::Customer,
        Self::AccountName,
        Self::CustomerId,
        Self::AssociationType,
        Self::AssociatedOn,
        Self::Label,
        Self::AccountManager,
        Self::Status,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::AccountName => "account_name",
            Self::CustomerId => "customer_id",
            Self::AssociationType => "association_type",
            Self::AssociatedOn => "associated_on",
            Self::Label => "label",
            Self::AccountManager => "account_manager",
            Self::Status => "status",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|sort| sort.key() == key)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SortOrder {
    Ascending,
    Descending,
}

impl SortOrder {
    pub fn key(self) -> &'static str {
        match self {
            Self::Ascending => "asc",
            Self::Descending => "desc",
        }
    }

    pub fn reversed(self) -> Self {
        match self {
            Self::Ascending => Self::Descending,
            Self::Descending => Self::Ascending,
        }
    }
}

/// Everything that selects and orders a view of the list. It round-trips through the URL
/// so a view can be shared and reloaded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerQuery {
    /// The reseller whose customers are listed; `None` for the partner's own.
    pub reseller: Option<String>,
    /// Matches customer name, account name or customer id, ignoring case.
    pub search: String,
    pub state: Option<CustomerState>,
    pub association: Option<AssociationType>,
    pub label: String,
    pub account_manager: String,
    /// Inclusive dates, `YYYY-MM-DD`.
    pub associated_from: Option<String>,
    pub associated_to: Option<String>,
    /// Only customers with a budget of which at least this many percent is spent.
    pub budget_used: Option<u16>,
    pub sort: SortKey,
    pub order: Option<SortOrder>,
    pub page: PageRequest,
}

impl CustomerQuery {
    /// Reads the URL's query parameters. Values that cannot be understood are dropped, so a
    /// hand-edited or stale link still shows a sensible list.
    pub fn from_params<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Self {
        let text = |name: &str| get(name).map(filter_from_url).unwrap_or_default();
        let date = |name: &str| date_from_url(get(name));
        Self {
            reseller: Some(text("reseller")).filter(|r| !r.is_empty()),
            search: text("q"),
            state: get("status").and_then(CustomerState::from_key),
            association: get("association").and_then(AssociationType::from_key),
            label: text("label"),
            account_manager: text("manager"),
            associated_from: date("from"),
            associated_to: date("to"),
            budget_used: get("budget_used")
                .and_then(|value| value.trim().parse().ok())
                .filter(|percent| *percent <= MAX_USED_PERCENT_FILTER),
            sort: get("sort").and_then(SortKey::from_key).unwrap_or_default(),
            order: match get("order") {
                Some("asc") => Some(SortOrder::Ascending),
                Some("desc") => Some(SortOrder::Descending),
                _ => None,
            },
            page: PageRequest::from_params(get("page"), get("page_size")),
        }
    }

    /// Refuses what [`Self::from_params`] would have cut or dropped from a link: a
    /// server function gets the query as the page built it, or a hand-made one.
    pub fn check(&self) -> Result<(), Message> {
        check_filter(
            msg!("field-reseller"),
            self.reseller.as_deref().unwrap_or_default(),
        )?;
        check_filter(msg!("field-search-text"), &self.search)?;
        check_filter(msg!("field-label-filter"), &self.label)?;
        check_filter(msg!("field-account-manager-filter"), &self.account_manager)?;
        check_date(msg!("field-start-date"), self.associated_from.as_deref())?;
        check_date(msg!("field-end-date"), self.associated_to.as_deref())?;
        match self.budget_used {
            Some(percent) if percent > MAX_USED_PERCENT_FILTER => Err(msg!(
                "input-budget-used-too-high",
                max = u64::from(MAX_USED_PERCENT_FILTER)
            )),
            _ => Ok(()),
        }
    }

    /// The view a form carries as the list's query string (without `?`), e.g. "Export All"
    /// of this view. Unlike [`Self::from_params`] it refuses, with a sentence, anything a
    /// link would have dropped or cut: an export must cover exactly the view staff saw.
    /// The page is ignored.
    pub fn from_view(view: &str) -> Result<Self, Message> {
        const MAX_VIEW_CHARS: usize = 2_048;
        if view.len() > MAX_VIEW_CHARS {
            return Err(msg!("input-view-too-long", max = MAX_VIEW_CHARS));
        }
        let unreadable = || msg!("input-view-unreadable");
        let pairs = crate::url::parse_query(view).ok_or_else(unreadable)?;
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let query = Self::from_params(get).with_page(PageRequest::default());
        let kept = query.to_params();
        for (name, value) in &pairs {
            if !VIEW_PARAMS.contains(&name.as_str()) {
                return Err(msg!(
                    "input-view-unknown-filter",
                    name = crate::input::shown(name)
                ));
            }
            if ["page", "page_size"].contains(&name.as_str()) || value.is_empty() {
                continue;
            }
            if !kept.iter().any(|(n, v)| n == name && v == value) {
                return Err(msg!(
                    "input-view-value-refused",
                    name = crate::input::shown(name),
                    value = crate::input::shown(value)
                ));
            }
        }
        Ok(query)
    }

    /// The order in force: the chosen one, else newest first for dates and A→Z otherwise.
    pub fn effective_order(&self) -> SortOrder {
        self.order.unwrap_or(match self.sort {
            SortKey::AssociatedOn => SortOrder::Descending,
            _ => SortOrder::Ascending,
        })
    }

    /// The query as URL parameters, leaving out defaults so links stay short.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        let mut push = |name: &'static str, value: &str| {
            if !value.is_empty() {
                params.push((name, value.to_owned()));
            }
        };
        push("reseller", self.reseller.as_deref().unwrap_or_default());
        push("q", &self.search);
        push(
            "status",
            self.state.map(CustomerState::key).unwrap_or_default(),
        );
        push(
            "association",
            self.association
                .map(AssociationType::key)
                .unwrap_or_default(),
        );
        push("label", &self.label);
        push("manager", &self.account_manager);
        push("from", self.associated_from.as_deref().unwrap_or_default());
        push("to", self.associated_to.as_deref().unwrap_or_default());
        push(
            "budget_used",
            &self.budget_used.map(|p| p.to_string()).unwrap_or_default(),
        );
        if self.sort != SortKey::default() {
            push("sort", self.sort.key());
        }
        push("order", self.order.map(SortOrder::key).unwrap_or_default());
        params.extend(self.page.to_params());
        params
    }

    /// `?a=b&c=d` (percent-encoded), or empty.
    pub fn to_query_string(&self) -> String {
        crate::url::query_string(&self.to_params())
    }

    /// The same view on another page.
    pub fn with_page(&self, page: PageRequest) -> Self {
        Self {
            page,
            ..self.clone()
        }
    }

    /// The same filters sorted by `sort`; choosing the current column again reverses it.
    /// Sorting starts again at page 1.
    pub fn sorted_by(&self, sort: SortKey) -> Self {
        let order = if sort == self.sort {
            Some(self.effective_order().reversed())
        } else {
            None
        };
        Self {
            sort,
            order,
            page: PageRequest::new(1, self.page.page_size),
            ..self.clone()
        }
    }
}

/// The parameters of a view of the list, as [`CustomerQuery::to_params`] writes them.
const VIEW_PARAMS: [&str; 13] = [
    "reseller",
    "q",
    "status",
    "association",
    "label",
    "manager",
    "from",
    "to",
    "budget_used",
    "sort",
    "order",
    "page",
    "page_size",
];

/// How fresh the customer mirror is, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncStatus {
    /// When the newest successful sync finished (RFC 3339), if any has.
    pub last_synced_at: Option<String>,
    /// True while a sync is under way.
    pub running: bool,
    /// The newest run's failure, when it failed.
    pub last_error: Option<String>,
}

/// One page of customers with the total the whole query matches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerPage {
    pub rows: Vec<CustomerRow>,
    /// The customers the view matches, or, when `capped`, the count at which counting
    /// stopped ([`COUNT_CAP`]).
    pub total: u64,
    /// The view matches more than `total` customers.
    pub capped: bool,
    pub page: PageRequest,
}

/// Counting a view's matches stops here: beyond it the page says "1,000+", so a search
/// for a common word costs what one for a rare word does (about 2 µs per match counted on
/// SQLite: 2 ms at the cap).
pub const COUNT_CAP: u64 = 1_000;

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> CustomerQuery {
        let map: HashMap<&str, &str> = pairs.iter().copied().collect();
        CustomerQuery::from_params(|name| map.get(name).copied())
    }

    #[test]
    fn a_full_query_round_trips_through_its_url() {
        let query = parse(&[
            ("reseller", "r1"),
            ("q", "north wind & co"),
            ("status", "account_and_resource"),
            ("association", "reseller"),
            ("label", "VIP"),
            ("manager", "Li Na"),
            ("from", "2024-01-01"),
            ("to", "2024-12-31"),
            ("sort", "status"),
            ("order", "desc"),
            ("page", "3"),
            ("page_size", "50"),
        ]);
        let params = query.to_params();
        let map: HashMap<&str, &str> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            CustomerQuery::from_params(|name| map.get(name).copied()),
            query
        );
        assert_eq!(
            query.state,
            Some(CustomerState::Frozen(FreezeLevel::AccountAndResource))
        );
        assert!(query
            .to_query_string()
            .contains("q=north%20wind%20%26%20co"));
    }

    #[test]
    fn unknown_values_are_dropped_and_long_text_is_cut() {
        let query = parse(&[
            ("status", "deleted"),
            ("association", "9"),
            ("from", "2024-13-45"),
            ("sort", "password"),
            ("q", &"x".repeat(500)),
        ]);
        assert_eq!(query.state, None);
        assert_eq!(query.association, None);
        assert_eq!(query.associated_from, None);
        assert_eq!(query.sort, SortKey::AssociatedOn);
        assert_eq!(query.search.chars().count(), crate::input::MAX_FILTER_CHARS);
    }

    #[test]
    fn a_hand_made_query_is_refused_where_a_link_would_be_cleaned() {
        assert_eq!(CustomerQuery::default().check(), Ok(()));
        let long = CustomerQuery {
            search: "x".repeat(500),
            ..CustomerQuery::default()
        };
        assert!(long
            .check()
            .unwrap_err()
            .to_string()
            .contains("search text"));
        let bad_date = CustomerQuery {
            associated_to: Some("2024-13-45".into()),
            ..CustomerQuery::default()
        };
        assert!(bad_date
            .check()
            .unwrap_err()
            .to_string()
            .contains("end date"));
    }

    #[test]
    fn a_view_reads_back_exactly_or_is_refused() {
        let query = parse(&[
            ("q", "north wind & co"),
            ("status", "account"),
            ("budget_used", "80"),
            ("sort", "customer"),
            ("order", "desc"),
        ]);
        let view = query.to_query_string();
        let read = CustomerQuery::from_view(view.trim_start_matches('?')).unwrap();
        assert_eq!(read, query);
        assert_eq!(
            CustomerQuery::from_view("page=3&page_size=50"),
            Ok(CustomerQuery::default())
        );
        for refused in [
            "status=deleted",
            "unknown=1",
            "a%00b",
            "%E2%80%AE",
            "budget_used=5000",
            "from=2024-13-45",
            "q=a%00b",
            "q=%E2%80%AEx",
            "q=%FF",
        ] {
            assert!(CustomerQuery::from_view(refused).is_err(), "{refused}");
        }
        let long = format!("q={}", "x".repeat(65));
        assert!(CustomerQuery::from_view(&long).is_err());
        assert!(CustomerQuery::from_view(&"x".repeat(100_000))
            .unwrap_err()
            .to_string()
            .ends_with('.'));
    }

    #[test]
    fn the_default_view_has_a_bare_url_and_lists_newest_first() {
        let query = CustomerQuery::default();
        assert_eq!(query.to_query_string(), "");
        assert_eq!(query.effective_order(), SortOrder::Descending);
    }

    #[test]
    fn sorting_the_same_column_again_reverses_it_and_returns_to_page_one() {
        let query = parse(&[("page", "4")]);
        let by_name = query.sorted_by(SortKey::Customer);
        assert_eq!(by_name.effective_order(), SortOrder::Ascending);
        assert_eq!(by_name.page.page, 1);
        assert_eq!(
            by_name.sorted_by(SortKey::Customer).effective_order(),
            SortOrder::Descending
        );
    }

    #[test]
    fn state_and_association_keys_round_trip() {
        for state in CustomerState::ALL {
            assert_eq!(CustomerState::from_key(state.key()), Some(state));
        }
        for kind in AssociationType::ALL {
            assert_eq!(AssociationType::from_key(kind.key()), Some(kind));
        }
    }
}
