//! Exporting the customer list, as Partner Center does (Export > Export Selected / Export
//! All, then View Export): which customers an export covers, its file format, and where
//! its task stands. The task runs in the background; `services::customer_exports` owns it.

use i18n::{msg, t, Language, Message};
use serde::{Deserialize, Serialize};

use crate::customer::{AssociationType, CustomerQuery};
use crate::input::{check_customer_id, shown};
use crate::labels::LabelSet;
use crate::operation::MAX_CUSTOMERS_PER_OPERATION;

/// The file an export writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExportFormat {
    /// UTF-8 with a byte order mark, cells neutralised for spreadsheets.
    #[default]
    Csv,
    /// An Excel workbook of one sheet, every cell a string.
    Xlsx,
}

impl ExportFormat {
    pub const ALL: [Self; 2] = [Self::Csv, Self::Xlsx];

    /// The name used in forms and in the database.
    pub fn key(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|format| format.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Csv => "CSV",
            Self::Xlsx => "Excel (XLSX)",
        }
    }

    /// The file name's extension, which is also its key.
    pub fn extension(self) -> &'static str {
        self.key()
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// Where an export's task stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExportState {
    /// Written, not yet started by a server task.
    Queued,
    Running,
    /// The file is stored and can be downloaded.
    Done,
    /// It stopped; the task's sentence says why.
    Failed,
}

impl ExportState {
    pub const ALL: [Self; 4] = [Self::Queued, Self::Running, Self::Done, Self::Failed];

    /// The name stored in the database.
    pub fn key(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.key() == key)
    }

    pub fn label(self) -> Message {
        match self {
            Self::Queued => msg!("export-state-queued"),
            Self::Running => msg!("export-state-running"),
            Self::Done => msg!("export-state-done"),
            Self::Failed => msg!("export-state-failed"),
        }
    }

    pub fn is_finished(self) -> bool {
        matches!(self, Self::Done | Self::Failed)
    }
}

/// Which of "Export Selected" and "Export All" a form asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExportScopeKind {
    Selected,
    All,
}

impl ExportScopeKind {
    pub const ALL: [Self; 2] = [Self::Selected, Self::All];

    /// The name used in forms.
    pub fn key(self) -> &'static str {
        match self {
            Self::Selected => "selected",
            Self::All => "all",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.key() == key)
    }
}

/// The customers ticked in the list (on any of its pages), in the order ticked, each once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerIds(Vec<String>);

impl CustomerIds {
    /// At most as many as one batch operation takes: the selection is the same.
    pub const MAX: usize = MAX_CUSTOMERS_PER_OPERATION;

