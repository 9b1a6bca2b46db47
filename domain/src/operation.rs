//! The freeze and unfreeze operations of the Operation column, and the rules for offering
//! and validating them.

use i18n::{msg, Message};
use serde::{Deserialize, Serialize};

use crate::customer::{AssociationType, CustomerRow, CustomerState, FreezeLevel};
use crate::labels::LabelSet;

/// Longest reason BSS accepts, in characters.
pub const MAX_REASON_CHARS: usize = 256;

/// Which BSS API generation performs freezes and unfreezes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ApiMode {
    #[default]
    V2,
    /// The retiring v1.0 `frozens`/`unfrozens` API: account level only.
    V1Legacy,
}

impl ApiMode {
    /// Why no freeze or unfreeze can reach a reseller's customers in this mode, if none can:
    /// the v1.0 calls have no `indirect_partner_id`.
    pub fn resellers_customers_unsupported(self) -> Option<Message> {
        (self == Self::V1Legacy).then(|| msg!("api-legacy-no-resellers-customers"))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Operation {
    FreezeAccount,
    FreezeAccountAndResources,
    UnfreezeAccount,
    UnfreezeAccountAndResources,
}

impl Operation {
    pub const ALL: [Self; 4] = [
        Self::FreezeAccount,
        Self::FreezeAccountAndResources,
        Self::UnfreezeAccount,
        Self::UnfreezeAccountAndResources,
    ];

    /// The name used in URLs and records; stable across label sets.
    pub fn slug(self) -> &'static str {
        match self {
            Self::FreezeAccount => "freeze-account",
            Self::FreezeAccountAndResources => "freeze-account-and-resources",
            Self::UnfreezeAccount => "unfreeze-account",
            Self::UnfreezeAccountAndResources => "unfreeze-account-and-resources",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.slug() == slug)
    }

    pub fn label(self, labels: LabelSet) -> Message {
        match (labels, self) {
            (LabelSet::Current, Self::FreezeAccount) => msg!("operation-restrict-purchase"),
            (LabelSet::Current, Self::FreezeAccountAndResources) => {
                msg!("operation-restrict-purchase-and-freeze-resources")
            }
            (LabelSet::Current, Self::UnfreezeAccount) => msg!("operation-unrestrict-purchase"),
            (LabelSet::Current, Self::UnfreezeAccountAndResources) => {
                msg!("operation-unrestrict-purchase-and-unfreeze-resources")
            }
            (LabelSet::Classic, Self::FreezeAccount) => msg!("operation-freeze-account"),
            (LabelSet::Classic, Self::FreezeAccountAndResources) => {
                msg!("operation-freeze-account-and-resources")
            }
            (LabelSet::Classic, Self::UnfreezeAccount) => msg!("operation-unfreeze-account"),
            (LabelSet::Classic, Self::UnfreezeAccountAndResources) => {
                msg!("operation-unfreeze-account-and-resources")
            }
        }
    }

    /// The console's message when the operation succeeded for every customer.
    pub fn success_message(self, labels: LabelSet) -> Message {
        match (labels, self) {
            (LabelSet::Current, Self::FreezeAccount) => msg!("operation-restrict-purchase-done"),
            (LabelSet::Current, Self::FreezeAccountAndResources) => {
                msg!("operation-restrict-purchase-and-freeze-resources-done")
            }
            (LabelSet::Current, Self::UnfreezeAccount) => {
                msg!("operation-unrestrict-purchase-done")
            }
            (LabelSet::Current, Self::UnfreezeAccountAndResources) => {
                msg!("operation-unrestrict-purchase-and-unfreeze-resources-done")
            }
            (LabelSet::Classic, Self::FreezeAccount) => msg!("operation-freeze-account-done"),
            (LabelSet::Classic, Self::FreezeAccountAndResources) => {
                msg!("operation-freeze-account-and-resources-done")
            }
            (LabelSet::Classic, Self::UnfreezeAccount) => msg!("operation-unfreeze-account-done"),
            (LabelSet::Classic, Self::UnfreezeAccountAndResources) => {
                msg!("operation-unfreeze-account-and-resources-done")
            }
        }
    }

    /// What the customer can and cannot do once the operation is done, stated before OK.
    pub fn impact(self) -> Message {
        match self {
            Self::FreezeAccount => {
                msg!("operation-impact-freeze-account")
            }
            Self::FreezeAccountAndResources => {
                msg!("operation-impact-freeze-account-and-resources")
            }
            Self::UnfreezeAccount => {
                msg!("operation-impact-unfreeze-account")
            }
            Self::UnfreezeAccountAndResources => {
                msg!("operation-impact-unfreeze-account-and-resources")
            }
        }
    }

    pub fn is_freeze(self) -> bool {
        matches!(self, Self::FreezeAccount | Self::FreezeAccountAndResources)
    }

    /// The BSS freeze level the call carries (`freeze_type` or `unfreeze_type`).
    pub fn level(self) -> FreezeLevel {
        match self {
            Self::FreezeAccount | Self::UnfreezeAccount => FreezeLevel::Account,
            Self::FreezeAccountAndResources | Self::UnfreezeAccountAndResources => {
                FreezeLevel::AccountAndResource
            }
        }
    }

    /// The state a customer must be in for the operation to apply.
    pub fn applies_to(self) -> CustomerState {
        if self.is_freeze() {
            CustomerState::Active
        } else {
            CustomerState::Frozen(self.level())
        }
    }

    /// The state a customer is in after the operation succeeded.
    pub fn result_state(self) -> CustomerState {
        if self.is_freeze() {
            CustomerState::Frozen(self.level())
        } else {
            CustomerState::Active
        }
    }

    /// Resource-level freezing needs the partner's explicit agreement.
    pub fn needs_agreement(self) -> bool {
        self == Self::FreezeAccountAndResources
    }

    /// Why the API in use cannot perform this operation, if it cannot.
    pub fn unsupported_by(self, api: ApiMode) -> Option<Message> {
        (api == ApiMode::V1Legacy && self.level() == FreezeLevel::AccountAndResource)
            .then(|| msg!("api-legacy-accounts-only"))
    }

    /// Why the operation cannot run on the partner's own customers (`resellers_customers`
    /// false) or on a reseller's in this API mode, if it cannot.
    pub fn unsupported_for(self, api: ApiMode, resellers_customers: bool) -> Option<Message> {
        self.unsupported_by(api).or_else(|| {
            resellers_customers
                .then(|| api.resellers_customers_unsupported())
                .flatten()
        })
    }

    /// Whether the operation applies to a customer: reseller-model, not restricted by its
    /// reseller itself, and in the state the operation starts from. When BSS said "frozen" without a level the dashboard could
    /// confirm, either unfreeze applies: BSS itself refuses the wrong one.
    pub fn applies_to_customer(self, customer: &CustomerRow) -> bool {
        if customer.association_type != AssociationType::Reseller || customer.managed_by_reseller {
            return false;
        }
        match customer.state {
            CustomerState::Frozen(_) if !customer.level_confirmed => !self.is_freeze(),
            state => self.applies_to() == state,
        }
    }

    /// The operations a customer's row offers.
    pub fn offered_for(customer: &CustomerRow) -> Vec<Self> {
        Self::ALL
            .into_iter()
            .filter(|op| op.applies_to_customer(customer))
            .collect()
    }
}

/// Why the distributor cannot restrict the customers of a reseller that holds the
/// permission itself; `customers` names them.
pub fn managed_by_reseller_sentence(customers: &str) -> Message {
    msg!("operation-managed-by-reseller", customers = customers)
}

/// Most customers one operation may carry; larger selections are refused, not cut.
pub const MAX_CUSTOMERS_PER_OPERATION: usize = 5_000;

/// What happened to one customer of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ItemResult {
    /// BSS has not answered yet.
    Pending,
    Succeeded,
    Failed,
    /// Found pending after a crash; BSS shows the operation took effect.
    Applied,
    /// Found pending after a crash; BSS shows the operation did not take effect.
    NotApplied,
}

