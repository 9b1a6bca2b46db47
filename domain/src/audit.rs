//! The audit trail as staff read it: the Operation Records list and its filters (which
//! live in the page's URL, like the customer list's), and a customer's timeline.

use i18n::{msg, Message};
use serde::{Deserialize, Serialize};

use crate::budget::{BudgetChange, BudgetType};
use crate::input::{check_date, check_filter, date_from_url, filter_from_url};
use crate::labels::LabelSet;
use crate::operation::{ItemResult, RecordHeader};
use crate::paging::PageRequest;
use crate::record::RecordKind;
use crate::url::{set_params, UrlQuery};

/// The result filter, grouping the per-customer results the way staff ask about them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ResultFilter {
    /// Succeeded, or confirmed applied after a restart.
    TookEffect,
    /// Failed, or found not applied after a restart.
    DidNotTakeEffect,
    /// BSS has not answered yet.
    Pending,
}

impl ResultFilter {
    pub const ALL: [Self; 3] = [Self::TookEffect, Self::DidNotTakeEffect, Self::Pending];

    pub fn key(self) -> &'static str {
        match self {
            Self::TookEffect => "succeeded",
            Self::DidNotTakeEffect => "failed",
            Self::Pending => "pending",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|filter| filter.key() == key)
    }

    pub fn label(self) -> Message {
        match self {
            Self::TookEffect => msg!("result-succeeded"),
            Self::DidNotTakeEffect => msg!("result-failed"),
            Self::Pending => msg!("result-pending"),
        }
    }

    /// The item results this filter selects.
    pub fn results(self) -> &'static [ItemResult] {
        match self {
            Self::TookEffect => &[ItemResult::Succeeded, ItemResult::Applied],
            Self::DidNotTakeEffect => &[ItemResult::Failed, ItemResult::NotApplied],
            Self::Pending => &[ItemResult::Pending],
        }
    }
}

/// Every operation slug a record can carry, with its name in `labels`, for the filter.
pub fn operation_choices(labels: LabelSet) -> Vec<(&'static str, Message)> {
    RecordKind::ALL
        .into_iter()
        .map(|kind| (kind.slug(), kind.label(labels)))
        .collect()
}

/// Which records the Operation Records page lists and exports. Customer and result select
/// per-customer results; the other filters select whole records.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecordQuery {
    /// A customer id (exactly) or part of a customer's name, ignoring case.
    pub customer: String,
    /// Part of the staff member's email, ignoring case.
    pub staff: String,
    /// An operation slug (see [`operation_choices`]).
    pub operation: Option<String>,
    pub result: Option<ResultFilter>,
    /// Inclusive dates in UTC, `YYYY-MM-DD`.
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: PageRequest,
}

impl RecordQuery {
    /// Refuses filter text and dates that [`UrlQuery::from_params`] would have cut or
    /// dropped; unknown choices and page numbers are still normalised like a link's.
    pub fn check(&self) -> Result<(), Message> {
        check_filter(msg!("field-customer-filter"), &self.customer)?;
        check_filter(msg!("field-staff-filter"), &self.staff)?;
        check_date(msg!("field-start-date"), self.from.as_deref())?;
        check_date(msg!("field-end-date"), self.to.as_deref())
    }
}

impl UrlQuery for RecordQuery {
    fn from_params<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Self {
        let text = |name: &str| get(name).map(filter_from_url).unwrap_or_default();
        let date = |name: &str| date_from_url(get(name));
        Self {
            customer: text("customer"),
            staff: text("staff"),
            operation: get("operation")
                .filter(|slug| RecordKind::from_slug(slug).is_some())
                .map(str::to_owned),
            result: get("result").and_then(ResultFilter::from_key),
            from: date("from"),
            to: date("to"),
            page: PageRequest::from_params(get("page"), get("page_size")),
        }
    }