    /// Reads `a,b,c` as a form carries it; refuses an empty list, a value that is not a
    /// customer ID, and more than [`Self::MAX`].
    pub fn parse(text: &str) -> Result<Self, Message> {
        let mut ids: Vec<String> = Vec::new();
        for id in text.split(',').map(str::trim).filter(|id| !id.is_empty()) {
            check_customer_id(id).map_err(|_| msg!("export-not-a-customer-id", id = shown(id)))?;
            if !ids.iter().any(|known| known == id) {
                ids.push(id.to_owned());
            }
            if ids.len() > Self::MAX {
                return Err(msg!("export-too-many", max = Self::MAX.to_string()));
            }
        }
        if ids.is_empty() {
            return Err(msg!("export-select-some"));
        }
        Ok(Self(ids))
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Never true for a parsed list; here for the `len` convention.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The customers an export covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportScope {
    /// "Export Selected": these customers, in this order.
    Selected(CustomerIds),
    /// "Export All": every customer the list's view matches (all pages), in its order.
    AllMatching(CustomerQuery),
}

impl ExportScope {
    /// What the export covers, in words: "Selected: 3 customers", "All matching: status
    /// Normal, search “acme”", or "All customers".
    pub fn describe(&self, labels: LabelSet, language: Language) -> String {
        match self {
            Self::Selected(ids) => t!(language, "export-scope-selected", count = ids.len()),
            Self::AllMatching(query) => {
                let filters = filters_in_words(query, labels, language);
                if filters.is_empty() {
                    t!(language, "export-scope-all")
                } else {
                    let separator = t!(language, "export-filter-separator");
                    t!(
                        language,
                        "export-scope-matching",
                        filters = filters.join(&separator)
                    )
                }
            }
        }
    }
}

/// The filters of `query` as the page's filter bar names them.
fn filters_in_words(query: &CustomerQuery, labels: LabelSet, language: Language) -> Vec<String> {
    let mut words = Vec::new();
    if let Some(reseller) = &query.reseller {
        words.push(msg!("export-filter-reseller", reseller = reseller));
    }
    if !query.search.is_empty() {
        words.push(msg!("export-filter-search", text = &query.search));
    }
    if let Some(state) = query.state {
        words.push(msg!(
            "export-filter-status",
            status = labels.state_label(state)
        ));
    }
    if let Some(association) = query.association {
        words.push(msg!(
            "export-filter-association",
            association = AssociationType::label(association)
        ));
    }
    if !query.label.is_empty() {
        words.push(msg!("export-filter-label", label = &query.label));
    }
    if !query.account_manager.is_empty() {
        words.push(msg!(
            "export-filter-manager",
            manager = &query.account_manager
        ));
    }
    match (&query.associated_from, &query.associated_to) {
        (Some(from), Some(to)) => words.push(msg!(
            "export-filter-associated-between",
            from = from,
            to = to
        )),
        (Some(from), None) => words.push(msg!("export-filter-associated-from", from = from)),
        (None, Some(to)) => words.push(msg!("export-filter-associated-until", to = to)),
        (None, None) => {}
    }
    if let Some(percent) = query.budget_used {
        words.push(msg!(
            "export-filter-budget-used",
            percent = percent.to_string()
        ));
    }
    words.iter().map(|word| word.render(language)).collect()
}

/// How many exports View Export lists: the newest.
pub const LISTED_EXPORTS: u32 = 100;

/// An export task as View Export lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerExport {
    pub id: i64,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// Who asked for it, as they were.
    pub staff_email: String,
    pub scope: ExportScope,
    pub format: ExportFormat,
    /// Names, e-mails and phone numbers written whole rather than anonymised.
    pub full_values: bool,
    pub state: ExportState,
    /// Customers written, once done.
    pub rows: Option<u64>,
    /// Why it failed.
    pub error: Option<String>,
    pub finished_at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::{CustomerState, FreezeLevel};

    #[test]
    fn keys_round_trip() {
        for format in ExportFormat::ALL {
            assert_eq!(ExportFormat::from_key(format.key()), Some(format));
        }
        for state in ExportState::ALL {
            assert_eq!(ExportState::from_key(state.key()), Some(state));
        }
        for kind in ExportScopeKind::ALL {
            assert_eq!(ExportScopeKind::from_key(kind.key()), Some(kind));
        }
        assert_eq!(ExportFormat::from_key("pdf"), None);
    }

    #[test]
    fn ids_are_customer_ids_each_once_and_at_least_one() {
        let ids = CustomerIds::parse(" a1, b-2 ,a1,,c_3").unwrap();
        assert_eq!(ids.as_slice(), ["a1", "b-2", "c_3"]);
        assert!(CustomerIds::parse(" , ")
            .unwrap_err()
            .to_string()
            .contains("at least one"));
        assert!(CustomerIds::parse("a1,<script>")
            .unwrap_err()
            .to_string()
            .contains("not a customer ID"));
        let many: Vec<String> = (0..=CustomerIds::MAX).map(|n| format!("c{n}")).collect();
        assert!(CustomerIds::parse(&many.join(","))
            .unwrap_err()
            .to_string()
            .contains("at most"));
    }

    #[test]
    fn a_scope_says_what_it_covers() {
        let ids = CustomerIds::parse("a,b,c").unwrap();
        assert_eq!(
            ExportScope::Selected(ids.clone()).describe(LabelSet::Current, Language::En),
            "Selected: 3 customers"
        );
        assert_eq!(
            ExportScope::Selected(ids).describe(LabelSet::Current, Language::ZhCn),
            "所选：3 个客户"
        );
        assert_eq!(
            ExportScope::AllMatching(CustomerQuery::default())
                .describe(LabelSet::Current, Language::En),
            "All customers"
        );
        let query = CustomerQuery {
            search: "acme".to_owned(),
            state: Some(CustomerState::Frozen(FreezeLevel::Account)),
            budget_used: Some(80),
            ..CustomerQuery::default()
        };
        assert_eq!(
            ExportScope::AllMatching(query.clone()).describe(LabelSet::Classic, Language::En),
            "All matching: search “acme”, status Account frozen, budget used ≥ 80 %"
        );
        assert_eq!(
            ExportScope::AllMatching(query).describe(LabelSet::Current, Language::ZhCn),
            "全部匹配：搜索“acme”，状态 已限制购买，预算使用率 ≥ 80%"
        );
    }
}