impl ItemResult {
    pub const ALL: [Self; 5] = [
        Self::Pending,
        Self::Succeeded,
        Self::Failed,
        Self::Applied,
        Self::NotApplied,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Applied => "applied",
            Self::NotApplied => "not_applied",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|result| result.key() == key)
    }

    pub fn label(self) -> Message {
        match self {
            Self::Pending => msg!("result-pending"),
            Self::Succeeded => msg!("result-succeeded"),
            Self::Failed => msg!("result-failed"),
            Self::Applied => msg!("result-applied"),
            Self::NotApplied => msg!("result-not-applied"),
        }
    }

    /// Whether the customer ended in the state the operation aimed for.
    pub fn took_effect(self) -> bool {
        matches!(self, Self::Succeeded | Self::Applied)
    }

    pub fn is_final(self) -> bool {
        self != Self::Pending
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemOutcome {
    pub customer_id: String,
    pub customer_name: String,
    pub result: ItemResult,
    pub error_code: Option<String>,
    /// BSS's own text with `error_code`, or the note reconciliation left (which has no code).
    pub error_msg: Option<String>,
    pub request_id: Option<String>,
}

impl ItemOutcome {
    pub fn message(&self) -> Option<Message> {
        result_message(self.error_code.as_deref(), self.error_msg.as_deref())
    }
}

/// What staff read about a customer's result: a BSS code as a sentence (see `bss_codes`),
/// or the note reconciliation left (which has no code).
pub fn result_message(error_code: Option<&str>, error_msg: Option<&str>) -> Option<Message> {
    match error_code {
        Some(code) => Some(crate::bss_codes::describe(
            code,
            error_msg.unwrap_or_default(),
        )),
        None => error_msg.map(|note| msg!("text-as-is", text = note)),
    }
}

/// An operation record as pages show it: progress while it runs, then per-customer results.
/// Who ran which operation, when and why: what every view of a record starts with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordHeader {
    pub record_id: i64,
    pub operation: crate::record::RecordKind,
    /// The label set staff worked in when they ran it, which names the operation.
    pub label_set: LabelSet,
    pub created_at: String,
    pub finished_at: Option<String>,
    pub staff_email: String,
    pub reason: String,
    pub code_verified: bool,
}

