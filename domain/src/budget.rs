//! Set Budget: a reseller-model customer's spending budget, optionally lifting a
//! purchase restriction at the same time (BSS `cancel_partner_frozen`).

use i18n::{msg, Message};
use serde::{Deserialize, Serialize};

/// The largest budget BSS accepts.
pub const MAX_BUDGET: f64 = 2_147_483_647.0;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BudgetType {
    /// Renews every month.
    #[default]
    Monthly,
    /// A one-off amount.
    Package,
}

impl BudgetType {
    pub const ALL: [Self; 2] = [Self::Monthly, Self::Package];

    pub fn key(self) -> &'static str {
        match self {
            Self::Monthly => "monthly",
            Self::Package => "package",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.key() == key)
    }

    pub fn label(self) -> Message {
        match self {
            Self::Monthly => msg!("budget-type-monthly"),
            Self::Package => msg!("budget-type-package"),
        }
    }
}

/// A budget change as its operation record keeps it (the record's `details`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetChange {
    /// With two decimals, e.g. `1500.00`: text, so no binary fraction is ever stored.
    pub budget_amount: String,
    pub budget_type: BudgetType,
    /// The purchase restriction was lifted at the same time.
    pub also_unfreeze: bool,
}

impl BudgetChange {
    pub fn new(cents: u64, budget_type: BudgetType, also_unfreeze: bool) -> Self {
        Self {
            budget_amount: amount_text(cents),
            budget_type,
            also_unfreeze,
        }
    }

    /// The amount in cents; `None` if the stored text is not an amount.
    pub fn cents(&self) -> Option<u64> {
        parse_amount(&self.budget_amount).ok()
    }

    /// "1500.00 (Monthly)", as records and timelines show it.
    pub fn describe(&self) -> Message {
        let budget_type = self.budget_type.label();
        if self.also_unfreeze {
            msg!(
                "budget-change-lifting-restriction",
                amount = self.budget_amount.as_str(),
                budget_type = budget_type
            )
        } else {
            msg!(
                "budget-change",
                amount = self.budget_amount.as_str(),
                budget_type = budget_type
            )
        }
    }
}

/// A customer's budget as BSS reports it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentBudget {
    pub amount: Option<f64>,
    pub used: Option<f64>,
    pub currency: String,
    pub budget_type: Option<BudgetType>,
}

/// A customer's budget and what of it is spent, as the mirror last read them from BSS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetUsage {
    pub budget_cents: u64,
    pub used_cents: u64,
    pub currency: String,
}

impl BudgetUsage {
    /// The share of the budget spent, in whole percent rounded down (a budget of 0 is
    /// spent whole); may pass 100 when spending overran the budget.
    pub fn percent_used(&self) -> u64 {
        match self.budget_cents {
            0 => 100,
            budget => self.used_cents.saturating_mul(100) / budget,
        }
    }

    /// Whether at least `percent` of the budget is spent, in whole cents; a budget of 0 is
    /// spent whole. The list's filter asks the same in SQL (`services::customers`).
    pub fn used_at_least(&self, percent: u16) -> bool {
        self.budget_cents == 0
            || self.used_cents.saturating_mul(100) >= u64::from(percent) * self.budget_cents
    }

    /// "125.50 / 1500.00": spent of the budget, in its currency.
    pub fn amounts(&self) -> String {
        format!(
            "{} / {}",
            amount_text(self.used_cents),
            amount_text(self.budget_cents)
        )
    }
}

/// The largest "budget used at least N %" the list filters by: spending can overrun a
/// budget, but not by more than this is worth asking for.
pub const MAX_USED_PERCENT_FILTER: u16 = 1_000;

