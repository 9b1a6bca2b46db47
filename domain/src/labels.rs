//! The two vocabularies of the console: today's "Restrict Purchase" wording and the
//! classic "Freeze Account" wording. Both name the same BSS operations.

use i18n::{msg, Message};
use serde::{Deserialize, Serialize};

use crate::customer::{CustomerState, FreezeLevel};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LabelSet {
    #[default]
    Current,
    Classic,
}

impl LabelSet {
    /// Parses the configuration value (`current` or `classic`, any case).
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "current" => Some(Self::Current),
            "classic" => Some(Self::Classic),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Current => "current",
            Self::Classic => "classic",
        }
    }

    /// The label set's name, with its word for restricting purchases, as settings and
    /// records show it.
    pub fn label(self) -> Message {
        match self {
            Self::Current => msg!("label-set-current"),
            Self::Classic => msg!("label-set-classic"),
        }
    }

    /// The status column's text for a state.
    pub fn state_label(self, state: CustomerState) -> Message {
        match (self, state) {
            (_, CustomerState::Active) => msg!("state-normal"),
            (Self::Current, CustomerState::Frozen(FreezeLevel::Account)) => {
                msg!("state-purchase-restricted")
            }
            (Self::Current, CustomerState::Frozen(FreezeLevel::AccountAndResource)) => {
                msg!("state-purchase-restricted-resources-frozen")
            }
            (Self::Classic, CustomerState::Frozen(FreezeLevel::Account)) => {
                msg!("state-account-frozen")
            }
            (Self::Classic, CustomerState::Frozen(FreezeLevel::AccountAndResource)) => {
                msg!("state-account-and-resources-frozen")
            }
        }
    }
}

/// What a customer can and cannot do in a state, the same in both vocabularies.
pub fn state_explanation(state: CustomerState) -> Message {
    match state {
        CustomerState::Active => msg!("state-explanation-normal"),
        CustomerState::Frozen(FreezeLevel::Account) => {
            msg!("state-explanation-account")
        }
        CustomerState::Frozen(FreezeLevel::AccountAndResource) => {
            msg!("state-explanation-account-and-resource")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATES: [CustomerState; 3] = [
        CustomerState::Active,
        CustomerState::Frozen(FreezeLevel::Account),
        CustomerState::Frozen(FreezeLevel::AccountAndResource),
    ];

    #[test]
    fn every_state_has_a_distinct_label_in_each_set_and_language() {
        for set in [LabelSet::Current, LabelSet::Classic] {
            for language in i18n::Language::ALL {
                let labels: std::collections::HashSet<_> = STATES
                    .iter()
                    .map(|&s| set.state_label(s).render(language))
                    .collect();
                assert_eq!(labels.len(), STATES.len(), "{set:?} {language}");
            }
        }
    }

    #[test]
    fn classic_and_current_differ_only_for_frozen_states() {
        for state in STATES {
            let same = LabelSet::Current.state_label(state) == LabelSet::Classic.state_label(state);
            assert_eq!(same, state == CustomerState::Active);
        }
    }

    #[test]
    fn parses_configuration_values() {
        assert_eq!(LabelSet::parse(" Classic "), Some(LabelSet::Classic));
        assert_eq!(LabelSet::parse("current"), Some(LabelSet::Current));
        assert_eq!(LabelSet::parse("modern"), None);
    }
}