impl RecordHeader {
    /// The operation's name in the label set it ran with, in the reader's language.
    pub fn operation_name(&self) -> Message {
        self.operation.label(self.label_set)
    }

    /// Whether the operation asked for a verification code.
    pub fn code_check(&self) -> Message {
        if self.code_verified {
            msg!("records-code-verified")
        } else {
            msg!("records-code-not-required")
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationReport {
    pub header: RecordHeader,
    /// The reseller whose customers these are; `None` for the partner's own.
    pub reseller_id: Option<String>,
    /// `v2` or `v1` (the legacy freeze API).
    pub api_version: String,
    /// What a budget change set.
    pub budget: Option<crate::budget::BudgetChange>,
    /// The record whose failed customers this one retried.
    pub retry_of: Option<i64>,
    pub items: Vec<ItemOutcome>,
}

impl OperationReport {
    /// The console's message for full success, in the label set the operation ran with.
    pub fn success_message(&self) -> Message {
        self.header.operation.success_message(self.header.label_set)
    }

    pub fn total(&self) -> usize {
        self.items.len()
    }

    pub fn done(&self) -> usize {
        self.items
            .iter()
            .filter(|item| item.result.is_final())
            .count()
    }

    pub fn succeeded(&self) -> usize {
        self.items
            .iter()
            .filter(|item| item.result.took_effect())
            .count()
    }

    pub fn failed(&self) -> usize {
        self.items
            .iter()
            .filter(|item| matches!(item.result, ItemResult::Failed | ItemResult::NotApplied))
            .count()
    }

    pub fn is_finished(&self) -> bool {
        self.header.finished_at.is_some()
    }

    /// Progress as a whole percentage, for the progress bar.
    pub fn percent(&self) -> usize {
        (self.done() * 100).checked_div(self.total()).unwrap_or(100)
    }
}

/// What a verification code can be asked for: every operation that lifts or sets a
/// restriction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CodeOperation {
    Operation(Operation),
    /// Set Budget with "also unrestrict purchase" (BSS `cancel_partner_frozen`).
    BudgetUnrestrict,
}

impl CodeOperation {
    /// The name Get Code is asked with; the freeze operations keep their own slugs.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Operation(operation) => operation.slug(),
            Self::BudgetUnrestrict => "set-budget-unrestrict",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Operation::from_slug(slug)
            .map(Self::Operation)
            .or_else(|| (slug == Self::BudgetUnrestrict.slug()).then_some(Self::BudgetUnrestrict))
    }

    /// What a code for this operation on `customer_ids` is bound to.
    pub fn purpose(self, customer_ids: &[String]) -> String {
        code_purpose(self.slug(), customer_ids)
    }
}

/// What a verification code is bound to: the operation and the exact set of customers, in
/// a form that does not depend on the order in which they were selected.
pub fn code_purpose(operation: &str, customer_ids: &[String]) -> String {
    let mut ids: Vec<&str> = customer_ids.iter().map(String::as_str).collect();
    ids.sort_unstable();
    ids.dedup();
    format!("{operation}:{}", ids.join(","))
}

/// Checks a reason as staff typed it: surrounding white space is dropped, and what is left
/// must be 1 to 256 characters (not bytes) without control characters other than line breaks
/// (a CRLF counts, and is kept, as one) and without invisible format characters.
pub fn validate_reason(reason: &str) -> Result<String, Message> {
    // Browsers post a textarea's line breaks as CRLF; staff typed (and counted) one
    // character per line break.
    let reason = reason.replace("\r\n", "\n");
    let reason = reason.trim();
    let length = reason.chars().count();
    if length == 0 {
        return Err(msg!("reason-empty"));
    }
    if length > MAX_REASON_CHARS {
        return Err(msg!(
            "reason-too-long",
            length = length,
            max = MAX_REASON_CHARS
        ));
    }
    if reason
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(msg!(
            "input-control-characters",
            what = msg!("field-reason")
        ));
    }
    crate::input::check_visible(msg!("field-reason"), reason)?;
    Ok(reason.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip() {
        for op in Operation::ALL {
            assert_eq!(Operation::from_slug(op.slug()), Some(op));
        }
        assert_eq!(Operation::from_slug("delete-account"), None);
    }

    fn customer(
        association: AssociationType,
        state: CustomerState,
        confirmed: bool,
    ) -> CustomerRow {
        CustomerRow {
            customer_id: "c".into(),
            reseller_id: None,
            customer: String::new(),
            account_name: "acct".into(),
            association_type: association,
            associated_on: String::new(),
            label: String::new(),
            account_managers: String::new(),
            state,
            level_confirmed: confirmed,
            contact: Default::default(),
            budget: None,
            managed_by_reseller: false,
        }
    }

    #[test]
    fn a_customer_its_reseller_restricts_itself_is_offered_nothing() {
        for state in CustomerState::ALL {
            let mut row = customer(AssociationType::Reseller, state, true);
            row.managed_by_reseller = true;
            assert!(Operation::offered_for(&row).is_empty(), "{state:?}");
        }
    }

    #[test]
    fn each_state_of_a_reseller_customer_offers_its_own_operations() {
        use CustomerState::*;
        use FreezeLevel::*;
        let offered =
            |state| Operation::offered_for(&customer(AssociationType::Reseller, state, true));
        assert_eq!(
            offered(Active),
            [
                Operation::FreezeAccount,
                Operation::FreezeAccountAndResources
            ]
        );
        assert_eq!(offered(Frozen(Account)), [Operation::UnfreezeAccount]);
        assert_eq!(
            offered(Frozen(AccountAndResource)),
            [Operation::UnfreezeAccountAndResources]
        );
    }

    #[test]
    fn a_frozen_customer_of_unknown_level_offers_both_unfreezes() {
        let row = customer(
            AssociationType::Reseller,
            CustomerState::Frozen(FreezeLevel::Account),
            false,
        );
        assert_eq!(
            Operation::offered_for(&row),
            [
                Operation::UnfreezeAccount,
                Operation::UnfreezeAccountAndResources
            ]
        );
    }

    #[test]
    fn referral_customers_offer_no_freeze_operations() {
        for state in CustomerState::ALL {
            let row = customer(AssociationType::Referral, state, true);
            assert!(Operation::offered_for(&row).is_empty());
        }
    }

    #[test]
    fn every_operation_moves_from_its_state_to_another() {
        for op in Operation::ALL {
            assert_ne!(op.applies_to(), op.result_state(), "{op:?}");
        }
    }

    #[test]
    fn labels_and_messages_differ_between_label_sets() {
        for op in Operation::ALL {
            assert_ne!(op.label(LabelSet::Current), op.label(LabelSet::Classic));
            assert_ne!(
                op.success_message(LabelSet::Current),
                op.success_message(LabelSet::Classic)
            );
        }
        assert_eq!(
            Operation::FreezeAccount.success_message(LabelSet::Classic),
            msg!("operation-freeze-account-done")
        );
    }

    #[test]
    fn legacy_api_supports_account_level_only() {
        assert!(Operation::FreezeAccount
            .unsupported_by(ApiMode::V1Legacy)
            .is_none());
        assert!(Operation::UnfreezeAccountAndResources
            .unsupported_by(ApiMode::V1Legacy)
            .is_some());
        assert!(Operation::ALL
            .iter()
            .all(|op| op.unsupported_by(ApiMode::V2).is_none()));
    }

    #[test]
    fn legacy_api_cannot_reach_resellers_customers() {
        assert!(Operation::FreezeAccount
            .unsupported_for(ApiMode::V1Legacy, false)
            .is_none());
        assert!(Operation::FreezeAccount
            .unsupported_for(ApiMode::V1Legacy, true)
            .is_some_and(|why| why.to_string().contains("resellers' customers")));
        assert!(Operation::ALL
            .iter()
            .all(|op| op.unsupported_for(ApiMode::V2, true).is_none()));
    }

    #[test]
    fn a_code_operation_is_named_by_its_slug() {
        for operation in Operation::ALL
            .map(CodeOperation::Operation)
            .into_iter()
            .chain([CodeOperation::BudgetUnrestrict])
        {
            assert_eq!(CodeOperation::from_slug(operation.slug()), Some(operation));
        }
        assert_eq!(CodeOperation::from_slug("set-budget"), None);
    }

    #[test]
    fn code_purpose_ignores_selection_order_but_not_the_set() {
        let ids = |list: &[&str]| list.iter().map(|id| id.to_string()).collect::<Vec<_>>();
        let slug = Operation::FreezeAccount.slug();
        assert_eq!(
            code_purpose(slug, &ids(&["b", "a"])),
            code_purpose(slug, &ids(&["a", "b", "a"]))
        );
        assert_ne!(
            code_purpose(slug, &ids(&["a"])),
            code_purpose(slug, &ids(&["a", "b"]))
        );
        assert_ne!(
            code_purpose(slug, &ids(&["a"])),
            code_purpose(Operation::UnfreezeAccount.slug(), &ids(&["a"]))
        );
    }

    #[test]
    fn reason_length_is_counted_in_characters() {
        let multibyte = "冻".repeat(256);
        assert_eq!(validate_reason(&multibyte).unwrap(), multibyte);
        assert!(validate_reason(&"冻".repeat(257))
            .unwrap_err()
            .to_string()
            .contains("257 characters"));
        assert_eq!(validate_reason(&"a".repeat(256)).unwrap().len(), 256);
        // 128 lines as a browser posts them: CRLF counts as the one character typed.
        let lines = vec!["a"; 128].join("\r\n") + "b";
        assert_eq!(lines.chars().count(), 383);
        assert_eq!(validate_reason(&lines).unwrap().chars().count(), 256);
    }

    #[test]
    fn empty_and_control_character_reasons_are_refused() {
        assert_eq!(
            validate_reason("").unwrap_err().to_string(),
            "Enter a reason."
        );
        assert_eq!(
            validate_reason(" \n\t ").unwrap_err().to_string(),
            "Enter a reason."
        );
        assert!(validate_reason("late\u{0}payment").is_err());
        assert!(validate_reason("Arrears \u{202E}gnp.exe").is_err());
        assert!(validate_reason("\u{200B}").is_err());
        assert_eq!(
            validate_reason("  Arrears\nsince May ").unwrap(),
            "Arrears\nsince May"
        );
    }
}
