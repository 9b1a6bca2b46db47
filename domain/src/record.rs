//! The kind of an operation record: one of the freeze operations, or a budget change. Its
//! slug is what `operation_records.operation` stores and what URLs and filters carry.

use i18n::{msg, Message};
use serde::{Deserialize, Serialize};

use crate::labels::LabelSet;
use crate::operation::Operation;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RecordKind {
    Freeze(Operation),
    SetBudget,
}

impl RecordKind {
    /// Every kind, in the order the records filter offers them.
    pub const ALL: [Self; 5] = [
        Self::Freeze(Operation::ALL[0]),
        Self::Freeze(Operation::ALL[1]),
        Self::Freeze(Operation::ALL[2]),
        Self::Freeze(Operation::ALL[3]),
        Self::SetBudget,
    ];

    /// The stored text: the operation's slug, or `set-budget`.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Freeze(operation) => operation.slug(),
            Self::SetBudget => "set-budget",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.slug() == slug)
    }

    pub fn label(self, labels: LabelSet) -> Message {
        match self {
            Self::Freeze(operation) => operation.label(labels),
            Self::SetBudget => msg!("operation-set-budget"),
        }
    }

    /// What the record's page says when the change took effect for every customer.
    pub fn success_message(self, labels: LabelSet) -> Message {
        match self {
            Self::Freeze(operation) => operation.success_message(labels),
            Self::SetBudget => msg!("operation-set-budget-done"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_slug() {
        assert_eq!(RecordKind::ALL.len(), Operation::ALL.len() + 1);
        for kind in RecordKind::ALL {
            assert_eq!(RecordKind::from_slug(kind.slug()), Some(kind), "{kind:?}");
        }
        assert_eq!(RecordKind::from_slug("drop-table"), None);
    }
}