    fn filter_params(&self) -> Vec<(&'static str, String)> {
        set_params([
            ("customer", self.customer.as_str()),
            ("staff", self.staff.as_str()),
            ("operation", self.operation.as_deref().unwrap_or_default()),
            (
                "result",
                self.result.map(ResultFilter::key).unwrap_or_default(),
            ),
            ("from", self.from.as_deref().unwrap_or_default()),
            ("to", self.to.as_deref().unwrap_or_default()),
        ])
    }

    fn page(&self) -> PageRequest {
        self.page
    }

    fn with_page(&self, page: PageRequest) -> Self {
        Self {
            page,
            ..self.clone()
        }
    }
}

/// One line of the Operation Records list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordSummary {
    pub header: RecordHeader,
    /// The first customer's name; with `customers` the list says "X and N more".
    pub first_customer: String,
    pub customers: u64,
    pub took_effect: u64,
    pub did_not_take_effect: u64,
    pub pending: u64,
}

/// One page of records with the total the filters match.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordPage {
    pub rows: Vec<RecordSummary>,
    pub total: u64,
    pub page: PageRequest,
}

/// Where a timeline entry comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TimelineSource {
    /// An operation record this dashboard wrote.
    Dashboard,
    /// A budget record BSS keeps, whoever made the change (the Huawei Cloud console, the
    /// API, another tool).
    Bss,
}

impl TimelineSource {
    pub const ALL: [Self; 2] = [Self::Dashboard, Self::Bss];

    pub fn key(self) -> &'static str {
        match self {
            Self::Dashboard => "dashboard",
            Self::Bss => "bss",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|source| source.key() == key)
    }

    pub fn label(self) -> Message {
        match self {
            Self::Dashboard => msg!("record-source-dashboard"),
            Self::Bss => msg!("record-source-bss"),
        }
    }
}

/// What a BSS budget record says was done (its `operation_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BssBudgetOperation {
    /// `SETTING`: the budget was set.
    Setting,
    /// `DELETE`: the budget went, with the customer's association.
    Delete,
}

impl BssBudgetOperation {
    pub const ALL: [Self; 2] = [Self::Setting, Self::Delete];

    /// The stored (and wire) name.
    pub fn key(self) -> &'static str {
        match self {
            Self::Setting => "SETTING",
            Self::Delete => "DELETE",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.key() == key)
    }

    pub fn label(self) -> Message {
        match self {
            Self::Setting => msg!("bss-budget-setting"),
            Self::Delete => msg!("bss-budget-delete"),
        }
    }
}

/// One of BSS's budget records for a customer, as stored from ListSubCustomerBudgetRecords.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BssBudgetRecord {
    /// RFC 3339 UTC; BSS gives whole seconds.
    pub operation_time: String,
    pub operation: BssBudgetOperation,
    /// With two decimals, e.g. `1500.00`.
    pub budget_amount: String,
    pub budget_type: BudgetType,
    /// The account that made the change, or `system`.
    pub operator: String,
    pub partner_account_name: String,
    pub partner_corp_name: String,
}

impl BssBudgetRecord {
    /// "1500.00 (Monthly)".
    pub fn describe(&self) -> Message {
        msg!(
            "budget-change",
            amount = self.budget_amount.as_str(),
            budget_type = self.budget_type.label()
        )
    }

    /// Who BSS says made the change: the operator, else the partner account.
    pub fn made_by(&self) -> &str {
        if self.operator.is_empty() {
            &self.partner_account_name
        } else {
            &self.operator
        }
    }
}

/// What an operation this dashboard recorded did to the customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordEntry {
    pub header: RecordHeader,
    /// For budget changes: the amount and type set.
    pub budget: Option<BudgetChange>,
    pub result: ItemResult,
    /// BSS's code and text when the customer's change did not take effect.
    pub error_code: Option<String>,
    pub error_msg: Option<String>,
    pub request_id: Option<String>,
    /// For budget changes: BSS's own record of this change, which the timeline does not
    /// list a second time.
    pub confirmed_by_bss: Option<BssBudgetRecord>,
}