/// Reads an amount as typed: a positive number of at most two decimals, no larger than
/// BSS allows. Returns it in cents, so no binary fraction is ever rounded.
pub fn parse_amount(text: &str) -> Result<u64, Message> {
    let text = text.trim();
    let invalid = || msg!("budget-amount-malformed", text = crate::input::shown(text));
    if text.is_empty() {
        return Err(msg!("budget-amount-empty"));
    }
    let (units, cents) = match text.split_once('.') {
        Some((_, "")) => return Err(invalid()),
        Some(parts) => parts,
        None => (text, ""),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(units) || !(cents.is_empty() || digits(cents)) {
        return Err(invalid());
    }
    if cents.len() > 2 {
        return Err(msg!("budget-amount-decimals"));
    }
    let units: u64 = units.parse().map_err(|_| invalid())?;
    let cents: u64 = format!("{cents:0<2}").parse().map_err(|_| invalid())?;
    let total = units
        .checked_mul(100)
        .and_then(|u| u.checked_add(cents))
        .ok_or_else(invalid)?;
    if total == 0 {
        return Err(msg!("budget-amount-zero"));
    }
    if total > MAX_BUDGET as u64 * 100 {
        return Err(msg!(
            "budget-amount-too-high",
            max = format!("{MAX_BUDGET:.0}")
        ));
    }
    Ok(total)
}

/// Cents as staff read an amount: with two decimals, e.g. `1500.00`.
pub fn amount_text(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// Cents as BSS's decimal amount.
pub fn amount_from_cents(cents: u64) -> f64 {
    cents as f64 / 100.0
}

/// BSS's decimal amount in cents, rounded to the nearest cent; `None` if it is not an amount.
pub fn cents_from_amount(amount: f64) -> Option<u64> {
    let cents = (amount * 100.0).round();
    (0.0..=MAX_BUDGET * 100.0)
        .contains(&cents)
        .then_some(cents as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use i18n::Language;

    #[test]
    fn usage_is_a_whole_percent_of_the_budget() {
        let usage = |budget_cents, used_cents| BudgetUsage {
            budget_cents,
            used_cents,
            currency: "USD".to_owned(),
        };
        assert_eq!(usage(150_000, 12_550).percent_used(), 8);
        assert_eq!(usage(150_000, 12_550).amounts(), "125.50 / 1500.00");
        assert_eq!(usage(10_000, 9_999).percent_used(), 99);
        assert_eq!(usage(10_000, 25_000).percent_used(), 250);
        assert_eq!(usage(0, 0).percent_used(), 100);
    }

    #[test]
    fn amounts_with_up_to_two_decimals_are_read_exactly() {
        assert_eq!(parse_amount("1500"), Ok(150_000));
        assert_eq!(parse_amount(" 0.5 "), Ok(50));
        assert_eq!(parse_amount("12.34"), Ok(1_234));
        assert_eq!(parse_amount("2147483647"), Ok(214_748_364_700));
    }

    #[test]
    fn bad_amounts_are_refused_with_a_reason() {
        assert_eq!(
            parse_amount("").unwrap_err().to_string(),
            "Enter a budget amount."
        );
        assert!(parse_amount("0")
            .unwrap_err()
            .to_string()
            .contains("more than 0"));
        assert!(parse_amount("0.00")
            .unwrap_err()
            .to_string()
            .contains("more than 0"));
        assert!(parse_amount("1.234")
            .unwrap_err()
            .to_string()
            .contains("two decimals"));
        assert!(parse_amount("2147483647.01")
            .unwrap_err()
            .to_string()
            .contains("at most"));
        for hostile in ["-5", "1e3", "12,50", "NaN", "１２", "5.", ".5", "1 000"] {
            assert!(parse_amount(hostile).is_err(), "{hostile}");
        }
    }

    #[test]
    fn a_change_keeps_its_amount_exactly() {
        let change = BudgetChange::new(150_050, BudgetType::Package, true);
        assert_eq!(change.budget_amount, "1500.50");
        assert_eq!(change.cents(), Some(150_050));
        assert_eq!(
            change.describe().render(Language::En),
            "1500.50 (One-off (package)), purchase restriction lifted"
        );
        assert_eq!(
            change.describe().render(Language::ZhCn),
            "1500.50（一次性预算），已解除限制购买"
        );
        assert_eq!(cents_from_amount(amount_from_cents(150_050)), Some(150_050));
        assert_eq!(cents_from_amount(f64::NAN), None);
        assert_eq!(cents_from_amount(-1.0), None);
    }

    #[test]
    fn budget_type_keys_round_trip() {
        for kind in BudgetType::ALL {
            assert_eq!(BudgetType::from_key(kind.key()), Some(kind));
        }
    }
}
