//! The optional columns of the customer table, which each staff member chooses. Customer,
//! Status and Operation are always shown: without them a row says nothing or does nothing.

use i18n::{msg, Message};
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// A column the table may leave out. The keys are stored, so a key never changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CustomerColumn {
    AccountName,
    CustomerId,
    AssociationType,
    AssociatedOn,
    Label,
    AccountManager,
    Contact,
    BudgetUsage,
}

impl CustomerColumn {
    /// In the order the table shows them.
    pub const ALL: [Self; 8] = [
        Self::AccountName,
        Self::CustomerId,
        Self::AssociationType,
        Self::AssociatedOn,
        Self::Label,
        Self::AccountManager,
        Self::Contact,
        Self::BudgetUsage,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::AccountName => "account_name",
            Self::CustomerId => "customer_id",
            Self::AssociationType => "association_type",
            Self::AssociatedOn => "associated_on",
            Self::Label => "label",
            Self::AccountManager => "account_manager",
            Self::Contact => "contact",
            Self::BudgetUsage => "budget_usage",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|column| column.key() == key)
    }

    pub fn label(self) -> Message {
        match self {
            Self::AccountName => msg!("column-account-name"),
            Self::CustomerId => msg!("column-customer-id"),
            Self::AssociationType => msg!("column-association-type"),
            Self::AssociatedOn => msg!("column-associated-on"),
            Self::Label => msg!("column-label"),
            Self::AccountManager => msg!("column-account-manager"),
            Self::Contact => msg!("column-contact"),
            Self::BudgetUsage => msg!("column-budget-usage"),
        }
    }
}

/// The optional columns a staff member shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerColumns(BTreeSet<CustomerColumn>);

impl Default for CustomerColumns {
    /// Partner Center's own columns and Budget Usage, less Label (most partners leave it
    /// empty) and Contact (masked values a laptop-width table has no room for): a member who
    /// never chose sees the console's table, narrow enough for the Operation column to stay
    /// in view.
    fn default() -> Self {
        Self(
            CustomerColumn::ALL
                .into_iter()
                .filter(|column| !matches!(column, CustomerColumn::Label | CustomerColumn::Contact))
                .collect(),
        )
    }
}

impl CustomerColumns {
    pub fn new(columns: impl IntoIterator<Item = CustomerColumn>) -> Self {
        Self(columns.into_iter().collect())
    }

    /// The columns named by `keys`; any key that names no column refuses the whole choice.
    pub fn from_keys<'a>(keys: impl IntoIterator<Item = &'a str>) -> Result<Self, Message> {
        keys.into_iter()
            .map(|key| CustomerColumn::from_key(key).ok_or_else(|| msg!("list-columns-unknown")))
            .collect::<Result<_, _>>()
            .map(Self)
    }

    pub fn shows(&self, column: CustomerColumn) -> bool {
        self.0.contains(&column)
    }

    /// The chosen columns in table order.
    pub fn iter(&self) -> impl Iterator<Item = CustomerColumn> + '_ {
        self.0.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for column in CustomerColumn::ALL {
            assert_eq!(CustomerColumn::from_key(column.key()), Some(column));
        }
        assert_eq!(CustomerColumn::from_key("status"), None);
    }

    #[test]
    fn an_unknown_key_refuses_the_whole_choice() {
        assert!(CustomerColumns::from_keys(["label", "status"]).is_err());
        assert!(CustomerColumns::from_keys([""]).is_err());
        assert_eq!(
            CustomerColumns::from_keys(["label", "label"]),
            Ok(CustomerColumns::new([CustomerColumn::Label]))
        );
    }

    #[test]
    fn the_default_leaves_out_label_and_contact() {
        let default = CustomerColumns::default();
        assert!(!default.shows(CustomerColumn::Label));
        assert!(!default.shows(CustomerColumn::Contact));
        assert!(default.shows(CustomerColumn::AccountName));
        assert_eq!(default.iter().count(), CustomerColumn::ALL.len() - 2);
    }
}