impl RecordEntry {
    /// Why the change did not take effect, as staff read it.
    pub fn message(&self) -> Option<Message> {
        crate::operation::result_message(self.error_code.as_deref(), self.error_msg.as_deref())
    }
}

/// One event in a customer's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimelineEntry {
    /// Boxed: a record's entry is several times the size of a BSS record.
    Dashboard(Box<RecordEntry>),
    /// A budget change BSS lists that no dashboard record made.
    Bss(BssBudgetRecord),
}

impl TimelineEntry {
    pub fn source(&self) -> TimelineSource {
        match self {
            Self::Dashboard(_) => TimelineSource::Dashboard,
            Self::Bss(_) => TimelineSource::Bss,
        }
    }

    /// When it happened (RFC 3339 UTC): the timeline's order.
    pub fn time(&self) -> &str {
        match self {
            Self::Dashboard(entry) => &entry.header.created_at,
            Self::Bss(record) => &record.operation_time,
        }
    }
}

/// One page of a customer's timeline, with how many entries it has in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelinePage {
    pub entries: Vec<TimelineEntry>,
    pub total: u64,
    pub page: PageRequest,
    /// Why BSS's budget records could not be read just now, in words: the page then shows
    /// what was stored before.
    pub bss_problem: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_round_trips_through_its_url() {
        let query = RecordQuery {
            customer: "Acme & Co".into(),
            staff: "ops@".into(),
            operation: Some("freeze-account".into()),
            result: Some(ResultFilter::DidNotTakeEffect),
            from: Some("2026-01-01".into()),
            to: Some("2026-12-31".into()),
            page: PageRequest::new(3, 50),
        };
        let mut params = query.filter_params();
        params.extend([("page", "3".to_owned()), ("page_size", "50".to_owned())]);
        let parsed = RecordQuery::from_params(|name| {
            params
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_str())
        });
        assert_eq!(parsed, query);
        assert_eq!(
            query.filter_query_string(),
            "?customer=Acme%20%26%20Co&staff=ops%40&operation=freeze-account&result=failed\
             &from=2026-01-01&to=2026-12-31"
        );
    }

    #[test]
    fn a_hand_made_query_is_held_to_what_a_url_may_carry() {
        let query = RecordQuery {
            customer: "x".repeat(500),
            operation: Some("drop-table".into()),
            from: Some("yesterday".into()),
            page: PageRequest {
                page: 0,
                page_size: 1_000_000,
            },
            ..RecordQuery::default()
        };
        let normalized = query.normalized();
        assert_eq!(
            normalized.customer.chars().count(),
            crate::input::MAX_FILTER_CHARS
        );
        assert_eq!((normalized.operation, normalized.from), (None, None));
        assert_eq!(normalized.page, PageRequest::default());
    }

    #[test]
    fn a_hand_made_query_is_refused_where_a_link_would_be_cleaned() {
        assert_eq!(RecordQuery::default().check(), Ok(()));
        let control = RecordQuery {
            staff: "a\u{0}b".into(),
            ..RecordQuery::default()
        };
        assert!(control
            .check()
            .unwrap_err()
            .to_string()
            .contains("staff filter"));
        let bad_date = RecordQuery {
            from: Some("yesterday".into()),
            ..RecordQuery::default()
        };
        assert!(bad_date
            .check()
            .unwrap_err()
            .to_string()
            .contains("start date"));
    }

    #[test]
    fn unknown_values_are_dropped() {
        let params = [
            ("operation", "delete-everything"),
            ("result", "maybe"),
            ("from", "2026-02-30"),
            ("to", "'; DROP TABLE operation_records; --"),
        ];
        let query = RecordQuery::from_params(|name| {
            params.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
        });
        assert_eq!(query, RecordQuery::default());
    }

    #[test]
    fn each_item_result_belongs_to_exactly_one_filter() {
        for result in ItemResult::ALL {
            let filters = ResultFilter::ALL
                .into_iter()
                .filter(|filter| filter.results().contains(&result))
                .count();
            assert_eq!(filters, 1, "{result:?}");
        }
    }
}
